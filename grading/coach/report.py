"""The coach's view of a graded assignment: scores, behaviour-level evidence, written answers, problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import nbformat
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from dataclasses import fields

from scenarios.catalog import load_catalog
from scenarios.loader import load_case

from ..course import load_course
from ..grade import gradebook_frame, submitted_trainees
from .evidence import read_stored_scores
from ..scoring import DecisionScore

_SCORE_FIELDS = {f.name for f in fields(DecisionScore)}


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


def review_assignment(course_dir: Union[str, Path], assignment: str) -> tuple[list[TraineeReview], list[str]]:
    """Every trainee's review for an assignment, and the cells the gradebook holds for it."""
    course_dir = Path(course_dir)
    spec = load_course().assignment(assignment)
    scenario = load_case(spec.scenario)
    grades = gradebook_frame(course_dir)
    grades = grades[grades.assignment == assignment]
    cells = list(dict.fromkeys(grades.cell)) if not grades.empty else []
    answer_ids = {w.id for w in scenario.written_answers}
    reviews = []
    for trainee in submitted_trainees(course_dir, assignment):
        review = TraineeReview(trainee)
        mine = grades[grades.trainee == trainee]
        for row in mine.itertuples():
            review.scores[row.cell] = None if row.needs_manual_grade else row.score
        review.total = float(mine.score.sum()) if not mine.empty else 0.0
        stored = read_stored_scores(course_dir, assignment, trainee)
        if mine.empty or stored is None:
            review.problem = "Not autograded yet."
        elif stored.get("problem"):
            review.problem = stored["problem"]
        if stored is not None:
            review.notes = [str(n) for n in stored.get("notes", [])]
            review.source = str(stored.get("source", ""))
        if not (mine.empty or stored is None or stored.get("problem")):
            review.decisions = [DecisionScore(**{k: v for k, v in d.items() if k in _SCORE_FIELDS}) for d in stored["decisions"]]
        review.labels = {(dp.id, o.id): o.label.strip() for dp in scenario.decision_points for o in dp.options}
        review.written = _written_answers(course_dir / "autograded" / trainee / assignment, answer_ids)
        reviews.append(review)
    from deploy.identity import set_aside_entries  # made in a trainee's name by another account: never graded

    reviews += [TraineeReview(f"{e['trainee']} (set aside)", problem=e["sentence"]) for e in set_aside_entries(course_dir, assignment)]
    return reviews, cells


def behaviour_names() -> dict[str, str]:
    """Behaviour id -> name, for readable evidence."""
    return {b.id: b.name for p in load_catalog().practices for b in p.behaviours}


def cohort_report(course_dir: Union[str, Path], out_dir: Union[str, Path]) -> Path:
    """Write the coach's HTML report for every assignment in the gradebook; returns its path."""
    course_dir, out_dir = Path(course_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec = load_course()
    sections = []
    for a in spec.assignments:
        if not (course_dir / "submitted").exists() or not submitted_trainees(course_dir, a.id):
            continue
        reviews, cells = review_assignment(course_dir, a.id)
        scenario = load_case(a.scenario)
        sections.append({"assignment": a, "scenario": scenario, "reviews": reviews, "cells": cells})
    env = Environment(loader=PackageLoader("grading", "templates"), autoescape=select_autoescape(["html"]))
    html = env.get_template("cohort.html").render(
        course_id=spec.course_id,
        sections=sections,
        names=behaviour_names(),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
    path = out_dir / "cohort.html"
    path.write_text(html, encoding="utf-8")
    return path


def scores_table(course_dir: Union[str, Path]) -> pd.DataFrame:
    """Trainee by graded cell, for a quick look in the terminal."""
    grades = gradebook_frame(course_dir)
    if grades.empty:
        return grades
    return grades.pivot_table(index=["assignment", "trainee"], columns="cell", values="score", aggfunc="first")
