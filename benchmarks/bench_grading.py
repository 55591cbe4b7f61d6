"""What grading costs: coach-side scoring against the old execute-based autograde, and a whole class.

Run: python benchmarks/bench_grading.py [--trainees 30] [--quick]

Builds the nine-assignment course in a temporary folder and, in the same run:

1. baseline: nbgrader's autograde with its ``Execute`` step put back (the way
   the course graded before scores moved to the coach's side: a kernel runs the
   trainee's notebook), per submission of the first assignment;
2. the course's pipeline (no kernel: sanitise, score the decision record, play
   the case out, save the grades), per submission of the same assignment, and
   its feedback;
3. a class of ``--trainees`` trainees x every assignment, autograded with
   feedback, end to end (the figure the README quotes; target 5 minutes for 30 x 9).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from grading.build import build_course
from grading.course import load_course
from grading.grade import autograde, generate_feedback
from scenarios import load_case
from scenarios.authoring.personas import submit_as

PERSONAS = ["practice-model", "directive", "random"]
EXECUTE_STEPS = '''
c.Autograde.autograde_preprocessors = [
    "nbgrader.preprocessors.Execute",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
'''


def _submit(course: Path, assignment: str, scenario, trainees: list[str]) -> None:
    for i, trainee in enumerate(trainees):
        submit_as(course, assignment, trainee, PERSONAS[i % len(PERSONAS)], scenario, seed=i)


def _per_submission(course: Path, assignment: str, trainees: list[str]) -> float:
    start = time.perf_counter()
    problems = autograde(course, assignment, trainees)
    assert not problems, problems
    return (time.perf_counter() - start) / len(trainees)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30, help="Trainees in the class (default 30).")
    parser.add_argument("--quick", action="store_true", help="Skip the whole-class run.")
    args = parser.parse_args()
    spec = load_course()
    first = spec.assignments[0]
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        start = time.perf_counter()
        build_course(course)
        build = time.perf_counter() - start
        scenario = load_case(first.scenario)
        sample = [f"s{i}" for i in range(3)]

        executed = Path(tmp) / "executed"
        shutil.copytree(course, executed)
        (executed / "nbgrader_config.py").open("a").write(EXECUTE_STEPS)
        _submit(executed, first.id, scenario, sample)
        old = _per_submission(executed, first.id, sample)

        _submit(course, first.id, scenario, sample)
        new = _per_submission(course, first.id, sample)
        start = time.perf_counter()
        generate_feedback(course, first.id, sample)
        feedback = (time.perf_counter() - start) / len(sample)

        print(f"build the course ({len(spec.assignments)} assignments):   {build:7.2f} s")
        print(f"execute-based autograde, per submission: {old:7.2f} s  (baseline)")
        print(f"coach-side autograde, per submission:    {new:7.2f} s  ratio {new / old:5.2f}x")
        print(f"generate_feedback, per submission:       {feedback:7.2f} s  ratio {feedback / old:5.2f}x")
        if args.quick:
            return

        trainees = [f"trainee{i:02d}" for i in range(args.trainees)]
        for a in spec.assignments:
            _submit(course, a.id, load_case(a.scenario), trainees)
        start = time.perf_counter()
        for a in spec.assignments:
            problems = autograde(course, a.id, trainees)
            assert not problems, problems
            generate_feedback(course, a.id, trainees)
        whole = time.perf_counter() - start
        n = len(trainees) * len(spec.assignments)
        print(f"class of {len(trainees)} x {len(spec.assignments)} = {n} submissions, autograde + feedback: "
              f"{whole:7.1f} s ({whole / n:.2f} s each; the execute-based pipeline would take about "
              f"{n * (old + feedback):.0f} s)")


if __name__ == "__main__":
    main()
