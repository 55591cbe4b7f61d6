"""Autograde submissions and write feedback through nbgrader's Python API; read the gradebook."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Optional, Union

import pandas as pd

from .course import check, course_api


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
    """Every graded cell in the gradebook: one row per trainee, assignment and cell (the coach's one gradebook
    reader, :func:`grading.coach.evidence.read_gradebook`)."""
    from .coach.evidence import read_gradebook

    return read_gradebook(course_dir)["grades"]


def stale_cases(course_dir: Union[str, Path]) -> list[str]:
    """A sentence for each assignment whose case file changed after the course was built (grading and the
    reports go on using the key and the case frozen at build)."""
    from scenarios.loader import case_path

    from .key import file_sha256
    from .pipeline.context import build_manifest

    out = []
    for assignment, entry in sorted(build_manifest(Path(course_dir)).items()):
        built = entry.get("case_sha256")
        path = case_path(entry.get("scenario", ""))
        if built and path.is_file() and file_sha256(path) != built:
            out.append(f"the case file of {entry['scenario']} ({assignment}) changed after the course was built; "
                       "grading and the reports use the case and key frozen at build (rebuild the course and regrade "
                       "to use the new version)")
    return out
