"""The course with real nbgrader: build, release without the key, autograde, feedback, validate."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat

from scenarios.packed import read_packed
import pytest

from conftest import ASSIGNMENT, autograded_notebook, cell_text
from scenarios import load_case, load_scenario
from scenarios.authoring.personas import fill_answers, persona_decisions
from scenarios.decisions import DecisionBook

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


def test_nbgrader_validate_fails_where_a_cell_stopped_with_an_error(harlow, tmp_path, monkeypatch):
    """Validate said "Success!" under a traceback (issue 22 item 4): nbgrader fails grade cells only, so the check
    cells name a cell above that stopped with an error: a decision cell in its practice area's check, a cell
    that decides nothing (the trainee's own) in the first check after it; the other areas pass."""
    from nbgrader.utils import compute_checksum

    from grading.build import build_course
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    course = tmp_path / "course"
    build_course(course, [ASSIGNMENT])
    copy = tmp_path / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, copy)
    notebook = copy / f"{ASSIGNMENT}.ipynb"
    fill_answers(notebook, {w.id: "A written answer." for w in harlow.written_answers})
    nb = nbformat.read(notebook, as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    broken = nb.cells[ids.index("decide-whose-view")]  # an assess decision whose cell stops under a traceback
    broken.source += "\nraise RuntimeError('the moment could not be drawn')"
    broken.metadata.nbgrader["checksum"] = compute_checksum(broken)  # as released: no "changed cell" warning
    nb.cells.insert(ids.index("decide-at-the-door"), nbformat.v4.new_code_cell("1 / 0  # the trainee's own cell"))
    nbformat.write(nb, notebook)
    svc = start_local(course, user="val")
    for key, value in svc.env().items():
        monkeypatch.setenv(key, value)
    store = Store.for_course(course)
    service = CaseService(course, store, variant=lambda n: f"local:{n}")
    try:
        for point, choice in persona_decisions("practice-model", harlow).items():
            assert service.decide("val", ASSIGNMENT, point, choice)["refused"] is None, point
        result = _validate(notebook)
    finally:
        store.close()
        svc.stop()
    assert "changed" not in result, result.get("changed")
    failed = {f["source"].strip(): f["raw_error"] for f in result.get("failed", [])}
    assert set(failed) == {'case.check_decided("engage")', 'case.check_decided("assess")'}, sorted(failed)
    assert "A cell above stopped with an error: 1 / 0" in failed['case.check_decided("engage")']
    assert "ZeroDivisionError" in failed['case.check_decided("engage")']
    assess = failed['case.check_decided("assess")']
    assert 'case.decide("whose-view") (RuntimeError: the moment could not be drawn)' in assess, assess
    assert "tell your coach" in assess and "1 / 0" not in assess


def test_the_practice_models_futures_stay_on_the_coachs_side_as_numbers_only(graded_cohort, harlow):
    import json

    from grading.key import reference_folder

    assert not list((graded_cohort.course_dir / "release").rglob("reference-futures.json"))
    data = json.loads((reference_folder(graded_cohort.course_dir, ASSIGNMENT) / "reference-futures.json").read_text())
    assert data["runs"] == 100 and set(data["summary"]) >= {"placed", "serious_incident"}
    text = json.dumps(data)
    option_ids = {o.id for dp in harlow.decision_points for o in dp.options}
    assert not [o for o in option_ids if f'"{o}"' in text]


# --- the course file: checked on load, its map generated, an assignment added by command ----------------------

COURSE_FILE = Path(__file__).resolve().parents[1] / "curriculum" / "course.yaml"


def _course_copy(tmp_path, change=None):
    """A copy of course.yaml in tmp_path (changed by ``change(data)``, else as it is, comments and all)."""
    import yaml

    path = tmp_path / "course.yaml"
    if change is None:
        shutil.copy(COURSE_FILE, path)
        return path
    data = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_course_of_assignments_alone_still_makes_a_spec():
    from grading.course import DEFAULT_SESSION_CAP, Assignment, CourseSpec

    spec = CourseSpec("x", [Assignment("a", "A", "harlow-first-contact", "orientation", 60, None)])
    assert spec.modules == [] and spec.session_cap == DEFAULT_SESSION_CAP == 195
    assert spec.assignment("a").notebook_name == "a.ipynb"


def test_the_course_file_holds_the_cap_the_modules_and_the_assignments():
    from grading.course import load_course

    spec = load_course()
    assert spec.session_cap == 195 and len(spec.modules) == 9 and spec.module("plan").session == 5
    assert len(spec.module("plan").objectives) == 6
    assert spec.session_minutes()[3] == 45 + sum(a.minutes for a in spec.module_assignments("team"))


def _module(name):
    return lambda data: next(m for m in data["modules"] if m["id"] == name)


@pytest.mark.parametrize("change, says", [
    (lambda d: _module("team")(d).update(minutes=80), "session 3 takes 215 min, 20 over the cap of 195 "
                                                      "(lesson team 80, team-tribe 75, first-contact-mensah 60)"),
    (lambda d: d.update(max_session_minutes=170), "session 3 takes 180 min, 10 over the cap of 170"),
    (lambda d: _module("plan")(d).pop("objectives"), "module 'plan': objectives is a list"),
    (lambda d: _module("plan")(d).update(objectives=["fine", 3]), "module 'plan': objectives item 2 must be text"),
    (lambda d: _module("plan")(d).update(session="five"), "module 'plan': session is the number"),
    (lambda d: _module("plan")(d).update(lesson="plan.py"), "module 'plan': lesson names a file under curriculum/"),
    (lambda d: _module("plan")(d).update(lesson="lessons/nothing.py"), "module 'plan': lesson lessons/nothing.py does not exist"),
    (lambda d: _module("plan")(d).update(minutes=0), "module 'plan': minutes is a whole number"),
    (lambda d: _module("plan")(d).update(goals=["x"]), "module 'plan': unknown field 'goals'"),
    (lambda d: _module("plan")(d).update(session=9), "module 'intervene': session 6 comes after 'plan' in session 9"),
    (lambda d: _module("plan")(d).update(id="team"), "module 'team' is given twice"),
    (lambda d: _module("plan")(d).pop("id"), "module 5 (no id): missing 'id'"),
    (lambda d: d["assignments"][0].update(module="nowhere"), "assignment 'first-contact': module 'nowhere' is not a module"),
    (lambda d: d["assignments"][0].update(module="capstone"), "assignment 'engage-language' (module engage) comes after "
                                                              "'first-contact' (module capstone)"),
    (lambda d: d["assignments"][1].pop("scenario"), "assignment 'engage-language': missing 'scenario'"),
    (lambda d: d["assignments"][1].update(minutes="long"), "assignment 'engage-language': minutes is a whole number"),
    (lambda d: d["assignments"][1].update(id="first-contact"), "assignment 'first-contact' is given twice"),
    (lambda d: d.update(sessions=9), "unknown field 'sessions'"),
    (lambda d: d.update(max_session_minutes="3h"), "max_session_minutes is a whole number of minutes"),
])
def test_a_bad_course_entry_is_one_line_naming_the_file_and_the_entry(tmp_path, change, says):
    from grading.course import CourseFileError, load_course

    path = _course_copy(tmp_path, change)
    with pytest.raises(CourseFileError) as err:
        load_course(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: ") and says in message, message


def test_a_course_file_that_is_not_yaml_is_one_line(tmp_path):
    from grading.course import CourseFileError, load_course

    path = tmp_path / "course.yaml"
    path.write_text("course_id: x\nassignments: [\n", encoding="utf-8")
    with pytest.raises(CourseFileError, match=r"course\.yaml: not valid YAML at line \d"):
        load_course(path)


def test_course_add_puts_the_entry_after_its_modules_assignments_and_keeps_the_comments(tmp_path):
    from grading.course import load_course
    from grading.course_edit import add_assignment

    path = _course_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    spec, added = add_assignment("team-again", "ellis-domestic-violence", "team", 15, path=path)
    assert added.title == load_case("ellis-domestic-violence").title and added.minutes == 15
    assert [a.id for a in spec.module_assignments("team")] == ["team-tribe", "first-contact-mensah", "team-again"]
    assert spec.session_minutes()[3] == 195
    after = path.read_text(encoding="utf-8")
    at = after.index("  - id: team-again")
    entry = after[at:]
    assert after[:at] == before[:at] and after.endswith(before[at:])
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == \
           [line for line in after.splitlines() if line.lstrip().startswith("#")], "every comment kept"
    assert entry.splitlines()[:5] == ["  - id: team-again", f'    title: "{added.title}"',
                                      "    scenario: ellis-domestic-violence", "    module: team", "    minutes: 15"]
    assert entry.splitlines()[5] == "  - id: assess-domestic-violence"
    # the last module, a title with quotes, a variant: the file still loads as written
    _, last = add_assignment("capstone-two", "mercer-coming-home", "capstone", 10, title='The "other" ending', path=path)
    _, variant = add_assignment("first-contact-late", "mensah-first-contact", "monitor", 20,
                                variant_of="first-contact", path=path)
    spec = load_course(path)
    assert spec.assignments[-1] == last and last.title == 'The "other" ending'
    assert spec.module_assignments("monitor")[-1] == variant and variant.variant_of == "first-contact"
    assert path.read_text(encoding="utf-8").endswith('    title: "The \\"other\\" ending"\n'
                                                      "    scenario: mercer-coming-home\n"
                                                      "    module: capstone\n    minutes: 10\n")
    assert COURSE_FILE.read_text(encoding="utf-8") == before, "the real course file is never touched"


@pytest.mark.parametrize("args, says", [
    (("team-two", "ellis-domestic-violence", "team", 30), "cannot add 'team-two': session 3 takes 210 min, 15 over the cap of 195"),
    (("x", "no-such-case", "team", 5), "cannot add 'x': no case 'no-such-case' under scenarios/cases/"),
    (("x", "ellis-domestic-violence", "nowhere", 5), "cannot add 'x': no module 'nowhere' in the course (there are: orientation"),
    (("first-contact", "ellis-domestic-violence", "team", 5), "cannot add 'first-contact': the course already has"),
    (("X Y", "ellis-domestic-violence", "team", 5), "cannot add 'X Y': an assignment id is lowercase"),
    (("x", "ellis-domestic-violence", "team", 0), "cannot add 'x': minutes is a whole number"),
])
def test_course_add_refuses_in_one_line_and_leaves_the_file_as_it_was(tmp_path, args, says):
    from grading.course import CourseFileError
    from grading.course_edit import add_assignment

    path = _course_copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    with pytest.raises(CourseFileError) as err:
        add_assignment(*args, path=path)
    assert "\n" not in str(err.value) and str(err.value).startswith(f"{path}: {says}"), str(err.value)
    assert path.read_text(encoding="utf-8") == before


def test_course_add_and_course_map_commands_on_a_copy(tmp_path):
    from typer.testing import CliRunner

    from casework.cli import app

    runner = CliRunner()
    path = _course_copy(tmp_path)
    readme = tmp_path / "README.md"
    shutil.copy(COURSE_FILE.parent / "README.md", readme)
    ok = runner.invoke(app, ["course", "map", "--check", "--course-file", str(path)])
    assert ok.exit_code == 0 and "up to date" in ok.output, ok.output
    added = runner.invoke(app, ["course", "add", "assess-again", "--case", "ellis-domestic-violence", "--module", "assess",
                                "--minutes", "20", "--title", "Assess again", "--course-file", str(path)])
    assert added.exit_code == 0, added.output
    assert "added assess-again" in added.output and "session 4 now takes 160 of 195 min" in added.output
    stale = runner.invoke(app, ["course", "map", "--check", "--course-file", str(path)])
    assert stale.exit_code == 1 and "is stale: run 'casework course map'" in stale.output
    hand_written = readme.read_text(encoding="utf-8").split("<!-- course map")[0]
    assert runner.invoke(app, ["course", "map", "--course-file", str(path)]).exit_code == 0
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(hand_written), "the README's own prose is kept"
    assert "| 4 | Assess | `lessons/assess.py` (50 min) | `assess-domestic-violence`, `assess-again` | 160 |" in text
    assert "assignment `assess-again` (20 min): *Assess again*" in text
    refused = runner.invoke(app, ["course", "add", "assess-more", "--case", "ellis-domestic-violence", "--module",
                                  "assess", "--minutes", "40", "--course-file", str(path)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert refused.output.strip() == (f"{path}: cannot add 'assess-more': session 4 takes 200 min, 5 over the cap of 195 "
                                      "(lesson assess 50, assess-domestic-violence 90, assess-again 20, assess-more 40)")
    # a course file that does not load (here: a session over the cap) is one line from every command that reads it
    path.write_text(path.read_text(encoding="utf-8").replace("max_session_minutes: 195", "max_session_minutes: 150"))
    over = runner.invoke(app, ["course", "map", "--course-file", str(path)])
    assert over.exit_code == 1 and over.output.strip() == (
        f"{path}: session 3 takes 180 min, 30 over the cap of 150 (lesson team 45, team-tribe 75, first-contact-mensah 60)")
