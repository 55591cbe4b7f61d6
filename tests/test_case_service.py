"""The course holds the case: the trainee's side asks, the course's case service decides, records and grades.

A real course (first-contact, the Harlow case, which branches on the safety decision) is built once; the
real service runs as a process on loopback with its SQLite record (``service.local.start_local``, the same
code a hub runs, with a local token); notebooks run in real kernels (nbclient); grading is real nbgrader.
Each test is one attack on the trainee's side of the case, or one promise of the service.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ASSIGNMENT, CASE

TRAINEE = "ana"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("service") / "course"
    build_course(course_dir, [ASSIGNMENT])
    return course_dir


@pytest.fixture(scope="module")
def service(course):
    from service.local import start_local

    svc = start_local(course, user=TRAINEE)
    yield svc
    svc.stop()


def call(svc, method: str, path: str, body=None, token: str | None = "default"):
    """One request to the service; (status, JSON answer)."""
    headers = {"Content-Type": "application/json"}
    token = svc.token if token == "default" else token
    if token is not None:
        headers["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(svc.url + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def decide(svc, point: str, options: list[str], **extra):
    return call(svc, "POST", f"api/plays/{ASSIGNMENT}/decisions", {"point": point, "options": options, **extra})


def events(course, kind=None, trainee=TRAINEE):
    from service.store import Store

    store = Store.for_course(course)
    try:
        return [e for e in store.events(ASSIGNMENT, trainee) if kind is None or e["kind"] == kind]
    finally:
        store.close()


def test_the_release_holds_nothing_of_the_case_s_world(course, harlow):
    """Read with the toolkit's own functions, the release shows no effect, consequence or later situation:
    it holds the notebook and nothing else, and the service's first answer holds only the first moment."""
    from grading.build import release_secrets
    from scenarios.packed import PackedCaseError, read_packed

    files = sorted(p.name for p in (course / "release" / ASSIGNMENT).rglob("*") if p.is_file())
    assert files == [f"{ASSIGNMENT}.ipynb"], files
    for path in (course / "release" / ASSIGNMENT).rglob("*"):
        with pytest.raises(PackedCaseError):
            read_packed(path)  # the toolkit's unpacker finds no case in anything a trainee is handed
        text = path.read_text(encoding="utf-8", errors="replace")
        assert not [s for s in release_secrets(harlow) if s in text]
    # the course's copy is on the coach's side only, owner-only
    copy = course / "keys" / "cases" / f"{ASSIGNMENT}.bin"
    assert copy.exists() and copy.stat().st_mode & 0o077 == 0
    # the release's notebook opens the case by asking the service; it carries no case
    nb = (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text()
    assert f'CaseSession.open(\\"{ASSIGNMENT}\\")' in nb


def test_the_first_answer_shows_only_what_the_trainee_may_see_now(service, harlow):
    status, answer = call(service, "GET", f"api/plays/{ASSIGNMENT}")
    assert status == 200
    text = json.dumps(answer)
    first = harlow.decision_points[0]
    assert first.situation.strip() in text
    for dp in harlow.decision_points[1:]:
        if dp.situation.strip():
            assert dp.situation.strip() not in text, f"{dp.id}'s situation is shown before the case reaches it"
    for dp in harlow.decision_points:
        for o in dp.options:
            assert not (o.consequence.strip() and o.consequence.strip() in text), "a consequence before any choice"
            if o.key and o.key.rationale:
                assert o.key.rationale.strip() not in text
    assert "effects" not in text and "credit" not in text and "parameter" not in text
    statuses = {m["id"]: m["status"] for m in answer["view"]["moments"]}
    assert statuses[first.id] == "open" and set(list(statuses.values())[1:]) == {"waiting"}
    assert not [m for m in answer["view"]["moments"] if m["status"] == "waiting" and len(m) > 2], \
        "a moment not reached yet carries its status only"


def test_who_asks_comes_from_the_token_never_from_the_request(service, course):
    assert call(service, "GET", f"api/plays/{ASSIGNMENT}", token=None)[0] == 401
    assert call(service, "GET", f"api/plays/{ASSIGNMENT}", token="forged-" + service.token)[0] == 401
    status, body = call(service, "POST", f"api/plays/{ASSIGNMENT}/decisions",
                        {"point": "at-the-door", "options": ["routine-check"]}, token=None)
    assert status == 401 and "token" in body["error"]
    # a forged name in the request is ignored: the decision is the token's trainee's
    status, answer = decide(service, "at-the-door", ["name-role-purpose"], trainee="ben", user="ben")
    assert status == 200 and answer["trainee"] == TRAINEE
    assert events(course, trainee="ben") == []
    assert call(service, "GET", "api/plays/no-such-assignment")[0] == 404


def test_a_decision_is_checked_against_the_path_and_the_locks_and_every_refusal_is_kept(service, course, harlow):
    from scenarios.authoring.personas import persona_decisions

    model = persona_decisions("practice-model", harlow)
    before = len(events(course, "refused"))
    refusals = {
        "an unknown moment": decide(service, "carer-strian", ["x"]),
        "a moment not reached": decide(service, "plan-goal", model["plan-goal"]),
        "an unknown option": decide(service, "at-the-door", ["read-allegations-twice"]),
        "two options at a single-choice moment": decide(service, "at-the-door", ["name-role-purpose", "routine-check"]),
        "not a list": decide(service, "at-the-door", "name-role-purpose"),
    }
    for what, (status, answer) in refusals.items():
        assert status == 200 and answer["refused"], what
        assert "Traceback" not in answer["refused"] and len(answer["refused"]) < 200, what
    # play down the path to the safety decision, then try options of the other path
    for point in ("at-the-door", "take-my-kids", "whose-view"):
        status, answer = decide(service, point, model[point])
        assert status == 200 and answer["refused"] is None, (point, answer["refused"])
    assert decide(service, "safety-decision", ["safe-with-plan"])[1]["refused"] is None
    answer = decide(service, "at-the-door", ["routine-check"])[1]
    assert "final" in answer["refused"], "a choice after its lock is refused"
    for point in ("what-lies-beneath", "harm-rating", "who-is-around", "who-comes", "make-the-safety-plan",
                  "which-services"):
        assert decide(service, point, model[point])[1]["refused"] is None, point
    plan = next(m for m in decide(service, "plan-goal", [])[1]["view"]["moments"] if m["id"] == "plan-goal")
    offered = {o["id"] for o in plan["options"]}
    other_path = [o.id for o in harlow.decision_point("plan-goal").options if o.id not in offered]
    assert other_path, "the case plan goal offers options of the placed path only on that path"
    answer = decide(service, "plan-goal", other_path[:1])[1]
    assert "not open" in answer["refused"], "an option of another path is refused"
    kept = events(course, "refused")[before:]
    assert len(kept) == len(refusals) + 2, [e["reason"] for e in kept]
    assert all(e["reason"] and e["at"] for e in kept)
    # the record holds only what was accepted
    status, answer = call(service, "GET", f"api/plays/{ASSIGNMENT}")
    assert answer["record"]["choices"]["at-the-door"] == model["at-the-door"]
    assert "plan-goal" not in answer["record"]["choices"]


def test_the_service_restarted_mid_assignment_loses_nothing(tmp_path, harlow):
    """Stopped mid-class (as a crash or a restart would), started again on the same record: the next click
    works and the record is whole."""
    from grading.build import build_course
    from service.local import start_local

    course_dir = tmp_path / "course"
    build_course(course_dir, [ASSIGNMENT])
    first = start_local(course_dir, user="ben")
    decide(first, "at-the-door", ["name-role-purpose"])
    decide(first, "take-my-kids", ["acknowledge-and-ask"])
    first.process.kill()  # no goodbye: the record must already be on disk
    first.process.wait()
    again = start_local(course_dir, user="ben")
    try:
        status, answer = call(again, "GET", f"api/plays/{ASSIGNMENT}")
        assert answer["record"]["choices"] == {"at-the-door": ["name-role-purpose"], "take-my-kids": ["acknowledge-and-ask"]}
        assert decide(again, "whose-view", ["mia", "carol"])[1]["refused"] is None
        kinds = [e["kind"] for e in events(course_dir, trainee="ben")]
        assert kinds == ["opened", "decided", "decided", "decided"], kinds
    finally:
        again.stop()


def _run(folder: Path, env: dict, monkeypatch):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


def _cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _plain(cell) -> str:
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for o in cell.get("outputs", []))


def test_run_all_before_deciding_then_again_after_shows_the_record_and_never_a_traceback(tmp_path, harlow,
                                                                                         monkeypatch):
    """Run All first: each later moment says it has not come up yet. Decide (down the placed path), then
    Run All again and restart: every cell shows exactly what the record holds, no error, no other path."""
    from grading.build import build_course
    from scenarios.authoring.personas import play_through
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    course_dir = tmp_path / "course"
    build_course(course_dir, [ASSIGNMENT])
    folder = tmp_path / "trainee" / ASSIGNMENT
    shutil.copytree(course_dir / "release" / ASSIGNMENT, folder)
    svc = start_local(course_dir, user="cleo")
    try:
        nb, errors = _run(folder, svc.env(), monkeypatch)
        assert errors == []
        assert "Decision: At the door. Not decided yet." in _plain(_cell(nb, "decide-at-the-door"))
        for dp in harlow.decision_points[1:]:
            assert "A moment still to come." in _plain(_cell(nb, f"decide-{dp.id}")), dp.id
        assert "Not decided yet (plan)" in _plain(_cell(nb, "score-plan"))
        # play the placed path, through the course's side (as the widgets would ask)
        store = Store.for_course(course_dir)
        placed = play_through(CaseService(course_dir, store, variant=lambda n: f"local:{n}"), "cleo", ASSIGNMENT,
                              "cautious", harlow)
        store.close()
        record = placed["record"]["choices"]
        assert record["safety-decision"] == ["place-theo"], "the cautious persona takes the placed path"
        nb, errors = _run(folder, svc.env(), monkeypatch)
        assert errors == []
        for moment in placed["view"]["moments"]:
            text = _plain(_cell(nb, f"decide-{moment['id']}"))
            if moment["status"] == "off-path":
                assert "Not in your case." in text
            else:
                labels = {o["id"]: o["label"] for o in moment["options"]}
                assert all(labels[c] in text for c in moment["chosen"]), (moment["id"], text)
        for practice in ("engage", "assess", "team", "plan"):
            assert f"All {practice} decisions are made." in _plain(_cell(nb, f"score-{practice}"))
        copy = json.loads((folder / "decisions.json").read_text())
        assert copy["choices"] == record, "the trainee's copy follows the course's record"
    finally:
        svc.stop()


def test_grading_scores_the_course_s_record_not_a_rewritten_copy(tmp_path, harlow):
    """Rewriting decisions.json and its log after the lock (place-theo to safe-with-plan) changes nothing:
    grading scores the course's record, and the coach reads that the copy differs. A trainee with no record
    scores zero with a message."""
    from grading.build import build_course
    from grading.grade import autograde, gradebook_frame
    from scenarios.authoring.personas import play_through, submit_as
    from service.cases import CaseService
    from service.store import Store

    course_dir = tmp_path / "course"
    build_course(course_dir, [ASSIGNMENT])
    store = Store.for_course(course_dir)
    service = CaseService(course_dir, store, variant=lambda n: f"local:{n}")
    play_through(service, "dana", ASSIGNMENT, "cautious", harlow, finish=True)
    store.close()
    honest = submit_as(course_dir, ASSIGNMENT, "dana", "cautious", harlow)
    assert autograde(course_dir, ASSIGNMENT, ["dana"]) == {}
    g = gradebook_frame(course_dir)
    earned = float(g[(g.trainee == "dana") & g.cell.str.startswith("score-")].score.sum())
    # dana rewrites her copy and its log with the practice model's choices (the other path's best)
    submit_as(course_dir, ASSIGNMENT, "dana", "practice-model", harlow)
    assert json.loads((honest / "decisions.json").read_text())["choices"]["safety-decision"] == ["safe-with-plan"]
    assert autograde(course_dir, ASSIGNMENT, ["dana"]) == {}
    g = gradebook_frame(course_dir)
    assert float(g[(g.trainee == "dana") & g.cell.str.startswith("score-")].score.sum()) == earned
    stored = json.loads((course_dir / "scores" / ASSIGNMENT / "dana.json").read_text())
    assert stored["source"] == "the course's record"
    assert stored["choices"]["safety-decision"] == ["place-theo"]
    assert any("differs from the course's record" in n for n in stored["notes"]), stored["notes"]
    from grading.coach.report import review_assignment

    review = next(r for r in review_assignment(course_dir, ASSIGNMENT)[0] if r.trainee == "dana")
    assert review.source == "the course's record" and any("differs" in n for n in review.notes), \
        "the coach's review says the submitted copy differs"
    # the learning records carry the service's times, not the ones dana wrote into her log
    log = honest / "decisions.log.jsonl"
    log.write_text("".join(json.dumps({"at": "2020-01-01T00:00:00+00:00", "scenario": CASE, "point": p, "choice": c})
                           + "\n" for p, c in stored["choices"].items()), encoding="utf-8")
    from grading.coach.evidence import collect
    from grading.exports.xapi import write_statements

    write_statements(collect(course_dir, times=True), tmp_path / "x.jsonl", home_page="https://canvas.myagency.org")
    answered = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()
                if '"answered"' in line and "dana" in line]
    accepted = {e["at"][:19] for e in events(course_dir, "decided", "dana")}
    assert answered and all(a["timestamp"][:19] in accepted for a in answered), "decision times are the course's"
    assert not any(a["timestamp"].startswith("2020") for a in answered)
    # a trainee who never played through the course: a hand-made decisions.json earns nothing
    submit_as(course_dir, ASSIGNMENT, "eve", "practice-model", harlow)
    assert autograde(course_dir, ASSIGNMENT, ["eve"]) == {}
    g = gradebook_frame(course_dir)
    assert float(g[(g.trainee == "eve") & g.cell.str.startswith("score-")].score.sum()) == 0
    assert "never played through the course" in json.loads((course_dir / "scores" / ASSIGNMENT / "eve.json").read_text())["problem"]


def test_an_option_not_open_on_the_path_scores_nothing_wherever_a_record_comes_from(course, harlow):
    """A hand-written record (a course played from files) that picks the placed path's goal on the at-home
    path: that moment scores nothing, with a note; the same function decides for grading and the service."""
    from scenarios.authoring.personas import persona_decisions
    from grading.pipeline.context import frozen_key
    from grading.pipeline.score import closed_choices, path_of
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile

    from simulator.play import follow

    model = persona_decisions("practice-model", harlow)
    offered = follow(harlow, model).moment("plan-goal").options
    other = [o.id for o in harlow.decision_point("plan-goal").options if o.id not in offered]
    assert other, "the case plan goal has options of the placed path"
    forged = {**model, "plan-goal": other[:1]}
    key = frozen_key(course, ASSIGNMENT)
    scenario, path = path_of(course, ASSIGNMENT, forged)
    closed = closed_choices(scenario, path, forged)
    assert set(closed) == {"plan-goal"}
    result = score_record(key, DecisionFile(scenario=CASE, choices=forged), path.on_path(), closed)
    honest = score_record(key, DecisionFile(scenario=CASE, choices=model), path.on_path())
    point = next(d for d in result.decisions if d.point == "plan-goal")
    assert point.earned == 0 and "not open" in point.note
    assert result.areas["plan"].earned < honest.areas["plan"].earned
    assert any("not open" in n for n in result.notes)


def test_the_debrief_is_kept_after_the_session_as_one_file(tmp_path, harlow):
    """``casework report debrief``: the room's choices and where its plans lead, one HTML file with its plot
    inside, read from the course's record; a course without a record says so in one line."""
    import subprocess
    import sys

    from grading.build import build_course
    from scenarios.authoring.personas import play_through
    from service.cases import CaseService
    from service.store import Store

    course_dir = tmp_path / "course"
    build_course(course_dir, [ASSIGNMENT])
    cli = [str(Path(sys.executable).parent / "casework"), "report", "debrief", ASSIGNMENT, "--course", str(course_dir)]
    done = subprocess.run(cli, capture_output=True, text=True)
    assert done.returncode == 1 and "keeps no record" in done.stderr and "Traceback" not in done.stderr
    store = Store.for_course(course_dir)
    service = CaseService(course_dir, store, variant=lambda n: f"local:{n}")
    for n, persona in enumerate(["practice-model", "cautious", "cautious", "directive"]):
        play_through(service, f"t{n}", ASSIGNMENT, persona, harlow)
    store.close()
    done = subprocess.run(cli, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "reports" / "debrief" / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "<img src='data:image/png;base64," in page and "<script" not in page, "one file, its plot inside"
    placed = page.split("data-option='place-theo'>", 1)[1]
    assert placed.startswith("<span class='count'>2</span>"), "two trainees placed Theo"
    assert "The practice model's plan" in page and "Where the room split most" in page
