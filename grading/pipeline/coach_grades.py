"""Regrading never undoes the coach's work.

nbgrader's ``SaveAutoGrades`` marks every cell that has a manual score as
"needs manual grade" again on each autograde, so grading a late submission
(``casework grade`` autogrades every submission) used to send every finished
hand grade back to the coach. These two steps bracket it:

- ``RememberCoachGrades`` (before scoring): which hand-graded answers the
  coach has finished (a manual score, not waiting), and whether each answer is
  the same text the coach graded (its SHA-256 is kept, owner-only, beside the
  stored scores in ``answers/``, at every autograde);
- ``RestoreCoachGrades`` (after ``SaveAutoGrades``): a finished grade of an
  unchanged answer stays finished, with its score and comment. A changed answer
  (a re-submission with new text) waits for the coach again, as it should.
"""

from __future__ import annotations

import hashlib
import json

from nbgrader import utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor

from ..key import write_private
from .context import submission_of


def _answers(nb) -> dict[str, str]:
    """Each hand-graded answer's SHA-256, by grade id."""
    return {cell.metadata["nbgrader"]["grade_id"]: hashlib.sha256(cell.source.strip().encode("utf-8")).hexdigest()
            for cell in nb.cells if utils.is_grade(cell) and utils.is_solution(cell)}


def _ids(resources) -> tuple[str, str, str, str]:
    info = resources["nbgrader"]
    return info["notebook"], info["assignment"], info["student"], info["db_url"]


class RememberCoachGrades(NbGraderPreprocessor):
    """Note the coach's finished hand grades whose answer is unchanged since the last autograde."""

    def preprocess(self, nb, resources):
        sub = submission_of(self, resources)
        path = sub.scores_file.parent / "answers" / f"{sub.trainee}.json"
        try:
            previous = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            previous = {}
        current = _answers(nb)
        notebook, assignment, student, db_url = _ids(resources)
        finished = []
        with Gradebook(db_url) as gb:
            for grade_id, digest in current.items():
                try:
                    grade = gb.find_grade(grade_id, notebook, assignment, student)
                except MissingEntry:
                    continue
                if grade.manual_score is not None and not grade.needs_manual_grade and previous.get(grade_id) == digest:
                    finished.append(grade_id)
        resources.setdefault("casework", {})["coach_finished"] = finished
        write_private(path, json.dumps(current, indent=1))
        return nb, resources


class RestoreCoachGrades(NbGraderPreprocessor):
    """After nbgrader saved the autograder's scores: the coach's finished grades of unchanged answers stay finished."""

    def preprocess(self, nb, resources):
        finished = resources.get("casework", {}).get("coach_finished", [])
        if not finished:
            return nb, resources
        notebook, assignment, student, db_url = _ids(resources)
        with Gradebook(db_url) as gb:
            for grade_id in finished:
                gb.find_grade(grade_id, notebook, assignment, student).needs_manual_grade = False
            gb.db.commit()
        return nb, resources
