"""The casework command, run as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from scenarios.loader import case_path

CASEWORK = [str(Path(sys.executable).parent / "casework")]


def casework(*args, cwd=None):
    return subprocess.run(CASEWORK + list(args), capture_output=True, text=True, cwd=cwd, timeout=300)


def test_validate_accepts_the_library_and_names_file_line_field_on_error(tmp_path):
    ok = casework("validate", str(case_path("harlow-first-contact")))
    assert ok.returncode == 0, ok.stderr
    bad = tmp_path / "scenario.yaml"
    bad.write_text(case_path("harlow-first-contact").read_text().replace("points: 3\n", "points: lots\n", 1))
    result = casework("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and ".points:" in result.stderr and "valid number" in result.stderr


def test_simulate_plays_a_persona(tmp_path):
    result = casework("simulate", "harlow-first-contact", "--persona", "practice-model")
    assert result.returncode == 0, result.stderr
    assert '"safety_incidents"' in result.stdout and "Report received" in result.stdout


def test_schema_check_passes():
    result = casework("schema", "--check")
    assert result.returncode == 0, result.stderr


def test_classroom_prepares_course_and_trainee_folder_without_starting(tmp_path):
    result = casework("classroom", "--folder", str(tmp_path / "room"), "--no-start")
    assert result.returncode == 0, result.stderr
    trainee = tmp_path / "room" / "trainee" / "first-contact"
    assert (trainee / "first-contact.ipynb").exists() and not (trainee / "case.bin").exists()  # the case stays with the service
    from grading.course import load_course

    for a in load_course().assignments:
        assert (tmp_path / "room" / "trainee" / a.id / a.notebook_name).exists(), a.id
    lessons = tmp_path / "room" / "trainee" / "lessons"
    assert {p.stem for p in lessons.glob("*.ipynb")} >= {"orientation", "engage", "capstone"}
    # a trainee's work survives preparing the classroom again
    (trainee / "decisions.json").write_text("{}")
    (lessons / "engage.ipynb").write_text("worked in")
    again = casework("classroom", "--folder", str(tmp_path / "room"), "--no-start")
    assert again.returncode == 0, again.stderr
    assert (trainee / "decisions.json").read_text() == "{}"
    assert (lessons / "engage.ipynb").read_text() == "worked in"


def test_the_course_is_named_once_at_any_level_or_by_environment_and_a_missing_one_is_one_line(
        graded_cohort, tmp_path, monkeypatch):
    """--course before or after the subcommand, $CASEWORK_COURSE, or the current folder; else a one-line error."""
    from typer.testing import CliRunner

    from casework.cli import app

    runner = CliRunner()
    course = graded_cohort.course_dir
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CASEWORK_COURSE", raising=False)
    missing = runner.invoke(app, ["report", "trainee", "blake"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    assert len(missing.output.strip().splitlines()) == 1 and "--course" in missing.output
    for args in (["report", "--course", str(course), "trainee", "blake", "--runs", "2"],
                 ["report", "trainee", "blake", "--course", str(course), "--runs", "2"]):
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
        assert (course.parent / "reports" / "trainees").exists()
    monkeypatch.setenv("CASEWORK_COURSE", str(course))
    assert runner.invoke(app, ["comments", "list"]).exit_code == 0
    monkeypatch.setenv("CASEWORK_COURSE", str(tmp_path / "nowhere"))
    wrong = runner.invoke(app, ["grade", "first-contact"])
    assert wrong.exit_code == 1 and "$CASEWORK_COURSE" in wrong.output and "Traceback" not in wrong.output
    monkeypatch.delenv("CASEWORK_COURSE")
    monkeypatch.chdir(course)  # the formgrader's terminal on a hub
    assert runner.invoke(app, ["comments", "list"]).exit_code == 0


def test_the_demo_prints_the_exact_commands_to_run_next_and_they_run(graded_cohort, monkeypatch, tmp_path):
    from typer.testing import CliRunner

    import grading.demo
    from casework.cli import app

    monkeypatch.setattr(grading.demo, "run_demo", lambda folder, say=None: graded_cohort)  # the cohort, graded once
    monkeypatch.chdir(tmp_path)  # nowhere near a course: the printed commands must name it
    runner = CliRunner()
    done = runner.invoke(app, ["demo"])
    assert done.exit_code == 0, done.output
    printed = [line.strip() for line in done.output.splitlines() if line.strip().startswith(".venv/bin/casework ")]
    assert len(printed) == 6 and all(f"--course {graded_cohort.course_dir}" in p for p in printed)
    trainee_report = next(p for p in printed if " trainee " in p)
    again = runner.invoke(app, trainee_report.split()[1:] + ["--runs", "2"])
    assert again.exit_code == 0, again.output


def test_play_writes_the_personas_decisions_as_a_trainees_record_that_grades(tmp_path):
    from grading.key import AnswerKey
    from scenarios.authoring.personas import persona_decisions
    from grading.scoring import score_record
    from scenarios.decisions import read_decisions
    from scenarios.loader import load_case

    out = tmp_path / "model.json"
    result = casework("play", "harlow-first-contact", "--persona", "practice-model", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"decisions: {out}" in result.stdout
    record = read_decisions(out)
    scenario = load_case("harlow-first-contact")
    assert record.problem is None and record.scenario == scenario.id
    assert record.choices == {p: list(c) for p, c in persona_decisions("practice-model", scenario).items()}
    key = AnswerKey.from_scenario(scenario)
    scored = score_record(key, record)
    assert scored.areas and all(a.earned == a.possible for a in scored.areas.values()), "the model's record grades full"
    # a path walked with --choose is what the file holds; a folder gets its decisions.json
    walked = casework("play", "harlow-first-contact", "--persona", "practice-model", "--choose",
                      "safety-decision=place-theo", "--out", str(tmp_path))
    assert walked.returncode == 0, walked.stderr
    assert read_decisions(tmp_path).choices["safety-decision"] == ["place-theo"]
    assert casework("simulate", "harlow-first-contact", "--decisions", str(out)).returncode == 0
    missing = casework("play", "harlow-first-contact", "--persona", "directive", "--out", str(tmp_path / "no" / "x.json"))
    assert missing.returncode == 1 and "there is no folder" in missing.stderr and not (tmp_path / "no").exists()


def test_play_says_what_the_upgrade_of_a_version_1_file_decided(tmp_path):
    text = case_path("harlow-first-contact").read_text(encoding="utf-8")
    old = text.replace("schema_version: 2", "schema_version: 1", 1).replace(
        "{place: foster, who: [theo]}", "{place: foster}", 1)
    assert old != text
    path = tmp_path / "scenario.yaml"
    path.write_text(old, encoding="utf-8")
    result = casework("play", str(path), "--persona", "practice-model")
    assert result.returncode == 0, result.stderr
    assert f"{path}:" in result.stderr and "option 'place-theo' of 'safety-decision'" in result.stderr
    assert "write the version-2 effect {place: foster, who: [theo]}" in result.stderr
