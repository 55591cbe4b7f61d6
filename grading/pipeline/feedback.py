"""Feedback a trainee can read: each graded cell named, and what still waits for the coach said plainly.

``NameFeedbackCells`` runs in ``nbgrader generate_feedback`` after nbgrader's
``GetGrades``. It gives every grade cell a heading (the practice area, or the
written answer's title) and its points in words, marks a hand-graded answer
the coach has not graded yet as *waiting for your coach* (nbgrader would show
"0.0 / 3.0"), and sums what is final apart from what is pending. The course's
feedback template (``grading/templates/nbgrader/feedback``) shows those words.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "nbgrader"


def template_dirs() -> list[str]:
    """Where nbconvert finds the course's feedback template, then nbgrader's own (the formgrader's)."""
    import nbgrader

    return [str(TEMPLATES), str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates")]


def points_text(value) -> str:
    """Points in words: ``2.5 points``, ``1 point``, ``0 points``."""
    value = float(value or 0)
    shown = f"{value:g}" if value == round(value, 2) else f"{value:.2f}"
    return f"{shown} point" + ("" if value == 1 else "s")


@lru_cache(maxsize=None)
def _practice_names() -> dict[str, str]:
    from scenarios.catalog import load_catalog

    return {p.id: p.name for p in load_catalog().practices}


def _titles(course: Path, assignment: str) -> dict[str, str]:
    """grade id -> heading: ``Engage`` for ``score-engage``, a written answer's title for its id."""
    from .context import build_manifest, frozen_key

    names = {f"score-{k}": v for k, v in _practice_names().items()}
    names["__title__"] = build_manifest(course).get(assignment, {}).get("title", assignment)
    try:
        key = frozen_key(course, assignment)
    except LookupError:
        return names
    for w in key.written_answers:
        names[w.id] = f"Your written answer: {w.title}"
    for practice in key.practice_points():
        names[f"score-{practice}"] = f"{_practice_names().get(practice, practice.capitalize())}: your decisions"
    return names


class NameFeedbackCells(NbGraderPreprocessor):
    """Name each grade cell, say which scores are final, and which wait for the coach."""

    def preprocess(self, nb, resources):
        from .context import coursedir_of

        nbg = resources["nbgrader"]
        coursedir = coursedir_of(self)
        titles = _titles(Path(coursedir.root), nbg["assignment"]) if coursedir is not None else {}
        final = final_max = pending_max = 0.0
        pending = []
        with Gradebook(nbg["db_url"]) as gb:
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if not meta.get("grade"):
                    continue
                grade = gb.find_grade(meta["grade_id"], nbg["notebook"], nbg["assignment"], nbg["student"])
                heading = titles.get(meta["grade_id"], meta["grade_id"])
                waiting = bool(grade.needs_manual_grade)
                if waiting:
                    pending_max += grade.max_score or 0
                    pending.append(f"{heading.removeprefix('Your written answer: ')}, {points_text(grade.max_score)}")
                    text = points_text(grade.max_score)
                else:
                    final += grade.score or 0
                    final_max += grade.max_score or 0
                    text = f"{points_text(grade.score).removesuffix(' points').removesuffix(' point')} of {points_text(grade.max_score)}"
                cell.metadata["casework"] = {"heading": heading, "pending": waiting, "points_text": text}
        late = nbg.get("late_penalty") or 0
        final -= late
        resources["casework_feedback"] = {
            "title": titles.get("__title__", nbg["notebook"]),
            "final_text": f"{points_text(final).removesuffix(' points').removesuffix(' point')} of {points_text(final_max)}",
            "pending_text": points_text(pending_max),
            "pending": pending,
        }
        return nb, resources
