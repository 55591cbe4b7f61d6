"""Autograde submissions and write feedback through nbgrader's Python API; read the gradebook."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

import pandas as pd

from .course import check, course_api, course_config


def submitted_trainees(course_dir: Union[str, Path], assignment: str) -> list[str]:
    """Trainees with a submission folder for an assignment."""
    root = Path(course_dir) / "submitted"
    return sorted(p.parent.name for p in root.glob(f"*/{assignment}") if p.is_dir())


def autograde(course_dir: Union[str, Path], assignment: str, trainees: Optional[Iterable[str]] = None, progress=None) -> dict[str, str]:
    """Autograde each trainee's submission; returns ``{trainee: problem}`` for any that failed."""
    from .pipeline.submission import set_aside_unsafe

    api = course_api(course_dir)
    problems = {}
    for trainee in list(trainees or submitted_trainees(course_dir, assignment)):
        set_aside_unsafe(Path(course_dir), trainee, assignment)  # nbgrader's copy would follow a link
        result = api.autograde(assignment, trainee, force=True, create=True)
        if not result.get("success"):
            problems[trainee] = (result.get("error") or result.get("log") or "autograde failed").strip().splitlines()[-1]
        if progress:
            progress(trainee)
    return problems


def generate_feedback(course_dir: Union[str, Path], assignment: str, trainees: Optional[Iterable[str]] = None) -> list[Path]:
    """Write the HTML feedback of each trainee; returns the feedback files."""
    api = course_api(course_dir)
    files = []
    for trainee in list(trainees or submitted_trainees(course_dir, assignment)):
        check(api.generate_feedback(assignment, trainee, force=True), f"generate_feedback {assignment} {trainee}")
        files.extend(sorted((Path(course_dir) / "feedback" / trainee / assignment).glob("*.html")))
    return files


def gradebook_frame(course_dir: Union[str, Path]) -> pd.DataFrame:
    """Every graded cell in the gradebook: one row per trainee, assignment and cell."""
    from nbgrader.api import Gradebook

    config = course_config(course_dir)
    db_url = config.CourseDirectory.get("db_url") or f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"
    rows = []
    with Gradebook(db_url) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    comments = {c.name: c.comment for c in notebook.comments}
                    for g in notebook.grades:
                        rows.append(
                            {
                                "trainee": submission.student.id,
                                "assignment": assignment.name,
                                "notebook": notebook.name,
                                "cell": g.name,
                                "score": g.score,
                                "max_score": g.max_score,
                                "auto_score": g.auto_score,
                                "manual_score": g.manual_score,
                                "needs_manual_grade": g.needs_manual_grade,
                                "comment": comments.get(g.name),
                            }
                        )
    return pd.DataFrame(
        rows,
        columns=["trainee", "assignment", "notebook", "cell", "score", "max_score", "auto_score", "manual_score", "needs_manual_grade", "comment"],
    )
