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


def test_scores_table_matches_the_gradebook(graded_cohort, gradebook):
    from grading.coach.report import scores_table

    table = scores_table(graded_cohort.course_dir)
    assert len(table) == len(gradebook[["assignment", "trainee"]].drop_duplicates())
    assert table.loc[("first-contact", "avery"), "score-plan"] == gradebook.query("assignment == 'first-contact' and trainee == 'avery' and cell == 'score-plan'").score.item()
