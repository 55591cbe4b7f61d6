"""How fast the case engine is, against a bare simpy loop measured in the same run.

Run: python benchmarks/bench_simulator.py
Prints milliseconds per simulated case-year and the ratio to a bare simpy model
with the same number of weekly process steps and no case logic; also the time a
notebook needs to refresh every decision's consequences after one click.
"""

from __future__ import annotations

import time

import simpy

from grading.personas import persona_decisions
from scenarios import load_case
from simulator import simulate, simulate_many


def best_of(repeats: int, fn) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_simpy_year(processes: int = 4, weeks: int = 52) -> None:
    env = simpy.Environment()

    def weekly():
        while True:
            yield env.timeout(1)

    for _ in range(processes):
        env.process(weekly())
    env.run(until=weeks)


def main() -> None:
    scenario = load_case("harlow-first-contact")
    plan = persona_decisions("practice-model", scenario)
    runs = 200
    baseline = best_of(5, lambda: [bare_simpy_year() for _ in range(runs)]) / runs
    one = best_of(5, lambda: [simulate(scenario, plan, seed=s) for s in range(runs)]) / runs
    many = best_of(3, lambda: simulate_many(scenario, plan, runs, seed=0))
    points = scenario.decision_points
    refresh = best_of(
        5,
        lambda: [
            simulate(scenario, {p.id: plan[p.id] for p in points[: i + 1]}, stop_at_undecided=True)
            for i in range(len(points))
        ],
    )
    print(f"bare simpy year (4 weekly processes): {baseline * 1e3:8.3f} ms  (baseline)")
    print(f"simulate(), one case-year:            {one * 1e3:8.3f} ms  ratio {one / baseline:6.1f}x")
    print(f"simulate_many(), {runs} case-years:     {many * 1e3:8.1f} ms  ({many / runs * 1e3:.2f} ms each)")
    print(f"notebook refresh after a click:       {refresh * 1e3:8.1f} ms  ({len(points)} partial runs)")


if __name__ == "__main__":
    main()
