"""The README's supervisor's week, command by command, on a real graded course.

Every ``casework`` line of the README block marked ``coach-week`` is run as
written (with ``--course`` added), in order, against a copy of the demo
cohort's course; the written answers are graded between "grade" and
"feedback" with the formgrader's rules, as the coach would in the formgrader.
Each step's check is looked up by its subcommand, so a command added to the
block without a check here fails the test.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import ASSIGNMENT, ungiven_feedback_copy
from manual_grades import record_manual_grade

README = Path(__file__).resolve().parent.parent / "README.md"
CASEWORK = str(Path(sys.executable).parent / "casework")


def week_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    start = text.index("<!-- coach-week")
    block = text[text.index("```sh", start) + 5:text.index("```", text.index("```sh", start) + 5)]
    return [shlex.split(line.split(" #")[0]) for line in block.splitlines() if line.startswith("casework ")]


def test_the_readme_week_has_the_steps_a_supervisor_needs():
    steps = [" ".join(c[1:3]) for c in week_commands()]
    assert steps == ["grade first-contact", "release-key first-contact", "feedback first-contact",
                     "feedback first-contact", "report trainee", "report cohort", "report xapi"]


@pytest.fixture()
def course(graded_cohort, tmp_path):
    return ungiven_feedback_copy(graded_cohort, tmp_path)


def test_a_supervisors_week_runs_as_the_readme_says(course, harlow):
    reports = course.parent / "reports"
    page = lambda t: course / "feedback" / t / ASSIGNMENT / f"{ASSIGNMENT}.html"  # noqa: E731

    def check_grade(out):
        assert "casework feedback first-contact" in out
        nexts = [line for line in out.splitlines() if line.startswith("next")]  # one, from what is left to do
        assert len(nexts) == 1 and "still waiting in the formgrader" in nexts[0] and " hub " not in nexts[0], nexts
        assert not (course / "feedback").exists(), "no feedback before the coach says"
        # Monday to Wednesday, in the formgrader: avery's written answers are graded, blake's wait
        for w in harlow.written_answers:
            record_manual_grade(course, ASSIGNMENT, "avery", w.id, w.points - 1, "Good start; name who and when.")

    def check_release(out):
        assert "released the key of first-contact" in out and "next: " in out
        assert (course / "keys" / "released" / f"{ASSIGNMENT}.json").exists()

    def check_feedback(out, args):
        if "--final-only" in args:
            assert "avery: feedback written (final)" in out and "blake: held back" in out
            assert page("avery").exists() and not page("blake").exists()
            assert "these scores are final" in page("avery").read_text(encoding="utf-8")
        else:
            assert "blake: feedback written (provisional" in out
            assert "waiting for your coach" in page("blake").read_text(encoding="utf-8")
        # the key was released on Monday: feedback carries its reasons and the practice model's futures
        assert "the key is released" in out
        text = page("avery").read_text(encoding="utf-8")
        assert "why:" in text and "The practice model's plan" in text

    def check_trainee(out, args):
        html = (reports / "trainees" / f"{args[2]}.html").read_text(encoding="utf-8")
        assert html.index('id="summary"') < html.index("<details")

    def check_cohort(out):
        for name in ("analytics.html", "grades-canvas.csv", "grades-moodle.csv", "grades-cells.csv"):
            assert (reports / "cohort" / name).exists(), name
        canvas = pd.read_csv(reports / "cohort" / "grades-canvas.csv", keep_default_na=False)
        assert canvas.Student[0] == "Points Possible"

    def check_xapi(out):
        lines = (reports / "cohort" / "xapi-statements.jsonl").read_text(encoding="utf-8").splitlines()
        statements = [json.loads(line) for line in lines]
        assert statements and all(s["timestamp"] and s["actor"]["account"]["homePage"] == "https://canvas.myagency.org"
                                  for s in statements if "actor" in s and "account" in s["actor"])

    checks = {"grade": check_grade, "release-key": check_release, "feedback": check_feedback, "trainee": check_trainee, "cohort": check_cohort,
              "xapi": check_xapi}
    for args in week_commands():
        run = subprocess.run([CASEWORK, *args[1:], "--course", str(course)], capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, f"{' '.join(args)}: {run.stderr[-2000:]}"
        step = args[2] if args[1] == "report" else args[1]
        check = checks[step]
        check(run.stdout, args[1:]) if check.__code__.co_argcount == 2 else check(run.stdout)
