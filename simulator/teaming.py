"""The family's team: people from their own network who join it, and family team meetings."""

from __future__ import annotations

from .case import Case

# each person who joins adds to the network's support, and to the plan if there is one (a plan's gains come
# with diminishing returns: Case.strengthen)
JOIN_SUPPORT = 0.04
JOIN_PLAN = 0.03
MEETING_PLAN = 0.05
MEETING_ENGAGEMENT = 0.02
# families invite their own people in only once they trust the work somewhat
MIN_ENGAGEMENT_TO_INVITE = 0.3


def invite(case: Case, rng=None) -> None:
    """At a contact, people from the family's network may join the team.

    The chance grows with the person's own willingness, the family's engagement
    (it is the family who asks them) and how active the network already is.
    ``rng`` is the case's ``team`` stream (looked up when not given).
    """
    network = case.scenario.family.network
    p = case.params
    if not network or p["engagement"] < MIN_ENGAGEMENT_TO_INVITE or len(case.team) == len(network):
        return
    if rng is None:
        rng = case.rng["team"]
    base = 0.5 * p["engagement"] * (0.2 + 0.8 * p["network_support"])
    for member in network:
        if member.id in case.team or rng.random() >= base * member.willingness:
            continue
        case.team.append(member.id)
        case.result.outcomes.team_members = len(case.team)
        case.nudge("network_support", JOIN_SUPPORT)
        detail = ""
        if p["safety_plan"] > 0:
            case.strengthen("safety_plan", JOIN_PLAN)
            detail = "and takes on a part in the safety plan"
        if case.record:
            whose = case.scenario.family.members[0].name.split()[0] + "'s" if case.adult else "the family's"
            case.log("team", f"{member.name} ({member.relationship}) joins {whose} team", detail)
        if not case.team_formed.triggered:
            case.team_formed.succeed()


def team_names(case: Case) -> str:
    """The team's members by name, for the timeline."""
    names = {m.id: m.name for m in case.scenario.family.network}
    people = [names[i] for i in case.team]
    return ", ".join(people[:-1]) + (" and " if len(people) > 1 else "") + people[-1] if people else ""


def team_meetings(case: Case):
    """Process: once the family has a team, it meets every ``team_meeting_interval`` weeks."""
    yield case.team_formed
    p = case.params
    timeout = case.env.timeout
    while case.open_case:
        interval = p["team_meeting_interval"]
        yield timeout(interval if interval > 0 else 4)
        if interval <= 0 or not case.open_case:
            continue
        case.result.outcomes.team_meetings += 1
        if p["safety_plan"] > 0:
            case.strengthen("safety_plan", MEETING_PLAN)
        case.nudge("engagement", MEETING_ENGAGEMENT)
        if case.record:
            who = case.scenario.family.members[0].name.split()[0] if case.adult else "the family"
            case.log("team", "Team meeting" if case.adult else "Family team meeting",
                     f"{who} with {team_names(case)}: what is working, what next")
