"""Family life week by week: stressors, stress, and maltreatment risk as a hazard."""

from __future__ import annotations

import math

from .case import Case
from .records import WeeklyState


def poisson(rng, mean: float) -> int:
    """A Poisson draw (Knuth's method; means here are small)."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def weekly_hazard(case: Case) -> float:
    """Chance of a maltreatment incident this week, given the family's situation.

    Stress raises it; the caregivers' protective capacity and a safety plan that
    people actually carry lower it.
    """
    p = case.params
    hazard = p["weekly_risk"] * (0.4 + 1.2 * case.stress_now)
    hazard *= 1.0 - 0.75 * p["protective_capacity"]
    hazard *= 1.0 - 0.7 * case.safety_plan_strength()
    return min(1.0, max(0.0, hazard))


def family_life(case: Case, on_serious_incident):
    """Process: each week, stressors arrive, stress settles, and risk may become harm."""
    rng = case.rng["family"]
    stressors = case.scenario.stressors or ["an unexpected bill"]
    while True:
        p = case.params
        for _ in range(poisson(rng, p["stressor_rate"])):
            case.stress_now = min(1.0, case.stress_now + 0.12 * (1.0 - 0.5 * p["network_support"]))
            text = rng.choice(stressors)
            case.log("stressor", text[:1].upper() + text[1:])
        case.stress_now += 0.25 * (p["stress"] - case.stress_now)
        # engagement slowly turns into capacity: families who take part in the work grow
        case.nudge("protective_capacity", 0.006 * (p["engagement"] - 0.45))
        # plans fade unless people keep them alive; an active network slows the fade
        case.params["safety_plan"] *= 1.0 - 0.02 * (1.0 - 0.7 * p["network_support"])

        hazard = weekly_hazard(case) if case.child_at_home else 0.0
        if case.child_at_home and rng.random() < hazard:
            serious = rng.random() < 0.25 + 0.4 * (1.0 - p["protective_capacity"]) - 0.3 * case.safety_plan_strength()
            outcomes = case.result.outcomes
            outcomes.safety_incidents += 1
            outcomes.serious_incidents += int(serious)
            if not case.open_case:
                outcomes.incidents_after_closure += 1
            case.last_incident_week = case.now
            case.nudge("engagement", -0.05)
            label = "Serious safety incident" if serious else "Safety incident"
            case.log("incident", label, "after the case closed" if not case.open_case else "")
            if serious and case.open_case:
                on_serious_incident()

        case.result.weekly.append(
            WeeklyState(
                week=int(round(case.now)),
                engagement=round(p["engagement"], 4),
                stress=round(case.stress_now, 4),
                protective_capacity=round(p["protective_capacity"], 4),
                safety_plan=round(case.safety_plan_strength(), 4),
                network_support=round(p["network_support"], 4),
                weekly_risk=round(hazard, 5),
                child_at_home=case.child_at_home,
            )
        )
        yield case.env.timeout(1)
