"""A trainee's report reads in five minutes: a summary first, a contents list, each assignment folded away.

Built from the real graded demo cohort (real nbgrader, real gradebook); avery's
written answers of the first assignment are graded by hand, blake's are not.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import ASSIGNMENT
from grading.coach.coaching import trainee_report
from grading.course import load_course
from manual_grades import record_manual_grade


def text_of(html: str) -> str:
    import html as h

    html = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", html)
    html = re.sub(r"<style>.*?</style>|<script>.*?</script>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", h.unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def course(graded_cohort, tmp_path_factory, harlow):
    course = tmp_path_factory.mktemp("reports") / "course"
    shutil.copytree(graded_cohort.course_dir, course, symlinks=True)
    for w in harlow.written_answers:
        record_manual_grade(course, ASSIGNMENT, "avery", w.id, w.points, "Specific and kind.")
    return course


@pytest.fixture(scope="module")
def pages(course):
    out = course.parent / "out"
    return {t: trainee_report(course, t, out, runs=4).read_text(encoding="utf-8") for t in ("avery", "blake")}


def summary_part(html: str) -> str:
    return html[html.index('<section id="summary">'):html.index("</section>")]


def test_the_summary_comes_first_with_final_points_by_practice_area(course, pages):
    html = pages["blake"]
    assert html.index('id="summary"') < html.index('id="contents"') < html.index("<details")
    summary = text_of(summary_part(html))
    names = [n for n in ("Engage", "Team", "Assess", "Plan", "Intervene", "Monitor and adapt", "Plan the transition")]
    found = [n for n in names if re.search(rf"\b{n}\b \d", summary) or f" {n} " in summary]
    assert found[:4] == ["Engage", "Team", "Assess", "Plan"], "practice areas in the practice model's order"

    # blake's first contact: the written answers wait, and they are neither points nor zeros
    from grading.coach.evidence import collect

    g = collect(course, trainees=["blake"]).grades
    mine = g[(g.assignment == ASSIGNMENT) & (g.practice == "plan")]
    waiting = mine.needs_manual_grade.astype(bool)
    assert waiting.any() and (~waiting).any(), "the plan area has both decisions and a written answer"
    rows = re.findall(r"<tr><td>([^<]+)</td>\s*<td>(.*?)</td>", summary_part(html), flags=re.S)
    first_column = {name: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip() for name, cell in rows}
    expected = f"{mine[~waiting].score.sum():g} of {mine[~waiting].max_score.sum():g} +{mine[waiting].max_score.sum():g} to grade"
    assert first_column["Plan"] == expected


def test_strengths_things_to_work_on_and_pending(pages, harlow):
    avery, blake = (text_of(summary_part(pages[t])) for t in ("avery", "blake"))
    strengths = avery[avery.index("Strengths"):avery.index("To work on")]
    assert len(re.findall(r"shown \d+ time", strengths)) == 3, strengths
    work_on = blake[blake.index("To work on"):blake.index("Pending")]
    assert len(re.findall(r"worked against or missed \d+ time", work_on)) == 3, work_on
    assert "Build the plan with the family" in work_on
    # avery's first contact is graded, so it is not pending; blake's written answers are
    assert "First contact: engage, assess, team, plan: " not in avery[avery.index("Pending"):]
    titles = "; ".join(w.title for w in harlow.written_answers)
    assert f"First contact: engage, assess, team, plan: 2 written answers to grade ({titles})" in blake


def test_contents_list_and_each_assignment_folds(pages):
    html = pages["blake"]
    details = re.findall(r'<details class="assignment" id="([^"]+)"( open)?>', html)
    assert len(details) == len(load_course().assignments) and not any(opened for _, opened in details), "every assignment, folded"
    contents = html[html.index('id="contents"'):html.index("</nav>")]
    assert re.findall(r'<li><a href="#([^"]+)">', contents) == [d for d, _ in details]
    outside = re.sub(r"<details.*?</details>", "", html, flags=re.S)
    assert len(text_of(outside)) < 8000, "what shows before a click reads in a few minutes"


def test_a_one_assignment_report_opens_it(course):
    html = trainee_report(course, "avery", course.parent / "one", assignment=ASSIGNMENT, runs=4).read_text(encoding="utf-8")
    assert re.findall(r'<details class="assignment" id="([^"]+)" open>', html) == [ASSIGNMENT]


def test_the_report_shows_the_futures_the_trainee_was_shown(course, pages):
    stored = json.loads((course / "scores" / ASSIGNMENT / "blake.json").read_text(encoding="utf-8"))["futures"]["summary"]
    section = pages["blake"][pages["blake"].index(f'id="{ASSIGNMENT}"'):]
    section = section[:section.index("</details>")]
    rows = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)%</td>", section))
    assert rows, "the futures table is there"
    from curriculum.toolkit.futures import MEASURE_LABELS

    ids = {label: measure for measure, label in MEASURE_LABELS.items()}
    for outcome, share in rows.items():
        assert int(share) == round(100 * float(stored[ids[outcome]])), outcome
    # removal's costs beside the safety it bought (issue 25 item 4): the coach reads them as the trainee did
    assert {"connections_lost", "removal_unneeded"} <= {ids[o] for o in rows}, rows
