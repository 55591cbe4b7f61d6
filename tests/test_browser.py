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
from scenarios.variant import shown_orders
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
from playwright.sync_api import expect  # noqa: E402


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


def decision_cell(page, point: str):
    """The notebook cell that shows one decision point (two paths' moments can share option labels)."""
    return page.locator(".jp-CodeCell").filter(has_text=f'case.decide("{point}")')


def choose(page, role: str, label: str, attempts: int = 5, within=None) -> None:
    """Tick a radio button or checkbox by its label, as a trainee would; idempotent, so a retry never unticks.

    A choice refreshes the other decision cells, and JupyterLab may re-attach a cell while it
    moves, so an element found a moment ago can be detached when the click arrives: try again.
    """
    for attempt in range(attempts):
        control = (within or page).get_by_role(role, name=label, exact=True)
        try:
            control.scroll_into_view_if_needed(timeout=10_000)
            control.check(timeout=10_000)
            return
        except playwright_sync.Error:
            page.wait_for_timeout(500)
    raise AssertionError(f"could not choose {label!r}")


def radio_order(page, dp, label: str = "") -> list[str]:
    """The labels of a single-choice point's options, in the order the page shows them (found by one label)."""
    first = decision_cell(page, dp.id).get_by_role("radio", name=label or dp.options[0].label.strip(), exact=True)
    group = first.locator("xpath=ancestor::div[contains(@class, 'widget-radio-box')][1]")
    return group.locator("label").evaluate_all("els => els.map(e => e.textContent.trim())")


def last_score_area(notebook: Path) -> str:
    """The practice area of the notebook's last score cell: its message is the last thing Run All prints."""
    nb = nbformat.read(notebook, as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    return [i for i in ids if i.startswith("score-")][-1].removeprefix("score-")


ASSIGNMENTS = [(a.id, a.scenario) for a in load_course().assignments]
# most trainees play as the practice model; some take the path that places the children, or the directive one,
# so the browser also walks the other branches of the stories
PERSONA = {"engage-language": "cautious", "assess-domestic-violence": "cautious", "team-tribe": "directive",
           "capstone": "cautious", "first-contact-mensah": "directive"}


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

    from simulator import simulate

    decisions = persona_decisions(PERSONA.get(assignment, "practice-model"), scenario)
    off = set(simulate(scenario, decisions).skipped)  # moments of the case's other paths: nothing to decide
    decisions = {k: v for k, v in decisions.items() if k not in off}
    labels = {o.id: o.label.strip() for dp in scenario.decision_points for o in dp.options}
    previous = None
    for dp in scenario.decision_points:
        if dp.id in off:
            expect(page.get_by_text(f"{dp.title}").first).to_be_attached()
            continue
        role = "radio" if dp.kind != "multiple" else "checkbox"
        for option in dp.options:
            if option.id not in decisions[dp.id]:
                continue
            choose(page, role, option.label.strip(), within=decision_cell(page, dp.id))
        wait_for_file_choice(folder / "decisions.json", dp.id, decisions[dp.id])
        if previous is not None:
            # the case has moved on: the earlier choice is final, shown disabled
            before = decision_cell(page, previous[0].id).get_by_role(
                previous[1], name=labels[decisions[previous[0].id][0]], exact=True)
            expect(before).to_be_disabled()
        previous = (dp, role)
    shot(page, f"{assignment}-02-decisions-made")
    saved = json.loads((folder / "decisions.json").read_text())
    if off:
        assert page.get_by_text("This moment does not come up in your case").count() >= len(off)
    for dp in scenario.decision_points:
        if dp.kind != "multiple" and dp.id not in off:
            # the options appear in the order recorded for this trainee (their own variant)
            assert radio_order(page, dp, labels[saved["shown"][dp.id][0]]) == [labels[i] for i in saved["shown"][dp.id]], dp.id
    run_all(page, until="Your plan, played 100 times")
    page.get_by_role("slider").first.wait_for()
    page.locator(".casework-live").get_by_text("Where the case stands after").first.scroll_into_view_if_needed()
    shot(page, f"{assignment}-03-case-unfolds")
    saved = json.loads((folder / "decisions.json").read_text())
    assert saved["choices"] == decisions
    assert len((folder / "decisions.log.jsonl").read_text().splitlines()) >= len(decisions)

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


def test_two_trainees_see_their_own_orders_in_jupyterlab(jupyterlab, page, graded_cohort):
    """Two fresh copies of one assignment (two trainees' variants) show the options in two different orders."""
    base, trainee = jupyterlab
    assignment, case = ASSIGNMENTS[0]
    scenario = load_case(case)
    labels = {o.id: o.label.strip() for dp in scenario.decision_points for o in dp.options}
    seen = {}
    for who in ("trainee-a", "trainee-b"):
        shutil.copytree(graded_cohort.course_dir / "release" / assignment, trainee / who / assignment)
        page.goto(f"{base}/lab/tree/{who}/{assignment}/{assignment}.ipynb?reset&token={TOKEN}")
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
        run_all(page, until=f"Not decided yet ({last_score_area(trainee / who / assignment / f'{assignment}.ipynb')})")
        variant = json.loads((trainee / who / assignment / "decisions.json").read_text())["variant"]
        orders = shown_orders(variant, scenario)
        shown = {dp.id: radio_order(page, dp) for dp in scenario.decision_points if dp.kind == "single"}
        assert shown == {p: [labels[i] for i in orders[p]] for p in shown}, who
        # only the first point is open; the others wait for it
        later = next(dp for dp in scenario.decision_points[1:] if dp.kind == "single")
        expect(page.get_by_role("radio", name=labels[later.options[0].id], exact=True)).to_be_disabled()
        seen[who] = shown
        shut_down_kernels(base)
    assert seen["trainee-a"] != seen["trainee-b"]
