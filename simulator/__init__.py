"""The simpy case engine: plays a family's case over simulated weeks.

Public API: :func:`simulate` and :func:`simulate_many` (one case),
:func:`simulate_population` (many families through the whole system, for
calibration), :func:`assess_scenario` (the structured risk assessment), and
the flat records in :mod:`simulator.records`. Nothing here imports a user
interface.
"""

from .engine import simulate, simulate_many
from .population import simulate_population
from .records import CaseResult, NeedProgress, Outcomes, TimelineEvent, WeeklyState
from .risk import assess_scenario

__all__ = [
    "CaseResult",
    "NeedProgress",
    "Outcomes",
    "TimelineEvent",
    "WeeklyState",
    "assess_scenario",
    "simulate",
    "simulate_many",
    "simulate_population",
]
