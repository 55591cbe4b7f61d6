"""Typed models of a scenario file (one family case).

A scenario describes a fictional family, the report that opens the case, the
story beats that happen on their own, the services in the community, and the
decision points where a trainee acts. Each option of a decision point carries
its effects on the simulated case and its grading key. The key is stripped
before a scenario reaches a trainee (see :func:`Scenario.trainee_view`).
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from .parameters import PARAMETERS, SYSTEM_PARAMETERS

SCHEMA_VERSION = 2

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64)]


class LocatedError(ValueError):
    """A validator's error about one field of the model it checks, named by its path from there.

    Errors raised in a model validator are located at the model itself; this
    one carries the path (``("options", 2, "id")``) so the loader can point at
    the field's own line.
    """

    def __init__(self, loc: tuple, message: str):
        super().__init__(message)
        self.loc = tuple(loc)


class Strict(BaseModel):
    # NaN and infinity are never a case's number (and slip past range checks)
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class Practice(str, Enum):
    """The core practices shared by the seed models, plus the foundation."""

    foundation = "foundation"
    engage = "engage"
    team = "team"
    assess = "assess"
    plan = "plan"
    intervene = "intervene"
    monitor = "monitor"
    transition = "transition"


class Person(Strict):
    id: Id
    name: str
    age: Optional[float] = Field(None, ge=0, le=120, description="Age in years; months as a fraction.")
    role: str = Field(description="Role in the household, e.g. 'mother', 'child', 'grandmother'.")
    notes: str = ""


class NetworkMember(Strict):
    id: Id
    name: str
    relationship: str = Field(description="Tie to the family, e.g. 'maternal grandmother', 'neighbour'.")
    notes: str = ""
    willingness: float = Field(
        0.5, ge=0, le=1, description="How ready this person is to join the family's team and safety plan (0-1)."
    )


class Family(Strict):
    name: str
    home_language: str = "English"
    members: list[Person] = Field(min_length=1)
    strengths: list[str] = Field(default_factory=list, description="Protective factors and strengths.")
    worries: list[str] = Field(default_factory=list, description="Risk factors and worries.")
    network: list[NetworkMember] = Field(default_factory=list, description="Informal network.")


class Maltreatment(str, Enum):
    """Maltreatment types a report may allege (a report may allege several)."""

    neglect = "neglect"
    physical_abuse = "physical_abuse"
    sexual_abuse = "sexual_abuse"
    emotional_abuse = "emotional_abuse"
    medical_neglect = "medical_neglect"


class Report(Strict):
    source: str = Field(description="Who made the report, by role (never a name that identifies them).")
    concerns: list[str] = Field(min_length=1, description="Maltreatment concerns reported, e.g. 'neglect'.")
    summary: str
    maltreatment: list[Maltreatment] = Field(
        default_factory=list,
        description="Maltreatment types alleged; when empty, read from the concerns (neglect when none is named).",
    )
    track: Optional[Literal["investigation", "assessment"]] = Field(
        None,
        description="Differential-response track of the screened-in report; when empty, investigation for alleged "
        "physical or sexual abuse or a very high risk level, otherwise a family assessment.",
    )


class RiskFactors(Strict):
    """What the case file says about the family, for the structured risk assessment (``simulator.risk``).

    Items left empty are read from the case file (the report's concerns and the
    family's worries); the children's ages and the network come from the family.
    """

    prior_reports: int = Field(0, ge=0, le=50, description="Earlier reports about this family to child protection.")
    prior_placement: bool = Field(False, description="A child of the family has been in care before.")
    caregiver_substance_use: Optional[bool] = Field(None, description="A caregiver's alcohol or drug use affects care.")
    caregiver_mental_health: Optional[bool] = Field(None, description="A caregiver's mental-health needs affect care.")
    domestic_violence: Optional[bool] = Field(None, description="Violence or coercive control between the adults.")
    housing_instability: Optional[bool] = Field(None, description="Homeless, or at risk of losing the home.")
    economic_hardship: Optional[bool] = Field(None, description="The household cannot reliably meet basic needs.")
    child_special_needs: bool = Field(False, description="A child has a disability or complex health needs.")
    caregiver_acknowledges_concern: bool = Field(
        False, description="The caregiver sees the worry and wants things to change (a strength)."
    )
    past_help_completed: bool = Field(
        False, description="The caregiver has finished a course of help before and knows what works (a strength)."
    )


class Condition(Strict):
    """A test on the case as it stands (see :mod:`scenarios.conditions`); every test named must hold."""

    chose: Optional[dict[Id, list[Id]]] = Field(None, description="Earlier decision point -> options: one was chosen.")
    not_chose: Optional[dict[Id, list[Id]]] = Field(None, description="Earlier decision point -> options: none was chosen.")
    placed: list[Id] = Field(default_factory=list, description="These children (family member ids) live away from home now.")
    at_home: list[Id] = Field(default_factory=list, description="These children live at home now.")
    court: list[Literal["none", "filed", "adjudicated", "permanency", "closed"]] = Field(
        default_factory=list, description="The court's stage is one of these.")
    engagement: Optional[Literal["low", "middle", "high"]] = Field(
        None, description="The family's engagement now: low (below 0.4), middle, high (0.7 and over).")
    referred: list[Id] = Field(default_factory=list, description="The family was referred to these services.")
    flags: list[Id] = Field(default_factory=list, description="These flags are set (by {flag: NAME} effects).")
    not_flags: list[Id] = Field(default_factory=list, description="None of these flags is set.")
    season: list[Literal["winter", "spring", "summer", "autumn"]] = Field(
        default_factory=list, description="The season of the case's calendar is one of these.")
    any: list["Condition"] = Field(default_factory=list, description="At least one of these conditions holds too.")


class TextVariant(Strict):
    """Words for one state of the case: the first variant whose ``when`` holds is shown."""

    when: Optional[Condition] = None
    text: str


class Stressor(Strict):
    """A stressor that can hit the household only while its condition holds."""

    text: str
    when: Optional[Condition] = None


class StoryEvent(Strict):
    """Something that happens in the case at a set week, whatever the trainee does (when its ``when`` holds)."""

    week: float = Field(ge=0)
    title: str
    description: str = ""
    when: Optional[Condition] = Field(None, description="The event happens only if this holds at its week.")
    effects: list["Effect"] = Field(default_factory=list)


class Service(Strict):
    """A community provider with limited places: a family waits for a place, first come first served."""

    id: Id
    name: str
    need: str = Field(description="The underlying need the service addresses.")
    places: int = Field(ge=1, le=50, description="How many families it serves at once.")
    length_weeks: int = Field(ge=1, le=52, description="Weekly sessions in a full course.")
    other_families_per_week: float = Field(
        0.5, ge=0, le=10, description="Referrals from other families arriving each week (competing for places)."
    )
    fit: Optional[float] = Field(
        None, ge=0, le=1, description="How well this service meets the family's need (0-1); default: the case's service_fit."
    )
    access_barrier: float = Field(
        0.0, ge=0, le=1, description="Obstacles this provider adds on top of the family's own: distance, hours (0-1)."
    )
    languages: list[str] = Field(
        default_factory=list,
        description="Languages the service is offered in; empty means any (interpreters available).",
    )


class Effect(Strict):
    """One named change to the case. Exactly one of the forms below:

    - ``{parameter: NAME, add: X}`` or ``{parameter: NAME, set: X}``: change a case parameter;
    - ``{refer: SERVICE_ID}``: refer the family to a service;
    - ``{flag: NAME}``: set a flag that later conditions can test (``when: {flags: [NAME]}``);
    - ``{place: kin | foster | congregate, who: [CHILD_ID, ...]}``: place the children named out of the home
      (with relatives, in a non-relative foster home, or in group care). In an adult-services case (``service: adult``) the
      same effect is a protective petition: the agency asks the court for guardianship and a move (kin:
      to live with family; foster: an adult foster home or assisted living; congregate: a nursing home).
    """

    parameter: Optional[str] = None
    add: Optional[float] = None
    set: Optional[float] = None
    refer: Optional[Id] = None
    flag: Optional[Id] = None
    place: Optional[Literal["kin", "foster", "congregate"]] = None
    who: list[Id] = Field(default_factory=list, description="With place: the family members who move (required).")

    @field_validator("parameter")
    @classmethod
    def _known_parameter(cls, name: Optional[str]) -> Optional[str]:
        if name is not None and name not in PARAMETERS:
            raise ValueError(f"unknown case parameter {name!r}; known: {', '.join(PARAMETERS)}")
        return name

    @model_validator(mode="after")
    def _one_form(self) -> "Effect":
        forms = [
            self.parameter is not None,
            self.refer is not None,
            self.flag is not None,
            self.place is not None,
        ]
        if sum(forms) != 1:
            raise ValueError("an effect needs exactly one of: parameter (with add or set), refer, flag, place")
        if self.place is not None and not self.who:
            raise LocatedError(("who",), "a place effect names who moves: who: [<family member id>, ...]")
        if self.place is None and self.who:
            raise LocatedError(("who",), "'who' goes with 'place'")
        if self.parameter is not None and (self.add is None) == (self.set is None):
            raise ValueError(f"effect on {self.parameter!r} needs exactly one of 'add' or 'set'")
        if self.parameter is None and (self.add is not None or self.set is not None):
            raise LocatedError(("add" if self.add is not None else "set",), "'add' and 'set' go with 'parameter'")
        if self.set is not None:
            p = PARAMETERS[self.parameter]
            if not p.low <= self.set <= p.high:
                raise LocatedError(
                    ("set",), f"set value {self.set:g} is outside {p.name}'s range {p.low:g}-{p.high:g} ({p.unit})"
                )
        return self


class GradingKey(Strict):
    """How an option is scored; stripped before a scenario reaches a trainee."""

    credit: float = Field(ge=-1, le=1, description="Share of the decision point's points (negative subtracts).")
    demonstrates: list[str] = Field(default_factory=list, description="Behaviour ids this choice shows.")
    contradicts: list[str] = Field(default_factory=list, description="Behaviour ids this choice goes against.")
    rationale: str = Field("", description="Why, for the coach.")


class Approach(str, Enum):
    """The stance an option takes, used by scripted trainees, the validity report and coach reports.

    ``collaborative``: works with the family; ``directive``: compliance-driven, tells the family what to do;
    ``passive``: kind, but avoids the hard conversation; ``cautious``: safety first, removal when in doubt.
    """

    collaborative = "collaborative"
    directive = "directive"
    passive = "passive"
    cautious = "cautious"


class Option(Strict):
    id: Id
    label: str
    approach: Optional[Approach] = None
    when: Optional[Condition] = Field(None, description="The option is offered only when this holds.")
    forecast: Optional[float] = Field(
        None, ge=0, le=1, description="At a rating point: the chance of the rated outcome this level stands for (0-1).")
    consequence: str = Field("", description="What the trainee sees happen right after choosing.")
    consequences: list[TextVariant] = Field(
        default_factory=list, description="Other words for the consequence, for other states of the case (first match wins).")
    effects: list[Effect] = Field(default_factory=list)
    key: Optional[GradingKey] = None


class DecisionPoint(Strict):
    id: Id
    week: float = Field(ge=0, description="Week of the case when the decision is made.")
    practice: Practice
    title: str
    when: Optional[Condition] = Field(
        None, description="The decision comes up only when this holds at its week (see 'Paths' in AUTHORING.md).")
    situation: str = Field("", description="What is happening when the decision comes up.")
    situations: list[TextVariant] = Field(
        default_factory=list, description="Other words for the situation, for other states of the case (first match wins).")
    prompt: str
    kind: Literal["single", "multiple", "rating"] = Field(
        "single", description="single: one option; multiple: all that apply; rating: one level of a risk or safety "
        "rating (or a probability), scored like single and also for calibration against the simulated outcomes.")
    rates: Optional[Literal["safety_incident", "placement"]] = Field(
        None, description="At a rating point: the outcome rated, within the case's horizon (a safety incident; "
        "a placement away from home).")
    points: float = Field(gt=0, le=20)
    options: list[Option] = Field(min_length=2)

    @model_validator(mode="after")
    def _rating(self) -> "DecisionPoint":
        if self.kind == "rating":
            if self.rates is None:
                raise LocatedError(("rates",), "a rating point says what it rates: rates: safety_incident | placement")
            for j, o in enumerate(self.options):
                if o.forecast is None:
                    raise LocatedError(("options", j, "forecast"),
                                       f"each level of a rating gives its chance of the outcome (forecast: 0-1); {o.id!r} has none")
        else:
            if self.rates is not None:
                raise LocatedError(("rates",), "'rates' goes with kind: rating")
            for j, o in enumerate(self.options):
                if o.forecast is not None:
                    raise LocatedError(("options", j, "forecast"), "'forecast' goes with kind: rating")
        return self

    @model_validator(mode="after")
    def _unique_options(self) -> "DecisionPoint":
        ids = [o.id for o in self.options]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            again = next(j for j, i in enumerate(ids) if i in ids[:j])
            raise LocatedError(("options", again, "id"), f"option ids repeat: {', '.join(dupes)}")
        return self


class RubricLevel(Strict):
    points: float = Field(ge=0)
    descriptor: str


class WrittenAnswer(Strict):
    """A prompt the trainee answers in words, graded by hand by a coach."""

    id: Id
    practice: Practice
    title: str
    prompt: str
    points: float = Field(gt=0, le=20)
    behaviours: list[str] = Field(default_factory=list, description="Behaviour ids the answer evidences.")
    rubric: list[RubricLevel] = Field(default_factory=list, description="Levels for the coach, high to low.")
    exemplar: str = Field("", description="A strong answer, for coaches calibrating their grading.")
    after: Optional[Id] = Field(
        None, description="The decision point after which the assignment asks it (else after the last decision "
        "point of its practice, or after the last decision point when the case has none of its practice).")


class Scenario(Strict):
    schema_version: Literal[2] = Field(description="Version of the scenario format.")
    id: Id
    title: str
    summary: str
    opened_on: dt.date = Field(description="Date the case opens (fictional calendar).")
    horizon_weeks: int = Field(52, ge=4, le=260, description="How long the simulation follows the case.")
    seed: int = Field(0, ge=0, description="Seed of the case as the classroom plays it.")
    service: Literal["child", "adult"] = Field(
        "child",
        description="Which service the case belongs to: child (child welfare: foster care, the child's court, "
        "permanency) or adult (adult protective services for a vulnerable adult: no foster care or child court; "
        "a move is to a setting the adult chooses, and a court decides for the adult only on a protective or "
        "guardianship petition). Optional; child when left out.",
    )
    family: Family
    report: Report
    parameters: dict[str, float] = Field(default_factory=dict, description="Starting values of case parameters.")
    risk_factors: RiskFactors = Field(
        default_factory=RiskFactors, description="Risk and protective factors for the structured risk assessment."
    )
    system: dict[str, float] = Field(
        default_factory=dict,
        description="Overrides of how the agency, courts and foster care behave for this case (names and ranges "
        "in scenarios/parameters.py, SYSTEM_PARAMETERS); decisions cannot change these.",
    )
    stressors: list[Union[str, "Stressor"]] = Field(
        default_factory=list, description="Stressors that may hit the household: a text, or {text, when} for one that "
        "fits only some states of the case (a child's colic needs the child at home; a cold snap needs winter).")
    services: list[Service] = Field(default_factory=list)
    events: list[StoryEvent] = Field(default_factory=list)
    decision_points: list[DecisionPoint] = Field(min_length=1)
    written_answers: list[WrittenAnswer] = Field(default_factory=list)

    @field_validator("parameters", "system")
    @classmethod
    def _known_and_in_range(cls, values: dict[str, float], info) -> dict[str, float]:
        table, what = (PARAMETERS, "case parameter") if info.field_name == "parameters" else (
            SYSTEM_PARAMETERS, "system setting")
        for name, value in values.items():
            if name not in table:
                raise LocatedError((name,), f"unknown {what} {name!r}; known: {', '.join(table)}")
            try:
                table[name].check(value)
            except ValueError as exc:
                raise LocatedError((name,), str(exc)) from None
        return values

    @model_validator(mode="after")
    def _cross_references(self) -> "Scenario":
        locs = [("decision_points", i, "id") for i in range(len(self.decision_points))]
        locs += [("written_answers", i, "id") for i in range(len(self.written_answers))]
        ids = [d.id for d in self.decision_points] + [w.id for w in self.written_answers]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            again = next(j for j, i in enumerate(ids) if i in ids[:j])
            raise LocatedError(locs[again], f"decision point and written answer ids repeat: {', '.join(dupes)}")
        weeks = [d.week for d in self.decision_points]
        if weeks != sorted(weeks):
            early = next(i for i in range(1, len(weeks)) if weeks[i] < weeks[i - 1])
            raise LocatedError(("decision_points", early, "week"),
                               "decision points must be listed in the order of their weeks")
        services = {s.id for s in self.services}
        for i, dp in enumerate(self.decision_points):
            for j, opt in enumerate(dp.options):
                for k, eff in enumerate(opt.effects):
                    if eff.refer is not None and eff.refer not in services:
                        raise LocatedError(
                            ("decision_points", i, "options", j, "effects", k, "refer"),
                            f"option {dp.id}/{opt.id} refers to unknown service {eff.refer!r}",
                        )
        points = [d.id for d in self.decision_points]
        for i, w in enumerate(self.written_answers):
            if w.after is not None and w.after not in points:
                raise LocatedError(("written_answers", i, "after"),
                                   f"after names no decision point: {w.after!r}; points: {', '.join(points)}")
        self._check_conditions()
        if self.decision_points[-1].week >= self.horizon_weeks:
            raise LocatedError(("decision_points", len(self.decision_points) - 1, "week"),
                               "the last decision point falls after the horizon")
        return self

    def conditions(self):
        """Every condition of the case: ``(location, condition, ids of the decision points before it)``."""
        for i, dp in enumerate(self.decision_points):
            before = [d.id for d in self.decision_points[:i]]
            here = ("decision_points", i)
            yield here + ("when",), dp.when, before
            for k, v in enumerate(dp.situations):
                yield here + ("situations", k, "when"), v.when, before
            for j, opt in enumerate(dp.options):
                yield here + ("options", j, "when"), opt.when, before
                for k, v in enumerate(opt.consequences):
                    # a consequence is read once the choice is made: the point's own choice counts
                    yield here + ("options", j, "consequences", k, "when"), v.when, before + [dp.id]
        for i, ev in enumerate(self.events):
            yield ("events", i, "when"), ev.when, [d.id for d in self.decision_points if d.week <= ev.week]
        for i, st in enumerate(self.stressors):
            if not isinstance(st, str):  # a stressor can come any week: any choice may be asked about
                yield ("stressors", i, "when"), st.when, [d.id for d in self.decision_points]

    def effects(self):
        """Every effect of the case with its location."""
        for i, dp in enumerate(self.decision_points):
            for j, opt in enumerate(dp.options):
                for k, eff in enumerate(opt.effects):
                    yield ("decision_points", i, "options", j, "effects", k), eff
        for i, ev in enumerate(self.events):
            for k, eff in enumerate(ev.effects):
                yield ("events", i, "effects", k), eff

    def _check_conditions(self) -> None:
        from .conditions import references

        members = {m.id for m in self.family.members}
        services = {s.id for s in self.services}
        options = {dp.id: {o.id for o in dp.options} for dp in self.decision_points}
        flags = {eff.flag for _, eff in self.effects() if eff.flag}
        for loc, eff in self.effects():
            unknown = [w for w in eff.who if w not in members]
            if unknown:
                raise LocatedError(loc + ("who",), f"who names no family member: {', '.join(unknown)}; "
                                                   f"members: {', '.join(sorted(members))}")
        for loc, cond, before in self.conditions():
            if cond is None:
                continue
            refs = references(cond)
            for point in sorted(refs["points"]):
                if point not in options:
                    raise LocatedError(loc + ("chose",), f"no decision point {point!r}")
                if point not in before:
                    raise LocatedError(loc + ("chose",), f"{point!r} is not decided yet at this moment of the case")
            for point, option in sorted(refs["options"]):
                if option not in options[point]:
                    raise LocatedError(loc + ("chose", point), f"{point!r} has no option {option!r}")
            for child in sorted(refs["children"] - members):
                raise LocatedError(loc, f"{child!r} is not a family member; members: {', '.join(sorted(members))}")
            for service in sorted(refs["services"] - services):
                raise LocatedError(loc + ("referred",), f"no service {service!r}")
            for flag in sorted(refs["flags"] - flags):
                raise LocatedError(loc, f"no effect ever sets the flag {flag!r} (add an effect {{flag: {flag}}})")

    def decision_point(self, dp_id: str) -> DecisionPoint:
        """The decision point with this id."""
        for dp in self.decision_points:
            if dp.id == dp_id:
                return dp
        raise KeyError(dp_id)

    def has_key(self) -> bool:
        """Whether this copy carries the grading key (the author's copy does)."""
        return any(o.key is not None for dp in self.decision_points for o in dp.options)

    def trainee_view(self) -> "Scenario":
        """A copy without grading keys or rubrics, safe to release to trainees."""
        copy = self.model_copy(deep=True)
        for dp in copy.decision_points:
            for opt in dp.options:
                opt.key = None
                opt.approach = None
        for wa in copy.written_answers:
            wa.rubric = []
            wa.behaviours = []
            wa.exemplar = ""
        return copy


Condition.model_rebuild()
StoryEvent.model_rebuild()
