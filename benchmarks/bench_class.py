"""A class of 30 on one hub, on this machine: servers up, decision-to-consequence latency, memory, grading.

Run as root: ``sudo .venv/bin/python benchmarks/bench_class.py`` (``--trainees N`` for another class size).
Makes accounts ``cwb-01`` .. ``cwb-30`` and a coach, a hub under ``/srv/casework-bench`` on loopback
ports, and removes them afterwards. Each figure is printed beside a baseline measured in the same run
with one trainee alone, as a ratio:

- servers up: the time until every trainee's server answers, all started at once, against one server;
- decision to consequence: inside each trainee's kernel, the time from recording a choice to having the
  consequences of every decision so far (what the widget does on a click), while all trainees play at
  once, against one trainee playing alone (p50 and p95);
- memory: the resident memory of each trainee's server plus its kernel, with the case open and played;
- grading: collect + coach-side autograde + feedback for the class, against the same for one trainee.

Targets (issue 12): all up within 3 minutes; p95 at most 300 ms; at most 250 MB per trainee; the
class graded within 2 minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT_DIR))
sys.path.insert(0, str(ROOT_DIR / "tests"))

from deploy import accounts  # noqa: E402
from deploy.hub import HubSettings, as_grader, hub_command, prepare_hub, release  # noqa: E402
from deploy.roster import Person, add_roster  # noqa: E402
from grading.course import load_course  # noqa: E402
from grading.personas import persona_decisions  # noqa: E402
from hubclient import Hub  # noqa: E402
from scenarios import load_case  # noqa: E402

ROOT = Path("/srv/casework-bench")
ENVS = Path("/opt/casework-test")  # shared with the hub tests: built once
ASSIGNMENT = load_course().assignments[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def play_code(choices: dict) -> str:
    """Kernel code: fetch, then decide point by point, timing record + consequences; print the ms and submit."""
    return f"""
import os, subprocess, time, json
os.chdir(os.path.expanduser('~'))
subprocess.run(['nbgrader', 'fetch_assignment', {ASSIGNMENT.id!r}], capture_output=True)
from curriculum.toolkit import CaseSession
case = CaseSession.open({ASSIGNMENT.id!r} + '/case.bin')
times = []
points = case.scenario.decision_points
for i, dp in enumerate(points):
    t0 = time.perf_counter()
    case.book.record(dp.id, {choices!r}[dp.id], shown=case.order(dp))
    for earlier in points[: i + 1]:
        case.consequences_html(earlier)
    times.append(1000 * (time.perf_counter() - t0))
r = subprocess.run(['nbgrader', 'submit', {ASSIGNMENT.id!r}], capture_output=True, text=True)
def rss(pid):
    for line in open(f'/proc/{{pid}}/status'):
        if line.startswith('VmRSS'):
            return int(line.split()[1]) / 1024
# the kernel, with the case open and played, and its parent: the trainee's server
print(json.dumps({{'ms': times, 'submitted': r.returncode, 'mb': rss(os.getpid()) + rss(os.getppid())}}))
"""


def start_all(client: Hub, users: list[str], timeout: float = 600) -> float:
    from concurrent.futures import ThreadPoolExecutor

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


async def play_all(client: Hub, users: list[str], tokens: dict, code: str) -> list[dict]:
    async def one(u):
        out, error = await client._run(u, tokens[u], code, 600)
        if error:
            raise RuntimeError(f"{u}: {error}")
        return json.loads(out.strip().splitlines()[-1])
    return await asyncio.gather(*(one(u) for u in users))


def grade(settings: HubSettings) -> float:
    t0 = time.perf_counter()
    as_grader(settings, ["nbgrader", "collect", ASSIGNMENT.id, "--update"])
    as_grader(settings, ["casework", "grade", ASSIGNMENT.id, "--course", str(settings.course_dir)])
    as_grader(settings, ["nbgrader", "release_feedback", ASSIGNMENT.id])
    return time.perf_counter() - t0


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=30)
    args = parser.parse_args()
    n = args.trainees
    users = [f"cwb-{i:02d}" for i in range(1, n + 1)]
    coach, solo = "cwb-coach", "cwb-solo"
    for u in [*users, coach, solo]:
        accounts.remove_user(u)
    if ROOT.exists():
        shutil.rmtree(ROOT)
    settings = HubSettings(root=ROOT, envs=ENVS, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                           formgrader_port=free_port(), authenticator="firstuse")
    prepare_hub(settings, say=lambda m: None, rebuild_course=True)
    add_roster(settings, [Person(u) for u in [solo, *users]] + [Person(coach, role="coach")], say=lambda m: None)
    server = subprocess.Popen(hub_command(settings), cwd=settings.hub_dir, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    client = Hub(f"http://127.0.0.1:{settings.port}", (settings.hub_dir / "admin-token").read_text().strip())
    try:
        for _ in range(180):
            try:
                urllib.request.urlopen(f"{client.base}/hub/api/", timeout=2).close()
                break
            except OSError:
                time.sleep(0.5)
        release(settings, ASSIGNMENT.id)
        code = play_code(persona_decisions("practice-model", load_case(ASSIGNMENT.scenario)))

        # baseline: one trainee alone
        solo_up = start_all(client, [solo])
        tokens = {solo: client.token_for(solo)}
        solo_ms = asyncio.run(play_all(client, [solo], tokens, code))[0]["ms"]
        solo_grade = grade(settings)

        # the class, all at once
        class_up = start_all(client, users)
        tokens.update({u: client.token_for(u) for u in users})
        results = asyncio.run(play_all(client, users, tokens, code))
        class_ms = [t for r in results for t in r["ms"]]
        memory = [r["mb"] for r in results]
        submitted = sum(1 for r in results if r["submitted"] == 0)
        class_grade = grade(settings)
    finally:
        server.terminate()
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:
            server.kill()
        for u in [*users, coach, solo]:
            subprocess.run(["pkill", "-u", u], capture_output=True)
            accounts.remove_user(u)

    print(f"{n} trainees on one hub, {ASSIGNMENT.id} ({len(solo_ms)} decisions each); baseline: one trainee alone")
    print(f"servers up           {class_up:7.1f} s   (one: {solo_up:.1f} s, ratio {class_up / solo_up:.1f})   target <= 180 s")
    p50, p95 = statistics.median(class_ms), pct(class_ms, 0.95)
    s50, s95 = statistics.median(solo_ms), pct(solo_ms, 0.95)
    print(f"decision->consequence p50 {p50:6.0f} ms  p95 {p95:6.0f} ms   (alone: p50 {s50:.0f}, p95 {s95:.0f}; "
          f"ratio p95 {p95 / s95:.1f})   target p95 <= 300 ms")
    print(f"memory per trainee   {statistics.mean(memory):7.0f} MB mean, {max(memory):.0f} MB max   target <= 250 MB")
    print(f"submitted            {submitted}/{n}")
    print(f"graded with feedback {class_grade:7.1f} s   (one: {solo_grade:.1f} s, ratio {class_grade / solo_grade:.1f})"
          "   target <= 120 s")


if __name__ == "__main__":
    main()
