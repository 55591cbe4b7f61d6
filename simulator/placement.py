"""Out-of-home placement: the child's time in care, moves, family time, the court, and the ways out of care."""

from __future__ import annotations

import math

from . import intake, permanency
from .case import Case
from .caseworker import CAPACITY_TO_REUNIFY
from .defaults import (
    ADOPTION,
    EMANCIPATION,
    GUARDIANSHIP,
    KIN,
    PERMANENT_EXITS,
    PRE_ADOPTIVE,
    RELATIVES,
    REUNIFICATION,
    SETTING_WORDS,
)

EARLY_WEEKS = 8  # moves are likelier in the first weeks of a placement


def in_care(case: Case, setting: str):
    """Process: the child lives in care until going home or another exit, with the court's reviews."""
    rng = case.rng["placement"]
    p, system = case.params, case.system
    outcomes = case.result.outcomes
    timeout = case.env.timeout
    if case.last_exit_week is not None and case.now - case.last_exit_week <= 52:
        outcomes.reentered = True
    if case.first_placed_week is None:
        case.first_placed_week = case.now
    case.child_at_home = False
    case.placing = False
    case.placement_setting = setting
    outcomes.placed = True
    outcomes.placements += 1
    outcomes.placement_setting = outcomes.placement_setting or setting
    # removal shakes the family's trust in the worker
    case.nudge("engagement", -0.15)
    case.log("placement", f"Child placed {SETTING_WORDS[setting]}")
    intake.record_safety_decision(case)

    weeks, goal = 0, REUNIFICATION
    next_review = p["court_review_interval"]
    hearing_done = False
    tpr_week = adoptive_week = None
    while case.placement_setting is not None:
        yield timeout(1)
        if case.placement_setting is None:  # returned home at a contact this week
            break
        weeks += 1
        outcomes.weeks_in_care += 1
        setting = case.placement_setting
        age = case.child_age + case.now / 52 if case.child_age is not None else None

        # family time keeps parents and child connected, and the parents working toward return
        visits = p["visit_frequency"]
        outcomes.family_time_visits += visits
        case.nudge("engagement", 0.005 * min(visits, 2.0))

        rate = p["placement_move_rate"] * permanency.move_factor(system, setting)
        if weeks <= EARLY_WEEKS:
            rate *= system["early_move_factor"]
        if setting != PRE_ADOPTIVE and rng.random() < rate:
            kin_ok = rng.random() < p["kin_availability"]
            new = permanency.next_setting(rng, system, setting, age, kin_ok)
            outcomes.placement_moves += 1
            case.placement_setting = new
            case.log("placement", "Placement move", f"the child moves to a new home, {SETTING_WORDS[new]}")

        if not hearing_done and weeks >= p["permanency_hearing_week"]:
            hearing_done = True
            ready = p["protective_capacity"] >= CAPACITY_TO_REUNIFY - permanency.READY_MARGIN
            goal = permanency.permanency_goal(rng, age, case.placement_setting, ready)
            outcomes.permanency_hearing = True
            outcomes.permanency_goal = goal
            outcomes.court_reviews += 1
            next_review = weeks + p["court_review_interval"]
            case.log("court", "Permanency hearing", f"the court sets the goal: {permanency.GOAL_WORDS[goal]}")
            if goal == ADOPTION:
                tpr_week = weeks + system["tpr_weeks"] * (0.5 + rng.random())
        elif weeks >= next_review:
            next_review = weeks + p["court_review_interval"]
            outcomes.court_reviews += 1
            case.log("court", "Court review", f"the goal is {permanency.GOAL_WORDS[goal]}; "
                     f"{outcomes.family_time_visits:.0f} family-time visits so far")

        if case.placement_setting == KIN and weeks < 104 and rng.random() < 2 * system["relatives_exit_rate"]:
            leave_care(case, RELATIVES)  # the relatives caring for the child take custody
        elif goal == GUARDIANSHIP and rng.random() < system["guardianship_rate"]:
            leave_care(case, GUARDIANSHIP)
        elif goal == ADOPTION and tpr_week is not None and weeks >= tpr_week:
            if adoptive_week is None:
                if rng.random() < system["adoption_placement_rate"] * permanency.adoption_age_factor(age or 0):
                    adoptive_week = weeks + system["adoption_finalisation_weeks"] * (0.5 + rng.random())
                    if case.placement_setting != KIN:
                        case.placement_setting = PRE_ADOPTIVE
                    case.log("placement", "Adoptive family found", "the child lives with the family who will adopt")
            elif weeks >= adoptive_week:
                leave_care(case, ADOPTION)
        if case.placement_setting is not None and age is not None and age >= system["emancipation_age"]:
            leave_care(case, EMANCIPATION)


def leave_care(case: Case, reason: str) -> None:
    """The child's episode in care ends (a return home, or another way out of care)."""
    outcomes = case.result.outcomes
    if not outcomes.exit_reason:
        outcomes.exit_reason = reason
        if reason in PERMANENT_EXITS and math.isnan(outcomes.weeks_to_permanency):
            outcomes.weeks_to_permanency = round(case.now - case.first_placed_week, 3)
    case.placement_setting = None
    case.last_exit_week = case.now
    case.log("placement", f"The child {permanency.EXIT_WORDS[reason]}")
    if reason != REUNIFICATION and case.open_case:
        case.close(f"the child has left care: {reason}")


def reunify(case: Case) -> None:
    """Return the child home."""
    if case.child_at_home or case.placement_setting is None:
        return
    case.child_at_home = True
    case.result.outcomes.reunified = True
    leave_care(case, REUNIFICATION)
