"""Play a scenario with a trainee's decisions: ``simulate`` and ``simulate_many``."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

import simpy

import datetime as dt

from scenarios.conditions import State, holds, season_of
from scenarios.models import Option, Scenario, StoryEvent

from . import adult, caseworker, family, intake, placement, services, teaming
from .case import Case
from .intake import Intake, intake_of
from .records import CaseResult, Outcomes

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd

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
        if dp.kind != "multiple" and len(chosen) > 1:
            raise ValueError(f"decision point {dp_id!r} takes one choice, got {len(chosen)}")
        out[dp_id] = chosen
    return out


@dataclass(frozen=True)
class Prepared:
    """What every run of a scenario shares, worked out once (``simulate_many`` plays it many times)."""

    scenario: Scenario
    intake: Intake
    events: tuple[StoryEvent, ...]
    options: dict[str, dict[str, Option]]
    # decision point id -> the ids of its options that have a condition (``when:``)
    conditional_options: dict[str, frozenset[str]]


def prepare(scenario: Scenario) -> Prepared:
    """The scenario's intake record, story events in order, and options by id."""
    return Prepared(
        scenario=scenario,
        intake=intake_of(scenario),
        events=tuple(sorted(scenario.events, key=lambda e: e.week)),
        options={dp.id: {o.id: o for o in dp.options} for dp in scenario.decision_points},
        conditional_options={
            dp.id: frozenset(o.id for o in dp.options if o.when is not None) for dp in scenario.decision_points
        },
    )


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
    return _play(prepare(scenario), chosen, scenario.seed if seed is None else seed, stop_at_undecided)


def _play(
    prepared: Prepared, chosen: dict[str, list[str]], seed: int, stop_at_undecided: bool, record: bool = True
) -> CaseResult:
    scenario = prepared.scenario
    env = simpy.Environment()
    case = Case.open(env, scenario, seed, record)
    stop = env.event()
    # what conditions (``when:``) read: the choices made so far, flags set, who was placed
    made: dict[str, list[str]] = {}
    flags: set[str] = set()
    placed_who: set[str] = set()
    children = {m.id for m in scenario.family.members if m.role.strip().lower() in ("child", "youth")
                or (m.age is not None and m.age < 18)}

    def state_now() -> State:
        episode = case.episode
        if episode is not None:
            court = "permanency" if getattr(episode, "permanency_hearing", False) else (
                "adjudicated" if getattr(episode, "hearings", 0) >= 2 else "filed")
        else:
            court = "closed" if case.first_placed_week is not None else "none"
        return State(
            chosen=dict(made), placed=frozenset(placed_who if (not case.child_at_home or case.placing) else ()), court=court,
            engagement=case.params.get("engagement", 0.5), referred=frozenset(case.referred), flags=frozenset(flags),
            season=season_of(scenario.opened_on + dt.timedelta(weeks=env.now)),
        )

    case.state_now = state_now  # read by family life for conditional stressors
    first_names = {m.id: m.name.split()[0] for m in scenario.family.members}

    def name_movers() -> None:
        # the timeline says who moves ("Theo placed in a foster home"), not "the child"
        names = [first_names.get(w, w) for w in sorted(placed_who, key=list(first_names).index)
                 if w in first_names]
        case.who_words = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        case.who_plural = len(names) > 1

    def carry_out(effect) -> None:
        if effect.flag is not None:
            flags.add(effect.flag)
            return
        if effect.place is not None and case.child_at_home:
            placed_who.clear()
            placed_who.update(effect.who)
            name_movers()
        case.apply(effect, refer, place)

    def refer(service_id: str) -> None:
        if service_id not in case.referred:
            case.referred.add(service_id)
            env.process(services.attend(case, service_id))

    def place(setting: str) -> None:
        if case.adult:
            adult.petition(case, setting)  # no foster care for an adult: a move is the court's to order
        elif case.episode is not None:
            case.episode.interrupt("the agency decides the child cannot stay at home")  # a trial home visit ends
        elif case.child_at_home and not case.placing:
            case.placing = True
            env.process(placement.in_care(case, setting))

    def serious_incident() -> None:
        # the agency responds: a safety plan that people carry holds; otherwise the child is placed
        if case.adult:
            adult.serious_incident(case)
        elif case.safety_plan_strength() >= 0.35:
            case.nudge("safety_plan", 0.1)
            case.log("decision", "Safety plan tightened with the family's network")
        elif case.episode is not None:
            case.episode.interrupt("a serious incident at home")
        else:
            relatives = case.params["network_support"] >= 0.4 or (
                case.rng["placement:setting"].random() < 0.5 * case.params["kin_availability"]
            )
            case.safety_changed = True
            if case.child_at_home:  # the agency's own removal moves the household's children
                placed_who.clear()
                placed_who.update(children)
                name_movers()
            place("kin" if relatives else "foster")

    def story():
        for event in prepared.events:
            yield env.timeout(max(0.0, event.week - env.now))
            if event.when is not None and not holds(event.when, state_now()):
                continue  # this event belongs to another path of the case
            case.log("story", event.title, event.description)
            for effect in event.effects:
                carry_out(effect)

    def decision_points():
        result = case.result
        timeout = env.timeout
        for dp in scenario.decision_points:
            yield timeout(max(0.0, dp.week - env.now))
            if dp.when is not None and not holds(dp.when, state_now()):
                result.skipped.append(dp.id)  # this moment does not come up on the case's path
                continue
            if record:
                result.states[dp.id] = state_now()
            picked = chosen.get(dp.id)
            if picked is None:
                if stop_at_undecided:
                    result.pending = dp.id
                    stop.succeed()
                    return
                case.log("decision", dp.title, "no decision was made")
                continue
            options = prepared.options[dp.id]
            # the state the options are offered in: before any chosen option's effects (worked out only
            # when a chosen option has a condition)
            conditional = prepared.conditional_options[dp.id]
            offered_now = state_now() if conditional and not conditional.isdisjoint(picked) else None
            for option_id in picked:
                option = options[option_id]
                if option.when is not None and not holds(option.when, offered_now):
                    case.log("decision", dp.title, "no decision was made (that option is not open at this point)")
                    continue
                if record:
                    case.log("decision", dp.title, option.label)
                for effect in option.effects:
                    carry_out(effect)
            made[dp.id] = list(picked)
            if record:
                result.after[dp.id] = state_now()
            intake.record_safety_decision(case)
        case.decisions_done = True
        intake.record_safety_decision(case, force=True)
        if not case.adult:  # the structured risk assessment is written for children's cases
            intake.record_risk_assessment(case)

    def horizon():
        yield env.timeout(scenario.horizon_weeks)
        if not stop.triggered:
            stop.succeed()

    if record:
        report = scenario.report
        case.log("report", f"Report received from {report.source}", "; ".join(report.concerns))
    intake.record_intake(case, prepared.intake)
    env.process(story())
    env.process(decision_points())
    env.process(family.family_life(case, serious_incident))
    env.process(caseworker.contacts(case))
    env.process(caseworker.turnover(case))
    env.process(teaming.team_meetings(case))
    env.process(horizon())
    env.run(until=stop)

    outcomes = case.result.outcomes
    outcomes.weeks_simulated = round(env.now, 3)
    placement.finish(case)
    if case.adult:
        adult.finish(case)
    if case.engagement_trace:
        outcomes.engagement_mean = round(fmean(case.engagement_trace), 4)
        outcomes.engagement_final = round(case.engagement_trace[-1], 4)
        outcomes.protective_capacity_final = round(case.capacity_now, 4)
    if case.need_progress:
        outcomes.need_progress_mean = round(fmean(case.need_progress.values()), 4)
    case.result.timeline.sort(key=lambda e: e.week)
    return case.result


def _rows(scenario: Scenario, chosen: dict[str, list[str]], seed: int, first: int, count: int) -> list[dict]:
    """Outcome rows of runs ``first`` .. ``first + count - 1`` (seed ``seed + run``)."""
    prepared = prepare(scenario)
    rows = []
    for run in range(first, first + count):
        # only the outcomes are kept, so the run builds no timeline or weekly records
        result = _play(prepared, chosen, seed + run, False, record=False)
        rows.append({"run": run, "seed": seed + run, **vars(result.outcomes)})
    return rows


def simulate_many(
    scenario: Scenario,
    decisions: Decisions,
    n: int,
    seed: int = 0,
    *,
    client=None,
    chunks: Optional[int] = None,
) -> pd.DataFrame:
    """Run the case ``n`` times (seeds ``seed`` .. ``seed + n - 1``); one row of outcomes a run.

    With a Dask ``client`` (``dask.distributed.Client``) the runs are split into
    ``chunks`` tasks (default: four a worker) and played on the cluster; the
    frame is the same as a local run's, row for row.
    """
    import pandas as pd
    chosen = normalise_decisions(scenario, decisions)
    if client is None:
        rows = _rows(scenario, chosen, seed, 0, n)
    else:
        if chunks is None:
            chunks = 4 * max(1, len(client.scheduler_info().get("workers", {})))
        chunks = max(1, min(n, chunks))
        bounds = [round(i * n / chunks) for i in range(chunks + 1)]
        futures = [
            client.submit(_rows, scenario, chosen, seed, lo, hi - lo, pure=False)
            for lo, hi in zip(bounds, bounds[1:])
            if hi > lo
        ]
        rows = [row for part in client.gather(futures) for row in part]
    return pd.DataFrame(rows, columns=["run", "seed", *Outcomes.__dataclass_fields__])
