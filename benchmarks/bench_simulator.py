"""How fast the case engine is, in what people wait for, against a baseline measured in the same run.

Run: python benchmarks/bench_simulator.py [--quick] [--rounds N] [--baseline DIR]

Prints, on this machine:
- a plan's futures: the 100 runs a notebook, the feedback and the coach's report
  play for one plan (``simulate_many`` with ``FUTURES_RUNS`` and ``FUTURES_SEED``
  of ``curriculum.toolkit.futures``) of the Harlow case as the course plays it, in ms;
- replications per second of the standard case (the Harlow case played over 78
  weeks with the practice model's decisions) through ``simulate_many``, and the
  time for 1,000 of them;
- the calibration population (``casework calibrate``) per 100,000 families;
- one fully recorded ``simulate()`` run and the notebook refresh after a click;
- kept as a figure, not a target: the engine's cost per simpy event against bare
  simpy (one process looping on timeouts) in interleaved rounds.

Times are CPU time (``time.process_time``), the best of several rounds, so other
work on a shared machine disturbs them less. With ``--baseline DIR`` (a checkout
of another version, e.g. ``git archive HEAD~5 | tar -x -C /tmp/base``) each round
measures this tree and that one, one after the other, each in a fresh
interpreter, and the table shows both and their ratio: "none slower than the
baseline" is read from the same run, on the same load.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

WEEKS = 78
REPLICATIONS = 1000
FAMILIES = 100_000


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def best_of(rounds: int, fn) -> float:
    return min(cpu(fn) for _ in range(rounds))


def _personas():
    try:
        from scenarios.authoring.personas import persona_decisions
    except ImportError:  # an older tree measured as the baseline
        from grading.personas import persona_decisions
    return persona_decisions


def events_per_replication(scenario, plan, runs: int = 200) -> float:
    """Events one replication processes, counted by running the engine on a counting environment."""
    import simpy

    from simulator import simulate_many

    class CountingEnvironment(simpy.Environment):
        processed = 0

        def step(self) -> None:
            CountingEnvironment.processed += 1
            super().step()

    original = simpy.Environment
    simpy.Environment = CountingEnvironment  # the engine looks the class up at call time
    try:
        simulate_many(scenario, plan, runs, seed=0)
        return CountingEnvironment.processed / runs
    finally:
        simpy.Environment = original


def bare_simpy(events: int) -> None:
    """One process looping on timeouts, for ``events`` events (plus its start)."""
    import simpy

    env = simpy.Environment()

    def loop():
        while True:
            yield env.timeout(1)

    env.process(loop())
    env.run(until=events)


def measure(quick: bool = False, rounds: int = 1) -> dict[str, float]:
    """One set of figures for the tree this interpreter imports (best of ``rounds``)."""
    from scenarios import load_case
    from simulator import simulate, simulate_many
    from simulator.population import simulate_population

    try:
        from curriculum.toolkit.futures import FUTURES_RUNS, FUTURES_SEED
    except ImportError:
        FUTURES_RUNS, FUTURES_SEED = 100, 1
    persona_decisions = _personas()
    case = load_case("harlow-first-contact")
    standard = case.model_copy(update={"horizon_weeks": WEEKS})
    plan = persona_decisions("practice-model", case)
    per_run_events = events_per_replication(standard, plan)
    n = 200 if quick else REPLICATIONS
    total_events = int(per_run_events * n)
    families = 20_000 if quick else FAMILIES

    engine_times, bare_times = [], []
    for _ in range(rounds):  # interleaved, so both see the same load
        engine_times.append(cpu(lambda: simulate_many(standard, plan, n, seed=0)))
        bare_times.append(cpu(lambda: bare_simpy(total_events)))
    ratios = sorted(e / b for e, b in zip(engine_times, bare_times))
    futures = best_of(rounds, lambda: simulate_many(case, plan, FUTURES_RUNS, seed=FUTURES_SEED))
    one = best_of(rounds, lambda: [simulate(standard, plan, seed=s) for s in range(100)]) / 100
    points = standard.decision_points
    refresh = best_of(rounds, lambda: [
        simulate(standard, {p.id: plan[p.id] for p in points[: i + 1]}, stop_at_undecided=True)
        for i in range(len(points))
    ])
    population = best_of(1 if quick else max(1, rounds // 2),
                         lambda: simulate_population(families, seed=0)) * FAMILIES / families
    engine = min(engine_times)
    return {
        "events_per_run": per_run_events,
        "futures_ms": futures * 1e3,
        "futures_runs": FUTURES_RUNS,
        "replications_per_s": n / engine,
        "replications_1000_s": engine * REPLICATIONS / n,
        "population_100k_s": population,
        "bare_s": min(bare_times) * REPLICATIONS / n,
        "ratio": ratios[len(ratios) // 2],
        "simulate_ms": one * 1e3,
        "refresh_ms": refresh * 1e3,
        "points": len(points),
    }


ROWS = (
    ("futures_ms", "a plan's futures (Harlow as the course plays it, {futures_runs} runs)", "{:.0f} ms", "lower"),
    ("replications_per_s", "standard case (Harlow, 78 weeks): replications a second", "{:,.0f}", "higher"),
    ("replications_1000_s", "standard case: 1,000 replications", "{:.2f} s", "lower"),
    ("population_100k_s", "calibration population, per 100,000 families", "{:.1f} s", "lower"),
    ("simulate_ms", "simulate(): one case with timeline and weekly records", "{:.2f} ms", "lower"),
    ("refresh_ms", "notebook refresh after a click ({points} partial runs)", "{:.1f} ms", "lower"),
    ("bare_s", "bare simpy, the same number of timeout events as 1,000 replications", "{:.3f} s", "lower"),
    ("ratio", "cost per simpy event against bare simpy (a figure, not a target)", "{:.2f}x", "lower"),
)


def _in_fresh_interpreter(tree: Path, quick: bool) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--json"] + (["--quick"] if quick else []),
                         cwd=tree, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _best(runs: list[dict[str, float]]) -> dict[str, float]:
    best = dict(runs[0])
    for key, _, _, better in ROWS:
        values = [r[key] for r in runs]
        best[key] = max(values) if better == "higher" else min(values)
    best["ratio"] = sorted(r["ratio"] for r in runs)[len(runs) // 2]
    return best


def main(argv: list[str]) -> None:
    quick = "--quick" in argv
    if "--json" in argv:
        print(json.dumps(measure(quick, rounds=1)))
        return
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else (2 if quick else 5)
    here = Path(__file__).resolve().parents[1]
    baseline = Path(argv[argv.index("--baseline") + 1]).resolve() if "--baseline" in argv else None
    if baseline is None:
        now = measure(quick, rounds)
        then = None
    else:
        mine, theirs = [], []
        for _ in range(rounds):  # alternate the trees, so both see the same load
            mine.append(_in_fresh_interpreter(here, quick))
            theirs.append(_in_fresh_interpreter(baseline, quick))
        now, then = _best(mine), _best(theirs)
    events = f"{now['events_per_run']:.0f}" + ("" if then is None else f" (baseline: {then['events_per_run']:.0f})")
    scaled = " (--quick: 200 replications, 20,000 families, scaled)" if quick else ""
    print(f"standard case: Harlow, {WEEKS} weeks, practice-model decisions; {events} simpy events a run; "
          f"CPU time, best of {rounds} rounds{scaled}")
    width = max(len(label.format(**now)) for _, label, _, _ in ROWS)
    for key, label, fmt, better in ROWS:
        line = f"{label.format(**now):<{width}}  {fmt.format(now[key]):>10}"
        if then is not None:
            ratio = now[key] / then[key] if then[key] else float("nan")
            line += f"   baseline {fmt.format(then[key]):>10}   {ratio:.2f}x ({better} is better)"
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
