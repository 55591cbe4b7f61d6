"""Flat records of a simulated case; each list goes straight into a pandas DataFrame."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Optional

import pandas as pd


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened in the case, at a simulated week."""

    week: float
    date: str
    kind: str  # report, story, decision, contact, stressor, incident, service, placement, closure
    title: str
    detail: str = ""


@dataclass(frozen=True)
class WeeklyState:
    """The family's situation at the end of one simulated week."""

    week: int
    engagement: float
    stress: float
    protective_capacity: float
    safety_plan: float
    network_support: float
    weekly_risk: float
    child_at_home: bool


@dataclass
class Outcomes:
    """What the case came to by the end of the simulated period."""

    weeks_simulated: float = 0.0
    safety_incidents: int = 0
    serious_incidents: int = 0
    incidents_after_closure: int = 0
    placed: bool = False
    placement_setting: str = ""
    placement_moves: int = 0
    weeks_in_care: float = 0.0
    reunified: bool = False
    closed: bool = False
    weeks_to_closure: float = math.nan
    engagement_mean: float = 0.0
    engagement_final: float = 0.0
    protective_capacity_final: float = 0.0
    sessions_attended: int = 0
    weeks_waiting_for_service: float = 0.0

    def as_dict(self) -> dict:
        """The outcome measures as a flat dict (one DataFrame row)."""
        return asdict(self)


@dataclass
class CaseResult:
    """The result of one simulated run of a case."""

    scenario_id: str
    seed: int
    timeline: list[TimelineEvent] = field(default_factory=list)
    weekly: list[WeeklyState] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    pending: Optional[str] = None  # id of the first undecided decision point, when the run stopped there

    def timeline_frame(self) -> pd.DataFrame:
        """The timeline as a DataFrame, one row an event."""
        return pd.DataFrame([asdict(e) for e in self.timeline], columns=list(TimelineEvent.__dataclass_fields__))

    def weekly_frame(self) -> pd.DataFrame:
        """The week-by-week state as a DataFrame."""
        return pd.DataFrame([asdict(s) for s in self.weekly], columns=list(WeeklyState.__dataclass_fields__))
