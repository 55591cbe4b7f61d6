"""The coach's view of a graded assignment: scores, behaviour-level evidence, written answers, problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import nbformat
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from scenarios.catalog import load_catalog

from ..grade import submitted_trainees
from ..scoring import DecisionScore
from .evidence import CourseData, collect



@dataclass
class TraineeReview:
    """One trainee's work on one assignment, as the coach reviews it."""

    trainee: str
    scores: dict[str, Optional[float]] = field(default_factory=dict)
    total: float = 0.0
    decisions: list[DecisionScore] = field(default_factory=list)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    problem: Optional[str] = None
    # what the coach should know beside the scores (a submitted copy that differs from the course's record, a
    # choice not open where the case went, a lock broken in a file record)
    notes: list[str] = field(default_factory=list)
    source: str = ""


def _written_answers(folder: Path, answer_ids: set[str]) -> dict[str, str]:
    """The written answers in the notebooks of a folder (the autograded copy: sanitised, never through a link)."""
    answers = {}
    for path in folder.glob("*.ipynb"):
        if path.is_symlink():
            continue
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception:
            continue
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answer_ids:
                answers[grade_id] = cell.source.strip()
    return answers


def review_assignment(course_dir: Union[str, Path], assignment: str,
                      data: Optional[CourseData] = None) -> tuple[list[TraineeReview], list[str]]:
    """Every trainee's review for an assignment, and the cells the gradebook holds for it (from ``data``, the
    course read once; else read here)."""
    course_dir = Path(course_dir)
    data = data or collect(course_dir)
    scenario = data.scenarios.get(assignment)
    key = data.keys.get(assignment)
    grades = data.grades[data.grades.assignment == assignment]
    cells = list(dict.fromkeys(grades.cell)) if not grades.empty else []
    answer_ids = {w.id for w in key.written_answers} if key else set()
    labels = {(dp.id, o.id): o.label.strip() for dp in scenario.decision_points for o in dp.options} if scenario else {}
    by_trainee = dict(tuple(grades.groupby("trainee", sort=False))) if not grades.empty else {}
    subs = data.submissions[data.submissions.assignment == assignment].set_index("trainee")
    decisions = dict(tuple(data.decisions[data.decisions.assignment == assignment].groupby("trainee", sort=False)))
    evidence = data.evidence[data.evidence.assignment == assignment]
    evidence = {k: set(v) for k, v in evidence.groupby(["trainee", "point", "status"]).behaviour} if not evidence.empty else {}
    reviews = []
    for trainee in submitted_trainees(course_dir, assignment):
        review = TraineeReview(trainee)
        mine = by_trainee.get(trainee, grades.iloc[0:0])
        for row in mine.itertuples():
            review.scores[row.cell] = None if row.needs_manual_grade else row.score
        review.total = float(mine.score.sum()) if not mine.empty else 0.0
        sub = subs.loc[trainee] if trainee in subs.index else None
        problem = sub.problem if sub is not None else None
        if mine.empty or sub is None or problem == "not autograded yet (no stored scores)":
            review.problem = "Not autograded yet."
        elif problem:
            review.problem = problem
        if sub is not None:
            review.notes = data.notes.get((trainee, assignment), [])
            review.source = sub.source or ""
        if not review.problem:
            review.decisions = [
                DecisionScore(point=d.point, title=d.title, practice=d.practice,
                              chosen=[c for c in d.chosen.split("|") if c], earned=d.earned, possible=d.possible,
                              demonstrated=sorted(evidence.get((trainee, d.point, "demonstrated"), ())),
                              contradicted=sorted(evidence.get((trainee, d.point, "contradicted"), ())),
                              missed=sorted(evidence.get((trainee, d.point, "missed"), ())),
                              note=d.note, week=d.week, kind=d.kind)
                for d in decisions.get(trainee, data.decisions.iloc[0:0]).itertuples()]
        review.labels = labels
        review.written = _written_answers(course_dir / "autograded" / trainee / assignment, answer_ids)
        reviews.append(review)
    from deploy.identity import set_aside_entries  # made in a trainee's name by another account: never graded

    reviews += [TraineeReview(f"{e['trainee']} (set aside)", problem=e["sentence"]) for e in set_aside_entries(course_dir, assignment)]
    return reviews, cells


def cohort_report(course_dir: Union[str, Path], out_dir: Union[str, Path], data: Optional[CourseData] = None) -> Path:
    """Write the coach's HTML report for every assignment with submissions; returns its path. ``data`` is the course
    read once (:func:`grading.coach.evidence.collect`); else it is read here."""
    course_dir, out_dir = Path(course_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = data or collect(course_dir)
    sections = []
    for a in data.assignments:
        if a.id not in data.keys or not submitted_trainees(course_dir, a.id):
            continue
        reviews, cells = review_assignment(course_dir, a.id, data)
        sections.append({"assignment": a, "key": data.keys[a.id], "reviews": reviews, "cells": cells})
    env = Environment(loader=PackageLoader("grading", "templates"), autoescape=select_autoescape(["html"]))
    html = env.get_template("cohort.html").render(
        course_id=data.course_id,
        sections=sections,
        names=load_catalog().behaviour_names(),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
    path = out_dir / "cohort.html"
    path.write_text(html, encoding="utf-8")
    return path


def scores_table(course_dir: Union[str, Path], data: Optional[CourseData] = None) -> pd.DataFrame:
    """Trainee by graded cell, for a quick look in the terminal."""
    grades = (data or collect(course_dir)).grades
    if grades.empty:
        return grades
    return grades.pivot_table(index=["assignment", "trainee"], columns="cell", values="score", aggfunc="first")
