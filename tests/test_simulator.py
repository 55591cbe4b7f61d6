"""The simpy case engine: deterministic, stoppable, resource-limited, and sensitive to practice."""

from __future__ import annotations

import pytest

from grading.personas import persona_decisions
from simulator import simulate, simulate_many


def test_same_inputs_and_seed_give_the_same_case_bit_for_bit(harlow):
    decisions = persona_decisions("random", harlow, seed=3)
    a = simulate(harlow, decisions, seed=11)
    b = simulate(harlow, decisions, seed=11)
    assert a.timeline == b.timeline
    assert a.weekly == b.weekly
    assert a.outcomes == b.outcomes
    assert a.timeline_frame().equals(b.timeline_frame())


def test_different_seeds_give_different_cases(harlow):
    decisions = persona_decisions("practice-model", harlow)
    timelines = {tuple(simulate(harlow, decisions, seed=s).timeline) for s in range(5)}
    assert len(timelines) > 1


def test_stops_at_the_first_undecided_point_and_agrees_with_the_full_run(harlow):
    decisions = persona_decisions("practice-model", harlow)
    points = harlow.decision_points
    partial = {dp.id: decisions[dp.id] for dp in points[:3]}
    stopped = simulate(harlow, partial, seed=5, stop_at_undecided=True)
    assert stopped.pending == points[3].id
    assert stopped.outcomes.weeks_simulated == points[3].week
    full = simulate(harlow, decisions, seed=5)
    assert full.pending is None
    before = [e for e in full.timeline if e.week < points[3].week]
    assert [e for e in stopped.timeline if e.week < points[3].week] == before


def test_the_case_unfolds_over_simulated_weeks(harlow):
    result = simulate(harlow, persona_decisions("practice-model", harlow), seed=1)
    assert result.outcomes.weeks_simulated > 16
    # one state per week, from week 0 to the end of the simulated period
    assert [w.week for w in result.weekly] == list(range(int(result.outcomes.weeks_simulated) + 1))
    kinds = {e.kind for e in result.timeline}
    assert {"report", "decision", "contact", "service", "story"} <= kinds
    dates = [e.date for e in result.timeline]
    assert dates == sorted(dates)


def test_services_have_limited_places_so_families_wait(harlow):
    frame = simulate_many(harlow, persona_decisions("practice-model", harlow), n=40, seed=0)
    assert (frame.weeks_waiting_for_service > 0).mean() > 0.3
    assert frame.sessions_attended.mean() > 0


def test_a_decision_that_places_the_child_starts_a_placement(harlow):
    decisions = persona_decisions("practice-model", harlow)
    decisions["safety-decision"] = ["place-theo"]
    result = simulate(harlow, decisions, seed=2)
    assert result.outcomes.placed
    assert result.outcomes.placement_setting == "foster"
    assert result.outcomes.weeks_in_care > 0


def test_decisions_are_checked_against_the_scenario(harlow):
    with pytest.raises(ValueError, match="no decision point 'nope'"):
        simulate(harlow, {"nope": "x"})
    with pytest.raises(ValueError, match="no option 'x'"):
        simulate(harlow, {"at-the-door": "x"})
    with pytest.raises(ValueError, match="takes one choice"):
        simulate(harlow, {"at-the-door": ["name-role-purpose", "routine-check"]})


def test_practice_model_gives_better_futures_than_directive_over_200_runs(harlow):
    good = simulate_many(harlow, persona_decisions("practice-model", harlow), n=200, seed=100)
    directive = simulate_many(harlow, persona_decisions("directive", harlow), n=200, seed=100)
    assert good.safety_incidents.mean() < directive.safety_incidents.mean()
    assert good.serious_incidents.mean() < directive.serious_incidents.mean()
    assert good.placed.mean() < directive.placed.mean()
    assert good.engagement_mean.mean() > directive.engagement_mean.mean()
    assert good.closed.mean() > directive.closed.mean()
