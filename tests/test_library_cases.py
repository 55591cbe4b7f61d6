"""Library cases with their assignments: the case plays well, and real nbgrader grades the personas as expected.

Each entry builds its own assignment into a temporary course, submits the
practice-model and directive personas, autogrades both with nbgrader (real
kernels, real gradebook) and compares the scores per practice area. It also
plays the case many times with each persona's decisions and checks that the
practice model's simulated futures are better.
"""

from __future__ import annotations

import pytest

from grading.build import build_course
from grading.grade import autograde, gradebook_frame
from grading.key import AnswerKey
from grading.personas import persona_decisions, submit_as
from scenarios import load_case
from simulator import simulate_many

# (assignment id, case id): one entry per library case with its own assignment
CASES = [
    ("engage-language", "medina-evenings"),
    ("team-tribe", "whitford-tribal-team"),
    ("assess-domestic-violence", "ellis-domestic-violence"),
    ("plan-youth-voice", "brooks-youth-voice"),
    ("intervene-adult", "lindqvist-home-safely"),
    ("monitor-kinship", "tate-kinship-care"),
    ("transition-reunification", "mercer-coming-home"),
    ("capstone", "capstone-haddad"),
]

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
def test_nbgrader_grades_practice_model_above_directive_in_every_area(assignment, case, tmp_path):
    scenario = load_case(case)
    ctx = build_course(tmp_path / "course", [assignment])
    for trainee, persona in [("model", "practice-model"), ("blunt", "directive")]:
        submit_as(ctx.course_dir, assignment, trainee, persona, scenario)
    assert autograde(ctx.course_dir, assignment) == {}

    book = gradebook_frame(ctx.course_dir)
    mine = book[book.assignment == assignment]
    possible = AnswerKey.from_scenario(scenario).practice_points()

    def area_scores(trainee):
        rows = mine[mine.trainee == trainee].set_index("cell")
        return {p: float(rows.loc[f"score-{p}", "score"]) for p in possible}

    good, blunt = area_scores("model"), area_scores("blunt")
    assert good == possible
    for practice in possible:
        assert good[practice] > blunt[practice], practice
    written = mine[mine.cell.isin([w.id for w in scenario.written_answers])]
    assert len(written) == 2 * len(scenario.written_answers) and written.needs_manual_grade.all()
