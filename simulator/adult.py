"""Adult services: a vulnerable adult's case (a scenario with ``service: adult``).

Maryland's Integrated Practice Model covers adult services beside child
welfare. Its overview of the model (the Adult Services commitment, in the
section "Overview of our SSA Integrated Practice Model") says, in our words:
adult services protect adults made vulnerable by age or disability from
abuse, neglect, self-neglect and exploitation; they promote the adult's
safety, stability and independence; they keep the adult's dignity, privacy
and right to make choices; and they help the adult live safely in the
community, in the least restrictive setting, with support, and without the
agency staying in the adult's life for good. "We Engage" (Respect and Honor)
adds the adult's own voice and choice in every decision.

So an adult's case here has no foster care, no child's court and no
permanency. What it has instead:

- **safety incidents** at home (a fall, a missed dose, a fire risk), from the
  same weekly hazard as any case (:mod:`simulator.family`);
- when a serious incident happens and no plan holds, a **hospital stay**, and
  then the adult's own choice: home with more help, or a short stay somewhere
  safer that the adult agrees to (a respite bed), and home again;
- **protective or guardianship petitions**: a decision that would move the
  adult against the adult's wishes (a ``place`` effect) is a petition to the
  court, heard some weeks later; the court grants it only if the adult cannot
  weigh the decision (protective capacity below :data:`CAPACITY_TO_DECIDE`),
  and otherwise dismisses it; either way the adult's trust is spent;
- outcomes of its own: ``protective_petition``, ``adult_setting`` (where the
  adult lives at the end), ``adult_choices_respected``, ``least_restrictive``
  and ``services_accepted``, beside the incidents every case counts;
- its own words on the timeline (no "child placed", no child risk instrument:
  the structured risk assessment in :mod:`simulator.risk` is written for
  children's cases and is not used).
"""

from __future__ import annotations

from . import care
from .case import Case

OWN_HOME, HOSPITAL, RESPITE = "own home", "hospital", "a short stay in assisted living, by choice"
PETITION_SETTINGS = {
    "kin": "with family, by the court's order",
    "foster": "an adult foster home or assisted living, by the court's order",
    "congregate": "a nursing home, by the court's order",
}
# below this protective capacity the court may find the adult cannot weigh the decision
CAPACITY_TO_DECIDE = 0.2
PETITION_HEARING_WEEKS = (4.0, 6.0)
PETITION_ENGAGEMENT_COST = 0.1
HOSPITAL_WEEKS = (1.0, 3.0)
RESPITE_WEEKS = (2.0, 6.0)
ADULT_SAFE, ADULT_SAFE_WITH_PLAN, ADULT_UNSAFE = "safe", "safe with a plan", "unsafe: protective petition"


def person(case: Case) -> str:
    """The adult's first name (the first member of the household)."""
    return case.scenario.family.members[0].name.split()[0]


def record_intake(case: Case, types: str) -> None:
    concerns = ", ".join(case.scenario.report.concerns)
    case.log("intake", "Report accepted by adult protective services",
             f"for an adult protective services assessment; concern: {concerns}")


def serious_incident(case: Case) -> None:
    """The agency's answer to a serious incident: the plan tightened, or hospital and then the adult's choice."""
    if care.plan_holds(case.safety_plan_strength()):
        case.strengthen("safety_plan", 0.1)
        case.log("decision", f"Safety plan tightened with {person(case)} and the people who look in")
        return
    if not case.child_at_home or case.adult_away:
        return
    case.adult_away = True
    case.env.process(_hospital(case))


def _hospital(case: Case):
    rng = case.rng["adult"]
    name = person(case)
    case.child_at_home = False
    case.adult_setting = HOSPITAL
    case.log("placement", f"{name} goes to hospital", "after the incident; the worker keeps in touch")
    yield case.env.timeout(HOSPITAL_WEEKS[0] + rng.random() * (HOSPITAL_WEEKS[1] - HOSPITAL_WEEKS[0]))
    # the adult chooses: home with more help, or a short stay somewhere safer first
    if rng.random() < 0.3 + 0.4 * case.params["engagement"] and case.params["network_support"] >= 0.2:
        case.log("placement", f"{name} chooses a short stay in assisted living before going home",
                 "a respite bed while the house is made safer")
        case.adult_setting = RESPITE
        yield case.env.timeout(RESPITE_WEEKS[0] + rng.random() * (RESPITE_WEEKS[1] - RESPITE_WEEKS[0]))
    case.strengthen("safety_plan", 0.1)
    case.child_at_home = True
    case.adult_setting = OWN_HOME
    case.adult_away = False
    case.log("placement", f"{name} goes home", "with a plan for the help that was missing")


def petition(case: Case, setting: str) -> None:
    """A decision to move the adult: in adult services, a petition to the court (heard some weeks later)."""
    if case.court_open:
        return
    case.court_open = True
    outcomes = case.result.outcomes
    outcomes.protective_petition = True
    case.choices_overridden = True
    case.safety_changed = True
    case.nudge("engagement", -PETITION_ENGAGEMENT_COST)
    case.log("court", "Guardianship petition filed",
             f"the agency asks the court for a guardian to decide for {person(case)}, and for a move to "
             f"{PETITION_SETTINGS[setting].split(',')[0]}")
    case.env.process(_hearing(case, setting))


def _hearing(case: Case, setting: str):
    rng = case.rng["adult:court"]
    yield case.env.timeout(PETITION_HEARING_WEEKS[0] + rng.random() * (PETITION_HEARING_WEEKS[1] -
                                                                       PETITION_HEARING_WEEKS[0]))
    name = person(case)
    if case.params["protective_capacity"] < CAPACITY_TO_DECIDE:
        case.log("court", "Guardianship hearing", f"the court finds {name} cannot weigh this decision now and "
                 "appoints a guardian; the move goes ahead")
        case.adult_setting = PETITION_SETTINGS[setting]
        case.child_at_home = False
        case.adult_away = True
    else:
        case.log("court", "Guardianship hearing", f"the court finds {name} able to make this decision and "
                 "dismisses the petition")
        case.nudge("engagement", -PETITION_ENGAGEMENT_COST)
    case.court_open = False


def safety_decision(case: Case) -> str:
    if case.court_open:
        return ADULT_UNSAFE
    return ADULT_SAFE_WITH_PLAN if case.params["safety_plan"] > 0 else ADULT_SAFE


def finish(case: Case) -> None:
    """The adult-services outcomes at the end of the simulated period."""
    outcomes = case.result.outcomes
    outcomes.service = "adult"
    outcomes.adult_setting = case.adult_setting
    outcomes.adult_choices_respected = not case.choices_overridden
    outcomes.least_restrictive = case.adult_setting in (OWN_HOME, RESPITE)
