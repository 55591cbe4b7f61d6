"""Intake, screening, the response track, the safety assessment and the safety decision.

A scenario's report has already been screened in (the case is the premise of
the exercise); the engine records the screening, the differential-response
track and the alleged maltreatment types at week 0. Whether a safety threat is
present and the structured risk level (:mod:`simulator.risk`) go into the
outcomes at once, but onto the timeline only after the trainee's decisions
(the risk assessment is completed when the assessment phase ends), so a
notebook never shows them before the trainee has judged for themselves. The
safety decision is the trainee's: the engine names it (safe, safe with a plan,
unsafe) as the decisions make it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from scenarios.models import Maltreatment, Scenario

from .case import Case
from .risk import RiskAssessment, abuse_alleged, assess, maltreatment_types, profile_from_scenario

TYPE_WORDS = {
    Maltreatment.neglect: "neglect",
    Maltreatment.physical_abuse: "physical abuse",
    Maltreatment.sexual_abuse: "sexual abuse",
    Maltreatment.emotional_abuse: "emotional abuse",
    Maltreatment.medical_neglect: "medical neglect",
}
TRACK_WORDS = {"investigation": "an investigation", "assessment": "a family assessment (differential response)"}

# a present danger: without protection, a serious incident within four weeks is at least this likely
THREAT_CHANCE = 0.04
SAFE, SAFE_WITH_PLAN, UNSAFE = "safe", "safe with a plan", "unsafe: child placed"


@dataclass(frozen=True)
class Intake:
    """What intake records about a scenario, worked out once for many runs."""

    types: tuple[Maltreatment, ...]
    track: str
    risk: RiskAssessment


def track_for(types: Iterable[str], risk_level: str) -> str:
    """The differential-response rule: alleged physical or sexual abuse, or very high risk, is investigated.

    ``types`` are the report's alleged types (:class:`Maltreatment` or their
    values); the population (:mod:`simulator.population`) uses the same rule.
    """
    if abuse_alleged(types) or risk_level == "very high":
        return "investigation"
    return "assessment"


def intake_of(scenario: Scenario) -> Intake:
    """The report's types, its track and the structured risk assessment of the family."""
    types = tuple(maltreatment_types(scenario))
    risk = assess(profile_from_scenario(scenario))
    track = scenario.report.track or track_for(types, risk.level)
    return Intake(types, track, risk)


def serious_chance(params: dict[str, float], stress: float, weeks: int = 4) -> float:
    """Chance of a serious incident within ``weeks`` if nobody protects the child (no safety plan)."""
    hazard = params["weekly_risk"] * (0.4 + 1.2 * stress) * (1.0 - 0.75 * params["protective_capacity"])
    serious = max(0.0, 0.25 + 0.4 * (1.0 - params["protective_capacity"]))
    return 1.0 - (1.0 - min(1.0, hazard * serious)) ** weeks


def record_intake(case: Case, intake: Intake) -> None:
    """At week 0: log the screening, the track and the alleged types; note threat and risk in the outcomes."""
    outcomes = case.result.outcomes
    types = ", ".join(TYPE_WORDS[t] for t in intake.types)
    outcomes.track = intake.track
    outcomes.maltreatment = ",".join(t.value for t in intake.types)
    outcomes.risk_score = intake.risk.score
    outcomes.risk_level = intake.risk.level
    outcomes.safety_threats = serious_chance(case.params, case.stress_now) >= THREAT_CHANCE
    if case.adult:
        from . import adult

        outcomes.risk_score, outcomes.risk_level = 0, ""  # the structured risk assessment is for children's cases
        adult.record_intake(case, types)
        return
    case.result.risk = intake.risk
    case.log("intake", "Report screened in", f"for {TRACK_WORDS[intake.track]}; alleged: {types}")


def record_risk_assessment(case: Case) -> None:
    """Log the completed structured risk assessment (once the assessment phase's decisions are made)."""
    risk = case.result.risk
    if risk is not None:
        case.log("risk", f"Structured risk assessment completed: {risk.level} risk",
                 f"score {risk.score}: {risk.reasons()}")


WEAK_PLAN = 0.3  # a safety plan weaker than this rests on a promise, not on people


def safety_decision(case: Case) -> str:
    """The safety decision the case stands on now."""
    if case.adult:
        from . import adult

        return adult.safety_decision(case)
    if case.placing or (not case.child_at_home and case.result.outcomes.placed):
        return UNSAFE
    return SAFE_WITH_PLAN if case.params["safety_plan"] > 0 else SAFE


def record_safety_decision(case: Case, force: bool = False) -> None:
    """Log the safety decision when a decision has changed it (or, with ``force``, if none was logged)."""
    if not (case.safety_changed or (force and not case.safety_logged)):
        return
    case.safety_changed = False
    decision = safety_decision(case)
    if decision == case.safety_logged:
        return
    case.safety_logged = decision
    outcomes = case.result.outcomes
    outcomes.safety_decision = outcomes.safety_decision or decision
    detail = ""
    if decision == SAFE_WITH_PLAN and case.params["safety_plan"] < WEAK_PLAN:
        # a promise signed under pressure is a plan on paper: say so, rather than read as a plan that holds
        detail = "on paper only: a promise under pressure, with no one named to carry it" if not case.team else \
            "a thin plan: little in it that the people around the family carry"
    case.log("safety", f"Safety decision: {decision}", detail)
