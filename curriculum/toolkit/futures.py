"""The spread of a plan's simulated futures, summarised the same way for the trainee's plan and the model's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd


# every view of a plan's futures (notebook, feedback, coach's report, build) plays it this often, with this seed,
# so trainee and coach read the same numbers for the same plan
FUTURES_RUNS = 100
FUTURES_SEED = 1

@dataclass(frozen=True)
class Measure:
    """One headline measure of a plan's futures: a stable id (what summaries are keyed by, stored and compared),
    the words a trainee reads, how to read it from simulate_many's frame, how to show it."""

    id: str
    label: str
    read: Callable[["pd.DataFrame"], float]
    fmt: str


MEASURES = (
    Measure("safety_incident", "At least one safety incident", lambda f: (f.safety_incidents > 0).mean(), "{:.0%}"),
    Measure("serious_incident", "A serious incident", lambda f: (f.serious_incidents > 0).mean(), "{:.0%}"),
    Measure("placed", "Child placed out of home", lambda f: f.placed.mean(), "{:.0%}"),
    Measure("closed", "Case closed by the end of the simulation", lambda f: f.closed.mean(), "{:.0%}"),
    # what removal cost the child, beside the safety it bought (a child's case; an adult's reads 0%)
    Measure("connections_lost", "The child lost a home, school or person who mattered",
            lambda f: (f.connections_lost > 0).mean(), "{:.0%}"),
    Measure("removal_unneeded", "Removed when a safety plan could have kept the child home",
            lambda f: f.removal_unneeded.mean(), "{:.0%}"),
    Measure("engagement", "Average engagement (0-1)", lambda f: f.engagement_mean.mean(), "{:.2f}"),
)
MEASURE_LABELS = {m.id: m.label for m in MEASURES}
SHARES = tuple(m.id for m in MEASURES if m.fmt.endswith("%}"))  # the measures that are a share of the futures
_BY_ID = {m.id: m for m in MEASURES}
_ID_OF_LABEL = {m.label: m.id for m in MEASURES}


def summarise(frame: pd.DataFrame) -> dict[str, float]:
    """The headline measures of many runs of one plan, by measure id."""
    return {m.id: float(m.read(frame)) for m in MEASURES}


def by_id(summary: dict) -> dict[str, float]:
    """A summary keyed by measure ids, in the measures' order (one stored before the measures had ids is keyed by
    their labels); what is neither is left out."""
    keyed = {_ID_OF_LABEL.get(k, k): v for k, v in summary.items()}
    return {m.id: float(keyed[m.id]) for m in MEASURES if isinstance(keyed.get(m.id), (int, float))}


def label(measure_id: str) -> str:
    """The words a trainee reads for a measure."""
    return MEASURE_LABELS.get(measure_id, measure_id)


def show(measure_id: str, value: Optional[float]) -> str:
    """A measure's value as a trainee reads it ('29%', '0.62'); empty for none."""
    if value is None:
        return ""
    m = _BY_ID.get(measure_id)
    return (m.fmt if m else "{:.2f}").format(value)


def plan_summary(scenario, choices: dict[str, list[str]], runs: int = FUTURES_RUNS) -> dict[str, float]:
    """Play a plan ``runs`` times (seed :data:`FUTURES_SEED`) and summarise its futures."""
    from simulator import simulate_many

    return summarise(simulate_many(scenario, choices, runs, seed=FUTURES_SEED))


def formatted(summary: dict[str, float]) -> dict[str, str]:
    """The measures as a trainee reads them: label -> value shown."""
    return {label(k): show(k, v) for k, v in by_id(summary).items()}
