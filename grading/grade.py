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


def needs_grading(course_dir: Union[str, Path], assignment: str, trainee: str) -> bool:
    """True unless the submission's files and the frozen key are the ones its stored scores were graded from."""
    from .coach.evidence import read_stored_scores
    from .pipeline.context import build_manifest
    from .pipeline.submission import submission_fingerprint

    course_dir = Path(course_dir)
    stored = read_stored_scores(course_dir, assignment, trainee)
    if not stored or not (course_dir / "autograded" / trainee / assignment).is_dir():
        return True
    built = build_manifest(course_dir).get(assignment, {}).get("case_sha256")
    if built and stored.get("case_sha256") != built:
        return True
    return stored.get("submission_sha256") != submission_fingerprint(course_dir / "submitted" / trainee / assignment)


def autograde(course_dir: Union[str, Path], assignment: str, trainees: Optional[Iterable[str]] = None, progress=None,
              changed_only: bool = False) -> dict[str, str]:
    """Autograde each trainee's submission; returns ``{trainee: problem}`` for any that failed.

    With ``changed_only``, a submission already graded from the same files and key is left as it is.
    A regrade never undoes the coach's hand grades (see ``grading.pipeline.coach_grades``).
    """
    from .pipeline.submission import set_aside_unsafe

    api = course_api(course_dir)
    problems = {}
    for trainee in list(trainees or submitted_trainees(course_dir, assignment)):
        if changed_only and not needs_grading(course_dir, assignment, trainee):
            continue
        set_aside_unsafe(Path(course_dir), trainee, assignment)  # nbgrader's copy would follow a link
        result = api.autograde(assignment, trainee, force=True, create=True)
        if not result.get("success"):
            problems[trainee] = (result.get("error") or result.get("log") or "autograde failed").strip().splitlines()[-1]
        if progress:
            progress(trainee)
    return problems


def generate_feedback(course_dir: Union[str, Path], assignment: str, trainees: Optional[Iterable[str]] = None) -> list[Path]:
    """Write the HTML feedback of each trainee (what is graded is final; a pending hand grade says it waits
    for the coach); returns the feedback files."""
    api = course_api(course_dir)
    files = []
    for trainee in list(trainees or submitted_trainees(course_dir, assignment)):
        check(api.generate_feedback(assignment, trainee, force=True), f"generate_feedback {assignment} {trainee}")
        files.extend(sorted((Path(course_dir) / "feedback" / trainee / assignment).glob("*.html")))
    return files


def pending_hand_grades(course_dir: Union[str, Path], assignment: str) -> dict[str, list[str]]:
    """Trainee -> the hand-graded cells of an assignment still waiting for the coach (graded trainees only)."""
    grades = gradebook_frame(course_dir)
    mine = grades[(grades.assignment == assignment)]
    out: dict[str, list[str]] = {t: [] for t in mine.trainee.unique()}
    for row in mine[mine.needs_manual_grade.fillna(False).astype(bool)].itertuples():
        out[row.trainee].append(row.cell)
    return out


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
