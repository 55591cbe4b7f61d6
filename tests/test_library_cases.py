"""Library cases with their assignments: the case plays well, and real nbgrader grades the personas as expected.

The demo cohort (tests/conftest.py) builds every assignment and autogrades the
practice-model and directive personas with nbgrader (real kernels, real
gradebook); here their scores are compared per practice area. It also
plays the case many times with each persona's decisions and checks that the
practice model's simulated futures are better.
"""

from __future__ import annotations

import pytest

from grading.course import load_course
from grading.key import AnswerKey
from scenarios import load_case
from scenarios.authoring.personas import persona_decisions
from simulator import simulate_many

# (assignment id, case id): every assignment in the course manifest with its case
CASES = [(a.id, a.scenario) for a in load_course().assignments]

RUNS = 200


def _mean_outcomes(scenario, persona):
    frame = simulate_many(scenario, persona_decisions(persona, scenario), RUNS, seed=0)
    return {
        "incidents": frame.safety_incidents.mean(),
        "serious": frame.serious_incidents.mean(),
        "placed": frame.placed.mean(),
        "weeks_in_care": frame.weeks_in_care.mean(),
    }


@pytest.mark.parametrize("assignment, case", CASES)
def test_practice_model_has_better_simulated_futures_than_directive(assignment, case):
    scenario = load_case(case)
    good = _mean_outcomes(scenario, "practice-model")
    directive = _mean_outcomes(scenario, "directive")
    assert good["incidents"] < directive["incidents"], (good, directive)
    assert good["serious"] < directive["serious"], (good, directive)
    assert good["placed"] <= directive["placed"] and good["weeks_in_care"] <= directive["weeks_in_care"], (good, directive)


@pytest.mark.parametrize("assignment, case", CASES)
def test_case_reaches_four_practices_with_both_kinds_of_evidence(assignment, case):
    scenario = load_case(case)
    practices = {dp.practice.value for dp in scenario.decision_points} - {"foundation"}
    assert len(scenario.decision_points) >= 8 and len(practices) >= 4
    assert scenario.written_answers and all(w.rubric and w.exemplar.strip() for w in scenario.written_answers)
    for dp in scenario.decision_points:
        assert any(o.key and o.key.demonstrates for o in dp.options), dp.id
        assert any(o.key and o.key.contradicts for o in dp.options), dp.id


@pytest.mark.parametrize("assignment, case", CASES)
def test_nbgrader_grades_practice_model_above_directive_in_every_area(assignment, case, gradebook):
    """The demo cohort (real build, real autograde of every assignment): avery follows the model, blake is directive."""
    scenario = load_case(case)
    mine = gradebook[gradebook.assignment == assignment]
    possible = AnswerKey.from_scenario(scenario).practice_points()

    def area_scores(trainee):
        rows = mine[mine.trainee == trainee].set_index("cell")
        return {p: float(rows.loc[f"score-{p}", "score"]) for p in possible}

    good, blunt = area_scores("avery"), area_scores("blake")
    assert good == possible
    for practice in possible:
        assert good[practice] > blunt[practice], practice
    written = mine[mine.cell.isin([w.id for w in scenario.written_answers]) & mine.trainee.isin(["avery", "blake"])]
    assert len(written) == 2 * len(scenario.written_answers) and written.needs_manual_grade.all()
