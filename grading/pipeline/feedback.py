"""Feedback a trainee can read: each graded cell named, and what still waits for the coach said plainly.

``NameFeedbackCells`` runs in ``nbgrader generate_feedback`` after nbgrader's
``GetGrades``. It gives every grade cell a heading (the practice area, or the
written answer's title) and its points in words, marks a hand-graded answer
the coach has not graded yet as *waiting for your coach* (nbgrader would show
"0.0 / 3.0"), and sums what is final apart from what is pending. The course's
feedback template (``grading/templates/nbgrader/feedback``) shows those words.

``HoldBackKey`` runs before it: until the coach releases the assignment's key
(``casework release-key``, :mod:`grading.release`), feedback carries the
trainee's own choices, scores and messages but not the key's reasons (the
"why:" lines of each practice area) nor the practice model's futures (the
futures cell shows the trainee's plan alone, from the version
:class:`~grading.pipeline.playout.PlayOutCase` kept in the cell's metadata).
The autograded notebook, the coach's view, keeps everything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Optional

from nbformat.v4 import new_output
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor

from scenarios.catalog import load_catalog

from ..grade_ids import FUTURES

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



def _titles(course: Path, assignment: str) -> dict[str, str]:
    """grade id -> heading: ``Engage`` for ``score-engage``, a written answer's title for its id."""
    from ..grade_ids import score_cell
    from .context import build_manifest, frozen_key

    names = {score_cell(k): v for k, v in load_catalog().practice_names().items()}
    names["__title__"] = build_manifest(course).get(assignment, {}).get("title", assignment)
    try:
        key = frozen_key(course, assignment)
    except LookupError:
        return names
    for w in key.written_answers:
        names[w.id] = f"Your written answer: {w.title}"
    for practice in key.practice_points():
        names[score_cell(practice)] = f"{load_catalog().practice_names().get(practice, practice.capitalize())}: your decisions"
    return names


KEY_STATE = "casework_key"  # resources[KEY_STATE]: {"released": bool, "held_back": bool}, set by HoldBackKey
WHY_LINE = re.compile(r"^[ \t]*why:.*(?:\n|$)", re.M)  # grading.pipeline.score.area_feedback writes them
FUTURES_HELD_BACK = ("<div class='casework-card'><p>Your plan's futures come with the practice model's, "
                     "once the class has finished this case.</p></div>")


def _without_why(text) -> str:
    text = "".join(text) if isinstance(text, list) else str(text or "")
    return WHY_LINE.sub("", text)


def _stored_futures_without_key(course: Path, assignment: str, trainee: str) -> Optional[str]:
    """The trainee's futures without the model's column, from the stored scores (a notebook graded before
    PlayOutCase kept that version in the cell's metadata)."""
    from .context import scores_file

    try:
        from curriculum.toolkit.render import futures_html

        stored = json.loads(scores_file(course, assignment, trainee).read_text(encoding="utf-8"))["futures"]
        return futures_html(None, {}, None, runs=int(stored["runs"]), summary=dict(stored["summary"]))
    except Exception:  # noqa: BLE001 - then the futures wait, with a note
        return None


class HoldBackKey(NbGraderPreprocessor):
    """Until the coach releases the key, take the key's reasons and the practice model's futures out of feedback."""

    def preprocess(self, nb, resources):
        from ..release import key_released
        from .context import coursedir_of
        from .playout import WITHOUT_KEY

        nbg = resources["nbgrader"]
        coursedir = coursedir_of(self)
        course = Path(coursedir.root).resolve() if coursedir is not None else None
        try:
            released = course is not None and key_released(course, nbg["assignment"])
        except ValueError:  # not an assignment id this course could have released
            released = False
        for cell in nb.cells:
            meta = cell.metadata.get("casework")
            kept = meta.pop(WITHOUT_KEY, None) if isinstance(meta, dict) else None
            if isinstance(meta, dict) and not meta:
                del cell.metadata["casework"]
            if released or cell.cell_type != "code":
                continue
            nbgrader = cell.metadata.get("nbgrader", {})
            if nbgrader.get("grade"):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "stream":
                        out["text"] = _without_why(out.get("text", ""))
            elif nbgrader.get("grade_id") == FUTURES and cell.get("outputs"):
                # outputs here are the coach's side's (nbgrader cleared the submission's): PlayOutCase filled them,
                # and with them the version without the key
                if not isinstance(kept, str) and course is not None:
                    kept = _stored_futures_without_key(course, nbg["assignment"], nbg["student"])
                html = kept if isinstance(kept, str) else FUTURES_HELD_BACK
                cell.outputs = [new_output("display_data", data={"text/html": html, "text/plain": "(see the HTML view)"})]
        resources[KEY_STATE] = {"released": bool(released), "held_back": not released}
        return nb, resources


class NameFeedbackCells(NbGraderPreprocessor):
    """Name each grade cell, say which scores are final, and which wait for the coach."""

    def preprocess(self, nb, resources):
        from ..release import HELD_BACK_NOTE
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
            # one line in the header when HoldBackKey held the key back
            "key_held_back": HELD_BACK_NOTE if resources.get(KEY_STATE, {}).get("held_back") else "",
        }
        return nb, resources
