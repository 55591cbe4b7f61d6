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
    assert (trainee / "first-contact.ipynb").exists() and (trainee / "case.bin").exists()
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
