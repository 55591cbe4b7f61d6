"""Golden files for the scripted demo cohort: what grading stores and what the coach's side reads and sends.

From the session's ``graded_cohort`` (built, submitted by scripted personas, autograded with real nbgrader;
no grading run of its own), three things are compared with the files committed under ``tests/golden/``:

1. ``scores/<assignment>/<trainee>.json``: every submission's stored scores file (``<course>/scores/``, written by
   :func:`grading.pipeline.score.store_scores`), keys sorted, one decision or area a line;
2. ``tables/<name>.csv``: the :class:`grading.coach.evidence.CourseData` tables ``collect(course_dir)`` reads
   (grades, submissions, decisions, evidence, problems), rows sorted by every column in order, floats rounded;
   the evidence table without the four columns ``collect`` copies from the decision's own row (module, title,
   week, practice: checked equal to the decisions table instead, which keeps them);
3. ``xapi/statements.csv``: the xAPI statements of :mod:`grading.exports.xapi` for the cohort, with a fixed LMS
   address and a fixed clock, one statement a line: its id, time, trainee, verb, activity (under the course's
   IRI), score, completion, response and registration. The id is a UUID of the whole statement but its
   definition, so anything not written out (the actor's name, the evidence and module/practice/week
   extensions, the parent and grouping activities) still changes the line when it changes (and the evidence
   extensions are checked against the evidence table). ``xapi/definitions.csv``: each activity's definition
   once (it is the same on each of its statements), with (the first 16 hex digits of) the SHA-256 of the
   whole definition standing for the options' descriptions, the case's own text. Written out in full the statements take about 800 KB.

What changes from run to run is normalised, and nothing else:

- times: a scores file's ``graded_at`` and the submissions table's ``timestamp`` and ``graded_at`` become
  ``<time>`` (or stay empty: whether there is one is compared); the xAPI export gets a fixed clock instead,
  every decision logged at :data:`DECIDED` and graded at :data:`GRADED` (the demo's gradebook has no
  submission times), so the statements' timestamps, the registrations and the statement ids (UUIDs of the
  statements' content, times included) are the same on every run and still change with any score;
- ``submission_sha256``: a hash of the submitted files, whose ``decisions.json`` carries the time it was
  written: ``<sha256>`` (its presence is compared);
- the futures of the trainee's plan stored with the scores (``futures.summary``): the simulator's means over 100
  seeded runs, the same on every run of the same code but moved by any change to the simulator's rates (its
  own tests and calibration cover them): each measure is kept by name, its value as ``<simulated>``; the runs
  and the seed are compared;
- floats: rounded to 6 decimals, so a last-digit difference between platforms is not a change; absolute paths and
  the course folder appear nowhere in what is compared (checked).

When a comparison fails the message shows the first differing lines (a short unified diff) and how to write the
files again: after an intended change, ``CASEWORK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py``
(or ``--regen-golden``), then review ``git diff tests/golden/`` and commit it.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import json
import os
from pathlib import Path

import pandas as pd
import pytest

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = "CASEWORK_REGEN_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py"
HOME = "https://lms.golden-agency.org"
DECIDED = "2030-01-06T09:00:00+00:00"  # the fixed clock of the xAPI export: every decision logged then
GRADED = "2030-01-07T09:00:00+00:00"  # and every submission graded then
TABLES = ("grades", "submissions", "decisions", "evidence", "problems")
DIFF_LINES = 40


@pytest.fixture(scope="module")
def regen(request) -> bool:
    return request.config.getoption("--regen-golden") or os.environ.get("CASEWORK_REGEN_GOLDEN") == "1"


@pytest.fixture(scope="module")
def data(graded_cohort):
    from grading.coach.evidence import collect

    return collect(graded_cohort.course_dir, times=True)


# --- normalising -------------------------------------------------------------------------------------


def _rounded(value):
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value


def _render(value, depth: int = 0) -> str:
    """JSON, keys sorted: the top level and its dicts and lists one entry a line, anything deeper on one line."""
    pad = " " * (depth + 1)
    if depth < 2 and isinstance(value, dict) and value:
        body = ",\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)}: {_render(value[k], depth + 1)}" for k in sorted(value))
        return "{\n" + body + "\n" + " " * depth + "}"
    if depth == 1 and isinstance(value, list) and value:
        return "[\n" + ",\n".join(pad + _render(v, depth + 1) for v in value) + "\n" + " " * depth + "]"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def scores_text(path: Path) -> str:
    document = _rounded(json.loads(path.read_text(encoding="utf-8")))
    if document.get("graded_at"):
        document["graded_at"] = "<time>"  # the moment grading ran
    if document.get("submission_sha256"):
        document["submission_sha256"] = "<sha256>"  # the submitted decisions.json holds the time it was written
    if isinstance((document.get("futures") or {}).get("summary"), dict):  # the simulator's numbers, not grading's
        document["futures"]["summary"] = {k: "<simulated>" for k in document["futures"]["summary"]}
    return _render(document) + "\n"


def table_text(frame: pd.DataFrame, name: str) -> str:
    if name == "submissions":  # the gradebook's submission time and the grading time: whether there is one
        frame = frame.assign(**{c: frame[c].map(lambda v: "" if v is None or pd.isna(v) else "<time>")
                                for c in ("timestamp", "graded_at")})
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].round(6)
    order = frame.astype(str).agg("\x1f".join, axis=1).sort_values(kind="stable").index
    return frame.loc[order].to_csv(index=False, lineterminator="\n", float_format="%.6g")


XAPI_COLUMNS = ["trainee", "activity", "verb", "timestamp", "raw", "max", "scaled", "completion", "response",
                "registration", "id"]


def xapi_statements(data, folder: Path) -> list[dict]:
    """The cohort's statements as the export writes them, at the fixed clock and the fixed LMS address."""
    from grading.exports.xapi import write_statements

    subs = data.submissions
    fixed = dataclasses.replace(
        data,
        submissions=subs.assign(graded_at=subs.graded_at.map(lambda v: GRADED if isinstance(v, str) else v)),
        times=data.times.assign(at=DECIDED),
    )
    path = folder / "xapi-statements.jsonl"
    write_statements(fixed, path, home_page=HOME, chain=False)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def xapi_texts(data, statements: list[dict]) -> dict[str, str]:
    """The statements, one CSV line each, and the activities' definitions, one CSV line each."""
    from urllib.parse import quote

    course = f"{HOME}/casework/{quote(data.course_id, safe='')}"

    def activity(iri: str) -> str:
        assert iri == course or iri.startswith(course + "/"), iri
        return iri[len(course):] or "/"

    rows, definitions = [], {}
    for s in statements:
        result, score = s.get("result", {}), s.get("result", {}).get("score") or {}
        rows.append((s["actor"].get("account", {}).get("name", ""), activity(s["object"].get("id", "")),
                     s["verb"]["id"].rsplit("/", 1)[-1], s["timestamp"], score.get("raw"), score.get("max"),
                     score.get("scaled"), result.get("completion"), result.get("response"),
                     s.get("context", {}).get("registration", ""), s["id"]))
        if "definition" in s["object"]:
            seen = definitions.setdefault(s["object"]["id"], s["object"]["definition"])
            assert seen == s["object"]["definition"], f"two definitions of {s['object']['id']}"
    defs = pd.DataFrame(
        [(activity(iri), d.get("type", "").rsplit("/", 1)[-1], (d.get("name") or {}).get("en-US"), d.get("interactionType"),
          "|".join(c["id"] for c in d.get("choices", [])),
          hashlib.sha256(json.dumps(d, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16])
         for iri, d in definitions.items()],
        columns=["activity", "type", "name", "interaction", "choices", "sha256"])
    return {"xapi/statements.csv": table_text(pd.DataFrame(rows, columns=XAPI_COLUMNS), "statements"),
            "xapi/definitions.csv": table_text(defs, "definitions")}


# --- comparing ---------------------------------------------------------------------------------------


def _diff(expected: str, actual: str, name: str) -> str:
    lines = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), f"tests/golden/{name}", "this run",
                                      n=2, lineterm=""))
    # a context line is cut short; a changed line is shown whole (the change may be anywhere in it)
    shown = [line[:200] + " ..." if line.startswith(" ") and len(line) > 200 else line for line in lines[:DIFF_LINES]]
    more = f"\n... ({len(lines) - DIFF_LINES} more diff lines)" if len(lines) > DIFF_LINES else ""
    return "\n".join(shown) + more


def _how() -> str:
    return (f"If the change is intended, write the golden files again: {REGENERATE} "
            "(or add --regen-golden), then review and commit `git diff tests/golden/`.")


def check(files: dict[str, str], folder: str, regen: bool, complete: bool = True) -> None:
    """Compare ``files`` (path under tests/golden/ -> text) with the golden files; ``complete``: every golden file
    under ``folder`` must be one of them. With ``regen``, write them and remove those under ``folder`` no longer
    produced."""
    root = GOLDEN / folder
    have = {p.relative_to(GOLDEN).as_posix() for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()
    if regen:
        for name, text in files.items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_text(text, encoding="utf-8")
        for stale in have - set(files):
            (GOLDEN / stale).unlink()
        return
    problems = []
    missing = sorted(n for n in files if not (GOLDEN / n).is_file())
    if missing:
        problems.append("no golden file for: " + ", ".join(missing[:10]))
    extra = sorted(have - set(files)) if complete else []
    if extra:
        problems.append("golden files this run did not produce: " + ", ".join(extra[:10]))
    for name in sorted(set(files) - set(missing)):
        expected = (GOLDEN / name).read_text(encoding="utf-8")
        if expected != files[name]:
            problems.append(f"tests/golden/{name} differs:\n{_diff(expected, files[name], name)}")
    if problems:
        more = f"\n\n({len(problems) - 3} more files differ)" if len(problems) > 3 else ""
        pytest.fail("\n\n".join(problems[:3]) + more + "\n\n" + _how(), pytrace=False)


def _no_paths(texts, course_dir: Path) -> None:
    for name, text in texts.items():
        for volatile in (str(course_dir), str(course_dir.parent), "/tmp/", "pytest-of-"):
            assert volatile not in text, f"{name} holds {volatile!r}: normalise it"


# --- the golden files ----------------------------------------------------------------------------------


def test_the_stored_scores_of_every_submission_match_the_golden_files(graded_cohort, regen):
    course = Path(graded_cohort.course_dir)
    files = {f"scores/{p.parent.name}/{p.name}": scores_text(p) for p in sorted((course / "scores").glob("*/*.json"))}
    assert len(files) >= 30  # every trainee's submission of every assignment
    _no_paths(files, course)
    check(files, "scores", regen)


def test_the_course_data_tables_match_the_golden_files(graded_cohort, data, regen):
    keys = ["trainee", "assignment", "point"]
    copied = ["module", "title", "week", "practice"]
    joined = data.evidence.merge(data.decisions[keys + copied], on=keys, how="left", suffixes=("", "_decision"))
    assert len(joined) == len(data.evidence) and not data.evidence.empty
    for column in copied:  # the evidence rows copy these from their decision's row: compared there
        assert (joined[column] == joined[f"{column}_decision"]).all(), column
    tables = {name: getattr(data, name) for name in TABLES}
    tables["evidence"] = data.evidence.drop(columns=copied)
    files = {f"tables/{name}.csv": table_text(frame, name) for name, frame in tables.items()}
    _no_paths(files, Path(graded_cohort.course_dir))
    check(files, "tables", regen)


def test_the_xapi_statements_match_the_golden_files(graded_cohort, data, tmp_path, regen):
    statements = xapi_statements(data, tmp_path)
    assert xapi_statements(data, tmp_path) == statements  # the fixed clock leaves nothing to chance
    # what the lines leave out but the ids hold: the evidence extensions are the evidence table's
    from grading.exports.xapi import ext

    evidence = {k: sorted(v) for k, v in data.evidence.groupby(["trainee", "assignment", "point", "status"]).behaviour}
    for s in statements:
        if s["verb"]["id"].endswith("/answered"):
            trainee, (assignment, point) = s["actor"]["account"]["name"], s["object"]["id"].rsplit("/", 2)[-2:]
            for status in ("demonstrated", "contradicted", "missed"):
                found = s["result"].get("extensions", {}).get(ext(status), [])
                assert found == evidence.get((trainee, assignment, point, status), []), (trainee, point, status)
    files = xapi_texts(data, statements)
    _no_paths(files, Path(graded_cohort.course_dir))
    check(files, "xapi", regen)


def test_a_changed_score_fails_with_a_short_diff_and_says_how_to_regenerate(graded_cohort, regen, tmp_path):
    """The comparison itself: one earned value changed in a copy of a stored scores file fails with its line."""
    if regen:
        pytest.skip("writing the golden files")
    path = sorted((Path(graded_cohort.course_dir) / "scores").glob("*/*.json"))[0]
    name = f"scores/{path.parent.name}/{path.name}"
    document = json.loads(path.read_text(encoding="utf-8"))
    decided = next(d for d in document["decisions"] if d["possible"] > 0)
    decided["earned"] = decided["possible"] + 1
    changed = tmp_path / path.name
    changed.write_text(json.dumps(document), encoding="utf-8")
    check({name: scores_text(path)}, "scores", False, complete=False)  # the file as stored: no difference
    with pytest.raises(pytest.fail.Exception) as failed:
        check({name: scores_text(changed)}, "scores", False, complete=False)
    message = str(failed.value)
    assert f"--- tests/golden/{name}" in message and "+++ this run" in message
    assert f'"earned":{decided["possible"] + 1}' in message and REGENERATE in message
    assert len(message.splitlines()) < DIFF_LINES + 10
