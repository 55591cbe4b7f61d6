"""Regrading is safe: grading again (a late submission, a re-submission) keeps every finished hand grade."""

from __future__ import annotations

import shutil

from nbgrader.api import Gradebook

from conftest import ASSIGNMENT
from grading.grade import autograde
from scenarios.authoring.personas import fill_answers


def _grades(course, trainee):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(ASSIGNMENT, trainee)
        return {g.name: (g.manual_score, g.needs_manual_grade) for nb in sub.notebooks for g in nb.grades
                if g.auto_score is None}


def _grade_by_hand(course, trainee, points):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        sub = gb.find_submission(ASSIGNMENT, trainee)
        for nb in sub.notebooks:
            for g in nb.grades:
                if g.auto_score is None:
                    g.manual_score, g.needs_manual_grade = points, False
        gb.db.commit()


def test_grading_again_keeps_finished_hand_grades_and_asks_again_only_for_a_changed_answer(graded_cohort, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_cohort.course_dir, course, symlinks=True)

    trainees = sorted(p.name for p in (course / "submitted").iterdir())
    for t in trainees:
        _grade_by_hand(course, t, 1.0)
    before = {t: _grades(course, t) for t in trainees}
    assert all(state == (1.0, False) for g in before.values() for state in g.values())

    # one trainee re-submits with a new answer; everyone is graded again
    changed = trainees[0]
    notebook = course / "submitted" / changed / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    answer_id = next(iter(before[changed]))
    fill_answers(notebook, {answer_id: "A new answer, written after the feedback."})
    problems = autograde(course, ASSIGNMENT)
    assert problems == {}
    for t in trainees[1:]:
        assert _grades(course, t) == before[t], f"{t}'s finished hand grades survive a regrade"
    after = _grades(course, changed)
    assert after[answer_id] == (1.0, True), "a changed answer waits for the coach again (its old score kept)"
    assert all(state == (1.0, False) for gid, state in after.items() if gid != answer_id)
