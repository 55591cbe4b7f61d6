"""A test helper: enter a coach's hand grade and comment in the gradebook, as nbgrader's formgrader does.

Coaches grade written answers in the formgrader (on a hub, Nbgrader -> Formgrader, ``deploy/coach_formgrader.py``);
tests that need a hand-graded cohort set the same fields with the formgrader's rules through this function.
The tests import it by name (``from manual_grades import record_manual_grade``): pytest puts ``tests/`` on the path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

from grading.coach.evidence import gradebook_url


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
