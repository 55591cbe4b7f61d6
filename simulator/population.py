"""A population of families through the child-welfare system, for calibration and system-level what-ifs.

:func:`generate_family` draws a fictional family with a realistic mix of
children's ages, caregivers' difficulties, strengths and informal networks.
:func:`simulate_population` sends many of them through one simpy environment:
reports arrive over a year, are screened, answered by an investigation or a
family assessment, assessed for safety and risk (:mod:`simulator.risk`), and
then closed, served at home by a provider with limited places, or placed. A
placed child's episode in care runs to its end (moves, court, goal changes,
exits, re-entry). Only the stages a family reaches are simulated, and an
episode moves from event to event (a move, a change of worker, a hearing, an
exit) rather than week by week, so 20,000 families take a few seconds.

The system's behaviour comes from :data:`simulator.defaults.SYSTEM` and the
case parameters' defaults (:data:`scenarios.parameters.PARAMETERS`); both can
be overridden by name for a what-if. One child per family (the child the
report is about) is followed into care.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Mapping, Optional

import simpy

from scenarios.parameters import PARAMETERS

from . import care, permanency
from .defaults import (
    ADOPTION,
    EMANCIPATION,
    FOSTER,
    GUARDIANSHIP,
    KIN,
    OTHER_EXIT,
    PERMANENT_EXITS,
    PRE_ADOPTIVE,
    RELATIVES,
    REUNIFICATION,
    SETTINGS,
    TRIAL_HOME_VISIT,
    system_settings,
)
from .intake import track_for
from .risk import FamilyProfile, abuse_alleged, level_of, risk_score

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import pandas as pd

TYPES = ("neglect", "physical_abuse", "sexual_abuse", "emotional_abuse", "medical_neglect")
# the chance a report alleges each type alongside its main concern
ALSO_ALLEGED = (0.1, 0.02, 0.01, 0.02, 0.01)
WEEKS_PER_YEAR = 52.0
# the main rates a what-if may scale (simulate_population(rates=...)): each names the settings it multiplies (a
# rate) or divides (a duration, in MAIN_DURATIONS); entry multiplies the chance that a child the safety assessment
# finds unsafe is removed (capped at 1), and moves the case parameter placement_move_rate
MAIN_RATES = {
    "entry": (),
    "reunification": ("reunification_rate", "early_return_rate"),
    "adoption": ("adoption_placement_rate", "tpr_weeks", "adoption_finalisation_weeks"),
    "guardianship": ("guardianship_rate",),
    "moves": (),
    "other_exits": ("other_exit_rate",),
    "relatives": ("relatives_exit_rate",),
    "trial_failure": ("trial_home_visit_failure",),
}
# the durations among them: the adoption path's pace is how often a family is found and how long the court takes
MAIN_DURATIONS = frozenset({"tpr_weeks", "adoption_finalisation_weeks"})
# parents of a child in care grow their protective capacity by CAPACITY_GROWTH a year for each point of
# engagement above ENGAGEMENT_TO_GROW (with diminishing returns: care.grown)
CAPACITY_GROWTH = 0.45
ENGAGEMENT_TO_GROW = 0.25
# the single case's engagement recovers at each contact after a removal; the population has no contacts, so
# a share of the removal's cost stays with the parents for the episode
POPULATION_ENGAGEMENT_SHARE = 0.5
# coming back into care after going home (care.reentry_hazard, the single case's rule): the population plays no
# weeks at home, so a family's weekly risk there comes from its danger (home_weekly_risk), with the case's
# default stress and no safety plan; relatives or a guardian who took custody keep the child with at least this
# protective capacity (they were assessed as able to keep the child safe)
HOME_STRESS = PARAMETERS["stress"].default
GUARDIAN_CAPACITY = 0.8
HOME_REFERENCE_CAPACITY = 0.6  # simulator.caseworker.CAPACITY_TO_CLOSE: a family ready to go on without the agency


def home_weekly_risk(system: Mapping[str, float], danger: float) -> float:
    """A family's weekly risk at home (the case parameter ``weekly_risk``) from its danger, after an exit.

    Scaled so that a family of average danger (0.5) at the capacity that lets a
    case close comes back into care within a year at the system's
    ``reentry_base``; each 0.1 of danger more multiplies it by about 1.2.
    """
    per_unit = care.incident_hazard(1.0, HOME_STRESS, HOME_REFERENCE_CAPACITY, 0.0) * care.serious_share(
        HOME_REFERENCE_CAPACITY, 0.0)
    return care.weekly(system["reentry_base"]) / per_unit * math.exp(2.0 * (danger - 0.5))


# case parameters the population reads (their defaults, unless overridden)
CASE_PARAMETERS = ("worker_turnover", "kin_availability", "visit_frequency", "placement_move_rate",
                   "court_review_interval", "permanency_hearing_week")


@dataclass(slots=True)
class GeneratedFamily:
    """One fictional family as the population generator draws it (latent truths included)."""

    id: int
    child_age: float  # the child the report is about, in years
    youngest_age: float
    children: int
    prior_reports: int
    prior_placement: bool
    substance_use: bool
    mental_health: bool
    domestic_violence: bool
    housing_instability: bool
    economic_hardship: bool
    child_special_needs: bool
    acknowledges_concern: bool
    past_help_completed: bool
    network_ready: int  # people in the informal network ready to help
    kin_available: bool
    access_barrier: float
    capacity: float  # caregivers' protective capacity, 0-1
    engagement: float  # how readily the family takes part in the work, 0-1
    danger: float  # how dangerous the child's situation is, 0-1 (what the safety assessment tries to see)
    maltreated: bool  # whether the reported maltreatment happened
    types: tuple[str, ...]  # maltreatment types alleged in the report

    def profile(self) -> FamilyProfile:
        """What the case file says, for the structured risk assessment."""
        return FamilyProfile(
            prior_reports=self.prior_reports,
            prior_placement=self.prior_placement,
            youngest_child_age=self.youngest_age,
            children=self.children,
            substance_use=self.substance_use,
            mental_health=self.mental_health,
            domestic_violence=self.domestic_violence,
            housing_instability=self.housing_instability,
            economic_hardship=self.economic_hardship,
            child_special_needs=self.child_special_needs,
            abuse_alleged=abuse_alleged(self.types),
            network_ready=self.network_ready,
            acknowledges_concern=self.acknowledges_concern,
            past_help_completed=self.past_help_completed,
        )


def _child_age(rng: random.Random) -> float:
    # reports are about infants more often than any single older year of age
    if rng.random() < 0.13:
        return rng.random()
    return 1.0 + 17.0 * rng.random() ** 1.2


def generate_family(rng: random.Random, family_id: int = 0, kin_availability: float = 0.5) -> GeneratedFamily:
    """Draw one family: ages, difficulties and strengths (correlated through shared adversity), network."""
    adversity = rng.gauss(0.0, 1.0)  # shared pressures make difficulties cluster in the same families
    random, exp = rng.random, math.exp

    def has(base: float, weight: float) -> bool:
        chance = base * exp(weight * adversity)
        return random() < (0.95 if chance > 0.95 else (0.01 if chance < 0.01 else chance))

    child_age = _child_age(rng)
    children = 1 + min(4, int(rng.expovariate(0.9)))
    youngest = child_age if children == 1 else min(child_age, rng.random() * min(child_age + 6.0, 17.0))
    substance = has(0.22, 0.6)
    mental = has(0.22, 0.4)
    violence = has(0.17, 0.5)
    housing = has(0.18, 0.6)
    hardship = has(0.5, 0.5)
    special = has(0.12, 0.2)
    prior = min(5, int(rng.expovariate(1.1) * math.exp(0.4 * adversity)))
    prior_placement = prior > 0 and has(0.12, 0.5)
    acknowledges = has(0.5, -0.3)
    past_help = has(0.15, -0.2)
    network = max(0, int(rng.gauss(2.2 - 0.5 * adversity, 1.3)))
    kin = rng.random() < kin_availability * (0.8 + 0.2 * min(network, 3))

    capacity = 0.62 - 0.12 * substance - 0.07 * mental - 0.08 * violence - 0.05 * housing \
        + 0.03 * min(network, 3) + 0.06 * past_help + rng.gauss(0.0, 0.1)
    capacity = min(0.95, max(0.05, capacity))
    engagement = min(0.95, max(0.05, 0.35 + 0.2 * acknowledges + 0.05 * past_help - 0.05 * violence
                               + rng.gauss(0.0, 0.12)))
    # danger: what could happen to the child now; teenagers also come into care over conflict at home
    danger = 0.12 + 0.16 * substance + 0.12 * violence + 0.06 * mental + 0.07 * (youngest < 1) \
        + 0.04 * (youngest < 5) + 0.01 * (child_age >= 12) + 0.05 * min(prior, 2) + 0.06 * prior_placement \
        + 0.45 * (0.6 - capacity) + rng.gauss(0.0, 0.08)
    danger = min(1.0, max(0.0, danger))

    # the main concern of the report, and sometimes others alongside it (ALSO_ALLEGED)
    weights = (0.74, 0.068 + 0.05 * violence, 0.053 * (1.3 if child_age >= 5 else 0.4), 0.03 + 0.03 * violence,
               0.009 + 0.02 * special)
    draw = rng.random() * sum(weights)
    main = len(TYPES) - 1
    for index, weight in enumerate(weights):
        draw -= weight
        if draw <= 0:
            main = index
            break
    types = [kind for index, kind in enumerate(TYPES) if index == main or rng.random() < ALSO_ALLEGED[index]]
    maltreated = rng.random() < min(0.95, 0.12 + 0.85 * danger)
    return GeneratedFamily(
        family_id, round(child_age, 3), round(youngest, 3), children, prior, prior_placement, substance, mental,
        violence, housing, hardship, special, acknowledges, past_help, network, kin,
        min(1.0, max(0.0, rng.gauss(0.3 + 0.1 * hardship, 0.15))), round(capacity, 4), round(engagement, 4),
        round(danger, 4), maltreated, tuple(types),
    )


@dataclass(slots=True)
class FamilyRecord:
    """What happened to one family at the front door and after (one row of ``Population.families``)."""

    family: int
    child_age: float
    risk_score: int
    risk_level: str
    screened_in: bool = False
    track: str = ""
    victim: bool = False
    types: str = ""
    safety_threat: bool = False
    safety_decision: str = ""
    in_home_services: bool = False
    weeks_waiting: float = 0.0
    placed: bool = False
    closed_week: float = math.nan
    recurrence_within_12_months: bool = False


@dataclass(slots=True)
class EpisodeRecord:
    """One child's episode in foster care: who, when, and what it came to (one row of ``Population.episodes``)."""

    family: int
    reentry: bool
    entry_week: float
    entry_age: float
    summary: Optional[care.EpisodeSummary] = None  # set at the exit
    reentered_within_12_months: bool = False


# the columns of Population.episodes: the record's own, with the summary's in its place
EPISODE_COLUMNS = ("family", "reentry", "entry_week", "entry_age", "first_setting", "exit_reason", "weeks_in_care",
                   "moves", "moves_first_year", "worker_changes", "goal", "reentered_within_12_months", "weeks_kin",
                   "weeks_foster", "weeks_congregate", "weeks_trial_home_visit", "weeks_pre_adoptive",
                   "weeks_other", "victimizations", "connections_lost", "wellbeing")


@dataclass
class Population:
    """The result of :func:`simulate_population`: one row a family, one row an episode in care."""

    families: pd.DataFrame
    episodes: pd.DataFrame
    settings: dict[str, float] = field(default_factory=dict)
    params: dict[str, float] = field(default_factory=dict)

    def measures(self) -> dict[str, float]:
        """The system measures: front door, safety, foster care, permanency and after (see :func:`measures`)."""
        return measures(self)


_weekly = care.weekly


class _System:
    """The shared state of a population run: settings, the services provider, the records."""

    def __init__(self, env: simpy.Environment, n: int, seed: int, settings: dict[str, float],
                 params: dict[str, float], years: float, entry_scale: float = 1.0):
        self.env = env
        self.entry_scale = entry_scale
        self.n = n
        self.seed = seed
        self.s = settings
        self.p = params
        self.years = years
        self.families: list[FamilyRecord] = []
        self.episodes: list[EpisodeRecord] = []
        # in-home services: a provider with a little less room than the expected demand, so lists form
        per_week = n / (years * WEEKS_PER_YEAR)
        places = max(1, round(0.95 * per_week * 0.16 * settings["in_home_service_weeks"]))
        self.in_home = simpy.Resource(env, capacity=places)
        self.turnover = _weekly(params["worker_turnover"])

    def rng(self, family_id: int, stream: str) -> random.Random:
        return random.Random(f"{self.seed}:{family_id}:{stream}")

    # --- the front door ------------------------------------------------------

    def arrivals(self):
        """Process: reports arrive over the period; each is screened, and screened-in ones get a response."""
        rng = random.Random(f"{self.seed}:arrivals")
        mean_gap = self.years * WEEKS_PER_YEAR / self.n
        for family_id in range(self.n):
            yield self.env.timeout(rng.expovariate(1.0 / mean_gap))
            family_rng = self.rng(family_id, "family")
            family = generate_family(family_rng, family_id, self.p["kin_availability"])
            score = risk_score(family.profile())
            record = FamilyRecord(family_id, family.child_age, score, level_of(score))
            self.families.append(record)
            if self.screen(family, record, family_rng):
                self.env.process(self.response(family, record, family_rng))

    def screen(self, family: GeneratedFamily, record: FamilyRecord, rng: random.Random) -> bool:
        """Screening: the more the report shows of danger and risk, the likelier it is screened in."""
        s = self.s
        concern = 3.0 * family.danger + 1.5 * abuse_alleged(family.types) \
            + 0.5 * (family.youngest_age < 1) + 0.4 * min(family.prior_reports, 2)
        record.screened_in = rng.random() < min(1.0, s["screen_in_base"] + s["screen_in_per_concern"] * concern)
        return record.screened_in

    def response(self, family: GeneratedFamily, record: FamilyRecord, rng: random.Random):
        """Process: the response track, findings, the safety assessment and decision, and what follows."""
        s = self.s
        # the front door's rule (intake.track_for); of the families it allows a family assessment, the
        # agency sends a share there (assessment_track_share) and investigates the rest
        record.track = track_for(family.types, record.risk_level)
        if record.track == "assessment" and rng.random() >= s["assessment_track_share"]:
            record.track = "investigation"
        yield self.env.timeout(1.0 + 4.0 * rng.random())  # the response takes one to five weeks
        if record.track == "investigation":
            found = family.maltreated and rng.random() < s["victim_finding"]
            record.victim = found or (not family.maltreated and rng.random() < s["false_finding"])
        if record.victim:
            record.types = ",".join(family.types)

        # the safety assessment sees the danger imperfectly
        record.safety_threat = family.danger + rng.gauss(0.0, 0.08) > s["threat_cutoff"]
        if record.safety_threat:
            people = 1.0 if family.network_ready >= 1 else 0.4
            engaged = 1.0 if family.engagement >= 0.4 else 0.5
            removal = 1.0 - s["plan_feasibility"] * people * engaged
            if rng.random() >= min(1.0, self.entry_scale * removal):
                record.safety_decision = "safe with a plan"
            else:
                record.safety_decision = "unsafe: child placed"
                record.placed = True
                yield from self.episode(family, rng, reentry=False)
                return
        else:
            record.safety_decision = "safe"

        capacity = family.capacity
        if record.safety_threat or record.victim or record.risk_level in ("high", "very high"):
            record.in_home_services = True
            asked = self.env.now
            with self.in_home.request() as place:
                yield place
                record.weeks_waiting = round(self.env.now - asked, 3)
                yield self.env.timeout(s["in_home_service_weeks"] * (0.5 + rng.random()))
            # families who take part in help that fits grow their capacity to keep children safe (with
            # diminishing returns, as in the single case: care.grow)
            capacity = care.grow(capacity, 0.25 * family.engagement * (1.0 - family.access_barrier * 0.6))
        record.closed_week = round(self.env.now, 3)

        # after closure: maltreatment may recur; the danger that remains drives it
        yearly = s["recurrence_base"] * math.exp(
            3.0 * (family.danger - 0.35) + 0.25 * min(family.prior_reports, 3) + 0.3 * family.housing_instability
            + 0.2 * family.economic_hardship - 2.0 * (capacity - family.capacity) - 0.15 * min(family.network_ready, 3)
        )
        if rng.random() < min(0.95, yearly):
            yield self.env.timeout(WEEKS_PER_YEAR * rng.random())
            record.recurrence_within_12_months = True

    # --- foster care ---------------------------------------------------------

    def episode(self, family: GeneratedFamily, rng: random.Random, reentry: bool):
        """Process: one episode in care, played by the model the single case plays (:class:`care.Episode`)."""
        env, s = self.env, self.s
        start = env.now
        age0 = family.child_age + (start / WEEKS_PER_YEAR if reentry else 0.0)
        setting = permanency.first_setting(rng, s, age0, family.kin_available, family.child_special_needs)
        # changes of worker come from their own stream, so a what-if on turnover leaves the rest of the dice alone
        worker_rng = self.rng(family.id, f"worker:{int(reentry)}")
        episode = _Episode(env, rng, worker_rng, s, self.p, age0, family.kin_available, setting, self.turnover,
                           family)
        rec = EpisodeRecord(family.id, reentry, round(start, 3), round(age0, 3))
        self.episodes.append(rec)  # in order of entry: a re-entry's row comes after the exit it follows
        yield from episode.run()
        rec.summary = episode.summary()
        t = episode.t

        # re-entry after going home: the single case's rule (care.reentry_hazard), a serious incident at home
        # that no safety plan holds; likelier where danger remains and capacity did not grow. The population
        # follows a year at home (what the measure counts).
        exit_reason = episode.exit_reason
        if (exit_reason in (REUNIFICATION, RELATIVES, GUARDIANSHIP) and not reentry
                and age0 + t / WEEKS_PER_YEAR < s["emancipation_age"] - 1.0):
            capacity = episode.capacity()
            if exit_reason != REUNIFICATION:  # the relatives or guardian who took custody keep the child
                capacity = max(capacity, GUARDIAN_CAPACITY)
            hazard = care.reentry_hazard(home_weekly_risk(s, family.danger), HOME_STRESS, capacity, 0.0)
            wait = rng.expovariate(hazard) if hazard > 0.0 else math.inf
            if wait < WEEKS_PER_YEAR:
                yield env.timeout(wait)
                rec.reentered_within_12_months = True
                yield from self.episode(family, rng, reentry=True)


class _Episode(care.Episode):
    """The population's fast path: no timeline; the parents' capacity grows with their engagement."""

    def __init__(self, env, rng, worker_rng, system, params, age0, kin_ok, setting, turnover, family):
        super().__init__(env, rng, worker_rng, system, params, age0, kin_ok, setting, turnover)
        self.capacity0 = family.capacity
        # removal shakes the parents' trust; each change of worker and each move costs some more
        self.engagement = max(0.0, family.engagement - care.REMOVAL_ENGAGEMENT_COST * POPULATION_ENGAGEMENT_SHARE)

    def capacity(self) -> float:
        # parents who take part in the plan grow their capacity over the first year and a half, with diminishing
        # returns (care.grown: the single case's rule over a stretch of time); parents who barely take part do
        # not grow, so some children go home soon and others wait long (stays as skewed as real ones)
        rate = CAPACITY_GROWTH * (self.engagement - ENGAGEMENT_TO_GROW)
        return care.grown(self.capacity0, rate, min(self.t, 78.0) / WEEKS_PER_YEAR)

    def readiness(self) -> float:
        return care.readiness_of(self.capacity())

    def on_worker_change(self) -> None:
        self.engagement = max(0.0, self.engagement - care.HANDOVER_ENGAGEMENT_COST)

    def on_move(self, old: str, new: str, why: str) -> None:
        if new not in (TRIAL_HOME_VISIT, PRE_ADOPTIVE):
            self.engagement = max(0.0, self.engagement - care.MOVE_ENGAGEMENT_COST)


def simulate_population(
    families: int = 20000,
    seed: int = 0,
    *,
    settings: Optional[Mapping[str, float]] = None,
    params: Optional[Mapping[str, float]] = None,
    years: float = 1.0,
    rates: Optional[Mapping[str, float]] = None,
) -> Population:
    """Send ``families`` reports (arriving over ``years``) through the system and follow them to the end.

    ``settings`` overrides system defaults (:data:`simulator.defaults.SYSTEM`)
    and ``params`` the case parameters the population reads
    (``worker_turnover``, ``kin_availability``, ``visit_frequency``,
    ``placement_move_rate``, ``court_review_interval``,
    ``permanency_hearing_week``); both are checked by name and range. The same
    arguments give the same result.
    """
    import pandas as pd
    if isinstance(families, bool) or not isinstance(families, int) or families < 1:
        raise ValueError(f"families must be a whole number of at least 1, got {families!r}")
    if not years > 0:
        raise ValueError(f"years must be positive, got {years!r}")
    system = system_settings(settings)
    scale = dict(rates or {})
    for name, factor in scale.items():
        if name not in MAIN_RATES:
            raise ValueError(f"unknown main rate {name!r}; known: {', '.join(MAIN_RATES)}")
        if not factor >= 0:
            raise ValueError(f"a rate's factor must be zero or more, got {factor!r}")
        for setting in MAIN_RATES[name]:
            if setting in MAIN_DURATIONS:  # twice the pace: half the time (a zero rate: no end)
                system[setting] = system[setting] / factor if factor > 0 else math.inf
            elif setting in system:
                system[setting] *= factor
    case_params = {name: PARAMETERS[name].default for name in CASE_PARAMETERS}
    for name, value in (params or {}).items():
        if name not in CASE_PARAMETERS:
            raise ValueError(f"the population does not read case parameter {name!r}; it reads: "
                             f"{', '.join(CASE_PARAMETERS)}")
        case_params[name] = PARAMETERS[name].check(value)
    if "moves" in scale:
        case_params["placement_move_rate"] *= scale["moves"]
    env = simpy.Environment()
    world = _System(env, families, seed, system, case_params, years, scale.get("entry", 1.0))
    env.process(world.arrivals())
    env.run()
    family_frame = _frame(world.families, FamilyRecord)
    episode_frame = _episode_frame(world.episodes)
    return Population(family_frame, episode_frame, system, case_params)


def _frame(records: list, kind: type) -> pd.DataFrame:
    """Flat records as a frame (plain values only, so no deep copy as ``asdict`` makes)."""
    import pandas as pd
    columns = list(kind.__dataclass_fields__)
    row = attrgetter(*columns)
    return pd.DataFrame([row(r) for r in records], columns=columns)


def _episode_frame(records: list[EpisodeRecord]) -> pd.DataFrame:
    """The episodes as a frame, one row an episode, the summary's fields as columns (:data:`EPISODE_COLUMNS`)."""
    import pandas as pd
    own = ("family", "reentry", "entry_week", "entry_age")
    summary = tuple(care.EpisodeSummary.__dataclass_fields__)
    own_of, summary_of = attrgetter(*own), attrgetter(*summary)
    frame = pd.DataFrame([(*own_of(r), *summary_of(r.summary), r.reentered_within_12_months) for r in records],
                         columns=[*own, *summary, "reentered_within_12_months"])
    return frame[list(EPISODE_COLUMNS)]


def measures(population: Population) -> dict[str, float]:
    """System measures of a population run, named as the calibration table names them.

    Point-in-time shares and the stock-to-entries ratio are computed from the
    episodes followed to their end: with steady entries, the children in care
    on a given day are the entries weighted by their time in care (Little's
    law), so the stock divided by a year's entries is the mean stay in years.
    """
    f, e = population.families, population.episodes
    out: dict[str, float] = {}
    out["families"] = float(len(f))
    out["screen_in_rate"] = f.screened_in.mean()
    responded = f[f.screened_in]
    out["victim_share_of_responses"] = responded.victim.mean() if len(responded) else math.nan
    victims = f[f.victim]
    for kind in TYPES:
        out[f"victim_type_{kind}"] = victims.types.str.contains(kind).mean() if len(victims) else math.nan
    closed_home = responded[~responded.placed]
    out["recurrence_within_12_months"] = closed_home.recurrence_within_12_months.mean() if len(closed_home) else math.nan
    out["placement_share_of_responses"] = responded.placed.mean() if len(responded) else math.nan
    out["entries"] = float(len(e))
    if not len(e):
        return out
    exits = e.exit_reason.value_counts(normalize=True)
    for reason in (REUNIFICATION, ADOPTION, GUARDIANSHIP, RELATIVES, EMANCIPATION, OTHER_EXIT):
        out[f"exit_{reason}"] = float(exits.get(reason, 0.0))
    time_total = e.weeks_in_care.sum()
    for name in SETTINGS:
        out[f"in_care_{name}"] = e[f"weeks_{name}"].sum() / time_total
    out["stock_to_entries_years"] = e.weeks_in_care.mean() / WEEKS_PER_YEAR
    first_year_weeks = e.weeks_in_care.clip(upper=WEEKS_PER_YEAR)
    out["moves_per_1000_days"] = 1000.0 * e.moves_first_year.sum() / (7.0 * first_year_weeks.sum())
    permanent = e.exit_reason.isin(PERMANENT_EXITS)
    out["permanency_within_12_months"] = (permanent & (e.weeks_in_care <= WEEKS_PER_YEAR)).mean()
    home = e[e.exit_reason.isin((REUNIFICATION, RELATIVES, GUARDIANSHIP)) & ~e.reentry]
    out["reentry_within_12_months"] = home.reentered_within_12_months.mean() if len(home) else math.nan
    out["entry_age_under_1"] = (e.entry_age < 1).mean()
    out["entry_age_13_plus"] = (e.entry_age >= 13).mean()
    out["maltreatment_in_care_per_100k_days"] = 1e5 * e.victimizations.sum() / (7.0 * time_total)
    out["kin_moves_per_1000_days"] = _moves_per_1000(e[e.first_setting == KIN])
    out["foster_moves_per_1000_days"] = _moves_per_1000(e[e.first_setting == FOSTER])
    return out


def _moves_per_1000(episodes: pd.DataFrame) -> float:
    """Moves per 1,000 days in care over these episodes (all moves, all days)."""
    days = 7.0 * episodes.weeks_in_care.sum()
    return 1000.0 * episodes.moves.sum() / days if days else math.nan
