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
    assert not (trainee_copy / "decisions.json").exists(), "running the notebook alone decides nothing"


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
