"""One trainee's play of a case: which moments come up, which options are open, and what may be seen.

The one place the case's path is worked out from a decision record. The course's
case service (``service/``), grading, ``casework play --choose``, ``casework
validity`` and the lessons all call :func:`follow`; widgets only render what it
answers.

- A moment (decision point) *comes up* when its ``when`` holds as the case
  reaches it; otherwise it is *off the path*.
- An option is *open* at a moment when its own ``when`` holds in the state the
  case is in as the moment comes up (before any choice there).
- A choice that names an option not open there, an option the moment does not
  have, or two options at a single-choice moment does not stand: the case goes
  on as if nothing was chosen there, and a note says so.

Live (``complete=False``, the notebook while the trainee plays) the case stops
at the first moment on the path with no choice; complete (grading, a whole run)
an undecided moment means the worker did nothing there.

:func:`trainee_view` turns a path into exactly what the trainee may see now, as
plain data (JSON-ready): the situations of the moments reached, the options
open there in the trainee's order, the consequences of their own choices, and
once every moment is decided, their own play-out. Never another option's
consequence, a moment not reached yet, or an effect.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Optional

from scenarios.conditions import holds, text_for
from scenarios.decisions import locked_points
from scenarios.models import DecisionPoint, Scenario

from .engine import simulate
from .records import CaseResult, Outcomes, TimelineEvent, WeeklyState

# a moment's status, as the trainee's page and the service say it
OPEN = "open"  # reached: can be chosen, or the choice changed (the last one decided)
LOCKED = "locked"  # decided, and the case has moved on: final
WAITING = "waiting"  # the case has not reached it yet
OFF_PATH = "off-path"  # it does not come up on this case's path


@dataclass
class Moment:
    """One decision point on a trainee's path."""

    point: str
    status: str
    # the options open here on this path, in the author's order (empty unless the moment was reached)
    options: list[str] = field(default_factory=list)
    chosen: list[str] = field(default_factory=list)


@dataclass
class CasePath:
    """A decision record followed through the case."""

    moments: list[Moment]
    # the choices that stand on the path (choices at moments off the path, or that did not stand, left out)
    choices: dict[str, list[str]]
    notes: list[str]
    # the first moment on the path with no choice (live), else None
    pending: Optional[str]
    result: CaseResult
    # moments whose recorded choice did not stand (not open there, unknown, two at a single-choice moment)
    declined: dict[str, str] = field(default_factory=dict)

    def moment(self, point: str) -> Optional[Moment]:
        return next((m for m in self.moments if m.point == point), None)

    def on_path(self) -> set[str]:
        """The moments that came up (reached), decided or not."""
        return {m.point for m in self.moments if m.status in (OPEN, LOCKED)}

    @property
    def complete(self) -> bool:
        """Every moment on the path is decided (the case could be played to its end)."""
        return self.pending is None


def refusal(scenario: Scenario, dp: DecisionPoint, chosen: list[str], state) -> Optional[str]:
    """Why ``chosen`` cannot stand at ``dp`` in ``state`` (the case as the moment came up), in one plain
    sentence; None when it can."""
    labels = {o.id: o for o in dp.options}
    unknown = [c for c in chosen if c not in labels]
    if unknown:
        return f"'{dp.title}' has no option {unknown[0][:60]!r}."
    if len(set(chosen)) < len(chosen):
        return f"An option was chosen twice at '{dp.title}'."
    if dp.kind != "multiple" and len(chosen) > 1:
        return f"'{dp.title}' takes one choice, and {len(chosen)} were given."
    closed = [c for c in chosen if labels[c].when is not None and state is not None and not holds(labels[c].when, state)]
    if closed:
        return (f"'{' '.join(labels[closed[0]].label.split())[:80]}' is not open at '{dp.title}' on the way "
                "this case went.")
    return None


def open_options(dp: DecisionPoint, state) -> list[str]:
    """The option ids open at ``dp`` in ``state`` (author's order)."""
    return [o.id for o in dp.options if o.when is None or state is None or holds(o.when, state)]


def follow(scenario: Scenario, choices: dict[str, list[str]], seed: Optional[int] = None, *,
           complete: bool = False, finished: bool = False) -> CasePath:
    """Follow a decision record through the case: what came up, what was open, which choices stand.

    ``complete`` plays past undecided moments (the worker did nothing there); otherwise the case stops
    at the first undecided moment on the path (``pending``). ``finished`` locks every choice.
    """
    seed = scenario.seed if seed is None else seed
    points = {dp.id: dp for dp in scenario.decision_points}
    notes: list[str] = []
    record = {p: list(c) for p, c in choices.items() if p in points and c}
    declined: dict[str, str] = {}
    # a choice that cannot stand anywhere (an unknown option, two at a single-choice moment) is dropped first
    for p, chosen in list(record.items()):
        problem = refusal(scenario, points[p], chosen, None)
        if problem:
            declined[p] = problem
    while True:
        use = {p: c for p, c in record.items() if p not in declined}
        if complete:
            use.update({p: [] for p in declined})  # the worker did nothing there
        # live, a moment whose choice does not stand waits for one: the case stops there
        result = simulate(scenario, use, seed, stop_at_undecided=not complete)
        newly = None
        for dp in scenario.decision_points:
            if dp.id in result.skipped or dp.id not in result.states or dp.id not in use or not use[dp.id]:
                continue
            problem = refusal(scenario, dp, use[dp.id], result.states[dp.id])
            if problem:
                newly = (dp.id, problem)
                break
        if newly is None:
            break
        declined[newly[0]] = newly[1]
    skipped = set(result.skipped)
    standing = {p: c for p, c in record.items() if p not in declined and p not in skipped and p in result.states}
    for p, problem in declined.items():
        if p not in skipped:
            notes.append(f"{problem} It does not count.")
    order = [dp.id for dp in scenario.decision_points]
    locked = locked_points(order, standing, finished)
    moments = []
    for dp in scenario.decision_points:
        if dp.id in skipped:
            moments.append(Moment(dp.id, OFF_PATH))
        elif dp.id in result.states:
            state = result.states[dp.id]
            status = LOCKED if dp.id in locked else OPEN
            moments.append(Moment(dp.id, status, open_options(dp, state), list(standing.get(dp.id, []))))
        else:
            moments.append(Moment(dp.id, WAITING))
    return CasePath(moments=moments, choices=standing, notes=notes, pending=result.pending, result=result,
                    declined={p: d for p, d in declined.items() if p not in skipped})


# --- what the trainee may see ------------------------------------------------------------


def _event(e: TimelineEvent) -> dict:
    return asdict(e)


def _finite(value):
    return None if isinstance(value, float) and not math.isfinite(value) else value


def result_data(result: CaseResult) -> dict:
    """A played-out case as plain data: its timeline, weekly states and outcomes (the trainee's own)."""
    return {
        "timeline": [_event(e) for e in result.timeline],
        "weekly": [asdict(w) for w in result.weekly],
        "outcomes": {k: _finite(v) for k, v in result.outcomes.as_dict().items()},
    }


def result_from_data(data: dict, scenario_id: str = "", seed: int = 0) -> CaseResult:
    """The :class:`CaseResult` that :func:`result_data` described (enough to draw and describe it)."""
    outcomes = {k: (math.nan if v is None else v) for k, v in data.get("outcomes", {}).items()}
    return CaseResult(
        scenario_id=scenario_id, seed=seed,
        timeline=[TimelineEvent(**e) for e in data.get("timeline", [])],
        weekly=[WeeklyState(**w) for w in data.get("weekly", [])],
        outcomes=Outcomes(**{k: v for k, v in outcomes.items() if k in Outcomes.__dataclass_fields__}),
    )


def public_case(scenario: Scenario) -> dict:
    """What any trainee of the case may read from the start: the family, the report, the services' names,
    the written answers' prompts (no option, situation, consequence, effect or key)."""
    return {
        "id": scenario.id,
        "title": scenario.title,
        "opened_on": scenario.opened_on.isoformat(),
        "service": getattr(scenario, "service", "child"),
        "family": scenario.family.model_dump(mode="json"),
        "report": scenario.report.model_dump(mode="json", include={"source", "concerns", "summary"}),
        "services": [{"id": s.id, "name": s.name, "need": s.need} for s in scenario.services],
        "written_answers": [{"id": w.id, "title": w.title, "prompt": w.prompt, "points": w.points}
                            for w in scenario.written_answers],
        # each moment's id and practice area, in case order (a notebook names its cells by them); never its
        # title, situation or options, which are shown as the case reaches the moment
        "points": [{"id": dp.id, "practice": dp.practice.value} for dp in scenario.decision_points],
    }


def _consequence(scenario: Scenario, path: CasePath, dp: DecisionPoint) -> dict:
    """What followed the trainee's own choice at ``dp``, up to the next moment on the path."""
    result = path.result
    chosen = path.choices.get(dp.id, [])
    after = result.after.get(dp.id)
    options = {o.id: o for o in dp.options}
    reactions = [text_for(options[c].consequence, options[c].consequences, after).strip() for c in chosen]
    points = scenario.decision_points
    index = points.index(dp)
    later = [p for p in points[index + 1:] if path.moment(p.id).status != OFF_PATH]
    out = {"reactions": [r for r in reactions if r], "last": not later, "same_week": False, "until_week": None,
           "events": []}
    if later:
        end = later[0].week
        if end == dp.week:
            out["same_week"] = True
        else:
            out["until_week"] = end
            out["events"] = [_event(e) for e in result.timeline if dp.week <= e.week < end and e.kind != "decision"]
    return out


def trainee_view(scenario: Scenario, path: CasePath, order: dict[str, list[str]]) -> dict:
    """Exactly what the trainee may see now, as plain data.

    ``order`` is each point's options in the trainee's own order (their variant). Moments not reached
    and moments off the path carry their status only.
    """
    moments = []
    points = {dp.id: dp for dp in scenario.decision_points}
    for m in path.moments:
        item: dict = {"id": m.point, "status": m.status}
        if m.status in (OPEN, LOCKED):
            dp = points[m.point]
            state = path.result.states.get(dp.id)
            labels = {o.id: " ".join(o.label.split()) for o in dp.options}
            shown = [i for i in order.get(dp.id, [o.id for o in dp.options]) if i in m.options]
            item.update({
                "title": dp.title,
                "practice": dp.practice.value,
                "kind": dp.kind,
                "week": dp.week,
                "situation": text_for(dp.situation, dp.situations, state).strip(),
                "prompt": dp.prompt.strip(),
                "options": [{"id": i, "label": labels[i]} for i in shown],
                "chosen": list(m.chosen),
            })
            if m.chosen:
                item["consequence"] = _consequence(scenario, path, dp)
        moments.append(item)
    pending = points[path.pending] if path.pending else None
    return {
        "moments": moments,
        "pending": {"id": pending.id, "title": pending.title} if pending else None,
        "complete": path.complete,
        "played": result_data(path.result) if path.complete else None,
    }


# --- one play: a record, the path it takes, and the checks a decision must pass ----------------


@dataclass
class Record:
    """The decisions of one play: the choice at each moment, the order its options were shown in, and
    when every choice was made final (the practice replay started)."""

    choices: dict[str, list[str]] = field(default_factory=dict)
    shown: dict[str, list[str]] = field(default_factory=dict)
    finished_at: Optional[str] = None


class Play:
    """One trainee's play of a case (graded, or practice: no locks, never graded).

    The course's case service keeps one per trainee and assignment; a lesson keeps one in the kernel.
    """

    def __init__(self, scenario: Scenario, identity: str, record: Optional[Record] = None, practice: bool = False,
                 seed: Optional[int] = None):
        from scenarios.variant import shown_orders

        self.scenario = scenario
        self.identity = identity
        self.record = record or Record()
        self.practice = practice
        self.seed = scenario.seed if seed is None else seed
        self.orders = shown_orders(identity, scenario)
        self._path: Optional[tuple] = None

    def path(self) -> CasePath:
        """The record followed through the case, live (kept until the record changes)."""
        key = (tuple(sorted((k, tuple(v)) for k, v in self.record.choices.items())), self.record.finished_at)
        if self._path is None or self._path[0] != key:
            path = follow(self.scenario, self.record.choices, self.seed,
                          finished=bool(self.record.finished_at) and not self.practice)
            if self.practice:  # practice: every choice reached stays open
                for m in path.moments:
                    if m.status == LOCKED:
                        m.status = OPEN
            self._path = (key, path)
        return self._path[1]

    def view(self) -> dict:
        """What the trainee may see now (see :func:`trainee_view`)."""
        view = trainee_view(self.scenario, self.path(), self.orders)
        view["finished_at"] = self.record.finished_at
        view["practice"] = self.practice
        return view

    def check(self, point: str, options: list) -> Optional[str]:
        """Why this decision is refused, in one plain sentence; None when it may be recorded."""
        try:
            dp = self.scenario.decision_point(point) if isinstance(point, str) else None
        except KeyError:
            dp = None
        if dp is None:
            return f"This case has no moment {str(point)[:60]!r}."
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options) or len(options) > 50:
            return f"A decision at '{dp.title}' is a list of option ids."
        path = self.path()
        moment = path.moment(dp.id)
        if moment.status == OFF_PATH:
            return f"'{dp.title}' does not come up in this case: the case went another way."
        if moment.status == WAITING:
            pending = self.scenario.decision_point(path.pending).title if path.pending else "the earlier moments"
            return f"The case has not reached '{dp.title}' yet: decide '{pending}' first."
        if moment.status == LOCKED:
            return f"'{dp.title}' is final: the case has moved on since you chose there."
        if not options:
            return None  # clearing a choice that is still open
        return refusal(self.scenario, dp, options, path.result.states.get(dp.id))

    def apply(self, point: str, options: list[str]) -> None:
        """Record a decision that :meth:`check` accepted."""
        if options:
            author = [o.id for o in self.scenario.decision_point(point).options]
            self.record.choices[point] = sorted(options, key=author.index)  # the author's order, as records keep
        else:
            self.record.choices.pop(point, None)
        self.record.shown[point] = list(self.orders[point])

    def finish(self, at: str) -> bool:
        """Make every choice final (once every moment on the path is decided); False when it cannot be yet."""
        if self.practice or not self.path().complete:
            return False
        if not self.record.finished_at:
            self.record.finished_at = at
        return True
