"""Play a scenario with a trainee's decisions: ``simulate`` and ``simulate_many``."""

from __future__ import annotations

from statistics import fmean
from typing import Mapping, Optional, Sequence, Union

import pandas as pd
import simpy

from scenarios.models import Scenario

from . import caseworker, family, placement, services
from .case import Case
from .records import CaseResult

Choice = Union[str, Sequence[str]]
Decisions = Mapping[str, Choice]


def normalise_decisions(scenario: Scenario, decisions: Decisions) -> dict[str, list[str]]:
    """Decisions as ``{point id: [option ids]}``, checked against the scenario."""
    out: dict[str, list[str]] = {}
    for dp_id, choice in decisions.items():
        try:
            dp = scenario.decision_point(dp_id)
        except KeyError:
            raise ValueError(f"{scenario.id} has no decision point {dp_id!r}") from None
        chosen = [choice] if isinstance(choice, str) else list(choice)
        known = {o.id for o in dp.options}
        for option_id in chosen:
            if option_id not in known:
                raise ValueError(f"decision point {dp_id!r} has no option {option_id!r}")
        if dp.kind == "single" and len(chosen) > 1:
            raise ValueError(f"decision point {dp_id!r} takes one choice, got {len(chosen)}")
        out[dp_id] = chosen
    return out


def simulate(
    scenario: Scenario,
    decisions: Decisions,
    seed: Optional[int] = None,
    *,
    stop_at_undecided: bool = False,
) -> CaseResult:
    """Play the case forward with these decisions and return its timeline and outcomes.

    ``decisions`` maps decision point ids to the chosen option id (or ids, for a
    multiple-choice point). With ``stop_at_undecided`` the run stops at the first
    decision point without a choice and names it in ``result.pending``, so a
    notebook can play the case step by step; otherwise an undecided point means
    the worker did nothing there. The same inputs and seed give the same result.
    """
    chosen = normalise_decisions(scenario, decisions)
    env = simpy.Environment()
    case = Case.open(env, scenario, scenario.seed if seed is None else seed)
    stop = env.event()

    def refer(service_id: str) -> None:
        if service_id not in case.referred:
            case.referred.add(service_id)
            env.process(services.attend(case, service_id))

    def place(setting: str) -> None:
        if case.child_at_home:
            env.process(placement.in_care(case, setting))

    def serious_incident() -> None:
        # the agency responds: a safety plan that people carry holds; otherwise the child is placed
        if case.safety_plan_strength() >= 0.35:
            case.nudge("safety_plan", 0.1)
            case.log("decision", "Safety plan tightened with the family's network")
        else:
            place("kin" if case.params["network_support"] >= 0.4 else "foster")

    def story():
        for event in sorted(scenario.events, key=lambda e: e.week):
            yield env.timeout(max(0.0, event.week - env.now))
            case.log("story", event.title, event.description)
            for effect in event.effects:
                case.apply(effect, refer, place)

    def decision_points():
        for dp in scenario.decision_points:
            yield env.timeout(max(0.0, dp.week - env.now))
            if dp.id not in chosen:
                if stop_at_undecided:
                    case.result.pending = dp.id
                    stop.succeed()
                    return
                case.log("decision", dp.title, "no decision was made")
                continue
            for option_id in chosen[dp.id]:
                option = next(o for o in dp.options if o.id == option_id)
                case.log("decision", dp.title, option.label)
                for effect in option.effects:
                    case.apply(effect, refer, place)
        case.decisions_done = True

    def horizon():
        yield env.timeout(scenario.horizon_weeks)
        if not stop.triggered:
            stop.succeed()

    report = scenario.report
    case.log("report", f"Report received from {report.source}", "; ".join(report.concerns))
    services.open_services(case)
    env.process(story())
    env.process(decision_points())
    env.process(family.family_life(case, serious_incident))
    env.process(caseworker.contacts(case, lambda: placement.reunify(case)))
    env.process(horizon())
    env.run(until=stop)

    outcomes = case.result.outcomes
    outcomes.weeks_simulated = round(env.now, 3)
    weekly = case.result.weekly
    if weekly:
        outcomes.engagement_mean = round(fmean(w.engagement for w in weekly), 4)
        outcomes.engagement_final = weekly[-1].engagement
        outcomes.protective_capacity_final = weekly[-1].protective_capacity
    case.result.timeline.sort(key=lambda e: e.week)
    return case.result


def simulate_many(scenario: Scenario, decisions: Decisions, n: int, seed: int = 0) -> pd.DataFrame:
    """Run the case ``n`` times (seeds ``seed`` .. ``seed + n - 1``); one row of outcomes a run."""
    rows = []
    for run in range(n):
        result = simulate(scenario, decisions, seed + run)
        rows.append({"run": run, "seed": seed + run, **result.outcomes.as_dict()})
    return pd.DataFrame(rows)
