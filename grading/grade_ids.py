"""The names of an assignment notebook's cells (nbgrader grade ids): written by the build
(:mod:`grading.build.assignment`), read by grading, feedback and the coach's reports. One spelling, here."""

from __future__ import annotations

from typing import Optional

SCORE = "score-"    # + practice area: the grade cell scoring the area's decisions
DECIDE = "decide-"  # + decision point: the cell that shows the decision
PROMPT = "prompt-"  # + written answer: the cell that shows its prompt (the answer cell's id is the answer's own)
PLAY_OUT = "play-out"
FUTURES = "futures"


def score_cell(practice: str) -> str:
    """The grade id of a practice area's score cell."""
    return SCORE + practice


def practice_of(grade_id: str) -> Optional[str]:
    """The practice area a score cell scores (None for any other cell)."""
    return grade_id[len(SCORE):] if grade_id.startswith(SCORE) else None


def decide_cell(point: str) -> str:
    """The grade id of a decision point's cell."""
    return DECIDE + point


def point_of(grade_id: str) -> Optional[str]:
    """The decision point a decision cell shows (None for any other cell)."""
    return grade_id[len(DECIDE):] if grade_id.startswith(DECIDE) else None


def prompt_cell(answer: str) -> str:
    """The grade id of a written answer's prompt cell."""
    return PROMPT + answer
