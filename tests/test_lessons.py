"""The lesson notebooks run in a fresh kernel, cite real sources, practise on their own vignettes (never on a
graded case), keep their checks' answers out of the code, and show the course map's objectives (course.yaml)."""

from __future__ import annotations

import ast
import re
import shutil
import time
from pathlib import Path

import jupytext
import pytest
import yaml
from nbclient import NotebookClient

from curriculum.toolkit import check
from curriculum.toolkit.checks import CHECKS_DIR, CheckFileError, check_files, find_check, load_check_file
from curriculum.toolkit.lesson import (
    VIGNETTES_DIR,
    compare_futures,
    lesson_case,
    objectives_markdown,
    practice_case,
    vignette,
    vignettes,
)
from grading.course import check_sessions, load_course, session_overruns
from grading.course_map import stale
from scenarios.catalog import load_catalog
from scenarios.lint import check_file
from scenarios.loader import library, load_case, load_scenario

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "curriculum" / "lessons"
COURSE_MAP = ROOT / "curriculum" / "README.md"
MODULES = ["orientation", "engage", "team", "assess", "plan", "intervene", "monitor", "transition", "capstone"]
PRACTICE_MODULES = [m for m in MODULES if m not in ("orientation", "capstone")]
LESSON_FILES = sorted(LESSONS.glob("*.py"))

# a citation in a lesson's text: [Maryland, *We ENGAGE: Respect and Honor*]
CITATION = re.compile(r"\[(NCCD|California|Maryland|Massachusetts|Wisconsin), \*([^*]+)\*\]")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def markdown_of(path: Path) -> str:
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def lesson_folder(tmp_path_factory):
    """A trainee's copy of the lessons folder (lessons keep practice work beside themselves)."""
    folder = tmp_path_factory.mktemp("lessons")
    for path in LESSON_FILES:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def executed(lesson_folder):
    """Every lesson, executed once in its own fresh kernel: {name: (notebook, seconds)}."""
    out = {}
    for path in sorted(lesson_folder.glob("*.py")):
        nb = jupytext.read(path)
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(lesson_folder)}})
        start = time.perf_counter()
        client.execute()
        out[path.stem] = (nb, time.perf_counter() - start)
    return out


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif o.output_type in ("display_data", "execute_result"):
                parts.append(str(o.data.get("text/html", "")) + str(o.data.get("text/plain", "")))
    return "\n".join(parts)


def widget_states(nb) -> dict:
    return nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})


def test_there_is_a_lesson_for_every_module():
    assert {p.stem for p in LESSON_FILES} >= set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_lesson_runs_in_a_fresh_kernel_without_error(executed, module):
    nb, seconds = executed[module]
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == [], f"{module}: {errors[:1]}"
    print(f"{module}: executed in {seconds:.1f} s")


def test_every_other_lesson_notebook_runs_too(executed):
    for name, (nb, _) in executed.items():
        if name not in MODULES:
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
            assert errors == [], f"{name}: {errors[:1]}"


@pytest.mark.parametrize("module", PRACTICE_MODULES)
def test_practice_lesson_shows_every_behaviour_of_its_practice(executed, module):
    nb, _ = executed[module]
    text = outputs_text(nb)
    for behaviour in load_catalog().practice(module).behaviours:
        assert behaviour.id in text, f"{module} lesson does not show {behaviour.id}"


@pytest.mark.parametrize("module", MODULES)
def test_lesson_has_checks_and_a_simulation(executed, module):
    nb, _ = executed[module]
    shown = [o for c in nb.cells for o in c.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
    states = widget_states(nb)
    classes = [s["state"].get("_dom_classes", []) for s in states.values()]
    assert sum("casework-check" in c for c in classes) >= 2, f"{module}: fewer than two checks"
    assert shown, f"{module}: no widget displayed"
    # the futures comparison drew its panels and its words for screen readers
    html = " ".join(s["state"].get("value", "") for s in states.values() if isinstance(s["state"].get("value"), str))
    assert "histograms side by side on the same axes" in html, f"{module}: no futures comparison"
    assert "<img src='data:image/png;base64," in html


@pytest.mark.parametrize("module", MODULES)
def test_lesson_cites_the_source_models_as_the_catalog_does(module):
    text = markdown_of(LESSONS / f"{module}.py")
    cited = CITATION.findall(text)
    assert len(cited) >= 3, f"{module}: cite the source models (found {len(cited)} citations)"
    catalog = load_catalog()
    known = {(c.source, c.section) for p in catalog.practices for c in p.citations}
    known |= {(c.source, c.section) for p in catalog.practices for b in p.behaviours for c in b.citations}
    known |= {(c.source, c.section) for p in catalog.principles for c in p.citations}
    names = {"nccd": "NCCD"}
    for source, section in cited:
        source_id = next(s.id for s in catalog.sources if names.get(s.id, s.id.capitalize()) == source)
        assert (source_id, section) in known, f"{module}: [{source}, *{section}*] is not a section the catalog cites"


# a lesson plays a case (decisions made in it, or its levers moved) with one of these calls
PLAYS_CASE = re.compile(
    r"\b(?:compare_futures|compare_levers|case_life|practice_case|show_case_path|lesson_case|vignette)\(\s*\"([a-z0-9-]+)\""
)
SURNAME_NOT_WORD = r"(?<![\w-]){}(?![\w-])"


def code_of(path: Path) -> str:
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "code")


@pytest.mark.parametrize("module", MODULES)
def test_a_lesson_plays_only_the_lessons_own_vignettes(module):
    """No lesson loads a graded case: every case it plays is a vignette, and no vignette is a library case."""
    played = set(PLAYS_CASE.findall(code_of(LESSONS / f"{module}.py")))
    assert played, f"the {module} lesson plays no vignette"
    assert played <= set(vignettes()), f"{module} plays {sorted(played - set(vignettes()))}, which are not vignettes"
    assert not played & set(library()), f"{module} plays a library case"


def graded_cases() -> dict:
    """Every case an assignment of the course is graded on, by id (from course.yaml and the scenario files)."""
    return {a.scenario: load_case(a.scenario) for a in load_course().assignments}


def graded_mentions(text: str, cases: dict) -> list[str]:
    """The graded cases' ids, family surnames, decision point ids and option ids that ``text`` mentions.

    Case ids, and point and option ids with a dash, are looked for anywhere as whole tokens; a one-word id
    (``promise``, ``mia``) only as a quoted string, the way code would name it; a surname as a word.
    """
    def named(ident: str) -> bool:
        pattern = SURNAME_NOT_WORD.format(re.escape(ident)) if "-" in ident else rf"[\"']{re.escape(ident)}[\"']"
        return re.search(pattern, text) is not None

    found = []
    for case_id, case in cases.items():
        if re.search(SURNAME_NOT_WORD.format(re.escape(case_id)), text):
            found.append(case_id)
        if re.search(rf"\b{re.escape(case.family.name)}\b", text):
            found.append(f"{case.family.name} ({case_id})")
        for dp in case.decision_points:
            if named(dp.id):
                found.append(f"{dp.id} ({case_id})")
            found += [f"{option.id} ({case_id}/{dp.id})" for option in dp.options if named(option.id)]
    return found


LESSON_MATERIAL = LESSON_FILES + sorted(CHECKS_DIR.glob("*.yaml")) + sorted(VIGNETTES_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", LESSON_MATERIAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_lesson_material_names_a_graded_case_its_family_or_its_options(path):
    assert graded_mentions(path.read_text(encoding="utf-8"), graded_cases()) == []


def test_the_graded_case_scan_finds_what_it_looks_for():
    # the scan above can fail: a lesson line of the old kind is caught on every count
    cases = graded_cases()
    case_id, case = next(iter(cases.items()))
    dashed = next(o.id for dp in case.decision_points for o in dp.options if "-" in o.id)
    line = f'practice_case("{case_id}", "engage")  # the {case.family.name} family chose {dashed}'
    found = graded_mentions(line, cases)
    assert case_id in found and f"{case.family.name} ({case_id})" in found
    assert any(f.startswith(dashed + " ") for f in found)
    assert graded_mentions('compare_futures("x", {"A": {"whose-view": ["mia"]}})', cases) != []
    # ordinary words are not options: "a promise you cannot keep" names nothing, and neither does "Tates"
    assert graded_mentions("A promise you cannot keep; the Tates' Harlowe Street.", cases) == []


def names_in(scenario) -> set[str]:
    people = [*scenario.family.members, *scenario.family.network]
    return {word for p in people for word in re.findall(r"[^\W\d_][\w'-]*", p.name) if word[0].isupper()}


@pytest.mark.parametrize("vignette_id", vignettes())
def test_a_vignette_is_a_family_and_a_situation_of_its_own(vignette_id):
    v = load_scenario(VIGNETTES_DIR / f"{vignette_id}.yaml")
    assert v.id == vignette_id and vignette_id not in library()
    ids = {dp.id for dp in v.decision_points} | {o.id for dp in v.decision_points for o in dp.options}
    for case_id, case in graded_cases().items():
        assert v.family.name != case.family.name
        shared_names = names_in(v) & names_in(case)
        assert not shared_names, f"{vignette_id} shares names with {case_id}: {sorted(shared_names)}"
        graded_ids = {dp.id for dp in case.decision_points} | {o.id for dp in case.decision_points for o in dp.options}
        assert not ids & graded_ids, f"{vignette_id} reuses ids of {case_id}: {sorted(ids & graded_ids)}"
        labels = {" ".join(o.label.split()).lower() for dp in case.decision_points for o in dp.options}
        assert not labels & {" ".join(o.label.split()).lower() for dp in v.decision_points for o in dp.options}


@pytest.mark.parametrize("path", sorted(VIGNETTES_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_vignette_validates_strictly(path):
    # schema, content lint and item-writing lint, warnings included (casework validate --strict)
    assert [str(f) for f in check_file(path)] == []


def test_there_are_vignettes_and_every_one_is_played_by_a_lesson():
    played = {v for path in LESSON_FILES for v in PLAYS_CASE.findall(code_of(path))}
    assert len(vignettes()) >= 2 and set(vignettes()) == played


def test_a_vignette_reaches_a_lesson_without_its_key_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for vignette_id in vignettes():
        case = vignette(vignette_id)
        assert case.id == vignette_id
        assert all(o.key is None and o.approach is None for dp in case.decision_points for o in dp.options)
        assert lesson_case(vignette_id) == case
    # the file itself carries keys, so the tools and the simulator can play it
    assert any(o.key for dp in load_scenario(VIGNETTES_DIR / "varga-family.yaml").decision_points for o in dp.options)


@pytest.mark.parametrize("case_id", sorted({a.scenario for a in load_course().assignments}))
def test_no_lesson_helper_opens_a_graded_case(case_id, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for call in (lambda: lesson_case(case_id), lambda: vignette(case_id), lambda: practice_case(case_id, "engage"),
                 lambda: compare_futures(case_id, {"A": {}, "B": {}}, runs=20),
                 lambda: compare_futures("varga-family", {"A": {}, "B": {}}, runs=20,
                                         scenario=load_case(case_id).trainee_view())):
        with pytest.raises(ValueError, match="never on the graded library cases"):
            call()
    assert not (tmp_path / "lesson-work" / "engage" / "decisions.json").exists()


def test_practice_case_opens_a_practice_session_in_the_lessons_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    session = practice_case("varga-family", "team")
    assert session.practice is True
    assert session.folder == Path("lesson-work") / "team" and (tmp_path / "lesson-work" / "team").is_dir()
    assert session.scenario.id == "varga-family"
    assert all(o.key is None for dp in session.scenario.decision_points for o in dp.options)
    with pytest.raises(ValueError, match="lesson"):
        practice_case("varga-family", "../elsewhere")


# --- knowledge checks: the answer is in a data file, never in the lesson's code ----------------------


def check_calls(path: Path) -> list[ast.Call]:
    calls = []
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code":
            calls += [n for n in ast.walk(ast.parse(cell.source))
                      if isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", None)) == "check"]
    return calls


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_a_lesson_calls_each_check_by_id_only_and_its_code_holds_no_answer(path):
    calls = check_calls(path)
    for call in calls:
        assert not call.keywords and len(call.args) == 1, f"{path.stem}: {ast.unparse(call)} gives more than an id"
        assert isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str), ast.unparse(call)
    used = [c.args[0].value for c in calls]
    checks_file = CHECKS_DIR / f"{path.stem}.yaml"
    written = load_check_file(checks_file) if checks_file.exists() else {}
    assert sorted(used) == sorted(written), f"{path.stem}: the lesson and {checks_file.name} name different checks"
    assert len(set(used)) == len(used)
    code = " ".join(code_of(path).split())
    for spec in written.values():
        for text in (*spec.options, *spec.explanations):
            assert text not in code, f"{path.stem}: the code holds the text of {spec.id}"


def test_the_answer_scan_catches_a_check_written_in_the_code(tmp_path):
    lesson = tmp_path / "engage.py"
    lesson.write_text('# %%\ncheck("Q?", ["a", "b"], 1, ["x", "y"])\n', encoding="utf-8")
    (call,) = check_calls(lesson)
    assert len(call.args) == 4  # what the test above refuses


@pytest.mark.parametrize("module", MODULES)
def test_every_module_has_a_check_file_that_loads(module):
    checks = load_check_file(CHECKS_DIR / f"{module}.yaml")
    assert len(checks) >= 2
    for check_id, spec in checks.items():
        assert check_id.startswith(module + "-") and find_check(check_id) == spec
        assert len(spec.explanations) == len(spec.options) and 0 <= spec.best < len(spec.options)


def test_every_check_file_belongs_to_a_lesson():
    assert check_files() and {p.stem for p in check_files()} <= {p.stem for p in LESSON_FILES}


def test_a_check_by_id_shows_its_options_in_its_own_order_and_marks_the_best():
    spec = find_check("engage-opening-line")
    c = check("engage-opening-line")
    order = spec.display_order()
    assert order == spec.display_order() and sorted(order) == list(range(len(spec.options)))
    assert [b.description for b in c.buttons] == [f"{'ABC'[i]}. {spec.options[j]}" for i, j in enumerate(order)]
    assert c.options[c.answer] == spec.options[spec.best] and c.check_id == "engage-opening-line"
    wrong = next(i for i in range(len(c.buttons)) if i != c.answer)
    c.buttons[wrong].click()
    assert "Not quite" in c.feedback.value and spec.explanations[order[wrong]] in c.feedback.value
    c.buttons[c.answer].click()
    assert "Yes." in c.feedback.value and spec.explanations[spec.best] in c.feedback.value


def test_the_best_answer_is_not_always_in_the_same_place():
    specs = [spec for path in check_files() for spec in load_check_file(path).values()]
    shown = [spec.display_order().index(spec.best) for spec in specs]
    assert len(set(shown)) == 3, shown
    assert max(shown.count(i) for i in set(shown)) <= len(shown) * 0.6, shown
    assert any(spec.display_order() != sorted(spec.display_order()) for spec in specs)


GOOD = {"question": "Which?", "options": [{"text": "one", "explanation": "Why not."},
                                          {"text": "two", "best": True, "explanation": "Why so."}]}


def bad(change):
    spec = yaml.safe_load(yaml.safe_dump(GOOD))
    change(spec)
    return {"checks": {"engage-broken": spec}}


@pytest.mark.parametrize(
    "content, check_id, message",
    [
        (bad(lambda s: s["options"][1].pop("best")), "engage-broken", "no option is marked 'best: true'"),
        (bad(lambda s: s["options"][0].update(best=True)), "engage-broken", "options 1, 2 are all marked"),
        (bad(lambda s: s["options"][0].pop("explanation")), "engage-broken", "option 1 'explanation' must be text"),
        (bad(lambda s: s["options"][0].update(why="x")), "engage-broken", "unknown field 'why'"),
        (bad(lambda s: s.update(answer=1)), "engage-broken", "unknown field 'answer'"),
        (bad(lambda s: s["options"].pop()), "engage-broken", "'options' must list 2 to 10 options, got 1"),
        (bad(lambda s: s["options"][1].update(text="one")), "engage-broken", "option 2 has the same text"),
        (bad(lambda s: s["options"][0].update(text=7)), "engage-broken", "option 1 'text' must be text"),
        (bad(lambda s: s["options"][0].update(best="yes please")), "engage-broken", "'best' is true or left out"),
        (bad(lambda s: s.pop("question")), "engage-broken", "missing 'question'"),
        ({"checks": {"broken-check": GOOD}}, "broken-check", "the id must start with the lesson's name, 'engage-'"),
        ({"checks": []}, None, "a check file holds one field, 'checks'"),
        ("checks:\n  engage-a: {question: Q\n", None, "not valid YAML"),
        ("checks:\n  engage-a: {question: Q}\n  engage-a: {question: R}\n", None, "'engage-a' is given twice"),
    ],
)
def test_a_malformed_check_file_gives_one_line_naming_the_file_and_the_check(tmp_path, content, check_id, message):
    path = tmp_path / "engage.yaml"
    path.write_text(content if isinstance(content, str) else yaml.safe_dump(content), encoding="utf-8")
    with pytest.raises(CheckFileError) as raised:
        find_check("engage-broken", tmp_path)
    text = str(raised.value)
    assert "\n" not in text and text.startswith(f"{path.resolve()}: ") and message in text, text
    if check_id:
        assert f": check {check_id!r}: " in text, text
    with pytest.raises(CheckFileError, match=re.escape(message)):
        load_check_file(path)


def test_a_missing_check_or_check_file_is_named_in_one_line(tmp_path):
    (tmp_path / "engage.yaml").write_text(yaml.safe_dump({"checks": {"engage-there": GOOD}}), encoding="utf-8")
    with pytest.raises(CheckFileError, match=r"engage\.yaml: no check 'engage-elsewhere' in this file \(it has: engage-there\)"):
        find_check("engage-elsewhere", tmp_path)
    with pytest.raises(CheckFileError, match="no check file for check 'team-there'"):
        find_check("team-there", tmp_path)
    with pytest.raises(CheckFileError, match="is not a check id"):
        find_check("Engage Opening", tmp_path)
    assert find_check("engage-there", tmp_path).options == ("one", "two")
    # in the lessons' own folder, a check the files do not have names the file
    with pytest.raises(CheckFileError, match=r"^curriculum/lessons/checks/engage\.yaml: no check 'engage-nope'"):
        check("engage-nope")


def test_the_old_form_of_check_still_needs_all_its_parts():
    with pytest.raises(TypeError, match="a check id alone"):
        check("Which?", ["a", "b"])


def test_practice_work_is_kept_in_each_lessons_own_folder(executed, lesson_folder):
    # every lesson that uses a tool opened its own folder, so work on different cases never collides
    folders = {p.name for p in (lesson_folder / "lesson-work").iterdir()}
    users = {name for name, (nb, _) in executed.items()
             if "practice_case(" in "".join(c.source for c in nb.cells if c.cell_type == "code")}
    assert users and folders == users


def test_lessons_never_show_a_grading_key(executed):
    for name, (nb, _) in executed.items():
        text = outputs_text(nb) + str(widget_states(nb))
        assert "rationale" not in text.lower() and "'credit'" not in text, name


# --- the widgets, in this process ----------------------------------------------------------------


def test_a_check_gives_feedback_on_the_chosen_option_at_once():
    c = check("Which is a behaviour?", ["Ask what the family wants", "Read the allegations"], 0, ["Yes, it is.", "It is not."])
    assert "Choose an answer" in c.feedback.value
    c.buttons[1].click()
    assert "Not quite" in c.feedback.value and "It is not." in c.feedback.value
    assert "casework-chosen" in c.buttons[1]._dom_classes
    c.buttons[0].click()
    assert "Yes." in c.feedback.value and "Yes, it is." in c.feedback.value
    assert "casework-chosen" in c.buttons[0]._dom_classes and "casework-chosen" not in c.buttons[1]._dom_classes
    # every answer is a labelled control a screen reader can name
    assert [b.description for b in c.buttons] == ["A. Ask what the family wants", "B. Read the allegations"]
    assert all(b.tooltip.startswith("Which is a behaviour?") for b in c.buttons)


def test_check_colours_follow_the_jupyterlab_theme():
    from curriculum.toolkit.checks import CHECK_STYLE

    colours = re.findall(r"(?:color|background|border(?:-left)?(?:-color)?|outline)\s*:\s*([^;]+);", CHECK_STYLE)
    assert colours and all("var(--jp-" in c for c in colours), colours


@pytest.mark.parametrize(
    "options, answer, explanations, message",
    [
        (["a", "b"], "c", ["x", "y"], "not one of the options"),
        (["a", "b"], 0, ["x"], "2 options but 1 explanations"),
        (["a"], 0, ["x"], "at least two options"),
        (["a", "b"], 5, ["x", "y"], "outside 0..1"),
    ],
)
def test_a_badly_written_check_says_what_is_wrong(options, answer, explanations, message):
    with pytest.raises(ValueError, match=message):
        check("Q", options, answer, explanations)


def test_futures_explorer_plays_the_trainees_changed_choice_with_the_same_luck():
    base = {"after-the-belt": "manage-it-at-home", "plan-for-hard-evenings": "meeting-with-their-people"}
    explorer = compare_futures(
        "varga-family",
        {"A": {**base, "on-the-doorstep": "name-the-worry"}, "B": {**base, "on-the-doorstep": "name-the-worry"}},
        vary=["on-the-doorstep"], runs=20,
    )
    same = explorer.frames
    assert same["A"].equals(same["B"]), "the same decisions under the same seeds give the same futures"
    explorer.controls["B"]["on-the-doorstep"][0].value = "see-leo-first"
    explorer.run()
    assert explorer.decisions("B")["on-the-doorstep"] == ["see-leo-first"]
    assert explorer.frames["B"].engagement_mean.mean() < explorer.frames["A"].engagement_mean.mean()
    assert "A: mean" in explorer.view.value and "B: mean" in explorer.view.value


def test_futures_explorer_rejects_an_option_the_case_does_not_have():
    with pytest.raises(ValueError, match="no option 'shout'"):
        compare_futures("varga-family", {"A": {"on-the-doorstep": "shout"}, "B": {}})


# --- the course map: course.yaml holds it once; the README's map and the lessons' objectives come from it ----


def test_the_course_map_in_the_readme_is_generated_from_course_yaml():
    assert not stale(COURSE_MAP, load_course()), "curriculum/README.md is stale: run 'casework course map'"


def test_the_course_modules_are_the_lessons_in_order():
    spec = load_course()
    assert [m.id for m in spec.modules] == MODULES
    for m in spec.modules:
        assert m.lesson == f"lessons/{m.id}.py" and (LESSONS / f"{m.id}.py").is_file(), m.id
    assert {a.module for a in spec.assignments} <= set(MODULES)
    assert all(spec.module_assignments(m) for m in MODULES), "every module has an assignment"


def test_every_behaviour_in_the_map_exists_and_each_practice_module_covers_its_practice():
    catalog = load_catalog()
    known = catalog.behaviour_ids()
    for m in load_course().modules:
        listed = set(m.behaviours)
        assert listed, f"{m.id}: no behaviours listed"
        assert listed <= known, f"{m.id}: not in the catalog: {sorted(listed - known)}"
        if m.id in PRACTICE_MODULES:
            missing = {b.id for b in catalog.practice(m.id).behaviours} - listed
            assert not missing, f"{m.id}: the course map leaves out {sorted(missing)}"


def test_each_session_fits_in_the_cap():
    spec = load_course()
    assert spec.session_cap == 195
    assert session_overruns(spec) == {}
    check_sessions(spec)  # the rule casework build-course applies, through load_course
    for module in MODULES:
        assert spec.module_minutes(module) == spec.module(module).minutes + sum(
            a.minutes for a in spec.assignments if a.module == module)


@pytest.mark.parametrize("module", MODULES)
def test_a_lesson_shows_its_objectives_from_course_yaml_and_writes_none_of_its_own(module):
    path = LESSONS / f"{module}.py"
    assert code_of(path).count(f'lesson.objectives("{module}")') == 1
    text = markdown_of(path)
    assert "By the end" not in text, f"{module}: the objectives are course.yaml's, not the lesson's own"
    assert not re.search(r"\b\d+ minutes in class", text), f"{module}: the lesson's minutes are course.yaml's"
    shown = objectives_markdown(module)
    spec = load_course().module(module)
    assert f"About {spec.minutes} minutes in class, in session {spec.session}." in shown
    assert [line[2:] for line in shown.splitlines() if line.startswith("- ")] == list(spec.objectives)


@pytest.mark.parametrize("module", MODULES)
def test_the_executed_lesson_shows_its_objectives(executed, module):
    nb, _ = executed[module]
    shown = [o.data["text/markdown"] for c in nb.cells for o in c.get("outputs", [])
             if "text/markdown" in o.get("data", {})]
    assert objectives_markdown(module) in shown


def test_no_objective_names_a_graded_case_its_family_or_its_options():
    # a lesson shows its module's objectives: they follow the lessons' rule
    text = "\n".join(o for m in load_course().modules for o in m.objectives)
    assert graded_mentions(text, graded_cases()) == []


def test_objectives_without_a_course_file_are_one_line_and_an_unknown_module_is_named(tmp_path):
    missing = objectives_markdown("plan", tmp_path / "course.yaml")
    assert "\n" not in missing and "course.yaml is not installed here" in missing
    with pytest.raises(ValueError, match=r"no module 'nope' \(there are: orientation, engage"):
        objectives_markdown("nope")
