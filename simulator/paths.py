"""The paths a case can take, and whether each gives a trainee a fair set of graded moments.

A *branching* decision point is one whose choice a condition asks about
(``when: {chose: ...}``) or whose options change what conditions read (a
placement, a flag, a referral). The paths are every combination of one option
at each branching point (other points take their first option), played with
the case's seed, as the notebook plays it. A path is fair when each practice
area the case grades keeps at least one decision point on it; every
conditional moment, event and text variant should come up on some path. A
condition met on none of them is named for what it guards: a stressor never
drawn, an event that never happened (and a flag that only such an event sets),
or, for other conditions, a condition that held on none of the paths.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from scenarios.conditions import holds, references
from scenarios.models import Scenario

from .engine import simulate

MAX_PATHS = 256


@dataclass
class Path:
    """One way through the case: the branching choices and what came up."""

    choices: dict[str, str]
    skipped: set[str]
    met: set[tuple] = field(default_factory=set)  # locations of conditions that held at least once
    happened: set[int] = field(default_factory=set)  # indexes of the story events that happened
    held: set[tuple] = field(default_factory=set)  # stressors' conditions that held at some decision moment

    def describe(self) -> str:
        return ", ".join(f"{k}={v}" for k, v in self.choices.items()) or "the first option everywhere"


def branching_points(scenario: Scenario) -> list[str]:
    """Decision points whose choice changes what some condition reads."""
    asked = set()
    for _, cond, _ in scenario.conditions():
        asked |= references(cond)["points"]
    out = []
    for dp in scenario.decision_points:
        moves = any(e.place or e.flag or e.refer for o in dp.options for e in o.effects)
        if dp.id in asked or (moves and any(c is not None for _, c, _ in scenario.conditions())):
            out.append(dp.id)
    return out


def _asks_engagement(cond) -> bool:
    return cond is not None and (cond.engagement is not None or any(_asks_engagement(c) for c in cond.any))


def _distinct_options(scenario: Scenario, point: str) -> list[str]:
    """One option for each different way the point's options can steer the case: options whose effects move,
    flag or refer alike and that no condition names lead down the same path, so one of them stands for all."""
    named, banded = set(), False
    for _, cond, _ in scenario.conditions():
        named |= references(cond)["options"]
        banded = banded or _asks_engagement(cond)
    if banded:  # parameter effects then steer too: every option is its own path
        return [o.id for o in scenario.decision_point(point).options]
    seen, out = set(), []
    for o in scenario.decision_point(point).options:
        steer = tuple(sorted((e.place or "", tuple(e.who), e.flag or "", e.refer or "") for e in o.effects
                             if e.place or e.flag or e.refer))
        signature = ("named", o.id) if (point, o.id) in named or o.when is not None else steer
        if signature not in seen:
            seen.add(signature)
            out.append(o.id)
    return out


def case_paths(scenario: Scenario, limit: int = MAX_PATHS) -> list[Path]:
    """Every path through the branching points (at most ``limit``), each played once."""
    branching = branching_points(scenario)
    base = {dp.id: dp.options[0].id for dp in scenario.decision_points}
    options = [_distinct_options(scenario, p) for p in branching]
    paths = []
    for combo in itertools.islice(itertools.product(*options), limit):
        choices = dict(base, **dict(zip(branching, combo)))
        result = simulate(scenario, choices)
        path = Path(dict(zip(branching, combo)), set(result.skipped))
        states = dict(result.states)
        for loc, cond, _ in scenario.conditions():
            if cond is None:
                continue
            point = scenario.decision_points[loc[1]].id if loc[0] == "decision_points" else None
            if point is not None and point in path.skipped and loc[2:] != ("when",):
                continue
            state = result.after.get(point) if point and "consequences" in loc else states.get(point)
            if loc[0] == "decision_points" and loc[2:] == ("when",):
                if point not in path.skipped:
                    path.met.add(loc)
            elif state is not None and holds(cond, state):
                path.met.add(loc)
        titles = {e.title for e in result.timeline}
        for i, ev in enumerate(scenario.events):
            if ev.title in titles:
                path.happened.add(i)
                if ev.when is not None:
                    path.met.add(("events", i, "when"))
        stressor_titles = {e.title.lower() for e in result.timeline if e.kind == "stressor"}
        moments = [*states.values(), *result.after.values()]
        for i, st in enumerate(scenario.stressors):
            if not isinstance(st, str) and st.text.lower() in stressor_titles:
                path.met.add(("stressors", i, "when"))
            elif not isinstance(st, str) and st.when is not None and any(holds(st.when, m) for m in moments):
                path.held.add(("stressors", i, "when"))
        paths.append(path)
    return paths


def path_findings(scenario: Scenario) -> list[tuple[tuple, str, str]]:
    """``(location, severity, message)`` for unfair paths and conditions no path meets."""
    if not any(c is not None for _, c, _ in scenario.conditions()):
        return []
    paths = case_paths(scenario)
    out: list[tuple[tuple, str, str]] = []
    areas: dict[str, list[int]] = {}
    for i, dp in enumerate(scenario.decision_points):
        areas.setdefault(dp.practice.value, []).append(i)
    for path in paths:
        for area, indexes in areas.items():
            if all(scenario.decision_points[i].id in path.skipped for i in indexes):
                out.append((("decision_points", indexes[0]), "error",
                            f"on the path {path.describe()} no {area} decision point comes up, so that area "
                            "could not be scored: give every path at least one"))
                break
    for path in paths:
        came = {}
        for i, dp in enumerate(scenario.decision_points):
            if dp.when is not None and dp.id not in path.skipped:
                came.setdefault((dp.practice.value, dp.week), []).append(i)
        for (_, week), indexes in came.items():
            if len(indexes) > 1:
                names = ", ".join(scenario.decision_points[i].id for i in indexes)
                out.append((("decision_points", indexes[-1], "when"), "warning",
                            f"on the path {path.describe()} both {names} come up at week {week:g}: make their "
                            "conditions exclusive (a choice at the first can change what the second sees: list "
                            "the moment for the other path first)"))
    met = set().union(*(p.met for p in paths)) if paths else set()
    for loc, cond, _ in scenario.conditions():
        if cond is not None and loc not in met:
            severity = "error" if loc[-1] == "when" and len(loc) == 3 and loc[0] == "decision_points" else "warning"
            out.append((loc, severity, never_met(scenario, loc, cond, paths)))
    return out


TRIED = "the first option everywhere but at the branching points"


def _flag_events(scenario: Scenario, cond, paths: list[Path]) -> list[tuple[str, str]]:
    """``(flag, "the event 'T'")`` for each flag ``cond`` asks for that only story events set, none of which
    happened on any path: the condition waits on an event that never came."""
    by_option = {e.flag for at, e in scenario.effects() if e.flag and at[0] == "decision_points"}
    happened = set().union(*(p.happened for p in paths)) if paths else set()
    out = []
    for flag in sorted(_asked_flags(cond) - by_option):
        setters = [i for i, ev in enumerate(scenario.events) if any(e.flag == flag for e in ev.effects)]
        if setters and not happened & set(setters):
            out.append((flag, _titles([scenario.events[i].title for i in setters])))
    return out


def _titles(titles: list[str]) -> str:
    """'the event 'A'' or 'the events 'A' and 'B''."""
    quoted = [repr(t) for t in dict.fromkeys(titles)]
    if len(quoted) == 1:
        return f"the event {quoted[0]}"
    return f"the events {', '.join(quoted[:-1])} and {quoted[-1]}"


def _asked_flags(cond) -> set[str]:
    """The flags a condition needs set (``flags:``, in ``any:`` too); ``not_flags`` needs none."""
    if cond is None:
        return set()
    return set(cond.flags or ()).union(*(_asked_flags(c) for c in cond.any or ()))


def never_met(scenario: Scenario, loc: tuple, cond, paths: list[Path]) -> str:
    """Why a condition was met on no path, in the words of what it guards: a stressor never drawn, an event
    that never happened, a flag only such an event sets; otherwise the generic sentence."""
    n = len(paths)
    runs = f"{n} seeded run{'' if n == 1 else 's'} (one a path tried, seed {scenario.seed})"
    waits = _flag_events(scenario, cond, paths)
    because = "; ".join(f"it asks for the flag {flag!r}, which only {events} set{'s' if ' and ' not in events else ''}, "
                        "and that never happened either" for flag, events in waits)
    if loc[0] == "stressors":
        message = f"the stressor {scenario.stressors[loc[1]].text!r} was never drawn in the {runs}"
        if because:
            return f"{message}: {because}"
        held = sum(1 for p in paths if loc in p.held)
        return message + (f", though its condition held at a decision on {held} of them" if held else
                          "; its condition held at none of their decisions (it may hold between them)") + (
            ": a trainee on these paths, playing with the case's seed, would likely not meet it either; widen its "
            "condition, raise stressor_rate in its parameters, or choose another seed")
    if loc[0] == "events":
        ev = scenario.events[loc[1]]
        message = f"the event {ev.title!r} (week {ev.week:g}) never happened in the {runs}"
        if because:
            return f"{message}: {because}"
        return f"{message}: its condition did not hold at week {ev.week:g} on any of them"
    if waits:
        (flag, events), *_ = waits
        return (f"{events}, which alone set{'s' if ' and ' not in events else ''} the flag {flag!r} this condition "
                f"asks for, never happened in the {runs}, so this condition holds on none of them")
    return f"this condition holds on none of the {n} paths tried ({TRIED})"
