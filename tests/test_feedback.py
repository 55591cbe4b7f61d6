"""Provisional and final: feedback goes out when the coach says, and a pending hand grade is never a zero.

Real nbgrader throughout: the demo cohort's course is copied, graded again with
``casework grade`` and given feedback with ``casework feedback``; the pages
are nbgrader's HTML through the course's own feedback template.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from casework.cli import app
from conftest import ASSIGNMENT, ungiven_feedback_copy
from manual_grades import record_manual_grade

runner = CliRunner()


def page_text(path) -> str:
    import html

    s = path.read_text(encoding="utf-8")
    s = re.sub(r"<style.*?</style>|<script.*?</script>", "", s, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", s)))


def feedback_page(course, trainee):
    return course / "feedback" / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb".replace(".ipynb", ".html")


@pytest.fixture()
def course(graded_cohort, tmp_path):
    return ungiven_feedback_copy(graded_cohort, tmp_path)


def invoke(*args):
    result = runner.invoke(app, [*args])
    return result.exit_code, result.output


def test_grading_writes_no_feedback_and_grades_only_new_or_changed_submissions(course):
    code, out = invoke("grade", ASSIGNMENT, "--course", str(course))
    assert code == 0, out
    assert not (course / "feedback").exists(), "feedback waits for the coach's word"
    assert "casework feedback first-contact" in out

    code, out = invoke("grade", ASSIGNMENT, "--course", str(course))
    assert code == 0 and not re.findall(r"^graded ", out, flags=re.M) and "5 submission(s) unchanged" in out, out

    # blake hands in again: only blake is graded
    decisions = course / "submitted" / "blake" / ASSIGNMENT / "decisions.json"
    decisions.write_text(decisions.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, out = invoke("grade", ASSIGNMENT, "--course", str(course))
    assert re.findall(r"^graded (\S+)", out, flags=re.M) == ["blake"], out

    code, out = invoke("grade", ASSIGNMENT, "--course", str(course), "--all")
    assert len(re.findall(r"^graded ", out, flags=re.M)) == 5, out


def test_feedback_says_what_waits_for_the_coach_and_names_each_area(course, harlow):
    code, out = invoke("feedback", ASSIGNMENT, "avery", "--course", str(course))
    assert code == 0, out
    assert "avery: feedback written (provisional, 2 answer(s) waiting for your grade)" in out
    assert sorted(p.name for p in (course / "feedback").iterdir()) == ["avery"], "only the trainee named"

    text = page_text(feedback_page(course, "avery"))
    written = {w.id: w for w in harlow.written_answers}
    assert text.count("waiting for your coach") >= 2 * len(written)
    for w in written.values():
        assert f"Your written answer: {w.title}" in text
        assert f"{w.title}, {w.points:g} points" in text, "the summary lists what is pending"
    assert "Test cell" not in text and "Grade cell" not in text and "Score: 0.0 / 3.0" not in text
    for name in ("Engage", "Assess", "Team", "Plan"):
        assert re.search(rf"{name}: your decisions \(\d+(\.\d+)? of \d+ points\)", text), name
    # the header: final points of the final maximum (written answers not in either), then what is pending
    pending = sum(w.points for w in written.values())
    total = re.search(r"([\d.]+) of ([\d.]+) points are final", text)
    assert total, text[:600]
    from grading.grade import gradebook_frame

    g = gradebook_frame(course)
    mine = g[(g.trainee == "avery") & (g.assignment == ASSIGNMENT)]
    assert float(total.group(2)) == mine.max_score.sum() - pending
    assert float(total.group(1)) == pytest.approx(mine[~mine.needs_manual_grade].score.sum())
    assert f"Waiting for your coach: {pending:g} points" in text
    assert not re.search(r"Out\[\d+\]", text), "a practice area's score is not printed twice"


def test_once_the_coach_has_graded_the_feedback_is_final(course, harlow):
    for w in harlow.written_answers:
        record_manual_grade(course, ASSIGNMENT, "avery", w.id, w.points, "Clear and specific.")
    code, out = invoke("feedback", ASSIGNMENT, "--course", str(course), "--final-only")
    assert code == 0, out
    assert "avery: feedback written (final)" in out
    assert re.search(r"^blake: held back, 2 answer\(s\) still to grade$", out, flags=re.M), out
    assert not (course / "feedback" / "blake").exists()
    text = page_text(feedback_page(course, "avery"))
    assert "waiting for your coach" not in text.lower()
    assert "Every answer is graded: these scores are final" in text
    assert "Your coach's comment: Clear and specific." in text
    for w in harlow.written_answers:
        assert f"Your written answer: {w.title} ({w.points:g} of {w.points:g} points)" in text


def test_feedback_shows_the_case_not_its_code(course, harlow):
    """A trainee sees a case, not code (issue 22 item 4): the course's own cells (locked, not an answer) show
    what they showed, never their source nor an In/Out prompt; answers and the areas' headings stay."""
    code, out = invoke("feedback", ASSIGNMENT, "avery", "--course", str(course))
    assert code == 0, out
    page = feedback_page(course, "avery").read_text(encoding="utf-8")
    text = page_text(feedback_page(course, "avery"))
    for source in ("CaseSession", "case.decide(", "case.check_decided(", "case.play_out()", "case.futures()",
                   "from curriculum"):
        assert source not in text, f"the feedback shows code: {source}"
    assert not re.search(r"\b(In|Out)\s*\[", text), "an In [ ] or Out [ ] prompt"
    assert "input_prompt" not in page and "output_prompt" not in page
    assert "The Harlow family" in text or harlow.family.name in text, "the cells' outputs stay"
    for name in ("Engage", "Assess", "Team", "Plan"):
        assert re.search(rf"{name}: your decisions \(\d+(\.\d+)? of \d+ points\)", text), name
    for w in harlow.written_answers:
        assert f"Your written answer: {w.title}" in text


def test_feedback_for_someone_not_graded_is_a_one_line_error(course):
    code, out = invoke("feedback", ASSIGNMENT, "nobody", "--course", str(course))
    assert code == 1
    assert out.strip() == "error: not graded for first-contact: nobody (run: casework grade first-contact)"
