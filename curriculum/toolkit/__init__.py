"""Widgets and views trainees use to play a case in a notebook."""

from .checks import check
from .lesson import (
    case_life,
    compare_futures,
    compare_levers,
    lesson_case,
    practice_case,
    show_case_path,
    show_model,
    show_practice,
    show_principles,
    vignette,
    vignettes,
)
from .session import CaseSession, DecisionWidget

__all__ = [
    "CaseSession",
    "DecisionWidget",
    "case_life",
    "check",
    "compare_futures",
    "compare_levers",
    "lesson_case",
    "practice_case",
    "show_case_path",
    "show_model",
    "show_practice",
    "show_principles",
    "vignette",
    "vignettes",
]
