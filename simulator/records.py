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
    # what removal cost (simulator.care): added fields, so readers of the ones above are unchanged
    incidents_in_care: int = 0  # maltreatment in care (also counted in safety_incidents)
    court_hearings: int = 0  # every hearing of the child's court case, reviews included
    connections_lost: int = 0  # homes, schools and people the child lost with a removal or a move
    child_wellbeing: float = 1.0  # 1 = no harm from the case's events; removal, moves and harm lower it
    removal_unneeded: bool = False  # placed while a safety plan could have kept the child safe at home
    # adult services (a scenario with service: adult)
    service: str = "child"
    protective_petition: bool = False  # the agency asked a court to decide for the adult
    adult_setting: str = ""  # where the adult lives at the end: own home, with family, assisted living, ...
    adult_choices_respected: bool = False  # no decision overrode the adult's own choices
    least_restrictive: bool = False  # living at the end in the least restrictive setting that is safe
    services_accepted: int = 0  # services the person took up (started)

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
    skipped: list[str] = field(default_factory=list)  # decision points whose ``when`` did not hold: not on this path
    states: dict = field(default_factory=dict)  # decision point id -> scenarios.conditions.State as it came up
    after: dict = field(default_factory=dict)  # decision point id -> the State right after its choice
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
