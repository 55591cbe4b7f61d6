"""The caseworker's contacts with the family: engagement, plan upkeep, reunification and closure."""

from __future__ import annotations

from .case import Case

# the case can close once the family has held steady this long without the agency's help
WEEKS_SAFE_BEFORE_CLOSURE = 12
MIN_WEEKS_OPEN = 16
CAPACITY_TO_CLOSE = 0.6
CAPACITY_TO_REUNIFY = 0.55
MIN_WEEKS_IN_CARE = 6


def contacts(case: Case, reunify):
    """Process: visit every ``contact_interval`` weeks while the case is open."""
    rng = case.rng["caseworker"]
    while case.open_case:
        yield case.env.timeout(case.params["contact_interval"])
        p = case.params
        # each contact pulls engagement toward what the worker's approach earns; even a
        # poor relationship leaves some engagement, since families act for their children too
        target = 0.25 + 0.7 * p["working_relationship"]
        drift = 0.3 * (target - p["engagement"]) + rng.gauss(0.0, 0.03)
        case.nudge("engagement", drift)
        # a visit that reviews the safety plan keeps it alive
        if p["safety_plan"] > 0:
            case.nudge("safety_plan", 0.04 * p["engagement"])
        case.log("contact", "Home visit", f"engagement {p['engagement']:.2f}")

        since_incident = case.now - (case.last_incident_week if case.last_incident_week is not None else -1e9)
        if not case.child_at_home:
            if p["protective_capacity"] >= CAPACITY_TO_REUNIFY and since_incident >= MIN_WEEKS_IN_CARE:
                reunify()
        elif (
            case.decisions_done
            and case.now >= MIN_WEEKS_OPEN
            and p["protective_capacity"] >= CAPACITY_TO_CLOSE
            and since_incident >= WEEKS_SAFE_BEFORE_CLOSURE
        ):
            case.closed_week = case.now
            case.result.outcomes.closed = True
            case.result.outcomes.weeks_to_closure = round(case.now, 3)
            case.log("closure", "Case closed", "the family's own network carries the safety plan forward")
