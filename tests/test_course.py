"""The course with real nbgrader: build, release without the key, autograde, feedback, validate."""

from __future__ import annotations

import re
import shutil

import nbformat

from scenarios.packed import read_packed
import pytest

from conftest import ASSIGNMENT, autograded_notebook, cell_text
from scenarios.decisions import DecisionBook
from grading.personas import fill_answers, persona_decisions
from scenarios import load_case, load_scenario

PRACTICES = ["engage", "assess", "team", "plan"]


def key_secrets(scenario, chosen=None):
    """Text that would reveal the key: hidden-test source, and the rationale of options not chosen."""
    chosen = chosen or {}
    secrets = ["BEGIN HIDDEN TESTS", "score_practice_area", "credit:", "\"credit\"", "exemplar"]
    for dp in scenario.decision_points:
        for o in dp.options:
            if o.key and o.key.rationale and o.id not in chosen.get(dp.id, []):
                secrets.append(o.key.rationale)
    secrets += [w.exemplar.strip() for w in scenario.written_answers]
    secrets += [level.descriptor.strip() for w in scenario.written_answers for level in w.rubric]
    return [s for s in secrets if s]


def test_release_folder_holds_no_key_and_no_decision_files(graded_cohort, harlow):
    release = graded_cohort.course_dir / "release" / ASSIGNMENT
    files = sorted(p.name for p in release.iterdir())
    assert files == [f"{ASSIGNMENT}.ipynb"], "the case stays on the course's side (the case service)"
    secrets = key_secrets(harlow) + ["demonstrates", "contradicts", "rationale", "approach"]
    for path in release.rglob("*"):
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = [s for s in secrets if s in text]
        assert leaked == [], f"{path.name} leaks {leaked[:1]}"
    from grading.key import course_case_file

    assert not read_packed(course_case_file(graded_cohort.course_dir, ASSIGNMENT)).has_key()
    key_file = graded_cohort.course_dir / "keys" / f"{harlow.id}.json"
    assert key_file.exists()


def test_grade_cell_points_come_from_the_scenario(graded_cohort, harlow):
    from grading.key import AnswerKey

    nb = nbformat.read(graded_cohort.course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    points = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader["points"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    expected = {f"score-{p}": v for p, v in AnswerKey.from_scenario(harlow).practice_points().items()}
    expected.update({w.id: w.points for w in harlow.written_answers})
    assert points == expected


def test_every_submission_autogrades_without_errors(graded_cohort):
    assert graded_cohort.problems == {}
    for trainee in ("avery", "blake", "casey", "devon", "emery"):
        nb = autograded_notebook(graded_cohort.course_dir, trainee)
        errors = [c.metadata.nbgrader.get("grade_id") for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
        assert errors == [], f"{trainee}: {errors}"


def _area_scores(gradebook, trainee):
    mine = gradebook[(gradebook.trainee == trainee) & (gradebook.assignment == ASSIGNMENT)].set_index("cell")
    return {p: float(mine.loc[f"score-{p}", "score"]) for p in PRACTICES}


def test_practice_model_scores_strictly_higher_than_directive_in_every_area(gradebook, harlow):
    good = _area_scores(gradebook, "avery")
    directive = _area_scores(gradebook, "blake")
    from grading.key import AnswerKey

    assert good == AnswerKey.from_scenario(harlow).practice_points()
    for practice in PRACTICES:
        assert good[practice] > directive[practice], practice
    assert 0 < sum(directive.values()) < sum(good.values())


def test_partial_credit_is_recorded_as_a_fraction_of_the_points(gradebook):
    random_scores = _area_scores(gradebook, "casey")
    maxima = gradebook[(gradebook.trainee == "casey") & (gradebook.assignment == ASSIGNMENT)].set_index("cell").max_score
    assert any(0 < random_scores[p] < maxima[f"score-{p}"] for p in PRACTICES)


@pytest.mark.parametrize("trainee, message", [("devon", "is damaged"), ("emery", "No decisions.json was found")])
def test_a_damaged_or_missing_decision_file_scores_zero_with_a_message(graded_cohort, gradebook, trainee, message):
    assert _area_scores(gradebook, trainee) == {p: 0.0 for p in PRACTICES}
    nb = autograded_notebook(graded_cohort.course_dir, trainee)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("score-"):
            assert message in cell_text(cell)


def test_written_answers_wait_for_the_coach(gradebook):
    manual = gradebook[gradebook.cell.isin(["danger-statement", "safety-goal"]) & (gradebook.assignment == ASSIGNMENT)]
    answered = manual[manual.trainee.isin(["avery", "blake"])]
    assert answered.needs_manual_grade.all()


def test_feedback_is_html_for_every_trainee_with_no_key_and_no_traceback(graded_cohort):
    from scenarios.decisions import read_decisions
    from grading.course import load_course

    authors = {a.id: load_case(a.scenario) for a in load_course().assignments}
    submissions = list((graded_cohort.course_dir / "submitted").glob("*/*/"))
    assert len(graded_cohort.feedback) == len(submissions) >= 5 + 3 * (len(authors) - 1)
    for path in graded_cohort.feedback:
        html = path.read_text(encoding="utf-8")
        trainee, assignment = path.parent.parent.name, path.parent.name
        submitted = graded_cohort.course_dir / "submitted" / trainee / assignment
        chosen = read_decisions(submitted).choices
        # the trainee's own words may appear in their feedback (an exemplar, when a persona wrote it)
        notebook = nbformat.read(submitted / f"{assignment}.ipynb", as_version=4)
        own_words = "\n".join(cell.source for cell in notebook.cells)
        leaked = [s for s in key_secrets(authors[assignment], chosen) if s in html and s not in own_words]
        assert leaked == [], f"{trainee} feedback leaks {leaked[:1]}"
        assert "Traceback (most recent call last)" not in html
        assert not re.search(r"\b(NameError|KeyError|ModuleNotFoundError|AssertionError)\b", html)
        assert re.search(r"\d+(\.\d+)? of \d+(\.\d+)? points", html), "each part names its points"


def test_feedback_explains_each_score_in_practice_language(graded_cohort):
    html = (graded_cohort.course_dir / "feedback" / "blake" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
    assert "works against: Look for needs behind the behaviour" in html
    assert "Your decision:" in html


def _validate(notebook):
    from nbgrader.validator import Validator

    return Validator().validate(str(notebook))


def test_nbgrader_validate_passes_a_completed_copy_and_flags_a_missing_decision(harlow, tmp_path, monkeypatch):
    """Validate runs the notebook in the trainee's kernel, which asks the course's case service."""
    from grading.build import build_course
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    course = tmp_path / "course"
    build_course(course, [ASSIGNMENT])
    copy = tmp_path / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, copy)
    notebook = copy / f"{ASSIGNMENT}.ipynb"
    svc = start_local(course, user="val")
    for key, value in svc.env().items():
        monkeypatch.setenv(key, value)
    store = Store.for_course(course)
    service = CaseService(course, store, variant=lambda n: f"local:{n}")
    decisions = persona_decisions("practice-model", harlow)
    try:
        for point, choice in list(decisions.items())[:-1]:
            assert service.decide("val", ASSIGNMENT, point, choice)["refused"] is None, point
        incomplete = _validate(notebook)
        assert "failed" in incomplete
        assert any("The case plan goal" in str(f) for f in incomplete["failed"])
        assert service.decide("val", ASSIGNMENT, "plan-goal", decisions["plan-goal"])["refused"] is None
        fill_answers(notebook, {w.id: "A written answer." for w in harlow.written_answers})
        complete = _validate(notebook)
        assert "failed" not in complete, complete.get("failed")
    finally:
        store.close()
        svc.stop()


def test_the_practice_models_futures_stay_on_the_coachs_side_as_numbers_only(graded_cohort, harlow):
    import json

    from grading.key import reference_folder

    assert not list((graded_cohort.course_dir / "release").rglob("reference-futures.json"))
    data = json.loads((reference_folder(graded_cohort.course_dir, ASSIGNMENT) / "reference-futures.json").read_text())
    assert data["runs"] == 100 and set(data["summary"]) >= {"Child placed out of home", "A serious incident"}
    text = json.dumps(data)
    option_ids = {o.id for dp in harlow.decision_points for o in dp.options}
    assert not [o for o in option_ids if f'"{o}"' in text]
