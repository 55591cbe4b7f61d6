"""Rules of the foster-care system shared by the single case and the population.

Where a child is placed, how a move changes the setting, what goal the court
sets at the permanency hearing, and how the chance of finding an adoptive
family falls with age. The rates themselves are in :mod:`simulator.defaults`.
"""

from __future__ import annotations

import random
from typing import Mapping, Optional

from .defaults import (
    ADOPTION,
    CONGREGATE,
    EMANCIPATION,
    FOSTER,
    GUARDIANSHIP,
    KIN,
    REUNIFICATION,
)

APPLA = "another planned permanent living arrangement"
GOAL_WORDS = {
    REUNIFICATION: "going home (reunification)",
    ADOPTION: "adoption",
    GUARDIANSHIP: "guardianship",
    APPLA: "another planned permanent living arrangement, with preparation for adult life",
}
EXIT_WORDS = {
    REUNIFICATION: "returns home to the parents",
    "living with relatives": "goes to live with relatives, who take custody",
    GUARDIANSHIP: "stays with a legal guardian",
    ADOPTION: "is adopted",
    EMANCIPATION: "reaches adulthood in care (aging out)",
    "other": "leaves care another way (a transfer or running away)",
}
EXIT_WORDS_PLURAL = {
    REUNIFICATION: "return home to the parents",
    "living with relatives": "go to live with relatives, who take custody",
    GUARDIANSHIP: "stay with a legal guardian",
    ADOPTION: "are adopted",
    EMANCIPATION: "reach adulthood in care (aging out)",
    "other": "leave care another way (a transfer or running away)",
}
# the permanency hearing keeps the goal of going home when the family is at least this close to ready
READY_MARGIN = 0.1
DEFAULT_AGE = 8.0  # for a case whose file gives no child's age


def move_factor(system: Mapping[str, float], setting: str) -> float:
    """How often children in this setting move, against a non-relative foster home."""
    if setting == KIN:
        return system["kin_move_factor"]
    if setting == CONGREGATE:
        return system["congregate_move_factor"]
    return 1.0


def first_setting(rng: random.Random, system: Mapping[str, float], age: Optional[float], kin_ok: bool,
                  complex_needs: bool = False) -> str:
    """Where a child goes on entering care: relatives when they can, group care for some older children."""
    age = DEFAULT_AGE if age is None else age
    if kin_ok:
        return KIN
    if complex_needs and age >= 8 and rng.random() < 0.5 * system["teen_congregate_share"]:
        return CONGREGATE
    if age >= 13 and rng.random() < system["teen_congregate_share"]:
        return CONGREGATE
    if age >= 10 and rng.random() < 0.7 * system["teen_congregate_share"]:
        return CONGREGATE
    return FOSTER


def next_setting(rng: random.Random, system: Mapping[str, float], setting: str, age: Optional[float],
                 kin_ok: bool) -> str:
    """Where a child goes when a placement ends without leaving care."""
    age = DEFAULT_AGE if age is None else age
    draw = rng.random()
    if setting == KIN:
        # another relative, or a foster home when the family cannot
        return KIN if kin_ok and draw < 0.4 else FOSTER
    if setting == CONGREGATE:
        # step down to a family home when one is found
        if draw < 0.15:
            return FOSTER
        return KIN if kin_ok and draw < 0.45 else CONGREGATE
    if kin_ok and draw < system["kin_found_later"]:
        return KIN
    if age >= 13 and rng.random() < system["teen_congregate_share"]:
        return CONGREGATE
    return FOSTER


def permanency_goal(rng: random.Random, age: Optional[float], setting: str, ready: bool) -> str:
    """The goal the court sets at the permanency hearing."""
    if ready:
        return REUNIFICATION
    age = DEFAULT_AGE if age is None else age
    if setting == KIN:
        return GUARDIANSHIP if age >= 10 or rng.random() < 0.6 else ADOPTION
    if age < 10:
        return ADOPTION
    if age < 14:
        return ADOPTION if rng.random() < 0.5 else GUARDIANSHIP
    return GUARDIANSHIP if rng.random() < 0.35 else APPLA


def home_age_factor(age: float) -> float:
    """How the pace of return home varies with age: slower for young teenagers, quicker near adulthood."""
    if age < 13:
        return 1.0
    return 1.0 if age < 16 else 1.5


def ready_at_hearing(age: float) -> float:
    """How close to ready (0-1) a family must be for the court to keep the goal of going home.

    Courts hold young children's families to the timeline more firmly (concurrent planning).
    """
    return 0.6 if age < 6 else 0.35


def adoption_age_factor(age: float) -> float:
    """How the chance of finding an adoptive family falls with the child's age."""
    if age < 6:
        return 1.0
    if age < 12:
        return 0.5
    return 0.2
