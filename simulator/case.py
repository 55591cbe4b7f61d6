"""The mutable state of one simulated case, shared by its processes.

Every piece of a run's state is a declared field of :class:`Case`; the
processes (:mod:`simulator.family`, :mod:`simulator.caseworker`,
:mod:`simulator.placement`, ...) read and change them, and
:meth:`Case.state` is what a scenario's conditions (``when:``) see.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Iterable, Optional

import simpy

from scenarios.conditions import State, season_of
from scenarios.models import Effect, Scenario
from scenarios.parameters import PARAMETERS

from .care import grow
from .defaults import SYSTEM
from .records import CaseResult, TimelineEvent

if TYPE_CHECKING:  # placement imports this module
    from .placement import CaseEpisode

SYSTEM_DEFAULTS = {name: p.default for name, p in SYSTEM.items()}
PARAMETER_DEFAULTS = {name: p.default for name, p in PARAMETERS.items()}
# what grows with diminishing returns (care.grow), whatever makes it grow: a decision, a session, a visit
GROWING = frozenset({"protective_capacity", "safety_plan"})
# each case parameter's range, for Case.nudge (called many times a run)
RANGES = {name: (p.low, p.high) for name, p in PARAMETERS.items()}


class RandomStreams:
    """Independent, seeded random streams, one per process.

    Separate streams keep one process's draws from shifting another's when a
    decision changes, so two plans run with the same seed differ only by what
    the plans change (common random numbers).
    """

    def __init__(self, seed: int):
        self.seed = seed
        self._streams: dict[str, random.Random] = {}

    def __getitem__(self, name: str) -> random.Random:
        stream = self._streams.get(name)
        if stream is None:
            stream = self._streams[name] = random.Random(f"{self.seed}:{name}")
        return stream


@lru_cache(maxsize=8192)
def _iso_date(start: dt.date, days: int) -> str:
    return (start + dt.timedelta(days=days)).isoformat()


@lru_cache(maxsize=8192)
def _season(start: dt.date, days: int) -> str:
    return season_of(start + dt.timedelta(days=days))


@dataclass(slots=True)
class Case:
    """Everything the processes of one run read and change.

    Slotted: a process that sets an attribute the case does not declare fails at once.
    """

    env: simpy.Environment
    scenario: Scenario
    rng: RandomStreams
    result: CaseResult
    params: dict[str, float]
    stress_now: float
    system: dict[str, float] = field(default_factory=lambda: dict(SYSTEM_DEFAULTS))
    services: dict[str, object] = field(default_factory=dict)  # service id -> services.Provider
    referred: set[str] = field(default_factory=set)
    child_at_home: bool = True
    placing: bool = False  # a placement has been decided and starts this instant
    child_age: Optional[float] = None  # the youngest child's age in years at week 0
    placement_setting: Optional[str] = None
    closed_week: Optional[float] = None
    last_incident_week: Optional[float] = None
    last_exit_week: Optional[float] = None
    first_placed_week: Optional[float] = None
    decisions_done: bool = False
    team: list[str] = field(default_factory=list)  # ids of network members on the family's team
    team_formed: Optional[simpy.Event] = None
    handover_until: float = -1.0  # no visits until then, while a new worker takes over
    transition_week: Optional[float] = None
    safety_changed: bool = False
    safety_logged: str = ""
    need_progress: dict[str, float] = field(default_factory=dict)
    # False when only the outcomes are wanted (simulate_many): no timeline or weekly records are built
    record: bool = True
    engagement_trace: list[float] = field(default_factory=list)  # the weekly engagement, for the outcomes
    capacity_now: float = 0.0  # protective capacity at the end of the last simulated week
    # time in care (simulator.care through simulator.placement): the episode now, and the earlier ones' totals
    episode: Optional["CaseEpisode"] = None
    court_open: bool = False  # the child's court case is open: the agency cannot close before it ends
    weeks_in_care_before: float = 0.0
    family_time_before: float = 0.0
    moves_before: int = 0
    connections_before: int = 0
    wellbeing_before: float = 1.0
    last_incident_serious_week: Optional[float] = None
    adult: bool = False  # an adult-services case (scenario service: adult; simulator.adult)
    adult_away: bool = False  # in hospital, a respite stay, or moved by a court's order
    adult_setting: str = "own home"
    choices_overridden: bool = False
    # what conditions (``when:``) read besides the case itself (Case.state)
    made: dict[str, list[str]] = field(default_factory=dict)  # decision point id -> the options chosen there
    flags: set[str] = field(default_factory=set)  # flags set by the effects carried out so far
    placed_who: set[str] = field(default_factory=set)  # ids of the family members the last placement moved
    # who is in care, in the timeline's words ("Theo", "Elijah and Grace"; empty: "the child")
    who_words: str = ""
    who_plural: bool = False

    @classmethod
    def open(cls, env: simpy.Environment, scenario: Scenario, seed: int, record: bool = True) -> "Case":
        """A case at week 0, with the scenario's starting parameters."""
        params = dict(PARAMETER_DEFAULTS)
        params.update(scenario.parameters)
        ages = [m.age for m in scenario.family.members if m.age is not None and m.age < 18]
        return cls(
            env=env,
            scenario=scenario,
            rng=RandomStreams(seed),
            result=CaseResult(scenario_id=scenario.id, seed=seed),
            params=params,
            stress_now=params["stress"],
            child_age=min(ages) if ages else None,
            system={**SYSTEM_DEFAULTS, **scenario.system},
            team_formed=env.event(),
            record=record,
            adult=scenario.service == "adult",
        )

    @property
    def now(self) -> float:
        """The current simulated week."""
        return self.env.now

    @property
    def open_case(self) -> bool:
        """Whether the case is still open."""
        return self.closed_week is None

    def state(self) -> State:
        """The case as a scenario's conditions (``when:``) see it now."""
        episode = self.episode
        if episode is not None:
            court = "permanency" if episode.permanency_hearing else (
                "adjudicated" if episode.hearings >= 2 else "filed")
        else:
            court = "closed" if self.first_placed_week is not None else "none"
        away = not self.child_at_home or self.placing
        return State(
            chosen=dict(self.made), placed=frozenset(self.placed_who if away else ()), court=court,
            engagement=self.params.get("engagement", 0.5), referred=frozenset(self.referred),
            flags=frozenset(self.flags), season=_season(self.scenario.opened_on, dt.timedelta(weeks=self.env.now).days),
        )

    def name_movers(self, who: Iterable[str]) -> None:
        """Name the family members a placement moves, so the timeline says who ("Theo placed in a foster home")."""
        placed = self.placed_who
        placed.clear()
        placed.update(who)
        first_names = {m.id: m.name.split()[0] for m in self.scenario.family.members}
        names = [first_names.get(w, w) for w in sorted(placed, key=list(first_names).index) if w in first_names]
        self.who_words = " and ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)
        self.who_plural = len(names) > 1

    def date(self, week: float) -> str:
        """The calendar date (ISO) of a simulated week, counted from the day the case opened."""
        return _iso_date(self.scenario.opened_on, round(week * 7))

    def log(self, kind: str, title: str, detail: str = "") -> None:
        """Add an event to the timeline at the current simulated week."""
        if not self.record:
            return
        now = self.env.now
        self.result.timeline.append(TimelineEvent(round(now, 3), self.date(now), kind, title, detail))

    def nudge(self, name: str, delta: float) -> None:
        """Change a case parameter by delta, kept inside its range."""
        low, high = RANGES[name]
        value = self.params[name] + delta
        self.params[name] = high if value > high else (low if value < low else value)

    def strengthen(self, name: str, gain: float) -> None:
        """Grow protective capacity or the safety plan by ``gain``, with diminishing returns (:func:`care.grow`)."""
        self.params[name] = grow(self.params[name], gain)

    def safety_plan_strength(self) -> float:
        """How much the safety plan actually protects: a plan is only as good as the people carrying it."""
        p = self.params
        carriers = p["engagement"] if p["engagement"] > p["network_support"] else p["network_support"]
        return p["safety_plan"] * (0.4 + 0.6 * carriers)

    def close(self, why: str) -> None:
        """Close the case now."""
        self.closed_week = self.now
        self.result.outcomes.closed = True
        self.result.outcomes.weeks_to_closure = round(self.now, 3)
        self.log("closure", "Case closed", why)

    def apply(self, effect: Effect, start_referral: Callable[[str], None],
              start_placement: Callable[[str], None]) -> None:
        """Carry out one named effect from a decision or a story event."""
        if effect.parameter is not None:
            if effect.set is not None:
                self.params[effect.parameter] = effect.set
            elif effect.parameter in GROWING and effect.add > 0:
                self.strengthen(effect.parameter, effect.add)  # diminishing returns near certainty
            else:
                self.nudge(effect.parameter, effect.add)
            if effect.parameter == "stress":
                self.stress_now = PARAMETERS["stress"].clamp(self.stress_now + (effect.add or 0.0))
            elif effect.parameter == "safety_plan":
                self.safety_changed = True
        elif effect.refer is not None:
            start_referral(effect.refer)
        elif effect.place is not None:
            self.safety_changed = True
            start_placement(effect.place)
