"""Record a coach's manual grade and comment in the gradebook, as nbgrader's formgrader does."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from .coach.evidence import gradebook_url


def record_manual_grade(
    course_dir: Union[str, Path], assignment: str, trainee: str, cell: str, score: Optional[float], comment: Optional[str] = None,
    notebook: Optional[str] = None,
) -> None:
    """Set the manual score (and comment) of one hand-graded cell, with the formgrader's rules."""
    from nbgrader.api import Gradebook

    notebook = notebook or assignment
    with Gradebook(gradebook_url(course_dir)) as gb:
        grade = gb.find_grade(cell, notebook, assignment, trainee)
        grade.manual_score = score
        # formgrader: a cell needs grading until it has a manual or an automatic score
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        if comment is not None:
            gb.find_comment(cell, notebook, assignment, trainee).manual_comment = comment
        gb.db.commit()
