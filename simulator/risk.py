"""A structured, actuarial-style risk assessment, written for this project.

It answers one question: how likely is it that this family will come to the
agency's attention again for maltreatment in the next year or so, compared with
other families the agency sees? It adds points for factors that research on
child-protection populations has repeatedly linked with recurrence, takes
points off for strengths that lower it, and maps the total to four levels.

This is not any proprietary instrument (it is not SDM, and its items, weights
and cut points are our own). The weights are round numbers chosen to be easy to
explain to a trainee; ``casework calibrate`` checks on the simulated population
that the levels do separate families by how often maltreatment recurs. Like any
structured tool it informs the worker's judgement with the family; it does not
replace it, and it says nothing about present danger (that is the safety
assessment's job).

Items and weights (``RISK_ITEMS`` below):

==================  ==============================================================  ===================
item                question                                                        points
==================  ==============================================================  ===================
prior-reports       Earlier reports about this family to child protection           none 0, one 1, 2+ 2
prior-care          A child of the family has been in care before                   2
youngest-child      Age of the youngest child                                       under 1: 2, 1-4: 1
many-children       Three or more children in the home                              1
substance-use       A caregiver's alcohol or drug use affects care                  2
mental-health       A caregiver's mental-health needs affect care                   1
violence            Violence or coercive control between the adults                 2
housing             Homeless, or at risk of losing the home                         1
hardship            The household cannot reliably meet basic needs                  1
child-needs         A child has a disability or complex health needs                1
abuse-alleged       The report alleges physical or sexual abuse                     1
network             Two or more people in the family's own network ready to help    -1
acknowledges        The caregiver sees the worry and wants things to change        -1
past-help           The caregiver has finished a course of help before              -1
==================  ==============================================================  ===================

Levels by total score (never below 0): 0-1 low, 2-4 moderate, 5-7 high, 8 or more very high.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Optional

from scenarios.models import Maltreatment, Scenario

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd

LEVELS: tuple[tuple[int, str], ...] = ((0, "low"), (2, "moderate"), (5, "high"), (8, "very high"))
LEVEL_ORDER = tuple(name for _, name in LEVELS)


@dataclass(frozen=True)
class FamilyProfile:
    """The facts the assessment reads, from a scenario or from the population generator."""

    prior_reports: int = 0
    prior_placement: bool = False
    youngest_child_age: Optional[float] = None
    children: int = 1
    substance_use: bool = False
    mental_health: bool = False
    domestic_violence: bool = False
    housing_instability: bool = False
    economic_hardship: bool = False
    child_special_needs: bool = False
    abuse_alleged: bool = False
    network_ready: int = 0  # people in the informal network ready to help
    acknowledges_concern: bool = False
    past_help_completed: bool = False


@dataclass(frozen=True)
class RiskItem:
    """One item of the assessment: the question, how it is scored, and the rule."""

    id: str
    question: str
    scoring: str
    rule: Callable[[FamilyProfile], int]


def _youngest(f: FamilyProfile) -> int:
    if f.youngest_child_age is None:
        return 0
    return 2 if f.youngest_child_age < 1 else (1 if f.youngest_child_age < 5 else 0)


RISK_ITEMS: tuple[RiskItem, ...] = (
    RiskItem("prior-reports", "Earlier reports about this family to child protection", "none 0, one 1, two or more 2",
             lambda f: min(2, f.prior_reports)),
    RiskItem("prior-care", "A child of the family has been in care before", "yes 2",
             lambda f: 2 * f.prior_placement),
    RiskItem("youngest-child", "Age of the youngest child", "under 1: 2, 1 to 4: 1, older: 0", _youngest),
    RiskItem("many-children", "Three or more children in the home", "yes 1", lambda f: int(f.children >= 3)),
    RiskItem("substance-use", "A caregiver's alcohol or drug use affects care", "yes 2",
             lambda f: 2 * f.substance_use),
    RiskItem("mental-health", "A caregiver's mental-health needs affect care", "yes 1", lambda f: int(f.mental_health)),
    RiskItem("violence", "Violence or coercive control between the adults", "yes 2",
             lambda f: 2 * f.domestic_violence),
    RiskItem("housing", "Homeless, or at risk of losing the home", "yes 1", lambda f: int(f.housing_instability)),
    RiskItem("hardship", "The household cannot reliably meet basic needs", "yes 1", lambda f: int(f.economic_hardship)),
    RiskItem("child-needs", "A child has a disability or complex health needs", "yes 1",
             lambda f: int(f.child_special_needs)),
    RiskItem("abuse-alleged", "The report alleges physical or sexual abuse", "yes 1", lambda f: int(f.abuse_alleged)),
    RiskItem("network", "Two or more people in the family's own network ready to help", "yes -1",
             lambda f: -int(f.network_ready >= 2)),
    RiskItem("acknowledges", "The caregiver sees the worry and wants things to change", "yes -1",
             lambda f: -int(f.acknowledges_concern)),
    RiskItem("past-help", "The caregiver has finished a course of help before and knows what works", "yes -1",
             lambda f: -int(f.past_help_completed)),
)


@dataclass(frozen=True)
class ItemScore:
    """One item as scored for one family (a flat row)."""

    id: str
    question: str
    scoring: str
    points: int


@dataclass(frozen=True)
class RiskAssessment:
    """The total score, the level, and how each item was scored."""

    score: int
    level: str
    items: tuple[ItemScore, ...]

    def as_frame(self) -> pd.DataFrame:
        """The items as a DataFrame, one row an item (for a notebook table)."""
        import pandas as pd
        return pd.DataFrame([asdict(i) for i in self.items], columns=list(ItemScore.__dataclass_fields__))

    def reasons(self) -> str:
        """The items that scored, in words: 'Age of the youngest child (+2); ...'."""
        return "; ".join(f"{i.question} ({i.points:+d})" for i in self.items if i.points) or "no item scored"


def level_of(score: int) -> str:
    """The risk level for a total score."""
    level = LEVELS[0][1]
    for floor, name in LEVELS:
        if score >= floor:
            level = name
    return level


def risk_score(profile: FamilyProfile) -> int:
    """The total score (the fast path the population uses)."""
    return max(0, sum(item.rule(profile) for item in RISK_ITEMS))


def assess(profile: FamilyProfile) -> RiskAssessment:
    """Score every item for this family and give the level."""
    items = tuple(ItemScore(i.id, i.question, i.scoring, int(i.rule(profile))) for i in RISK_ITEMS)
    score = max(0, sum(i.points for i in items))
    return RiskAssessment(score, level_of(score), items)


# words in the report's concerns or the family's worries that answer an item the author left empty
KEYWORDS = {
    "substance_use": ("substance", "drug", "alcohol", "drinking", "opioid", "opiate", "heroin", "methamphetamine",
                      "cocaine", "overdose"),
    "mental_health": ("mental health", "mental-health", "depress", "anxiety", "psychosis", "psychiatric",
                      "postnatal", "postpartum", "suicid"),
    "domestic_violence": ("domestic violence", "domestic abuse", "intimate partner", "violence between",
                          "coercive control"),
    "housing_instability": ("evict", "homeless", "losing the home", "losing their home", "shelter"),
    "economic_hardship": ("cannot afford", "can't afford", "no money", "food bank", "debt", "unemployed",
                          "lost his job", "lost her job", "lost their job"),
}

TYPE_WORDS: tuple[tuple[Maltreatment, tuple[str, ...]], ...] = (
    (Maltreatment.sexual_abuse, ("sexual",)),
    (Maltreatment.physical_abuse, ("physical", "bruis", "injur", "hit ", "hitting", "beaten", "fracture")),
    (Maltreatment.emotional_abuse, ("emotional", "psychological")),
    (Maltreatment.medical_neglect, ("medical",)),
    (Maltreatment.neglect, ("neglect", "supervision", "hungry", "hunger", "unsupervised", "left alone")),
)


def _mentions(texts: Iterable[str], words: Iterable[str]) -> bool:
    lowered = [t.lower() for t in texts]
    return any(w in t for t in lowered for w in words)


_PHYSICAL, _SEXUAL = Maltreatment.physical_abuse, Maltreatment.sexual_abuse


def abuse_alleged(types: Iterable[str]) -> bool:
    """Whether a report alleging these types alleges physical or sexual abuse (a :class:`Maltreatment` or its value)."""
    return _PHYSICAL in types or _SEXUAL in types


def maltreatment_types(scenario: Scenario) -> list[Maltreatment]:
    """The types the report alleges: as written, or read from its concerns (neglect when none is named)."""
    if scenario.report.maltreatment:
        return list(dict.fromkeys(scenario.report.maltreatment))
    found = [kind for kind, words in TYPE_WORDS if _mentions(scenario.report.concerns, words)]
    return found or [Maltreatment.neglect]


def _children_ages(scenario: Scenario) -> list[float]:
    return [m.age for m in scenario.family.members if m.age is not None and m.age < 18]


def profile_from_scenario(scenario: Scenario) -> FamilyProfile:
    """The family's profile from the case file: the author's risk factors, the family and the report."""
    rf = scenario.risk_factors
    texts = list(scenario.report.concerns) + list(scenario.family.worries)

    def answer(name: str, given: Optional[bool]) -> bool:
        return given if given is not None else _mentions(texts, KEYWORDS[name])

    ages = _children_ages(scenario)
    types = maltreatment_types(scenario)
    return FamilyProfile(
        prior_reports=rf.prior_reports,
        prior_placement=rf.prior_placement,
        youngest_child_age=min(ages) if ages else None,
        children=max(1, len(ages)),
        substance_use=answer("substance_use", rf.caregiver_substance_use),
        mental_health=answer("mental_health", rf.caregiver_mental_health),
        domestic_violence=answer("domestic_violence", rf.domestic_violence),
        housing_instability=answer("housing_instability", rf.housing_instability),
        economic_hardship=answer("economic_hardship", rf.economic_hardship),
        child_special_needs=rf.child_special_needs,
        abuse_alleged=abuse_alleged(types),
        network_ready=sum(1 for m in scenario.family.network if m.willingness >= 0.5),
        acknowledges_concern=rf.caregiver_acknowledges_concern,
        past_help_completed=rf.past_help_completed,
    )


def assess_scenario(scenario: Scenario) -> RiskAssessment:
    """The structured risk assessment of a scenario's family, as a notebook shows it beside a trainee's rating."""
    return assess(profile_from_scenario(scenario))
