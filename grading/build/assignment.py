"""An assignment notebook made from its case: the course entry, the case and the case's ``assignment.md``.

The author writes no notebook: the family, a section per practice in the case's order, a cell per decision
point, a prompt and an answer cell per written answer, the play-out, the futures, the score checks and the
replay are generated here, with the nbgrader metadata; points come from the key only. The words beyond the
case's own are the author's ``assignment.md`` (:mod:`scenarios.prose`). Every code cell's input is hidden
(JupyterLab's ``metadata.jupyter.source_hidden``): a trainee sees the case, not its code.
"""

from __future__ import annotations

from typing import Optional

import nbformat

from scenarios.catalog import load_catalog
from scenarios.models import Scenario
from scenarios.prose import Block, Prose, Tool

from ..course import Assignment
from ..grade_ids import FUTURES, PLAY_OUT as PLAY_OUT_CELL, decide_cell, point_of, prompt_cell, score_cell
from ..key import AnswerKey

NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]

HOW_IT_WORKS = """**How it works**

- Run each cell in order (Shift+Enter). Decisions are made with the buttons
  and boxes that appear; every choice is **kept by the course at once** (a
  copy goes to `decisions.json` beside this notebook). A moment appears when
  the case reaches it, so you can run all cells at any time. If the kernel
  restarts, run the cells again: your choices come back.
- You may change your mind until you decide at the next decision point:
  then the case has moved on and the earlier choice is final (as in a real
  case). Every change is kept in the course's record. The options are
  listed in an order of your own, so your neighbour's screen will differ.
- {scored}
- When you are done, use **Validate** in the toolbar to check that nothing is
  missing, then submit as your trainer explains.

The family is fictional. The practice behaviours come from the state practice
models the course is built on (see the course map)."""

PLAY_OUT = """## How the case unfolds

{words}"""

PLAY_OUT_WORDS = ("The simulation now follows the family for {span}. Move the slider to walk through the case "
                  "week by week. Nothing here is certain: the same decisions can lead to different futures, as the "
                  "second cell shows by playing your plan many times with different luck.")

SCORES = """## Your scores

The cells below check that your decisions are recorded. Your coach's grading
scores each practice area from the course's record of your decisions; the feedback you get back
explains each score."""

REPLAY = """## Replay as practice (after you submit)

Once you have submitted, you can play the case again with other choices to
see where they lead. The replay is never graded, nothing in it is locked,
and it is kept apart from your submitted decisions (in `practice-replay/`)."""


def _meta(grade_id: str, grade: bool = False, solution: bool = False, points: Optional[float] = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(text: str, grade_id: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text, metadata=_meta(grade_id))


def _code(source: str, grade_id: str, points: Optional[float] = None) -> nbformat.NotebookNode:
    meta = _meta(grade_id, grade=points is not None, points=points)
    meta["jupyter"] = {"source_hidden": True}  # a trainee sees what the cell shows, not its code
    return nbformat.v4.new_code_cell(source, metadata=meta)


def _points(value: float):
    return int(value) if float(value).is_integer() else value


def _span(weeks: int) -> str:
    if weeks % 52 == 0:
        years = weeks // 52
        return "a year" if years == 1 else f"{NUMBERS[years] if years < len(NUMBERS) else years} years"
    return f"{weeks} weeks"


def _list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _how_it_works(scenario: Scenario, areas: list[str]) -> str:
    count = NUMBERS[len(areas)] if len(areas) < len(NUMBERS) else str(len(areas))
    scored = (f"Your decisions are scored against the practice model in {count} "
              f"area{'s' if len(areas) != 1 else ''} ({', '.join(areas)}), with partial credit.")
    answers = len(scenario.written_answers)
    if answers:
        what = NUMBERS[answers].capitalize() if answers < len(NUMBERS) else str(answers)
        scored += (f" {what} written answer{'s are' if answers != 1 else ' is'} read and graded by "
                   "your coach.")
    return HOW_IT_WORKS.format(scored=scored)


class _Cells:
    """The notebook's cells as they are added, with grade ids kept unique."""

    def __init__(self) -> None:
        self.cells: list = []
        self.ids: set[str] = set()

    def _id(self, wanted: str) -> str:
        grade_id, n = wanted, 2
        while grade_id in self.ids:
            grade_id, n = f"{wanted}-{n}", n + 1
        self.ids.add(grade_id)
        return grade_id

    def markdown(self, text: str, grade_id: str) -> None:
        self.cells.append(_markdown(text, self._id(grade_id)))

    def code(self, source: str, grade_id: str, points: Optional[float] = None) -> None:
        self.cells.append(_code(source, self._id(grade_id), points))

    def block(self, block: Optional[Block], prefix: str, lead: str = "") -> None:
        """A block of the author's words and tools; ``lead`` opens its first words (a generated heading)."""
        parts = list(block.parts) if block else []
        if lead:
            if parts and isinstance(parts[0], str):
                parts[0] = f"{lead}\n\n{parts[0]}"
            else:
                parts.insert(0, lead)
        for part in parts:
            if isinstance(part, Tool):
                self.code(part.call(), f"{part.name}-{prefix}")
            else:
                self.markdown(part, f"text-{prefix}")


def written_answer_places(scenario: Scenario) -> dict[str, list[str]]:
    """Which written answers the assignment asks after each decision point: after the point an answer names
    (``after``), else after the last point of its practice, else after the case's last point."""
    places: dict[str, list[str]] = {}
    points = scenario.decision_points
    for w in scenario.written_answers:
        of_practice = [d.id for d in points if d.practice == w.practice]
        point = w.after or (of_practice[-1] if of_practice else points[-1].id)
        places.setdefault(point, []).append(w.id)
    return places


def assignment_notebook(assignment: Assignment, scenario: Scenario, prose: Prose,
                        key: AnswerKey) -> nbformat.NotebookNode:
    """The assignment's notebook, generated (``prose`` checked against the case beforehand)."""
    catalog = load_catalog()
    area_points = key.practice_points()
    answers = {w.id: w for w in scenario.written_answers}
    cells = _Cells()

    intro = prose.block("intro")
    opening = "\n\n".join(p for p in (intro.parts if intro else []) if isinstance(p, str)) or scenario.summary.strip()
    cells.markdown(f"# {assignment.title}\n\n{opening}\n\n{_how_it_works(scenario, list(area_points))}", "intro")
    cells.code(f'from curriculum.toolkit import CaseSession\n\ncase = CaseSession.open("{assignment.id}")\n'
               "case.show_family()", "setup")

    places = written_answer_places(scenario)
    previous, seen = None, set()
    for dp in scenario.decision_points:
        practice = dp.practice.value
        block = prose.block(dp.id)
        if prose.sections == "by practice" and practice != previous:
            own_heading = block is not None and block.heading is not None
            first = practice not in seen
            area = catalog.practice(practice)
            words = prose.block(practice) if first else None
            if not own_heading:
                summary = "" if words or not first else " ".join(area.summary.split())
                lead = f"## {area.name}" + (f"\n\n{summary}" if summary else "")
                cells.block(words, practice, lead=lead)
            elif words:
                cells.block(words, practice)
            seen.add(practice)
        previous = practice
        cells.block(block, dp.id)
        cells.code(f'case.decide("{dp.id}")', decide_cell(dp.id))
        for answer_id in places.get(dp.id, []):
            cells.block(prose.block(answer_id), answer_id)
            cells.code(f'case.show_prompt("{answer_id}")', prompt_cell(answer_id))
            cells.cells.append(nbformat.v4.new_markdown_cell("YOUR ANSWER HERE", metadata=_meta(
                answer_id, grade=True, solution=True, points=_points(answers[answer_id].points))))
            cells.ids.add(answer_id)

    play = prose.block("play-out")
    words = "\n\n".join(p for p in (play.parts if play else []) if isinstance(p, str)) \
        or PLAY_OUT_WORDS.format(span=_span(scenario.horizon_weeks))
    cells.markdown(PLAY_OUT.format(words=words), "play-out-intro")
    cells.code("case.play_out()", PLAY_OUT_CELL)
    cells.code("case.futures()", FUTURES)

    cells.markdown(SCORES, "scores-intro")
    for practice, points in area_points.items():
        cells.code(f'case.check_decided("{practice}")', score_cell(practice), points=_points(points))
    cells.markdown(REPLAY, "replay-intro")
    cells.code("case.replay()", "replay")

    nb = nbformat.v4.new_notebook(cells=cells.cells)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def notebook_problems(nb: nbformat.NotebookNode, scenario: Scenario, key: AnswerKey) -> list[str]:
    """What does not match the key in an assignment notebook: a decision cell per point, a prompt and an
    answer cell per written answer with the key's points, a score cell per practice area with its points,
    and no cell naming a point, answer or area the case does not have. Empty when all is well."""
    problems = []
    graded = {}
    ids = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        ids.append(meta.get("grade_id", ""))
        if meta.get("grade"):
            graded[meta["grade_id"]] = meta.get("points")
    points = [d.id for d in scenario.decision_points]
    for p in points:
        if ids.count(decide_cell(p)) != 1:
            problems.append(f"decision point {p}: {ids.count(decide_cell(p))} decision cells")
    for i in ids:
        if point_of(i) is not None and point_of(i) not in points:
            problems.append(f"{i}: the case has no decision point {point_of(i)}")
    wanted = {score_cell(p): v for p, v in key.practice_points().items()}
    wanted.update({w.id: w.points for w in scenario.written_answers})
    for grade_id, value in wanted.items():
        if grade_id not in graded:
            problems.append(f"{grade_id}: no grade cell")
        elif graded[grade_id] is None or abs(float(graded[grade_id]) - float(value)) > 1e-9:
            problems.append(f"{grade_id}: {graded[grade_id]} points where the key gives {value}")
    for grade_id in graded:
        if grade_id not in wanted:
            problems.append(f"{grade_id}: a grade cell the key does not have")
    for w in scenario.written_answers:
        if prompt_cell(w.id) not in ids:
            problems.append(f"written answer {w.id}: no prompt cell")
    return problems
