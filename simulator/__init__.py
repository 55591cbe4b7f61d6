"""The simpy case engine: plays a family's case over simulated weeks.

Public API: :func:`simulate`, :func:`simulate_many`, and the flat records in
:mod:`simulator.records`. Nothing here imports a user interface.
"""

from .engine import simulate, simulate_many
from .records import CaseResult, Outcomes, TimelineEvent, WeeklyState

__all__ = ["CaseResult", "Outcomes", "TimelineEvent", "WeeklyState", "simulate", "simulate_many"]
