"""Out-of-home placement in the case a trainee plays: the shared model of time in care (:mod:`simulator.care`).

The episode is :class:`simulator.care.Episode`, the same code the population
behind ``casework calibrate`` runs; :class:`CaseEpisode` writes its events on
the case's timeline and reads the parents' progress from the case, which the
family's own weeks, contacts and services keep changing.
"""

from __future__ import annotations

import math

import simpy

from . import care, intake, permanency
from .case import Case
from .defaults import KIN, PERMANENT_EXITS, REUNIFICATION, SETTING_WORDS, TRIAL_HOME_VISIT


def _who(case: Case, one: bool = False) -> str:
    """Who is in care, in words: the children the placement named ("Theo", "Elijah and Grace"), else "the child"."""
    words = case.who_words or "the child"
    return "a child" if one and _plural(case) else words


def _plural(case: Case) -> bool:
    return case.who_plural


def _verb(case: Case, singular: str, plural: str) -> str:
    return plural if _plural(case) else singular


class CaseEpisode(care.Episode):
    """An episode in care inside a simulated case: the timeline, the case's outcomes, the family's progress."""

    reassess_weeks = 4.0  # the family's progress changes week by week here: read it at least monthly

    def __init__(self, case: Case, setting: str):
        p = case.params
        age = case.child_age + case.now / 52 if case.child_age is not None else permanency.DEFAULT_AGE
        super().__init__(case.env, case.rng["placement"], case.rng["turnover:care"], case.system, p, age,
                         case.rng["placement:kin"].random() < p["kin_availability"] or setting == KIN, setting,
                         care.weekly(p["worker_turnover"]))
        self.case = case
        self.process: simpy.Process | None = None
        self.done = case.env.event()

    def readiness(self) -> float:
        return care.readiness_of(self.case.params["protective_capacity"])

    def family_time_done(self, weeks: float, visits: float) -> None:
        # family time keeps parents and child connected, and the parents working toward return
        self.case.nudge("engagement", care.FAMILY_TIME_ENGAGEMENT * min(visits, 2.0) * weeks)

    def on_entry(self) -> None:
        case = self.case
        case.nudge("engagement", -care.REMOVAL_ENGAGEMENT_COST)
        case.nudge("working_relationship", -care.REMOVAL_RELATIONSHIP_COST)
        who = _who(case)
        case.log("placement", f"{who[:1].upper() + who[1:]} placed {SETTING_WORDS[self.setting]}",
                 f"{who} {_verb(case, 'leaves', 'leave')} home, and the people and places {_verb(case, 'the child knows', 'they know') if who == 'the child' else 'they know'}"
                 if self.setting != KIN else f"{who} {_verb(case, 'stays', 'stay')} among family")

    def on_move(self, old: str, new: str, why: str) -> None:
        case = self.case
        case.placement_setting = new
        outcomes = case.result.outcomes
        outcomes.placement_moves = case.moves_before + self.moves
        outcomes.connections_lost = case.connections_before + self.connections_lost
        if new == TRIAL_HOME_VISIT:
            return  # on_trial logs it
        if old == TRIAL_HOME_VISIT:
            case.child_at_home = False
            case.log("placement", "The trial home visit ends", f"{why}; {_who(case)} {_verb(case, 'goes', 'go')} back {SETTING_WORDS[new]}")
        elif new == care.PRE_ADOPTIVE or why.startswith("the relatives"):
            case.log("placement", "Adoptive family found",
                     why if new == KIN else f"{_who(case)} {_verb(case, 'moves', 'move')} in with the family who will adopt")
        elif new == care.OTHER:
            case.log("placement", "Supervised independent living", "the young person moves to a place of their own")
        else:
            case.nudge("engagement", -care.MOVE_ENGAGEMENT_COST)
            case.log("placement", "Placement move", f"{why}: {_who(case)} {_verb(case, 'moves', 'move')} to a new home, {SETTING_WORDS[new]}")

    def on_hearing(self, title: str, detail: str) -> None:
        outcomes = self.case.result.outcomes
        outcomes.court_reviews = self.reviews
        outcomes.court_hearings = self.hearings
        if self.permanency_hearing:
            outcomes.permanency_hearing = True
            outcomes.permanency_goal = self.goal
        self.case.log("court", title, detail)

    def on_return_asked(self, crisis_resolved: bool) -> None:
        why = "the crisis behind the removal has passed" if crisis_resolved else \
            "the parents have made the changes the plan asked for"
        self.case.log("court", f"The agency asks the court to return {_who(self.case)} home", why)

    def on_worker_change(self) -> None:
        case = self.case
        case.result.outcomes.worker_changes += 1
        case.nudge("engagement", -care.HANDOVER_ENGAGEMENT_COST)
        case.handover_until = case.now + care.HANDOVER_WEEKS
        case.log("worker", "A new caseworker takes over the case",
                 f"the family tells their story again; visits pause for {care.HANDOVER_WEEKS:g} weeks")

    def on_victimization(self, serious: bool) -> None:
        case = self.case
        outcomes = case.result.outcomes
        outcomes.safety_incidents += 1
        outcomes.serious_incidents += serious
        outcomes.incidents_in_care += 1
        case.log("incident", "Serious safety incident in care" if serious else "Safety incident in care",
                 f"{_who(case, one=True)} is harmed while living {SETTING_WORDS[self.setting]}")

    def on_trial(self, started: bool) -> None:
        case = self.case
        if started:
            case.child_at_home = True
            case.log("placement", "Trial home visit begins", f"{_who(case)} {_verb(case, 'lives', 'live')} at home "
                     "again, still in the agency's care, while the court watches how it goes")

    def on_exit(self, reason: str) -> None:
        leave_care(self.case, reason)

    def interrupt(self, why: str) -> None:
        """Something at home ends a trial home visit."""
        if self.process is not None and self.process.is_alive and self.setting == TRIAL_HOME_VISIT:
            self.process.interrupt(why)

    def wait(self, step: float):
        try:
            yield self.env.timeout(step)
        except simpy.Interrupt as stop:
            return stop.cause
        return None


def in_care(case: Case, setting: str):
    """Process: the child lives in care, on the court's clock, until an exit the court allows."""
    outcomes = case.result.outcomes
    if case.last_exit_week is not None and case.now - case.last_exit_week <= 52:
        outcomes.reentered = True
    if case.first_placed_week is None:
        case.first_placed_week = case.now
        outcomes.removal_unneeded = _unneeded(case)
    case.child_at_home = False
    case.placing = False
    case.placement_setting = setting
    case.court_open = True
    outcomes.placed = True
    outcomes.placements += 1
    outcomes.placement_setting = outcomes.placement_setting or setting
    episode = case.episode = CaseEpisode(case, setting)
    episode.process = case.env.active_process
    outcomes.connections_lost = case.connections_before + episode.connections_lost
    intake.record_safety_decision(case)
    yield from episode.run()


def settle(case: Case) -> None:
    """Bring the outcomes of the time in care up to now (at an exit, and when the simulation stops)."""
    episode = case.episode
    if episode is None:
        return
    episode.settle()
    outcomes = case.result.outcomes
    outcomes.weeks_in_care = round(case.weeks_in_care_before + episode.t - episode.weeks_in[TRIAL_HOME_VISIT], 3)
    outcomes.family_time_visits = round(case.family_time_before + episode.family_time, 2)
    outcomes.child_wellbeing = round(max(0.0, case.wellbeing_before - episode.wellbeing_harm), 4)


def finish(case: Case) -> None:
    """The outcomes of care when the simulation stops."""
    if case.episode is not None:
        settle(case)
    else:
        case.result.outcomes.child_wellbeing = round(max(0.0, case.wellbeing_before), 4)


def leave_care(case: Case, reason: str) -> None:
    """The child's episode in care ends (a return home, or another way out of care), on the court's order."""
    outcomes = case.result.outcomes
    episode = case.episode
    settle(case)
    case.weeks_in_care_before = outcomes.weeks_in_care
    case.family_time_before = outcomes.family_time_visits
    case.wellbeing_before = outcomes.child_wellbeing
    case.moves_before = outcomes.placement_moves
    case.connections_before = outcomes.connections_lost
    case.episode = None
    if not outcomes.exit_reason:
        outcomes.exit_reason = reason
        if reason in PERMANENT_EXITS and math.isnan(outcomes.weeks_to_permanency):
            outcomes.weeks_to_permanency = round(case.now - case.first_placed_week, 3)
    case.placement_setting = None
    case.last_exit_week = case.now
    case.court_open = False  # the court's case ends with the exit it ordered or recognised
    if reason == REUNIFICATION:
        case.child_at_home = True
        outcomes.reunified = True
    who = _who(case)
    words = permanency.EXIT_WORDS[reason] if not _plural(case) else permanency.EXIT_WORDS_PLURAL[reason]
    case.log("placement", f"{who[:1].upper() + who[1:]} {words}")
    if not episode.done.triggered:
        episode.done.succeed()
    if reason != REUNIFICATION and case.open_case:
        case.close(f"the child has left care: {reason}")


def _unneeded(case: Case) -> bool:
    """A removal decided while the child could have been kept safe at home.

    Judged as the safety assessment judges a present danger (:data:`intake.THREAT_CHANCE`):
    the chance of a serious incident within four weeks, with the protection the
    safety plan and the people carrying it gave at the moment of removal, was
    below the level that makes a child unsafe; and no serious incident had
    happened in the last four weeks.
    """
    if case.last_incident_serious_week is not None and case.now - case.last_incident_serious_week <= 4:
        return False
    chance = intake.serious_chance(case.params, case.stress_now)
    strength = case.safety_plan_strength()
    protected = 1.0 - (1.0 - chance) ** (1.0 - 0.7 * strength) if chance < 1 else 1.0
    return protected < intake.THREAT_CHANCE


__all__ = ["CaseEpisode", "finish", "in_care", "leave_care", "settle"]
