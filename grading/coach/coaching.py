"""One trainee's coaching report: practice behaviour by behaviour, the coach's grades, simulated futures, prompts.

The report reads only the named trainee's rows of the course's data (the gradebook and the scores
stored at grading), so it cannot show anyone else's work. What comes
from the answer key beyond the trainee's own feedback (the behaviours a
moment called for and the choice missed, the practice model's choices and
their futures, the rubric) appears only once the assignment is graded: every
cell autograded and every written answer graded by the coach.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from scenarios.catalog import load_catalog

from . import plots
from .comments import BankComment, bank_path, load_bank, matching
from .evidence import CourseData, behaviour_names, collect

STATUS_WORDS = {
    "demonstrated": "showed",
    "contradicted": "worked against",
    "missed": "did not show",
}


@dataclass
class Moment:
    """One decision point as the trainee met it, with the evidence it gives."""

    point: str
    week: float
    title: str
    situation: str
    practice: str
    chosen: list[str]
    earned: float
    possible: float
    note: str
    evidence: dict[str, list[str]]
    rationale: list[str] = field(default_factory=list)
    model_choice: list[str] = field(default_factory=list)


@dataclass
class AssignmentReview:
    """A trainee's work on one assignment, ready for the template."""

    assignment: str
    title: str
    module: str
    scenario_title: str
    graded: bool
    autograded: bool
    problem: Optional[str]
    practice: pd.DataFrame
    practice_plot: Optional[str]
    moments: list[Moment]
    written: list[dict]
    futures_plot: Optional[str]
    futures_summary: list[dict]
    comments: list[BankComment]
    prompts: list[str]


@dataclass
class Summary:
    """The top of a trainee's report: where they stand across assignments, in five minutes."""

    areas: list[dict]
    assignments: list[dict]
    strengths: list[dict]
    to_work_on: list[dict]
    pending: list[str]



def _practice_table(grades: pd.DataFrame) -> pd.DataFrame:
    """Final points per practice area; a hand grade still to come counts in ``pending`` only, never as a zero."""
    cols = ["practice", "name", "score", "max_score", "pending"]
    if grades.empty:
        return pd.DataFrame(columns=cols)
    waiting = grades.needs_manual_grade.fillna(False).astype(bool)
    out = grades.assign(score=grades.score.where(~waiting, 0.0).fillna(0.0), max_score=grades.max_score.where(~waiting, 0.0),
                        pending=grades.max_score.where(waiting, 0.0))
    out = out.groupby("practice", sort=False, as_index=False)[["score", "max_score", "pending"]].sum()
    names = load_catalog().practice_names()
    out["name"] = out.practice.map(lambda p: names.get(p, p))
    return out[cols]


def summarise(reviews: list["AssignmentReview"], names: dict[str, str], problems: list[dict]) -> Summary:
    """Scores by practice area across assignments, three strengths, three things to work on, what is pending.

    A strength is a behaviour shown more often than worked against; a thing to work on one worked
    against (or, once graded, missed) more often than shown. Ties go to the earlier moment.
    """
    areas: dict[str, dict] = {}
    for r in reviews:
        for row in r.practice.itertuples():
            a = areas.setdefault(row.practice, {"practice": row.practice, "name": row.name, "by_assignment": {},
                                                "score": 0.0, "max_score": 0.0, "pending": 0.0})
            a["by_assignment"][r.assignment] = row
            a["score"] += row.score
            a["max_score"] += row.max_score
            a["pending"] += row.pending
    for a in areas.values():
        a["share"] = a["score"] / a["max_score"] if a["max_score"] else None
    order = list(load_catalog().practice_names())  # the practice model's order: engage, team, assess, plan, ...
    ranked_areas = sorted(areas.values(), key=lambda a: order.index(a["practice"]) if a["practice"] in order else len(order))

    tally: dict[str, dict] = {}
    for r in reviews:
        for m in r.moments:
            for status, behaviours in m.evidence.items():
                for b in behaviours:
                    t = tally.setdefault(b, {"behaviour": b, "name": names.get(b, b), "demonstrated": 0, "against": 0,
                                             "moments": []})
                    t["demonstrated" if status == "demonstrated" else "against"] += 1
                    t["moments"].append((status, f"{r.title.split(':')[0]}: {m.title}"))
    ranked = list(tally.values())
    strengths = sorted((t for t in ranked if t["demonstrated"] > t["against"]), key=lambda t: t["against"] - t["demonstrated"])[:3]
    to_work_on = sorted((t for t in ranked if t["against"] > t["demonstrated"]), key=lambda t: t["demonstrated"] - t["against"])[:3]
    for t in strengths:
        t["where"] = [w for s, w in t["moments"] if s == "demonstrated"][:2]
    for t in to_work_on:
        t["where"] = [w for s, w in t["moments"] if s != "demonstrated"][:2]

    pending = []
    for r in reviews:
        waiting = [w["title"] for w in r.written if w["score"] is None]
        if r.autograded and waiting:
            pending.append(f"{r.title}: {len(waiting)} written answer{'s' if len(waiting) != 1 else ''} to grade "
                           f"({'; '.join(waiting)}); the practice model's choices and the rubric show once graded")
    pending += [f"{p['assignment']}: {p['problem']}" for p in problems]
    assignments = [{"id": r.assignment, "title": r.title, "short": r.title.split(":")[0], "graded": r.graded, "problem": r.problem,
                    "score": float(r.practice.score.sum()) if not r.practice.empty else None,
                    "max_score": float(r.practice.max_score.sum()) if not r.practice.empty else None,
                    "pending": float(r.practice.pending.sum()) if not r.practice.empty else 0.0} for r in reviews]
    return Summary(ranked_areas, assignments, strengths, to_work_on, pending)


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text) or "trainee"


def _moment_label(m: Moment) -> str:
    return f"\u201c{m.title}\u201d (week {m.week:g})"


def coaching_prompts(moments: list[Moment], names: dict[str, str], graded: bool, futures: list[dict]) -> list[str]:
    """Questions for the coaching conversation, strengths first, then one or two areas to grow."""
    strengths: dict[str, Moment] = {}
    against: dict[str, Moment] = {}
    missed: dict[str, Moment] = {}
    for m in moments:
        for b in m.evidence.get("demonstrated", []):
            strengths.setdefault(b, m)
        for b in m.evidence.get("contradicted", []):
            against.setdefault(b, m)
        for b in m.evidence.get("missed", []):
            missed.setdefault(b, m)
    prompts = []
    for b, m in list(strengths.items())[:3]:
        prompts.append(f"In {_moment_label(m)} you showed \u201c{names.get(b, b)}\u201d. What helped you choose that, "
                       "and how would you keep doing it in a case that feels harder?")
    if not strengths:
        prompts.append("Which moment of the case do you feel you handled best, and what did you draw on there?")
    for b, m in list(against.items())[:2]:
        prompts.append(f"In {_moment_label(m)} your choice worked against \u201c{names.get(b, b)}\u201d. "
                       "What was going on for you at that point, and what else could you have said or done?")
    if graded:
        for b, m in list(missed.items())[: max(0, 2 - len(against))]:
            prompts.append(f"In {_moment_label(m)} the moment also called for \u201c{names.get(b, b)}\u201d. "
                           "What would that have looked like with this family?")
    incident = next((f for f in futures if f["measure"] == "safety_incident"), None)
    if incident is not None:
        line = f"In the simulated futures of your plan, {incident['trainee']:.0%} had a safety incident"
        if incident["model"] is not None:
            line += f" (the practice model's plan: {incident['model']:.0%})"
        prompts.append(line + ". What do you make of that, and what in your plan drove it?")
    prompts.append("What one thing will you practise before the next module, and how will we both know it is happening?")
    return prompts


def _written_answers(course_dir: Path, trainee: str, assignment: str, ids: set[str]) -> dict[str, str]:
    from .report import _written_answers as read

    return read(course_dir / "autograded" / trainee / assignment, ids)


def review(
    data: CourseData, trainee: str, assignment: str, bank: list[BankComment], runs: int = 40,
) -> AssignmentReview:
    """Everything the report says about one trainee's work on one assignment."""
    names = behaviour_names()
    spec = data.assignment(assignment)
    scenario = data.scenarios.get(assignment)
    graded = data.is_graded(trainee, assignment)
    mine = data.grades[(data.grades.trainee == trainee) & (data.grades.assignment == assignment)]
    subs = data.submissions[(data.submissions.trainee == trainee) & (data.submissions.assignment == assignment)]
    problem = subs.problem.iloc[0] if not subs.empty and subs.problem.iloc[0] else None
    if mine.empty and problem is None:
        problem = "Not autograded yet."
    practice = _practice_table(mine)

    moments: list[Moment] = []
    key = data.keys.get(assignment)
    model_choices = key.model_choices() if key is not None else {}
    rows = data.decisions[(data.decisions.trainee == trainee) & (data.decisions.assignment == assignment)]
    ev = data.evidence[(data.evidence.trainee == trainee) & (data.evidence.assignment == assignment)]
    labels = {(p.id, o): " ".join(k.label.split()) for p in key.points for o, k in p.options.items()} if key else {}
    situations = {dp.id: " ".join(dp.situation.split()) for dp in scenario.decision_points} if scenario else {}
    for row in rows.itertuples():
        chosen = [c for c in row.chosen.split("|") if c]
        point_ev = {s: sorted(ev.loc[(ev.point == row.point) & (ev.status == s), "behaviour"]) for s in STATUS_WORDS}
        if not graded:
            point_ev["missed"] = []
        kp = next(p for p in key.points if p.id == row.point)
        moments.append(Moment(
            point=row.point, week=row.week, title=row.title, situation=situations.get(row.point, ""), practice=row.practice,
            chosen=[labels.get((row.point, c), c) for c in chosen], earned=row.earned, possible=row.possible, note=row.note,
            evidence=point_ev,
            rationale=[kp.options[c].rationale for c in chosen if c in kp.options and kp.options[c].rationale],
            model_choice=[labels.get((row.point, c), c) for c in model_choices.get(row.point, [])] if graded else [],
        ))

    written = []
    if key is not None:
        answers = _written_answers(data.course_dir, trainee, assignment, {w.id for w in key.written_answers})
        for w in key.written_answers:
            g = mine[mine.cell == w.id]
            written.append({
                "title": w.title, "practice": w.practice, "points": w.points,
                "answer": answers.get(w.id, ""),
                "score": None if g.empty or bool(g.needs_manual_grade.iloc[0]) else float(g.score.iloc[0]),
                "comment": None if g.empty else g.comment.iloc[0],
                "rubric": w.rubric if graded else [],
                "exemplar": " ".join(w.exemplar.split()) if graded else "",
                "behaviours": [names.get(b, b) for b in w.behaviours],
            })

    # the futures stored at grading (the numbers the trainee saw) beside the practice model's, frozen at build
    futures_plot, futures_summary = None, []
    stored = data.futures.get((trainee, assignment))
    if runs > 0 and stored and isinstance(stored.get("summary"), dict):
        from curriculum.toolkit.futures import by_id, label

        from ..key import read_reference

        reference = read_reference(data.course_dir, assignment) if graded else None
        model = reference["summary"] if reference else None
        try:
            futures_plot = plots.futures_summary(stored["summary"], model)
            futures_summary = [
                {"measure": k, "outcome": label(k), "trainee": float(v),
                 "model": (float(model[k]) if model and k in model else None)}
                for k, v in by_id(stored["summary"]).items() if k != plots.ENGAGEMENT
            ]
        except Exception as exc:  # the report is still worth having without its futures
            problem = (problem + " " if problem else "") + f"Futures could not be drawn ({type(exc).__name__}: {exc})."

    pairs = [(b, s) for m in moments for s, bs in m.evidence.items() for b in bs]
    return AssignmentReview(
        assignment=assignment,
        title=spec.title if spec else assignment,
        module=data.module_of(assignment),
        scenario_title=scenario.title if scenario else "",
        graded=graded,
        autograded=not mine.empty,
        problem=problem,
        practice=practice,
        practice_plot=plots.practice_bars(practice),
        moments=moments,
        written=written,
        futures_plot=futures_plot,
        futures_summary=futures_summary,
        comments=matching(bank, pairs),
        prompts=coaching_prompts(moments, names, graded, futures_summary),
    )


def trainee_report(
    course_dir: Union[str, Path],
    trainee: str,
    out_dir: Union[str, Path],
    assignment: Optional[str] = None,
    runs: int = 40,
    data: Optional[CourseData] = None,
) -> Path:
    """Write ``<out_dir>/<trainee>.html`` (or ``<trainee>-<assignment>.html``), the trainee's coaching report."""
    course_dir, out_dir = Path(course_dir), Path(out_dir)
    data = data or collect(course_dir, trainees=[trainee])
    if set(data.submissions.trainee) - {trainee}:
        raise ValueError("a trainee's report must be built from that trainee's data alone")
    mine = data.submissions[data.submissions.trainee == trainee]
    order = [a.id for a in data.assignments] + sorted(set(mine.assignment) - {a.id for a in data.assignments})
    assignments = [a for a in order if a in set(mine.assignment) and (assignment is None or a == assignment)]
    if assignment is not None and not assignments:
        raise KeyError(f"{trainee} has no submission of {assignment!r}")
    try:
        bank = load_bank(bank_path(course_dir))
    except ValueError:
        bank = []
    names = behaviour_names()
    reviews = [review(data, trainee, a, bank, runs=runs) for a in assignments]
    problems = data.problems[(data.problems.trainee == trainee)]
    env = Environment(loader=PackageLoader("grading", "templates"), autoescape=select_autoescape(["html"]))
    records = problems.to_dict("records")
    html = env.get_template("trainee.html").render(
        course_id=data.course_id,
        trainee=trainee,
        reviews=reviews,
        summary=summarise(reviews, names, records),
        names=names,
        words=STATUS_WORDS,
        problems=records,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / (f"{_safe_name(trainee)}-{_safe_name(assignment)}.html" if assignment else f"{_safe_name(trainee)}.html")
    path.write_text(html, encoding="utf-8")
    return path


def all_trainee_reports(course_dir: Union[str, Path], out_dir: Union[str, Path], runs: int = 40, progress: bool = False) -> dict[str, Path]:
    """A coaching report for every trainee with a submission; each built from that trainee's data alone (the
    course read once, then cut by trainee)."""
    course_dir = Path(course_dir)
    mine = collect(course_dir, progress=progress).by_trainee()
    items = sorted(mine)
    if progress:
        from rich.progress import track

        items = track(items, description="Coaching reports", transient=True)
    return {t: trainee_report(course_dir, t, out_dir, runs=runs, data=mine[t]) for t in items}
