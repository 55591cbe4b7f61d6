"""Assignments generated from their case (issue 22): every notebook against its key, the author's words placed,
the prose's mistakes named with file and line, and a case added only as YAML plus an ``assignment.md`` (not a
library case) built, played by a persona, handed in, graded and given feedback through the CLI an author uses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from typer.testing import CliRunner

from casework.cli import app
from grading.build import BuildError, build_course
from grading.course import load_course
from grading.key import AnswerKey
from scenarios.loader import CASES_DIR, load_case
from scenarios.prose import ProseError, check_prose, parse_prose

runner = CliRunner()
HARLOW = CASES_DIR / "harlow-first-contact"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The whole course, built once (notebooks only: nbgrader's release is checked by the other modules)."""
    course = tmp_path_factory.mktemp("generated") / "course"
    return build_course(course)


def _ids(nb) -> list[str]:
    return [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]


def test_every_generated_notebook_matches_its_key(built):
    spec = load_course()
    assert {a.id for a in built.assignments} == {a.id for a in spec.assignments}
    for a in built.assignments:
        scenario = load_case(a.scenario)
        key = AnswerKey.from_scenario(scenario)
        nb = nbformat.read(built.source(a) / a.notebook_name, as_version=4)
        ids = _ids(nb)
        # one decision cell per point, in the case's order, and none for a point the case does not have
        decide = [i.removeprefix("decide-") for i in ids if i.startswith("decide-")]
        assert decide == [d.id for d in scenario.decision_points], a.id
        # the grade cells are the key's, with the key's points, and only those
        graded = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"]
                  for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
        wanted = {f"score-{p}": v for p, v in key.practice_points().items()}
        wanted.update({w.id: w.points for w in scenario.written_answers})
        assert graded == wanted, a.id
        # a written answer: its prompt, then its answer cell, after the point the case places it
        for w in scenario.written_answers:
            at = ids.index(f"prompt-{w.id}")
            assert ids[at + 1] == w.id and nb.cells[at + 1].cell_type == "markdown", (a.id, w.id)
            before = [i for i in ids[:at] if i.startswith("decide-")][-1].removeprefix("decide-")
            of_practice = [d.id for d in scenario.decision_points if d.practice == w.practice]
            assert before == (w.after or (of_practice or [scenario.decision_points[-1].id])[-1]), (a.id, w.id)
        # the course's cells are locked and their code hidden; only answers are open to the trainee
        for cell in nb.cells:
            meta = cell.metadata.nbgrader
            assert meta["locked"] != meta["solution"], (a.id, meta["grade_id"])
            if cell.cell_type == "code":
                assert cell.metadata.jupyter == {"source_hidden": True}, (a.id, meta["grade_id"])
        assert len(set(ids)) == len(ids), a.id
        assert f'CaseSession.open("{a.id}")' in nb.cells[ids.index("setup")].source
        assert nb.cells[0].source.startswith(f"# {a.title}\n")


def test_the_intro_says_how_it_is_scored_from_the_key(built):
    a = load_course().assignment("team-tribe")
    nb = nbformat.read(built.source(a) / a.notebook_name, as_version=4)
    areas = list(AnswerKey.from_scenario(load_case(a.scenario)).practice_points())
    assert f"in seven areas ({', '.join(areas)})" in " ".join(nb.cells[0].source.split())
    assert "Two written answers are read and graded by your coach." in " ".join(nb.cells[0].source.split())


def test_the_authors_words_and_tools_are_placed_where_the_prose_puts_them(built):
    a = load_course().assignment("team-tribe")
    nb = nbformat.read(built.source(a) / a.notebook_name, as_version=4)
    ids = _ids(nb)
    # a point's own "## heading" replaces the generated practice heading there
    own = nb.cells[ids.index("decide-ask-about-tribe") - 1]
    assert own.source.startswith("## Team: the tribe as a partner")
    assert not any(c.source.startswith("## Team\n") for c in nb.cells)
    # a ```safety-network``` fence is a tool cell just before its point
    tool = nb.cells[ids.index("decide-team-meeting") - 1]
    assert tool.cell_type == "code" and tool.source.startswith("case.safety_network(")
    # by practice: Engage gets its heading and the author's words for it
    engage = nb.cells[ids.index("decide-first-visit") - 1]
    assert engage.source.startswith("## Engage\n\n")


PROSE = "# intro\n\nWords.\n\n# at-the-door\n\n## Before you knock\n\nThe door.\n\n```scaling\nid: scaling-x\nquestion: How safe?\n```\n"


@pytest.mark.parametrize("text, line, says", [
    ("# intro\n\nHi.\n\n# carer-strian\n\nx\n", 5, "'# carer-strian' names no decision point, written answer or practice"),
    ("# at-the-dor\n\nx\n", 1, "did you mean 'at-the-door'?"),
    ("# at-the-door\n\n```scalin\nquestion: x\n```\n", 3, "no practice tool 'scalin' (did you mean 'scaling'?)"),
    ("# at-the-door\n\n```scaling\nquestio: x\n```\n", 4, "the scaling tool has no setting 'questio'"),
    ("# at-the-door\n\n```scaling\nquestion: x\n", 3, "never closed"),
    ("# transition\n\nx\n", 1, "has no decision point of the practice 'transition'"),
    ("---\nsection: as written\n---\n# intro\n\nx\n", 2, "unknown setting 'section'"),
    ("Words first.\n# intro\n", 1, "words before the first '# anchor' line"),
    ("# intro\n\nx\n\n# intro\n\ny\n", 5, "'# intro' again (first on line 1)"),
    ("# play-out\n\n```ecomap\n```\n", 1, "# play-out holds words only"),
    ("# at-the-door\n\n```scaling\nquestion: [x\n```\n", 4, "the scaling tool's settings are not YAML"),
])
def test_a_prose_mistake_is_one_line_with_file_and_line(tmp_path, text, line, says):
    harlow = load_case("harlow-first-contact")
    path = tmp_path / "assignment.md"
    with pytest.raises(ProseError) as err:
        check_prose(parse_prose(text, path), harlow)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: ") and says in message and "\n" not in message, message


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A case outside the library (``$CASEWORK_CASES``): Harlow's YAML under another id, with prose of its own,
    and a scratch copy of the course file."""
    cases = tmp_path / "cases"
    case = cases / "rivera-newborn"
    case.mkdir(parents=True)
    text = (HARLOW / "scenario.yaml").read_text(encoding="utf-8")
    (case / "scenario.yaml").write_text(re.sub(r"(?m)^id: harlow-first-contact$", "id: rivera-newborn", text),
                                        encoding="utf-8")
    (case / "assignment.md").write_text(PROSE, encoding="utf-8")
    shutil.copy(Path(load_course.__globals__["MANIFEST"]), tmp_path / "course.yaml")
    monkeypatch.setenv("CASEWORK_CASES", str(cases))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _ok(args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_build_stops_on_a_prose_mistake_in_one_line(scratch):
    _ok(["course", "add", "rivera-newborn", "--case", "rivera-newborn", "--module", "orientation", "--minutes", 20,
         "--course-file", scratch / "course.yaml"])
    (scratch / "cases" / "rivera-newborn" / "assignment.md").write_text("# carer-strian\n\nx\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"assignment\.md:1: '# carer-strian' names no decision point"):
        build_course(scratch / "course", ["rivera-newborn"], scratch / "course.yaml")
    result = runner.invoke(app, ["build-course", "--course", str(scratch / "course"), "--course-file",
                                 str(scratch / "course.yaml"), "--assignment", "rivera-newborn"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "assignment.md:1: '# carer-strian'" in result.output
    validate = runner.invoke(app, ["validate", str(scratch / "cases" / "rivera-newborn")])
    assert validate.exit_code == 1 and "assignment.md:1: error: '# carer-strian'" in validate.output


def test_a_written_answer_after_a_point_the_case_lacks_is_named_with_its_line(scratch):
    case = scratch / "cases" / "rivera-newborn" / "scenario.yaml"
    text = case.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^(\s*)- id: safety-goal$", r"\1- id: safety-goal\n\1  after: plan-gaol", text)
    case.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(case)])
    assert result.exit_code == 1, result.output
    line = text.splitlines().index(next(x for x in text.splitlines() if "after: plan-gaol" in x)) + 1
    assert f"scenario.yaml:{line}:" in result.output and "plan-gaol" in result.output, result.output


def test_a_case_added_as_yaml_and_prose_is_built_played_graded_and_given_feedback(scratch):
    """The walk-through of AUTHORING.md section 8, by its commands, on a scratch course: no notebook edited."""
    course_file, course = scratch / "course.yaml", scratch / "course"
    _ok(["validate", scratch / "cases" / "rivera-newborn"])
    _ok(["course", "add", "rivera-newborn", "--case", "rivera-newborn", "--module", "orientation", "--minutes", 20,
         "--course-file", course_file])
    out = _ok(["build-course", "--course", course, "--course-file", course_file, "--assignment", "rivera-newborn"])
    assert "released rivera-newborn" in out
    nb = nbformat.read(course / "release" / "rivera-newborn" / "rivera-newborn.ipynb", as_version=4)
    ids = _ids(nb)
    # the prose is in the notebook where it was written
    assert nb.cells[ids.index("decide-at-the-door") - 2].source.startswith("## Before you knock\n\nThe door.")
    assert nb.cells[ids.index("decide-at-the-door") - 1].source == \
        "case.scaling(tool_id='scaling-x', question='How safe?')"
    assert "Words." in nb.cells[0].source

    results = {}
    for persona in ("practice-model", "directive"):
        decisions = scratch / f"{persona}.json"
        _ok(["play", "rivera-newborn", "--persona", persona, "--out", decisions])
        _ok(["test-submission", "rivera-newborn", "--decisions", decisions, "--trainee", persona, "--answers", persona,
             "--course", course])
    graded = _ok(["grade", "rivera-newborn", "--course", course])
    assert "graded practice-model" in graded and "graded directive" in graded
    for persona in ("practice-model", "directive"):
        stored = json.loads((course / "scores" / "rivera-newborn" / f"{persona}.json").read_text())
        assert stored["problem"] is None and stored["problems"] == [], stored
        results[persona] = stored
    key = AnswerKey.from_scenario(load_case("rivera-newborn"))
    from grading.grade import gradebook_frame

    book = gradebook_frame(course)
    scores = {t: book[(book.trainee == t) & book.cell.str.startswith("score-")].score.sum() for t in results}
    assert scores["practice-model"] == pytest.approx(sum(key.practice_points().values()))
    assert 0 < scores["directive"] < scores["practice-model"]

    _ok(["feedback", "rivera-newborn", "--course", course])
    page = (course / "feedback" / "practice-model" / "rivera-newborn" / "rivera-newborn.html").read_text()
    assert "Before you knock" in page and "case.decide(" not in page and "case.scaling(" not in page
    assert 'class="ansi' not in page and "Error</span>" not in page  # no traceback shown
