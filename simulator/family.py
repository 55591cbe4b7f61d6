"""Family life week by week: stressors, stress, and maltreatment risk as a hazard."""

from __future__ import annotations

import math

from scenarios.conditions import holds

from . import care
from .case import Case
from .records import WeeklyState


def poisson(rng, mean: float) -> int:
    """A Poisson draw (Knuth's method; means here are small)."""
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def weekly_hazard(case: Case, plan_strength: float) -> float:
    """Chance of a maltreatment incident this week, given the family's situation (:func:`care.incident_hazard`).

    Stress raises it; the caregivers' protective capacity and a safety plan that
    people actually carry lower it.
    """
    p = case.params
    return care.incident_hazard(p["weekly_risk"], case.stress_now, p["protective_capacity"], plan_strength)


def family_life(case: Case, on_serious_incident):
    """Process: each week, stressors arrive, stress settles, and risk may become harm."""
    rng = case.rng["family"]
    random = rng.random
    stressors = case.scenario.stressors or ["an unexpected bill"]
    texts = [s if isinstance(s, str) else s.text for s in stressors]
    stressor_titles = [t[:1].upper() + t[1:] for t in texts]
    # a stressor with a condition happens only on the paths where it fits (Theo's colic needs Theo at home)
    stressor_when = [None if isinstance(s, str) else s.when for s in stressors]
    conditional = any(w is not None for w in stressor_when)
    logged_week, logged = -1, set()
    p = case.params
    outcomes = case.result.outcomes
    weekly = case.result.weekly
    trace = case.engagement_trace
    record = case.record
    env = case.env
    timeout = env.timeout
    rate, limit = -1.0, 1.0
    exp, shrink = math.exp, -1.0 / (1.0 - care.GROWTH_REFERENCE)  # care.grow's rule
    serious_share = care.serious_share  # the rules at home (care)
    n_stressors = len(stressor_titles)
    while True:
        # stressors arrive as a Poisson number a week (Knuth's method, inlined: this loop runs every week)
        if p["stressor_rate"] != rate:
            rate = p["stressor_rate"]
            limit = math.exp(-rate)
        draw = random()
        while draw > limit:
            i = int(random() * n_stressors)
            draw *= random()
            if conditional and stressor_when[i] is not None and not holds(stressor_when[i], case.state()):
                continue
            if logged_week != env.now:
                logged_week, logged = env.now, set()
            if i in logged:  # the same stressor twice in one week is one stressor
                continue
            logged.add(i)
            case.stress_now = min(1.0, case.stress_now + 0.12 * (1.0 - 0.5 * p["network_support"]))
            case.log("stressor", stressor_titles[i])
        stress = case.stress_now
        stress = case.stress_now = stress + 0.25 * (p["stress"] - stress)
        engagement = p["engagement"]
        # engagement slowly turns into capacity: families who take part in the work grow, with diminishing
        # returns (care.grow, inlined: this loop runs every week; capacity approaches certainty and never
        # reaches it); disengaged families slip
        capacity = p["protective_capacity"]
        gain = 0.006 * (engagement - 0.45)
        if gain > 0.0:
            capacity = 1.0 - (1.0 - capacity) * exp(gain * shrink)
        else:
            capacity += gain
            capacity = 0.0 if capacity < 0.0 else capacity
        p["protective_capacity"] = capacity
        # plans fade unless people keep them alive; an active network slows the fade
        network = p["network_support"]
        plan = p["safety_plan"] = p["safety_plan"] * (1.0 - 0.02 * (1.0 - 0.7 * network))

        at_home = case.child_at_home
        hazard = strength = 0.0
        if at_home or record:
            # a plan is only as good as the people carrying it (Case.safety_plan_strength)
            strength = plan * (0.4 + 0.6 * (engagement if engagement > network else network))
        if at_home:
            # the weekly hazard (care.incident_hazard, inlined: this loop runs every week): stress raises it;
            # protective capacity and a carried plan lower it; an incident may be serious, and a serious one
            # the plan cannot hold brings the child into care (care.reentry_hazard is this rule as one hazard,
            # as the population draws it)
            hazard = p["weekly_risk"] * (0.4 + 1.2 * stress) * (1.0 - 0.75 * capacity) * (1.0 - 0.7 * strength)
            hazard = 1.0 if hazard > 1.0 else (0.0 if hazard < 0.0 else hazard)
            if random() < hazard:
                now = env.now
                serious = random() < serious_share(capacity, strength)
                outcomes.safety_incidents += 1
                outcomes.serious_incidents += int(serious)
                after_closure = case.closed_week is not None
                if after_closure:
                    outcomes.incidents_after_closure += 1
                    if now - case.closed_week <= 52:
                        outcomes.recurrence_within_12_months = True
                case.last_incident_week = now
                if serious:
                    case.last_incident_serious_week = now
                case.wellbeing_before -= 0.15 if serious else 0.05
                case.nudge("engagement", -0.05)
                case.log("incident", "Serious safety incident" if serious else "Safety incident",
                         "after the case closed" if after_closure else "")
                if serious and not after_closure:
                    on_serious_incident()
                strength = case.safety_plan_strength()
                engagement = p["engagement"]

        trace.append(engagement)  # this week's engagement (an incident above costs some)
        case.capacity_now = capacity
        if record:
            weekly.append(
                WeeklyState(
                    week=int(round(env.now)),
                    engagement=round(engagement, 4),
                    stress=round(case.stress_now, 4),
                    protective_capacity=round(p["protective_capacity"], 4),
                    safety_plan=round(strength, 4),
                    network_support=round(p["network_support"], 4),
                    weekly_risk=round(hazard, 5),
                    child_at_home=at_home,
                )
            )
        yield timeout(1)
