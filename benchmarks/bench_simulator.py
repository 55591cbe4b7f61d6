"""How fast the case engine is, against bare simpy measured in the same run.

Run: python benchmarks/bench_simulator.py [--quick]

Prints, on this machine:
- replications per second of the standard case (the Harlow case played over
  78 weeks with the practice model's decisions) through ``simulate_many``, and
  the time for 1,000 of them;
- the same number of bare simpy events (one process looping on timeouts) per
  second, and the ratio of the engine's cost per event to bare simpy's;
- one fully recorded ``simulate()`` run (timeline and weekly records), the
  notebook refresh after a click, and a calibration population.

Times are CPU time of this process (``time.process_time``), best of several
rounds, so other work on a shared machine disturbs them less; the ratio is
taken from rounds interleaved with the baseline.
"""

from __future__ import annotations

import sys
import time

import simpy

from scenarios import load_case
from scenarios.authoring.personas import persona_decisions
from simulator import simulate, simulate_many
from simulator.population import simulate_population

WEEKS = 78
REPLICATIONS = 1000


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def best_of(rounds: int, fn) -> float:
    return min(cpu(fn) for _ in range(rounds))


class CountingEnvironment(simpy.Environment):
    """A simpy environment that counts the events it processes."""

    processed = 0

    def step(self) -> None:
        CountingEnvironment.processed += 1
        super().step()


def events_per_replication(scenario, plan, runs: int = 200) -> float:
    """Events one replication processes, counted by running the engine on a counting environment."""
    original = simpy.Environment
    simpy.Environment = CountingEnvironment  # the engine looks the class up at call time
    try:
        CountingEnvironment.processed = 0
        simulate_many(scenario, plan, runs, seed=0)
        return CountingEnvironment.processed / runs
    finally:
        simpy.Environment = original


def bare_simpy(events: int) -> None:
    """One process looping on timeouts, for ``events`` events (plus its start)."""
    env = simpy.Environment()

    def loop():
        while True:
            yield env.timeout(1)

    env.process(loop())
    env.run(until=events)


def main(quick: bool = False) -> None:
    rounds = 2 if quick else 5
    scenario = load_case("harlow-first-contact").model_copy(update={"horizon_weeks": WEEKS})
    plan = persona_decisions("practice-model", scenario)
    per_run_events = events_per_replication(scenario, plan)
    n = 200 if quick else REPLICATIONS
    total_events = int(per_run_events * n)

    # interleave the engine and the baseline so both see the same machine load
    engine_times, bare_times = [], []
    for _ in range(rounds):
        engine_times.append(cpu(lambda: simulate_many(scenario, plan, n, seed=0)))
        bare_times.append(cpu(lambda: bare_simpy(total_events)))
    engine, bare = min(engine_times), min(bare_times)
    ratios = sorted(e / b for e, b in zip(engine_times, bare_times))
    ratio = ratios[len(ratios) // 2]

    one = best_of(rounds, lambda: [simulate(scenario, plan, seed=s) for s in range(100)]) / 100
    points = scenario.decision_points
    refresh = best_of(rounds, lambda: [
        simulate(scenario, {p.id: plan[p.id] for p in points[: i + 1]}, stop_at_undecided=True)
        for i in range(len(points))
    ])
    population = best_of(1 if quick else 2, lambda: simulate_population(20000, seed=0))

    print(f"standard case: Harlow, {WEEKS} weeks, practice-model decisions; {per_run_events:.0f} simpy events a run")
    print(f"bare simpy, {total_events} timeout events:         {bare:7.3f} s  "
          f"({total_events / bare / 1e6:.2f} M events/s)  baseline")
    print(f"simulate_many(), {n} replications:          {engine:7.3f} s  "
          f"({n / engine:,.0f} replications/s, {total_events / engine / 1e6:.2f} M events/s)")
    print(f"cost per event against bare simpy (median of {rounds} interleaved rounds): {ratio:.2f}x")
    print(f"simulate(), one case with timeline and weekly records: {one * 1e3:6.2f} ms")
    print(f"notebook refresh after a click ({len(points)} partial runs):  {refresh * 1e3:6.1f} ms")
    print(f"calibration population, 20,000 families:           {population:6.2f} s")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
