"""The case as static HTML comes from one widget-free module (curriculum.toolkit.render): the trainee's widgets
show it, and grading's play-out step and feedback write it without loading ipywidgets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# run in a fresh interpreter: the test process has loaded the widgets long before
GRADING_SIDE = """
import json, sys
from pathlib import Path

import curriculum.toolkit.render
after_render = sorted(m for m in ("ipywidgets", "curriculum.toolkit.session") if m in sys.modules)

from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.coursedir import CourseDirectory
from traitlets.config import Configurable

from grading.grade_ids import FUTURES, PLAY_OUT
from grading.key import course_case_file
from grading.pipeline.feedback import _stored_futures_without_key
from grading.pipeline.playout import PlayOutCase
from scenarios import load_case
from scenarios.authoring.personas import persona_decisions
from scenarios.packed import pack

course, case = Path(sys.argv[1]), load_case("harlow-first-contact")
# the course as the build leaves it for grading: its copy of the case, and a submission's stored scores
course_case_file(course, "first-contact").parent.mkdir(parents=True)
course_case_file(course, "first-contact").write_bytes(pack(case.trainee_view()))
scores = course / "scores" / "first-contact" / "kim.json"
scores.parent.mkdir(parents=True)
scores.write_text("{}")
converter = Configurable()
converter.coursedir = CourseDirectory(root=str(course))
nb = new_notebook(cells=[new_code_cell(metadata={"nbgrader": {"grade_id": g}}) for g in (PLAY_OUT, FUTURES)])
resources = {"casework": {"choices": persona_decisions("practice-model", case)},
             "nbgrader": {"student": "kim", "assignment": "first-contact", "notebook": "first-contact"}}
nb, _ = PlayOutCase(parent=converter).preprocess(nb, resources)
print(json.dumps({
    "after_render": after_render,
    "after_grading": sorted(m for m in ("ipywidgets", "curriculum.toolkit.session") if m in sys.modules),
    "cells": [c.outputs[0]["data"]["text/html"] if c.outputs else "" for c in nb.cells],
    "feedback": _stored_futures_without_key(course, "first-contact", "kim"),
}))
"""


def test_grading_renders_the_case_without_loading_the_widgets(tmp_path):
    """Importing the render module loads no ipywidgets; grading's play-out step fills the play-out and futures
    cells with its HTML, and the feedback's futures table comes from the stored scores, still without them."""
    done = subprocess.run([sys.executable, "-c", GRADING_SIDE, str(tmp_path / "course")], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["after_render"] == [], f"importing curriculum.toolkit.render loaded {out['after_render']}"
    play_out, futures = out["cells"]
    assert "Where the case stands after" in play_out and "The whole story" in play_out, play_out[:300]
    assert "Your plan, played 100 times" in futures, futures[:300]
    assert out["feedback"] and "Your plan, played 100 times" in out["feedback"]
    assert out["after_grading"] == [], f"grading's play-out and feedback loaded {out['after_grading']}"


def test_the_widgets_show_the_render_module_s_html():
    """One copy of each view: the session's futures and the play-out widget call the render module's."""
    from curriculum.toolkit import playout, render, session

    assert session.futures_html is render.futures_html
    assert playout.case_up_to is render.case_up_to
