"""Community services: providers with limited places, waiting lists, attendance and progress on needs."""

from __future__ import annotations

import simpy

from scenarios.models import Service

from .case import Case
from .family import poisson
from .records import NeedProgress

# a family that misses this many sessions in a row has stopped coming
MISSED_IN_A_ROW = 3
LANGUAGE_BARRIER = 0.3


class Provider:
    """A service as a simpy Resource whose places other families fill too.

    The provider is simulated only while it matters to the case: from the
    family's referral (when it is full, with about a week's referrals already
    waiting) until the family gets a place (later arrivals queue behind it and
    cannot change its course). Other families hold a place through request and
    release events rather than a process each, which keeps the event count low.
    """

    def __init__(self, case: Case, service: Service):
        self.env = case.env
        self.service = service
        self.resource = simpy.Resource(case.env, capacity=service.places)
        self.rng = case.rng[f"service:{service.id}"]
        self.active = True
        length = service.length_weeks
        for _ in range(service.places):
            self._other_family(self.rng.uniform(0, length))
        for _ in range(poisson(self.rng, service.other_families_per_week)):
            self._other_family(self.rng.uniform(0.5, 1.0) * length)
        if service.other_families_per_week > 0:
            case.env.process(self._arrivals())

    def _other_family(self, weeks: float) -> None:
        env, resource = self.env, self.resource
        request = resource.request()

        def leave(_event) -> None:
            resource.release(request)

        def start(_event) -> None:
            env.timeout(weeks).callbacks.append(leave)

        request.callbacks.append(start)

    def _arrivals(self):
        service, rng = self.service, self.rng
        while self.active:
            yield self.env.timeout(rng.expovariate(service.other_families_per_week))
            if self.active:
                self._other_family(rng.uniform(0.5, 1.0) * service.length_weeks)


def barrier(case: Case, service: Service) -> float:
    """Obstacles to attending this service: the family's own, the provider's, and language."""
    value = case.params["access_barriers"] + service.access_barrier
    if service.languages and case.scenario.family.home_language not in service.languages:
        value += LANGUAGE_BARRIER
    return min(1.0, value)


def attend(case: Case, service_id: str):
    """Process: the family waits for a place, then attends weekly sessions (or drops out)."""
    service = next(s for s in case.scenario.services if s.id == service_id)
    provider = case.services[service_id] = Provider(case, service)
    resource = provider.resource
    rng = case.rng[f"attend:{service_id}"]
    outcomes = case.result.outcomes
    asked = case.now
    case.log("service", f"Referred to {service.name}", f"{len(resource.queue)} families already waiting")
    sessions, completed, waited = 0, False, 0.0
    progress = case.need_progress.setdefault(service.need, 0.0)
    with resource.request() as slot:
        yield slot
        provider.active = False
        waited = case.now - asked
        outcomes.weeks_waiting_for_service += round(waited, 3)
        outcomes.services_accepted += 1
        case.log("service", f"Started {service.name}", f"after {waited:.1f} weeks on the waiting list")
        missed_in_a_row = 0
        p = case.params
        for _ in range(service.length_weeks):
            yield case.env.timeout(1)
            fit = service.fit if service.fit is not None else p["service_fit"]
            chance = 0.15 + 0.8 * p["engagement"] * (1.0 - 0.6 * barrier(case, service)) * (0.7 + 0.3 * fit)
            if rng.random() < chance:
                missed_in_a_row = 0
                sessions += 1
                outcomes.sessions_attended += 1
                # progress on the need follows the dose received and how well the service fits it
                progress = case.need_progress[service.need] = min(1.0, progress + fit / service.length_weeks)
                case.nudge("protective_capacity", 0.03 * fit)
                case.stress_now = max(0.0, case.stress_now - 0.01 * fit)
            else:
                missed_in_a_row += 1
                if missed_in_a_row == MISSED_IN_A_ROW:
                    case.log("service", f"Stopped attending {service.name}", "three sessions missed in a row")
                    break
        else:
            completed = True
            case.log("service", f"Completed {service.name}")
    case.result.needs.append(NeedProgress(service.id, service.need, round(waited, 3), sessions, completed,
                                          round(progress, 4)))
