"""The trainee's notebook in a real kernel: widgets save choices at once and restore them after a restart."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ASSIGNMENT
from grading.personas import persona_decisions


@pytest.fixture(scope="module")
def trainee_copy(graded_cohort, tmp_path_factory):
    folder = tmp_path_factory.mktemp("trainee") / ASSIGNMENT
    shutil.copytree(graded_cohort.course_dir / "release" / ASSIGNMENT, folder)
    return folder


def run(folder, extra_code: str = ""):
    nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    if extra_code:
        nb.cells.append(nbformat.v4.new_code_cell(extra_code))
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


def test_the_released_notebook_runs_in_a_fresh_kernel(trainee_copy):
    nb, errors = run(trainee_copy)
    assert errors == []
    saved = json.loads((trainee_copy / "decisions.json").read_text())
    assert saved["choices"] == {}, "running the notebook alone decides nothing"
    assert saved["variant"].startswith("local:"), "the trainee's variant is made at first open and kept"


def test_choosing_in_a_widget_saves_at_once_and_restores_after_restart(trainee_copy, harlow):
    decisions = persona_decisions("practice-model", harlow)
    # set each widget's value as a click would, in the trainee's kernel
    clicks = ["w = case._widgets"]
    for dp in harlow.decision_points:
        if dp.kind == "single":
            clicks.append(f"w[{dp.id!r}].choice.value = {decisions[dp.id][0]!r}")
        else:
            clicks.append(f"[setattr(b, 'value', b.option_id in {decisions[dp.id]!r}) for b in w[{dp.id!r}].boxes]")
    clicks.append("print(case.consequences_html(case.scenario.decision_point('plan-goal')))")
    nb, errors = run(trainee_copy, "\n".join(clicks))
    assert errors == []
    saved = json.loads((trainee_copy / "decisions.json").read_text())
    assert saved["choices"] == decisions
    assert "last decision" in nb.cells[-1].outputs[0].text

    # a new kernel (as after a restart) puts the choices back into the widgets
    restore = "print({k: w.chosen() for k, w in case._widgets.items()})"
    nb, errors = run(trainee_copy, restore)
    assert errors == []
    assert eval(nb.cells[-1].outputs[0].text) == decisions


def test_options_come_in_the_trainees_own_order_and_lock_once_the_case_moves_on(trainee_copy, harlow, tmp_path):
    """Two identities see different orders; the order is recorded; an earlier choice locks after the next one."""
    folder = tmp_path / ASSIGNMENT
    shutil.copytree(trainee_copy.parent / ASSIGNMENT, folder, ignore=shutil.ignore_patterns("decisions*"))
    first, second = harlow.decision_points[0], harlow.decision_points[1]
    code = "\n".join([
        "w = case._widgets",
        f"a, b = w[{first.id!r}], w[{second.id!r}]",
        "print(repr([o for _, o in a.choice.options]), b.choice.disabled)",
        f"a.choice.value = {first.options[1].id!r}",
        "print(b.choice.disabled, a.choice.disabled)",
        f"b.choice.value = {second.options[0].id!r}",
        "print(a.choice.disabled)",
        f"a.choice.value = {first.options[0].id!r}  # a front end that ignored 'disabled'",
        "print(repr(case.book.choices))",
    ])
    nb, errors = run(folder, code)
    assert errors == []
    lines = nb.cells[-1].outputs[0].text.splitlines()
    shown, waiting = lines[0].rsplit(" ", 1)
    assert waiting == "True", "a later point waits until the earlier one is decided"
    assert lines[1] == "False False" and lines[2] == "True", "the first point locks once the second is decided"
    choices = eval(lines[3])
    assert choices[first.id] == [first.options[1].id], "a locked point never changes the record"
    saved = json.loads((folder / "decisions.json").read_text())
    assert saved["shown"][first.id] == eval(shown), "the order shown is recorded with the decision"
    log = [json.loads(line) for line in (folder / "decisions.log.jsonl").read_text().splitlines()]
    assert any(e.get("shown") == eval(shown) and e.get("variant") == saved["variant"] for e in log)

    # a restart keeps the lock and the order
    nb, errors = run(folder, "w = case._widgets\n"
                             f"print(w[{first.id!r}].choice.disabled, repr([o for _, o in w[{first.id!r}].choice.options]))")
    assert errors == []
    locked, again = nb.cells[-1].outputs[0].text.strip().split(" ", 1)
    assert locked == "True" and eval(again) == eval(shown)

    # another trainee (another variant) sees another order at some point of the case
    from scenarios.variant import shown_orders

    mine = shown_orders(saved["variant"], harlow)
    assert any(shown_orders(f"local:other{n}", harlow) != mine for n in range(3))
    assert sorted(mine[first.id]) == sorted(o.id for o in first.options)
