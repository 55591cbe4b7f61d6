"""nbgrader preprocessors that put each written answer's rubric in front of the coach, and only the coach.

``InsertRubrics`` runs last in ``nbgrader autograde``: after each hand-graded
cell of the autograded copy it inserts a locked markdown cell with the
scenario's rubric (levels with descriptors), the practice behaviours the answer
evidences, the exemplar, and the comment-bank comments on those behaviours,
so the formgrader shows them beside the answer being graded. Authors keep the
rubric in the scenario file (``written_answers[].rubric``); this step reads the
copy frozen into the course's key at build, like every other grading step.
Author and comment-bank text is escaped, so it shows as text, never as HTML.

``RemoveRubrics`` runs first in ``nbgrader generate_feedback``, so the rubric
and exemplar never reach a trainee's feedback. Release never sees either: the
rubric cell exists only in ``autograded/``.
"""

from __future__ import annotations

import html
from typing import Optional

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor

RUBRIC_KEY = "casework_rubric"


def is_rubric_cell(cell) -> bool:
    """Whether a cell is a rubric cell inserted for the coach."""
    return RUBRIC_KEY in cell.get("metadata", {})


def _text(value: str) -> str:
    """Author or comment text as literal markdown text: no HTML, no table breaks, one line."""
    return html.escape(" ".join(str(value).split()), quote=False).replace("|", "\\|")


def rubric_markdown(answer, behaviour_names: dict[str, str], bank_comments=()) -> str:
    """The rubric cell's text for one written answer (a :class:`grading.key.WrittenKey`)."""
    lines = [
        f"### Coach's rubric: {_text(answer.title)}",
        "",
        f"*{answer.points:g} points, practice area {_text(answer.practice)}. Visible to coaches only; "
        "trainees' feedback leaves this cell out.*",
        "",
    ]
    if answer.behaviours:
        lines.append("**Practice behaviours this answer evidences:** "
                     + "; ".join(f"{_text(behaviour_names.get(b, b))} (`{_text(b)}`)" for b in answer.behaviours))
        lines.append("")
    if answer.rubric:
        lines += ["| Points | The answer ... |", "|---|---|"]
        for level in answer.rubric:
            lines.append(f"| {level.points:g} | {_text(level.descriptor)} |")
        lines.append("")
    if answer.exemplar.strip():
        lines += ["<details><summary>Exemplar (for calibrating your grading)</summary>", "",
                  _text(answer.exemplar), "", "</details>", ""]
    if bank_comments:
        lines.append("**Comments you can reuse** (comment bank; paste into the comment box and adapt):")
        lines.append("")
        for c in bank_comments:
            lines.append(f"- *{_text(behaviour_names.get(c.behaviour, c.behaviour))}, {_text(c.when)}*: {_text(c.text)}")
    return "\n".join(lines).rstrip() + "\n"


class InsertRubrics(NbGraderPreprocessor):
    """Insert a locked rubric cell after every hand-graded cell of the autograded notebook."""

    def preprocess(self, nb, resources):
        from scenarios.catalog import load_catalog

        from ..coach.comments import bank_path, comments_for, load_bank
        from .context import frozen_key, submission_of

        nb.cells = [c for c in nb.cells if not is_rubric_cell(c)]  # never trust a submitted copy
        try:
            key = frozen_key(submission_of(self, resources).course, resources["nbgrader"]["assignment"])
        except (LookupError, KeyError, RuntimeError, ValueError) as exc:
            self.log.warning("no rubric cells: %s", exc)
            return nb, resources
        answers = {w.id: w for w in key.written_answers}
        names = load_catalog().behaviour_names()
        try:
            bank = load_bank(bank_path(self._course_root()))
        except ValueError as exc:
            self.log.warning("comment bank not used: %s", exc)
            bank = []
        cells = []
        for cell in nb.cells:
            cells.append(cell)
            meta = cell.metadata.get("nbgrader", {})
            answer = answers.get(meta.get("grade_id"))
            if answer is None or not (meta.get("grade") and meta.get("solution")):
                continue
            matches = [c for b in answer.behaviours for c in comments_for(bank, b)]
            rubric = new_markdown_cell(rubric_markdown(answer, names, matches))
            rubric.metadata["nbgrader"] = {
                "grade": False, "solution": False, "task": False, "locked": True,
                "grade_id": f"rubric-{answer.id}", "schema_version": 3,
            }
            rubric.metadata[RUBRIC_KEY] = {"answer": answer.id, "scenario": key.scenario}
            rubric.metadata["deletable"] = False
            rubric.metadata["editable"] = False
            cells.append(rubric)
        nb.cells = cells
        return nb, resources

    def _course_root(self) -> Optional[str]:
        # the exporter's parent is nbgrader's converter, which knows the course directory
        node = self.parent
        while node is not None:
            if getattr(node, "coursedir", None) is not None:
                return node.coursedir.root
            node = getattr(node, "parent", None)
        return None


class RemoveRubrics(NbGraderPreprocessor):
    """Drop the coach's rubric cells, so feedback never shows a rubric or an exemplar."""

    def preprocess(self, nb, resources):
        nb.cells = [c for c in nb.cells if not is_rubric_cell(c)]
        return nb, resources
