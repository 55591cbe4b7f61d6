"""The lesson notebooks run in a fresh kernel, cite real sources, and the course map agrees with the files."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import jupytext
import pytest
import yaml
from nbclient import NotebookClient

from curriculum.toolkit import check
from curriculum.toolkit.lesson import compare_futures, lesson_case
from scenarios.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "curriculum" / "lessons"
COURSE_MAP = ROOT / "curriculum" / "README.md"
COURSE = ROOT / "curriculum" / "course.yaml"
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


# a lesson plays a library case (decisions made in it) with one of these calls
PLAYS_CASE = re.compile(r"\b(?:compare_futures|case_life|practice_case)\(\s*\"([a-z0-9-]+)\"")


@pytest.mark.parametrize("module", MODULES)
def test_a_lesson_only_plays_cases_the_trainee_has_already_been_graded_on(module):
    """A lesson never rehearses the decisions of its own module's assignment, or of a later one."""
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    graded_in = {}
    for a in course["assignments"]:
        graded_in.setdefault(a["scenario"], []).append(MODULES.index(a["module"]))
    code = "\n".join(c.source for c in jupytext.read(LESSONS / f"{module}.py").cells if c.cell_type == "code")
    for case_id in set(PLAYS_CASE.findall(code)):
        later = [MODULES[i] for i in graded_in.get(case_id, []) if i >= MODULES.index(module)]
        assert not later, f"the {module} lesson plays {case_id}, which the trainee meets graded in {later}"


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
    base = {"safety-decision": "safe-with-plan", "make-the-safety-plan": "family-meeting"}
    explorer = compare_futures(
        "harlow-first-contact",
        {"A": {**base, "at-the-door": "name-role-purpose"}, "B": {**base, "at-the-door": "name-role-purpose"}},
        vary=["at-the-door"], runs=20,
    )
    same = explorer.frames
    assert same["A"].equals(same["B"]), "the same decisions under the same seeds give the same futures"
    explorer.controls["B"]["at-the-door"][0].value = "read-allegations"
    explorer.run()
    assert explorer.decisions("B")["at-the-door"] == ["read-allegations"]
    assert explorer.frames["B"].engagement_mean.mean() < explorer.frames["A"].engagement_mean.mean()
    assert "A: mean" in explorer.view.value and "B: mean" in explorer.view.value


def test_futures_explorer_rejects_an_option_the_case_does_not_have():
    with pytest.raises(ValueError, match="no option 'shout'"):
        compare_futures("harlow-first-contact", {"A": {"at-the-door": "shout"}, "B": {}})


def test_a_lesson_case_carries_no_key():
    case = lesson_case("harlow-first-contact")
    assert all(o.key is None for dp in case.decision_points for o in dp.options)


# --- the course map ---------------------------------------------------------------------------------


def course_map_rows():
    """The module table of the course map: one dict a row, keyed by the header."""
    lines = [line for line in COURSE_MAP.read_text(encoding="utf-8").splitlines() if line.startswith("|")]
    header = [h.strip().lower() for h in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == len(header):
            rows.append(dict(zip(header, cells)))
    return rows


def module_sections() -> dict[str, str]:
    """The text under each module's heading ("## 3. Team (session 2)") in the course map."""
    text = COURSE_MAP.read_text(encoding="utf-8")
    sections = {}
    for match in re.finditer(r"^## \d+\. (.+?)\n(.*?)(?=^## |\Z)", text, re.S | re.M):
        module = re.search(r"`lessons/([a-z-]+)\.py`", match.group(2))
        if module:
            sections[module.group(1)] = match.group(2)
    return sections


def test_course_map_lists_every_module_in_order_with_its_lesson_file():
    rows = course_map_rows()
    assert [r["module"].split()[0].lower() for r in rows] == MODULES
    for row in rows:
        lesson = re.search(r"`lessons/([a-z-]+\.py)`", row["lesson"]).group(1)
        assert (LESSONS / lesson).is_file(), f"the course map names {lesson}, which does not exist"
    assert list(module_sections()) == MODULES


def test_every_assignment_in_the_course_appears_in_the_map_under_its_module():
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    rows = {r["module"].split()[0].lower(): r for r in course_map_rows()}
    sections = module_sections()
    for a in course["assignments"]:
        assert f"`{a['id']}`" in rows[a["module"]]["assignments"], f"{a['id']} missing from the map's row for {a['module']}"
        assert f"`{a['id']}` ({a['minutes']} min)" in sections[a["module"]], f"{a['id']}: minutes in the map differ from course.yaml"
    named = {m for r in rows.values() for m in re.findall(r"`([a-z0-9-]+)`", r["assignments"])}
    assert named <= {a["id"] for a in course["assignments"]}, "the map names an assignment course.yaml does not have"


def test_every_behaviour_in_the_map_exists_and_each_practice_module_covers_its_practice():
    catalog = load_catalog()
    known = catalog.behaviour_ids()
    sections = module_sections()
    pattern = re.compile(r"`((?:%s)\.[a-z0-9-]+)`" % "|".join(p.id for p in catalog.practices))
    for module, text in sections.items():
        listed = set(pattern.findall(text))
        assert listed, f"{module}: no behaviours listed"
        assert listed <= known, f"{module}: not in the catalog: {sorted(listed - known)}"
        if module in PRACTICE_MODULES:
            missing = {b.id for b in catalog.practice(module).behaviours} - listed
            assert not missing, f"{module}: the map leaves out {sorted(missing)}"


def test_each_session_fits_in_about_three_hours():
    sessions: dict[str, int] = {}
    for row in course_map_rows():
        sessions[row["session"]] = sessions.get(row["session"], 0) + int(row["minutes"])
    course = yaml.safe_load(COURSE.read_text(encoding="utf-8"))
    rows = {r["module"].split()[0].lower(): r for r in course_map_rows()}
    for module, row in rows.items():
        lesson_minutes = int(re.search(r"\((\d+) min\)", row["lesson"]).group(1))
        assignment_minutes = sum(a["minutes"] for a in course["assignments"] if a["module"] == module)
        assert int(row["minutes"]) == lesson_minutes + assignment_minutes, f"{module}: minutes do not add up"
    for session, minutes in sessions.items():
        assert minutes <= 195, f"session {session} takes {minutes} min; a session is about three hours"
