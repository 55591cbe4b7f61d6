"""Shared fixtures: the Harlow case, and one real graded cohort (real nbgrader, real kernels)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scenarios import load_case

CASE = "harlow-first-contact"
ASSIGNMENT = "first-contact"


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="write tests/golden/ from this run instead of comparing (as CASEWORK_REGEN_GOLDEN=1)")


@pytest.fixture(scope="session")
def harlow():
    return load_case(CASE)


@pytest.fixture(scope="session")
def graded_cohort(tmp_path_factory):
    """The demo cohort built, submitted, autograded and given feedback through nbgrader's API."""
    from grading.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("cohort") / "demo")


@pytest.fixture(scope="session")
def gradebook(graded_cohort):
    from grading.grade import gradebook_frame

    return gradebook_frame(graded_cohort.course_dir)


def ungiven_feedback_copy(graded_cohort, tmp_path: Path) -> Path:
    """A copy of the graded demo course with no feedback written yet (as after ``casework grade``)."""
    import shutil

    course = tmp_path / "course"
    shutil.copytree(graded_cohort.course_dir, course, symlinks=True)
    shutil.rmtree(course / "feedback", ignore_errors=True)
    return course


def autograded_notebook(course_dir: Path, trainee: str):
    import nbformat

    return nbformat.read(course_dir / "autograded" / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)


def cell_text(cell) -> str:
    """Everything a cell printed or returned, as text."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in ("execute_result", "display_data"):
            parts.append(str(out.data.get("text/plain", "")))
        elif out.output_type == "error":
            parts.append(f"ERROR {out.ename}: {out.evalue}")
    return "".join(parts)
