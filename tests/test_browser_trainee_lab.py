"""A trainee sees a case, not code (issue 22 item 4), in JupyterLab in headless Chromium.

One trainee's JupyterLab configured as the hub's trainee environment is (``deploy.envs``: the custom CSS,
the settings, the server extension ``curriculum.lab``, nbgrader's client settings), on a course of this module's
own released through an nbgrader exchange of its own, with the course's case service holding the case:

- after login JupyterLab opens on nbgrader's Assignments list, not on a bare Launcher, with a note on when
  feedback comes and how to open it;
- no ``In [ ]:`` or ``Out[ ]:`` beside a cell, in a notebook whose code cells hide their input as the generated
  assignments will (``metadata.jupyter.source_hidden``) and in one that shows it; no code where it is hidden;
- Run All ends on the first decision still to make, not at the bottom of the page;
- an HTML file (the feedback) opens with no "Trust HTML" bar.

Reuses the service and browser fixtures of ``test_browser.py``. Needs Debian's Chromium, as that module does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ASSIGNMENT
from deploy.envs import _configure, trainee_spec
from grading.course import load_course
from test_browser import (  # noqa: F401  (fixtures)
    TOKEN,
    Lab,
    browser,
    case_service,
    dismiss_news,
    expect,
    last_score_area,
    run_all,
    running_lab,
    shot,
    shut_down_kernels,
)

COURSE_ID = load_course().course_id
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """This module's own course: the first assignment only (built, released, its case in keys/cases/)."""
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("trainee-lab-course") / "course"
    build_course(course_dir, [ASSIGNMENT])
    return course_dir


def _env(root: Path) -> dict:
    return {**os.environ, "JUPYTER_CONFIG_DIR": str(root / "config"), "JUPYTER_DATA_DIR": str(root / "data"),
            "JUPYTER_RUNTIME_DIR": str(root / "runtime"), "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}


def _run(cmd: list[str], cwd: Path, root: Path) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=_env(root), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(cmd)}:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def trainee_lab(course, case_service, tmp_path_factory):
    """The assignment released through an exchange of this module's own; JupyterLab on an empty home, with
    nbgrader pointed at that exchange."""
    root = tmp_path_factory.mktemp("trainee-lab")
    exchange = root / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    (root / "config").mkdir()
    (root / "config" / "nbgrader_config.py").write_text(
        f"c = get_config()  # noqa: F821\nc.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n", encoding="utf-8")
    _run([str(BIN / "nbgrader"), "release_assignment", ASSIGNMENT, "--force"], course, root)
    home = root / "home"
    home.mkdir()
    # the trainee environment's settings as deploy.envs writes them (an environment at root/env)
    env = root / "env"
    _configure(trainee_spec(root / "unused", exchange, COURSE_ID), env)
    with running_lab(root, home, {**case_service.env(), "JUPYTER_CONFIG_PATH": str(env / "etc" / "jupyter")},
                     [f"--LabApp.app_settings_dir={env / 'share' / 'jupyter' / 'lab' / 'settings'}"],
                     classroom_look=False) as base:
        yield Lab(base, home, course, case_service), root


@pytest.fixture
def page(browser, trainee_lab):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    yield page
    shot(page, "trainee-lab-last-state")
    page.close()
    shut_down_kernels(trainee_lab[0].base)


def fetched(trainee_lab) -> Path:
    """The assignment's folder in the trainee's home (fetched from the exchange when a test runs alone)."""
    lab, root = trainee_lab
    folder = lab.trainee / ASSIGNMENT
    if not folder.exists():
        _run([str(BIN / "nbgrader"), "fetch_assignment", ASSIGNMENT], lab.trainee, root)
    return folder


def assignment_list(page):
    """nbgrader's Assignments list, opened from its menu when it is not on show."""
    listing = page.locator("#nbgrader-assignment-list")
    if not listing.is_visible():
        page.get_by_role("menuitem", name="Nbgrader").click()
        page.get_by_role("menuitem", name="Assignment List").click()
    listing.wait_for()
    return listing


def pseudo(locator, which: str) -> str:
    """The text a CSS ``::before`` or ``::after`` adds to an element ("none" when it adds nothing)."""
    return locator.evaluate(f"e => getComputedStyle(e, '{which}').content")


def test_after_login_the_assignments_list_not_a_bare_launcher(trainee_lab, page):
    """The first test of the module: the server started with no workspace, as a trainee's first login does."""
    lab, root = trainee_lab
    page.goto(f"{lab.base}/lab?token={TOKEN}")
    listing = page.locator("#nbgrader-assignment-list")
    listing.wait_for()
    dismiss_news(page)
    expect(listing.get_by_text(ASSIGNMENT).first).to_be_visible()
    expect(page.locator(".jp-Launcher:visible")).to_have_count(0)
    # the Assignments list says when feedback comes and how to open it
    note = pseudo(listing.locator("#submitted_assignments_list"), "::before")
    assert "Fetch Feedback" in note and "feedback available to fetch" in note and ".html" in note, note
    shot(page, "trainee-lab-01-assignments-list")
    assert "JupyterLab opens on the Assignments list" in (root / "jupyterlab.log").read_text()


def test_no_in_or_out_prompt_beside_a_cell(trainee_lab, page):
    """The assignment's notebook with its code cells' input hidden (as the generator will release it) and as
    released today: Run All, and no prompt anywhere."""
    lab, _ = trainee_lab
    folder = fetched(trainee_lab)
    hidden = lab.trainee / "hidden-input"
    hidden.mkdir(exist_ok=True)
    nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
    nbformat.write(nb, hidden / f"{ASSIGNMENT}.ipynb")
    for path, tag in ((f"hidden-input/{ASSIGNMENT}.ipynb", "hidden"), (f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb", "shown")):
        page.goto(f"{lab.base}/lab/tree/{path}?reset&token={TOKEN}")
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
        dismiss_news(page)
        run_all(page, until=f"Not decided yet ({last_score_area(folder / f'{ASSIGNMENT}.ipynb')})")
        notebook = page.locator(".jp-Notebook:visible").first
        expect(notebook.locator(".jp-CodeCell .casework-decision").first).to_be_visible()
        assert notebook.locator(".jp-InputPrompt").count() > 0, "JupyterLab draws its prompts (hidden by CSS)"
        expect(notebook.locator(".jp-InputPrompt:visible")).to_have_count(0)
        expect(notebook.locator(".jp-OutputPrompt:visible")).to_have_count(0)
        text = notebook.inner_text()
        assert "In [" not in text and "Out[" not in text, text[:500]
        if tag == "hidden":
            assert "case.decide(" not in text and "CaseSession" not in text, "code shows"
        shot(page, f"trainee-lab-02-no-prompts-{tag}")
        shut_down_kernels(lab.base)
    shutil.rmtree(hidden)


def test_run_all_ends_at_the_first_decision_still_to_make(trainee_lab, page):
    """JupyterLab ends Run All on the last cell: the page shows the first decision to make instead."""
    lab, _ = trainee_lab
    folder = fetched(trainee_lab)
    page.goto(f"{lab.base}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?reset&token={TOKEN}")
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
    dismiss_news(page)
    run_all(page, until=f"Not decided yet ({last_score_area(folder / f'{ASSIGNMENT}.ipynb')})")
    notebook = page.locator(".jp-Notebook:visible").first
    first = notebook.locator(".casework-decision.casework-next")
    expect(first).to_have_count(1)
    expect(first).to_be_in_viewport(timeout=20_000)
    expect(notebook.locator(".jp-Cell").last).not_to_be_in_viewport()
    shot(page, "trainee-lab-03-run-all-ends-at-the-first-decision")
    # a cell run on its own leaves the page where it is
    last = notebook.locator(".jp-Cell").last
    last.scroll_into_view_if_needed()
    last.click(position={"x": 5, "y": 5})
    page.keyboard.press("Escape")
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(3000)
    expect(last).to_be_in_viewport()


def test_the_feedback_opens_without_a_trust_bar(trainee_lab, page):
    """An HTML file (the feedback nbgrader hands back) opens in JupyterLab with no "Trust HTML" bar."""
    lab, _ = trainee_lab
    folder = lab.trainee / "feedback-look"
    folder.mkdir(exist_ok=True)
    (folder / "feedback.html").write_text("<html><body><h1>Your feedback</h1><p>Engage: 3 of 4.</p></body></html>")
    page.goto(f"{lab.base}/lab/tree/feedback-look/feedback.html?reset&token={TOKEN}")
    viewer = page.locator(".jp-HTMLViewer:visible").first
    viewer.wait_for()
    dismiss_news(page)
    expect(viewer.frame_locator("iframe").get_by_text("Engage: 3 of 4.")).to_be_visible()
    expect(page.get_by_text("Trust HTML")).to_have_count(0)
    expect(viewer.locator(".jp-Toolbar-item:visible")).to_have_count(0)
    shot(page, "trainee-lab-04-feedback-no-trust-bar")
    shutil.rmtree(folder)
