"""Gradebook files an LMS imports: Canvas's gradebook CSV and Moodle's grade-import CSV.

Both are built from the stored grades (one row a graded cell of the nbgrader
gradebook). An assignment whose hand-graded answers still wait for the coach
is **left blank**, never exported as a zero: an LMS reads a blank as "not
graded yet", and the total the LMS computes then leaves it out.

Canvas (the gradebook import of "Grades > Import"): the header starts with
``Student, ID, SIS User ID, SIS Login ID, Section``; the second line is the
``Points Possible`` row; one column per assignment, named by its title; no
total column (Canvas computes its own, and would make an imported "Total" an
assignment). Canvas matches a row to a student by ``ID`` (its own numeric
id), else ``SIS User ID``, else ``SIS Login ID``. The gradebook knows no
Canvas id, so ``ID`` is left blank (assumed: Canvas then matches on the SIS
columns); ``SIS User ID`` is the student's ``lms_user_id`` in the gradebook,
else their username, and ``SIS Login ID`` their username.

Moodle (Grades > Import > CSV file): the coach maps one column to identify
users (``Username`` or ``ID number``) and each grade column to a grade item.
Moodle refuses a value above the grade item's maximum (100 unless "unlimited
grades" is on), so each assignment is exported as a percentage of its points
(0-100), which fits a default grade item. The email column is written only
when every trainee has an email (a blank one stops the import when email is
the mapped identity).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from ..coach.evidence import CourseData

CANVAS_ID_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "Points Possible"


def _assignments(data: "CourseData") -> list:
    present = set(data.grades.assignment)
    return [a for a in data.assignments if a.id in present]


def assignment_points(data: "CourseData") -> tuple[pd.DataFrame, pd.Series]:
    """Points per trainee and assignment (NaN while a hand grade is pending), and each assignment's points possible."""
    grades = data.grades
    if grades.empty:
        return pd.DataFrame(), pd.Series(dtype=float)
    points = grades.pivot_table(index="trainee", columns="assignment", values="score", aggfunc="sum")
    pending = grades.assign(pending=grades.needs_manual_grade.fillna(False).astype(bool)).pivot_table(
        index="trainee", columns="assignment", values="pending", aggfunc="max").reindex_like(points)
    points = points.mask(pending.astype("boolean").fillna(False).astype(bool))
    possible = grades.groupby(["assignment", "trainee"]).max_score.sum().groupby("assignment").max()
    return points, possible


def _people(data: "CourseData") -> tuple[list[str], pd.DataFrame]:
    students = data.students.set_index("trainee") if not data.students.empty else pd.DataFrame(
        columns=["first_name", "last_name", "email", "lms_user_id"])
    trainees = sorted(set(students.index) | set(data.grades.trainee))
    return trainees, students


def _field(students: pd.DataFrame, trainee: str, column: str) -> str:
    if trainee in students.index and column in students.columns:
        value = students.at[trainee, column]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def canvas_frame(data: "CourseData") -> pd.DataFrame:
    """Canvas's gradebook import: the identity columns, a Points Possible row, one column per assignment title."""
    trainees, students = _people(data)
    points, possible = assignment_points(data)
    assignments = _assignments(data)
    rows = [{"Student": POINTS_POSSIBLE, "ID": "", "SIS User ID": "", "SIS Login ID": "", "Section": ""}]
    for a in assignments:
        rows[0][a.title] = round(float(possible.get(a.id, 0.0)), 2)
    for t in trainees:
        last, first = _field(students, t, "last_name"), _field(students, t, "first_name")
        row = {"Student": ", ".join(x for x in (last, first) if x) or t, "ID": "",
               "SIS User ID": _field(students, t, "lms_user_id") or t, "SIS Login ID": t, "Section": ""}
        for a in assignments:
            value = points.at[t, a.id] if t in points.index and a.id in points.columns else math.nan
            row[a.title] = "" if pd.isna(value) else round(float(value), 2)
        rows.append(row)
    return pd.DataFrame(rows, columns=CANVAS_ID_COLUMNS + [a.title for a in assignments])


def moodle_frame(data: "CourseData") -> pd.DataFrame:
    """Moodle's grade import: Username, ID number (and Email address when every trainee has one), one percentage
    column per assignment (0-100; blank while a hand grade is pending)."""
    trainees, students = _people(data)
    points, possible = assignment_points(data)
    assignments = _assignments(data)
    emails = [_field(students, t, "email") for t in trainees]
    rows = []
    for t, email in zip(trainees, emails):
        row = {"Username": t, "ID number": _field(students, t, "lms_user_id") or t}
        if all(emails):
            row["Email address"] = email
        for a in assignments:
            value = points.at[t, a.id] if t in points.index and a.id in points.columns else math.nan
            top = float(possible.get(a.id, 0.0))
            row[f"{a.title} (%)"] = "" if pd.isna(value) or top <= 0 else round(min(100.0, max(0.0, 100 * value / top)), 2)
        rows.append(row)
    columns = ["Username", "ID number"] + (["Email address"] if all(emails) else []) + [f"{a.title} (%)" for a in assignments]
    return pd.DataFrame(rows, columns=columns)



def cells_frame(data: "CourseData") -> pd.DataFrame:
    """Every gradebook cell with its state: ``final``, or ``waiting for the coach`` with the score blank (never 0)."""
    grades = data.grades
    if grades.empty:
        return grades.assign(status=pd.Series(dtype=str))
    waiting = grades.needs_manual_grade.astype("boolean").fillna(False).astype(bool)
    out = grades.assign(status=["waiting for the coach" if w else "final" for w in waiting])
    out["score"] = out.score.astype(float).where(~waiting)
    return out
