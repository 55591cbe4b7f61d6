"""xAPI by the spec: every exported statement checked by an independent implementation of the xAPI
data model (the statement models of the Ralph LRS), and the export's resend, regrade and new-attempt rules.

Real nbgrader and a real gradebook: a copy of the autograded demo cohort, graded by hand where a test needs it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import ASSIGNMENT

CASEWORK = [str(Path(sys.executable).parent / "casework")]
HOME = "https://canvas.harlow-agency.org"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
SCORED = "http://adlnet.gov/expapi/verbs/scored"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
PATHS = "team-tribe"  # an assignment of the demo course whose case has paths: some points come up for no one


def copy_course(graded_cohort, root: Path) -> Path:
    """A copy of the graded demo course: avery's written answers graded by hand, blake's one of two; casey's folder lost."""
    from manual_grades import record_manual_grade

    course = root / "course"
    shutil.copytree(graded_cohort.course_dir, course)
    record_manual_grade(course, ASSIGNMENT, "avery", "danger-statement", 3, "Plain words, every part there.")
    record_manual_grade(course, ASSIGNMENT, "avery", "safety-goal", 2, "Named people and a time frame.")
    record_manual_grade(course, ASSIGNMENT, "blake", "danger-statement", 1, None)
    shutil.rmtree(course / "submitted" / "casey")
    return course


@pytest.fixture(scope="module")
def course(graded_cohort, tmp_path_factory):
    return copy_course(graded_cohort, tmp_path_factory.mktemp("xapi"))


@pytest.fixture()
def own_course(graded_cohort, tmp_path):
    """A copy a test may change (grades, submission times)."""
    return copy_course(graded_cohort, tmp_path)


@pytest.fixture(scope="module")
def data(course):
    from grading.coach.evidence import collect

    return collect(course, times=True)


def export(data, path: Path, **kw) -> list[dict]:
    from grading.exports.xapi import write_statements

    write_statements(data, path, home_page=kw.pop("home_page", HOME), **kw)
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def validate(statements: list[dict]) -> None:
    """Every statement through Ralph's base xAPI statement model, and the spec's rules the model leaves out."""
    from ralph.models.xapi.base.statements import BaseXapiStatement

    for s in statements:
        BaseXapiStatement.model_validate(s)  # raises on anything the xAPI data model does not allow
        assert "version" not in s and "stored" not in s and "authority" not in s
        assert s["timestamp"].endswith("Z") and dt.datetime.fromisoformat(s["timestamp"].replace("Z", "+00:00"))
        score = (s.get("result") or {}).get("score")
        if score is not None:
            # xAPI 1.0.3, 4.1.5.1: min "less than max", raw "between min and max (inclusive)". Ralph's
            # model checks neither when min, max or raw is 0 (its checks are `if self.min:`), so a
            # {raw 0, min 0, max 0} passes it: the rules are checked here
            assert score["min"] < score["max"], s
            assert score["min"] <= score["raw"] <= score["max"], s
            assert -1 <= score.get("scaled", 0) <= 1


class RalphLRS:
    """What Ralph 5.1 does with a batch POSTed to /xAPI/statements (ralph/api/routers/statements.py), with
    Ralph's own parts: its xAPI statement model, and ``ralph.utils.statements_are_equivalent`` for an id it
    already holds (object, definition included, result, context and timestamp must be equal). One differing
    statement refuses the whole batch (409); ids it holds are dropped; the rest is stored.

    Ralph's API itself (``ralph.api``) needs the LRS extras (FastAPI, Sentry, a backend), not installed here.
    """

    def __init__(self):
        self.stored: dict[str, dict] = {}

    def post(self, statements: list[dict]) -> int:
        from ralph.utils import statements_are_equivalent

        validate(statements)
        batch = {}
        for s in statements:
            if s["id"] in batch:
                return 400
            batch[s["id"]] = json.loads(json.dumps(s))
        if any(sid in self.stored and not statements_are_equivalent(s, self.stored[sid]) for sid, s in batch.items()):
            return 409
        new = {sid: s for sid, s in batch.items() if sid not in self.stored}
        self.stored.update(new)
        return 200 if new else 204


def made(decisions):
    """The decisions made: points grading stored as reached (on the trainee's path) with something chosen."""
    return decisions[decisions.reached & (decisions.chosen != "")]


def answered_pairs(statements) -> set[tuple[str, str]]:
    """(trainee, activity id) of every answered statement."""
    return {(s["actor"]["account"]["name"], s["object"]["id"]) for s in of(statements, ANSWERED)}


def point_iri(data, assignment: str, point: str) -> str:
    return f"{HOME}/casework/{quote(data.course_id, safe='')}/{quote(assignment, safe='')}/{quote(point, safe='')}"


def by_id(statements):
    return {s["id"]: s for s in statements}


def of(statements, verb):
    return [s for s in statements if s["verb"]["id"] == verb]


def set_grade(course, trainee, cell, **values):
    from nbgrader.api import Gradebook

    from grading.coach.evidence import gradebook_url

    with Gradebook(gradebook_url(course)) as gb:
        grade = gb.find_grade(cell, ASSIGNMENT, ASSIGNMENT, trainee)
        for k, v in values.items():
            setattr(grade, k, v)
        gb.db.commit()


def set_submitted(course, trainee, when: dt.datetime):
    """A new attempt as nbgrader records it: the submission's timestamp in the gradebook."""
    from nbgrader.api import Gradebook

    from grading.coach.evidence import gradebook_url

    with Gradebook(gradebook_url(course)) as gb:
        gb.find_submission(ASSIGNMENT, trainee).timestamp = when
        gb.db.commit()


# --- the data model ----------------------------------------------------------------------------------


def test_validator_rejects_what_the_spec_forbids():
    """The independent validator really checks: the faults the old export had are refused."""
    from pydantic import ValidationError
    from ralph.models.xapi.base.statements import BaseXapiStatement

    good = {"actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": "avery"}},
            "verb": {"id": ANSWERED}, "object": {"id": f"{HOME}/casework/x", "objectType": "Activity"}}
    BaseXapiStatement.model_validate(good)
    for bad in [{**good, "result": {"score": {"raw": 1.39, "min": 0, "max": 1, "scaled": 1.39}}},
                {**good, "object": {"id": f"{HOME}/casework/intake 2025", "objectType": "Activity"}},
                {**good, "result": {"response": ""}}]:
        with pytest.raises(ValidationError):
            BaseXapiStatement.model_validate(bad)


def test_one_statement_per_decision_and_graded_practice_area_every_one_valid(data, tmp_path, harlow):
    from grading.exports.xapi import EXTENSIONS

    statements = export(data, tmp_path / "x.jsonl")
    validate(statements)
    answered, scored = of(statements, ANSWERED), of(statements, SCORED)
    assert len(answered) + len(scored) == len(statements)
    assert len(answered) == len(made(data.decisions)) >= len(harlow.decision_points)
    assert {s["actor"]["account"]["name"] for s in answered} == {"avery", "blake"}  # casey's folder is gone
    assert {s["actor"]["account"]["homePage"] for s in statements} == {HOME}
    # a practice area is scored once nothing in it waits for the coach
    pending = data.grades.groupby(["trainee", "assignment", "practice"]).needs_manual_grade.any()
    assert 0 < len(scored) == (~pending).sum() < len(pending)
    avery = {s["object"]["id"].rsplit("/", 1)[-1] for s in scored
             if s["actor"]["account"]["name"] == "avery" and f"/{ASSIGNMENT}/" in s["object"]["id"]}
    assert avery == set(data.grades.query("trainee == 'avery' and assignment == @ASSIGNMENT").practice)
    assert len({s["id"] for s in statements}) == len(statements)
    # extensions in the project's namespace, never under the LMS's address
    keys = [k for s in statements for part in (s.get("result", {}), s["context"]) for k in part.get("extensions", {})]
    assert keys and all(k.startswith(EXTENSIONS) for k in keys)
    assert EXTENSIONS.startswith("https://w3id.org/casework-practice/")
    # every statement carries its activity's definition, the same on every statement about the activity
    definitions = {}
    for s in statements:
        assert s["object"]["objectType"] == "Activity" and s["object"]["definition"]["name"]["en-US"]
        assert definitions.setdefault(s["object"]["id"], s["object"]["definition"]) == s["object"]["definition"]


def test_answered_at_the_decision_from_the_log_scored_at_grading(data, course, tmp_path):
    statements = export(data, tmp_path / "x.jsonl")
    log = [json.loads(line) for line in (course / "submitted" / "avery" / ASSIGNMENT / "decisions.log.jsonl").read_text().splitlines()]
    mine = data.decisions.query("trainee == 'avery' and assignment == @ASSIGNMENT")
    for row in mine.itertuples():
        at = [e["at"] for e in log if e.get("point") == row.point and set(e["choice"]) == set(row.chosen.split("|"))][-1]
        expected = dt.datetime.fromisoformat(at).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        found = [s for s in of(statements, ANSWERED) if s["actor"]["account"]["name"] == "avery"
                 and s["object"]["id"].endswith(f"/{ASSIGNMENT}/{row.point}")]
        assert [s["timestamp"] for s in found] == [expected]
    stored = json.loads((course / "scores" / ASSIGNMENT / "avery.json").read_text())["graded_at"]
    assert data.submissions.set_index(["trainee", "assignment"]).graded_at[("avery", ASSIGNMENT)] == stored
    for s in of(statements, SCORED):
        if s["actor"]["account"]["name"] == "avery" and f"/{ASSIGNMENT}/" in s["object"]["id"]:
            assert s["timestamp"] == stored.replace("+00:00", ".000Z")


def test_a_decision_logged_after_the_submission_takes_the_submission_time(own_course, tmp_path):
    from grading.coach.evidence import collect

    submitted = dt.datetime(2030, 1, 1, 9, 30)  # naive: nbgrader keeps UTC
    set_submitted(own_course, "avery", submitted)
    log = own_course / "submitted" / "avery" / ASSIGNMENT / "decisions.log.jsonl"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    last = next(e for e in reversed(entries) if e.get("point"))
    log.write_text(log.read_text() + json.dumps({**last, "at": "2031-05-05T00:00:00+00:00"}) + "\n")
    statements = export(collect(own_course, times=True), tmp_path / "x.jsonl")
    mine = [s for s in of(statements, ANSWERED) if s["actor"]["account"]["name"] == "avery" and f"/{ASSIGNMENT}/" in s["object"]["id"]]
    times = {s["object"]["id"].rsplit("/", 1)[-1]: s["timestamp"] for s in mine}
    assert times[last["point"]] == "2030-01-01T09:30:00.000Z"
    assert all(t < "2030-01-01T09:30:00.000Z" for p, t in times.items() if p != last["point"])


# --- resend, regrade, new attempt ----------------------------------------------------------------------


def test_a_resend_is_byte_identical(data, tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    export(data, first, chain=False)
    export(data, second, chain=False)
    assert first.read_bytes() == second.read_bytes()
    # the weekly routine on unchanged data: the file read back as the previous export gives the same file
    export(data, first)
    assert first.read_bytes() == second.read_bytes()
    assert VOIDED not in first.read_text()


def test_a_regrade_voids_the_changed_scores_only(own_course, tmp_path):
    from grading.coach.evidence import collect
    from manual_grades import record_manual_grade

    path = tmp_path / "xapi-statements.jsonl"
    week1 = export(collect(own_course, times=True), path)
    record_manual_grade(own_course, ASSIGNMENT, "avery", "danger-statement", 1, "Say what could happen to Theo and Mia.")
    data2 = collect(own_course, times=True)
    area = data2.grades.query("trainee == 'avery' and cell == 'danger-statement'").practice.iloc[0]
    week2 = export(data2, path)  # the file being replaced is the previous export
    validate(week2)
    changed_object = f"/{ASSIGNMENT}/practice/{area}"

    def is_changed(s):
        return s["actor"]["account"]["name"] == "avery" and s["object"]["id"].endswith(changed_object)

    old = [s for s in of(week1, SCORED) if is_changed(s)]
    new = [s for s in of(week2, SCORED) if is_changed(s)]
    assert len(old) == len(new) == 1 and old[0]["id"] != new[0]["id"]
    assert new[0]["result"]["score"]["raw"] == old[0]["result"]["score"]["raw"] - 2
    voids = of(week2, VOIDED)
    assert [v["object"] for v in voids] == [{"objectType": "StatementRef", "id": old[0]["id"]}]
    # everything else keeps its id and its content
    kept = [s for s in week1 if s["id"] != old[0]["id"]]
    assert all(by_id(week2)[s["id"]] == s for s in kept)
    assert len(week2) == len(week1) + 1

    # sent again: the same file, the voiding statement too
    before = path.read_bytes()
    export(data2, path)
    assert path.read_bytes() == before

    # the score set back: the old content returns under a fresh id (the old id stays voided), the second one is voided
    record_manual_grade(own_course, ASSIGNMENT, "avery", "danger-statement", 3, "Plain words, every part there.")
    week3 = export(collect(own_course, times=True), path)
    validate(week3)
    back = [s for s in of(week3, SCORED) if is_changed(s)]
    assert len(back) == 1 and back[0]["id"] not in (old[0]["id"], new[0]["id"])
    assert {k: v for k, v in back[0].items() if k != "id"} == {k: v for k, v in old[0].items() if k != "id"}
    assert sorted(v["object"]["id"] for v in of(week3, VOIDED)) == sorted([old[0]["id"], new[0]["id"]])
    assert by_id(week3)[voids[0]["id"]] == voids[0]  # carried forward as it was


def test_a_regrade_from_a_named_previous_file(own_course, tmp_path):
    """--previous: the file last sent, kept elsewhere; the new file is written beside it."""
    from grading.coach.evidence import collect

    sent = tmp_path / "sent.jsonl.gz"
    export(collect(own_course, times=True), tmp_path / "first.jsonl", gzip=True)
    (tmp_path / "first.jsonl.gz").rename(sent)
    set_grade(own_course, "blake", "danger-statement", manual_score=0.5)
    week2 = export(collect(own_course, times=True), tmp_path / "second.jsonl", previous=sent)
    voided = [v["object"]["id"] for v in of(week2, VOIDED)]
    first = [json.loads(line) for line in gzip.decompress(sent.read_bytes()).decode().splitlines()]
    assert len(voided) == 1 and voided[0] in by_id(first) and voided[0] not in by_id(week2)
    assert by_id(first)[voided[0]]["actor"]["account"]["name"] == "blake"


def test_a_new_attempt_is_a_new_registration_and_voids_the_old_one(own_course, tmp_path):
    from grading.coach.evidence import collect
    from grading.exports.xapi import registration

    path = tmp_path / "x.jsonl"
    data1 = collect(own_course, times=True)
    week1 = export(data1, path)
    regs = {}
    for s in of(week1, ANSWERED) + of(week1, SCORED):
        attempt = (s["actor"]["account"]["name"], s["context"]["contextActivities"]["parent"][0]["id"].rsplit("/", 1)[-1])
        regs.setdefault(attempt, set()).add(s["context"]["registration"])
    # one registration per attempt (trainee x assignment x submission time), a different one for each attempt
    assert all(len(r) == 1 for r in regs.values())
    assert len({next(iter(r)) for r in regs.values()}) == len(regs) > 2
    assert regs[("avery", ASSIGNMENT)] == {registration(data1.course_id, "avery", ASSIGNMENT, None)}

    set_submitted(own_course, "avery", dt.datetime(2030, 2, 1, 12, 0))
    week2 = export(collect(own_course, times=True), path)
    validate(week2)
    this = [s for s in week1 if s["actor"]["account"]["name"] == "avery" and s["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/{ASSIGNMENT}")]
    assert this
    new_reg = registration(data1.course_id, "avery", ASSIGNMENT, "2030-02-01T12:00:00.000Z")
    again = [s for s in week2 if s["verb"]["id"] != VOIDED and s["actor"]["account"]["name"] == "avery"
             and s["context"]["contextActivities"]["parent"][0]["id"].endswith(f"/{ASSIGNMENT}")]
    assert {s["context"]["registration"] for s in again} == {new_reg}
    assert not {s["id"] for s in this} & {s["id"] for s in week2 if s["verb"]["id"] != VOIDED}
    assert sorted(v["object"]["id"] for v in of(week2, VOIDED)) == sorted(s["id"] for s in this)
    # the other attempts are untouched
    others = [s for s in week1 if s not in this]
    assert all(by_id(week2).get(s["id"]) == s for s in others)


# --- against Ralph: definitions, points never reached, regrades that change nothing --------------------------


def test_every_statement_carries_its_definition_so_ralph_takes_next_weeks_file(own_course, tmp_path):
    """The issue's first case: a definition travelling with the first statement on an activity moved onto a
    statement that keeps its id when that first statement went (here avery withdraws: blake's statements come
    first), and Ralph answered 409, refusing the whole batch. Each statement now carries the definition."""
    from grading.coach.evidence import collect

    lrs = RalphLRS()
    path = tmp_path / "xapi-statements.jsonl"
    week1 = export(collect(own_course, times=True), path)
    assert lrs.post(week1) == 200
    assert all("definition" in s["object"] for s in week1)

    shutil.rmtree(own_course / "submitted" / "avery")
    data2 = collect(own_course, times=True)
    blake = [s for s in week1 if s["actor"]["account"]["name"] == "blake" and s["verb"]["id"] == ANSWERED]
    assert blake and not made(data2.decisions).query("trainee == 'avery'").shape[0]
    # last week's file lost (or exported on another machine): nothing to compare with, the statements alone
    alone = export(data2, tmp_path / "elsewhere.jsonl", chain=False)
    assert lrs.post(alone) == 204  # nothing new, nothing refused
    assert all(by_id(alone)[s["id"]] == s for s in blake)
    # the weekly routine: avery's decisions voided, the rest as it was
    week2 = export(data2, path)
    assert lrs.post(week2) == 200
    assert {v["object"]["id"] for v in of(week2, VOIDED)} == {
        s["id"] for s in of(week1, ANSWERED) if s["actor"]["account"]["name"] == "avery"}


def test_statements_sent_by_an_earlier_export_are_sent_again_as_they_were(data, tmp_path):
    """The first export after this change: the LRS holds last week's file as the earlier export wrote it (a
    definition on the first statement about an activity only). The ids are the same (a definition is no part
    of one); the statements the file has are written as the file has them, so Ralph finds them equal. So is
    an activity renamed after its statements were sent: those keep the name the LRS holds."""
    path = tmp_path / "xapi-statements.jsonl"
    current = export(data, path, chain=False)
    seen, earlier = set(), []
    for s in current:
        if s["object"]["id"] in seen:
            s = {**s, "object": {k: v for k, v in s["object"].items() if k != "definition"}}
        seen.add(s["object"]["id"])
        earlier.append(s)
    path.write_text("".join(json.dumps(s, separators=(",", ":"), ensure_ascii=False) + "\n" for s in earlier), encoding="utf-8")
    lrs = RalphLRS()
    assert lrs.post(earlier) == 200
    again = export(data, path)
    assert again == earlier and lrs.post(again) == 204

    point = data.decisions.point.iloc[0]
    renamed = dataclasses.replace(data, decisions=data.decisions.assign(
        title=data.decisions.title.where(data.decisions.point != point, "A new name")))
    later = export(renamed, path)
    assert later == earlier and lrs.post(later) == 204


def test_no_answered_statement_for_a_point_never_reached_and_no_score_out_of_nothing(data, tmp_path):
    """The issue's second case: 18 'answered' statements for points off the trainee's path, with score
    {raw 0, min 0, max 0} (xAPI 1.0.3 wants min < max; Ralph's model lets zeros through, validate() does not)."""
    off_path = data.decisions[~data.decisions.reached]
    assert len(off_path) > 0  # the demo cohort's trainees took different paths through the case
    assert (off_path.chosen == "").all() and (off_path.possible == 0).all()
    statements = export(data, tmp_path / "x.jsonl")
    validate(statements)
    answered = answered_pairs(statements)
    assert len(answered) == len(data.decisions) - len(off_path)
    never = {(r.trainee, point_iri(data, r.assignment, r.point)) for r in off_path.itertuples()}
    assert not answered & never
    assert len(never) == len(off_path)  # (the pairs name the statements such a point had: the export made one each)

    # a point reached but worth no points, an area worth none: no score where there is nothing to score out of
    row = made(data.decisions).iloc[0]
    zero = dataclasses.replace(data, decisions=data.decisions.assign(
        possible=data.decisions.possible.where(data.decisions.index != row.name, 0.0),
        earned=data.decisions.earned.where(data.decisions.index != row.name, 0.0)))
    area = data.grades.query("trainee == 'avery' and assignment == @ASSIGNMENT").practice.iloc[0]
    here = (data.grades.trainee == "avery") & (data.grades.assignment == ASSIGNMENT) & (data.grades.practice == area)
    zero = dataclasses.replace(zero, grades=data.grades.assign(max_score=data.grades.max_score.where(~here, 0.0)))
    statements = export(zero, tmp_path / "zero.jsonl", chain=False)
    validate(statements)
    point = next(s for s in of(statements, ANSWERED) if s["actor"]["account"]["name"] == row.trainee
                 and s["object"]["id"].endswith(f"/{quote(row.assignment, safe='')}/{quote(row.point, safe='')}"))
    assert "score" not in point["result"] and point["result"]["completion"] is True
    assert not [s for s in of(statements, SCORED) if s["actor"]["account"]["name"] == "avery"
                and s["object"]["id"].endswith(f"/{ASSIGNMENT}/practice/{quote(area, safe='')}")]


def test_a_point_stored_as_never_reached_gets_no_answered_statement_even_with_a_choice(data, tmp_path):
    """The export reads grading's ``reached``, not "nothing chosen and nothing possible": a point grading stored
    as off the path has no statement even when its row carries a choice and points (a stale choice kept from
    before an earlier answer changed the path, as a scores file of another version might hold it)."""
    off_path = data.decisions[~data.decisions.reached]
    row = off_path.iloc[0]
    stale = dataclasses.replace(data, decisions=data.decisions.assign(
        chosen=data.decisions.chosen.where(data.decisions.index != row.name, "some-option"),
        possible=data.decisions.possible.where(data.decisions.index != row.name, 2.0)))
    statements = export(stale, tmp_path / "x.jsonl", chain=False)
    validate(statements)
    assert (row.trainee, point_iri(data, row.assignment, row.point)) not in answered_pairs(statements)
    assert len(of(statements, ANSWERED)) == len(made(data.decisions))


def test_a_point_reached_but_left_undecided_gets_no_answered_statement(own_course, tmp_path):
    """Grading stores each point as reached when it came up on the trainee's path, decided or not; the export
    sends "answered" only for a point answered: a reached, undecided point has no response to report (its zero
    is in the practice area's "scored" statement, which is still sent). In a case with paths (team-tribe)."""
    from grading.coach.evidence import collect
    from grading.pipeline.score import score_folder

    before = collect(own_course)
    pending = set(before.grades.query("trainee == 'avery' and assignment == @PATHS and needs_manual_grade").practice)
    submitted = own_course / "submitted" / "avery" / PATHS / "decisions.json"
    record = json.loads(submitted.read_text(encoding="utf-8"))
    stored = json.loads((own_course / "scores" / PATHS / "avery.json").read_text(encoding="utf-8"))
    assert any(not d["reached"] for d in stored["decisions"])  # avery's path leaves some points out
    on_path = [d for d in stored["decisions"] if d["reached"] and d["chosen"] and d["practice"] not in pending]
    left = on_path[len(on_path) // 2]["point"]  # the path up to it stays the same: it still comes up
    del record["choices"][left]
    submitted.write_text(json.dumps(record, indent=2), encoding="utf-8")
    score_folder(own_course, PATHS, "avery")  # graded again, as `casework grade` would

    stored = json.loads((own_course / "scores" / PATHS / "avery.json").read_text(encoding="utf-8"))
    point = next(d for d in stored["decisions"] if d["point"] == left)
    assert point["reached"] is True and point["chosen"] == [] and point["possible"] > 0  # stored by grading

    data = collect(own_course, times=True)
    row = data.decisions.query("trainee == 'avery' and assignment == @PATHS and point == @left").iloc[0]
    assert row.reached and row.chosen == ""
    statements = export(data, tmp_path / "x.jsonl")
    validate(statements)
    answered = answered_pairs(statements)
    assert ("avery", point_iri(data, PATHS, left)) not in answered
    assert all(s["result"]["completion"] is True and s["result"]["response"] for s in of(statements, ANSWERED))
    mine = made(data.decisions).query("trainee == 'avery' and assignment == @PATHS")
    assert len(mine) > 0 and {("avery", point_iri(data, PATHS, p)) for p in mine.point} <= answered
    # the area's score, with the undecided point's zero in it, still goes to the LRS
    assert [s for s in of(statements, SCORED) if s["actor"]["account"]["name"] == "avery"
            and s["object"]["id"].endswith(f"/{PATHS}/practice/{quote(row.practice, safe='')}")]


def test_scores_stored_before_reached_was_kept_read_as_before(own_course):
    """A scores file written before grading stored ``reached``: a point is read as reached when something was
    chosen or something possible (what the export inferred before), so an older course exports as it did."""
    from grading.coach.evidence import collect

    path = own_course / "scores" / PATHS / "blake.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    for d in stored["decisions"]:
        del d["reached"]
    path.write_text(json.dumps(stored, indent=1), encoding="utf-8")
    rows = collect(own_course).decisions.query("trainee == 'blake' and assignment == @PATHS")
    assert list(rows.reached) == [bool(c) or p > 0 for c, p in zip(rows.chosen, rows.possible)]
    assert rows.reached.any() and not rows.reached.all()


def test_a_regrade_that_changes_no_score_sends_nothing_new(own_course, tmp_path):
    """Grading again writes a new grading time (the scored statements' timestamp, part of their content and so of
    their id): the same scores are kept as sent, their ids and times, not voided and sent again."""
    from grading.coach.evidence import collect

    lrs = RalphLRS()
    path = tmp_path / "xapi-statements.jsonl"
    week1 = export(collect(own_course, times=True), path)
    before = path.read_bytes()
    assert lrs.post(week1) == 200

    def regrade(trainee, when):
        scores = own_course / "scores" / ASSIGNMENT / f"{trainee}.json"
        stored = json.loads(scores.read_text())
        stored["graded_at"] = when
        scores.write_text(json.dumps(stored, indent=1))

    regrade("avery", "2031-03-03T10:00:00+00:00")
    regrade("blake", "2031-03-03T10:00:00+00:00")
    week2 = export(collect(own_course, times=True), path)
    assert path.read_bytes() == before and not of(week2, VOIDED)
    assert lrs.post(week2) == 204

    # graded again, one score changed: that one statement is voided and sent again, at the new grading time
    set_grade(own_course, "blake", "danger-statement", manual_score=0.5)
    regrade("blake", "2031-04-04T10:00:00+00:00")
    week3 = export(collect(own_course, times=True), path)
    validate(week3)
    new = [s for s in week3 if s["id"] not in by_id(week1)]
    assert [s["verb"]["id"] for s in new] == [SCORED, VOIDED]
    assert new[0]["timestamp"] == "2031-04-04T10:00:00.000Z" and new[0]["actor"]["account"]["name"] == "blake"
    voided = by_id(week1)[new[1]["object"]["id"]]
    assert voided["object"]["id"] == new[0]["object"]["id"] and voided["result"] != new[0]["result"]
    assert lrs.post(week3) == 200


# --- scores, IRIs, files ---------------------------------------------------------------------------------


def test_extra_credit_is_clipped_to_the_maximum(own_course, tmp_path):
    from grading.coach.evidence import collect
    from grading.exports.xapi import ext

    set_grade(own_course, "avery", "danger-statement", extra_credit=5)
    data = collect(own_course, times=True)
    area = data.grades.query("trainee == 'avery' and cell == 'danger-statement'").practice.iloc[0]
    row = data.practice_scores().query("trainee == 'avery' and assignment == @ASSIGNMENT and practice == @area").iloc[0]
    assert row.score > row.max_score  # the gradebook's score with extra credit is over the maximum
    statements = export(data, tmp_path / "x.jsonl")
    validate(statements)
    s = next(s for s in of(statements, SCORED) if s["actor"]["account"]["name"] == "avery"
             and s["object"]["id"].endswith(f"/{ASSIGNMENT}/practice/{quote(area)}"))
    assert s["result"]["score"] == {"raw": row.max_score, "min": 0, "max": row.max_score, "scaled": 1.0}
    assert s["result"]["extensions"] == {ext("unclipped-score"): row.score}


def test_ids_with_spaces_and_accents_give_valid_iris(data, tmp_path):
    from rfc3987 import parse

    odd = dataclasses.replace(data, course_id="Intake 2025 / Été")
    statements = export(odd, tmp_path / "x.jsonl")
    validate(statements)
    course = statements[0]["context"]["contextActivities"]["grouping"][0]
    assert course["id"] == f"{HOME}/casework/Intake%202025%20%2F%20%C3%89t%C3%A9"
    assert course["definition"]["name"] == {"en-US": "Intake 2025 / Été"}
    for s in statements:
        parse(s["object"]["id"], rule="IRI")
        assert s["object"]["id"].startswith(course["id"] + "/")


def test_the_home_page_is_required_and_checked(data, tmp_path):
    from grading.exports.xapi import XapiError, check_home_page

    for bad in [None, "", "canvas.myagency.org", "ftp://canvas.myagency.org", "https://", "https://canvas my.org",
                "https://lms.example.org", "http://www.example.com/lms", "https://canvas.myagency.org/?course=1",
                "https://canvas.myagency.org/#top"]:
        with pytest.raises(XapiError):
            check_home_page(bad)
    for good in ["https://canvas.myagency.org/", "http://moodle.agency.local:8080/lms", "https://lms.agência.pt"]:
        assert check_home_page(good) == good
    with pytest.raises(XapiError):
        export(data, tmp_path / "x.jsonl", home_page="https://lms.example.org")
    assert not (tmp_path / "x.jsonl").exists()


def test_gzip_file_round_trips(data, tmp_path):
    from grading.exports.xapi import write_statements

    done = write_statements(data, tmp_path / "x.jsonl", home_page=HOME, gzip=True)
    assert done.gzip == tmp_path / "x.jsonl.gz"
    assert gzip.decompress(done.gzip.read_bytes()) == done.path.read_bytes()
    first = done.gzip.read_bytes()
    write_statements(data, tmp_path / "x.jsonl", home_page=HOME, gzip=True)
    assert done.gzip.read_bytes() == first  # no time or name in the gzip header
    assert done.answered + done.scored == len(done.path.read_text().splitlines()) and done.voided == 0


def test_cohort_analytics_writes_xapi_only_with_a_home_page(course, tmp_path):
    from grading.coach.analytics import cohort_analytics

    without = cohort_analytics(course, tmp_path / "without", parallel=False)
    assert without.xapi is None and not list((tmp_path / "without").glob("xapi*"))
    assert "xapi-statements" not in without.html.read_text(encoding="utf-8")
    with_ = cohort_analytics(course, tmp_path / "with", parallel=False, home_page=HOME)
    assert with_.xapi == tmp_path / "with" / "xapi-statements.jsonl" and with_.xapi.exists()
    assert 'href="xapi-statements.jsonl"' in with_.html.read_text(encoding="utf-8")


# --- the command line --------------------------------------------------------------------------------------


def _casework(*args):
    return subprocess.run(CASEWORK + list(args), capture_output=True, text=True, timeout=600)


def test_cli_requires_a_real_home_page(course, tmp_path):
    out = tmp_path / "x.jsonl"
    for extra in [[], ["--home-page", "https://lms.example.org"], ["--home-page", "canvas.myagency.org"]]:
        run = _casework("report", "xapi", "--course", str(course), "--out", str(out), *extra)
        assert run.returncode == 1, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.startswith("error: "), run.stderr
        assert "Traceback" not in run.stderr and not out.exists()
    run = _casework("report", "xapi", "--course", str(course), "--out", str(out), "--home-page", HOME,
                    "--previous", str(tmp_path / "nothing.jsonl"))
    assert run.returncode == 1 and run.stderr.strip().splitlines() == [f"error: the previous export {tmp_path / 'nothing.jsonl'} is not a file"]
    cohort = _casework("report", "cohort", "--course", str(course), "--out", str(tmp_path), "--home-page", "not a url")
    assert cohort.returncode == 1 and "Traceback" not in cohort.stderr and len(cohort.stderr.strip().splitlines()) == 1


def test_cli_writes_the_file_and_the_gzip(course, tmp_path, data):
    out = tmp_path / "sent" / "xapi-statements.jsonl"
    run = _casework("report", "xapi", "--course", str(course), "--out", str(out), "--home-page", HOME, "--gzip")
    assert run.returncode == 0, run.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert f"({len(made(data.decisions))} answered" in run.stdout and str(out) in run.stdout
    assert gzip.decompress(out.with_name(out.name + ".gz").read_bytes()).decode("utf-8").splitlines() == lines
    validate([json.loads(line) for line in lines])
    again = _casework("report", "xapi", "--course", str(course), "--out", str(out), "--home-page", HOME)
    assert again.returncode == 0 and "0 voiding" in again.stdout
    assert out.read_text(encoding="utf-8").splitlines() == lines
