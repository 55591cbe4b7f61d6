"""The case parameters a scenario may set and a decision may change.

This table is the one place that names them, with their unit, range and
default. The scenario format accepts only these names (so a typo in a scenario
file is an error, not a silent no-op), and the simulator reads only these.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    """One tunable quantity of a simulated case."""

    name: str
    default: float
    low: float
    high: float
    unit: str
    description: str

    def clamp(self, value: float) -> float:
        """Keep a value inside the parameter's range."""
        return min(self.high, max(self.low, value))

    def check(self, value: object) -> float:
        """The value as a float if it is a number inside the range; otherwise a ValueError saying why."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise ValueError(f"{self.name} must be a number ({self.unit}), got {value!r}")
        if not self.low <= value <= self.high:
            what = "a probability" if "probability" in self.unit or "chance" in self.unit else self.unit
            raise ValueError(
                f"{self.name} = {value:g} is outside its range {self.low:g}-{self.high:g} ({what})"
            )
        return float(value)


PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in [
        Parameter(
            "engagement", 0.4, 0.0, 1.0, "share (0-1)",
            "How much the family trusts the worker and takes part in the work.",
        ),
        Parameter(
            "working_relationship", 0.5, 0.0, 1.0, "share (0-1)",
            "Quality of the worker's approach; each contact pulls engagement toward it.",
        ),
        Parameter(
            "protective_capacity", 0.4, 0.0, 1.0, "share (0-1)",
            "Caregivers' ability to keep the child safe without the agency.",
        ),
        Parameter(
            "stress", 0.5, 0.0, 1.0, "share (0-1)",
            "Baseline pressure on the household (money, housing, health, conflict).",
        ),
        Parameter(
            "safety_plan", 0.0, 0.0, 1.0, "share (0-1)",
            "Strength of the safety plan in place: specific, agreed, and carried by named people.",
        ),
        Parameter(
            "network_support", 0.1, 0.0, 1.0, "share (0-1)",
            "How actively relatives, friends and community ties help keep the child safe.",
        ),
        Parameter(
            "service_fit", 0.5, 0.0, 1.0, "share (0-1)",
            "How well referred services match the family's underlying needs.",
        ),
        Parameter(
            "access_barriers", 0.3, 0.0, 1.0, "share (0-1)",
            "Transport, childcare, schedule and language obstacles to attending services.",
        ),
        Parameter(
            "contact_interval", 2.0, 0.5, 8.0, "weeks",
            "Time between the caseworker's contacts with the family.",
        ),
        Parameter(
            "weekly_risk", 0.04, 0.0, 0.5, "probability per week",
            "Chance of a maltreatment incident in a week under neutral conditions.",
        ),
        Parameter(
            "stressor_rate", 0.3, 0.0, 3.0, "events per week",
            "How often a new stressor (a bill, a conflict, an illness) hits the household.",
        ),
        # added with the full case engine; every one has a default, so older scenario files are unchanged
        Parameter(
            "worker_turnover", 0.3, 0.0, 1.0, "chance per year",
            "Chance that the case's caseworker leaves within a year; each change of worker costs "
            "engagement and leaves a gap in visits.",
        ),
        Parameter(
            "team_meeting_interval", 6.0, 0.0, 26.0, "weeks",
            "Weeks between family team meetings once people from the family's network have joined the team "
            "(0: no meetings).",
        ),
        Parameter(
            "kin_availability", 0.5, 0.0, 1.0, "probability",
            "Chance that a relative or close family friend can care for the child if the child must be placed.",
        ),
        Parameter(
            "visit_frequency", 1.0, 0.0, 7.0, "visits per week",
            "Family time (parent-child visits) while the child is in care.",
        ),
        Parameter(
            "placement_move_rate", 0.03, 0.0, 0.5, "probability per week",
            "Weekly chance that a child in a non-relative foster home moves to another home; children with "
            "relatives move about half as often, children in group care about one and a half times as often.",
        ),
        Parameter(
            "court_review_interval", 26.0, 4.0, 52.0, "weeks",
            "Weeks between court reviews while the child is in care (federal law: at least every six months).",
        ),
        Parameter(
            "permanency_hearing_week", 52.0, 4.0, 104.0, "weeks in care",
            "When the court holds the permanency hearing (federal law: within 12 months of entering care).",
        ),
    ]
}


def parameter_names() -> list[str]:
    """Names of all case parameters, in table order."""
    return list(PARAMETERS)
