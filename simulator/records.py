"""Flat records of a simulated case; each list goes straight into a pandas DataFrame."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd


if TYPE_CHECKING:
    from .risk import RiskAssessment


@dataclass(frozen=True)
class TimelineEvent:
    """Something that happened in the case, at a simulated week."""

    week: float
    date: str
    # report, intake, risk, safety, story, decision, contact, team, worker, stressor, incident, service,
    # placement, court, transition, closure
    kind: str
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
    # intake, safety and risk
    track: str = ""  # investigation or assessment (differential response)
    maltreatment: str = ""  # alleged types, comma-separated
    risk_score: int = 0
    risk_level: str = ""  # low, moderate, high, very high (simulator.risk)
    safety_threats: bool = False
    safety_decision: str = ""  # the first one made: safe, safe with a plan, unsafe: child placed
    # engagement and teaming
    team_members: int = 0  # people from the family's network who joined the team
    team_meetings: int = 0
    worker_changes: int = 0
    need_progress_mean: float = math.nan  # mean progress (0-1) on the needs the family was referred for
    # placement and permanency
    placements: int = 0  # entries into care, re-entries included
    family_time_visits: float = 0.0
    court_reviews: int = 0
    permanency_hearing: bool = False
    permanency_goal: str = ""
    exit_reason: str = ""  # reunification, guardianship, adoption, emancipation
    weeks_to_permanency: float = math.nan  # from the first placement to the first exit from care
    reentered: bool = False  # placed again within 12 months of an exit from care
    # after closure
    recurrence_within_12_months: bool = False

    def as_dict(self) -> dict:
        """The outcome measures as a flat dict (one DataFrame row)."""
        return asdict(self)


@dataclass(frozen=True)
class NeedProgress:
    """One referral: the need behind it, the service, the dose received and the progress made."""

    service: str
    need: str
    weeks_waiting: float
    sessions: int
    completed: bool
    progress: float  # 0-1: dose received times how well the service fits the need


@dataclass
class CaseResult:
    """The result of one simulated run of a case."""

    scenario_id: str
    seed: int
    timeline: list[TimelineEvent] = field(default_factory=list)
    weekly: list[WeeklyState] = field(default_factory=list)
    outcomes: Outcomes = field(default_factory=Outcomes)
    pending: Optional[str] = None  # id of the first undecided decision point, when the run stopped there
    needs: list[NeedProgress] = field(default_factory=list)
    risk: Optional["RiskAssessment"] = None  # the structured risk assessment made at intake

    def timeline_frame(self) -> pd.DataFrame:
        """The timeline as a DataFrame, one row an event."""
        import pandas as pd
        return pd.DataFrame([asdict(e) for e in self.timeline], columns=list(TimelineEvent.__dataclass_fields__))

    def weekly_frame(self) -> pd.DataFrame:
        """The week-by-week state as a DataFrame."""
        import pandas as pd
        return pd.DataFrame([asdict(s) for s in self.weekly], columns=list(WeeklyState.__dataclass_fields__))

    def needs_frame(self) -> pd.DataFrame:
        """The referrals and the progress on each need, one row a referral."""
        import pandas as pd
        return pd.DataFrame([asdict(n) for n in self.needs], columns=list(NeedProgress.__dataclass_fields__))
