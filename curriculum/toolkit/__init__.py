"""Widgets and views trainees use to play a case in a notebook."""

from .checks import check
from .lesson import compare_futures, lesson_case, show_model, show_practice, show_principles
from .session import CaseSession, DecisionWidget

__all__ = [
    "CaseSession",
    "DecisionWidget",
    "check",
    "compare_futures",
    "lesson_case",
    "show_model",
    "show_practice",
    "show_principles",
]
