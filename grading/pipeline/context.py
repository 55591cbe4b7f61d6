"""Where a pipeline step finds the course, the submission and the frozen build, from inside nbgrader."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..key import AnswerKey, key_path, load_key

BUILD_MANIFEST = "assignments.json"  # in <course>/keys/: assignment -> scenario, frozen at build
SCORES_DIR = "scores"                # <course>/scores/<assignment>/<trainee>.json: stored per-decision scores
RECOVERED_DIR = "recovered"          # <course>/recovered/<assignment>/<trainee>.json: choices a coach recovered


def coursedir_of(step) -> Optional[object]:
    """nbgrader's CourseDirectory, found up the preprocessor's parent chain (the converter holds it)."""
    node = getattr(step, "parent", None)
    while node is not None:
        if getattr(node, "coursedir", None) is not None:
            return node.coursedir
        node = getattr(node, "parent", None)
    return None


@dataclass(frozen=True)
class Submission:
    """One trainee's submission of one assignment, as a pipeline step sees it."""

    course: Path
    trainee: str
    assignment: str
    notebook: str
    submitted: Path
    autograded: Path

    @property
    def source(self) -> Path:
        return self.course / "source" / self.assignment

    @property
    def release(self) -> Path:
        return self.course / "release" / self.assignment

    @property
    def scores_file(self) -> Path:
        return scores_file(self.course, self.assignment, self.trainee)

    @property
    def recovered_file(self) -> Path:
        return self.course / RECOVERED_DIR / self.assignment / f"{self.trainee}.json"


def submission_of(step, resources) -> Submission:
    """The submission a step is working on (raises if nbgrader did not say)."""
    coursedir = coursedir_of(step)
    if coursedir is None:
        raise RuntimeError("no nbgrader course directory above this step")
    nbg = resources["nbgrader"]
    student, assignment = nbg["student"], nbg["assignment"]
    return Submission(
        course=Path(coursedir.root).resolve(),
        trainee=student,
        assignment=assignment,
        notebook=nbg["notebook"],
        submitted=Path(coursedir.format_path(coursedir.submitted_directory, student, assignment)),
        autograded=Path(coursedir.format_path(coursedir.autograded_directory, student, assignment)),
    )


def scores_file(course: Path, assignment: str, trainee: str) -> Path:
    """Where the stored scores of one submission live."""
    return Path(course) / SCORES_DIR / assignment / f"{trainee}.json"


def build_manifest(course: Path) -> dict:
    """The frozen build's assignment table (``{}`` when the course predates it)."""
    try:
        return json.loads((Path(course) / "keys" / BUILD_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


@lru_cache(maxsize=64)
def _key(path: str, mtime: float) -> AnswerKey:
    return load_key(path)


def frozen_key(course: Path, assignment: str) -> AnswerKey:
    """The key frozen at build for an assignment (raises ``LookupError`` when there is none)."""
    entry = build_manifest(course).get(assignment)
    if not entry:
        raise LookupError(f"assignment {assignment!r} is not in the course build ({BUILD_MANIFEST}); rebuild the course")
    path = key_path(course, entry["scenario"])
    if not path.exists():
        raise LookupError(f"no frozen key {path.name} for assignment {assignment!r}; rebuild the course")
    return _key(str(path), path.stat().st_mtime)
