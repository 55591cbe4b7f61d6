"""Out-of-home placement: the child's time in care, moves between homes, and return home."""

from __future__ import annotations

from .case import Case

MOVE_HAZARD = {"kin": 0.015, "foster": 0.04}


def in_care(case: Case, setting: str):
    """Process: the child lives in a kin or foster home until reunified."""
    rng = case.rng["placement"]
    outcomes = case.result.outcomes
    case.child_at_home = False
    case.placement_setting = setting
    outcomes.placed = True
    outcomes.placement_setting = outcomes.placement_setting or setting
    # removal shakes the family's trust in the worker
    case.nudge("engagement", -0.15)
    where = "with relatives" if setting == "kin" else "in a foster home"
    case.log("placement", f"Child placed {where}")
    while not case.child_at_home:
        yield case.env.timeout(1)
        outcomes.weeks_in_care += 1
        if rng.random() < MOVE_HAZARD[setting]:
            outcomes.placement_moves += 1
            case.log("placement", "Placement move", "the child moved to a different home")


def reunify(case: Case) -> None:
    """Return the child home."""
    if case.child_at_home:
        return
    case.child_at_home = True
    case.placement_setting = None
    case.result.outcomes.reunified = True
    case.log("placement", "Child returned home")
