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
            "placement_move_rate", 0.028, 0.0, 0.5, "probability per week",
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


# How the agency, the courts and the foster-care system behave around a case. A scenario may
# override any of these for its own case (its 'system:' section); decisions cannot change them.
# The population generator reads the same table, and the defaults are the values that bring the
# simulated population near the published national figures ('casework calibrate').
# Rates are per week unless the unit says otherwise.
SYSTEM_PARAMETERS: dict[str, Parameter] = {
    p.name: p
    for p in [
        # --- the front door ---
        Parameter("screen_in_base", 0.39, 0.0, 1.0, "probability",
                  "Chance a report with no concerning detail is screened in; each point of concern adds to it."),
        Parameter("screen_in_per_concern", 0.09, 0.0, 1.0, "probability",
                  "How much each point of the report's concern (a danger sign, a risk factor) adds to screening in."),
        Parameter("assessment_track_share", 0.35, 0.0, 1.0, "probability",
                  "Share of eligible screened-in reports (no alleged physical or sexual abuse, risk below very "
                  "high) that get a family assessment instead of an investigation."),
        Parameter("victim_finding", 0.64, 0.0, 1.0, "probability",
                  "Chance an investigation of maltreatment that did happen finds (substantiates) it."),
        Parameter("false_finding", 0.03, 0.0, 1.0, "probability",
                  "Chance an investigation finds maltreatment where none happened."),
        # --- safety ---
        Parameter("threat_cutoff", 0.52, 0.0, 1.0, "share (0-1)",
                  "Danger level above which the safety assessment finds a safety threat."),
        Parameter("plan_feasibility", 0.70, 0.0, 1.0, "probability",
                  "Chance a safety threat can be managed at home with a plan when the family engages and has "
                  "people to carry the plan (falls without them)."),
        # --- in-home services and closure ---
        Parameter("in_home_service_weeks", 20.0, 1.0, 104.0, "weeks",
                  "Typical length of an in-home services case."),
        Parameter("recurrence_base", 0.094, 0.0, 1.0, "chance per year",
                  "Chance of new maltreatment within a year of closure for a family of average danger."),
        # --- foster care: settings and moves ---
        Parameter("kin_move_factor", 0.5, 0.0, 5.0, "times the foster-home rate",
                  "How often children in relatives' homes move, against non-relative foster homes."),
        Parameter("congregate_move_factor", 1.5, 0.0, 5.0, "times the foster-home rate",
                  "How often children in group care move, against non-relative foster homes."),
        Parameter("early_move_factor", 2.5, 1.0, 5.0, "times the usual rate",
                  "How much more often children move in their first eight weeks in care."),
        Parameter("teen_congregate_share", 0.95, 0.0, 1.0, "probability",
                  "Chance a young person of 13 or older placed outside the family goes to group care."),
        Parameter("kin_found_later", 0.45, 0.0, 1.0, "probability",
                  "Chance that a move from a non-relative home is to relatives found since (when there are any)."),
        # --- foster care: exits ---
        Parameter("reunification_rate", 0.045, 0.0, 0.5, "probability per week",
                  "Weekly chance of a return home for a family that has made the changes the plan asks for."),
        Parameter("early_return_rate", 0.03, 0.0, 0.5, "probability per week",
                  "Weekly chance, in the first eight weeks, that the crisis behind a removal resolves and the "
                  "child goes straight home."),
        Parameter("trial_home_visit_share", 0.9, 0.0, 1.0, "probability",
                  "Share of returns home that begin as a trial home visit while the child is still in care."),
        Parameter("trial_home_visit_weeks", 18.0, 1.0, 52.0, "weeks",
                  "Typical length of a trial home visit before custody returns to the parents."),
        Parameter("trial_home_visit_failure", 0.008, 0.0, 0.5, "probability per week",
                  "Weekly chance that a trial home visit breaks down and the child returns to care."),
        Parameter("relatives_exit_rate", 0.0008, 0.0, 0.5, "probability per week",
                  "Weekly chance that custody passes to a relative or the other parent, ending care."),
        Parameter("other_exit_rate", 0.00012, 0.0, 0.5, "probability per week",
                  "Weekly chance of another exit (transfer to another agency, running away) for a younger child; "
                  "four times this for young people of 14 or older."),
        Parameter("tpr_weeks", 75.0, 1.0, 156.0, "weeks",
                  "Typical time from a goal of adoption to the end of parental rights."),
        Parameter("adoption_placement_rate", 0.035, 0.0, 0.5, "probability per week",
                  "Weekly chance, after parental rights end, that a child under 6 moves in with (or is matched to) "
                  "the adoptive family; it falls with age."),
        Parameter("adoption_finalisation_weeks", 24.0, 1.0, 104.0, "weeks",
                  "Typical time from the adoptive placement to the finalised adoption."),
        Parameter("guardianship_rate", 0.006, 0.0, 0.5, "probability per week",
                  "Weekly chance that a guardianship goal is finalised."),
        Parameter("emancipation_age", 18.0, 16.0, 21.0, "years",
                  "Age at which a young person still in care leaves it (aging out)."),
        Parameter("reentry_base", 0.07, 0.0, 1.0, "chance per year",
                  "Chance of returning to care within a year of going home, for a family of average danger at "
                  "the capacity that lets a case close (the population sets a family's weekly risk at home from "
                  "it; the single case has its own weekly_risk; both come back into care by one rule, "
                  "simulator.care.reentry_hazard)."),
    ]
}



def parameter_names() -> list[str]:
    """Names of all case parameters, in table order."""
    return list(PARAMETERS)
