"""The practice tools in a real kernel: each renders, saves a change at once, and comes back after a restart."""

from __future__ import annotations

import html
import json
import re

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from conftest import CASE, cell_text
from scenarios.decisions import DECISIONS_FILE, LOG_FILE, DecisionBook, read_decisions
from curriculum.toolkit.tools.case_plan import check_goal

OPEN = f"""
from curriculum.toolkit import CaseSession
from scenarios import load_case
case = CaseSession(load_case({CASE!r}).trainee_view(), ".")
"""

# one cell per tool, as a notebook would call it
TOOLS = {
    "three-columns": "case.three_columns()",
    "danger-statement": "case.danger_statement()",
    "harm-statement": "case.harm_statement()",
    "safety-goal": "case.safety_goal()",
    "scaling-safety": "case.scaling()",
    "safety-network": "case.safety_network()",
    "ecomap": "case.ecomap()",
    "assessment": "case.assessment(compare=True)",
    "case-plan": "case.case_plan()",
}

# the change a trainee makes in each tool, as clicks and typing would set the widgets
CHANGES = {
    "three-columns": "t.columns['next_steps'].value = 'Carol stays overnight on her nights off'",
    "danger-statement": "t.fields['who'].value = 'The clinic nurse and the caseworker'",
    "harm-statement": "t.fields['what'].value = \"missed two of Theo's check-ups\"",
    "safety-goal": "t.statement.value = 'Carol will stay overnight three nights a week.'",
    "scaling-safety": "t.who.value = 'Jess Harlow'; t.score.value = 6; t.why.value = 'Carol is here most evenings'; t.record_button.click()",
    "safety-network": "t.rows['carol'].network.value = True; t.rows['carol'].role.value = 'stays overnight on her nights off'",
    "ecomap": "t.ties['carol'].value = 'strong'; t.ties['marcus'].value = 'stressful'",
    "assessment": "t.threats['impaired-caregiver'].value = 'present'; t.safety.value = 'safe-with-plan'",
    "case-plan": "t.add_button.click(); t.goal_rows[0].goal.value = 'Jess takes her medication as prescribed'",
}

# what the saved work holds after the change
SAVED = {
    "three-columns": lambda w: w["next_steps"] == ["Carol stays overnight on her nights off"],
    "danger-statement": lambda w: w["statement"].startswith("The clinic nurse and the caseworker are worried that")
    and not w["edited"],
    "harm-statement": lambda w: w["fields"]["what"] == "missed two of Theo's check-ups",
    "safety-goal": lambda w: w["statement"] == "Carol will stay overnight three nights a week." and w["edited"],
    "scaling-safety": lambda w: w["ratings"] == [{"who": "Jess Harlow", "score": 6, "why": "Carol is here most evenings", "next": ""}],
    "safety-network": lambda w: w["people"]["carol"] == {"network": True, "team": False, "role": "stays overnight on her nights off"},
    "ecomap": lambda w: w["ties"] == {"carol": "strong", "marcus": "stressful"},
    "assessment": lambda w: w["threats"]["impaired-caregiver"] == "present" and w["safety"] == "safe-with-plan",
    "case-plan": lambda w: w["goals"] == [{"goal": "Jess takes her medication as prescribed", "service": "", "steps": "",
                                           "owner": "", "by": ""}],
}

# after a restart, the widgets themselves show the saved work (expression in the kernel -> expected value)
READBACK = {
    "three-columns": ("t.columns['next_steps'].value", "Carol stays overnight on her nights off"),
    "danger-statement": ("t.fields['who'].value", "The clinic nurse and the caseworker"),
    "harm-statement": ("t.fields['what'].value", "missed two of Theo's check-ups"),
    "safety-goal": ("t.statement.value", "Carol will stay overnight three nights a week."),
    "scaling-safety": ("'Carol is here most evenings' in t.table.value", True),
    "safety-network": ("[t.rows['carol'].network.value, t.rows['carol'].role.value]", [True, "stays overnight on her nights off"]),
    "ecomap": ("[t.ties['carol'].value, t.ties['marcus'].value]", ["strong", "stressful"]),
    "assessment": ("[t.threats['impaired-caregiver'].value, t.safety.value, 'structured risk assessment' in t.reference_view.value]",
                   ["present", "safe-with-plan", True]),
    "case-plan": ("[len(t.goal_rows), t.goal_rows[0].goal.value]", [1, "Jess takes her medication as prescribed"]),
}


def run(folder, cells: list[str]):
    """Run code cells in a fresh kernel in ``folder``; return the notebook and any errors."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(nb, timeout=90, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    errors = [f"{o.ename}: {o.evalue}" for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """Open every tool, change each one, read the file from inside the kernel; then a fresh kernel restores."""
    folder = tmp_path_factory.mktemp("tools")
    cells = [OPEN, *TOOLS.values()]
    for tool_id, change in CHANGES.items():
        # the file is read right after the change, in the same cell: saving is immediate, not at exit
        cells.append(
            f"t = case.tools[{tool_id!r}]\n{change}\n"
            f"import json; print(json.dumps(json.load(open({DECISIONS_FILE!r}))['work'].get({tool_id!r})))"
        )
    # checks a trainee sees: the ecomap's description, the case plan's check of a goal without owner or date
    cells.append("print(case.tools['ecomap'].picture.value)")
    cells.append("print(case.tools['case-plan'].check_view.value)")
    first, first_errors = run(folder, cells)
    readback = "{" + ", ".join(f"{tid!r}: (lambda t: {expr})(case.tools[{tid!r}])" for tid, (expr, _) in READBACK.items()) + "}"
    restore = [OPEN, *TOOLS.values(), "import json; print(json.dumps({k: t.state for k, t in case.tools.items()}))",
               f"print(json.dumps({readback}))"]
    second, second_errors = run(folder, restore)
    return {
        "folder": folder,
        "first": first,
        "first_errors": first_errors,
        "saved_at_once": {tid: json.loads(cell_text(first.cells[1 + len(TOOLS) + i])) for i, tid in enumerate(CHANGES)},
        "second": second,
        "second_errors": second_errors,
        "restored": json.loads(cell_text(second.cells[-2])) if not second_errors else {},
        "readback": json.loads(cell_text(second.cells[-1])) if not second_errors else {},
        "ecomap_html": cell_text(first.cells[-2]),
        "plan_check": cell_text(first.cells[-1]),
    }


def widget_views(cell) -> list[str]:
    return [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in cell.outputs
            if o.output_type in ("display_data", "execute_result") and "application/vnd.jupyter.widget-view+json" in o.get("data", {})]


@pytest.mark.parametrize("tool_id", list(TOOLS))
def test_each_tool_renders_as_a_widget(played, tool_id):
    assert played["first_errors"] == []
    cell = played["first"].cells[1 + list(TOOLS).index(tool_id)]
    assert len(widget_views(cell)) == 1, f"{tool_id} did not show a widget"


@pytest.mark.parametrize("tool_id", list(CHANGES))
def test_a_change_is_saved_at_once(played, tool_id):
    saved = played["saved_at_once"][tool_id]
    assert saved is not None and SAVED[tool_id](saved), saved
    log = [json.loads(line) for line in (played["folder"] / LOG_FILE).read_text().splitlines()]
    assert any(e.get("work") == tool_id for e in log), "the change is in the decision log"


@pytest.mark.parametrize("tool_id", list(CHANGES))
def test_a_fresh_kernel_restores_the_work(played, tool_id):
    assert played["second_errors"] == []
    assert SAVED[tool_id](played["restored"][tool_id])
    assert played["readback"][tool_id] == READBACK[tool_id][1]


def test_the_ecomap_alt_text_names_the_people(played, harlow):
    match = re.search(r"<img [^>]*alt='([^']*)'", played["ecomap_html"])
    assert match, "the ecomap is an image with an alt text"
    alt = html.unescape(match.group(1))
    for person in [*harlow.family.members, *harlow.family.network]:
        assert person.name in alt
    assert "Carol Harlow, maternal grandmother: strong" in alt
    assert "Marcus Bell, father (lives separately): stressful" in alt


def test_the_case_plan_flags_a_goal_without_owner_or_date(played):
    check = played["plan_check"]
    assert "Goal 1 has no owner" in check and "Goal 1 has no date" in check


def test_a_goal_with_owner_and_date_passes_and_a_goal_before_the_case_is_flagged(harlow):
    ok, _ = check_goal({"goal": "Jess takes her medication", "owner": "Jess Harlow", "by": "2026-03-01"}, harlow.opened_on)
    early, _ = check_goal({"goal": "Jess takes her medication", "owner": "Jess Harlow", "by": "2025-03-01"}, harlow.opened_on)
    _, tips = check_goal({"goal": "Jess will attend the parenting class", "owner": "Jess", "by": "2026-03-01"}, harlow.opened_on)
    assert ok == [] and "before the case opened" in early[0]
    assert any("taking part in a service" in t for t in tips)


def test_tools_do_not_touch_decisions(played):
    record = read_decisions(played["folder"])
    assert record.problem is None and record.choices == {}
    assert set(record.work) == set(CHANGES)


def test_damaged_work_never_costs_a_decision(tmp_path):
    book = DecisionBook.open(tmp_path, CASE)
    book.record("at-the-door", ["name-role-purpose"])
    book.record_work("three-columns", {"worries": ["a"]})
    data = json.loads((tmp_path / DECISIONS_FILE).read_text())
    data["work"] = ["not", "a", "mapping"]
    (tmp_path / DECISIONS_FILE).write_text(json.dumps(data))
    record = read_decisions(tmp_path)
    assert record.problem is None
    assert record.choices == {"at-the-door": ["name-role-purpose"]} and record.work == {}


def test_work_is_rebuilt_from_the_log_when_the_file_is_lost(tmp_path):
    book = DecisionBook.open(tmp_path, CASE)
    book.record_work("three-columns", {"worries": ["a"]})
    book.record("at-the-door", ["name-role-purpose"])
    (tmp_path / DECISIONS_FILE).unlink()
    again = DecisionBook.open(tmp_path, CASE)
    assert again.work == {"three-columns": {"worries": ["a"]}}
    assert again.choices == {"at-the-door": ["name-role-purpose"]}
    # a decisions file without work keeps the exact format it always had
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    DecisionBook.open(fresh, CASE).record("a", ["x"])
    assert "work" not in json.loads((fresh / DECISIONS_FILE).read_text())


# what each tool's static view must show of the saved work
STATIC = {
    "three-columns": "Carol stays overnight on her nights off",
    "danger-statement": "The clinic nurse and the caseworker are worried that",
    "harm-statement": "missed two of Theo&#x27;s check-ups",
    "safety-goal": "Carol will stay overnight three nights a week.",
    "scaling-safety": "Carol is here most evenings",
    "safety-network": "stays overnight on her nights off",
    "ecomap": "Carol Harlow, maternal grandmother: strong",
    "assessment": "Safe with a safety plan",
    "case-plan": "Goal 1 has no owner",
}


def test_under_nbgrader_every_tool_shows_the_saved_work_as_static_html(played, monkeypatch):
    # the kernel inherits the environment, as it does when nbgrader executes the notebook
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    nb, errors = run(played["folder"], [OPEN, *TOOLS.values()])
    assert errors == []
    for tool_id, cell in zip(TOOLS, nb.cells[1:]):
        assert widget_views(cell) == [], f"{tool_id} showed a live widget under nbgrader"
        shown = "".join(o["data"].get("text/html", "") for o in cell.outputs if o.output_type in ("display_data", "execute_result"))
        assert STATIC[tool_id] in shown, tool_id
        assert "<textarea" not in shown and "<select" not in shown


# --- the showcase lesson, and what makes the tools usable by everyone ------------------------------

SHOWCASE = Path(__file__).resolve().parents[1] / "curriculum" / "lessons" / "practice-tools.py"
INTERACTIVE = {"TextModel", "TextareaModel", "ComboboxModel", "DropdownModel", "CheckboxModel", "RadioButtonsModel",
               "IntSliderModel", "DatePickerModel", "ButtonModel"}


@pytest.fixture(scope="module")
def showcase(tmp_path_factory):
    folder = tmp_path_factory.mktemp("showcase")
    nb = jupytext.read(SHOWCASE)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return folder, nb


def test_the_showcase_uses_every_tool_on_a_lesson_vignette_never_a_graded_case(showcase):
    from curriculum.toolkit.lesson import vignettes
    from grading.course import load_course

    folder, nb = showcase
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for call in ("three_columns", "harm_statement", "danger_statement", "safety_goal", "scaling", "safety_network",
                 "ecomap", "assessment", "case_plan"):
        assert f"case.{call}(" in code
    tool_cells = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("case.") and "show_family" not in c.source]
    assert all(len(widget_views(c)) == 1 for c in tool_cells) and len(tool_cells) == 10
    assert 'case = practice_case("novak-family", "practice-tools")' in code and "novak-family" in vignettes()
    assert not any(a.scenario in code for a in load_course().assignments), "the tour opens a graded case"
    # the family shown is the vignette's, from its own file
    family_cell = next(c for c in nb.cells if c.cell_type == "code" and "case.show_family()" in c.source)
    assert "Jana Novak" in "".join(o.get("data", {}).get("text/html", "") for o in family_cell.outputs)
    work = folder / "lesson-work" / "practice-tools"
    assert work.is_dir(), "the tour keeps its work in its own folder"
    assert not (folder / DECISIONS_FILE).exists(), "nothing is written beside the notebook itself"
    # running the tour records nothing the trainee did not do (opening the session may note its variant)
    if (work / DECISIONS_FILE).exists():
        record = read_decisions(work)
        assert record.problem is None and record.choices == {} and record.work == {}, (
            "running the tour saves no choice and no work until the trainee changes something")


def test_every_control_has_a_label_a_screen_reader_can_read(showcase):
    _, nb = showcase
    states = nb.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    controls = [s["state"] for s in states.values() if s["model_name"] in INTERACTIVE]
    assert len(controls) > 60
    unlabelled = [c for c in controls if not (c.get("description") or "").strip()]
    assert unlabelled == [], f"{len(unlabelled)} controls without a label, e.g. {unlabelled[:1]}"


def test_the_tools_colours_follow_the_jupyterlab_theme():
    # every colour in the tools' CSS is a theme variable (the hex after the comma is only a fallback for feedback HTML)
    from curriculum.toolkit.views import TOOL_STYLE

    colours = re.findall(r"(?:color|background|border(?:-left)?)\s*:\s*([^;]+);", TOOL_STYLE)
    assert colours and all("var(--jp-" in c for c in colours), colours


def test_compared_with_the_case_files_risk_assessment_only_when_asked(harlow, tmp_path):
    from curriculum.toolkit.tools import SafetyAssessment
    from simulator.risk import assess_scenario

    book = DecisionBook.open(tmp_path, CASE)
    tool = SafetyAssessment(harlow.trainee_view(), book, compare=True)
    tool.widget()
    tool.risk.value = "high"
    expected = assess_scenario(harlow.trainee_view())
    shown = tool.reference_view.value
    assert f"The structured tool: <b>{expected.level}</b> (score {expected.score})" in shown
    assert "Your rating: <b>high</b>" in shown
    for item in expected.items:
        assert (html.escape(item.question) in shown) == bool(item.points)
    plain = SafetyAssessment(harlow.trainee_view(), book)
    assert "structured risk assessment" not in plain.static_html()
    assert "structured risk assessment" in tool.static_html()


def test_someone_added_to_the_network_joins_the_ecomap_and_a_repeat_is_refused_with_a_message(harlow, tmp_path):
    from curriculum.toolkit.tools import Ecomap, SafetyNetwork

    book = DecisionBook.open(tmp_path, CASE)
    network = SafetyNetwork(harlow, book)
    network.widget()
    network.new_name.value, network.new_relationship.value = "Lisa Harlow", "Jess's cousin"
    network.add_button.click()
    assert "added-lisa-harlow" in network.rows and network.new_name.value == ""
    network.new_name.value = "lisa harlow"
    network.add_button.click()
    assert "already on the list" in network.message.value and len(network.state["added"]) == 1
    network.rows["added-lisa-harlow"].network.value = True
    assert "Lisa Harlow has no role in the safety plan yet." in network.gaps()
    ecomap = Ecomap(harlow, book)
    assert "Lisa Harlow, Jess's cousin: not known yet" in ecomap.alt_text()
    assert DecisionBook.open(tmp_path, CASE).work["safety-network"]["added"][0]["name"] == "Lisa Harlow"
