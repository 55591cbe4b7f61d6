"""Community services: providers with limited places, waiting lists, attendance and progress."""

from __future__ import annotations

import simpy

from scenarios.models import Service

from .case import Case
from .family import poisson


def open_services(case: Case) -> None:
    """Create each provider as a simpy Resource, already busy with other families."""
    for service in case.scenario.services:
        resource = simpy.Resource(case.env, capacity=service.places)
        case.services[service.id] = resource
        rng = case.rng[f"service:{service.id}"]
        for _ in range(service.places):
            case.env.process(_other_family(case.env, resource, rng.uniform(0, service.length_weeks)))
        case.env.process(_other_referrals(case, service, resource))


def _other_family(env: simpy.Environment, resource: simpy.Resource, weeks: float):
    with resource.request() as slot:
        yield slot
        yield env.timeout(weeks)


def _other_referrals(case: Case, service: Service, resource: simpy.Resource):
    rng = case.rng[f"service:{service.id}"]
    while True:
        for _ in range(poisson(rng, service.other_families_per_week)):
            case.env.process(_other_family(case.env, resource, rng.uniform(0.5, 1.0) * service.length_weeks))
        yield case.env.timeout(1)


def attend(case: Case, service_id: str):
    """Process: the family waits for a place, then attends weekly sessions (or drops out)."""
    service = next(s for s in case.scenario.services if s.id == service_id)
    resource = case.services[service_id]
    rng = case.rng[f"attend:{service_id}"]
    outcomes = case.result.outcomes
    asked = case.now
    case.log("service", f"Referred to {service.name}", f"{len(resource.queue)} families already waiting")
    with resource.request() as slot:
        yield slot
        waited = case.now - asked
        outcomes.weeks_waiting_for_service += round(waited, 3)
        case.log("service", f"Started {service.name}", f"after {waited:.1f} weeks on the waiting list")
        missed_in_a_row = 0
        for _ in range(service.length_weeks):
            yield case.env.timeout(1)
            p = case.params
            chance = 0.15 + 0.8 * p["engagement"] * (1.0 - 0.6 * p["access_barriers"])
            if rng.random() < chance:
                missed_in_a_row = 0
                outcomes.sessions_attended += 1
                case.nudge("protective_capacity", 0.03 * p["service_fit"])
                case.stress_now = max(0.0, case.stress_now - 0.01 * p["service_fit"])
            else:
                missed_in_a_row += 1
                if missed_in_a_row == 3:
                    case.log("service", f"Stopped attending {service.name}", "three sessions missed in a row")
                    return
        case.log("service", f"Completed {service.name}")
