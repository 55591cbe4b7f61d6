"""The spread of a plan's simulated futures, summarised the same way for the trainee's plan and the model's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd


REFERENCE_FILE = "reference-futures.json"
# every view of a plan's futures (notebook, feedback, coach's report, build) plays it this often, with this seed,
# so trainee and coach read the same numbers for the same plan
FUTURES_RUNS = 100
FUTURES_SEED = 1

# (label, how to read it from simulate_many's frame, how to show it)
MEASURES = [
    ("At least one safety incident", lambda f: (f.safety_incidents > 0).mean(), "{:.0%}"),
    ("A serious incident", lambda f: (f.serious_incidents > 0).mean(), "{:.0%}"),
    ("Child placed out of home", lambda f: f.placed.mean(), "{:.0%}"),
    ("Case closed by the end of the simulation", lambda f: f.closed.mean(), "{:.0%}"),
    ("Average engagement (0-1)", lambda f: f.engagement_mean.mean(), "{:.2f}"),
]


def summarise(frame: pd.DataFrame) -> dict[str, float]:
    """The headline measures of many runs of one plan."""
    return {label: float(measure(frame)) for label, measure, _ in MEASURES}


def plan_summary(scenario, choices: dict[str, list[str]], runs: int = FUTURES_RUNS) -> dict[str, float]:
    """Play a plan ``runs`` times (seed :data:`FUTURES_SEED`) and summarise its futures."""
    from simulator import simulate_many

    return summarise(simulate_many(scenario, choices, runs, seed=FUTURES_SEED))


def formatted(summary: dict[str, float]) -> dict[str, str]:
    """The measures as a trainee reads them."""
    shown = {label: fmt for label, _, fmt in MEASURES}
    return {label: shown[label].format(value) for label, value in summary.items() if label in shown}


def write_reference(folder: Path, summary: dict[str, float], runs: int) -> Path:
    """Write the practice model's futures (numbers only, never which options) into ``folder`` (coach's side)."""
    path = Path(folder) / REFERENCE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1), encoding="utf-8")
    return path


def read_reference(folder: Path) -> Optional[dict]:
    """The reference futures in ``folder``, or None when there are none (or they are unreadable)."""
    try:
        data = json.loads((Path(folder) / REFERENCE_FILE).read_text(encoding="utf-8"))
        return data if isinstance(data.get("summary"), dict) else None
    except (OSError, ValueError, AttributeError):
        return None
