"""How long autograde takes per submission, against running the same notebook with nbclient.

Run: python benchmarks/bench_grading.py
Builds a course in a temporary folder, submits three scripted trainees, and
times nbgrader's autograde (Python API) per notebook; the baseline is a plain
nbclient execution of the released notebook in the same run.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grading.build import build_course
from grading.grade import autograde, generate_feedback
from grading.personas import submit_as
from scenarios import load_case

ASSIGNMENT = "first-contact"
TRAINEES = {"t1": "practice-model", "t2": "directive", "t3": "random"}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        start = time.perf_counter()
        build_course(course)
        build = time.perf_counter() - start
        scenario = load_case("harlow-first-contact")
        for trainee, persona in TRAINEES.items():
            submit_as(course, ASSIGNMENT, trainee, persona, scenario)

        plain = Path(tmp) / "plain"
        shutil.copytree(course / "submitted" / "t1" / ASSIGNMENT, plain)
        nb = nbformat.read(plain / f"{ASSIGNMENT}.ipynb", as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(plain)}}).execute()
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        problems = autograde(course, ASSIGNMENT)
        grading = (time.perf_counter() - start) / len(TRAINEES)
        start = time.perf_counter()
        generate_feedback(course, ASSIGNMENT)
        feedback = (time.perf_counter() - start) / len(TRAINEES)
        assert not problems, problems

    print(f"build the course:                 {build:6.2f} s")
    print(f"nbclient run of the notebook:     {baseline:6.2f} s  (baseline)")
    print(f"autograde, per submission:        {grading:6.2f} s  ratio {grading / baseline:4.1f}x")
    print(f"generate_feedback, per trainee:   {feedback:6.2f} s  ratio {feedback / baseline:4.1f}x")


if __name__ == "__main__":
    main()
