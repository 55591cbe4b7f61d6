"""The key after the class: feedback written early carries no key's reasons and no practice model's futures.

One real nbgrader course (first-contact only) is built for the module and a
scripted pair graded in it (avery plays the practice model, blake the
directive style), as ``tests/test_feedback.py`` grades the demo cohort; each
test writes feedback with ``casework feedback`` and reads the HTML page.
Until ``casework release-key`` the page has no "why:" line, none of the
key's rationale texts and no practice model's column; after it, both; after
``--withdraw``, neither again. The coach's view (the autograded notebook)
keeps everything throughout.
"""

from __future__ import annotations

import json
import stat

import nbformat
import pytest
from typer.testing import CliRunner

from casework.cli import app
from conftest import ASSIGNMENT, autograded_notebook, cell_text
from grading.release import HELD_BACK_NOTE, release_file
from test_feedback import feedback_page, page_text

runner = CliRunner()
MODEL_COLUMN = "The practice model's plan"
FORGED = "FORGED-FUTURES-BY-TRAINEE"


def invoke(*args):
    result = runner.invoke(app, [*args])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def course(tmp_path_factory, harlow):
    """A course with first-contact only: avery and blake graded; forger's futures cell carries forged metadata."""
    from grading.build import build_course
    from grading.grade import autograde
    from scenarios.authoring.personas import submit_as

    course_dir = tmp_path_factory.mktemp("key-release") / "course"
    build_course(course_dir, [ASSIGNMENT])
    submit_as(course_dir, ASSIGNMENT, "avery", "practice-model", harlow)
    submit_as(course_dir, ASSIGNMENT, "blake", "directive", harlow)
    # a trainee who puts a "version without the key" of their own into the futures cell, with no decisions
    forger = submit_as(course_dir, ASSIGNMENT, "forger", "practice-model", harlow)
    (forger / "decisions.json").unlink()
    path = forger / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "futures":
            cell.metadata["casework"] = {"without_key": f"<b>{FORGED}</b>"}
    nbformat.write(nb, path)
    assert autograde(course_dir, ASSIGNMENT) == {}
    return course_dir


def rationales(harlow) -> list[str]:
    """Every rationale text of the key, as the feedback would print it."""
    return [" ".join(o.key.rationale.split()) for dp in harlow.decision_points for o in dp.options
            if o.key and o.key.rationale.strip()]


def write_feedback(course, *trainees) -> tuple[str, dict[str, str]]:
    code, out = invoke("feedback", ASSIGNMENT, *trainees, "--course", str(course))
    assert code == 0, out
    return out, {t: page_text(feedback_page(course, t)) for t in trainees}


def assert_held_back(text: str, harlow) -> None:
    assert "why:" not in text
    shown = [r for r in rationales(harlow) if r in text]
    assert shown == [], f"the key's reason is shown: {shown[0][:60]!r}"
    assert MODEL_COLUMN not in text and "practice model recommends" not in text
    assert HELD_BACK_NOTE in text, "the header says the key comes after the class"
    # the trainee's own choices, scores, messages and futures stay
    assert "Your decision:" in text and "Your plan, played 100 times" in text
    assert "Engage: your decisions" in text and " points from your decisions." in text


def assert_carries_key(text: str) -> None:
    assert "why:" in text
    assert MODEL_COLUMN in text
    assert HELD_BACK_NOTE not in text


def test_feedback_before_the_key_is_released_holds_back_its_reasons_and_the_models_futures(course, harlow):
    invoke("release-key", ASSIGNMENT, "--withdraw", "--course", str(course))
    out, pages = write_feedback(course, "blake", "avery")
    for trainee, text in pages.items():
        assert_held_back(text, harlow)
    assert "works against:" in pages["blake"], "the trainee's own messages stay"
    assert (f"the key is held back: run casework release-key {ASSIGNMENT} after the last trainee has submitted, "
            "then write the feedback again") in out
    # the coach's view keeps everything
    nb = autograded_notebook(course, "blake")
    futures = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "futures")
    assert MODEL_COLUMN in futures.outputs[0].data["text/html"]
    assert "without_key" in futures.metadata["casework"]
    assert any("why:" in cell_text(c) for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))


def test_released_key_appears_in_feedback_written_after_and_withdraw_holds_it_back_again(course, harlow):
    invoke("release-key", ASSIGNMENT, "--withdraw", "--course", str(course))
    write_feedback(course, "blake")

    code, out = invoke("release-key", ASSIGNMENT, "--course", str(course), "--by", "coach-kim")
    assert code == 0, out
    assert f"released the key of {ASSIGNMENT}" in out and "coach-kim" in out
    assert "trainee(s) already have feedback written (" in out and "blake" in out and "write it again" in out
    assert f"casework feedback {ASSIGNMENT}" in out
    path = release_file(course, ASSIGNMENT)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600, "owner-only"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["assignment"] == ASSIGNMENT and record["released_by"] == "coach-kim" and record["released_at"]

    out, pages = write_feedback(course, "blake", "avery")
    for text in pages.values():
        assert_carries_key(text)
    assert "the key is released" in out and "held back" not in out
    assert any(r in pages["blake"] for r in rationales(harlow)), "the reasons of blake's choices are there"

    code, out = invoke("release-key", ASSIGNMENT, "--withdraw", "--course", str(course))
    assert code == 0 and "held back again" in out and "write it again" in out, out
    assert not path.exists()
    _, pages = write_feedback(course, "blake")
    assert_held_back(pages["blake"], harlow)

    code, out = invoke("release-key", ASSIGNMENT, "--withdraw", "--course", str(course))
    assert code == 0 and "was not released" in out


def test_a_forged_version_without_the_key_never_reaches_feedback(course, harlow):
    for released in (False, True):
        invoke("release-key", ASSIGNMENT, *([] if released else ["--withdraw"]), "--course", str(course))
        _, pages = write_feedback(course, "forger")
        assert FORGED not in pages["forger"]
    invoke("release-key", ASSIGNMENT, "--withdraw", "--course", str(course))


def test_a_damaged_or_foreign_release_file_counts_as_held_back(course, harlow):
    from grading.release import key_released, release_key

    release_key(course, ASSIGNMENT, by="coach")
    path = release_file(course, ASSIGNMENT)
    try:
        path.write_text('{"format": "casework-key-release", "assignment": "another"}', encoding="utf-8")
        assert not key_released(course, ASSIGNMENT)
        path.write_text("{not json", encoding="utf-8")
        assert not key_released(course, ASSIGNMENT)
        _, pages = write_feedback(course, "blake")
        assert_held_back(pages["blake"], harlow)
    finally:
        path.unlink(missing_ok=True)
    with pytest.raises(ValueError):
        release_file(course, "../../etc")


def test_release_key_names_an_unknown_assignment_in_one_line(course):
    code, out = invoke("release-key", "no-such-case", "--course", str(course))
    assert code == 1 and len(out.strip().splitlines()) == 1 and "not an assignment of the course" in out


def test_on_a_hub_the_release_runs_as_the_grader(monkeypatch, tmp_path):
    import deploy.hub as hub

    ran = []
    monkeypatch.setattr(hub, "as_grader", lambda s, args, check=True: ran.append(args) or
                        type("Done", (), {"stdout": "released\n"})())
    monkeypatch.setenv("SUDO_USER", "coach-kim")
    settings = hub.HubSettings(root=tmp_path, course_id="casework-101")
    assert hub.release_key(settings, ASSIGNMENT) == "released\n"
    hub.release_key(settings, ASSIGNMENT, withdraw=True)
    course = str(settings.course_dir)
    assert ran == [["casework", "release-key", ASSIGNMENT, "--course", course, "--by", "coach-kim"],
                   ["casework", "release-key", ASSIGNMENT, "--course", course, "--by", "coach-kim", "--withdraw"]]
