"""The case parameters a scenario may set and a decision may change.

This table is the one place that names them, with their unit, range and
default. The scenario format accepts only these names (so a typo in a scenario
file is an error, not a silent no-op), and the simulator reads only these.
"""

from __future__ import annotations

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
    ]
}


def parameter_names() -> list[str]:
    """Names of all case parameters, in table order."""
    return list(PARAMETERS)
