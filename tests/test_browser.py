"""A trainee in a real browser: JupyterLab in headless Chromium, driven by Playwright.

For every assignment in the course: opens the released notebook, runs every
cell, makes each decision by clicking the widgets (as the practice-model persona
would), checks that ``decisions.json`` holds the choices, writes the answers,
saves, and presses nbgrader's Validate. Screenshots go to ``test-artifacts/``. Needs Debian's Chromium (``apt-get install
chromium``); without it the test is skipped, unless ``CASEWORK_REQUIRE_BROWSER``
is set (as in CI), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import nbformat

from grading.course import load_course
from grading.personas import persona_decisions
from scenarios import load_case

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TOKEN = "casework-test-token"

if not Path(CHROMIUM).exists():
    if os.environ.get("CASEWORK_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required for the browser tests: apt-get install chromium")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(graded_cohort, tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a trainee folder with every released assignment."""
    root = tmp_path_factory.mktemp("lab")
    trainee = root / "trainee"
    shutil.copytree(graded_cohort.course_dir / "release", trainee)
    port = free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTER_DATA_DIR=str(root / "data"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    lab_log = open(root / "jupyterlab.log", "w")
    # start jupyter-lab itself, so that the PID we stop is the server's
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "jupyter-lab"),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={trainee}",
            f"--LabApp.workspaces_dir={root / 'workspaces'}",
            "--ServerApp.allow_root=True",
        ],
        cwd=trainee,
        env=env,
        stdout=lab_log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                raise RuntimeError((root / "jupyterlab.log").read_text())
            time.sleep(0.5)
    else:
        server.terminate()
        raise RuntimeError("JupyterLab did not start:\n" + (root / "jupyterlab.log").read_text())
    yield base, trainee
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    lab_log.close()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def wait_for_file_choice(path: Path, point: str, expected: list[str], timeout: float = 20) -> dict:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            data = json.loads(path.read_text())
            if sorted(data["choices"].get(point, [])) == sorted(expected):
                return data
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise AssertionError(f"{point} was not saved as {expected} in {path}")


def run_all(page, until: str) -> None:
    """Run every cell from the Run menu and wait for a text the last cells print."""
    for attempt in range(3):
        page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
        page.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.get_by_text(until).last.wait_for(state="attached", timeout=45_000)
            return
        except playwright_sync.TimeoutError:
            shot(page, f"run-all-attempt-{attempt}")
    raise AssertionError(f"Run All did not reach {until!r}")


def shut_down_kernels(base: str) -> None:
    """Stop every kernel the server runs, so that the next assignment starts on a quiet machine."""
    with urllib.request.urlopen(f"{base}/api/kernels?token={TOKEN}", timeout=10) as response:
        kernels = json.load(response)
    for kernel in kernels:
        request = urllib.request.Request(f"{base}/api/kernels/{kernel['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(request, timeout=30).close()


@pytest.fixture
def page(browser, jupyterlab):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    yield page
    shot(page, "last-state")
    page.close()
    shut_down_kernels(jupyterlab[0])


def last_score_area(notebook: Path) -> str:
    """The practice area of the notebook's last score cell: its message is the last thing Run All prints."""
    nb = nbformat.read(notebook, as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    return [i for i in ids if i.startswith("score-")][-1].removeprefix("score-")


ASSIGNMENTS = [(a.id, a.scenario) for a in load_course().assignments]


@pytest.mark.parametrize("assignment, case", ASSIGNMENTS, ids=[a for a, _ in ASSIGNMENTS])
def test_a_trainee_plays_the_case_and_validates_in_jupyterlab(jupyterlab, page, assignment, case):
    base, trainee = jupyterlab
    folder = trainee / assignment
    scenario = load_case(case)
    # ?reset: a fresh workspace, so only this assignment's notebook is open
    page.goto(f"{base}/lab/tree/{assignment}/{assignment}.ipynb?reset&token={TOKEN}")
    page.locator(".jp-NotebookPanel:visible").first.wait_for()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()

    run_all(page, until=f"Not decided yet ({last_score_area(folder / f'{assignment}.ipynb')})")
    no_news = page.get_by_role("button", name="No", exact=True)
    if no_news.count():
        no_news.click()
    shot(page, f"{assignment}-01-ran-all-cells")

    decisions = persona_decisions("practice-model", scenario)
    for dp in scenario.decision_points:
        for option in dp.options:
            if option.id not in decisions[dp.id]:
                continue
            role = "radio" if dp.kind == "single" else "checkbox"
            control = page.get_by_role(role, name=option.label.strip(), exact=True)
            control.scroll_into_view_if_needed()
            control.click()
        wait_for_file_choice(folder / "decisions.json", dp.id, decisions[dp.id])
    shot(page, f"{assignment}-02-decisions-made")
    run_all(page, until="Your plan, played 100 times")
    page.get_by_role("slider").first.wait_for()
    page.get_by_text("Where the case stands after").first.scroll_into_view_if_needed()
    shot(page, f"{assignment}-03-case-unfolds")
    saved = json.loads((folder / "decisions.json").read_text())
    assert saved["choices"] == decisions
    assert len((folder / "decisions.log.jsonl").read_text().splitlines()) >= len(scenario.decision_points)

    for answer in scenario.written_answers:
        cell = page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE").first
        cell.scroll_into_view_if_needed()
        cell.dblclick()
        editor = cell.locator(".cm-content")
        editor.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(f"My {answer.title.lower()} for the {scenario.family.name} family, in plain words.")
        page.keyboard.press("Shift+Enter")
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)

    page.get_by_role("button", name="Validate").first.click()
    dialog = page.locator(".jp-Dialog")
    dialog.wait_for()
    page.wait_for_function("document.querySelector('.jp-Dialog').innerText.length > 40", timeout=120_000)
    shot(page, f"{assignment}-04-validate")
    text = dialog.inner_text()
    assert "Success" in text or "passes all" in text, text
