"""How long the cohort report takes for 500 trainees by 9 assignments, against reading the gradebook into pandas.

Run: python benchmarks/bench_cohort.py [--trainees 500] [--assignments 9]
Writes a synthetic cohort in a temporary course folder: a real SQLite
gradebook through nbgrader's Gradebook API (assignments, grade cells,
students, submissions, grades and comments), the frozen keys, and one
decisions.json per submission, chosen by a mix of scripted trainees, with 1%
of the files damaged and 1% missing, scored and stored as the grading
pipeline stores them, with synthetic futures (the report reads the stored scores
and futures, and simulates nothing). The assignments cycle through the course's cases and modules.
The baseline, measured in the same run, is one SQL query of every grade into
pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import uuid
import tempfile
import time
from pathlib import Path

import pandas as pd

from scenarios.decisions import DECISIONS_FILE, FORMAT, FORMAT_VERSION
from grading.coach.analytics import cohort_analytics
from grading.course import Assignment, CourseSpec, load_course
from grading.coach.evidence import collect, gradebook_url
from grading.key import AnswerKey
from scenarios.authoring.personas import persona_decisions
from grading.pipeline.context import BUILD_MANIFEST, Submission
from curriculum.toolkit.futures import MEASURES
from grading.key import course_case_file
from grading.pipeline.playout import store_futures
from grading.pipeline.score import store_scores
from scenarios.packed import pack
from grading.scoring import score_record
from scenarios.decisions import read_decisions
from scenarios.loader import load_case

MODULES = ["orientation", "engage", "team", "assess", "plan", "intervene", "monitor", "transition", "capstone"]
BASELINE_SQL = """
SELECT student.id AS trainee, assignment.name AS assignment, base_cell.name AS cell, grade.auto_score, grade.manual_score,
       grade.needs_manual_grade, grade_cells.max_score
FROM grade
JOIN grade_cells ON grade.cell_id = grade_cells.id JOIN base_cell ON base_cell.id = grade_cells.id
JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
JOIN assignment ON submitted_assignment.assignment_id = assignment.id
JOIN student ON submitted_assignment.student_id = student.id
"""


def synthetic_spec(n_assignments: int) -> CourseSpec:
    """``n_assignments`` assignments cycling through the course's cases, one module each."""
    cases = list(dict.fromkeys(a.scenario for a in load_course().assignments))
    return CourseSpec("bench-course", [
        Assignment(f"a{i + 1:02d}-{cases[i % len(cases)]}", f"Assignment {i + 1}", cases[i % len(cases)], MODULES[i % len(MODULES)])
        for i in range(n_assignments)
    ])


def write_cohort(course: Path, spec: CourseSpec, n_trainees: int, seed: int = 0) -> None:
    """The gradebook (through nbgrader's API) and the decision files of a synthetic cohort."""
    from nbgrader.api import Comment, Grade, Gradebook, SubmittedAssignment, SubmittedNotebook

    rng = random.Random(seed)
    # nbgrader runs `alembic` from PATH when it creates a gradebook
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    (course / "nbgrader_config.py").write_text(f'c = get_config()\nc.CourseDirectory.course_id = "{spec.course_id}"\n')
    trainees = [f"trainee{i:03d}" for i in range(n_trainees)]
    skill = {t: rng.random() for t in trainees}
    manifest = {}
    with Gradebook(gradebook_url(course), course_id=spec.course_id) as gb:
        students = {t: gb.add_student(t, first_name=t.capitalize(), last_name="Bench", email=f"{t}@example.org").id for t in trainees}
        for a in spec.assignments:
            scenario = load_case(a.scenario)
            key = AnswerKey.from_scenario(scenario)
            key.write(course / "keys")
            case_file = course_case_file(course, a.id)  # the case as built, which the reports read
            case_file.parent.mkdir(parents=True, exist_ok=True)
            case_file.write_bytes(pack(scenario.trainee_view()))
            manifest[a.id] = {"scenario": scenario.id, "notebook": f"{a.id}.ipynb"}
            (course / "keys" / BUILD_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
            assignment = gb.add_assignment(a.id)
            notebook = gb.add_notebook(a.id, a.id)
            cells = {}
            for practice, points in key.practice_points().items():
                cells[f"score-{practice}"] = gb.add_grade_cell(f"score-{practice}", a.id, a.id, max_score=points, cell_type="code")
            for w in scenario.written_answers:
                cells[w.id] = gb.add_grade_cell(w.id, a.id, a.id, max_score=w.points, cell_type="markdown")
                gb.add_solution_cell(w.id, a.id, a.id)
            solution = {c.name: c.id for c in notebook.solution_cells}
            cell_ids = {name: (c.id, c.max_score) for name, c in cells.items()}
            rows = []
            for t in trainees:
                persona = "practice-model" if rng.random() < skill[t] else rng.choice(["directive", "random"])
                choices = persona_decisions(persona, scenario, seed=rng.randrange(10**6))
                folder = course / "submitted" / t / a.id
                folder.mkdir(parents=True)
                roll = rng.random()
                if roll < 0.01:
                    (folder / DECISIONS_FILE).write_text('{"format": "casework-deci', encoding="utf-8")
                elif roll >= 0.02:
                    doc = {"format": FORMAT, "version": FORMAT_VERSION, "scenario": scenario.id, "updated_at": "2026-03-01T10:00:00+00:00", "choices": choices}
                    (folder / DECISIONS_FILE).write_text(json.dumps(doc), encoding="utf-8")
                record = read_decisions(folder)
                result = score_record(key, record)
                submission = Submission(course, t, a.id, a.id, folder, folder)
                store_scores(submission, key, record, result, "decisions.json", [])
                if not result.problem:  # the futures grading stores for a plan (synthetic numbers: none simulated)
                    store_futures(submission.scores_file, {m.id: rng.random() for m in MEASURES})
                areas = {k: (v.earned, v.possible) for k, v in result.areas.items()}
                # nbgrader's own tables, with ids set here so one commit writes the whole assignment
                sub = SubmittedAssignment(id=uuid.uuid4().hex, assignment_id=assignment.id, student_id=students[t])
                nb = SubmittedNotebook(id=uuid.uuid4().hex, assignment_id=sub.id, notebook_id=notebook.id)
                rows += [sub, nb]
                for name, (cell_id, max_score) in cell_ids.items():
                    if name.startswith("score-"):
                        rows.append(Grade(notebook_id=nb.id, cell_id=cell_id, auto_score=areas.get(name[6:], (0.0, 0))[0], needs_manual_grade=False))
                    else:
                        graded = rng.random() < 0.9
                        rows.append(Grade(notebook_id=nb.id, cell_id=cell_id, needs_manual_grade=not graded,
                                          manual_score=round(max_score * rng.random()) if graded else None))
                        rows.append(Comment(notebook_id=nb.id, cell_id=solution[name],
                                            manual_comment="Good start; name who will do what." if graded else None))
            with gb.db.no_autoflush:
                gb.db.add_all(rows)
            gb.db.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=500)
    parser.add_argument("--assignments", type=int, default=9)
    args = parser.parse_args()
    spec = synthetic_spec(args.assignments)
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        start = time.perf_counter()
        write_cohort(course, spec, args.trainees)
        setup = time.perf_counter() - start

        from sqlalchemy import create_engine

        start = time.perf_counter()
        engine = create_engine(gradebook_url(course))
        with engine.connect() as conn:
            raw = pd.read_sql_query(BASELINE_SQL, conn)
        engine.dispose()
        baseline = time.perf_counter() - start

        start = time.perf_counter()
        data = collect(course, spec=spec)
        read = time.perf_counter() - start
        start = time.perf_counter()
        outputs = cohort_analytics(course, Path(tmp) / "reports", spec=spec, variants={}, data=data)
        analyse = time.perf_counter() - start
        assert len(data.grades) == len(raw), (len(data.grades), len(raw))
        assert outputs.html.exists() and len(outputs.problems) > 0

    total = read + analyse
    print(f"synthetic cohort: {args.trainees} trainees x {args.assignments} assignments, {len(raw)} grades, "
          f"{len(data.decisions)} decisions, {len(outputs.problems)} unreadable submissions skipped (setup {setup:.1f} s)")
    print(f"gradebook into pandas (one SQL query):   {baseline:6.2f} s  (baseline)")
    print(f"gradebook + stored scores (collect):     {read:6.2f} s  ratio {read / baseline:5.1f}x")
    print(f"analytics, plots, CSV, Excel:            {analyse:6.2f} s  ratio {analyse / baseline:5.1f}x")
    print(f"cohort report in all:                    {total:6.2f} s  ratio {total / baseline:5.1f}x  (target: 2 s)")


if __name__ == "__main__":
    main()
