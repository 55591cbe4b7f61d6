"""One model of a child's time in care, played by the single case and by the population.

An :class:`Episode` is a child's episode in foster care from removal to exit:
the court's clock (the shelter-care hearing, adjudication and disposition,
reviews, the permanency hearing, a hearing on every return home), the goal and
its changes, placement moves, changes of worker, family time, trial home
visits, exits, and maltreatment in care. It moves from event to event: the
hazards in force are summed, one exponential draw says when the next
unscheduled event comes, and scheduled ones (a hearing, the end of a trial
home visit, a birthday that matters) bound the step. The same code runs:

- in the case a trainee plays (:mod:`simulator.placement` subclasses it to
  write the timeline and to read the family's progress from the case as the
  other processes change it), and
- in the population behind ``casework calibrate`` (:mod:`simulator.population`
  runs thousands of episodes through it with no timeline: the fast path),

so the figures the calibration checks are the figures of the model trainees play.

Removal has costs in the model: moves (likelier early, fewer with relatives),
connections lost with each new home, separation's harm to the child's
well-being and to the parents' engagement, and maltreatment in care.

Maltreatment in care happens at the federal figure: the Children's Bureau's
CFSR Round 4 statewide data indicator "maltreatment in foster care" counts
victimizations per 100,000 days in foster care; national performance for
Round 4 is 9.07 (Round 3's national standard, 79 FR 61241, 2014, was 8.50).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Mapping, Optional

from . import permanency
from .defaults import (
    ADOPTION,
    CONGREGATE,
    EMANCIPATION,
    FOSTER,
    GUARDIANSHIP,
    KIN,
    OTHER,
    OTHER_EXIT,
    PRE_ADOPTIVE,
    RELATIVES,
    REUNIFICATION,
    SETTINGS,
    TRIAL_HOME_VISIT,
)

WEEKS_PER_YEAR = 52.0
# CFSR Round 4 national performance: 9.07 victimizations per 100,000 days in foster care
MALTREATMENT_IN_CARE_PER_100K_DAYS = 9.07
MALTREATMENT_IN_CARE_WEEKLY = MALTREATMENT_IN_CARE_PER_100K_DAYS * 7.0 / 100_000.0
SERIOUS_SHARE_IN_CARE = 0.3
EARLY_WEEKS = 8  # the first weeks in care: more moves, and the crises that resolve quickly
INDEPENDENT_LIVING_AGE = 16.0  # when young people heading for adulthood may move to supervised independent living
# a new worker: the family tells their story again, engagement drops, visits and plans toward home wait
HANDOVER_WEEKS = 4.0
HANDOVER_ENGAGEMENT_COST = 0.1
# the court's clock from removal: the shelter-care hearing within 72 hours, adjudication and disposition
# within about 60 days, then reviews and the permanency hearing (the case parameters set those)
SHELTER_HEARING_WEEKS = 3.0 / 7.0
ADJUDICATION_WEEKS = 8.0
# the agency asks the court to return a child home; the court hears it within one to three weeks
RETURN_HEARING_WEEKS = (1.0, 3.0)
# removal's costs to the child's well-being (0-1, 1 = no harm done by the case's events)
SEPARATION_HARM = {KIN: 0.05, FOSTER: 0.1, CONGREGATE: 0.15}
MOVE_HARM = 0.05
MALTREATMENT_HARM = 0.15
WEEKLY_HARM_AWAY = {KIN: 0.0005, FOSTER: 0.0015, CONGREGATE: 0.0025, PRE_ADOPTIVE: 0.0005, OTHER: 0.001}
# parents' trust: the removal itself, each move, and family time that keeps them working toward return
REMOVAL_ENGAGEMENT_COST = 0.15
REMOVAL_RELATIONSHIP_COST = 0.1  # and the working relationship that each contact pulls engagement toward
MOVE_ENGAGEMENT_COST = 0.03
FAMILY_TIME_ENGAGEMENT = 0.005  # a week, per visit a week (up to two)

# once the court has set another goal than going home, a return home still happens, this much less often (the
# chance of going home falls the longer a child stays: many short stays and a long tail, as real stays are)
OTHER_GOAL_RETURN = 0.1
# what can happen next (the unscheduled events)
MOVE, HOME, CRISIS_RESOLVED, TRIAL_FAILS, TO_RELATIVES, GUARDIANSHIP_DONE, ADOPTIVE, OTHER_WAY, HARMED = range(9)


def weekly(yearly: float) -> float:
    """A chance per year as a weekly hazard."""
    return -math.log(max(1e-9, 1.0 - min(yearly, 0.999999))) / WEEKS_PER_YEAR


def readiness_of(capacity: float) -> float:
    """How far (0-1) the parents have come toward a safe return home, from their protective capacity."""
    r = (capacity - 0.38) / 0.35
    return 1.0 if r > 1.0 else (0.0 if r < 0.0 else r)


# --- strength that grows: protective capacity and the safety plan -----------------------------------
# Gains come with diminishing returns: each is a share of the room left below certainty (1.0), so a strong plan
# keeps lowering the risk without ever making it vanish (capacity takes off at most 75% of the hazard, the plan
# 70%, and some incidents stay serious: SERIOUS_FLOOR). A gain is what it says at GROWTH_REFERENCE, more below it,
# less above (at 0.8 half, at 0.9 a quarter).
GROWTH_REFERENCE = 0.6


def grow(value: float, gain: float) -> float:
    """``value`` (0-1) after a gain of ``gain`` with diminishing returns (a loss, ``gain`` < 0, is taken as it is).

    The continuous form of ``value += gain * (1 - value) / (1 - GROWTH_REFERENCE)``: it approaches 1.0 and
    never reaches it. :func:`grown` is the same rule over a stretch of time.
    """
    if gain <= 0.0:
        value += gain
        return value if value > 0.0 else 0.0
    return 1.0 - (1.0 - value) * math.exp(-gain / (1.0 - GROWTH_REFERENCE))


def grown(value: float, rate: float, years: float) -> float:
    """``value`` after ``years`` of growth at ``rate`` a year, with :func:`grow`'s diminishing returns."""
    return grow(value, rate * years) if rate > 0.0 else value


# --- harm at home, and coming back into care: one rule for the case and the population -------------
PLAN_HOLDS = 0.35  # a safety plan this strong (people carrying it) holds through a serious incident
SERIOUS_FLOOR = 0.05  # however strong the family and the plan, some incidents are serious


def incident_hazard(weekly_risk: float, stress: float, capacity: float, plan_strength: float) -> float:
    """Weekly chance of a maltreatment incident while the child lives at home.

    Stress raises it; the caregivers' protective capacity and a safety plan that
    people carry lower it, never to nothing (capacity takes off at most 75%,
    the plan 70%).
    """
    hazard = weekly_risk * (0.4 + 1.2 * stress) * (1.0 - 0.75 * capacity) * (1.0 - 0.7 * plan_strength)
    return 1.0 if hazard > 1.0 else (0.0 if hazard < 0.0 else hazard)


def serious_share(capacity: float, plan_strength: float) -> float:
    """Chance that an incident at home is serious (at least :data:`SERIOUS_FLOOR`)."""
    share = 0.25 + 0.4 * (1.0 - capacity) - 0.3 * plan_strength
    return SERIOUS_FLOOR if share < SERIOUS_FLOOR else share


def plan_holds(plan_strength: float) -> bool:
    """Whether the safety plan, as carried, holds the child safe at home through a serious incident."""
    return plan_strength >= PLAN_HOLDS


def reentry_hazard(weekly_risk: float, stress: float, capacity: float, plan_strength: float) -> float:
    """Weekly chance that a child who has gone home comes back into care: the one re-entry rule.

    A child comes back into care when a serious incident happens at home that
    the safety plan cannot hold: :func:`incident_hazard` times
    :func:`serious_share`, unless :func:`plan_holds`. The single case plays the
    rule week by week, in its parts (:func:`simulator.family.family_life` draws
    the incident and whether it is serious, and the agency's response asks
    :func:`plan_holds`); the population, which plays no weeks at home, draws the
    time to the first such incident from this hazard (:mod:`simulator.population`).
    """
    if plan_holds(plan_strength):
        return 0.0
    return incident_hazard(weekly_risk, stress, capacity, plan_strength) * serious_share(capacity, plan_strength)


@dataclass(frozen=True, slots=True)
class EpisodeSummary:
    """What one episode in care came to, from entry to exit (:meth:`Episode.summary`)."""

    first_setting: str
    exit_reason: str
    weeks_in_care: float  # from entry to exit, a trial home visit included (to 3 places)
    moves: int
    moves_first_year: int
    worker_changes: int
    goal: str  # the permanency goal at the exit
    weeks_kin: float
    weeks_foster: float
    weeks_congregate: float
    weeks_trial_home_visit: float
    weeks_pre_adoptive: float
    weeks_other: float
    victimizations: int  # maltreatment in care
    connections_lost: int
    wellbeing: float  # 1 = no harm from the episode's events (to 4 places)


class Episode:
    """One child's episode in care. The hooks (``on_*``, ``readiness``) are where a caller sees it.

    The base class keeps counts only (the population's fast path); the single
    case's subclass also writes the timeline and changes the case.
    """

    reassess_weeks = 13.0  # the family's progress is read again at least this often

    def __init__(self, env, rng: random.Random, worker_rng: random.Random, system: Mapping[str, float],
                 params: Mapping[str, float], age0: float, kin_ok: bool, setting: str, turnover_weekly: float):
        self.env = env
        self.rng = rng
        self.worker_rng = worker_rng
        self.s = system
        self.p = params
        self.age0 = age0
        self.kin_ok = kin_ok
        self.setting = self.first_setting = setting
        self.turnover_weekly = turnover_weekly
        self.start = self.last = env.now
        self.t = 0.0
        self.weeks_in = dict.fromkeys(SETTINGS, 0.0)
        self.goal = REUNIFICATION
        self.exit_reason = ""
        self.moves = self.moves_first_year = self.worker_changes = 0
        self.victimizations = self.serious_victimizations = 0
        self.hearings = self.reviews = 0
        self.permanency_hearing = False
        self.family_time = 0.0
        self.connections_lost = 0 if setting == KIN else 1
        self.wellbeing_harm = SEPARATION_HARM.get(setting, 0.1)
        self.paused_until = 0.0

    # --- hooks ----------------------------------------------------------------------------------

    def readiness(self) -> float:
        return 0.0

    def on_entry(self) -> None:
        pass

    def on_move(self, old: str, new: str, why: str) -> None:
        pass

    def on_hearing(self, title: str, detail: str) -> None:
        pass

    def on_worker_change(self) -> None:
        pass

    def on_return_asked(self, crisis_resolved: bool) -> None:
        pass

    def on_victimization(self, serious: bool) -> None:
        pass

    def on_trial(self, started: bool) -> None:
        pass

    def on_exit(self, reason: str) -> None:
        pass

    def family_time_done(self, weeks: float, visits: float) -> None:
        pass

    # --- bookkeeping ----------------------------------------------------------------------------

    def settle(self) -> None:
        """Count the time since the last event: weeks in each setting, family time, harm of time away."""
        now = self.env.now
        step = now - self.last
        if step <= 0:
            return
        self.last = now
        self.t = now - self.start
        setting = self.setting
        self.weeks_in[setting] += step
        if setting != TRIAL_HOME_VISIT:
            visits = self.p["visit_frequency"]
            away = WEEKLY_HARM_AWAY.get(setting, 0.001) * step * (1.0 - 0.15 * min(visits, 2.0))
            self.wellbeing_harm += away
            self.family_time += visits * step
            self.family_time_done(step, visits)

    def _move(self, why: str, to: Optional[str] = None) -> None:
        old = self.setting
        age = self.age0 + self.t / WEEKS_PER_YEAR
        new = to or permanency.next_setting(self.rng, self.s, old, age, self.kin_ok or self.rng.random() < 0.1)
        self.setting = new
        self.moves += 1
        self.moves_first_year += self.t <= WEEKS_PER_YEAR
        if new != KIN or old != KIN:
            self.connections_lost += 1
        self.wellbeing_harm += MOVE_HARM
        self.on_move(old, new, why)

    def _exit(self, reason: str) -> None:
        self.exit_reason = reason
        self.on_exit(reason)

    # --- the episode --------------------------------------------------------------------------

    def run(self):
        """Process: the episode from entry to exit."""
        env, s, p, rng = self.env, self.s, self.p, self.rng
        self.on_entry()
        hearing_week = p["permanency_hearing_week"]
        court = [SHELTER_HEARING_WEEKS, ADJUDICATION_WEEKS]  # the court's next dates, in weeks of care
        next_review = p["court_review_interval"]
        tpr_at = adoptive_ends = trial_ends = return_hearing = None
        direct_return = False
        next_worker = self.worker_rng.expovariate(self.turnover_weekly) if self.turnover_weekly > 0 else math.inf
        visit = 0.6 + 0.4 * min(1.0, p["visit_frequency"])
        budget = rng.expovariate(1.0)
        draw_kind = -1

        while not self.exit_reason:
            t = self.t
            setting = self.setting
            age = self.age0 + t / WEEKS_PER_YEAR
            ready = self.readiness()
            # the hazards in force until the next scheduled change
            rates: list[tuple[float, int]] = []
            if setting == TRIAL_HOME_VISIT:
                rates.append((s["trial_home_visit_failure"], TRIAL_FAILS))
            else:
                if setting != PRE_ADOPTIVE:
                    early = s["early_move_factor"] if t < EARLY_WEEKS else 1.0
                    rates.append((p["placement_move_rate"] * permanency.move_factor(s, setting) * early, MOVE))
                if return_hearing is None and t >= self.paused_until:
                    home = s["reunification_rate"] * ready * visit * permanency.home_age_factor(age)
                    rates.append((home if self.goal == REUNIFICATION else OTHER_GOAL_RETURN * home, HOME))
                    if t < EARLY_WEEKS:
                        rates.append((s["early_return_rate"] * visit, CRISIS_RESOLVED))
                if t < 104:
                    rates.append((s["relatives_exit_rate"] * (2.0 if setting == KIN else 1.0), TO_RELATIVES))
                if self.goal == GUARDIANSHIP:
                    rates.append((s["guardianship_rate"], GUARDIANSHIP_DONE))
                if self.goal == ADOPTION and tpr_at is not None and t >= tpr_at and adoptive_ends is None:
                    rates.append((s["adoption_placement_rate"] * permanency.adoption_age_factor(age), ADOPTIVE))
                rates.append((MALTREATMENT_IN_CARE_WEEKLY, HARMED))
            rates.append((s["other_exit_rate"] * (4.0 if age >= 14 else 1.0), OTHER_WAY))

            # the next scheduled change: a court date, the end of a phase, a birthday that matters
            next_court = min(court[0] if court else math.inf, next_review, hearing_week
                             if not self.permanency_hearing else math.inf)
            until = min(next_court, t + self.reassess_weeks, next_worker)
            if t < EARLY_WEEKS:
                until = min(until, EARLY_WEEKS)
            for when in (tpr_at, adoptive_ends, trial_ends, return_hearing):
                if when is not None and t < when < until:
                    until = when
            if t < self.paused_until < until:
                until = self.paused_until
            for birthday in (INDEPENDENT_LIVING_AGE, s["emancipation_age"]):
                if birthday - age > 1e-6:
                    until = min(until, t + (birthday - age) * WEEKS_PER_YEAR)
            horizon = until - t
            if horizon < 1e-9:  # a boundary met within rounding: step just past it
                horizon = 1e-9
            total = 0.0
            for r, _ in rates:
                total += r
            wait = budget / total if total > 0 else math.inf
            step = wait if wait < horizon else horizon
            budget = rng.expovariate(1.0) if wait < horizon else budget - total * step
            interrupted = yield from self.wait(step)
            self.settle()
            t = self.t
            age = self.age0 + t / WEEKS_PER_YEAR
            if interrupted is not None:
                # something at home ended a trial home visit (a serious incident the plan could not hold)
                if self.setting == TRIAL_HOME_VISIT:
                    trial_ends = None
                    self.on_trial(False)
                    self._move(interrupted, FOSTER if not self.kin_ok else KIN)
                continue

            if wait < horizon:
                draw = rng.random() * total
                for rate, draw_kind in rates:
                    draw -= rate
                    if draw <= 0:
                        break
                if draw_kind == MOVE:
                    self._move("the placement ends")
                elif draw_kind == HOME or draw_kind == CRISIS_RESOLVED:
                    return_hearing = t + RETURN_HEARING_WEEKS[0] + rng.random() * (
                        RETURN_HEARING_WEEKS[1] - RETURN_HEARING_WEEKS[0])
                    direct_return = draw_kind == CRISIS_RESOLVED
                    self.on_return_asked(direct_return)
                elif draw_kind == TRIAL_FAILS:
                    trial_ends = None
                    self.on_trial(False)
                    self._move("the trial home visit breaks down", KIN if self.kin_ok and rng.random() < 0.5
                               else FOSTER)
                elif draw_kind == TO_RELATIVES:
                    self._exit(RELATIVES)
                elif draw_kind == GUARDIANSHIP_DONE:
                    self.hearings += 1
                    self.on_hearing("Guardianship hearing", "the court grants legal guardianship")
                    self._exit(GUARDIANSHIP)
                elif draw_kind == ADOPTIVE:
                    adoptive_ends = t + s["adoption_finalisation_weeks"] * (0.5 + rng.random())
                    if self.setting != KIN:
                        self._move("an adoptive family is found", PRE_ADOPTIVE)
                        self.moves -= 1  # a move toward adoption is not counted against stability
                        self.moves_first_year -= self.t <= WEEKS_PER_YEAR
                    else:
                        self.on_move(KIN, KIN, "the relatives caring for the child will adopt")
                elif draw_kind == HARMED:
                    serious = rng.random() < SERIOUS_SHARE_IN_CARE
                    self.victimizations += 1
                    self.serious_victimizations += serious
                    self.wellbeing_harm += MALTREATMENT_HARM * (2.0 if serious else 1.0)
                    self.on_victimization(serious)
                    # the child is moved from a home where they were harmed
                    self._move("the child is harmed in the placement")
                elif draw_kind == OTHER_WAY:
                    self._exit(OTHER_EXIT)
                continue

            # a scheduled change
            if t >= next_worker - 1e-9:
                self.worker_changes += 1
                self.paused_until = t + HANDOVER_WEEKS
                next_worker = t + self.worker_rng.expovariate(self.turnover_weekly)
                self.on_worker_change()
            elif return_hearing is not None and t >= return_hearing - 1e-9:
                return_hearing = None
                self.hearings += 1
                if not direct_return and rng.random() < s["trial_home_visit_share"]:
                    trial_ends = t + s["trial_home_visit_weeks"] * (0.5 + rng.random())
                    self.on_hearing("Court hearing on the return home",
                                    "the court orders a trial home visit; the child stays in the agency's care")
                    old = self.setting
                    self.setting = TRIAL_HOME_VISIT
                    self.on_move(old, TRIAL_HOME_VISIT, "trial home visit")
                    self.on_trial(True)
                else:
                    self.on_hearing("Court hearing on the return home", "the court returns the child home")
                    self._exit(REUNIFICATION)
            elif trial_ends is not None and t >= trial_ends - 1e-9:
                self.hearings += 1
                self.on_hearing("Court review of the trial home visit",
                                "the visit has held; the court returns custody to the parents")
                self._exit(REUNIFICATION)
            elif adoptive_ends is not None and t >= adoptive_ends - 1e-9:
                self.hearings += 1
                self.on_hearing("Adoption hearing", "the court finalises the adoption")
                self._exit(ADOPTION)
            elif age >= s["emancipation_age"] - 1e-9:
                self._exit(EMANCIPATION)
            elif t >= next_court - 1e-9:
                self.hearings += 1
                if court and t >= court[0] - 1e-9:
                    first = court.pop(0)
                    if first == SHELTER_HEARING_WEEKS:
                        self.on_hearing("Shelter-care hearing", "the court hears why the child was removed and "
                                        "keeps the child in care for now; family time is ordered")
                    else:
                        self.on_hearing("Adjudication and disposition hearing",
                                        "the court finds the child in need of care and approves the case plan; "
                                        "the goal is going home")
                elif not self.permanency_hearing and t >= hearing_week - 1e-9:
                    self.permanency_hearing = True
                    self.reviews += 1
                    self.goal = permanency.permanency_goal(rng, age, self.setting, self._ready_at_hearing(age))
                    next_review = t + p["court_review_interval"]
                    self.on_hearing("Permanency hearing",
                                    f"the court sets the goal: {permanency.GOAL_WORDS[self.goal]}")
                    if self.goal == ADOPTION:
                        tpr_at = t + s["tpr_weeks"] * (0.5 + rng.random())
                else:
                    self.reviews += 1
                    next_review = t + p["court_review_interval"]
                    detail = f"the goal stays {permanency.GOAL_WORDS[self.goal]}"
                    if self.permanency_hearing and self.goal == REUNIFICATION and not self._ready_at_hearing(age):
                        self.goal = permanency.permanency_goal(rng, age, self.setting, False)
                        detail = f"the court changes the goal to {permanency.GOAL_WORDS[self.goal]}"
                        if self.goal == ADOPTION:
                            tpr_at = t + s["tpr_weeks"] * (0.5 + rng.random())
                    self.on_hearing("Court review", detail)
            elif abs(age - INDEPENDENT_LIVING_AGE) < 1e-6 and self.setting in (FOSTER, CONGREGATE):
                # supervised independent living before leaving care, for most young people heading for adulthood
                if rng.random() < (0.9 if self.goal == permanency.APPLA else 0.8):
                    old = self.setting
                    self.setting = OTHER
                    self.on_move(old, OTHER, "supervised independent living")

    def summary(self) -> EpisodeSummary:
        """The episode's counts and times so far (at its exit: what it came to)."""
        weeks_in = self.weeks_in
        return EpisodeSummary(
            self.first_setting, self.exit_reason, round(self.t, 3), self.moves, self.moves_first_year,
            self.worker_changes, self.goal, weeks_in[KIN], weeks_in[FOSTER], weeks_in[CONGREGATE],
            weeks_in[TRIAL_HOME_VISIT], weeks_in[PRE_ADOPTIVE], weeks_in[OTHER], self.victimizations,
            self.connections_lost, round(self.wellbeing, 4),
        )

    def _ready_at_hearing(self, age: float) -> bool:
        return self.readiness() >= permanency.ready_at_hearing(age) or self.setting == TRIAL_HOME_VISIT

    def wait(self, step: float):
        """Wait ``step`` weeks (a generator: ``yield from``); returns why the wait was cut short, or None."""
        yield self.env.timeout(step)
        return None

    @property
    def wellbeing(self) -> float:
        return max(0.0, 1.0 - self.wellbeing_harm)
