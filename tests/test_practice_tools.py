"""The practice tools in a real kernel: each renders, saves a change at once, and comes back after a restart."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import CASE, cell_text
from curriculum.decisions import DECISIONS_FILE, LOG_FILE, DecisionBook, read_decisions

OPEN = f"""
from curriculum.toolkit import CaseSession
from scenarios import load_case
case = CaseSession(load_case({CASE!r}).trainee_view(), ".")
"""

# one cell per tool, as a notebook would call it
TOOLS = {
    "three-columns": "case.three_columns()",
}

# the change a trainee makes in each tool, as clicks and typing would set the widgets
CHANGES = {
    "three-columns": "t.columns['next_steps'].value = 'Carol stays overnight on her nights off'",
}

# what the saved work holds after the change
SAVED = {
    "three-columns": lambda w: w["next_steps"] == ["Carol stays overnight on her nights off"],
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
    first, first_errors = run(folder, cells)
    restore = [OPEN, *TOOLS.values(), "import json; print(json.dumps({k: t.state for k, t in case.tools.items()}))"]
    second, second_errors = run(folder, restore)
    return {
        "folder": folder,
        "first": first,
        "first_errors": first_errors,
        "saved_at_once": {tid: json.loads(cell_text(first.cells[1 + len(TOOLS) + i])) for i, tid in enumerate(CHANGES)},
        "second": second,
        "second_errors": second_errors,
        "restored": json.loads(cell_text(second.cells[-1])) if not second_errors else {},
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


def test_under_nbgrader_tools_show_the_saved_work_as_static_html(played, monkeypatch):
    from curriculum.toolkit import CaseSession
    from scenarios import load_case

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    case = CaseSession(load_case(CASE).trainee_view(), played["folder"])
    html = case.three_columns().data
    assert "Carol stays overnight on her nights off" in html
    assert "<input" not in html and "<textarea" not in html
