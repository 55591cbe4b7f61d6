"""Community services: providers with limited places, waiting lists, attendance and progress on needs."""

from __future__ import annotations

import heapq
import math

from scenarios.models import Service

from .care import GROWTH_REFERENCE
from .case import Case
from .family import poisson
from .records import NeedProgress

# a family that misses this many sessions in a row has stopped coming
MISSED_IN_A_ROW = 3
LANGUAGE_BARRIER = 0.3


class Provider:
    """A service whose places other families fill too: a first-come, first-served waiting list.

    At the family's referral every place is taken (each by a family with part of
    its course still to go) and about a week's referrals from other families are
    already waiting. Families referred later queue behind this one and cannot
    change its course, so the week the family gets a place follows from those
    alone: the waiting families take places in turn as they free up, and the
    family takes the next. It is worked out at the referral rather than played
    as simpy requests and releases (the same draws and the same week as a
    ``simpy.Resource`` holding the other families, without their events).
    """

    def __init__(self, case: Case, service: Service):
        self.service = service
        rng = case.rng[f"service:{service.id}"]
        now, length = case.env.now, service.length_weeks
        # each place frees up when its family's course ends
        free = [now + rng.uniform(0, length) for _ in range(service.places)]
        heapq.heapify(free)
        waiting = [rng.uniform(0.5, 1.0) * length for _ in range(poisson(rng, service.other_families_per_week))]
        for weeks in waiting:  # in turn, each waiting family takes the next place to free up
            heapq.heappush(free, heapq.heappop(free) + weeks)
        self.waiting = len(waiting)  # families ahead of this one on the list
        self.place_free_at = free[0]  # the week the family's place frees up


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
    rng = case.rng[f"service:{service_id}"]  # the provider's draws at the referral come first (one stream a service)
    outcomes = case.result.outcomes
    record = case.record
    asked = case.env.now
    if record:
        case.log("service", f"Referred to {service.name}", f"{provider.waiting} families already waiting")
    sessions, completed, waited = 0, False, 0.0
    progress = case.need_progress.setdefault(service.need, 0.0)
    yield case.env.timeout(provider.place_free_at - asked)  # on the waiting list until a place frees up
    waited = case.env.now - asked
    outcomes.weeks_waiting_for_service += round(waited, 3)
    outcomes.services_accepted += 1
    if record:
        case.log("service", f"Started {service.name}", f"after {waited:.1f} weeks on the waiting list")
    missed_in_a_row = 0
    p = case.params
    timeout, random = case.env.timeout, rng.random
    exp, session_shrink = math.exp, -0.03 / (1.0 - GROWTH_REFERENCE)  # care.grow(capacity, 0.03 * fit)
    length, need, own_fit = service.length_weeks, service.need, service.fit
    # the barrier (see barrier()) without the family's own part, which decisions may change
    provider_barrier = service.access_barrier
    language = bool(service.languages) and case.scenario.family.home_language not in service.languages
    for _ in range(length):
        yield timeout(1)
        fit = own_fit if own_fit is not None else p["service_fit"]
        obstacles = p["access_barriers"] + provider_barrier
        if language:
            obstacles += LANGUAGE_BARRIER
        obstacles = 1.0 if obstacles > 1.0 else obstacles
        chance = 0.15 + 0.8 * p["engagement"] * (1.0 - 0.6 * obstacles) * (0.7 + 0.3 * fit)
        if random() < chance:
            missed_in_a_row = 0
            sessions += 1
            outcomes.sessions_attended += 1
            # progress on the need follows the dose received and how well the service fits it
            progress = progress + fit / length
            progress = case.need_progress[need] = 1.0 if progress > 1.0 else progress
            # each session builds capacity, with diminishing returns (care.grow, inlined: it never reaches
            # certainty)
            if fit > 0.0:
                p["protective_capacity"] = 1.0 - (1.0 - p["protective_capacity"]) * exp(fit * session_shrink)
            stress = case.stress_now - 0.01 * fit
            case.stress_now = 0.0 if stress < 0.0 else stress
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
