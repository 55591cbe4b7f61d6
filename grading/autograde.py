"""What the hidden test of a practice-area grade cell runs during ``nbgrader autograde``.

It prints feedback about the trainee's own choices and returns the points
earned, which nbgrader records as partial credit. It never raises: a missing
key, a missing or damaged decisions file, or any other trouble prints a plain
message and scores zero, so autograde carries on and feedback shows no traceback.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from pathlib import Path
from typing import Union

from curriculum.decisions import read_decisions

from .key import find_key, load_key
from .scoring import score_decisions


def _behaviour_names(ids: list[str]) -> str:
    from scenarios.catalog import load_catalog

    catalog = load_catalog()
    names = []
    for bid in ids:
        try:
            names.append(catalog.behaviour(bid).name)
        except KeyError:
            names.append(bid)
    return "; ".join(names)


def _feedback(practice: str, key_name: str, folder: Path) -> tuple[float, list[str]]:
    key_path = find_key(key_name, folder)
    if key_path is None:
        return 0.0, ["This area could not be scored here: the answer key is kept on the coach's side."]
    key = load_key(key_path)
    record = read_decisions(folder)
    if record.problem:
        return 0.0, [record.problem, "0 points in this area. Ask your coach: the decision log may hold your choices."]
    if record.scenario != key.scenario:
        return 0.0, [f"decisions.json belongs to another case ({record.scenario!r}); 0 points in this area."]
    scores = [s for s in score_decisions(key, record.choices) if s.practice == practice]
    earned = round(sum(s.earned for s in scores), 2)
    possible = sum(s.possible for s in scores)
    lines = [f"{practice.capitalize()}: {earned:g} of {possible:g} points from your decisions."]
    for s in scores:
        lines.append(f"- {s.title}: {s.earned:g} of {s.possible:g}" + (f" ({s.note})" if s.note else ""))
        if s.demonstrated:
            lines.append(f"    shows: {_behaviour_names(s.demonstrated)}")
        if s.contradicted:
            lines.append(f"    works against: {_behaviour_names(s.contradicted)}")
        for why in s.rationale:
            lines.append(f"    why: {why}")
    return earned, lines


def score_practice_area(practice: str, key: str, folder: Union[str, Path] = ".") -> float:
    """Print feedback on the trainee's decisions in one practice area; return the points earned."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        # anything on stderr makes nbgrader give the cell zero
        warnings.simplefilter("ignore")
        try:
            earned, lines = _feedback(practice, key, Path(folder))
        except Exception as exc:  # a grade cell must never crash autograde
            earned, lines = 0.0, [f"Your decisions could not be scored ({type(exc).__name__}); 0 points. Please tell your coach."]
    print("\n".join(lines))
    return earned
