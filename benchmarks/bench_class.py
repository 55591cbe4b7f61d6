"""A class of 30 on one hub, on this machine, playing through the course's case service.

Run as root, alone on the machine: ``flock /tmp/casework-heavy.lock .venv/bin/python benchmarks/bench_class.py``
(``--trainees N`` for another class size, ``--browsers N`` for how many of them play in Chromium, ``--think S``
for the seconds a trainee thinks before a moment, ``--kill-at F`` for when the service is killed). Makes accounts
``cwb-01`` .. ``cwb-30``, two trainees for the baseline (``cwb-solo``, in Chromium, and ``cwb-solo-k``, in a
kernel) and a coach, a hub of its own course (``casework-bench``, so its own grader account and ``cases.db``)
under ``/srv/casework-bench`` on loopback ports, and removes them afterwards. The hub's log stays in
``/tmp/casework-bench-jupyterhub.log``, every click (time, result, what the page did) in
``/tmp/casework-bench-clicks.json`` (and a screenshot, ``/tmp/casework-bench-<trainee>-<moment>-<n>.png``, of
a page whose click got no answer within 30 s). Needs Debian's python3, npm and Chromium, and Playwright in
``.venv``.

The class starts together: every trainee's server at once; each trainee fetches first-contact and opens the
case (``--browsers`` of them log in through the hub's login page in their own Chromium page, open the notebook
and Run All; the rest run code in a kernel of their own server, through ``tests/hubclient.py``), and when all
are ready every trainee plays the practice model's path at once, with a few seconds' thought before each
moment. Each figure is printed beside one trainee alone measured in the same run, as a ratio:

- servers up: the time until every trainee's server answers, all started at once, against one server;
- click to consequence in the page: Chromium clicks the option's radio (the first box, at a multiple-choice
  moment) in the pending moment's widget; timed in the page from the click event until the consequence text
  of that widget is there (the kernel asked the service, which checked, recorded and answered, and the kernel
  refreshed every widget);
- click to consequence in the kernel: the widget's ``choice.value`` (or a box) set in the kernel, until
  ``widget.consequences.value`` holds what followed (the same handler a click runs; every click, boxes too);
- the service's CPU per decision: utime + stime of the service process (``/proc/<pid>/stat``) while the class
  plays, over the ``decided`` events the class left in ``<course>/cases.db``; memory per class: the service's
  resident memory after the class played;
- the service killed mid-class (``kill -9`` once the class has decided ``--kill-at`` of its moments): the hub
  starts it again; for each trainee, whether the first click after the kill worked at once (the client tries a
  refused connection again for up to 10 s), then whether every trainee's record in ``cases.db`` is whole (every
  moment on the path decided, as that trainee chose). A click that failed is made again a second later, as a
  trainee would. Clicks made while the service was down are left out of the latency figures and counted apart;
- memory per trainee: the resident memory of each kernel trainee's server plus its kernel, with the case
  played;
- grading: collect + coach-side autograde + feedback for the class, against the same for one trainee.

Targets: all up within 3 minutes; page p95 at most 200 ms; at most 250 MB per trainee; the class graded within
2 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Optional

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))
sys.path.insert(0, str(ROOT_DIR / "tests"))

from deploy import accounts  # noqa: E402
from deploy.hub import HubSettings, as_grader, collect_and_grade, hub_command, prepare_hub, release  # noqa: E402
from deploy.hub import release_feedback  # noqa: E402
from deploy.roster import Person, add_roster  # noqa: E402
from grading.course import load_course  # noqa: E402
from hubclient import Hub  # noqa: E402
from scenarios import load_case  # noqa: E402
from scenarios.authoring.personas import persona_decisions  # noqa: E402

ROOT = Path("/srv/casework-bench")
ENVS = Path("/opt/casework-test")  # shared with the hub tests: rebuilt only when what goes into them changes
COURSE_ID = "casework-bench"  # its own course, grader account and record: never a real class's on this machine
HUB_LOG = Path("/tmp/casework-bench-jupyterhub.log")
CLICKS = Path("/tmp/casework-bench-clicks.json")  # every click of the run, for a closer look
ASSIGNMENT = load_course().assignments[0]
PERSONA = "practice-model"
PASSWORD = "bench-first-use-password"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BenchHub(Hub):
    """The test client, with room for a loaded machine: a kernel started while 30 others start takes a while."""

    def api(self, method, path, body=None, token=None, timeout: float = 30):
        return super().api(method, path, body, token, timeout=max(timeout, 300))


# --- processes -------------------------------------------------------------------------------------------

def service_pid(settings: HubSettings) -> Optional[int]:
    """The case service's process: ``casework serve --course <the bench's course>``, run as the grader."""
    import pwd

    uid = pwd.getpwnam(settings.grader).pw_uid
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            if entry.stat().st_uid != uid:
                continue
        except OSError:
            continue
        words = [a.decode(errors="replace") for a in args]
        if "serve" in words and str(settings.course_dir) in words and any(w.endswith("casework") for w in words):
            return int(entry.name)
    return None


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def service_up(settings: HubSettings) -> bool:
    try:
        with urllib.request.urlopen(f"{settings.cases_url}api/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def stop_processes_of(users: list[str]) -> None:
    """Stop what the bench's own accounts still run (by PID; the hub stops their servers first)."""
    import pwd

    uids = set()
    for u in users:
        try:
            uids.add(pwd.getpwnam(u).pw_uid)
        except KeyError:
            pass
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid in uids:
                os.kill(int(entry.name), signal.SIGKILL)
        except OSError:
            pass


def hub_log_lines(pattern: tuple[str, ...]) -> list[str]:
    try:
        text = HUB_LOG.read_text(errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if any(p in line for p in pattern)]


# --- the course's record, read as the grader (the service owns cases.db) ----------------------------------

RECORD_CODE = """
import json, sys
from service.store import Store
store = Store.for_course(sys.argv[1])
out = {"plays": {p.trainee: p.choices for p in store.plays(sys.argv[2])}, "decided": {}}
for e in store.events(sys.argv[2]):
    if e["kind"] == "decided":
        out["decided"][e["trainee"]] = out["decided"].get(e["trainee"], 0) + 1
store.close()
print(json.dumps(out))
"""


def course_record(settings: HubSettings) -> dict:
    done = as_grader(settings, ["python", "-c", RECORD_CODE, str(settings.course_dir), ASSIGNMENT.id])
    return json.loads(done.stdout.strip().splitlines()[-1])


def moments_decided(users: list[str]) -> int:
    """How many moments the class has decided, from each trainee's copy (kept in step with the record)."""
    total = 0
    for u in users:
        try:
            data = json.loads((Path("/home") / u / ASSIGNMENT.id / "decisions.json").read_text())
            total += sum(1 for v in data.get("choices", {}).values() if v)
        except (OSError, ValueError):
            pass
    return total


# --- the hub's side ---------------------------------------------------------------------------------------

def start_all(client: Hub, users: list[str], timeout: float = 600) -> float:
    t0 = time.perf_counter()
    # every trainee clicks "Start" at once (the hub answers a POST when the server is up or after 10 s)
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        list(pool.map(lambda u: client.api("POST", f"/hub/api/users/{u}/server", timeout=600), users))
    pending = set(users)
    while pending and time.perf_counter() - t0 < timeout:
        for u in list(pending):
            _, info = client.api("GET", f"/hub/api/users/{u}")
            if isinstance(info, dict) and info.get("servers", {}).get("", {}).get("ready"):
                pending.discard(u)
        time.sleep(0.5)
    if pending:
        raise TimeoutError(f"{len(pending)} servers did not start")
    return time.perf_counter() - t0


def grade(settings: HubSettings) -> float:
    t0 = time.perf_counter()
    collect_and_grade(settings, ASSIGNMENT.id)
    release_feedback(settings, ASSIGNMENT.id)
    return time.perf_counter() - t0


# --- a trainee in a kernel --------------------------------------------------------------------------------

KERNEL_PLAY = r"""
import os, json, time, random, subprocess
os.chdir(os.path.expanduser('~'))
subprocess.run(['nbgrader', 'fetch_assignment', ASSIGNMENT], capture_output=True)
from curriculum.toolkit import CaseSession
from curriculum.toolkit.session import UnavailableCase
case = CaseSession.open(ASSIGNMENT, folder=ASSIGNMENT)
if isinstance(case, UnavailableCase):
    raise RuntimeError('the case is not available: ' + case.message)
# every moment's widget, as Run All builds them: a click refreshes them all
widgets = {point: case.decide(point) for point in case.public.points}
open(os.path.expanduser('~/bench-ready'), 'w').close()
deadline = time.time() + 1800
while not os.path.exists(GO) and time.time() < deadline:
    time.sleep(0.1)
rng = random.Random(os.environ.get('JUPYTERHUB_USER', ''))
clicks, chose = [], {}
while case.answer['view']['pending'] is not None:
    point = case.answer['view']['pending']['id']
    moment = case.moment(point)
    offered = [o['id'] for o in moment['options']]
    chosen = [c for c in WANTED.get(point, []) if c in offered] or offered[:1]
    if moment['kind'] != 'multiple':
        chosen = chosen[:1]
    widget = widgets[point]
    time.sleep(THINK * rng.uniform(0.5, 1.5))
    for n, option in enumerate(chosen):
        if n:
            time.sleep(BOX_THINK)
        give_up = time.time() + 300
        while True:
            start, t0 = time.time(), time.perf_counter()
            if widget.choice is not None:
                widget.choice.value = option
            else:
                next(b for b in widget.boxes if b.option_id == option).value = True
            ms = 1000 * (time.perf_counter() - t0)
            ok = option in case.moment(point)['chosen'] and bool(widget.consequences.value)
            clicks.append({'point': point, 'first': n == 0, 't': start, 'ms': ms, 'ok': ok,
                           'note': widget.refused[:300]})
            if ok or time.time() > give_up:
                break
            time.sleep(1)  # the trainee reads the sentence and clicks again
    chose[point] = chosen
def rss(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
# the kernel, with the case open and played, and its parent: the trainee's server
print('BENCH ' + json.dumps({'clicks': clicks, 'chose': chose, 'mb': rss(os.getpid()) + rss(os.getppid())}),
      flush=True)
"""


def kernel_code(wanted: dict, think: float, box_think: float, go: Path) -> str:
    return (f"ASSIGNMENT = {ASSIGNMENT.id!r}\nWANTED = {wanted!r}\nTHINK = {think!r}\nBOX_THINK = {box_think!r}\n"
            f"GO = {str(go)!r}\n" + KERNEL_PLAY)


def run_kernel(client: Hub, user: str, token: str, code: str, timeout: float = 1800) -> dict:
    out, error = client.run(user, token, code, timeout)
    if error:
        raise RuntimeError(f"{user}'s kernel: {error}\n{out[-2000:]}")
    line = next((x for x in reversed(out.splitlines()) if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"{user}'s kernel printed no result:\n{out[-2000:]}")
    return json.loads(line[len("BENCH "):])


def fetch(client: Hub, user: str, token: str) -> None:
    out, error = client.run(user, token, (
        "import os, subprocess\nos.chdir(os.path.expanduser('~'))\n"
        f"r = subprocess.run(['nbgrader', 'fetch_assignment', {ASSIGNMENT.id!r}], capture_output=True, text=True)\n"
        "print(r.returncode, r.stdout[-300:], r.stderr[-300:])\n"), 600)
    notebook = Path("/home") / user / ASSIGNMENT.id / ASSIGNMENT.notebook_name
    if error or not notebook.exists():
        raise RuntimeError(f"{user} could not fetch {ASSIGNMENT.id}: {error or out}")


def submit(client: Hub, user: str, token: str) -> int:
    out, error = client.run(user, token, (
        "import os, subprocess\nos.chdir(os.path.expanduser('~'))\n"
        f"print(subprocess.run(['nbgrader', 'submit', {ASSIGNMENT.id!r}], capture_output=True).returncode)\n"), 600)
    return int(out.split()[-1]) if not error and out.split() else 1


# --- a trainee in Chromium --------------------------------------------------------------------------------

# Every decision widget of the notebook on show: its moment (from its cell's source), whether it is waiting
# or off the path, and its options (label, enabled, chosen); as tests/test_browser.py reads them.
MOMENTS_JS = r"""
() => {
  const panel = Array.from(document.querySelectorAll('.jp-NotebookPanel'))
    .find(p => !p.classList.contains('lm-mod-hidden') && p.offsetParent !== null);
  const out = [];
  if (!panel) { return out; }
  for (const cell of panel.querySelectorAll('.jp-CodeCell')) {
    const widget = cell.querySelector('.casework-decision');
    if (!widget) { continue; }
    const source = (cell.querySelector('.jp-InputArea .cm-content') || {}).textContent || '';
    const m = source.match(/case\.decide\("([^"]+)"\)/);
    const text = widget.textContent;
    out.push({
      point: m ? m[1] : null,
      waiting: text.includes('A moment still to come'),
      options: Array.from(widget.querySelectorAll('input[type="radio"], input[type="checkbox"]')).map(i => ({
        label: ((i.closest('label') || {}).textContent || '').replace(/\s+/g, ' ').trim(),
        enabled: !i.disabled, checked: i.checked})),
    });
  }
  return out;
}
"""

# Before a click: watch the moment's widget (found from the option about to be clicked). The clock starts at the
# click event on one of its inputs and stops when the widget's last child (the consequences) holds text
# (``consequence``), or when the click turns out not to have worked: a new "Not saved" sentence, or the option
# unticked again by the kernel (the sentence may be the one already shown, so the page need not change). The
# result, with a trace of what the page did, lands in window.__cwResults[id] (one watcher per click: a watcher
# left behind must never answer for a later click); window.__cwStop[id]() ends a watcher early.
WATCH_JS = r"""
([id, input, label, consequence, timeout]) => {
  window.__cwResults = window.__cwResults || {};
  window.__cwStop = window.__cwStop || {};
  const widget = input.closest('.casework-decision');
  if (!widget) { window.__cwResults[id] = {ok: false, note: 'the option is in no decision widget'}; return false; }
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const option = () => Array.from(widget.querySelectorAll('input'))
    .find(i => norm((i.closest('label') || {}).textContent) === label);
  const old = new Set(widget.querySelectorAll('.casework-refused'));
  let t0 = null, done = false, observer = null, poll = null;
  const trace = [];
  const mark = (what) => trace.push([t0 === null ? null : Math.round(performance.now() - t0), what]);
  const state = () => {
    const last = widget.lastElementChild, o = option();
    return widget.children.length + ' children, last ' + (last ? JSON.stringify(norm(last.textContent).slice(0, 40)) : '-')
      + ', ' + widget.querySelectorAll('.casework-refused').length + ' refused, option '
      + (o ? (o.checked ? 'ticked' : 'not ticked') : 'missing') + (widget.isConnected ? '' : ', detached');
  };
  const finish = (r) => {
    if (done) { return; }
    done = true;
    mark('finish: ' + state());
    r.trace = trace;
    if (observer) { observer.disconnect(); }
    if (poll) { clearInterval(poll); }
    widget.removeEventListener('click', onClick, true);
    delete window.__cwStop[id];
    window.__cwResults[id] = r;
  };
  const check = () => {
    if (t0 === null) { return; }
    for (const r of widget.querySelectorAll('.casework-refused')) {
      if (!old.has(r)) { finish({ok: false, ms: performance.now() - t0, note: norm(r.textContent)}); return; }
    }
    const last = widget.lastElementChild;
    if (consequence && last && last.classList.contains('widget-html') && norm(last.textContent)) {
      finish({ok: true, ms: performance.now() - t0});
    }
  };
  const unticked = () => {
    const o = option();
    if (t0 !== null && o && !o.checked) {
      const r = widget.querySelector('.casework-refused');
      finish({ok: false, ms: performance.now() - t0, note: r ? norm(r.textContent) : 'unticked again, no sentence'});
    }
  };
  const onClick = (e) => {
    if (t0 === null && e.target && e.target.matches && e.target.matches('input')) {
      t0 = performance.now();
      mark('click: ' + state());
      check();
    }
  };
  widget.addEventListener('click', onClick, true);
  observer = new MutationObserver(() => { mark('change: ' + state()); check(); });
  observer.observe(widget, {subtree: true, childList: true, characterData: true});
  poll = setInterval(unticked, 100);
  setTimeout(() => finish({ok: false, timeout: true, ms: t0 === null ? null : performance.now() - t0}), timeout);
  window.__cwStop[id] = () => finish({ok: true, stopped: true});
  return true;
}
"""


def plain(text: str) -> str:
    return " ".join(text.split())


def last_score_area(notebook: Path) -> str:
    """The practice area of the notebook's last score cell: its message is the last thing Run All prints."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id", "") for c in nb.cells]
    return [i for i in ids if i.startswith("score-")][-1].removeprefix("score-")


def recorded(user: str, point: str, expected: list[str]) -> bool:
    try:
        data = json.loads((Path("/home") / user / ASSIGNMENT.id / "decisions.json").read_text())
        return sorted(data["choices"].get(point, [])) == sorted(expected)
    except (OSError, ValueError, KeyError):
        return False


class BrowserClass:
    """Trainees in Chromium pages (one browser, a context each), in a thread of their own (Playwright's event
    loop). Each logs in through the hub's login page, opens the notebook, runs all, says it is ready, waits for
    ``go`` and plays the persona's path, timing every click."""

    def __init__(self, base: str, users: list[str], scenario, wanted: dict, think: float, box_think: float,
                 go: threading.Event):
        self.base, self.users, self.scenario, self.wanted = base, users, scenario, wanted
        self.think, self.box_think, self.go = think, box_think, go
        self.ready: set[str] = set()
        self.results: dict[str, dict] = {}
        self.errors: dict[str, str] = {}
        self.thread = threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True)

    def start(self) -> "BrowserClass":
        self.thread.start()
        return self

    async def _main(self) -> None:
        from playwright.async_api import async_playwright

        try:
            async with async_playwright() as p:
                browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
                try:
                    await asyncio.gather(*(self._one(browser, u) for u in self.users))
                finally:
                    await browser.close()
        except Exception:  # noqa: BLE001 - said in the report, never a hang
            for u in self.users:
                self.errors.setdefault(u, traceback.format_exc(limit=3))

    async def _one(self, browser, user: str) -> None:
        context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await context.new_page()
        page.set_default_timeout(300_000)
        try:
            await self._open(page, user)
            self.ready.add(user)
            while not self.go.is_set():
                await asyncio.sleep(0.05)
            self.results[user] = await self._play(page, user)
        except Exception as exc:  # noqa: BLE001
            self.errors[user] = f"{type(exc).__name__}: {str(exc)[:1500]}"
            try:
                await page.screenshot(path=f"/tmp/casework-bench-{user}.png")
            except Exception:  # noqa: BLE001
                pass
            self.ready.add(user)  # not to hold the class back
        finally:
            await context.close()

    async def _open(self, page, user: str) -> None:
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        await page.goto(f"{self.base}/hub/login")
        await page.fill("#username_input", user)
        await page.fill("#password_input", PASSWORD)  # the first login sets it
        await page.click("#login_submit")
        await page.wait_for_url(f"**/user/{user}/lab**")
        notebook = Path("/home") / user / ASSIGNMENT.id / ASSIGNMENT.notebook_name
        await page.goto(f"{self.base}/user/{user}/lab/tree/{ASSIGNMENT.id}/{ASSIGNMENT.notebook_name}?reset")
        await page.locator(".jp-NotebookPanel:visible").first.wait_for()
        await page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
        until = f"Not decided yet ({last_score_area(notebook)})"
        for attempt in range(3):
            await page.get_by_text("Python 3 (ipykernel) | Idle").wait_for()
            await page.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
            await page.get_by_role("menuitem", name="Run", exact=True).click()
            await page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            try:
                await page.get_by_text(until).last.wait_for(state="attached", timeout=240_000)
                break
            except PlaywrightTimeout:
                if attempt == 2:
                    raise
        await self._next_pending(page, None)

    async def _next_pending(self, page, decided: Optional[str], timeout: float = 240) -> Optional[str]:
        deadline = time.time() + timeout
        while time.time() < deadline:
            moments = {m["point"]: m for m in await page.evaluate(MOMENTS_JS) if m["point"]}
            pending = [p for p, m in moments.items() if p != decided and m["options"]
                       and any(o["enabled"] for o in m["options"]) and not any(o["checked"] for o in m["options"])]
            if len(pending) == 1:
                return pending[0]
            if len(pending) > 1:
                raise AssertionError(f"two moments offered at once: {pending}")
            if moments and decided is not None and not any(m["waiting"] for m in moments.values()):
                return None
            await asyncio.sleep(0.1)
        raise AssertionError(f"after {decided!r} the page offered no next moment")

    async def _play(self, page, user: str) -> dict:
        rng = random.Random(user)
        clicks, chose = [], {}
        point = await self._next_pending(page, None)
        while point is not None:
            dp = self.scenario.decision_point(point)
            moment = {m["point"]: m for m in await page.evaluate(MOMENTS_JS)}[point]
            by_label = {plain(o.label): o.id for o in dp.options}
            shown = [by_label[o["label"]] for o in moment["options"] if o["label"] in by_label]
            chosen = [i for i in self.wanted.get(point, []) if i in shown] or shown[:1]
            if dp.kind != "multiple":
                chosen = chosen[:1]
            role = "radio" if dp.kind != "multiple" else "checkbox"
            cell = page.locator(".jp-CodeCell").filter(has_text=f'case.decide("{point}")')
            await asyncio.sleep(self.think * rng.uniform(0.5, 1.5))
            for n, option in enumerate(chosen):
                if n:
                    await asyncio.sleep(self.box_think)
                label = plain(next(o.label for o in dp.options if o.id == option))
                give_up = time.time() + 300
                while True:
                    control = cell.get_by_role(role, name=label, exact=True)
                    await control.scroll_into_view_if_needed()
                    if await control.is_checked() and recorded(user, point, chosen[: n + 1]):
                        # an earlier click worked after all (its answer came after this trainee gave up on it)
                        clicks.append({"point": point, "first": n == 0, "t": time.time(), "ms": None, "ok": True,
                                       "note": "already recorded", "trace": []})
                        break
                    handle = await control.element_handle()
                    watch = f"{point}-{n}-{len(clicks)}"
                    await page.evaluate(WATCH_JS, [watch, handle, label, n == 0, 30_000])
                    start = time.time()
                    try:
                        await control.check(timeout=20_000)
                    except Exception:  # noqa: BLE001 - a refused click can untick it at once: read the result
                        pass
                    result = None
                    while result is None:
                        result = await page.evaluate("(id) => (window.__cwResults || {})[id] || null", watch)
                        if result is None and n and recorded(user, point, chosen[: n + 1]):
                            result = {"ok": True, "ms": None}
                            await page.evaluate("(id) => window.__cwStop[id] && window.__cwStop[id]()", watch)
                        if result is None:
                            await asyncio.sleep(0.05)
                    if result.get("timeout") and recorded(user, point, chosen[: n + 1]):
                        result = {**result, "note": "recorded, but the page showed no consequence within 30 s"}
                    clicks.append({"point": point, "first": n == 0, "t": start, "ms": result.get("ms"),
                                   "ok": bool(result.get("ok")), "note": (result.get("note") or "")[:300]
                                   or ("no answer within 30 s" if result.get("timeout") else ""),
                                   "trace": (result.get("trace") or [])[-40:]})
                    if result.get("timeout"):
                        await page.screenshot(path=f"/tmp/casework-bench-{user}-{point}-{len(clicks)}.png")
                    if result.get("ok") or time.time() > give_up:
                        break
                    await asyncio.sleep(1)  # the trainee reads the sentence and clicks again
            chose[point] = chosen
            point = await self._next_pending(page, point)
        return {"clicks": clicks, "chose": chose}


# --- figures ----------------------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def during(click: dict, outage: Optional[tuple[float, float]]) -> bool:
    """Whether a click overlapped the service's outage (from the kill until it answered again)."""
    if outage is None:
        return False
    end = click["t"] + (click["ms"] or 0) / 1000
    return click["t"] < outage[1] and end >= outage[0]


def latencies(results: dict, outage, first_only: bool) -> list[float]:
    return [c["ms"] for r in results.values() for c in r["clicks"]
            if c["ok"] and c["ms"] is not None and (c["first"] or not first_only) and not during(c, outage)]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.1f}" if b and b == b and a == a else "n/a"


def line_p(name: str, cls: list[float], alone: list[float], target: str) -> str:
    p50, p95, s50, s95 = statistics.median(cls) if cls else float("nan"), pct(cls, 0.95), \
        statistics.median(alone) if alone else float("nan"), pct(alone, 0.95)
    return (f"{name:<32} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms   (alone: p50 {s50:.0f}, p95 {s95:.0f}; "
            f"ratio p50 {ratio(p50, s50)}, p95 {ratio(p95, s95)}; {len(cls)} and {len(alone)} clicks)   {target}")


def whole(record: dict, result: Optional[dict], scenario) -> bool:
    """Every moment on the trainee's path decided in the course's record, as the trainee chose."""
    from simulator.play import follow

    if result is None or record is None:
        return False
    mine = {k: sorted(v) for k, v in result["chose"].items()}
    kept = {k: sorted(v) for k, v in record.items() if v}
    return kept == mine and follow(scenario, record).complete


# --- the run ----------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3, help="how many of the trainees play in Chromium")
    parser.add_argument("--think", type=float, default=3.0,
                        help="seconds a trainee thinks before each moment (0.5x to 1.5x of it, at random)")
    parser.add_argument("--box-think", type=float, default=0.5, help="seconds between two boxes of one moment")
    parser.add_argument("--kill-at", type=float, default=0.4,
                        help="kill the service once the class has decided this share of its moments")
    args = parser.parse_args()
    command = "flock /tmp/casework-heavy.lock .venv/bin/python benchmarks/bench_class.py " + shlex.join(sys.argv[1:])
    n = args.trainees
    users = [f"cwb-{i:02d}" for i in range(1, n + 1)]
    in_browser = users[: min(args.browsers, n)]
    in_kernel = users[len(in_browser):]
    coach, solo_page, solo_kernel = "cwb-coach", "cwb-solo", "cwb-solo-k"
    everyone = [*users, coach, solo_page, solo_kernel]
    scenario = load_case(ASSIGNMENT.scenario)
    wanted = persona_decisions(PERSONA, scenario)
    stop_processes_of(everyone)  # an interrupted run's
    for u in everyone:
        accounts.remove_user(u)
    if ROOT.exists():
        shutil.rmtree(ROOT)
    settings = HubSettings(root=ROOT, envs=ENVS, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                           formgrader_port=free_port(), cases_port=free_port(), authenticator="firstuse",
                           course_id=COURSE_ID)
    shutil.rmtree(settings.course_dir, ignore_errors=True)  # a fresh gradebook and record
    t_prepare = time.perf_counter()
    prepare_hub(settings, say=lambda m: print(m, flush=True), rebuild_course=True)
    print(f"hub prepared in {time.perf_counter() - t_prepare:.0f} s", flush=True)
    add_roster(settings, [Person(u) for u in [solo_page, solo_kernel, *users]] + [Person(coach, role="coach")],
               say=lambda m: None)
    log = open(HUB_LOG, "w")
    server = subprocess.Popen(hub_command(settings), cwd=settings.hub_dir, stdout=log, stderr=subprocess.STDOUT)
    client = BenchHub(f"http://127.0.0.1:{settings.port}", (settings.hub_dir / "admin-token").read_text().strip())
    go_dir = Path(tempfile.mkdtemp(prefix="casework-bench-"))
    os.chmod(go_dir, 0o755)
    code = kernel_code(wanted, args.think, args.box_think, go_dir / "go")
    fig: dict = {}
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{client.base}/hub/api/", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None:
                    raise RuntimeError("the hub stopped:\n" + HUB_LOG.read_text()[-3000:])
                time.sleep(0.5)
        for _ in range(120):
            if service_up(settings):
                break
            time.sleep(0.5)
        else:
            raise RuntimeError("the case service does not answer at " + settings.cases_url + "; the hub's log:\n"
                               + "\n".join(hub_log_lines(("casework-cases", "casework-service", "Service")))[-3000:])
        release(settings, ASSIGNMENT.id)

        # --- baseline: one trainee alone in Chromium, then one alone in a kernel -------------------------
        fig["solo_up"] = start_all(client, [solo_page])
        tokens = {solo_page: client.token_for(solo_page)}
        fetch(client, solo_page, tokens[solo_page])
        go_solo = threading.Event()
        page_alone = BrowserClass(client.base, [solo_page], scenario, wanted, args.think, args.box_think,
                                  go_solo).start()
        deadline = time.time() + 600
        while len(page_alone.ready) < 1 and time.time() < deadline and page_alone.thread.is_alive():
            time.sleep(0.2)
        pid = service_pid(settings)
        cpu0 = cpu_seconds(pid)
        go_solo.set()
        page_alone.thread.join(timeout=900)
        if page_alone.errors:
            raise RuntimeError(f"the trainee alone in Chromium: {page_alone.errors}")
        cpu_alone = cpu_seconds(pid) - cpu0
        client.start(solo_kernel)
        tokens[solo_kernel] = client.token_for(solo_kernel)
        alone: dict = {}

        def kernel_alone_plays() -> None:
            try:
                alone["result"] = run_kernel(client, solo_kernel, tokens[solo_kernel], code)
            except Exception as exc:  # noqa: BLE001 - raised below
                alone["error"] = exc

        thread = threading.Thread(target=kernel_alone_plays, daemon=True)
        thread.start()
        while not (Path("/home") / solo_kernel / "bench-ready").exists() and thread.is_alive():
            time.sleep(0.2)
        cpu0 = cpu_seconds(pid)
        (go_dir / "go").touch()
        thread.join(timeout=900)
        if "result" not in alone:
            raise RuntimeError(f"the trainee alone in a kernel: {alone.get('error', 'did not finish')}")
        kernel_alone = alone["result"]
        cpu_alone += cpu_seconds(pid) - cpu0
        (go_dir / "go").unlink()
        submit(client, solo_kernel, tokens[solo_kernel])
        rec = course_record(settings)
        decided_alone = rec["decided"].get(solo_page, 0) + rec["decided"].get(solo_kernel, 0)
        fig["cpu_alone_ms"] = 1000 * cpu_alone / max(1, decided_alone)
        fig["rss_alone"] = rss_mb(pid)
        try:
            fig["solo_grade"] = grade(settings)
        except Exception as exc:  # noqa: BLE001 - the other figures still stand
            fig["grade_error"] = str(exc)[-1500:]
        page_ms_alone = latencies({solo_page: page_alone.results[solo_page]}, None, first_only=True)
        kernel_ms_alone = latencies({solo_kernel: kernel_alone}, None, first_only=False)
        print(f"alone: page {len(page_ms_alone)} clicks, kernel {len(kernel_ms_alone)} clicks, "
              f"{decided_alone} decisions, service {cpu_alone:.2f} s CPU", flush=True)

        # --- the class, all at once ----------------------------------------------------------------------
        fig["class_up"] = start_all(client, users)
        print(f"class servers up in {fig['class_up']:.0f} s", flush=True)
        tokens.update({u: client.token_for(u) for u in users})
        go = threading.Event()
        for u in in_browser:
            fetch(client, u, tokens[u])
        browsers = BrowserClass(client.base, in_browser, scenario, wanted, args.think, args.box_think, go).start()
        kernel_results: dict[str, dict] = {}
        kernel_errors: dict[str, str] = {}

        def kernel_trainee(u: str) -> None:
            try:
                kernel_results[u] = run_kernel(client, u, tokens[u], code)
            except Exception as exc:  # noqa: BLE001 - said in the report
                kernel_errors[u] = f"{type(exc).__name__}: {str(exc)[:1500]}"

        threads = []
        for u in in_kernel:  # a second apart: 27 kernels asked for in the same instant time out at the server
            threads.append(threading.Thread(target=kernel_trainee, args=(u,), daemon=True))
            threads[-1].start()
            time.sleep(1)
        deadline = time.time() + 900
        while time.time() < deadline:
            ready = sum(1 for u in in_kernel if (Path("/home") / u / "bench-ready").exists() or u in kernel_errors)
            if ready == len(in_kernel) and len(browsers.ready) == len(in_browser):
                break
            time.sleep(0.5)
        print(f"class ready: {sum(1 for u in in_kernel if (Path('/home') / u / 'bench-ready').exists())} kernels, "
              f"{len(browsers.ready)} pages", flush=True)
        pid = service_pid(settings)
        cpu_start = cpu_seconds(pid)
        t_go = time.time()
        (go_dir / "go").touch()
        go.set()

        # the service killed mid-class, once the class has decided --kill-at of its moments
        target = int(args.kill_at * n * len(scenario.decision_points))
        while moments_decided(users) < target and time.time() - t_go < 600:
            time.sleep(0.2)
        fig["killed_at"] = moments_decided(users)
        cpu_before_kill, fig["rss_before_kill"] = cpu_seconds(pid), rss_mb(pid)
        os.kill(pid, signal.SIGKILL)
        t_kill = time.time()
        while not service_up(settings) and time.time() - t_kill < 300:
            time.sleep(0.1)
        t_back = time.time()
        new_pid = service_pid(settings)
        cpu_new_start = cpu_seconds(new_pid) if new_pid else 0.0
        fig["down"] = t_back - t_kill
        print(f"service killed at {fig['killed_at']} moments decided; answering again after {fig['down']:.1f} s "
              f"(pid {pid} -> {new_pid})", flush=True)

        for t in threads:
            t.join(timeout=max(1, 1200 - (time.time() - t_go)))
        browsers.thread.join(timeout=max(1, 1200 - (time.time() - t_go)))
        t_done = time.time()
        pid_end = service_pid(settings)
        fig["restarted_again"] = pid_end != new_pid
        cpu_class = (cpu_before_kill - cpu_start) + (cpu_seconds(pid_end) - cpu_new_start if pid_end == new_pid
                                                     else 0.0)
        fig["restart_cpu"] = cpu_new_start
        fig["rss_class"] = rss_mb(pid_end) if pid_end else float("nan")
        fig["play_s"] = t_done - t_go
        rec = course_record(settings)
        decided_class = sum(rec["decided"].get(u, 0) for u in users)
        fig["cpu_class_ms"] = 1000 * cpu_class / max(1, decided_class)
        fig["decided_class"], fig["cpu_class"] = decided_class, cpu_class

        results = {**kernel_results, **browsers.results}
        CLICKS.write_text(json.dumps({"go": t_go, "kill": t_kill, "back": t_back, "results": results,
                                      "alone": {solo_page: page_alone.results[solo_page], solo_kernel: kernel_alone}}))
        errors = {**kernel_errors, **browsers.errors}
        outage = (t_kill, t_back)
        fig["page"] = latencies({u: browsers.results[u] for u in in_browser if u in browsers.results}, outage, True)
        fig["kernel"] = latencies({u: kernel_results[u] for u in in_kernel if u in kernel_results}, outage, False)
        fig["page_alone"], fig["kernel_alone"] = page_ms_alone, kernel_ms_alone
        next_worked, finished_before, restart_clicks, failed = 0, 0, 0, 0
        for u in users:
            clicks = results.get(u, {}).get("clicks", [])
            # the trainee's next click: the first one still waiting for its answer when the service was killed
            after = [c for c in clicks if c["t"] + (c["ms"] or 0) / 1000 >= t_kill]
            if clicks and not after:
                finished_before += 1
            elif after and after[0]["ok"]:
                next_worked += 1
            restart_clicks += sum(1 for c in clicks if during(c, outage))
            failed += sum(1 for c in clicks if not c["ok"])
        notes = sorted({c["note"] for r in results.values() for c in r["clicks"] if not c["ok"] and c["note"]})
        fig.update(next_worked=next_worked, finished_before=finished_before, restart_clicks=restart_clicks,
                   failed=failed, notes=notes)
        fig["whole"] = [u for u in users if whole(rec["plays"].get(u), results.get(u), scenario)]
        fig["memory"] = [kernel_results[u]["mb"] for u in in_kernel if u in kernel_results]
        # everyone submits once the whole class has played (not while others still click)
        with ThreadPoolExecutor(max_workers=6) as pool:
            codes = dict(zip(users, pool.map(lambda u: submit(client, u, tokens[u]) if u in results else 1, users)))
        fig["submitted"] = sum(1 for u in users if codes[u] == 0)
        if "grade_error" not in fig:
            try:
                fig["class_grade"] = grade(settings)
            except Exception as exc:  # noqa: BLE001 - the other figures still stand
                fig["grade_error"] = str(exc)[-1500:]
        fig["errors"] = errors
    finally:
        server.terminate()  # the hub stops the servers it started and its services
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        stop_processes_of(everyone)
        for u in everyone:
            accounts.remove_user(u)
        shutil.rmtree(go_dir, ignore_errors=True)
        # JupyterHub's own lines about the service (starting it, its exit), and the service's errors
        service_lines = [x for x in hub_log_lines(("casework-cases", "casework-service"))
                         if ("JupyterHub" in x and "casework-cases" in x) or " ERROR " in x or "Traceback" in x]
        if service_lines:
            print("the hub's log about the case service:\n  " + "\n  ".join(service_lines[-16:]), flush=True)

    print()
    print(f"{n} trainees on one hub ({len(in_browser)} in Chromium pages, {len(in_kernel)} through their kernels), "
          f"{ASSIGNMENT.id}: {PERSONA}'s path ({len(kernel_alone['chose'])} moments, "
          f"{len(kernel_alone['clicks'])} clicks each), {args.think:g} s to think before each moment; "
          f"baseline: one trainee alone, in the same run")
    print(f"{'servers up':<32} {fig['class_up']:7.1f} s   (one: {fig['solo_up']:.1f} s, "
          f"ratio {ratio(fig['class_up'], fig['solo_up'])})   target <= 180 s")
    print(line_p("click to consequence, page", fig["page"], fig["page_alone"], "target p95 <= 200 ms"))
    print(line_p("click to consequence, kernel", fig["kernel"], fig["kernel_alone"], ""))
    print(f"{'service CPU per decision':<32} {fig['cpu_class_ms']:7.1f} ms  (alone: {fig['cpu_alone_ms']:.1f} ms, "
          f"ratio {ratio(fig['cpu_class_ms'], fig['cpu_alone_ms'])}; {fig['cpu_class']:.1f} s over "
          f"{fig['decided_class']} decisions; the restart itself {fig['restart_cpu']:.1f} s)")
    print(f"{'service memory per class':<32} {fig['rss_class']:7.0f} MB after the class (restarted mid-class; "
          f"{fig['rss_before_kill']:.0f} MB before the kill; after one trainee alone: {fig['rss_alone']:.0f} MB)")
    memory = fig["memory"]
    if memory:
        print(f"{'memory per trainee':<32} {statistics.mean(memory):7.0f} MB mean, {max(memory):.0f} MB max   "
              "target <= 250 MB")
    played = n - fig["finished_before"]
    print(f"service killed mid-class: {fig['next_worked']} of {played} next clicks worked; records whole: "
          f"{'yes' if len(fig['whole']) == n else 'no'}")
    print(f"  (killed at {fig['killed_at']} of {n * len(kernel_alone['chose'])} moments decided; answering again "
          f"{fig['down']:.1f} s later; {fig['restart_clicks']} clicks overlapped the outage, left out above; "
          f"{fig['failed']} clicks did not work and were made again; records whole for {len(fig['whole'])} of {n}"
          f"{'; ' + str(fig['finished_before']) + ' had finished before the kill' if fig['finished_before'] else ''}"
          f"{'; the service restarted again later' if fig['restarted_again'] else ''}; "
          f"the class played for {fig['play_s']:.0f} s)")
    for note in fig["notes"][:5]:
        print(f"  what a trainee read: {note}")
    print(f"{'submitted':<32} {fig['submitted']}/{n}")
    if "class_grade" in fig:
        print(f"{'graded with feedback':<32} {fig['class_grade']:7.1f} s   (one: {fig['solo_grade']:.1f} s, "
              f"ratio {ratio(fig['class_grade'], fig['solo_grade'])})   target <= 120 s")
    else:
        print(f"grading failed: {fig['grade_error']}")
    for u, e in sorted(fig["errors"].items()):
        print(f"  {u} did not finish: {e}")
    print(f"command: {command.strip()}")


if __name__ == "__main__":
    main()
