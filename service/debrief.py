"""The class debrief: what the room chose at each moment of a case, as it happens, and where the room's plans lead.

Computed on the course's side from the course's record (the case service's plays) and the key frozen at build;
for the coach's eyes only (the live page, the projector, ``casework report debrief``). No trainee ever receives
another's choices: the trainees' routes (``service.app``) never call this module.

- :func:`room` is the state of the room for one assignment: for each moment in case order, how many trainees the
  case has reached it for, how they chose (options in the author's order), who waits there and since when, the
  moment's situation, and the practice model's choice with its reason; and the moment where the room split most.
  ``names=False`` (the projector) leaves every name out of the data itself, not just out of the page.
- :func:`room_futures` plays the plans the room made (trainees who chose alike at the moments where the room split
  most are one group) beside the practice model's futures frozen at build.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from simulator.play import LOCKED, OFF_PATH, OPEN, follow

from .store import GRADED, PlayRow, Store

SPLIT_MOMENTS = 3  # the room's plans are grouped by the choices at the moments where it split most


@dataclass
class _Played:
    row: PlayRow
    path: object


class Room:
    """The plays of one assignment, followed once per change of each play (a class of 100 refreshes cheaply)."""

    def __init__(self, course: Path, store: Store, scenario_of):
        self.course, self.store, self.scenario_of = Path(course), store, scenario_of
        self._paths: dict[tuple, _Played] = {}
        self._cache: dict[str, tuple[int, dict, dict]] = {}

    def _played(self, assignment: str) -> list[_Played]:
        scenario = self.scenario_of(assignment)
        out = []
        for row in self.store.plays(assignment, GRADED):
            key = (assignment, row.trainee)
            cached = self._paths.get(key)
            if cached is None or cached.row.updated_at != row.updated_at or cached.row.finished_at != row.finished_at:
                cached = _Played(row, follow(scenario, row.choices, finished=bool(row.finished_at)))
                self._paths[key] = cached
            out.append(cached)
        return out

    def state(self, assignment: str, names: bool = True) -> dict:
        """The room now. The choices are worked out again only when the record has changed; the minutes each
        trainee has waited are brought up to now at every call, so a quiet room still shows who is stuck."""
        latest = self.store.last_event_id(assignment)
        cached = self._cache.get(assignment)
        if cached is None or cached[0] != latest:
            full = room(self.scenario_of(assignment), self._played(assignment), _key(self.course, assignment),
                        assignment)
            cached = (latest, full)
            self._cache[assignment] = cached
        now = dt.datetime.now(dt.timezone.utc)
        full = _waited(cached[1], now)
        # the version changes with the record and with the minute, so a page polling for changes hears of both
        full["version"] = f"{latest}.{int(now.timestamp() // 60)}"
        return full if names else anonymous(full)


def _waited(state: dict, now: dt.datetime) -> dict:
    """A copy of the room with every wait counted up to ``now``."""
    out = dict(state, at=now.isoformat(timespec="seconds"), moments=[])
    for m in state["moments"]:
        waiting = [dict(w, minutes=_since(w.get("since"), now)) for w in m["waiting"]]
        out["moments"].append(dict(m, waiting=sorted(waiting, key=lambda w: -(w["minutes"] or 0))))
    return out


def _key(course: Path, assignment: str):
    from grading.pipeline.context import frozen_key

    try:
        return frozen_key(course, assignment)
    except Exception:  # noqa: BLE001 - a room without a key still shows what was chosen
        return None


def _since(at: Optional[str], now: dt.datetime) -> Optional[float]:
    try:
        return round((now - dt.datetime.fromisoformat(at)).total_seconds() / 60, 1)
    except (TypeError, ValueError):
        return None


def room(scenario, played: list[_Played], key, assignment: str) -> dict:
    """The room's choices at every moment of the case (see the module's docstring)."""
    now = dt.datetime.now(dt.timezone.utc)
    points = {p.id: p for p in key.points} if key is not None else {}
    model = key.model_choices() if key is not None else {}
    moments = []
    for dp in scenario.decision_points:
        reached, decided, off, waiting = 0, [], 0, []
        counts: Counter = Counter()
        for p in played:
            m = p.path.moment(dp.id)
            if m.status == OFF_PATH:
                off += 1
                continue
            if m.status in (OPEN, LOCKED):
                reached += 1
                if m.chosen:
                    decided.append(p.row.trainee)
                    for c in m.chosen:
                        counts[c] += 1
                if p.path.pending == dp.id:
                    waiting.append({"trainee": p.row.trainee, "since": p.row.updated_at,
                                    "minutes": _since(p.row.updated_at, now)})
        chosen_by: dict[str, list[str]] = {}
        for p in played:
            m = p.path.moment(dp.id)
            for c in (m.chosen if m.status in (OPEN, LOCKED) else []):
                chosen_by.setdefault(c, []).append(p.row.trainee)
        options = []
        pk = points.get(dp.id)
        for o in dp.options:
            ok = pk.options.get(o.id) if pk is not None else None
            options.append({
                "id": o.id, "label": " ".join(o.label.split()), "count": counts.get(o.id, 0),
                "names": sorted(chosen_by.get(o.id, [])),
                "model": o.id in model.get(dp.id, []),
                "credit": ok.credit if ok is not None else None,
                "reason": " ".join(ok.rationale.split()) if ok is not None and ok.rationale else "",
            })
        top = max((o["count"] for o in options), default=0)
        moments.append({
            "id": dp.id, "title": dp.title, "practice": dp.practice.value, "kind": dp.kind, "week": dp.week,
            "situation": " ".join(dp.situation.split()), "prompt": " ".join(dp.prompt.split()),
            "reached": reached, "decided": len(decided), "off_path": off,
            "waiting": sorted(waiting, key=lambda w: -(w["minutes"] or 0)),
            "options": options,
            # how far the room is from one voice: 0 when everyone chose alike (single choice: the share outside
            # the most common option)
            "split": round(1 - top / len(decided), 3) if decided and dp.kind != "multiple" else None,
        })
    splits = [m for m in moments if m["split"] is not None and m["decided"] >= 2]
    most = max(splits, key=lambda m: (m["split"], m["decided"]), default=None)
    return {
        "assignment": assignment, "case": scenario.id, "title": scenario.title,
        "trainees": len(played),
        "finished": sum(1 for p in played if p.path.pending is None),
        "moments": moments,
        "most_split": most["id"] if most and most["split"] > 0 else None,
        "at": now.isoformat(timespec="seconds"),
    }


def anonymous(state: dict) -> dict:
    """The same room without a single name (the projector: the room sees itself, never who chose what)."""
    out = {k: v for k, v in state.items() if k != "moments"}
    out["moments"] = []
    for m in state["moments"]:
        moment = {k: v for k, v in m.items() if k not in ("waiting", "options")}
        moment["waiting"] = len(m["waiting"])  # how many, never who or since when
        moment["options"] = [{k: v for k, v in o.items() if k != "names"} for o in m["options"]]
        out["moments"].append(moment)
    return out


def split_moments(state: dict, n: int = SPLIT_MOMENTS) -> list[str]:
    """The single-choice moments where the room split most (most first)."""
    ranked = sorted((m for m in state["moments"] if m["split"] and m["decided"] >= 2),
                    key=lambda m: (-m["split"], -m["decided"]))
    return [m["id"] for m in ranked[:n]]


def room_futures(scenario, played: list[_Played], state: dict, reference: Optional[dict], summary_of) -> dict:
    """The futures of the plans the room made, grouped, beside the practice model's.

    Trainees whose case is decided to the end are grouped by their choices at the moments where the room split
    most; each group's measures are the mean of its members' plans, each played as the trainee saw it
    (``summary_of(choices)``: the same runs and seed as the notebook and the feedback).
    """
    from curriculum.toolkit.futures import by_id

    keys = split_moments(state)
    labels = {dp.id: {o.id: " ".join(o.label.split()) for o in dp.options} for dp in scenario.decision_points}
    titles = {dp.id: dp.title for dp in scenario.decision_points}
    groups: dict[tuple, list[dict]] = {}
    for p in played:
        if p.path.pending is not None:
            continue
        choices = p.path.choices
        signature = tuple((k, tuple(choices.get(k, []))) for k in keys)
        groups.setdefault(signature, []).append(summary_of(choices))
    out = []
    for signature, summaries in sorted(groups.items(), key=lambda g: -len(g[1])):
        measures = {k: sum(s[k] for s in summaries) / len(summaries) for k in summaries[0]}
        out.append({
            "trainees": len(summaries),
            "choices": [{"moment": titles[k], "chose": [labels[k].get(c, c) for c in chosen] or ["(off the path)"]}
                        for k, chosen in signature],
            "summary": measures,
        })
    return {"grouped_by": [titles[k] for k in keys], "groups": out,
            "model": by_id(reference["summary"]) if reference else None}
