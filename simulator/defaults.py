"""System defaults: how the agency, the courts and the foster-care system behave around a case.

The case parameters a scenario may set live in :mod:`scenarios.parameters`.
These are the rest: the front door (screening, response tracks, findings), the
foster-care system (settings, moves, exits, re-entry) and what follows closure.
The single-case engine and the population generator read the same table, and
the defaults are the values that bring the simulated population near the
published national figures (``casework calibrate``). Each value can be
overridden by name for a what-if (``simulate_population(..., settings=...)``);
names and ranges are checked.

Rates are per week unless the unit says otherwise.
"""

from __future__ import annotations

from typing import Mapping, Optional

from scenarios.parameters import Parameter

# placement settings, as the AFCARS point-in-time counts group them
KIN, FOSTER, CONGREGATE, TRIAL_HOME_VISIT, PRE_ADOPTIVE, OTHER = (
    "kin", "foster", "congregate", "trial_home_visit", "pre_adoptive", "other",
)
SETTINGS = (KIN, FOSTER, CONGREGATE, TRIAL_HOME_VISIT, PRE_ADOPTIVE, OTHER)
SETTING_WORDS = {
    KIN: "with relatives",
    FOSTER: "in a foster home",
    CONGREGATE: "in a group home",
    TRIAL_HOME_VISIT: "home on a trial visit",
    PRE_ADOPTIVE: "in a pre-adoptive home",
    OTHER: "in supervised independent living",
}

# ways out of care, as AFCARS names them
REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION, EMANCIPATION, OTHER_EXIT = (
    "reunification", "living with relatives", "guardianship", "adoption", "emancipation", "other",
)
EXITS = (REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION, EMANCIPATION, OTHER_EXIT)
PERMANENT_EXITS = (REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION)

SYSTEM: dict[str, Parameter] = {
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
        Parameter("victim_finding", 0.55, 0.0, 1.0, "probability",
                  "Chance an investigation of maltreatment that did happen finds (substantiates) it."),
        Parameter("false_finding", 0.03, 0.0, 1.0, "probability",
                  "Chance an investigation finds maltreatment where none happened."),
        # --- safety ---
        Parameter("threat_cutoff", 0.50, 0.0, 1.0, "share (0-1)",
                  "Danger level above which the safety assessment finds a safety threat."),
        Parameter("plan_feasibility", 0.50, 0.0, 1.0, "probability",
                  "Chance a safety threat can be managed at home with a plan when the family engages and has "
                  "people to carry the plan (falls without them)."),
        # --- in-home services and closure ---
        Parameter("in_home_service_weeks", 20.0, 1.0, 104.0, "weeks",
                  "Typical length of an in-home services case."),
        Parameter("recurrence_base", 0.11, 0.0, 1.0, "chance per year",
                  "Chance of new maltreatment within a year of closure for a family of average danger."),
        # --- foster care: settings and moves ---
        Parameter("kin_move_factor", 0.5, 0.0, 5.0, "times the foster-home rate",
                  "How often children in relatives' homes move, against non-relative foster homes."),
        Parameter("congregate_move_factor", 1.5, 0.0, 5.0, "times the foster-home rate",
                  "How often children in group care move, against non-relative foster homes."),
        Parameter("early_move_factor", 2.5, 1.0, 5.0, "times the usual rate",
                  "How much more often children move in their first eight weeks in care."),
        Parameter("teen_congregate_share", 0.9, 0.0, 1.0, "probability",
                  "Chance a young person of 13 or older placed outside the family goes to group care."),
        Parameter("kin_found_later", 0.35, 0.0, 1.0, "probability",
                  "Chance that a move from a non-relative home is to relatives found since (when there are any)."),
        # --- foster care: exits ---
        Parameter("reunification_rate", 0.016, 0.0, 0.5, "probability per week",
                  "Weekly chance of a return home for a family that has made the changes the plan asks for."),
        Parameter("early_return_rate", 0.024, 0.0, 0.5, "probability per week",
                  "Weekly chance, in the first eight weeks, that the crisis behind a removal resolves and the "
                  "child goes straight home."),
        Parameter("trial_home_visit_share", 0.9, 0.0, 1.0, "probability",
                  "Share of returns home that begin as a trial home visit while the child is still in care."),
        Parameter("trial_home_visit_weeks", 16.0, 1.0, 52.0, "weeks",
                  "Typical length of a trial home visit before custody returns to the parents."),
        Parameter("trial_home_visit_failure", 0.008, 0.0, 0.5, "probability per week",
                  "Weekly chance that a trial home visit breaks down and the child returns to care."),
        Parameter("relatives_exit_rate", 0.0008, 0.0, 0.5, "probability per week",
                  "Weekly chance that custody passes to a relative or the other parent, ending care."),
        Parameter("other_exit_rate", 0.00012, 0.0, 0.5, "probability per week",
                  "Weekly chance of another exit (transfer to another agency, running away) for a younger child; "
                  "four times this for young people of 14 or older."),
        Parameter("tpr_weeks", 40.0, 1.0, 156.0, "weeks",
                  "Typical time from a goal of adoption to the end of parental rights."),
        Parameter("adoption_placement_rate", 0.03, 0.0, 0.5, "probability per week",
                  "Weekly chance, after parental rights end, that a child under 6 moves in with (or is matched to) "
                  "the adoptive family; it falls with age."),
        Parameter("adoption_finalisation_weeks", 28.0, 1.0, 104.0, "weeks",
                  "Typical time from the adoptive placement to the finalised adoption."),
        Parameter("guardianship_rate", 0.012, 0.0, 0.5, "probability per week",
                  "Weekly chance that a guardianship goal is finalised."),
        Parameter("emancipation_age", 18.0, 16.0, 21.0, "years",
                  "Age at which a young person still in care leaves it (aging out)."),
        Parameter("reentry_base", 0.10, 0.0, 1.0, "chance per year",
                  "Chance of returning to care within a year of going home, for a family of average danger."),
    ]
}


def system_settings(overrides: Optional[Mapping[str, float]] = None) -> dict[str, float]:
    """The system defaults with these overrides, each checked by name and range."""
    values = {name: p.default for name, p in SYSTEM.items()}
    for name, value in (overrides or {}).items():
        if name not in SYSTEM:
            raise ValueError(f"unknown system setting {name!r}; known: {', '.join(SYSTEM)}")
        values[name] = SYSTEM[name].check(value)
    return values
