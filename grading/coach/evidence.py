"""What a course holds about its trainees, read once into one :class:`CourseData` of flat pandas tables: grades,
submissions, decisions, behaviour evidence, problems; every coach's report, export and the dashboard read it.

:func:`collect` reads the frozen build (``<course>/keys/``: the course file, each assignment's case and key as
they were built, never the live ``curriculum/course.yaml`` or case files), the gradebook (through nbgrader's
ORM, one query per table, at whatever SQLAlchemy URL the course's ``nbgrader_config.py`` names) and the
per-decision scores stored at grading (``<course>/scores/``, written by :mod:`grading.pipeline.score` from the
key frozen at build, with the grading time and the futures of the trainee's plan). It never scores or
simulates again, and never reads a trainee's decision file; with ``times`` it reads the decision logs' times
(for the xAPI statements). The evidence is by behaviour:

- ``demonstrated``: a chosen option shows the behaviour;
- ``contradicted``: a chosen option works against it;
- ``missed``: another option at that moment would have shown it and the choice did not.

A missing or unreadable submission becomes a row in ``problems`` and is
skipped, never fatal. Reading can be limited to some trainees, so a trainee's
report is built from that trainee's rows alone.
"""

from __future__ import annotations

import functools
import gc
import json
import multiprocessing
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, TypeVar, Union

import pandas as pd

from scenarios.catalog import load_catalog
from scenarios.models import Scenario

from ..course import Assignment, CourseSpec, course_config
from ..key import AnswerKey, PointKey
from ..pipeline.context import frozen_key, scores_file

NO_MODULE = "(no module)"
T = TypeVar("T")
GRADE_COLUMNS = [
    "trainee", "assignment", "notebook", "cell", "practice", "kind", "score", "max_score",
    "auto_score", "manual_score", "extra_credit", "needs_manual_grade", "comment",
]
STUDENT_COLUMNS = ["trainee", "first_name", "last_name", "email", "lms_user_id"]
DECISION_COLUMNS = [
    "trainee", "assignment", "module", "scenario", "point", "title", "practice", "week", "kind",
    "chosen", "earned", "possible", "note", "reached",
]
EVIDENCE_COLUMNS = ["trainee", "assignment", "module", "point", "title", "week", "practice", "behaviour", "status"]
SUBMISSION_COLUMNS = ["trainee", "assignment", "module", "in_gradebook", "graded", "decisions_read", "problem", "timestamp",
                      "graded_at", "source"]
TIME_COLUMNS = ["trainee", "assignment", "point", "chosen", "at"]
PROBLEM_COLUMNS = ["trainee", "assignment", "problem"]


def gradebook_url(course_dir: Union[str, Path]) -> str:
    """The gradebook's SQLAlchemy URL as nbgrader sees it (``CourseDirectory.db_url``, SQLite by default)."""
    from nbgrader.coursedir import CourseDirectory

    return CourseDirectory(config=course_config(course_dir)).db_url


def _gradebook_exists(url: str) -> bool:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):]).exists()
    return True


def read_gradebook(course_dir: Union[str, Path], trainees: Optional[Iterable[str]] = None) -> dict[str, pd.DataFrame]:
    """The gradebook as three tables: ``grades`` (one row a graded cell), ``students`` and ``submissions``."""
    from nbgrader.api import (
        Assignment as GbAssignment, BaseCell, Comment, Gradebook, Grade, GradeCell, Notebook, Student,
        SubmittedAssignment, SubmittedNotebook,
    )

    url = gradebook_url(course_dir)
    wanted = None if trainees is None else sorted(set(trainees))
    empty = {
        "grades": pd.DataFrame(columns=GRADE_COLUMNS[:4] + ["max_score", "auto_score", "manual_score", "extra_credit", "needs_manual_grade", "comment"]),
        "students": pd.DataFrame(columns=STUDENT_COLUMNS),
        "submissions": pd.DataFrame(columns=["trainee", "assignment", "timestamp"]),
    }
    if not _gradebook_exists(url):
        return empty
    with Gradebook(url) as gb:
        db = gb.db
        def up_to_student(query, notebook_id):
            """Join a per-notebook table (grades, comments) up to its notebook, assignment and student."""
            return (
                query.join(SubmittedNotebook, notebook_id == SubmittedNotebook.id)
                .join(Notebook, SubmittedNotebook.notebook_id == Notebook.id)
                .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(GbAssignment, SubmittedAssignment.assignment_id == GbAssignment.id)
                .join(Student, SubmittedAssignment.student_id == Student.id)
            )

        grades = up_to_student(
            db.query(Student.id, GbAssignment.name, Notebook.name, GradeCell.name, GradeCell.max_score,
                     Grade.auto_score, Grade.manual_score, Grade.extra_credit, Grade.needs_manual_grade)
            .select_from(Grade).join(GradeCell, Grade.cell_id == GradeCell.id),
            Grade.notebook_id,
        )
        comments = up_to_student(
            db.query(Student.id, GbAssignment.name, Notebook.name, BaseCell.name, Comment.auto_comment, Comment.manual_comment)
            .select_from(Comment).join(BaseCell, Comment.cell_id == BaseCell.id),
            Comment.notebook_id,
        )
        students = db.query(Student.id, Student.first_name, Student.last_name, Student.email, Student.lms_user_id)
        submissions = (
            db.query(Student.id, GbAssignment.name, SubmittedAssignment.timestamp)
            .select_from(SubmittedAssignment)
            .join(GbAssignment, SubmittedAssignment.assignment_id == GbAssignment.id)
            .join(Student, SubmittedAssignment.student_id == Student.id)
        )
        if wanted is not None:
            grades, comments, submissions = (q.filter(Student.id.in_(wanted)) for q in (grades, comments, submissions))
            students = students.filter(Student.id.in_(wanted))
        # the ORM builds the queries; rows come back through SQLAlchemy Core, much faster for a large cohort
        def frame(query, columns):
            rows = db.connection().execute(query.statement).all()
            return pd.DataFrame.from_records(rows, columns=columns)

        g = frame(grades, ["trainee", "assignment", "notebook", "cell", "max_score", "auto_score", "manual_score", "extra_credit", "needs_manual_grade"])
        c = frame(comments, ["trainee", "assignment", "notebook", "cell", "auto_comment", "manual_comment"])
        s = frame(students, STUDENT_COLUMNS)
        sub = frame(submissions, ["trainee", "assignment", "timestamp"])
    for col in ("max_score", "auto_score", "manual_score", "extra_credit"):
        g[col] = g[col].astype(float)
    # the same rule as nbgrader's Grade.score and Comment.comment: a manual value wins over the automatic one
    g["score"] = g.manual_score.where(g.manual_score.notna(), g.auto_score).fillna(0.0) + g.extra_credit.fillna(0.0)
    c["comment"] = c.manual_comment.where(c.manual_comment.notna(), c.auto_comment)
    g = g.merge(c[["trainee", "assignment", "notebook", "cell", "comment"]], how="left", on=["trainee", "assignment", "notebook", "cell"])
    g["comment"] = g.comment.astype(object).where(g.comment.notna(), None)
    g["needs_manual_grade"] = g.needs_manual_grade.astype(bool)
    return {"grades": g, "students": s, "submissions": sub}


@dataclass
class CourseData:
    """Everything the coaching reports read, for the trainees asked for."""

    course_dir: Path
    course_id: str
    assignments: list[Assignment]
    scenarios: dict[str, Scenario]
    keys: dict[str, AnswerKey]
    grades: pd.DataFrame
    students: pd.DataFrame
    submissions: pd.DataFrame
    decisions: pd.DataFrame
    evidence: pd.DataFrame
    problems: pd.DataFrame
    choices: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)
    # the futures of each trainee's plan, stored at grading: (trainee, assignment) -> {runs, seed, summary}
    futures: dict[tuple[str, str], dict] = field(default_factory=dict)
    # what grading noted beside the scores (a submitted copy that differs from the course's record, ...)
    notes: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    # when each choice was logged (collect(times=True)): trainee, assignment, point, chosen (a frozenset), at
    times: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=TIME_COLUMNS))

    @property
    def modules(self) -> list[str]:
        """Module names in course order."""
        return list(dict.fromkeys(a.module or NO_MODULE for a in self.assignments))

    @property
    def trainees(self) -> list[str]:
        """Every trainee with a submission, sorted."""
        return sorted(set(self.submissions.trainee))

    def assignment(self, assignment_id: str) -> Optional[Assignment]:
        """The manifest entry of an assignment, if the course has it."""
        return next((a for a in self.assignments if a.id == assignment_id), None)

    def module_of(self, assignment_id: str) -> str:
        """The module an assignment belongs to."""
        a = self.assignment(assignment_id)
        return (a.module or NO_MODULE) if a else NO_MODULE

    def practice_scores(self, readable_only: bool = False) -> pd.DataFrame:
        """Final gradebook points per trainee, assignment and practice area (decisions and written answers together).

        An answer still waiting for the coach counts in neither ``score`` nor ``max_score`` (never as a zero);
        its points are in ``pending_max``. With ``readable_only``, the submissions in :meth:`unreadable`
        are left out (their gradebook rows hold zeros for decisions that could not be read).
        """
        cols = ["trainee", "assignment", "module", "practice", "score", "max_score", "share"]
        grades = self._readable_grades() if readable_only else self.grades
        if grades.empty:
            return pd.DataFrame(columns=cols + ["pending_max"])
        out = _final_and_pending(grades).groupby(["trainee", "assignment", "practice"], as_index=False, sort=False)[
            ["score", "max_score", "pending_max"]].sum()
        out["module"] = out.assignment.map(self._modules_of(out.assignment))
        out["share"] = (out.score / out.max_score.where(out.max_score > 0)).fillna(0.0)
        return out[cols + ["pending_max"]]

    def _modules_of(self, assignments: pd.Series) -> dict[str, str]:
        """:meth:`module_of` each assignment named, looked up once per assignment (not once per row)."""
        return {a: self.module_of(a) for a in assignments.unique()}

    def assignment_scores(self, readable_only: bool = False) -> pd.DataFrame:
        """Final gradebook points per trainee and assignment, with the share of the final maximum.

        As in :meth:`practice_scores`, pending hand grades are left out of ``score`` and ``max_score``
        and counted in ``pending_max``; ``graded`` is False while any is pending. ``readable_only``
        leaves out the submissions in :meth:`unreadable`.
        """
        cols = ["trainee", "assignment", "module", "score", "max_score", "share", "graded"]
        grades = self._readable_grades() if readable_only else self.grades
        if grades.empty:
            return pd.DataFrame(columns=cols + ["pending_max"])
        out = _final_and_pending(grades).groupby(["trainee", "assignment"], as_index=False, sort=False).agg(
            score=("score", "sum"), max_score=("max_score", "sum"), pending_max=("pending_max", "sum"),
            pending=("needs_manual_grade", "any"))
        out["graded"] = ~out.pending
        out["module"] = out.assignment.map(self._modules_of(out.assignment))
        out["share"] = (out.score / out.max_score.where(out.max_score > 0)).fillna(0.0)
        return out[cols + ["pending_max"]]

    def unreadable(self) -> pd.DataFrame:
        """(trainee, assignment, problem): submissions whose decisions could not be read (damaged, missing, not scored)."""
        s = self.submissions
        if s.empty:
            return pd.DataFrame(columns=["trainee", "assignment", "problem"])
        return s.loc[s.problem.notna(), ["trainee", "assignment", "problem"]].reset_index(drop=True)

    def _readable_grades(self) -> pd.DataFrame:
        bad = self.unreadable()
        if bad.empty or self.grades.empty:
            return self.grades
        pairs = pd.MultiIndex.from_frame(bad[["trainee", "assignment"]])
        return self.grades[~pd.MultiIndex.from_frame(self.grades[["trainee", "assignment"]]).isin(pairs)]

    def by_trainee(self) -> dict[str, "CourseData"]:
        """The data cut into one :class:`CourseData` per trainee (each holding that trainee's rows alone), every
        table grouped once."""
        tables = ("grades", "students", "submissions", "decisions", "evidence", "problems", "times")
        groups = {name: dict(tuple(getattr(self, name).groupby("trainee", sort=False))) for name in tables}
        empty = {name: getattr(self, name).iloc[0:0] for name in tables}

        def mine(mapping: dict, trainee: str) -> dict:
            return {k: v for k, v in mapping.items() if k[0] == trainee}

        return {t: CourseData(
            course_dir=self.course_dir, course_id=self.course_id, assignments=self.assignments,
            scenarios=self.scenarios, keys=self.keys,
            **{name: groups[name].get(t, empty[name]) for name in tables},
            choices=mine(self.choices, t), futures=mine(self.futures, t), notes=mine(self.notes, t),
        ) for t in self.trainees}

    def is_graded(self, trainee: str, assignment: str) -> bool:
        """Autograded and every hand-graded cell graded by the coach."""
        mine = self.grades[(self.grades.trainee == trainee) & (self.grades.assignment == assignment)]
        return not mine.empty and not bool(mine.needs_manual_grade.any())


def _final_and_pending(grades: pd.DataFrame) -> pd.DataFrame:
    """The gradebook with a pending hand grade's score and maximum moved to ``pending_max``."""
    pending = grades.needs_manual_grade.fillna(False).astype(bool)
    return grades.assign(
        score=grades.score.where(~pending, 0.0).fillna(0.0),
        max_score=grades.max_score.where(~pending, 0.0),
        pending_max=grades.max_score.where(pending, 0.0),
    )


def read_stored_scores(course_dir: Union[str, Path], assignment: str, trainee: str) -> Optional[dict]:
    """The scores stored at grading for one submission, or None when there are none (or they are unreadable)."""
    return _read_scores(scores_file(Path(course_dir), assignment, trainee))


def _read_scores(path: Union[str, Path]) -> Optional[dict]:
    """:func:`read_stored_scores` from the file's path (plain ``open``: collect reads thousands)."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.loads(f.read())
    except (OSError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("decisions"), list) else None


def _folders(path: Union[str, Path]) -> list[str]:
    """The names of the folders in a folder (links to folders count), [] when it is not one."""
    try:
        with os.scandir(path) as entries:
            return [e.name for e in entries if e.is_dir()]
    except (NotADirectoryError, FileNotFoundError):
        return []


def behaviour_names() -> dict[str, str]:
    """Behaviour id -> name, from the catalog."""
    return load_catalog().behaviour_names()


def _practice_of_cell(cell: str, scenario: Optional[Scenario]) -> tuple[str, str]:
    from ..grade_ids import practice_of

    if practice_of(cell) is not None:
        return practice_of(cell), "decisions"
    if scenario is not None:
        for w in scenario.written_answers:
            if w.id == cell:
                return w.practice.value, "written"
    return "other", "other"


def _track(items, description: str, progress: bool):
    if not progress:
        return items
    from rich.progress import track

    return track(items, description=description, transient=True)


# from this many submissions a course is read, and its reports made, by two processes where a child can be forked
PARALLEL_READ_MIN = 1000


def can_fork() -> bool:
    """A child process can be forked safely: fork is available, this process runs no other thread and is not
    itself such a child (a daemon)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


class Meanwhile:
    """``work()`` done by a forked child while this process goes on (when ``fork`` and a child can be forked,
    :func:`can_fork`); :meth:`result` waits for it (the result comes back through a pipe: it must pickle). If the
    child fails, :meth:`result` does the work here: an error in ``work`` is raised as it would be without a
    child. While the child runs, the objects alive at the fork are left out of garbage collection (gc.freeze):
    a full collection would walk them all, and in the child copy every page they are on."""

    def __init__(self, work: Callable[[], T], fork: bool = True):
        self.work, self.process, self.frozen = work, None, False
        if fork and can_fork():
            ctx = multiprocessing.get_context("fork")
            self.receive, send = ctx.Pipe(duplex=False)

            def child() -> None:
                try:
                    send.send(("done", work()))
                finally:
                    send.close()

            self.frozen = not gc.get_freeze_count()
            if self.frozen:
                gc.freeze()
            self.process = ctx.Process(target=child, name="casework-coach", daemon=True)
            self.process.start()
            send.close()

    def result(self) -> T:
        if self.process is None:
            return self.work()
        try:
            answer = self.receive.recv()  # before join: a large result fills the pipe
        except EOFError:
            answer = None
        finally:
            self.receive.close()
            self.process.join()
            self.process = None
            if self.frozen:
                gc.unfreeze()
        return answer[1] if answer is not None else self.work()


def _without_gc_pauses(read):
    """``read`` with the garbage collector paused: reading a course makes millions of small objects (the stored
    scores' JSON, the rows), every one kept, which the collector would otherwise walk again and again."""

    @functools.wraps(read)
    def reading(*args, **kwargs):
        paused = gc.isenabled()
        gc.disable()
        try:
            return read(*args, **kwargs)
        finally:
            if paused:
                gc.enable()

    return reading


@_without_gc_pauses
def collect(
    course_dir: Union[str, Path],
    trainees: Optional[Iterable[str]] = None,
    spec: Optional[CourseSpec] = None,
    scenarios: Optional[dict[str, Scenario]] = None,
    progress: bool = False,
    times: bool = False,
) -> CourseData:
    """Read the course once: the frozen build, the gradebook and the stored scores (of some trainees only, if
    named); ``spec`` and ``scenarios`` stand in for the frozen ones (scripted courses in tests and benchmarks);
    ``times`` also reads when each choice was logged."""
    from ..course import frozen_course
    from ..pipeline.score import course_case

    course_dir = Path(course_dir).resolve()
    spec = spec or frozen_course(course_dir)
    wanted = None if trainees is None else set(trainees)
    root = os.path.join(course_dir, "submitted")
    # each trainee's submission folders, listed once (not a stat per trainee and assignment)
    submitted = {t: set(_folders(os.path.join(root, t))) for t in _folders(root) if wanted is None or t in wanted}
    folder_pairs = sorted((t, a.id) for t, folders in submitted.items() for a in spec.assignments if a.id in folders)

    problems: list[dict] = []
    loaded: dict[str, Scenario] = {}
    keys: dict[str, AnswerKey] = {}
    for a in spec.assignments:
        try:
            keys[a.id] = frozen_key(course_dir, a.id)
        except (LookupError, ValueError, OSError):
            continue  # an assignment this course was not built with
        frozen = (scenarios or {}).get(a.id) or course_case(course_dir, a.id)
        if frozen is None:
            problems.append({"trainee": "", "assignment": a.id, "problem": (
                f"the course keeps no copy of the case of {a.id} (keys/cases/): rebuild the course")})
        else:
            loaded[a.id] = frozen

    module = {a.id: a.module or NO_MODULE for a in spec.assignments}
    # each assignment's folder of stored scores, <trainee>.json inside (scores_file), as strings: no Path per file
    scores_dirs = {a_id: os.fspath(scores_file(course_dir, a_id, "trainee").parent) for a_id in keys}

    def read(trainee: str, a_id: str) -> tuple:
        """One submission's stored scores: its row (the gradebook's columns still to fill), its problems, decision,
        evidence and time rows, and its choices, futures and notes (None: none to keep)."""
        found, decision_rows, evidence_rows, time_rows = [], [], [], []
        choices = futures = notes = None
        row = {
            "trainee": trainee, "assignment": a_id, "module": module.get(a_id, NO_MODULE),
            "in_gradebook": False, "graded": False,  # from the gradebook, below
            "decisions_read": False, "problem": None, "timestamp": None,
            "graded_at": None, "source": "",
        }
        if a_id not in keys:
            return row, found, decision_rows, evidence_rows, time_rows, choices, futures, notes
        stored = _read_scores(os.path.join(scores_dirs[a_id], f"{trainee}.json"))
        if stored is not None:
            row["graded_at"] = stored.get("graded_at") if isinstance(stored.get("graded_at"), str) else None
            row["source"] = str(stored.get("source", ""))
            if stored.get("notes"):
                notes = [str(n) for n in stored["notes"]]
        folder = a_id in submitted.get(trainee, ())
        if times and folder:
            from scenarios.decisions import decision_times

            for point, logged in decision_times(course_dir / "submitted" / trainee / a_id, keys[a_id].scenario).items():
                time_rows += [(trainee, a_id, point, chosen, at) for chosen, at in logged]
        if not folder:
            row["problem"] = "in the gradebook, but the submission folder is missing"
        elif stored is None:
            row["problem"] = "not autograded yet (no stored scores)"
        elif stored.get("scenario") != keys[a_id].scenario:
            row["problem"] = "its stored scores belong to another case; grade it again"
        elif stored.get("problem"):
            row["problem"] = stored["problem"]
        else:
            row["decisions_read"] = True
            choices = stored.get("choices") or {}
            if isinstance(stored.get("futures"), dict):
                futures = stored["futures"]
        for text in (stored or {}).get("problems", []) if stored else []:
            found.append({"trainee": trainee, "assignment": a_id, "problem": str(text)})
        if row["problem"]:
            found.append({"trainee": trainee, "assignment": a_id, "problem": row["problem"]})
            return row, found, decision_rows, evidence_rows, time_rows, choices, futures, notes
        mod, scenario = row["module"], stored["scenario"]
        for d in stored.get("decisions", []):
            point, title, practice, week = d["point"], d["title"], d["practice"], d.get("week", 0.0)
            decision_rows.append((trainee, a_id, mod, scenario, point, title, practice,
                                  week, d.get("kind", "single"), "|".join(d["chosen"]), d["earned"],
                                  d["possible"], d.get("note", ""),
                                  # scores stored before grading kept `reached`: something chosen or possible
                                  bool(d.get("reached", bool(d["chosen"]) or d["possible"] > 0))))
            for status in ("demonstrated", "contradicted", "missed"):
                for b in d.get(status, ()):
                    evidence_rows.append((trainee, a_id, mod, point, title, week, practice, b, status))
        return row, found, decision_rows, evidence_rows, time_rows, choices, futures, notes

    # a large course's gradebook is read by a forked child, and then the last sixth of the stored scores, while
    # this process reads the others
    fork = len(folder_pairs) >= PARALLEL_READ_MIN
    cut = len(folder_pairs) * 5 // 6 if fork else len(folder_pairs)
    mine, theirs = folder_pairs[:cut], folder_pairs[cut:]
    child = Meanwhile(lambda: (read_gradebook(course_dir, wanted), {pair: read(*pair) for pair in theirs}), fork)
    try:
        stored_scores = {pair: read(*pair) for pair in _track(mine, "Reading the stored scores", progress)}
    finally:
        book, more = child.result()  # (after an error too: no child left behind)
    stored_scores.update(more)
    grades, students, submissions = book["grades"], book["students"], book["submissions"]

    practice, kind = [], []
    of_cell: dict[tuple[str, str], tuple[str, str]] = {}  # a few dozen cells, tens of thousands of grades
    for a_id, cell in zip(grades.assignment.tolist(), grades.cell.tolist()):
        if (a_id, cell) not in of_cell:
            of_cell[(a_id, cell)] = _practice_of_cell(cell, loaded.get(a_id))
        p, k = of_cell[(a_id, cell)]
        practice.append(p)
        kind.append(k)
    grades = grades.assign(practice=practice, kind=kind)[GRADE_COLUMNS] if not grades.empty else pd.DataFrame(columns=GRADE_COLUMNS)

    known_ids = {a.id for a in spec.assignments}
    for a_id in sorted(set(submissions.assignment) - known_ids):
        problems.append({"trainee": "", "assignment": a_id, "problem": "in the gradebook but not in the course manifest; decisions not read"})

    in_gradebook = set(zip(submissions.trainee, submissions.assignment))
    stamps = {(t, a): ts for t, a, ts in zip(submissions.trainee, submissions.assignment, submissions.timestamp)}
    pending = grades.groupby(["trainee", "assignment"]).needs_manual_grade.any().to_dict() if not grades.empty else {}
    decision_rows, evidence_rows, submission_rows = [], [], []
    choices: dict[tuple[str, str], dict[str, list[str]]] = {}
    futures: dict[tuple[str, str], dict] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    time_rows: list[tuple] = []
    for pair in sorted(in_gradebook | set(folder_pairs)):  # a submission in the gradebook without a folder too
        row, found, decided, shown, logged, choice, future, note = stored_scores.get(pair) or read(*pair)
        row.update(in_gradebook=pair in in_gradebook, graded=pair in pending and not pending[pair], timestamp=stamps.get(pair))
        submission_rows.append(row)
        problems += found
        decision_rows += decided
        evidence_rows += shown
        time_rows += logged
        if note is not None:
            notes[pair] = note
        if choice is not None:
            choices[pair] = choice
        if future is not None:
            futures[pair] = future

    return CourseData(
        course_dir=course_dir,
        course_id=spec.course_id,
        assignments=list(spec.assignments),
        scenarios=loaded,
        keys=keys,
        grades=grades,
        students=students,
        submissions=pd.DataFrame(submission_rows, columns=SUBMISSION_COLUMNS),
        decisions=pd.DataFrame(decision_rows, columns=DECISION_COLUMNS),
        evidence=pd.DataFrame(evidence_rows, columns=EVIDENCE_COLUMNS),
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        choices=choices,
        futures=futures,
        notes=notes,
        times=pd.DataFrame(time_rows, columns=TIME_COLUMNS),
    )
