"""The mutable state of one simulated case, shared by its processes."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Optional

import simpy

from scenarios.models import Effect, Scenario
from scenarios.parameters import PARAMETERS

from .records import CaseResult, TimelineEvent


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
        if name not in self._streams:
            self._streams[name] = random.Random(f"{self.seed}:{name}")
        return self._streams[name]


@dataclass
class Case:
    """Everything the processes of one run read and change."""

    env: simpy.Environment
    scenario: Scenario
    rng: RandomStreams
    result: CaseResult
    params: dict[str, float]
    stress_now: float
    services: dict[str, simpy.Resource] = field(default_factory=dict)
    referred: set[str] = field(default_factory=set)
    child_at_home: bool = True
    placement_setting: Optional[str] = None
    closed_week: Optional[float] = None
    last_incident_week: Optional[float] = None
    decisions_done: bool = False

    @classmethod
    def open(cls, env: simpy.Environment, scenario: Scenario, seed: int) -> "Case":
        """A case at week 0, with the scenario's starting parameters."""
        params = {name: p.default for name, p in PARAMETERS.items()}
        params.update(scenario.parameters)
        return cls(
            env=env,
            scenario=scenario,
            rng=RandomStreams(seed),
            result=CaseResult(scenario_id=scenario.id, seed=seed),
            params=params,
            stress_now=params["stress"],
        )

    @property
    def now(self) -> float:
        return self.env.now

    @property
    def open_case(self) -> bool:
        return self.closed_week is None

    def date(self, week: float) -> str:
        return (self.scenario.opened_on + dt.timedelta(days=round(week * 7))).isoformat()

    def log(self, kind: str, title: str, detail: str = "") -> None:
        """Add an event to the timeline at the current simulated week."""
        self.result.timeline.append(TimelineEvent(round(self.now, 3), self.date(self.now), kind, title, detail))

    def nudge(self, name: str, delta: float) -> None:
        """Change a case parameter by delta, kept inside its range."""
        self.params[name] = PARAMETERS[name].clamp(self.params[name] + delta)

    def safety_plan_strength(self) -> float:
        """How much the safety plan actually protects: a plan is only as good as the people carrying it."""
        carriers = max(self.params["engagement"], self.params["network_support"])
        return self.params["safety_plan"] * (0.4 + 0.6 * carriers)

    def apply(self, effect: Effect, start_referral, start_placement) -> None:
        """Carry out one named effect from a decision or a story event."""
        if effect.parameter is not None:
            if effect.set is not None:
                self.params[effect.parameter] = effect.set
            else:
                self.nudge(effect.parameter, effect.add)
            if effect.parameter == "stress":
                self.stress_now = PARAMETERS["stress"].clamp(self.stress_now + (effect.add or 0.0))
        elif effect.refer is not None:
            start_referral(effect.refer)
        elif effect.place is not None:
            start_placement(effect.place)
