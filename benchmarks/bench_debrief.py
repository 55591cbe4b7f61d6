"""The class debrief with a class of 100 playing at once: how soon the coach's room shows a decision, and what
the room costs the case service.

Run: python benchmarks/bench_debrief.py [--trainees 100] [--pause 1.0 4.0] [--poll 0.2] [--baseline-plays 3]

A course of first-contact (the Harlow case, 11 moments) is built once and copied for each run; the real case
service runs as its own process on loopback (``service.local.start_local``, as ``make classroom`` starts it),
and the class plays through an in-process :class:`service.cases.CaseService` on the same record (``cases.db``),
one thread per trainee (personas practice-model, cautious, avoidant and directive in turn), each pausing a
random ``--pause`` seconds before every decision, as a person reading the moment would. A separate process
polls ``api/debrief/first-contact?since=<version>`` every ``--poll`` seconds with the coach's token, as the live
page does every 2 s (204 when nothing changed, else the room with its version).

- update delay: from a decision's commit (the clock read in the committing thread, right after the transaction)
  to the first poll answer that includes it (the n-th decision committed is in an answer whose moments were
  decided n times in all: every trainee decides each moment once); p50 and p95 over every decision. The live
  page polls every 2 s, so a coach sees a decision this long plus up to 2 s (1 s on average) after it;
- the service's CPU (utime + stime of its process, ``/proc/<pid>/stat``) while the class plays, per poll and per
  decision; per poll while nobody plays (each answered 204), before the class starts; and per decision less
  what the same number of polls costs while nobody plays (what a decision adds);
- the poll's answer time as the poller saw it (p95), 204s and 200s together.

The baseline, in the same run, is one trainee at a time (``--baseline-plays`` plays one after another, for
enough decisions to take a p95 of), the same pacing, the same poller.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ASSIGNMENT = "first-contact"
CASE = "harlow-first-contact"
PERSONAS = ["practice-model", "cautious", "avoidant", "directive"]
TICKS = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 10.0  # polls while nobody plays, before the class starts


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # fields 14 and 15 of stat(5), after "pid (comm)"


def poller(url: str, token: str, interval: float, stop, latest, out) -> None:
    """Poll the coach's room as the live page does (a kept-alive connection, ``?since=`` the last version);
    send back every poll as (sent, answered, status, decisions in the room). The version is the service's own
    token, passed back as it came; what a poll shows is told by the room itself: how many decisions it holds."""
    parsed = urlparse(url)
    path = f"{parsed.path}api/debrief/{ASSIGNMENT}?since="
    headers = {"Authorization": f"token {token}"}
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    version, decided, polls = "", 0, []
    due = time.monotonic()
    while not stop.is_set():
        sent = time.monotonic()
        try:
            conn.request("GET", path + quote(str(version)), headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
            polls.append((sent, time.monotonic(), 0, decided))
        else:
            answered = time.monotonic()
            if response.status == 200:
                data = json.loads(body)
                version = data["version"]
                decided = sum(m["decided"] for m in data["room"]["moments"])
                latest.value = decided
            polls.append((sent, answered, response.status, decided))
        due += interval
        time.sleep(max(0.0, due - time.monotonic()))
    conn.close()
    out.put(polls)


@dataclass
class Run:
    trainees: int
    decisions: int
    delays: list  # seconds, one per decision
    polls_playing: int
    cpu_playing: float  # seconds of the service's CPU while the class played
    polls_idle: int
    cpu_idle: float
    answer_times: list  # seconds, every poll while the class played
    seconds: float

    def idle_per_poll(self) -> float:
        return self.cpu_idle / max(self.polls_idle, 1)

    def net_per_decision(self) -> float:
        """The service's CPU per decision beyond what the same polls cost when nothing changes."""
        return (self.cpu_playing - self.polls_playing * self.idle_per_poll()) / self.decisions


def percentile(values: list, q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_class(template: Path, work: Path, trainees: int, plays_each: int, pause: tuple[float, float],
              interval: float, scenario, label: str) -> Run:
    """One run: a fresh copy of the course, the service, the poller, and ``trainees`` playing at once
    (``plays_each`` plays one after another per thread)."""
    from scenarios.authoring.personas import persona_decisions
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    class TimedStore(Store):
        """The record, noting when each decision's transaction committed (in order: CaseService.decide holds its
        lock here, and every decision of this run goes through it)."""

        commits: list = []

        def record(self, row, point, options, shown):
            at = super().record(row, point, options, shown)
            self.commits.append((len(self.commits) + 1, time.monotonic()))
            return at

    course = work / label / "course"
    shutil.copytree(template, course, symlinks=True)
    svc = start_local(course, user="coach", log=work / f"{label}-service.log")
    ctx = mp.get_context("spawn")
    stop, latest, out = ctx.Event(), ctx.Value("q", 0), ctx.Queue()
    poll_process = ctx.Process(target=poller, args=(svc.url, svc.token, interval, stop, latest, out), daemon=True)
    store = TimedStore(f"sqlite:///{course / 'cases.db'}")
    store.commits = []
    try:
        poll_process.start()
        time.sleep(1.0)  # the poller's interpreter is up and polling
        idle_from, cpu_a = time.monotonic(), cpu_seconds(svc.process.pid)
        time.sleep(IDLE_SECONDS)
        play_from, cpu_b = time.monotonic(), cpu_seconds(svc.process.pid)
        cases = CaseService(course, store, variant=lambda n: f"local:{n}")

        def trainee(n: int) -> None:
            rng = random.Random(f"{label}-{n}")
            time.sleep(rng.uniform(0, pause[1]))  # the class does not start on the same second
            for k in range(plays_each):
                name = f"{label}-{n:03d}-{k}"
                wanted = persona_decisions(PERSONAS[(n + k) % len(PERSONAS)], scenario)
                answer = cases.open(name, ASSIGNMENT)
                while answer["view"]["pending"] is not None:
                    time.sleep(rng.uniform(*pause))
                    point = answer["view"]["pending"]["id"]
                    moment = next(m for m in answer["view"]["moments"] if m["id"] == point)
                    offered = [o["id"] for o in moment["options"]]
                    chosen = [c for c in wanted.get(point, []) if c in offered] or offered[:1]
                    answer = cases.decide(name, ASSIGNMENT, point, chosen if moment["kind"] == "multiple" else chosen[:1])
                    if answer["refused"]:
                        raise RuntimeError(f"{name} at {point}: {answer['refused']}")

        with ThreadPoolExecutor(trainees) as pool:
            for done in [pool.submit(trainee, n) for n in range(trainees)]:
                done.result()
        total = len(store.commits)
        deadline = time.monotonic() + 60
        while latest.value < total and time.monotonic() < deadline:
            time.sleep(0.05)
        if latest.value < total:
            raise RuntimeError(f"the service's room never showed {total} decisions (saw {latest.value})")
        play_to, cpu_c = time.monotonic(), cpu_seconds(svc.process.pid)
        stop.set()
        polls = out.get(timeout=60)
        poll_process.join(timeout=30)
    finally:
        stop.set()
        if poll_process.is_alive():
            poll_process.terminate()
        store.close()
        svc.stop()

    seen = [(answered, decided) for _, answered, status, decided in polls if status == 200]
    delays = []
    for n, committed in store.commits:
        # the first answer holding it (an answer can arrive a hair before the committing thread reads its clock)
        first = next(answered for answered, decided in seen if decided >= n)
        delays.append(max(0.0, first - committed))
    if any(status not in (200, 204) for _, _, status, _ in polls):
        raise RuntimeError(f"the poller saw answers other than 200 and 204: {sorted({p[2] for p in polls})}")
    playing = [p for p in polls if play_from <= p[0] < play_to]
    idle = [p for p in polls if idle_from <= p[0] < play_from]
    return Run(trainees, len(store.commits), delays, len(playing), cpu_c - cpu_b, len(idle), cpu_b - cpu_a,
               [answered - sent for sent, answered, _, _ in playing], play_to - play_from)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=100)
    parser.add_argument("--pause", type=float, nargs=2, default=[1.0, 4.0], metavar=("MIN", "MAX"),
                        help="seconds a trainee takes before each decision (uniform)")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between the benchmark's polls")
    parser.add_argument("--baseline-plays", type=int, default=3,
                        help="plays of the one-trainee baseline, one after another")
    args = parser.parse_args()

    from grading.build import build_course
    from scenarios import load_case

    scenario = load_case(CASE)
    pause = (args.pause[0], args.pause[1])
    with tempfile.TemporaryDirectory(prefix="bench-debrief-") as tmp:
        work = Path(tmp)
        template = work / "template" / "course"
        build_course(template, [ASSIGNMENT])
        base = run_class(template, work, 1, args.baseline_plays, pause, args.poll, scenario, "solo")
        crowd = run_class(template, work, args.trainees, 1, pause, args.poll, scenario, "class")

    def row(label: str, unit: str, a: float, b: float, fmt: str = "8.3f") -> None:
        ratio = f"{b / a:6.2f}x" if a else "     -"
        print(f"{label:<38}{a:{fmt}} {unit:<3}{b:{fmt}} {unit:<3} ratio {ratio}")

    print(f"class debrief, {ASSIGNMENT} ({len(scenario.decision_points)} moments): {crowd.trainees} trainees at "
          f"once against 1 trainee at a time ({args.baseline_plays} play{'s' if args.baseline_plays != 1 else ''} one after another), a pause of {pause[0]:g}-{pause[1]:g} "
          f"s before each decision; api/debrief polled every {args.poll:g} s; {os.cpu_count()} cores")
    print(f"{'':<38}{'1 trainee':>12}{crowd.trainees:>8} trainees")
    print(f"{'decisions (while playing, s)':<38}{base.decisions:8d} ({base.seconds:4.0f}){crowd.decisions:8d} "
          f"({crowd.seconds:4.0f})")
    row("update delay p50", "s", percentile(base.delays, 0.5), percentile(crowd.delays, 0.5))
    row("update delay p95", "s", percentile(base.delays, 0.95), percentile(crowd.delays, 0.95))
    row("update delay max", "s", max(base.delays), max(crowd.delays))
    row("poll answer time p95", "ms", 1000 * percentile(base.answer_times, 0.95),
        1000 * percentile(crowd.answer_times, 0.95))
    row("service CPU per poll (playing)", "ms", 1000 * base.cpu_playing / base.polls_playing,
        1000 * crowd.cpu_playing / crowd.polls_playing)
    row("service CPU per decision", "ms", 1000 * base.cpu_playing / base.decisions,
        1000 * crowd.cpu_playing / crowd.decisions)
    row("service CPU per decision, less polling", "ms", 1000 * base.net_per_decision(), 1000 * crowd.net_per_decision())
    row("service CPU per poll (idle, 204)", "ms", 1000 * base.idle_per_poll(), 1000 * crowd.idle_per_poll())
    row("service CPU share while playing", "%", 100 * base.cpu_playing / base.seconds,
        100 * crowd.cpu_playing / crowd.seconds, "8.1f")
    print("the live page polls every 2 s: a coach sees a decision after the update delay plus up to 2 s more")
    python = os.path.relpath(sys.executable) if not os.path.relpath(sys.executable).startswith("..") else sys.executable
    print(f"command: {python} benchmarks/bench_debrief.py --trainees {args.trainees} "
          f"--pause {pause[0]:g} {pause[1]:g} --poll {args.poll:g} --baseline-plays {args.baseline_plays}")


if __name__ == "__main__":
    main()
