"""Score a trainee's decision record against the key frozen at build: the only place a choice becomes points.

Pure functions: the same key and record give the same scores, whoever calls
them. nbgrader's pipeline (:mod:`grading.pipeline.score`) calls
:func:`score_record` once per submission and stores the result; every report
reads the stored rows and never scores again.

Rules, with partial credit:

- a single-choice point earns the chosen option's share of its points; two or
  more options at a single-choice point earn nothing;
- a multiple-choice point adds the shares of the chosen options (harmful
  options have negative shares) and keeps the sum between none and all;
- an option listed twice counts once;
- an option id the case does not have makes the record damaged for that
  practice area: the whole area scores 0, with a message (the widgets only
  ever write ids of the case, so such an id means the file was edited or
  belongs to another version of the case);
- a record that is missing, damaged or from another case scores 0 everywhere;
- a decision point that did not come up on the trainee's path of the case (its ``when`` did not hold:
  ``path`` lists the points that came up) is no part of their score: an area's score is the share of
  the points of its moments that came up, times the area's points (``AnswerKey.practice_points``), so
  two trainees on different paths can each reach full marks.

Each :class:`DecisionScore` says whether its point was ``reached``: it came up on the trainee's path (decided
or left undecided), as grading replayed the record. Without a path (a case with one path, or a record
grading could not replay) every point counts and is reached; off the path, or in a record that could not
be used at all, it is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from scenarios.decisions import WHAT_TO_DO, DecisionFile

from .key import AnswerKey, PointKey


@dataclass(frozen=True)
class DecisionScore:
    """The score of one decision point: one flat row for reports."""

    point: str
    title: str
    practice: str
    chosen: list[str]
    earned: float
    possible: float
    demonstrated: list[str] = field(default_factory=list)
    contradicted: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    rationale: list[str] = field(default_factory=list)
    note: str = ""
    week: float = 0.0
    kind: str = "single"
    # the point came up on the trainee's path (decided or not); False off it, and for a record that could not
    # be used. A scores file written before this field: read it as "something chosen or something possible"
    reached: bool = True


@dataclass(frozen=True)
class AreaScore:
    """One practice area's decision points: what the grade cell records and what the trainee reads."""

    practice: str
    earned: float
    possible: float
    problem: Optional[str] = None


@dataclass
class RecordScore:
    """Everything one decision record scores against one key."""

    scenario: str
    decisions: list[DecisionScore]
    areas: dict[str, AreaScore]
    problem: Optional[str] = None
    notes: list[str] = field(default_factory=list)


def _unknown(point: PointKey, chosen: list[str]) -> list[str]:
    return [c for c in chosen if c not in point.options]


def score_point(point: PointKey, chosen: list[str]) -> DecisionScore:
    """Score the options chosen at one decision point (unknown ids earn nothing, repeats count once)."""
    chosen = list(dict.fromkeys(chosen))
    known = [c for c in chosen if c in point.options]
    note = ""
    if not chosen:
        note = "no decision was made"
    elif len(known) < len(chosen):
        note = "an option this case does not have was chosen"
    if point.kind != "multiple" and len(known) > 1:
        known, note = [], "more than one option was chosen at a single-choice point"
    credit = min(1.0, max(0.0, sum(point.options[c].credit for c in known)))
    if len(known) < len(chosen):
        credit = 0.0
    demonstrated = sorted({b for c in known for b in point.options[c].demonstrates})
    contradicted = sorted({b for c in known for b in point.options[c].contradicts})
    offered = {b for o in point.options.values() if o.credit > 0 for b in o.demonstrates}
    return DecisionScore(
        point=point.id,
        title=point.title,
        practice=point.practice,
        chosen=known,
        earned=round(point.points * credit, 2),
        possible=point.points,
        demonstrated=demonstrated,
        contradicted=contradicted,
        missed=sorted(offered - set(demonstrated) - set(contradicted)),
        rationale=[point.options[c].rationale for c in known if point.options[c].rationale],
        note=note,
        week=point.week,
        kind=point.kind,
    )


def score_decisions(key: AnswerKey, choices: dict[str, list[str]]) -> list[DecisionScore]:
    """Score every decision point of the key (undecided points earn nothing)."""
    return [score_point(p, list(choices.get(p.id, []))) for p in key.points]


def _off_path(point: PointKey) -> DecisionScore:
    return DecisionScore(point=point.id, title=point.title, practice=point.practice, chosen=[], earned=0.0,
                         possible=0.0, note="did not come up on this path of the case", week=point.week, kind=point.kind,
                         reached=False)


def _zero(point: PointKey, note: str, reached: bool) -> DecisionScore:
    return DecisionScore(point=point.id, title=point.title, practice=point.practice, chosen=[], earned=0.0,
                         possible=point.points, note=note, week=point.week, kind=point.kind, reached=reached)


def score_record(key: AnswerKey, record: DecisionFile, path: Optional[set[str]] = None,
                 closed: Optional[dict[str, str]] = None) -> RecordScore:
    """Score a whole decision record: per decision point and per practice area, never raising.

    ``path`` is the set of decision points that came up on the trainee's path (None: every point);
    ``closed`` the points whose chosen option was not open there on that path (point -> note): they
    score nothing.
    """
    possible = key.practice_points()
    if record.problem or record.scenario != key.scenario:
        problem = record.problem or (
            f"decisions.json belongs to another case ({record.scenario!r}, not {key.scenario!r}), "
            "so its decisions could not be scored."
        )
        return RecordScore(
            scenario=key.scenario,
            decisions=[_zero(p, "the decision record could not be used", False) for p in key.points],
            areas={a: AreaScore(a, 0.0, v, f"{problem} 0 points in this area. {WHAT_TO_DO}") for a, v in possible.items()},
            problem=problem,
        )
    decisions = score_decisions(key, record.choices)
    decisions = [_zero(key.point(d.point), closed[d.point], True) if closed and d.point in closed else d for d in decisions]
    if path is not None:
        decisions = [d if d.point in path else _off_path(key.point(d.point)) for d in decisions]
    damaged: dict[str, str] = {}
    for point in key.points:
        if path is not None and point.id not in path:
            continue
        bad = _unknown(point, record.choices.get(point.id, []))
        if bad and point.practice not in damaged:
            damaged[point.practice] = (
                f"decisions.json names an option this case does not have at '{point.title}' ({bad[0][:40]!r}), "
                f"so the record is damaged for this area: 0 points in this area. {WHAT_TO_DO}"
            )
    decisions = [
        _zero(key.point(d.point), "the record is damaged in this practice area", d.reached) if d.practice in damaged else d
        for d in decisions
    ]
    notes = list(record.notes)
    notes += [f"at '{key.point(p).title}' {why}" for p, why in (closed or {}).items()]
    extra = sorted(set(record.choices) - {p.id for p in key.points})
    if extra:
        notes.append(f"decisions.json names decision points this case does not have ({', '.join(extra[:5])}); they were ignored")
    areas = {}
    for practice, total in possible.items():
        earned = sum(d.earned for d in decisions if d.practice == practice)
        on_path = sum(d.possible for d in decisions if d.practice == practice)
        if path is not None and on_path > 0 and on_path != total:
            earned = earned * total / on_path  # the share of this path's moments, at the area's worth
        # never more than the area is worth: answering the moments of two paths cannot add up past it
        areas[practice] = AreaScore(practice, round(min(earned, total), 2), total, damaged.get(practice))
    return RecordScore(scenario=key.scenario, decisions=decisions, areas=areas, notes=notes)


def practice_scores(scores: list[DecisionScore]) -> dict[str, tuple[float, float]]:
    """(earned, possible) per practice area."""
    out: dict[str, tuple[float, float]] = {}
    for s in scores:
        earned, possible = out.get(s.practice, (0.0, 0.0))
        out[s.practice] = (round(earned + s.earned, 2), possible + s.possible)
    return out
