"""The caseworker: contacts with the family, changes of worker, transition planning and closure."""

from __future__ import annotations

import math

from . import care, teaming
from .case import Case

# the case can close once the family has held steady this long without the agency's help
WEEKS_SAFE_BEFORE_CLOSURE = 12
MIN_WEEKS_OPEN = 16
CAPACITY_TO_CLOSE = 0.6
# closure follows a transition meeting at which the family and their network take the plan over
TRANSITION_WEEKS = 2
# a new worker: the family retells their story, and visits pause while the case is handed over (one rule
# with the time in care: simulator.care)
HANDOVER_WEEKS = care.HANDOVER_WEEKS
HANDOVER_ENGAGEMENT_COST = care.HANDOVER_ENGAGEMENT_COST


def _person(case: Case) -> str:
    return case.scenario.family.members[0].name.split()[0]


def contacts(case: Case):
    """Process: visit every ``contact_interval`` weeks while the case is open."""
    random = case.rng["caseworker"].random
    p = case.params
    env = case.env
    timeout = env.timeout
    record = case.record
    network = case.scenario.family.network
    team_rng = None  # the team's stream, drawn from once someone may join
    exp, plan_shrink = math.exp, -0.04 / (1.0 - care.GROWTH_REFERENCE)  # care.grow(plan, 0.04 * engagement)
    while case.closed_week is None:
        yield timeout(p["contact_interval"])
        now = env.now
        if case.closed_week is not None:
            break
        if now < case.handover_until:
            continue
        # each contact pulls engagement toward what the worker's approach earns; even a
        # poor relationship leaves some engagement, since families act for their children too
        engagement = p["engagement"]
        target = 0.25 + 0.7 * p["working_relationship"]
        engagement = engagement + 0.3 * (target - engagement) + 0.1 * (random() - 0.5)
        engagement = p["engagement"] = 1.0 if engagement > 1.0 else (0.0 if engagement < 0.0 else engagement)
        # a visit that reviews the safety plan keeps it alive (with diminishing returns: care.grow, inlined)
        plan = p["safety_plan"]
        if plan > 0 and engagement > 0:
            p["safety_plan"] = 1.0 - (1.0 - plan) * exp(engagement * plan_shrink)
        if record:
            case.log("contact", "Home visit", f"engagement {engagement:.2f}")
        if network and engagement >= teaming.MIN_ENGAGEMENT_TO_INVITE and len(case.team) < len(network):
            if team_rng is None:
                team_rng = case.rng["team"]
            teaming.invite(case, team_rng)

        # a child in care goes home on the court's order (simulator.care); the case closes only once the
        # child is home, the court's case has ended, and the family has held steady without the agency
        if (
            case.decisions_done
            and now >= MIN_WEEKS_OPEN
            and case.child_at_home
            and case.episode is None
            and not case.court_open
            and not case.adult_away
            and p["protective_capacity"] >= CAPACITY_TO_CLOSE
            and now - (case.last_incident_week if case.last_incident_week is not None else -1e9)
            >= WEEKS_SAFE_BEFORE_CLOSURE
        ):
            if case.transition_week is None:
                case.transition_week = now
                who = teaming.team_names(case)
                family = _person(case) if case.adult else "the family"
                case.log("transition", "Transition meeting",
                         f"{family}{' and ' + who if who else ''} agree how the plan carries on after the agency steps back")
            elif now - case.transition_week >= TRANSITION_WEEKS:
                case.close(f"{_person(case)}'s own people carry the plan forward" if case.adult
                           else "the family's own network carries the safety plan forward")
        else:
            case.transition_week = None


def turnover(case: Case):
    """Process: the worker may leave; each change costs engagement and leaves a gap in visits."""
    rng = case.rng["turnover"]
    p = case.params
    timeout = case.env.timeout
    while case.open_case:
        if case.episode is not None:
            # while the child is in care, the episode draws the changes of worker (simulator.care)
            yield case.episode.done
            continue
        yearly = p["worker_turnover"]
        if yearly <= 0:
            yield timeout(13)  # look again later: a decision may change the rate
            continue
        weekly = -math.log(max(1e-6, 1.0 - yearly)) / 52.0
        wait = rng.expovariate(weekly)
        if wait > 13:  # memoryless: wait a quarter and draw again, so a changed rate takes effect
            yield timeout(13)
            continue
        yield timeout(wait)
        if not case.open_case:
            break
        outcomes = case.result.outcomes
        outcomes.worker_changes += 1
        case.nudge("engagement", -HANDOVER_ENGAGEMENT_COST)
        case.handover_until = case.now + HANDOVER_WEEKS
        case.log("worker", "A new caseworker takes over the case",
                 f"the family tells their story again; visits pause for {HANDOVER_WEEKS:g} weeks")
