"""The coach's reports read the course once, from the frozen build (issue 23 item 1): not the live course file or
case files, not the gradebook again per assignment, not the simulator."""

from __future__ import annotations

import shutil

import pytest

from conftest import ASSIGNMENT


@pytest.fixture
def course(graded_cohort, tmp_path):
    """A copy of the graded demo course, to change around."""
    copy = tmp_path / "course"
    shutil.copytree(graded_cohort.course_dir, copy, symlinks=True)
    return copy


def test_the_reports_read_the_course_as_it_was_built(course, tmp_path, monkeypatch):
    """After the build the course file and the case files may change or go: the reports are written from the
    course, cases and keys frozen at build, and nothing is simulated."""
    import grading.course
    import scenarios.loader
    import simulator.engine
    from grading.coach.analytics import cohort_analytics
    from grading.coach.evidence import collect
    from grading.coach.report import cohort_report

    def gone(*_args, **_kwargs):
        raise AssertionError("a report read a live file or simulated")

    built_title = next(a.title for a in grading.course.load_course().assignments if a.id == ASSIGNMENT)
    real_load = grading.course.load_course

    def frozen_only(path=None):  # the course file frozen in keys/ may be read; the live one may not
        if path is None or "keys" not in str(path):
            gone()
        return real_load(path)

    monkeypatch.setattr(grading.course, "load_course", frozen_only)
    monkeypatch.setattr(scenarios.loader, "load_scenario", gone)
    monkeypatch.setattr(simulator.engine, "simulate_many", gone)
    monkeypatch.setattr(simulator.engine, "simulate", gone)
    data = collect(course)
    assert data.assignment(ASSIGNMENT).title == built_title
    assert ASSIGNMENT in data.scenarios and not data.scenarios[ASSIGNMENT].has_key()
    html = cohort_report(course, tmp_path / "reports", data).read_text(encoding="utf-8")
    assert built_title in html and "Rubric" in html
    outputs = cohort_analytics(course, tmp_path / "cohort", data=data, parallel=False)
    assert outputs.html.exists()


def test_casework_report_reads_the_gradebook_once(course, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import grading.coach.evidence as evidence
    from casework.cli import app

    calls = []
    real = evidence.read_gradebook

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(evidence, "read_gradebook", counted)
    result = CliRunner().invoke(app, ["report", "--course", str(course), "--out", str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    assert len(calls) == 1, f"the gradebook was read {len(calls)} times"


def test_each_trainee_gets_only_their_own_rows(course):
    from grading.coach.evidence import collect

    data = collect(course)
    parts = data.by_trainee()
    assert sorted(parts) == data.trainees
    for trainee, mine in parts.items():
        for table in ("grades", "submissions", "decisions", "evidence", "problems"):
            assert set(getattr(mine, table).trainee) <= {trainee}, (trainee, table)
        assert all(t == trainee for t, _ in mine.choices) and all(t == trainee for t, _ in mine.futures)
        assert len(mine.grades) == int((data.grades.trainee == trainee).sum())


def test_the_stored_grading_time_and_futures_are_read_with_the_scores(course):
    from grading.coach.evidence import collect

    data = collect(course)
    read = data.submissions[data.submissions.decisions_read]
    assert len(read) and read.graded_at.notna().all() and (read.source != "").all()
    assert {k for k in data.futures} <= {(t, a) for t, a in zip(read.trainee, read.assignment)}
    assert data.futures, "the futures of the decided plans were stored at grading"
    first = next(iter(data.futures.values()))
    assert set(first["summary"]) >= {"safety_incident", "placed"}
