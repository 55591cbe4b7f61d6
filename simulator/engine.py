"""Play a scenario with a trainee's decisions: ``simulate`` and ``simulate_many``, each run a :class:`CaseRun`."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean
from typing import TYPE_CHECKING, Mapping, Optional, Sequence, Union

import simpy

from scenarios.conditions import holds
from scenarios.models import Effect, Option, Scenario, StoryEvent

from . import adult, care, caseworker, family, intake, placement, services, teaming
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
    seed = scenario.seed if seed is None else seed
    return CaseRun(prepare(scenario), chosen, seed, stop_at_undecided=stop_at_undecided).run()


class CaseRun:
    """One run of a case: its simpy environment, its :class:`Case`, and the processes that play it.

    The run owns its random streams (``case.rng``, seeded from ``seed``), so the
    same scenario, decisions and seed give the same result. The story and the
    decision points are processes here (generators); family life, contacts,
    turnover and teaming are the processes of their own modules. A run is
    played once: build it and call :meth:`run`.
    """

    def __init__(self, prepared: Prepared, chosen: dict[str, list[str]], seed: int, *,
                 stop_at_undecided: bool = False, record: bool = True):
        scenario = self.scenario = prepared.scenario
        self.prepared = prepared
        self.chosen = chosen
        self.stop_at_undecided = stop_at_undecided
        self.record = record  # False: only the outcomes are wanted (no timeline, weekly records or states)
        self.env = simpy.Environment()
        self.case = Case.open(self.env, scenario, seed, record)
        self.stop = self.env.event()  # succeeds at the horizon, or at the first undecided point
        # the household's children: the agency's own removal moves them all
        self.children = {m.id for m in scenario.family.members if m.role.strip().lower() in ("child", "youth")
                         or (m.age is not None and m.age < 18)}

    def run(self) -> CaseResult:
        """Play the case to its horizon (or its first undecided point) and return the result."""
        env, case, scenario = self.env, self.case, self.scenario
        if self.record:
            report = scenario.report
            case.log("report", f"Report received from {report.source}", "; ".join(report.concerns))
        intake.record_intake(case, self.prepared.intake)
        env.process(self.story())
        env.process(self.decision_points())
        env.process(family.family_life(case, self.serious_incident))
        env.process(caseworker.contacts(case))
        env.process(caseworker.turnover(case))
        env.process(teaming.team_meetings(case))
        env.process(self.horizon())
        env.run(until=self.stop)
        return self.finish()

    def finish(self) -> CaseResult:
        """The outcomes when the run stops: time in care settled, the means of the weekly measures."""
        case = self.case
        outcomes = case.result.outcomes
        outcomes.weeks_simulated = round(self.env.now, 3)
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

    # --- carrying out what a decision or a story event does --------------------------------------

    def carry_out(self, effect: Effect) -> None:
        """Carry out one effect: set a flag, or change the case (naming who a placement moves)."""
        case = self.case
        if effect.flag is not None:
            case.flags.add(effect.flag)
            return
        if effect.place is not None and case.child_at_home:
            case.name_movers(effect.who)
        case.apply(effect, self.refer, self.place)

    def refer(self, service_id: str) -> None:
        """Refer the family to a service (once): its attendance is a process of its own."""
        case = self.case
        if service_id not in case.referred:
            case.referred.add(service_id)
            self.env.process(services.attend(case, service_id))

    def place(self, setting: str) -> None:
        """The agency decides the child cannot stay at home."""
        case = self.case
        if case.adult:
            adult.petition(case, setting)  # no foster care for an adult: a move is the court's to order
        elif case.episode is not None:
            case.episode.interrupt("the agency decides the child cannot stay at home")  # a trial home visit ends
        elif case.child_at_home and not case.placing:
            case.placing = True
            self.env.process(placement.in_care(case, setting))

    def serious_incident(self) -> None:
        """The agency responds to a serious incident: a safety plan people carry holds; otherwise a placement."""
        case = self.case
        if case.adult:
            adult.serious_incident(case)
        elif care.plan_holds(case.safety_plan_strength()):
            case.strengthen("safety_plan", 0.1)
            case.log("decision", "Safety plan tightened with the family's network")
        elif case.episode is not None:
            case.episode.interrupt("a serious incident at home")
        else:
            relatives = case.params["network_support"] >= 0.4 or (
                case.rng["placement:setting"].random() < 0.5 * case.params["kin_availability"]
            )
            case.safety_changed = True
            if case.child_at_home:  # the agency's own removal moves the household's children
                case.name_movers(self.children)
            self.place("kin" if relatives else "foster")

    # --- processes ------------------------------------------------------------------------------

    def story(self):
        """Process: the scenario's story events, each at its week, on the paths where it belongs."""
        env, case = self.env, self.case
        for event in self.prepared.events:
            yield env.timeout(max(0.0, event.week - env.now))
            if event.when is not None and not holds(event.when, case.state()):
                continue  # this event belongs to another path of the case
            case.log("story", event.title, event.description)
            for effect in event.effects:
                self.carry_out(effect)

    def decision_points(self):
        """Process: each decision point as it comes up, with the trainee's choice (or none) carried out."""
        env, case, prepared, chosen, record = self.env, self.case, self.prepared, self.chosen, self.record
        result = case.result
        timeout = env.timeout
        carry_out = self.carry_out
        for dp in self.scenario.decision_points:
            yield timeout(max(0.0, dp.week - env.now))
            if dp.when is not None and not holds(dp.when, case.state()):
                result.skipped.append(dp.id)  # this moment does not come up on the case's path
                continue
            if record:
                result.states[dp.id] = case.state()
            picked = chosen.get(dp.id)
            if picked is None:
                if self.stop_at_undecided:
                    result.pending = dp.id
                    self.stop.succeed()
                    return
                case.log("decision", dp.title, "no decision was made")
                continue
            options = prepared.options[dp.id]
            # the state the options are offered in: before any chosen option's effects (worked out only
            # when a chosen option has a condition)
            conditional = prepared.conditional_options[dp.id]
            offered_now = case.state() if conditional and not conditional.isdisjoint(picked) else None
            for option_id in picked:
                option = options[option_id]
                if option.when is not None and not holds(option.when, offered_now):
                    case.log("decision", dp.title, "no decision was made (that option is not open at this point)")
                    continue
                if record:
                    case.log("decision", dp.title, option.label)
                for effect in option.effects:
                    carry_out(effect)
            case.made[dp.id] = list(picked)
            if record:
                result.after[dp.id] = case.state()
            intake.record_safety_decision(case)
        case.decisions_done = True
        intake.record_safety_decision(case, force=True)
        if not case.adult:  # the structured risk assessment is written for children's cases
            intake.record_risk_assessment(case)

    def horizon(self):
        """Process: the run stops at the scenario's horizon."""
        yield self.env.timeout(self.scenario.horizon_weeks)
        if not self.stop.triggered:
            self.stop.succeed()


def _rows(scenario: Scenario, chosen: dict[str, list[str]], seed: int, first: int, count: int) -> list[tuple]:
    """Outcome rows of runs ``first`` .. ``first + count - 1`` (seed ``seed + run``): run, seed, then the
    outcomes in the order of :class:`Outcomes`' fields."""
    prepared = prepare(scenario)
    rows = []
    for run in range(first, first + count):
        # only the outcomes are kept, so the run builds no timeline or weekly records
        result = CaseRun(prepared, chosen, seed + run, record=False).run()
        rows.append((run, seed + run, *vars(result.outcomes).values()))
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
