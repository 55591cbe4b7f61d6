"""The coach's report: every trainee, behaviour-level evidence, and problems listed, not fatal."""

from __future__ import annotations


def test_report_lists_every_trainee_with_evidence_and_problems(graded_cohort):
    html = graded_cohort.report.read_text(encoding="utf-8")
    for trainee in ("avery", "blake", "casey", "devon", "emery"):
        assert f'id="first-contact-{trainee}"' in html
    assert "decisions.json is damaged" in html
    assert "No decisions.json was found" in html
    assert "works against: Build the plan with the family" in html
    assert "shows: Explain role, reason and next steps" in html
    assert "to grade" in html


def test_scores_table_is_nbgrader_s_own_score_of_every_graded_cell(graded_cohort, tmp_path):
    """The table against nbgrader's ORM (Grade.score: a coach's hand grade over the automatic one, plus extra
    credit) cell by cell, after the coach hand-grades a written answer and overrides a decision score; and
    against the key: the practice model earns each area's worth, a damaged record nothing."""
    from nbgrader.api import Gradebook

    from conftest import ASSIGNMENT, ungiven_feedback_copy
    from grading.coach.evidence import gradebook_url
    from grading.coach.report import scores_table
    from grading.pipeline.score import frozen_key

    course = ungiven_feedback_copy(graded_cohort, tmp_path)
    url = gradebook_url(course)
    assert str(course.resolve()) in url, "the copy's own gradebook"
    expected = {}
    with Gradebook(url) as gb:
        notebook = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, "blake")
        written = next(g for g in notebook.grades if not g.name.startswith("score-"))
        written.manual_score, written.extra_credit = written.max_score - 1, 0.5  # the coach's hand grade
        decided = next(g for g in notebook.grades if g.name.startswith("score-"))
        decided.manual_score = decided.max_score  # the coach overrides a decision score
        gb.db.commit()
        hand = (written.name, written.max_score - 0.5)
        override = (decided.name, decided.max_score)
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for nb in submission.notebooks:
                    for g in nb.grades:
                        expected[(assignment.name, submission.student.id, g.name)] = float(g.score)
    table = scores_table(course)
    got = {(a, t, cell): float(v) for (a, t), row in table.iterrows() for cell, v in row.items() if v == v}
    assert got == expected
    for cell, score in (hand, override):
        assert got[(ASSIGNMENT, "blake", cell)] == score
    worth = frozen_key(course, ASSIGNMENT).practice_points()
    for practice, points in worth.items():
        assert got[(ASSIGNMENT, "avery", f"score-{practice}")] == points
        assert got[(ASSIGNMENT, "devon", f"score-{practice}")] == 0
