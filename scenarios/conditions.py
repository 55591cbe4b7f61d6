"""Conditions on the case as it stands, and the words that fit it (scenario format version 2).

A ``when:`` can sit on a decision point, an option, a story event, and on each
text variant of a situation or a consequence. It holds when every test it
names holds (and, with ``any:``, at least one of those conditions too):

.. code-block:: yaml

    when:
      chose: {safety-decision: [place-with-carol, foster-care]}   # an earlier choice was one of these
      not_chose: {safety-decision: [foster-care]}
      placed: [theo]            # these children live away from home now
      at_home: [mia]            # these children live at home now
      court: [filed, permanency]   # the court's stage: none, filed, adjudicated, permanency, closed
      engagement: low           # the family's engagement now: low (< 0.4), middle, high (>= 0.7)
      referred: [parenting]     # the family was referred to these services
      flags: [carol-moved-in]   # an event or option set these flags ({flag: NAME} effects)
      not_flags: [court-filed]
      season: [winter]          # the season of the case's calendar at that week (northern hemisphere)

The simulator evaluates conditions against the running case, so the notebook a
trainee plays, the coach's grading and ``casework play`` all read one story.
This module is pure: a condition is tested against a :class:`State`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping, Optional, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .models import Condition, TextVariant

COURT_STAGES = ("none", "filed", "adjudicated", "permanency", "closed")
ENGAGEMENT_BANDS = {"low": (0.0, 0.4), "middle": (0.4, 0.7), "high": (0.7, 1.01)}
SEASONS = ("winter", "spring", "summer", "autumn")


def season_of(day: dt.date) -> str:
    """The season of a date, by month (December to February is winter)."""
    return SEASONS[(day.month % 12) // 3]


@dataclass
class State:
    """What a condition can ask about the case at one moment."""

    chosen: Mapping[str, Sequence[str]] = field(default_factory=dict)
    placed: frozenset = frozenset()
    children: frozenset = frozenset()
    court: str = "none"
    engagement: float = 0.5
    referred: frozenset = frozenset()
    flags: frozenset = frozenset()
    season: str = "winter"


def holds(cond: Optional["Condition"], state: State) -> bool:
    """Whether ``cond`` holds in ``state`` (no condition always holds)."""
    if cond is None:
        return True
    for point, options in (cond.chose or {}).items():
        if not set(state.chosen.get(point, ())) & set(options):
            return False
    for point, options in (cond.not_chose or {}).items():
        if set(state.chosen.get(point, ())) & set(options):
            return False
    if cond.placed and not set(cond.placed) <= set(state.placed):
        return False
    if cond.at_home and set(cond.at_home) & set(state.placed):
        return False
    if cond.court and state.court not in cond.court:
        return False
    if cond.engagement is not None:
        low, high = ENGAGEMENT_BANDS[cond.engagement]
        if not low <= state.engagement < high:
            return False
    if cond.referred and not set(cond.referred) <= set(state.referred):
        return False
    if cond.flags and not set(cond.flags) <= set(state.flags):
        return False
    if cond.not_flags and set(cond.not_flags) & set(state.flags):
        return False
    if cond.season and state.season not in cond.season:
        return False
    if cond.any and not any(holds(c, state) for c in cond.any):
        return False
    return True


def text_for(default: str, variants: Iterable["TextVariant"], state: Optional[State]) -> str:
    """The first variant whose condition holds, else ``default`` (no state: the default)."""
    if state is not None:
        for v in variants:
            if holds(v.when, state):
                return v.text
    return default


def references(cond: Optional["Condition"]) -> dict[str, set]:
    """Everything a condition names, by kind (points, options, children, services, flags), for validation."""
    out: dict[str, set] = {"points": set(), "options": set(), "children": set(), "services": set(), "flags": set()}
    if cond is None:
        return out
    for table in (cond.chose or {}, cond.not_chose or {}):
        for point, options in table.items():
            out["points"].add(point)
            out["options"] |= {(point, o) for o in options}
    out["children"] |= set(cond.placed or ()) | set(cond.at_home or ())
    out["services"] |= set(cond.referred or ())
    out["flags"] |= set(cond.flags or ()) | set(cond.not_flags or ())
    for c in cond.any or ():
        for k, v in references(c).items():
            out[k] |= v
    return out
