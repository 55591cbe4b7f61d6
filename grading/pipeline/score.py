"""Score the decision record on the coach's side, inside nbgrader's autograde.

``ScoreDecisions`` takes the place of nbgrader's ``Execute`` step: the
trainee's notebook is never run at grading. For the submission being graded it

1. reads the decision record from the submission folder (never through a link,
   under a size cap; a choice set the coach recovered from the log wins when it
   matches the submitted file),
2. scores it with :func:`grading.scoring.score_record` against the key frozen
   at build,
3. writes each practice area's result as the output of its grade cell (a
   message on stdout and the points as the cell's result), which nbgrader's
   own ``SaveAutoGrades`` then records as partial credit, and
4. stores the per-decision scores once, in ``<course>/scores/<assignment>/<trainee>.json``,
   for every report to read.

Outputs were cleared by nbgrader's sanitising pass just before, and locked cells
restored, so nothing the trainee's notebook holds reaches these numbers. Every
code grade cell gets an output: one this step does not know scores 0 (nbgrader
would give full credit to a grade cell with no output).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Optional

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from scenarios.decisions import DecisionFile, read_decisions

from ..key import AnswerKey, file_sha256, write_private
from ..scoring import RecordScore, score_record
from .context import Submission, frozen_key, submission_of
from .submission import INTAKE_KEY, submission_fingerprint

SCORES_FORMAT = "casework-scores"
SCORES_VERSION = 1
UNSCORED = "This area could not be scored on the coach's side; your coach has been told and will grade it."


def _names() -> dict[str, str]:
    from scenarios.catalog import load_catalog

    return load_catalog().behaviour_names()


def area_feedback(result: RecordScore, practice: str, names: dict[str, str]) -> list[str]:
    """What the trainee reads about one practice area: their own choices, never the other options."""
    area = result.areas[practice]
    if area.problem:
        return [area.problem]
    lines = [f"{practice.capitalize()}: {area.earned:g} of {area.possible:g} points from your decisions."]
    for d in (d for d in result.decisions if d.practice == practice):
        lines.append(f"- {d.title}: {d.earned:g} of {d.possible:g}" + (f" ({d.note})" if d.note else ""))
        if d.demonstrated:
            lines.append("    shows: " + "; ".join(names.get(b, b) for b in d.demonstrated))
        if d.contradicted:
            lines.append("    works against: " + "; ".join(names.get(b, b) for b in d.contradicted))
        for why in d.rationale:
            lines.append(f"    why: {' '.join(why.split())}")
    lines += [f"Note: {n}." for n in result.notes]
    return lines


def recovered_record(sub: Submission) -> Optional[DecisionFile]:
    """The choices a coach recovered from the log for this submission, if they still match it.

    A recovery names the SHA-256 of the decisions file it replaced; a new
    submission (another file) makes it stale, and the file is scored again.
    """
    try:
        data = json.loads(sub.recovered_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("replaces_sha256") != file_sha256(sub.submitted / "decisions.json"):
        return None
    return DecisionFile(scenario=data.get("scenario"), choices=data.get("choices") or {},
                        notes=["your choices were recovered from decisions.log.jsonl by your coach"])


def _set_result(cell, lines: list[str], earned: float) -> None:
    cell.outputs = [
        new_output("stream", name="stdout", text="\n".join(lines) + "\n"),
        new_output("execute_result", data={"text/plain": repr(float(earned))}, execution_count=1),
    ]
    cell.execution_count = 1


def store_scores(sub: Submission, key: AnswerKey, record: DecisionFile, result: RecordScore, source: str,
                 intake: list[str]) -> Path:
    """Write the submission's scores once, atomically, for every report to read."""
    document = {
        "format": SCORES_FORMAT,
        "version": SCORES_VERSION,
        "trainee": sub.trainee,
        "assignment": sub.assignment,
        "scenario": key.scenario,
        "case_sha256": key.case_sha256,
        "graded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        # what was graded: a later `casework grade` regrades only a submission whose files changed
        "submission_sha256": submission_fingerprint(sub.submitted),
        "source": source,
        "problem": result.problem,
        "problems": intake + [a.problem for a in result.areas.values() if a.problem and not result.problem],
        "notes": result.notes,
        "choices": record.choices if not result.problem else {},
        # the trainee's variant and the order each point's options were shown in (reports use the author's order)
        "variant": record.variant,
        "shown": record.shown,
        "areas": {k: asdict(v) for k, v in result.areas.items()},
        "decisions": [asdict(d) for d in result.decisions],
    }
    write_private(sub.scores_file, json.dumps(document, indent=1))
    return sub.scores_file


def _course_case(path: str):
    """The course's own copy of a case, read once per file version (a class of thirty replays it thirty times)."""
    return _read_case(path, Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _read_case(path: str, _version: int):
    from scenarios.packed import read_packed

    return read_packed(path)


def course_case(course: Path, assignment: str):
    """The course's copy of an assignment's case (None when it cannot be read)."""
    from ..key import course_case_file

    try:
        return _course_case(str(course_case_file(course, assignment)))
    except Exception:  # noqa: BLE001 - grading goes on without the path (every moment then counts)
        return None


def path_of(course: Path, assignment: str, choices: dict[str, list[str]]):
    """The trainee's record followed through the course's copy of the case (:func:`simulator.play.follow`,
    complete: the same function the case service, ``casework play`` and ``casework validity`` use), or None
    when the copy cannot be read or replayed (every point then counts, and no area scores above its worth)."""
    from simulator.play import follow

    scenario = course_case(course, assignment)
    if scenario is None:
        return None, None
    try:
        return scenario, follow(scenario, choices, complete=True)
    except Exception:  # noqa: BLE001 - scoring must never fail on a path it cannot replay
        return scenario, None


def points_on_path(course: Path, assignment: str, choices: dict[str, list[str]]) -> Optional[set[str]]:
    """The decision points that came up on a trainee's path, played from the course's own copy of the case."""
    _scenario, path = path_of(course, assignment, choices)
    return path.on_path() if path is not None else None


def closed_choices(scenario, path, choices: dict[str, list[str]]) -> dict[str, str]:
    """Moments on the path whose recorded option is one of the case's but was not open there on this path:
    point -> the note the trainee and the coach read (it scores nothing)."""
    from simulator.play import refusal

    out = {}
    for point, why in (path.declined if path is not None else {}).items():
        dp = scenario.decision_point(point)
        if refusal(scenario, dp, choices.get(point, []), None) is None:  # a real option, open on another path
            out[point] = "the option chosen is not open at this moment on the way the case went: it scores nothing"
    return out


def course_record(course: Path, assignment: str, trainee: str) -> Optional[DecisionFile]:
    """The course's own record of a trainee's play (the case service's), when the course keeps one.

    None when the course keeps no record (a course played from decision files, such as the scripted demo);
    a record with a problem when it does but holds nothing for this trainee.
    """
    from service.store import STORE_FILE, Store, configured_url

    url = configured_url(course)
    if url is None and not (Path(course) / STORE_FILE).exists():
        return None
    store = Store.for_course(course, url)
    try:
        row = store.play(trainee, assignment)
    finally:
        store.close()
    if row is None:
        return DecisionFile(problem="The course holds no record of your decisions in this assignment (the case "
                                    "was never played through the course), so no decisions could be scored.")
    return DecisionFile(scenario=row.scenario, choices=row.choices, variant=row.variant, shown=row.shown,
                        finished_at=row.finished_at)


def copy_differences(submitted: DecisionFile, record: DecisionFile) -> list[str]:
    """Where the trainee's submitted decisions.json differs from the course's record (for the coach's review)."""
    if submitted.problem:
        return [f"the submitted decisions.json could not be compared with the course's record ({submitted.problem})"]
    points = sorted(p for p in set(submitted.choices) | set(record.choices)
                    if sorted(submitted.choices.get(p, [])) != sorted(record.choices.get(p, [])))
    if not points:
        return []
    return [f"the submitted decisions.json differs from the course's record at {', '.join(repr(p) for p in points[:6])}"
            " (the course's record was graded)"]


def score_submission(sub: Submission, key: AnswerKey, intake: list[str] = ()) -> tuple[DecisionFile, RecordScore]:
    """Read a submission's record, score it against ``key`` and store the scores.

    Where the course keeps a record of each play (the case service's), that record is scored and the submitted
    ``decisions.json`` is only compared with it; otherwise the submitted file (or the coach's recovery of it).
    """
    notes: list[str] = []
    record = course_record(sub.course, sub.assignment, sub.trainee)
    if record is not None:
        source = "the course's record"
        if record.problem is None:
            notes += copy_differences(read_decisions(sub.submitted), record)
    else:
        record, source = recovered_record(sub), "recovered from the decision log by the coach"
        if record is None:
            record, source = read_decisions(sub.submitted), "decisions.json"
    scenario, path = path_of(sub.course, sub.assignment, record.choices) if not record.problem else (None, None)
    closed = closed_choices(scenario, path, record.choices) if path is not None else {}
    result = score_record(key, record, path.on_path() if path is not None and key.has_paths() else None, closed)
    result.notes += notes
    if record.problem is None and source == "decisions.json":
        from scenarios.decisions import lock_findings

        result.notes += lock_findings(sub.submitted, key.scenario, [p.id for p in key.points], record.choices)
    store_scores(sub, key, record, result, source, list(intake))
    return record, result


def score_folder(course, assignment: str, trainee: str, futures: bool = False) -> RecordScore:
    """Score ``<course>/submitted/<trainee>/<assignment>`` outside nbgrader (scripted cohorts, benchmarks); with
    ``futures``, store the plan's futures too, as grading's play-out step does (from the course's case)."""
    course = Path(course)
    folder = course / "submitted" / trainee / assignment
    sub = Submission(course, trainee, assignment, assignment, folder, course / "autograded" / trainee / assignment)
    record, result = score_submission(sub, frozen_key(course, assignment))
    scenario = course_case(course, assignment) if futures and not result.problem else None
    if scenario is not None:
        from .playout import plan_futures, store_futures

        summary = plan_futures(scenario, record.choices)
        if summary is not None:
            store_futures(sub.scores_file, summary)
    return result


class ScoreDecisions(NbGraderPreprocessor):
    """Score the decision record into the practice-area grade cells, and store the per-decision scores."""

    def preprocess(self, nb, resources):
        intake = nb.metadata.pop(INTAKE_KEY, {}).get("problems", [])
        grade_cells = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
        try:
            sub = submission_of(self, resources)
            key = frozen_key(sub.course, sub.assignment)
            record, result = score_submission(sub, key, intake)
        except Exception as exc:  # never leave a grade cell without output: that would be full credit
            self.log.error("decisions could not be scored: %s: %s", type(exc).__name__, exc)
            for cell in grade_cells:
                _set_result(cell, [UNSCORED], 0.0)
            return nb, resources
        from ..grade_ids import practice_of

        names = _names()
        for cell in grade_cells:
            grade_id = cell.metadata["nbgrader"].get("grade_id", "")
            practice = practice_of(grade_id)
            if practice in result.areas:
                _set_result(cell, area_feedback(result, practice, names), result.areas[practice].earned)
            else:
                self.log.warning("grade cell %r is not a practice area of %s; it scores 0", grade_id, key.scenario)
                _set_result(cell, ["This cell is not scored."], 0.0)
        resources.setdefault("casework", {})["choices"] = record.choices if not result.problem else {}
        return nb, resources
