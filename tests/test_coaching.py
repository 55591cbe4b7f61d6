"""Coaching: rubrics in the formgrader, trainee reports, comment bank, cohort analytics, xAPI, dashboard.

Real nbgrader and a real SQLite gradebook throughout: the demo cohort is
autograded by nbgrader, then a copy of the course is graded by hand through
nbgrader's Gradebook API (as the formgrader does) before the reports are read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from curriculum.toolkit.futures import FUTURES_RUNS, FUTURES_SEED

from conftest import ASSIGNMENT, autograded_notebook

TRAINEES = ("avery", "blake", "casey", "devon", "emery")
CASEWORK = [str(Path(sys.executable).parent / "casework")]


def text_of(html: str) -> str:
    """Visible text of a report (no inline images, tags or entities)."""
    import html as h

    html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return h.unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def coached(graded_cohort, tmp_path_factory):
    """A copy of the graded demo course: avery and blake graded by hand; casey's submission folder lost."""
    from manual_grades import record_manual_grade

    root = tmp_path_factory.mktemp("coached")
    course = root / "course"
    shutil.copytree(graded_cohort.course_dir, course)
    record_manual_grade(course, ASSIGNMENT, "avery", "danger-statement", 3, "Plain words, every part there.")
    record_manual_grade(course, ASSIGNMENT, "avery", "safety-goal", 2, "Named people and a time frame.")
    record_manual_grade(course, ASSIGNMENT, "blake", "danger-statement", 1, "A label and a threat; say what could happen to Theo and Mia.")
    record_manual_grade(course, ASSIGNMENT, "blake", "safety-goal", 0, None)
    shutil.rmtree(course / "submitted" / "casey")
    return course


@pytest.fixture(scope="module")
def reports(coached):
    from grading.coach.analytics import cohort_analytics
    from grading.coach.coaching import all_trainee_reports

    out = coached.parent / "reports"
    return {
        "trainees": all_trainee_reports(coached, out / "trainees", runs=12),
        "cohort": cohort_analytics(coached, out / "cohort"),
    }


def report_text(reports, trainee):
    return text_of(reports["trainees"][trainee].read_text(encoding="utf-8"))


# --- rubrics in the formgrader ---------------------------------------------------------------


def test_rubric_cell_follows_each_hand_graded_cell_in_the_autograded_copy_only(graded_cohort, harlow):
    from grading.pipeline.rubrics import is_rubric_cell

    nb = autograded_notebook(graded_cohort.course_dir, "blake")
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    for answer in harlow.written_answers:
        rubric = nb.cells[ids.index(answer.id) + 1]
        assert is_rubric_cell(rubric) and rubric.cell_type == "markdown"
        assert rubric.metadata.nbgrader["locked"] and not rubric.metadata.nbgrader["grade"]
        for level in answer.rubric:
            assert " ".join(level.descriptor.split()) in rubric.source
        assert "Practice behaviours this answer evidences" in rubric.source
    release = nbformat.read(graded_cohort.course_dir / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert not any(is_rubric_cell(c) or "Coach's rubric" in c.source for c in release.cells)
    submitted = nbformat.read(graded_cohort.course_dir / "submitted" / "blake" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert not any(is_rubric_cell(c) for c in submitted.cells)


def test_feedback_leaves_the_rubric_out(graded_cohort, harlow):
    for path in graded_cohort.feedback:
        html = path.read_text(encoding="utf-8")
        assert "Coach's rubric" not in html and "Coach&#39;s rubric" not in html
        assert not any(" ".join(level.descriptor.split()) in html for w in harlow.written_answers for level in w.rubric)


def test_formgrader_shows_the_rubric_right_after_the_answer(graded_cohort):
    """Render the autograded notebook as nbgrader's formgrader does (its HTML exporter and 'formgrade' template)."""
    from nbconvert.exporters import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    from scenarios.authoring.personas import WEAK_ANSWER

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    resources = {"assignment_id": ASSIGNMENT, "notebook_id": ASSIGNMENT, "submission_id": "s", "index": 0, "total": 1,
                 "base_url": "", "student": "blake", "last_name": None, "first_name": None, "notebook_path": "/n"}
    path = graded_cohort.course_dir / "autograded" / "blake" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    html, _ = HTMLExporter(config=config).from_filename(str(path), resources=resources)
    answer = html.index(WEAK_ANSWER)
    rubric = html.index("Coach's rubric: Danger statement")
    assert answer < rubric < html.index("Coach's rubric: Safety goal")
    assert "Names who is worried" in html and "Comments you can reuse" in html


# --- trainee reports --------------------------------------------------------------------------


def test_practice_model_report_leads_with_strengths_and_shows_the_key_once_graded(reports):
    text = report_text(reports, "avery")
    assert "Graded: the coach has graded every written answer" in text
    assert "Demonstrated: this choice showed  Explain role, reason and next steps" in text
    assert "Contradicted:" not in text
    prompts = text.split("Prompts for the coaching conversation")[1].split("Practice behaviour by behaviour")[0]
    assert prompts.strip().startswith("In \u201cAt the door\u201d (week 0) you showed")
    assert "Plain words, every part there." in text and "Named people and a time frame." in text
    assert "Practice model's plan" in text  # futures beside the practice model's
    assert "You told the family who you are" in text  # the comment bank's matching comment
    html = reports["trainees"]["avery"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") >= 2


def test_directive_report_names_contradicted_behaviours_with_the_moment(reports):
    text = report_text(reports, "blake")
    assert "Week 2: Making the safety plan" in text
    assert "Contradicted: this choice worked against  Build the plan with the family" in text
    assert "worked against \u201cBe open about concerns and authority\u201d" in text
    assert "Missed: this choice did not show" in text
    assert "The practice model's choice:" in text
    assert "A label and a threat; say what could happen to Theo and Mia." in text
    assert "A plan signed under pressure rarely holds at night." in text


def test_key_stays_hidden_until_the_assignment_is_graded(graded_cohort, harlow):
    text = text_of(graded_cohort.trainee_reports["blake"].read_text(encoding="utf-8"))
    assert "Not fully graded yet" in text
    assert "Contradicted: this choice worked against" in text  # the trainee's own evidence, as in feedback
    for hidden in ["Missed:", "The practice model's choice", "Practice model's plan", "Exemplar"]:
        assert hidden not in text, hidden
    assert not any(" ".join(level.descriptor.split()) in text for w in harlow.written_answers for level in w.rubric)


def test_no_report_names_another_trainee(graded_cohort, coached, reports):
    from grading.course import load_course
    from scenarios.loader import case_path

    # a case may have a family member who shares a demo trainee's first name (Devon in the Tate case)
    case_text = " ".join(case_path(a.scenario).read_text(encoding="utf-8") for a in load_course().assignments)
    comments = {"avery": "Plain words, every part there.", "blake": "A label and a threat"}
    problems = {"devon": "is damaged", "emery": "No decisions.json was found", "casey": "submission folder is missing"}
    for paths in (graded_cohort.trainee_reports, reports["trainees"]):
        assert set(paths) == set(TRAINEES)
        for trainee, path in paths.items():
            html = path.read_text(encoding="utf-8")
            others = [t for t in TRAINEES if t != trainee and re.search(rf"\b{t}\b", html, re.I)
                      and not re.search(rf"\b{t}\b", case_text, re.I)]
            assert others == [], f"{trainee}'s report names {others}"
            for other in set(TRAINEES) - {trainee}:
                assert f"{other} chose" not in html and f"report: {other}" not in html
    for trainee, path in reports["trainees"].items():
        text = report_text(reports, trainee)
        leaked = [t for t, c in {**comments, **problems}.items() if t != trainee and c in text]
        assert leaked == [], f"{trainee}'s report shows the work of {leaked}"


def test_every_report_is_written_with_the_problems_listed(reports):
    assert "decisions.json is damaged" in report_text(reports, "devon")
    assert "No decisions.json was found" in report_text(reports, "emery")
    assert "submission folder is missing" in report_text(reports, "casey")
    cohort = text_of(reports["cohort"].html.read_text(encoding="utf-8"))
    for trainee, message in [("devon", "is damaged"), ("emery", "No decisions.json"), ("casey", "submission folder is missing")]:
        assert re.search(rf"{trainee} / {ASSIGNMENT}: [^\n]*{re.escape(message)}", cohort), trainee
    assert all(p.split(" / ")[0] in {"casey", "devon", "emery"} for p in reports["cohort"].problems)


def test_report_for_one_assignment_and_an_unknown_one(coached, tmp_path):
    from grading.coach.coaching import trainee_report

    path = trainee_report(coached, "avery", tmp_path, assignment=ASSIGNMENT, runs=0)
    assert path.name == f"avery-{ASSIGNMENT}.html"
    with pytest.raises(KeyError):
        trainee_report(coached, "avery", tmp_path, assignment="no-such-assignment", runs=0)


# --- cohort analytics -------------------------------------------------------------------------


def _gradebook_counts(course):
    from nbgrader.api import Gradebook

    from grading.coach.evidence import gradebook_url

    with Gradebook(gradebook_url(course)) as gb:
        students = [s.id for s in gb.students]
        assignments = [a.name for a in gb.assignments]
        grades = sum(len(nb.grades) for a in gb.assignments for sub in a.submissions for nb in sub.notebooks)
        totals = {(sub.student.id, a.name): sub.score for a in gb.assignments for sub in a.submissions}
    return students, assignments, grades, totals


def _pending(course) -> set:
    """(trainee, assignment) pairs with a hand-graded answer still waiting for the coach."""
    from grading.grade import gradebook_frame

    g = gradebook_frame(course)
    return set(map(tuple, g[g.needs_manual_grade.fillna(False).astype(bool)][["trainee", "assignment"]].values))


def test_csv_and_excel_match_the_gradebook(coached, reports):
    from grading.course import load_course
    from grading.exports.lms import CANVAS_ID_COLUMNS, POINTS_POSSIBLE

    students, assignments, grades, totals = _gradebook_counts(coached)
    titles = {a.id: a.title for a in load_course().assignments}
    lms = pd.read_csv(reports["cohort"].lms_csv, keep_default_na=False)
    assert list(lms.columns[:5]) == CANVAS_ID_COLUMNS and "Total" not in lms.columns
    assert sorted(lms.columns[5:]) == sorted(titles[a] for a in assignments)
    assert lms.Student[0] == POINTS_POSSIBLE
    body = lms.iloc[1:].set_index("SIS Login ID")
    assert sorted(body.index) == sorted(students)
    pending = _pending(coached)
    for (trainee, assignment), score in totals.items():
        cell = body.at[trainee, titles[assignment]]
        if (trainee, assignment) in pending:
            assert cell == "", "a pending hand grade is blank, never a zero"
        else:
            assert float(cell) == pytest.approx(score)
    cells = pd.read_csv(reports["cohort"].cells_csv)
    assert len(cells) == grades
    assert cells.query("trainee == 'blake' and assignment == @ASSIGNMENT and cell == 'danger-statement'").comment.item().startswith("A label")
    waiting = cells[cells.needs_manual_grade.astype(bool)]
    assert len(waiting) and set(waiting.status) == {"waiting for the coach"} and waiting.score.isna().all(), \
        "a cell still to grade says so, with no score (never 0)"
    assert set(cells[~cells.needs_manual_grade.astype(bool)].status) == {"final"}
    sheet = pd.read_excel(reports["cohort"].excel, sheet_name="Canvas import")
    assert list(sheet.columns) == list(lms.columns) and len(sheet) == len(lms)


def test_item_discrimination_separates_stronger_from_weaker_trainees(harlow, tmp_path):
    """On a cohort of personas, a point the practice model gets right and the directive persona wrong discriminates."""
    from scenarios.decisions import DecisionBook
    from grading.coach.analytics import item_analysis
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions

    personas = ["practice-model"] * 4 + ["directive"] * 4 + ["random"] * 4
    for i, persona in enumerate(personas):
        folder = tmp_path / "submitted" / f"t{i:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        DecisionBook(folder, harlow.id, {}).write_all(persona_decisions(persona, harlow, seed=i))
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    _score_all(tmp_path, {ASSIGNMENT: harlow})
    items, _ = item_analysis(collect(tmp_path))
    safety = items.set_index("point").loc["make-the-safety-plan"]
    assert safety.n == 12 and safety.point_biserial > 0.5 and safety.upper_lower > 0.5


# --- calibration and bias probes ---------------------------------------------------------------

LEVELS = {"risk-low": 0.1, "risk-moderate": 0.3, "risk-high": 0.6}


def _rating(point="rate-risk", rates="safety_incident", week=1):
    """A rating point: three levels with their forecasts, the key crediting the middle one."""
    from scenarios.models import DecisionPoint

    credit = {"risk-low": 0, "risk-moderate": 1, "risk-high": 0.5}
    return DecisionPoint.model_validate({
        "id": point, "week": week, "practice": "assess", "title": "Rate it", "prompt": "How likely is it in the coming year?",
        "kind": "rating", "rates": rates, "points": 1, "options": [
            # option ids that follow no convention: the kind and the forecasts make the rating
            {"id": o.replace("risk-", "level-") if point != "rate-risk" else o, "label": o.split("-")[1].title(),
             "forecast": f, "key": {"credit": credit[o]}} for o, f in LEVELS.items()
        ],
    })


def _with_rating_point(harlow, *points):
    """The Harlow case with rating points after the week-1 decisions (a safety-incident rating by default), and no
    rating point of its own (the test's are the only ones)."""
    scenario = harlow.model_copy(deep=True)
    scenario.decision_points = [dp for dp in scenario.decision_points if dp.kind != "rating"]
    at = [i for i, dp in enumerate(scenario.decision_points) if dp.week <= 1][-1] + 1
    for dp in reversed(points or (_rating(),)):
        scenario.decision_points.insert(at, dp)
    return scenario


def _score_all(course, scenarios):
    """Freeze each assignment's key and case, and score every submission and store its plan's futures as the
    grading pipeline does (no nbgrader here)."""
    from grading.key import AnswerKey, course_case_file, freeze_key
    from grading.pipeline.score import score_folder
    from scenarios.packed import pack

    for a_id, scenario in scenarios.items():
        freeze_key(course, a_id, AnswerKey.from_scenario(scenario))
        course_case_file(course, a_id).parent.mkdir(parents=True, exist_ok=True)
        course_case_file(course, a_id).write_bytes(pack(scenario.trainee_view()))
        for folder in sorted((course / "submitted").glob(f"*/{a_id}")):
            score_folder(course, a_id, folder.parent.name, futures=True)


def _course_with(tmp_path, scenario, plays, variant=False):
    """A course folder with decision files only, and the spec for it (one assignment, or a pair of variants)."""
    from scenarios.decisions import DecisionBook
    from grading.course import Assignment, CourseSpec

    assignments = [Assignment("case-a", "Case A", scenario.id, "assess")]
    if variant:
        assignments.append(Assignment("case-b", "Case A, another family", scenario.id, "assess", variant_of="case-a"))
    for (trainee, a_id), choices in plays.items():
        folder = tmp_path / "submitted" / trainee / a_id
        folder.mkdir(parents=True)
        DecisionBook(folder, scenario.id, {}).write_all(choices)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    spec = CourseSpec("test-course", assignments)
    _score_all(tmp_path, {a.id: scenario for a in assignments})
    return spec, {a.id: scenario for a in assignments}


def test_calibration_brier_scores_against_simulated_outcomes(harlow, tmp_path):
    from grading.coach.analytics import calibration, rating_points, reliability_table
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions
    from simulator import simulate_many

    scenario = _with_rating_point(harlow)
    assert [dp.id for dp in rating_points(scenario)] == ["rate-risk"]
    good = dict(persona_decisions("practice-model", scenario), **{"rate-risk": ["risk-moderate"]})
    low = dict(persona_decisions("directive", scenario), **{"rate-risk": ["risk-low"]})
    spec, scenarios = _course_with(tmp_path, scenario, {("ann", "case-a"): good, ("ben", "case-a"): low})
    calib = calibration(collect(tmp_path, spec=spec, scenarios=scenarios)).set_index("trainee")
    assert calib.at["ann", "agrees"] and not calib.at["ben", "agrees"]
    assert calib.at["ben", "rates"] == "safety_incident"
    assert calib.at["ben", "structured"] == "risk-moderate" and calib.at["ben", "forecast"] == 0.1
    assert calib.at["ben", "structured_forecast"] == 0.3
    # the futures the trainee saw (stored at grading): nothing is simulated again for the report
    outcomes = (simulate_many(scenario, low, FUTURES_RUNS, seed=FUTURES_SEED).safety_incidents > 0).astype(float)
    assert calib.at["ben", "simulated_rate"] == pytest.approx(outcomes.mean())
    assert calib.at["ben", "brier"] == pytest.approx(((0.1 - outcomes) ** 2).mean())
    assert calib.at["ben", "brier_structured"] == pytest.approx(((0.3 - outcomes) ** 2).mean())
    assert set(reliability_table(calib.reset_index()).forecast) == {0.1, 0.3}


def test_a_point_with_rating_option_ids_but_no_rating_kind_is_not_a_rating(harlow, tmp_path):
    """Option ids named risk-<level> no longer make a rating: only kind: rating does."""
    from grading.coach.analytics import calibration, rating_points
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions
    from scenarios.models import DecisionPoint

    plain = DecisionPoint.model_validate({
        "id": "rate-risk", "week": 1, "practice": "assess", "title": "Rate it", "prompt": "How likely?", "points": 1,
        "options": [{"id": o, "label": o, "key": {"credit": 1 if o == "risk-moderate" else 0}} for o in LEVELS]})
    scenario = _with_rating_point(harlow, plain)
    assert rating_points(scenario) == []
    choices = dict(persona_decisions("practice-model", scenario), **{"rate-risk": ["risk-low"]})
    spec, scenarios = _course_with(tmp_path, scenario, {("ann", "case-a"): choices})
    calib = calibration(collect(tmp_path, spec=spec, scenarios=scenarios))
    assert "rate-risk" not in set(calib.point)


def test_a_placement_rating_scores_against_the_placed_runs(harlow, tmp_path):
    """rates: placement is scored against the simulated runs in which the child was placed, not against incidents."""
    from grading.coach.analytics import calibration
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions
    from simulator import simulate_many

    scenario = _with_rating_point(harlow, _rating(), _rating("rate-placement", "placement"))
    # a plan that places the child in some runs and not in others, and whose incidents differ from its placements
    plan = dict(persona_decisions("directive", scenario), **{"rate-risk": ["risk-high"], "rate-placement": ["level-moderate"]})
    frame = simulate_many(scenario, plan, FUTURES_RUNS, seed=FUTURES_SEED)
    placed, incidents = frame.placed.astype(float), (frame.safety_incidents > 0).astype(float)
    assert 0 < placed.mean() and placed.mean() != incidents.mean(), "the test needs a plan whose placements differ from its incidents"
    spec, scenarios = _course_with(tmp_path, scenario, {("ann", "case-a"): plan})
    calib = calibration(collect(tmp_path, spec=spec, scenarios=scenarios)).set_index("point")
    row = calib.loc["rate-placement"]
    assert row.rates == "placement" and row.forecast == 0.3 and row.structured == "level-moderate" and row.agrees
    assert row.simulated_rate == pytest.approx(placed.mean())
    assert row.brier == pytest.approx(((0.3 - placed) ** 2).mean())
    assert calib.loc["rate-risk"].simulated_rate == pytest.approx(incidents.mean())
    assert calib.loc["rate-risk"].brier == pytest.approx(((0.6 - incidents) ** 2).mean())


def test_bias_probes_compare_paired_variants(harlow, tmp_path):
    from grading.coach.analytics import bias_probes, load_variants
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions

    scenario = _with_rating_point(harlow)
    model, directive = persona_decisions("practice-model", scenario), persona_decisions("directive", scenario)
    swayed = dict(model, **{"safety-decision": directive["safety-decision"], "rate-risk": ["risk-high"]})
    plays = {("ann", "case-a"): model, ("ann", "case-b"): model, ("ben", "case-a"): model, ("ben", "case-b"): swayed}
    spec, scenarios = _course_with(tmp_path, scenario, plays, variant=True)
    assert load_variants(spec) == {"case-b": "case-a"}
    per, cohort = bias_probes(collect(tmp_path, spec=spec, scenarios=scenarios), load_variants(spec))
    per = per.set_index("trainee")
    assert per.at["ann", "points_differing"] == 0 and per.at["ann", "score_gap"] == 0 and per.at["ann", "rating_gap"] == 0
    assert per.at["ben", "points_differing"] == 2 and per.at["ben", "score_gap"] < 0
    # the variant family's risk rated one level higher: 0.6 against 0.3
    assert per.at["ben", "rating_gap"] == pytest.approx(0.3)
    assert cohort.iloc[0].trainees == 2 and cohort.iloc[0].share_differing_any == 0.5
    assert cohort.iloc[0].mean_rating_gap == pytest.approx(0.15)


def _manifest(tmp_path, *entries):
    import yaml

    path = tmp_path / "course.yaml"
    path.write_text(yaml.safe_dump({"course_id": "x", "assignments": [
        {"title": e["id"], "notebook": f"{e['id']}.py", "scenario": "harlow-first-contact", **e} for e in entries]}))
    return path


def test_variant_of_is_a_field_of_the_course_file(tmp_path):
    from grading.coach.analytics import load_variants
    from grading.course import load_course

    spec = load_course(_manifest(tmp_path, {"id": "a"}, {"id": "b", "variant_of": "a"}))
    assert spec.assignment("b").variant_of == "a" and spec.assignment("a").variant_of is None
    assert load_variants(spec) == {"b": "a"}
    assert load_variants() == {a.id: a.variant_of for a in load_course().assignments if a.variant_of}


@pytest.mark.parametrize("entries, says", [
    ([{"id": "a"}, {"id": "b", "variant_of": "nothing"}], "'b': variant_of 'nothing' names no assignment"),
    ([{"id": "a", "variant_of": "a"}], "'a': variant_of 'a' names the assignment itself"),
    ([{"id": "a"}, {"id": "b", "variant_of": "a"}, {"id": "c", "variant_of": "b"}], "'c': variant_of 'b' is itself a variant of 'a'"),
    ([{"id": "a"}, {"id": "b", "variant_of": ["a"]}], "'b': variant_of names an assignment id"),
])
def test_variant_of_that_cannot_hold_is_one_line_naming_file_and_assignment(tmp_path, entries, says):
    from grading.course import CourseFileError, load_course

    path = _manifest(tmp_path, *entries)
    with pytest.raises(CourseFileError) as err:
        load_course(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: assignment ") and says in message


def test_a_variant_is_compared_point_by_point_or_refused(harlow):
    """Same ids, or else the same number of points; a case with neither cannot be a variant."""
    from grading.course import Assignment, CourseFileError, CourseSpec, check_variants

    spec = CourseSpec("x", [Assignment("a", "A", "harlow-first-contact"),
                            Assignment("b", "B", "other", variant_of="a")])
    renamed, shorter, reordered = (harlow.model_copy(deep=True) for _ in range(3))
    for i, dp in enumerate(renamed.decision_points):
        dp.id = f"point-{i}"
    shorter.decision_points.pop()
    reordered.decision_points.reverse()
    for fine in (harlow, renamed, reordered):
        check_variants(spec, "course.yaml", {"harlow-first-contact": harlow, "other": fine})
    with pytest.raises(CourseFileError) as err:
        check_variants(spec, "course.yaml", {"harlow-first-contact": harlow, "other": shorter})
    assert str(err.value).startswith("course.yaml: assignment 'b': variant_of 'a': its case other cannot be compared")
    assert harlow.decision_points[-1].id in str(err.value) and "\n" not in str(err.value)


def test_the_demo_cohort_shows_calibration_and_bias_probes(graded_cohort):
    """The shipped course's demo: the calibration table and the bias-probe table have rows with numbers."""
    from grading.course import load_course

    html = Path(graded_cohort.analytics).read_text(encoding="utf-8")
    text = text_of(html)
    calib = text[text.index("Judgement calibration"):text.index("Bias probes")]
    bias = text[text.index("Bias probes"):]
    assert "No rating decision points" not in calib and re.search(r"Brier \(trainees\).*\d\.\d{3}", calib, re.S)
    assert "No paired variants" not in bias
    variants = {a.id: a.variant_of for a in load_course().assignments if a.variant_of}
    assert variants, "the shipped course has a paired variant"
    for variant, base in variants.items():
        row = re.search(rf"{re.escape(base)}\s+{re.escape(variant)}\s+(\d+)\s+(\d+)%\s+([\d.]+)\s+([+-][\d.]+)\s+([\d.]+)\s+([+-][\d.]+)", bias)
        assert row, f"no cohort row for {variant} against {base}"
        trainees, share = int(row.group(1)), int(row.group(2))
        # the scripted-bias trainee rates the variant family's risk higher: the probe sees it
        assert trainees >= 3 and share > 0 and float(row.group(6)) > 0


# --- comment bank -----------------------------------------------------------------------------


def _casework(*args):
    return subprocess.run(CASEWORK + list(args), capture_output=True, text=True, timeout=300)


def test_comment_bank_add_edit_list_remove_through_the_cli(tmp_path):
    from grading.coach.comments import COURSE_BANK, DEFAULT_BANK, load_bank

    course = str(tmp_path)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")  # a course folder, as casework build-course leaves it
    (tmp_path / "source").mkdir()
    added = _casework("comments", "add", "plan.include-child-voice", "demonstrated", "Mia's wish shaped the plan.", "--course", course)
    assert added.returncode == 0, added.stderr
    comment_id = added.stdout.split()[-1]
    assert len(load_bank(tmp_path / COURSE_BANK)) == len(load_bank(DEFAULT_BANK)) + 1
    edited = _casework("comments", "edit", comment_id, "--text", "The child's wish shaped the plan.", "--course", course)
    assert edited.returncode == 0, edited.stderr
    listed = _casework("comments", "list", "--behaviour", "plan.include-child-voice", "--course", course)
    assert "The child's wish shaped the plan." in listed.stdout and "(1 of" in listed.stdout
    bad = _casework("comments", "add", "plan.no-such-thing", "missed", "x", "--course", course)
    assert bad.returncode == 1 and "unknown behaviour 'plan.no-such-thing'" in bad.stderr
    removed = _casework("comments", "remove", comment_id, "--course", course)
    assert removed.returncode == 0 and comment_id not in _casework("comments", "list", "--course", course).stdout


def test_a_broken_bank_names_file_entry_and_field(tmp_path):
    from grading.coach.comments import CommentBankError, load_bank

    path = tmp_path / "bank.yaml"
    path.write_text("comments:\n  - {id: a, behaviour: engage.explain-purpose, when: sometimes, text: x}\n")
    with pytest.raises(CommentBankError, match=r"bank.yaml: comments\[0\]\.when"):
        load_bank(path)


# --- the command line and the dashboard ------------------------------------------------------


def test_report_commands(coached, tmp_path):
    trainee = _casework("report", "trainee", "blake", "--course", str(coached), "--out", str(tmp_path), "--runs", "5")
    assert trainee.returncode == 0, trainee.stderr
    assert (tmp_path / "trainees" / "blake.html").exists()
    cohort = _casework("report", "cohort", "--course", str(coached), "--out", str(tmp_path),
                       "--home-page", "https://canvas.harlow-agency.org")
    assert cohort.returncode == 0, cohort.stderr
    assert "skipped: casey" in cohort.stderr
    for name in ["analytics.html", "grades-canvas.csv", "grades-moodle.csv", "grades-cells.csv", "cohort.xlsx",
                 "xapi-statements.jsonl"]:
        assert (tmp_path / "cohort" / name).exists(), name
    default = _casework("report", "--course", str(coached), "--out", str(tmp_path / "default"))
    assert default.returncode == 0, default.stderr
    assert (tmp_path / "default" / "cohort.html").exists() and (tmp_path / "default" / "cohort" / "analytics.html").exists()


def test_coach_dashboard_notebook_runs_and_filters(coached, monkeypatch):
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(Path(__file__).resolve().parent.parent / "curriculum" / "coach" / "dashboard.py")
    nb.cells.append(nbformat.v4.new_code_cell(
        "trainee.value = 'blake'; module.value = 'orientation'; behaviour.value = 'plan.build-plan-with-family'\n"
        "print('blake' in view.value, view.value.count('data:image/png'), 'Build the plan with the family' in view.value)"
    ))
    monkeypatch.setenv("CASEWORK_COURSE", str(coached))
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(coached.parent)}}).execute()
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    assert "5 trainees" in "".join(o.get("text", "") for o in outputs)
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs)
    assert not [o for o in nb.cells[-1].outputs if o.get("name") == "stderr"]
    printed = "".join(o.get("text", "") for o in nb.cells[-1].outputs).split()
    assert printed[0] == "True" and int(printed[1]) >= 2 and printed[2] == "True"


def test_items_that_give_the_answer_away_or_discriminate_negatively_are_flagged(tmp_path, harlow):
    """A point nearly everyone gets right is flagged; so is one that stronger trainees get wrong; n < 5 never is."""
    from grading.coach.analytics import FLAG_MIN_N, item_analysis, item_flag
    from scenarios.decisions import DecisionBook
    from grading.coach.evidence import collect
    from scenarios.authoring.personas import persona_decisions

    model = persona_decisions("practice-model", harlow)
    weak = persona_decisions("directive", harlow)
    first, second = harlow.decision_points[0].id, harlow.decision_points[1].id
    for i in range(8):
        choices = dict(model if i < 4 else weak)
        choices[first] = model[first]  # everyone gets the first point right
        if i < 4:  # the strong trainees get the second point wrong, the weak ones right
            choices[second] = weak[second]
        else:
            choices[second] = model[second]
        folder = tmp_path / "submitted" / f"t{i:02d}" / ASSIGNMENT
        folder.mkdir(parents=True)
        DecisionBook(folder, harlow.id, {}).write_all(choices)
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    _score_all(tmp_path, {ASSIGNMENT: harlow})
    items = item_analysis(collect(tmp_path))[0].set_index("point")
    assert "give its answer away" in items.loc[first, "flag"]
    assert "negative discrimination" in items.loc[second, "flag"]
    assert items.loc["make-the-safety-plan", "flag"] == ""
    assert item_flag(FLAG_MIN_N - 1, 1.0, -0.5) == "", "too few trainees: no flag"


def test_the_canvas_and_moodle_files_follow_their_importers_rules(coached, reports):
    """Canvas: identity columns first, a Points Possible row, assignment titles, no Total, numbers within points
    possible. Moodle: a username column, every grade a percentage within 0-100, no blank email column."""
    import csv

    from grading.exports.lms import CANVAS_ID_COLUMNS, POINTS_POSSIBLE

    with open(reports["cohort"].lms_csv, newline="", encoding="utf-8") as handle:
        canvas = list(csv.reader(handle))
    header, possible, rows = canvas[0], canvas[1], canvas[2:]
    assert header[:5] == CANVAS_ID_COLUMNS and possible[0] == POINTS_POSSIBLE and "Total" not in header
    assert all(possible[i] == "" for i in range(1, 5)) and all(float(v) > 0 for v in possible[5:])
    for row in rows:
        assert row[1] == "" and row[3], "no Canvas id is made up; the SIS Login ID matches the student"
        for value, top in zip(row[5:], possible[5:]):
            assert value == "" or 0 <= float(value) <= float(top)
    with open(reports["cohort"].moodle_csv, newline="", encoding="utf-8") as handle:
        moodle = list(csv.reader(handle))
    assert moodle[0][:2] == ["Username", "ID number"]
    if "Email address" in moodle[0]:
        column = moodle[0].index("Email address")
        assert all(row[column] for row in moodle[1:])
    grades = [v for row in moodle[1:] for v in row[moodle[0].index(next(h for h in moodle[0] if h.endswith("(%)"))):]]
    assert grades and all(v == "" or 0 <= float(v) <= 100 for v in grades)
    assert {row[0] for row in moodle[1:]} == {row[3] for row in rows}
