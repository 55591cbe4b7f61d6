"""Widgets and views trainees use to play a case in a notebook."""

from .session import CaseSession, DecisionWidget

__all__ = ["CaseSession", "DecisionWidget"]
