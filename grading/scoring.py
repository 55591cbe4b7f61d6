"""Score a trainee's decisions against a scenario's key, with partial credit."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

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
    rationale: list[str] = field(default_factory=list)
    note: str = ""


def score_point(point: PointKey, chosen: list[str]) -> DecisionScore:
    """Score the options chosen at one decision point.

    A single-choice point earns the chosen option's share of the points. A
    multiple-choice point adds the shares of every chosen option (shares of
    harmful options are negative) and keeps the total between none and all.
    """
    known = [c for c in chosen if c in point.options]
    note = ""
    if not chosen:
        note = "no decision was made"
    elif len(known) < len(chosen):
        note = "an unknown option was ignored"
    if point.kind == "single" and len(known) > 1:
        known, note = [], "more than one option was chosen at a single-choice point"
    credit = min(1.0, max(0.0, sum(point.options[c].credit for c in known)))
    return DecisionScore(
        point=point.id,
        title=point.title,
        practice=point.practice,
        chosen=known,
        earned=round(point.points * credit, 2),
        possible=point.points,
        demonstrated=sorted({b for c in known for b in point.options[c].demonstrates}),
        contradicted=sorted({b for c in known for b in point.options[c].contradicts}),
        rationale=[point.options[c].rationale for c in known if point.options[c].rationale],
        note=note,
    )


def score_decisions(key: AnswerKey, choices: dict[str, list[str]]) -> list[DecisionScore]:
    """Score every decision point of the key (undecided points earn nothing)."""
    return [score_point(p, list(choices.get(p.id, []))) for p in key.points]


def practice_scores(scores: list[DecisionScore]) -> dict[str, tuple[float, float]]:
    """(earned, possible) per practice area."""
    out: dict[str, tuple[float, float]] = {}
    for s in scores:
        earned, possible = out.get(s.practice, (0.0, 0.0))
        out[s.practice] = (round(earned + s.earned, 2), possible + s.possible)
    return out


def scores_frame(scores: list[DecisionScore]) -> pd.DataFrame:
    """The scores as a DataFrame, one row a decision point."""
    return pd.DataFrame([asdict(s) for s in scores])
