"""Show the case as it played out from the trainee's record, computed on the coach's side.

``PlayOutCase`` runs after :class:`~grading.pipeline.score.ScoreDecisions`.
Since the trainee's notebook is not executed at grading, it fills the outputs
a coach (in the formgrader) and the trainee (in feedback) want to read:

- each ``decide-<point>`` cell: the option(s) chosen there, by their labels;
- the ``play-out`` cell: the whole case played from those choices (outcomes,
  plot with its text description, events), the same view the notebook shows;
- the ``futures`` cell: the plan played many times beside the practice
  model's futures frozen at build: the same numbers the trainee saw. The
  table without the model's column goes into the cell's metadata
  (``casework.without_key``), for feedback written before the coach releases
  the key (:class:`~grading.pipeline.feedback.HoldBackKey`).

The plan's futures are stored with the submission's scores, so the coach's
report reads them instead of simulating again. Nothing here changes a score;
a failure leaves a short note in the cell and grading goes on.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Optional

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from ..grade_ids import FUTURES, PLAY_OUT, point_of
from ..key import write_private
from .context import submission_of

WITHOUT_KEY = "without_key"  # cell.metadata["casework"][WITHOUT_KEY]: the futures cell's HTML without the model's column


def _html(cell, text: str) -> None:
    cell.outputs = [new_output("display_data", data={"text/html": text, "text/plain": "(see the HTML view)"})]


class PlayOutCase(NbGraderPreprocessor):
    """Fill the decision, play-out and futures cells from the trainee's record (coach-side simulation)."""

    def preprocess(self, nb, resources):
        choices = resources.get("casework", {}).get("choices")
        if choices is None:
            return nb, resources
        try:
            self._fill(nb, resources, choices)
        except Exception as exc:  # the play-out is for reading; it never stops grading
            self.log.warning("the case could not be played out: %s: %s", type(exc).__name__, exc)
        return nb, resources

    def _fill(self, nb, resources, choices):
        from curriculum.toolkit import futures as spread
        from curriculum.toolkit import views
        from curriculum.toolkit.render import futures_html, played_out_html
        from scenarios.packed import PACKED_FILE, read_packed

        from ..key import read_reference

        from .score import course_case

        sub = submission_of(self, resources)
        # the course's copy frozen at build (keys/cases/); a course built before it kept one in source/
        scenario = course_case(sub.course, sub.assignment) or read_packed(sub.source / PACKED_FILE)
        options = {dp.id: {o.id: " ".join(o.label.split()) for o in dp.options} for dp in scenario.decision_points}
        valid = valid_choices(scenario, choices)
        undecided = [dp.title for dp in scenario.decision_points if dp.id not in valid]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.cell_type != "code":
                continue
            if point_of(grade_id) in options:
                point = point_of(grade_id)
                chosen = valid.get(point)
                items = "".join(f"<li>{html.escape(options[point][c])}</li>" for c in chosen or [])
                _html(cell, views.decision_header(scenario, scenario.decision_point(point))
                      + f"<p>Your decision:</p><ul>{items or '<li><i>No decision recorded.</i></li>'}</ul>")
            elif grade_id == PLAY_OUT:
                _html(cell, played_out_html(scenario, valid, scenario.seed) if not undecided
                      else f"<p><b>Not played out:</b> not decided: {html.escape(', '.join(undecided))}.</p>")
            elif grade_id == FUTURES:
                cell.metadata.pop("casework", None)  # only this step says what the feedback may show instead
                if undecided:
                    continue
                summary = spread.plan_summary(scenario, valid)
                reference = read_reference(sub.course, sub.assignment)
                _html(cell, futures_html(scenario, valid, reference, summary=summary))
                # the same table without the practice model's column, for feedback written before the coach
                # releases the key (grading.pipeline.feedback.HoldBackKey swaps it in; the coach's view keeps both)
                cell.metadata["casework"] = {WITHOUT_KEY: futures_html(scenario, valid, None, summary=summary)}
                store_futures(sub.scores_file, summary)


def valid_choices(scenario, choices: dict[str, list[str]]) -> dict[str, list[str]]:
    """The choices of a record that name the case's points and options (others are left out)."""
    options = {dp.id: {o.id for o in dp.options} for dp in scenario.decision_points}
    return {p: c for p, c in choices.items() if p in options and c and all(o in options[p] for o in c)}


def plan_futures(scenario, choices: dict[str, list[str]]) -> Optional[dict[str, float]]:
    """The futures of a plan decided at every point (the numbers the trainee's notebook showed: the same runs and
    seed), by measure id; None while a point is undecided."""
    from curriculum.toolkit import futures as spread

    valid = valid_choices(scenario, choices)
    if any(dp.id not in valid for dp in scenario.decision_points):
        return None
    return spread.plan_summary(scenario, valid)


def store_futures(scores_file: Path, summary: dict[str, float]) -> None:
    """Keep a plan's futures with the submission's stored scores, for the coach's reports (which never simulate)."""
    from curriculum.toolkit.futures import FUTURES_RUNS, FUTURES_SEED

    try:
        document = json.loads(Path(scores_file).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    document["futures"] = {"runs": FUTURES_RUNS, "seed": FUTURES_SEED, "summary": summary}
    write_private(Path(scores_file), json.dumps(document, indent=1))
