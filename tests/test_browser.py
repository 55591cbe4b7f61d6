"""A trainee in a real browser: JupyterLab in headless Chromium, driven by Playwright, with the course's case
service holding the case.

The module builds a course of its own (never the shared demo cohort's: a service started on a course makes its
grading score the service's record), starts the case service on it (``service.local.start_local``, local user
``trainee``, so every option comes in the order of variant ``local:trainee``) and one JupyterLab whose
environment points the kernels at it, and drives one headless Chromium.

Walked fully, as a trainee would (Run All first, then at each step the moment the case waits at, found on the
page as the decision whose options are enabled and not chosen; the persona's option among those shown; on to
the next moment as soon as its options appear; then the course's record and ``decisions.json`` checked against
the clicks, Run All again, the answers written, saved, Validate):

- ``first-contact`` (the Harlow case, which branches at the safety decision), played by the ``cautious``
  persona down the placed path: no option of the at-home path is offered (who is around, the case plan goal),
  and a notebook run again from a fresh kernel shows the record with no error anywhere;
- ``intervene-adult``, the adult case (its own practice areas, no child to place);
- ``capstone``, the long case with the most multiple-choice moments (sixteen ticks for the practice model),
  and a moment off the practice model's path ("Not in your case").

Every other assignment is opened and Run All is pressed before any decision: only the first moment offers
options, every later one says it is still to come, and deciding the first brings the second. Their full walks
are left to cheaper tests, which run the same widgets and the same service without a browser:
``tests/test_case_service.py`` (Run All before deciding, a rerun after deciding down the placed path, refusals,
locks, the record) in real kernels through nbclient, and ``tests/test_notebook_widgets.py`` (the widgets of
every assignment). Keeping the full walks to three keeps this module to a few minutes (the CI budget is 15
minutes for everything). Screenshots go to ``test-artifacts/``. Needs Debian's Chromium (``apt-get install
chromium``); without it the test is skipped, unless ``CASEWORK_REQUIRE_BROWSER`` is set (as in CI), where it
fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

import nbformat

from grading.course import load_course
from scenarios import load_case
from scenarios.authoring.personas import persona_decisions
from scenarios.variant import shown_orders

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
TOKEN = "casework-test-token"
USER = "trainee"  # the name the service's local token stands for
VARIANT = f"local:{USER}"  # the trainee's own order of the options

if not Path(CHROMIUM).exists():
    if os.environ.get("CASEWORK_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required for the browser tests: apt-get install chromium")
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)

playwright_sync = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import expect  # noqa: E402

ASSIGNMENTS = [(a.id, a.scenario) for a in load_course().assignments]
SCENARIO_OF = dict(ASSIGNMENTS)
# walked fully: (assignment, persona)
WALKED = {"first-contact": "cautious", "intervene-adult": "practice-model", "capstone": "practice-model"}
# the others: Run All, the first moment decided, the second one reached
FIRST_MOMENTS = {"engage-language": "cautious", "team-tribe": "directive", "first-contact-mensah": "directive",
                 "assess-domestic-violence": "cautious", "plan-youth-voice": "practice-model",
                 "monitor-kinship": "practice-model", "transition-reunification": "practice-model"}
assert set(WALKED) | set(FIRST_MOMENTS) == set(SCENARIO_OF), "every assignment is opened in the browser"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    """The running JupyterLab, its trainee folder, the course and its case service."""

    base: str
    trainee: Path
    course: Path
    service: object  # service.local.LocalService


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course of this module's own: every assignment built, released, its case in ``keys/cases/``."""
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("browser-course") / "course"
    build_course(course_dir, [a for a, _ in ASSIGNMENTS])
    return course_dir


@pytest.fixture(scope="module")
def case_service(course):
    """The course's case service on loopback, its record in ``<course>/cases.db``."""
    from service.local import start_local

    svc = start_local(course, user=USER)
    yield svc
    svc.stop()


@contextlib.contextmanager
def running_lab(root: Path, folder: Path, env_extra: dict, options: list[str] = (), classroom_look: bool = True):
    """jupyter-lab on 127.0.0.1 serving ``folder`` as a trainee's (the classroom's options unless not
    ``classroom_look``, then ``options``), with its own config, runtime, data and workspaces under ``root``;
    yields its address."""
    from grading.classroom import trainee_lab_options

    port = free_port()
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        JUPYTER_DATA_DIR=str(root / "data"),
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
    )
    env.update(env_extra)
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
            f"--ServerApp.root_dir={folder}",
            f"--LabApp.workspaces_dir={root / 'workspaces'}",
            "--ServerApp.allow_root=True",
            *(trainee_lab_options() if classroom_look else []),  # as the classroom runs it: no prompts
            *options,
        ],
        cwd=folder,
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
    try:
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        lab_log.close()


@pytest.fixture(scope="module")
def jupyterlab(course, case_service, tmp_path_factory):
    """JupyterLab on 127.0.0.1 serving a trainee folder with the course's released assignments; its kernels
    inherit the case service's address and token."""
    root = tmp_path_factory.mktemp("lab")
    trainee = root / "trainee"
    shutil.copytree(course / "release", trainee)
    with running_lab(root, trainee, case_service.env()) as base:
        yield Lab(base, trainee, course, case_service)


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
    shut_down_kernels(jupyterlab.base)


def open_notebook(page, lab: Lab, assignment: str) -> Path:
    """Open an assignment's notebook in a fresh workspace (only it open) and wait for its kernel."""
    page.goto(f"{lab.base}/lab/tree/{assignment}/{assignment}.ipynb?reset&token={TOKEN}")
    page.locator(".jp-NotebookPanel:visible").first.wait_for()
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
    return lab.trainee / assignment


def dismiss_news(page) -> None:
    no_news = page.get_by_role("button", name="No", exact=True)
    if no_news.count():
        no_news.click()


def decision_cell(page, point: str):
    """The notebook cell that shows one decision point (two paths' moments can share option labels)."""
    return page.locator(".jp-CodeCell").filter(has=page.locator(f".casework-point-{point}"))


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


def plain(text: str) -> str:
    return " ".join(text.split())


# Every decision widget of the notebook on show, read in one pass: its moment (its widget's casework-point-<id>),
# whether it is waiting ("A moment still to come") or off the path, and its options (label, enabled, chosen).
MOMENTS_JS = r"""
() => {
  const panel = Array.from(document.querySelectorAll('.jp-NotebookPanel'))
    .find(p => !p.classList.contains('lm-mod-hidden') && p.offsetParent !== null);
  const out = [];
  if (!panel) { return out; }
  for (const cell of panel.querySelectorAll('.jp-CodeCell')) {
    const widget = cell.querySelector('.casework-decision');
    if (!widget) { continue; }
    // the widget names its moment (the cell's code may be hidden)
    const named = Array.from(widget.classList).find(c => c.startsWith('casework-point-'));
    const m = named ? [named, named.slice('casework-point-'.length)] : null;
    const text = widget.textContent;
    out.push({
      point: m ? m[1] : null,
      waiting: text.includes('A moment still to come'),
      offPath: text.includes('Not in your case'),
      note: text,
      options: Array.from(widget.querySelectorAll('input[type="radio"], input[type="checkbox"]')).map(i => ({
        label: ((i.closest('label') || {}).textContent || '').replace(/\s+/g, ' ').trim(),
        enabled: !i.disabled, checked: i.checked})),
    });
  }
  return out;
}
"""


def moments_on_page(page) -> dict[str, dict]:
    return {m["point"]: m for m in page.evaluate(MOMENTS_JS) if m["point"]}


def pending_on_page(moments: dict[str, dict]) -> list[str]:
    """The moments the page offers to decide now: options enabled, none chosen."""
    return [p for p, m in moments.items()
            if m["options"] and any(o["enabled"] for o in m["options"]) and not any(o["checked"] for o in m["options"])]


def next_pending(page, decided: Optional[str], timeout: float = 45) -> Optional[str]:
    """After a decision at ``decided`` (None: before any), the moment the page offers next, or None once no
    moment is left to come (no widget still waiting, none offered)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        moments = moments_on_page(page)
        pending = [p for p in pending_on_page(moments) if p != decided]
        if len(pending) == 1:
            return pending[0]
        assert len(pending) < 2, f"two moments offered at once: {pending}"
        if moments and not any(m["waiting"] for m in moments.values()) and decided is not None:
            return None
        page.wait_for_timeout(250)
    raise AssertionError(f"after {decided!r} the page offered no next moment: {moments_on_page(page)}")


def record(lab: Lab, assignment: str):
    """The course's record of the trainee's play (the service's SQLite, read as grading reads it)."""
    from service.store import Store

    store = Store.for_course(lab.course)
    try:
        return store.play(USER, assignment)
    finally:
        store.close()


def record_events(lab: Lab, assignment: str) -> list[dict]:
    from service.store import Store

    store = Store.for_course(lab.course)
    try:
        return store.events(assignment, USER)
    finally:
        store.close()


def open_options(scenario, choices: dict[str, list[str]]):
    """The path the course's one path logic gives for these choices (moments' statuses, options open)."""
    from simulator.play import follow

    return follow(scenario, choices)


def walk_the_path(page, lab: Lab, assignment: str, scenario, persona: str, tag: str,
                  first_done: Optional[str] = None) -> dict[str, list[str]]:
    """Decide every moment on the path as ``persona``: at each step the moment the page offers (options
    enabled, none chosen), the persona's options among those shown; wait for the next moment's options; on
    until none is offered. Returns what was clicked, moment by moment."""
    folder = lab.trainee / assignment
    wanted = persona_decisions(persona, scenario)
    clicked: dict[str, list[str]] = {}
    previous: Optional[tuple[str, str, str]] = None  # (point, role, a chosen label)
    point = next_pending(page, first_done)
    steps = 0
    while point is not None:
        steps += 1
        assert steps <= len(scenario.decision_points), f"more moments offered than the case has: {point}"
        dp = scenario.decision_point(point)
        role = "radio" if dp.kind != "multiple" else "checkbox"
        moment = moments_on_page(page)[point]
        by_label = {plain(o.label): o.id for o in dp.options}
        shown = [by_label[o["label"]] for o in moment["options"]]
        # the options appear in the trainee's own order, only those open where the case has gone
        order = [i for i in shown_orders(VARIANT, scenario)[point] if i in set(shown)]
        assert shown == order, (point, shown, order)
        chosen = [i for i in wanted[point] if i in shown] or shown[:1]
        if dp.kind != "multiple":
            chosen = chosen[:1]
        cell = decision_cell(page, point)
        for n, option in enumerate(chosen):
            choose(page, role, plain(scenario_label(dp, option)), within=cell)
            wait_for_file_choice(folder / "decisions.json", point, chosen[: n + 1])
        print(f"{assignment}: {point} -> {', '.join(chosen)}", flush=True)
        clicked[point] = chosen
        if previous is not None:
            # the case has moved on: the earlier choice is final, shown disabled
            before = decision_cell(page, previous[0]).get_by_role(previous[1], name=previous[2], exact=True)
            expect(before).to_be_disabled()
        previous = (point, role, plain(scenario_label(dp, chosen[0])))
        point = next_pending(page, point)
    shot(page, f"{tag}-02-decisions-made")
    return clicked


def scenario_label(dp, option_id: str) -> str:
    return next(o.label for o in dp.options if o.id == option_id).strip()


def assert_record(lab: Lab, assignment: str, clicked: dict[str, list[str]]) -> None:
    """The course's record and the trainee's copy hold exactly what was clicked."""
    row = record(lab, assignment)
    assert row is not None, "the course has no record of the play"
    assert {k: sorted(v) for k, v in row.choices.items()} == {k: sorted(v) for k, v in clicked.items()}
    assert row.variant == VARIANT
    saved = json.loads((lab.trainee / assignment / "decisions.json").read_text())
    assert saved["choices"] == row.choices, "the trainee's copy follows the course's record"
    assert len((lab.trainee / assignment / "decisions.log.jsonl").read_text().splitlines()) >= len(clicked)
    refused = [(e["point"], e["options"], e["reason"])
               for e in record_events(lab, assignment) if e["kind"] == "refused"]
    assert refused == [], f"the service refused what the page sent: {refused}"


def save(page) -> None:
    page.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1000)


def assert_no_error_anywhere(page, notebook: Path) -> None:
    """Nothing on the page says a widget failed, and the saved notebook holds no error output."""
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    expect(page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']:visible")
           ).to_have_count(0)
    save(page)
    nb = nbformat.read(notebook, as_version=4)
    errors = [(c.metadata.get("nbgrader", {}).get("grade_id"), o.get("ename"), o.get("evalue"))
              for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors == [], errors
    assert "Traceback" not in notebook.read_text()


def play_out_and_validate(page, lab: Lab, assignment: str, scenario, clicked: dict[str, list[str]]) -> None:
    """Run All again after deciding (the record shown, no error), write the answers, save, Validate."""
    folder = lab.trainee / assignment
    notebook = folder / f"{assignment}.ipynb"
    area = last_score_area(notebook)
    run_all(page, until=f"All {area} decisions are made.")
    expect(page.locator(".casework-live").get_by_text("Your plan, played 100 times").first).to_be_attached(
        timeout=60_000)
    page.get_by_role("slider").first.wait_for()
    page.locator(".casework-live").get_by_text("Where the case stands after").first.scroll_into_view_if_needed()
    shot(page, f"{assignment}-03-case-unfolds")
    assert_shows_the_record(page, scenario, clicked)
    assert_no_error_anywhere(page, notebook)
    assert_record(lab, assignment, clicked)

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


def assert_shows_the_record(page, scenario, clicked: dict[str, list[str]]) -> None:
    """Every moment as the record has it: the choices made ticked (the last one open, the others final),
    the moments of another path "Not in your case", none still to come, none offered."""
    path = open_options(scenario, clicked)
    labels = {o.id: plain(o.label) for dp in scenario.decision_points for o in dp.options}
    moments = moments_on_page(page)
    assert set(moments) == {dp.id for dp in scenario.decision_points}, sorted(moments)
    last = [p for p in clicked][-1]
    for dp in scenario.decision_points:
        m = moments[dp.id]
        assert not m["waiting"], f"{dp.id} still says it is to come"
        if dp.id not in clicked:
            assert path.moment(dp.id).status == "off-path", dp.id
            assert m["offPath"] and not m["options"], (dp.id, m["note"][:200])
            continue
        ticked = [o["label"] for o in m["options"] if o["checked"]]
        assert sorted(ticked) == sorted(labels[i] for i in clicked[dp.id]), (dp.id, ticked)
        enabled = {o["enabled"] for o in m["options"]}
        assert enabled == ({True} if dp.id == last else {False}), (dp.id, enabled)


def assert_first_moment_only(page, scenario, tag: str) -> None:
    """Run All before any decision: the first moment offers its options, every later one is still to come."""
    first, later = scenario.decision_points[0], scenario.decision_points[1:]
    moments = moments_on_page(page)
    assert pending_on_page(moments) == [first.id], pending_on_page(moments)
    for dp in later:
        m = moments[dp.id]
        assert m["waiting"] and not m["options"], (dp.id, m["note"][:200])
        assert f"the case reaches it after you decide '{first.title}'" in plain(m["note"]), (dp.id, m["note"][:300])
    decision_cell(page, later[0].id).scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # cells scrolled into view are painted (content-visibility)
    shot(page, f"{tag}-01-ran-all-cells")


# --- every assignment: Run All first, the first moment, then the second ---------------------------------


@pytest.mark.parametrize("assignment", list(FIRST_MOMENTS))
def test_run_all_first_offers_the_first_moment_and_deciding_it_brings_the_next(jupyterlab, page, assignment):
    scenario = load_case(SCENARIO_OF[assignment])
    folder = open_notebook(page, jupyterlab, assignment)
    notebook = folder / f"{assignment}.ipynb"
    run_all(page, until=f"Not decided yet ({last_score_area(notebook)})")
    dismiss_news(page)
    assert_first_moment_only(page, scenario, assignment)

    first, second = scenario.decision_points[0], scenario.decision_points[1]
    # the options in this trainee's own order (variant local:trainee)
    by_label = {plain(o.label): o.id for o in first.options}
    shown = [by_label[o["label"]] for o in moments_on_page(page)[first.id]["options"]]
    assert shown == shown_orders(VARIANT, scenario)[first.id], shown
    wanted = persona_decisions(FIRST_MOMENTS[assignment], scenario)[first.id]
    role = "radio" if first.kind != "multiple" else "checkbox"
    for n, option in enumerate(wanted):
        choose(page, role, plain(scenario_label(first, option)), within=decision_cell(page, first.id))
        wait_for_file_choice(folder / "decisions.json", first.id, wanted[: n + 1])
    assert next_pending(page, first.id) == second.id
    moments = moments_on_page(page)
    # the first choice can still change (nothing decided after it); the moment after the second waits for it
    assert all(o["enabled"] for o in moments[first.id]["options"])
    if len(scenario.decision_points) > 2:
        third = moments[scenario.decision_points[2].id]
        assert third["waiting"] and f"after you decide '{second.title}'" in plain(third["note"]), third["note"][:300]
    shot(page, f"{assignment}-02-second-moment")
    row = record(jupyterlab, assignment)
    assert {k: sorted(v) for k, v in row.choices.items()} == {first.id: sorted(wanted)}
    assert_no_error_anywhere(page, notebook)


# --- three assignments walked fully ------------------------------------------------------------------


@pytest.mark.parametrize("assignment", ["intervene-adult", "capstone"])
def test_a_trainee_plays_the_case_and_validates_in_jupyterlab(jupyterlab, page, assignment):
    scenario = load_case(SCENARIO_OF[assignment])
    folder = open_notebook(page, jupyterlab, assignment)
    run_all(page, until=f"Not decided yet ({last_score_area(folder / f'{assignment}.ipynb')})")
    dismiss_news(page)
    assert_first_moment_only(page, scenario, assignment)
    clicked = walk_the_path(page, jupyterlab, assignment, scenario, WALKED[assignment], assignment)
    assert_record(jupyterlab, assignment, clicked)
    path = open_options(scenario, clicked)
    assert path.pending is None
    assert set(clicked) == path.on_path()
    play_out_and_validate(page, jupyterlab, assignment, scenario, clicked)


def test_the_harlow_case_played_down_the_placed_path_after_run_all(jupyterlab, page):
    """first-contact, Run All first, then the cautious persona: Theo placed at the safety decision. The
    moments after it offer the placed path's options only (who is around, the case plan goal), never the
    at-home path's; the record says so; Run All again shows it with no error; answers, save, Validate."""
    assignment = "first-contact"
    scenario = load_case(SCENARIO_OF[assignment])
    folder = open_notebook(page, jupyterlab, assignment)
    run_all(page, until=f"Not decided yet ({last_score_area(folder / f'{assignment}.ipynb')})")
    dismiss_news(page)
    assert_first_moment_only(page, scenario, assignment)
    clicked = walk_the_path(page, jupyterlab, assignment, scenario, WALKED[assignment], assignment)
    assert clicked["safety-decision"] == ["place-theo"], "the cautious persona places Theo"
    assert_record(jupyterlab, assignment, clicked)

    moments = moments_on_page(page)
    for dp in scenario.decision_points:
        shown = {o["label"] for o in moments[dp.id]["options"]}
        if dp.id not in clicked:  # a moment of the other path only
            assert moments[dp.id]["offPath"] and not shown, dp.id
            expect(decision_cell(page, dp.id).get_by_text("This moment does not come up in your case")).to_be_attached()
            continue
        for o in dp.options:
            if o.when is not None and "theo" in o.when.at_home:
                assert plain(o.label) not in shown, f"{dp.id} offers the at-home path's {o.id}"
            if o.when is not None and "theo" in o.when.placed:
                assert plain(o.label) in shown, f"{dp.id} does not offer the placed path's {o.id}"
    goal = scenario.decision_point("plan-goal")
    placed_goals = [o.id for o in goal.options if o.when is None or "theo" in o.when.placed]
    shown_goals = {o["label"] for o in moments["plan-goal"]["options"]}
    assert shown_goals == {plain(o.label) for o in goal.options if o.id in placed_goals}, shown_goals
    assert set(placed_goals) < {o.id for o in goal.options}, "the goal's other options belong to the at-home path"
    decision_cell(page, "who-is-around").scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # cells scrolled into view are painted (content-visibility)
    shot(page, f"{assignment}-02b-placed-path")
    play_out_and_validate(page, jupyterlab, assignment, scenario, clicked)


def play_rest_through_service(lab: Lab, assignment: str, scenario, persona: str) -> dict[str, list[str]]:
    """Decide what is left of a play through the service's HTTP API (as the widgets would ask): only when this
    test runs without the walk before it."""
    svc = lab.service
    wanted = persona_decisions(persona, scenario)

    def call(method: str, path: str, body=None) -> dict:
        request = urllib.request.Request(
            f"{svc.url}api/plays/{assignment}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {svc.token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    answer = call("GET", "")
    while answer["view"]["pending"]:
        point = answer["view"]["pending"]["id"]
        moment = next(m for m in answer["view"]["moments"] if m["id"] == point)
        offered = [o["id"] for o in moment["options"]]
        chosen = [c for c in wanted[point] if c in offered] or offered[:1]
        if moment["kind"] != "multiple":
            chosen = chosen[:1]
        answer = call("POST", "/decisions", {"point": point, "options": chosen})
        assert not answer["refused"], answer["refused"]
    return answer["record"]["choices"]


def test_a_rerun_after_deciding_shows_the_record_and_no_error(jupyterlab, page):
    """The Harlow case decided, its kernel gone (as after a restart or a closed tab): Run All shows every
    choice as the record holds it, the last one open and the others final, no moment still to come, the
    play-out and the futures; no error anywhere; nothing is recorded again."""
    assignment = "first-contact"
    scenario = load_case(SCENARIO_OF[assignment])
    row = record(jupyterlab, assignment)
    if row is None or open_options(scenario, row.choices).pending is not None:
        play_rest_through_service(jupyterlab, assignment, scenario, WALKED[assignment])
        row = record(jupyterlab, assignment)
    events = record_events(jupyterlab, assignment)
    folder = open_notebook(page, jupyterlab, assignment)
    notebook = folder / f"{assignment}.ipynb"
    run_all(page, until=f"All {last_score_area(notebook)} decisions are made.")
    dismiss_news(page)
    expect(page.locator(".casework-live").get_by_text("Your plan, played 100 times").first).to_be_attached(
        timeout=60_000)
    expect(page.locator(".casework-live").get_by_text("Where the case stands after").first).to_be_attached()
    assert_shows_the_record(page, scenario, row.choices)
    shot(page, f"{assignment}-05-rerun")
    assert_no_error_anywhere(page, notebook)
    again = record(jupyterlab, assignment)
    assert again.choices == row.choices and again.updated_at == row.updated_at
    assert [e for e in record_events(jupyterlab, assignment) if e["kind"] in ("decided", "refused")] == \
        [e for e in events if e["kind"] in ("decided", "refused")], "a rerun records nothing"
    saved = json.loads((folder / "decisions.json").read_text())
    assert saved["choices"] == row.choices
