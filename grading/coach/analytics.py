"""Cohort analytics: behaviours, score distributions, growth, item analysis, calibration, bias probes, exports.

Everything here works on :class:`grading.coach.evidence.CourseData` (the course read once: the frozen build,
the gradebook and the scores and futures stored at grading, as pandas tables) and for any number of
assignments and modules: names and order come from the course as built and the gradebook.

Judgement calibration reads the rating points of each case (``kind: rating``):
the trainee's forecast is the ``forecast`` of the level chosen, the outcome is
what the point ``rates`` (a safety incident, or the child placed) in the
simulated futures of the trainee's own plan, and the structured assessment's
rating is the level the key credits most. Bias probes compare the assignments
of ``curriculum/course.yaml`` marked ``variant_of:`` (the same facts, a family
of another background) with the case they vary, point by point (by id, else by
position), trainee by trainee.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import multiprocessing
from dataclasses import dataclass
from pathlib import Path
from functools import partial
from typing import Any, Callable, Iterable, Optional, Union

import numpy as np
import pandas as pd

from scenarios.catalog import load_catalog

from . import plots
from ..course import CourseSpec, load_course
from .evidence import NO_MODULE, PARALLEL_READ_MIN, CourseData, Meanwhile, behaviour_names, can_fork, collect
from ..exports.cells import neutralise, neutralised

def filtered(data: CourseData, trainees: Optional[Iterable[str]] = None, modules: Optional[Iterable[str]] = None,
             assignments: Optional[Iterable[str]] = None) -> CourseData:
    """A view of the data limited to some trainees, modules or assignments (None keeps all)."""
    keep_a = {a.id for a in data.assignments} | set(data.grades.assignment) | set(data.submissions.assignment)
    if modules is not None:
        mods = set(modules)
        keep_a = {a for a in keep_a if data.module_of(a) in mods}
    if assignments is not None:
        keep_a &= set(assignments)
    keep_t = None if trainees is None else set(trainees)

    def cut(frame: pd.DataFrame) -> pd.DataFrame:
        mask = pd.Series(True, index=frame.index)
        if "assignment" in frame:
            mask &= frame.assignment.isin(keep_a) | (frame.assignment == "")
        if keep_t is not None and "trainee" in frame:
            mask &= frame.trainee.isin(keep_t)
        return frame[mask]

    return CourseData(
        course_dir=data.course_dir, course_id=data.course_id,
        assignments=[a for a in data.assignments if a.id in keep_a],
        scenarios=data.scenarios, keys=data.keys,
        grades=cut(data.grades), students=data.students if keep_t is None else data.students[data.students.trainee.isin(keep_t)],
        submissions=cut(data.submissions), decisions=cut(data.decisions), evidence=cut(data.evidence),
        problems=cut(data.problems),
        choices={k: v for k, v in data.choices.items() if k[1] in keep_a and (keep_t is None or k[0] in keep_t)},
        futures={k: v for k, v in data.futures.items() if k[1] in keep_a and (keep_t is None or k[0] in keep_t)},
        notes={k: v for k, v in data.notes.items() if k[1] in keep_a and (keep_t is None or k[0] in keep_t)},
        times=cut(data.times),
    )


def behaviours_offered(data: CourseData) -> pd.DataFrame:
    """(assignment, point, behaviour): every behaviour a credited option of a decision point demonstrates."""
    rows = []
    for a_id, key in data.keys.items():
        for p in key.points:
            for b in sorted({b for o in p.options.values() if o.credit > 0 for b in o.demonstrates}):
                rows.append((a_id, p.id, b))
    return pd.DataFrame(rows, columns=["assignment", "point", "behaviour"])


def contradict_only(data: CourseData) -> set[str]:
    """Behaviours that options of the course's keys can only contradict: no option anywhere demonstrates them.

    For these a trainee can never be seen to *demonstrate* the behaviour, only to avoid working against it;
    :func:`behaviour_counts` counts a relevant decision made without contradicting it as "not contradicted".
    """
    shown, against = set(), set()
    for key in data.keys.values():
        for p in key.points:
            for o in p.options.values():
                shown.update(o.demonstrates)
                against.update(o.contradicts)
    return against - shown


def _contradictable(data: CourseData, behaviours: set[str]) -> pd.DataFrame:
    """(assignment, point, behaviour): the decision points where an option contradicts one of ``behaviours``."""
    rows = [(a_id, p.id, b) for a_id, key in data.keys.items() for p in key.points
            for b in sorted({b for o in p.options.values() for b in o.contradicts} & behaviours)]
    return pd.DataFrame(rows, columns=["assignment", "point", "behaviour"])


def behaviour_counts(data: CourseData) -> pd.DataFrame:
    """Per trainee and behaviour: ``chances`` (moments that called for it), ``net`` (times shown less times
    contradicted) and ``not_contradicted`` (for :func:`contradict_only` behaviours, the relevant decisions
    made without contradicting it: each counts as shown).

    A chance is a moment where some credited option would have demonstrated the behaviour, where the
    trainee's choice worked against it, or, for a behaviour options can only contradict, any decision
    where an option contradicts it (a decision left unmade is a chance not taken).
    """
    cols = ["trainee", "behaviour", "chances", "net", "not_contradicted"]
    if data.decisions.empty:
        return pd.DataFrame(columns=cols)
    dec, ev = data.decisions, data.evidence
    offered, only = behaviours_offered(data), _contradictable(data, contradict_only(data))
    # every key as an integer: trainees and behaviours numbered in sorted order (the order of the rows out),
    # a moment as its assignment's and point's numbers, a chance as (trainee, moment, behaviour) in one int64
    tables = (dec, ev, offered, only)
    trainee = _codes([dec.trainee, ev.trainee])
    moment_a = _codes([t.assignment for t in tables])
    moment_p = _codes([t.point for t in tables])
    behaviour = _codes([ev.behaviour, offered.behaviour, only.behaviour])
    n_t, n_p, n_b = len(trainee[1]), len(moment_p[1]), len(behaviour[1])
    n_m = len(moment_a[1]) * n_p
    moment = [a * n_p + p for a, p in zip(moment_a[0], moment_p[0])]  # per table
    t_dec, t_ev = trainee[0]
    b_ev, b_offered, b_only = behaviour[0]

    def at_moments(table: int, b_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(decision row, behaviour) for each behaviour of ``table`` at the moment of each decision (an inner join)."""
        order = np.argsort(moment[table], kind="stable")
        keys, bs = moment[table][order], b_codes[order]
        start = np.searchsorted(keys, moment[0], "left")
        n = np.searchsorted(keys, moment[0], "right") - start
        rows = np.repeat(np.arange(len(dec)), n)
        offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        return rows, bs[start[rows] + offset]

    def chance(t: np.ndarray, m: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (t.astype(np.int64) * n_m + m) * n_b + b

    rows_o, b_o = at_moments(2, b_offered)
    rows_c, b_c = at_moments(3, b_only)
    status = ev.status.to_numpy()
    contradicted = status == "contradicted"
    against = chance(t_ev[contradicted], moment[1][contradicted], b_ev[contradicted])
    only_chances = chance(t_dec[rows_c], moment[0][rows_c], b_c)
    chances = _sorted_unique(np.concatenate([chance(t_dec[rows_o], moment[0][rows_o], b_o), against, only_chances]))[0]
    if not len(chances):
        return pd.DataFrame(columns=cols)

    def pair(keys: np.ndarray) -> np.ndarray:  # (trainee, behaviour) of a chance
        return keys // (n_m * n_b) * n_b + keys % n_b

    pairs, n_chances = _sorted_unique(pair(chances))
    shown = status == "demonstrated"
    signs = np.concatenate([np.ones(shown.sum()), -np.ones(contradicted.sum())])
    signed = np.bincount(np.concatenate([t_ev[shown] * n_b + b_ev[shown], t_ev[contradicted] * n_b + b_ev[contradicted]]),
                         weights=signs, minlength=n_t * n_b)
    # a decision made at a contradict-only behaviour's moment without contradicting it
    made = dec.chosen.astype(bool).to_numpy()[rows_c]
    kept_keys = only_chances[made & ~np.isin(only_chances, against)]
    kept = np.bincount(pair(kept_keys), minlength=n_t * n_b)
    not_contradicted = kept[pairs].astype(np.int64)
    return pd.DataFrame({
        "trainee": trainee[1][pairs // n_b], "behaviour": behaviour[1][pairs % n_b],
        "chances": n_chances.astype(np.int64), "net": signed[pairs] + not_contradicted,
        "not_contradicted": not_contradicted,
    }, columns=cols)


def _sorted_unique(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct integers of ``keys`` in order and how often each occurs (np.unique by sorting)."""
    keys = np.sort(keys)
    first = np.empty(len(keys), dtype=bool)
    first[:1] = True
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    return keys[starts], np.diff(np.append(starts, len(keys)))


def _codes(columns: list[pd.Series]) -> tuple[list[np.ndarray], np.ndarray]:
    """The values of some columns numbered together in sorted order: each column's codes, and the values."""
    codes, values = pd.factorize(np.concatenate([c.to_numpy(dtype=object) for c in columns]), sort=True)
    bounds = np.cumsum([0] + [len(c) for c in columns])
    return [codes[bounds[i]:bounds[i + 1]].astype(np.int64) for i in range(len(columns))], np.asarray(values, dtype=object)


def behaviour_matrix(data: CourseData, behaviours: Optional[Iterable[str]] = None,
                     counts: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Trainee by behaviour: net / chances (:func:`behaviour_counts`), from -1 to 1; NaN without a chance.

    For a behaviour options can only contradict, 1 is "not contradicted at any decision that could have".
    """
    counts = behaviour_counts(data) if counts is None else counts
    if counts.empty:
        return pd.DataFrame()
    matrix = (counts.set_index(["trainee", "behaviour"]).net / counts.set_index(["trainee", "behaviour"]).chances).unstack("behaviour")
    order = [b for b in behaviour_names() if b in matrix.columns] + sorted(set(matrix.columns) - set(behaviour_names()))
    if behaviours is not None:
        wanted = set(behaviours)
        order = [b for b in order if b in wanted]
    return matrix.reindex(columns=order).sort_index()


def practice_of_behaviours() -> dict[str, str]:
    """Behaviour id -> the id of its practice area in the catalog."""
    return load_catalog().practice_of()


def practice_names() -> dict[str, str]:
    """Practice area id -> name, in catalog order."""
    return load_catalog().practice_names()


def practice_matrix(data: CourseData, counts: Optional[pd.DataFrame] = None) -> pd.DataFrame:
    """Trainee by practice area: the behaviours of the area pooled (sum of net over sum of chances), -1 to 1."""
    counts = behaviour_counts(data) if counts is None else counts
    if counts.empty:
        return pd.DataFrame()
    of = practice_of_behaviours()
    pooled = counts.assign(practice=counts.behaviour.map(lambda b: of.get(b, b.split(".")[0])))
    sums = pooled.groupby(["trainee", "practice"])[["net", "chances"]].sum()
    matrix = (sums.net / sums.chances).unstack("practice")
    order = [p for p in practice_names() if p in matrix.columns] + sorted(set(matrix.columns) - set(practice_names()))
    return matrix.reindex(columns=order).sort_index()


def behaviour_map_jobs(data: CourseData, counts: pd.DataFrame, title: str = "Trainees by practice area",
                       matrix: Optional[pd.DataFrame] = None) -> tuple[Callable[[], Optional[str]], list[tuple[str, Callable[[], Optional[str]]]]]:
    """The heat maps of :func:`behaviour_figures`, each still to draw: the map of the practice areas, and a
    (practice area name, map) per area (``matrix``: :func:`behaviour_matrix`, if already at hand)."""
    names, areas, only = behaviour_names(), practice_names(), contradict_only(data)
    practice = partial(plots.heatmap, practice_matrix(data, counts), areas, title, rotate=False)
    matrix = behaviour_matrix(data, counts=counts) if matrix is None else matrix
    by_practice = []
    if not matrix.empty:
        of = practice_of_behaviours()
        for area, name in list(areas.items()) + [("other", "Other behaviours")]:
            cols = [b for b in matrix.columns if of.get(b, "other") == area]
            if cols:
                by_practice.append((name, partial(plots.heatmap, matrix[cols], names, f"{name}: trainees by behaviour", marked=only)))
    return practice, by_practice


def behaviour_figures(data: CourseData, counts: pd.DataFrame, title: str = "Trainees by practice area") -> dict:
    """The heat maps of the behaviours: ``practice`` (trainees by practice area) and ``by_practice``, a list of
    (practice area name, data URI) with one map of the area's behaviours each."""
    practice, by_practice = behaviour_map_jobs(data, counts, title)
    return {"practice": practice(), "by_practice": [(name, draw()) for name, draw in by_practice]}


def evidence_counts(data: CourseData) -> pd.DataFrame:
    """Behaviour by evidence kind: how many times the cohort demonstrated, missed or contradicted it."""
    if data.evidence.empty:
        return pd.DataFrame(columns=["behaviour", "demonstrated", "missed", "contradicted"])
    table = data.evidence.groupby(["behaviour", "status"]).size().unstack("status", fill_value=0)
    for col in ("demonstrated", "missed", "contradicted"):
        if col not in table:
            table[col] = 0
    return table[["demonstrated", "missed", "contradicted"]].reset_index()


def score_frames(data: CourseData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The practice-area and assignment scores the statistics count: submissions that could not be read
    (:meth:`CourseData.unreadable`) are left out, and so is a score with nothing final to share (every
    answer in it waits for the coach)."""
    practice = data.practice_scores(readable_only=True)
    assignment = data.assignment_scores(readable_only=True)
    return practice[practice.max_score > 0], assignment[assignment.max_score > 0]


def practice_frame(data: CourseData) -> pd.DataFrame:
    """Share of the points per trainee and practice area, pooled over the assignments (one row a trainee and area),
    unreadable submissions left out (:func:`score_frames`)."""
    scores = data.practice_scores(readable_only=True)
    scores = scores[scores.max_score > 0]  # as score_frames
    if scores.empty:
        return pd.DataFrame(columns=["trainee", "practice", "score", "max_score", "share"])
    out = scores.groupby(["trainee", "practice"], as_index=False, sort=False)[["score", "max_score"]].sum()
    return out.assign(share=out.score / out.max_score)


def practice_distribution(data: CourseData, title: str = "Scores per practice area") -> Optional[str]:
    """The plot of :func:`practice_frame`: one column a practice area (by its catalog name), in the order met."""
    frame = practice_frame(data)
    areas = practice_names()
    frame = frame.assign(practice=frame.practice.map(lambda p: areas.get(p, p)))
    return plots.distributions(frame, "practice", list(dict.fromkeys(frame.practice)), title, min_n=MIN_N)


def run_jobs(jobs: dict[str, Callable[[], Any]], parallel: bool = True) -> dict[str, Any]:
    """Each job's result by name. With ``parallel``, where a child can be forked (:func:`~.evidence.can_fork`), a
    forked child and this process both take the next job not yet taken, in the order given (put the longest
    first), until none is left; the child's results come back through a pipe (they must pickle). If the child
    fails, this process does the jobs it took: an error in a job is raised here, as it would be without a child.
    While the child runs, the objects alive at the fork are left out of garbage collection (gc.freeze): a full
    collection would walk them all, and in the child copy every page they are on."""
    names = list(jobs)
    if not parallel or len(names) < 2 or not can_fork():
        return {name: jobs[name]() for name in names}
    ctx = multiprocessing.get_context("fork")
    taken = ctx.Value("i", 0)

    def work() -> dict[str, Any]:
        done = {}
        while True:
            with taken.get_lock():
                i = taken.value
                taken.value += 1
            if i >= len(names):
                return done
            done[names[i]] = jobs[names[i]]()

    receive, send = ctx.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send(work())
        finally:
            send.close()

    process = ctx.Process(target=child, name="casework-cohort", daemon=True)
    frozen = not gc.get_freeze_count()
    if frozen:
        gc.freeze()
    try:
        process.start()
        send.close()
        try:
            results = work()
        finally:
            try:
                theirs = receive.recv()  # before join: a large result fills the pipe
            except EOFError:
                theirs = None
            receive.close()
            process.join()
    finally:
        if frozen:
            gc.unfreeze()
    if theirs is None:  # the child failed (it said why on stderr): its jobs are done here
        theirs = {name: jobs[name]() for name in names if name not in results}
    return {name: results[name] if name in results else theirs[name] for name in names}


def growth_frame(data: CourseData) -> pd.DataFrame:
    """Share of the points per trainee and module (mean over the module's assignments), modules in course order.

    Submissions that could not be read are left out (:func:`score_frames`): a damaged file is not a zero.
    """
    scores = data.assignment_scores(readable_only=True)
    scores = scores[scores.max_score > 0]  # as score_frames
    if scores.empty:
        return pd.DataFrame(columns=["trainee", "module", "share"])
    out = scores.groupby(["trainee", "module"], as_index=False).share.mean()
    order = {m: i for i, m in enumerate(data.modules + [NO_MODULE])}
    return out.sort_values(["trainee", "module"], key=lambda s: s.map(order) if s.name == "module" else s).reset_index(drop=True)


def _point_biserial(item: np.ndarray, rest: np.ndarray) -> float:
    if len(item) < 3 or np.std(item) == 0 or np.std(rest) == 0:
        return math.nan
    return float(np.corrcoef(item, rest)[0, 1])


# the fewest trainees a statistic of spread is drawn or computed for: box plots, the discrimination indices,
# item flags (below it the page shows the points or values only, and says so)
MIN_N = 5
FLAG_MIN_N = MIN_N
GIVEAWAY_SHARE = 0.9


def item_flag(n: int, best_share: float, point_biserial: float) -> str:
    """Why an item needs its author's look ('' when it does not, or when too few trainees played it)."""
    if n < FLAG_MIN_N:
        return ""
    flags = []
    if best_share >= GIVEAWAY_SHARE:
        flags.append(f"{best_share:.0%} chose the best option: the item may give its answer away")
    if point_biserial == point_biserial and point_biserial < 0:
        flags.append("negative discrimination: trainees who do well elsewhere do worse here; check the key and wording")
    return "; ".join(flags)


def _first_pivot(rows: pd.DataFrame, value: str) -> pd.DataFrame:
    """``rows.pivot_table(index="trainee", columns="point", values=value, aggfunc="first")`` built directly (a tenth
    of the time): trainee by point, the first value given for each, NaN where none; trainees and points sorted,
    only those with a value."""
    given = rows[value].notna().to_numpy()
    t_codes, trainees = pd.factorize(rows.trainee.to_numpy()[given], sort=True)
    p_codes, points = pd.factorize(rows.point.to_numpy()[given], sort=True)
    first = ~pd.Series(t_codes.astype(np.int64) * len(points) + p_codes).duplicated().to_numpy()
    # stored point by trainee, as the pivot's block is: row sums add in the same order, to the last bit
    grid = np.full((len(points), len(trainees)), np.nan)
    grid[p_codes[first], t_codes[first]] = rows[value].to_numpy(dtype=float)[given][first]
    return pd.DataFrame(grid.T, index=pd.Index(trainees, name="trainee"), columns=pd.Index(points, name="point"))


def item_analysis(data: CourseData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per decision point: difficulty, item-rest point-biserial, upper-lower index, the share earning full credit,
    and a flag for the author (:func:`item_flag`); and option frequencies.

    Below :data:`MIN_N` trainees the discrimination indices are not computed (NaN) and ``note`` says so.
    """
    item_cols = ["assignment", "point", "title", "practice", "n", "difficulty", "point_biserial", "upper_lower",
                 "best_share", "flag", "note"]
    option_cols = ["assignment", "point", "option", "label", "credit", "chosen", "share", "mean_total_of_choosers"]
    if data.decisions.empty:
        return pd.DataFrame(columns=item_cols), pd.DataFrame(columns=option_cols)
    items, options = [], []
    for a_id, rows in data.decisions.groupby("assignment", sort=False):
        rows = rows.assign(share=rows.earned / rows.possible)
        wide, earned = _first_pivot(rows, "share"), _first_pivot(rows, "earned")
        total = earned.sum(axis=1)
        n = len(wide)
        k = max(1, int(round(0.27 * n)))
        ranked = total.sort_values(kind="mergesort").index
        lower, upper = ranked[:k], ranked[-k:]
        # the upper and lower groups' mean share per point, and each trainee's total, looked up once per assignment
        upper_mean, lower_mean = wide.loc[upper].mean(), wide.loc[lower].mean()
        total_of = total.to_dict()
        key = data.keys[a_id]
        scenario = data.scenarios[a_id]
        by_option: dict[str, dict[str, list[str]]] = {}
        for trainee, point, chosen in zip(rows.trainee.tolist(), rows.point.tolist(), rows.chosen.tolist()):
            if not chosen:
                continue
            at = by_option.setdefault(point, {})
            for option in dict.fromkeys(c for c in chosen.split("|") if c) if "|" in chosen else (chosen,):
                who = at.get(option)
                if who is None:
                    at[option] = [trainee]
                else:
                    who.append(trainee)
        for p in key.points:
            if p.id not in wide:
                continue
            item = wide[p.id].to_numpy(dtype=float)
            rest = (total - earned[p.id]).to_numpy(dtype=float)
            small = n < MIN_N
            r_pb = math.nan if small else _point_biserial(item, rest)
            best_share = float(np.nanmean(item >= 1 - 1e-9))
            items.append((a_id, p.id, p.title, p.practice, n, float(np.nanmean(item)), r_pb,
                          math.nan if small else float(upper_mean[p.id] - lower_mean[p.id]),
                          best_share, item_flag(n, best_share, r_pb),
                          f"n = {n}: too few for a discrimination index (the minimum is {MIN_N})" if small else ""))
            # who chose each option, grouped once (no filter per option)
            choosers = by_option.get(p.id, {})
            dp = scenario.decision_point(p.id)
            for o in dp.options:
                who = choosers.get(o.id, ())
                count = len(set(who))
                options.append((a_id, p.id, o.id, " ".join(o.label.split()), p.options[o.id].credit, count,
                                float(count) / n if n else 0.0,
                                float(np.array([total_of[t] for t in who], dtype=float).mean()) if len(who) else math.nan))
    return pd.DataFrame(items, columns=item_cols), pd.DataFrame(options, columns=option_cols)


RATED = {"safety_incident": "a safety incident", "placement": "the child placed"}


def rating_points(scenario) -> list:
    """The rating points of a scenario (``kind: rating``)."""
    return [dp for dp in scenario.decision_points if dp.kind == "rating"]


def rating_forecast(dp, option_id: str) -> Optional[float]:
    """The chance of the rated outcome the level ``option_id`` of rating point ``dp`` stands for; None if it has none."""
    option = next((o for o in dp.options if o.id == option_id), None)
    return None if option is None else option.forecast


# what a rating point rates -> the measure of the stored futures it is scored against
RATED_MEASURE = {"safety_incident": "safety_incident", "placement": "placed"}


def calibration(data: CourseData) -> pd.DataFrame:
    """Per trainee and rating point: the rating, the structured assessment's, how often the rated outcome happened in
    the futures of the trainee's plan as the trainee saw them (stored at grading: the same runs and seed as the
    notebook), Brier scores. A plan without stored futures (not decided to its end) has no row; nothing is simulated."""
    from curriculum.toolkit.futures import by_id

    cols = ["trainee", "assignment", "point", "rates", "rating", "forecast", "structured", "structured_forecast",
            "agrees", "simulated_rate", "brier", "brier_structured"]
    rows = []
    for (trainee, a_id), choices in data.choices.items():
        scenario, key = data.scenarios.get(a_id), data.keys.get(a_id)
        stored = data.futures.get((trainee, a_id))
        if scenario is None or key is None or not stored or not isinstance(stored.get("summary"), dict):
            continue
        summary = by_id(stored["summary"])
        for dp in rating_points(scenario):
            chosen = choices.get(dp.id, [])
            q = summary.get(RATED_MEASURE.get(dp.rates, ""))
            if len(chosen) != 1 or rating_forecast(dp, chosen[0]) is None or q is None:
                continue
            rating = chosen[0]
            kp = next(p for p in key.points if p.id == dp.id)
            # the structured assessment's rating: the level the key credits most
            structured = max(kp.options, key=lambda o: kp.options[o].credit)
            p, ps = rating_forecast(dp, rating), rating_forecast(dp, structured)
            # Brier score of a constant forecast p against runs with outcome rate q: mean of (p - outcome)^2
            rows.append((trainee, a_id, dp.id, dp.rates, rating, p, structured, ps, rating == structured, q,
                         p * p - 2 * p * q + q, ps * ps - 2 * ps * q + q))
    return pd.DataFrame(rows, columns=cols)


def reliability_table(calib: pd.DataFrame) -> pd.DataFrame:
    """Calibration by rating level: the forecast, the simulated rate it met, and how many ratings."""
    if calib.empty:
        return pd.DataFrame(columns=["forecast", "observed", "n"])
    return calib.groupby("forecast", as_index=False).agg(observed=("simulated_rate", "mean"), n=("trainee", "size"))


def load_variants(spec: Union[CourseSpec, Iterable, None] = None) -> dict[str, str]:
    """``{variant assignment: the assignment it varies}`` from the ``variant_of`` of each assignment of the course
    (a :class:`~grading.course.CourseSpec`, a list of its assignments, or by default ``curriculum/course.yaml``)."""
    if spec is None:
        spec = load_course()
    assignments = spec.assignments if isinstance(spec, CourseSpec) else spec
    return {a.id: a.variant_of for a in assignments if getattr(a, "variant_of", None)}


def _sign_test(diffs: Iterable[float]) -> float:
    """Two-sided sign test p-value that differences are as often positive as negative."""
    d = [x for x in diffs if abs(x) > 1e-9]
    n, k = len(d), sum(1 for x in d if x > 0)
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, i) for i in range(0, min(k, n - k) + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def bias_probes(data: CourseData, variants: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per trainee and per pair of variants: how often choices differ, the score gap, the rating gap; and the cohort view."""
    per_cols = ["trainee", "base", "variant", "points_compared", "points_differing", "score_base", "score_variant",
                "score_gap", "rating_gap"]
    cohort_cols = ["base", "variant", "trainees", "share_differing_any", "mean_points_differing", "mean_score_gap",
                   "sign_test_p", "mean_rating_gap"]
    rows = []
    for variant, base in variants.items():
        if variant not in data.keys or base not in data.keys:
            continue
        vb, bb = data.scenarios[variant], data.scenarios[base]
        shared = [(p, p) for p in (d.id for d in bb.decision_points) if p in {d.id for d in vb.decision_points}]
        if not shared and len(bb.decision_points) == len(vb.decision_points):
            shared = [(b.id, v.id) for b, v in zip(bb.decision_points, vb.decision_points)]
        rb = {d.id: d for d in rating_points(bb)}
        rv = {d.id: d for d in rating_points(vb)}
        for (trainee, a_id), choices in data.choices.items():
            if a_id != base or (trainee, variant) not in data.choices:
                continue
            other = data.choices[(trainee, variant)]
            differing = sum(1 for pb, pv in shared if sorted(choices.get(pb, [])) != sorted(other.get(pv, [])))
            mine = data.decisions[data.decisions.trainee == trainee]
            sb = mine[mine.assignment == base]
            sv = mine[mine.assignment == variant]
            share_b = sb.earned.sum() / sb.possible.sum() if sb.possible.sum() else math.nan
            share_v = sv.earned.sum() / sv.possible.sum() if sv.possible.sum() else math.nan
            gaps = []
            for pb, pv in shared:
                if pb in rb and pv in rv and len(choices.get(pb, [])) == 1 and len(other.get(pv, [])) == 1:
                    fb, fv = rating_forecast(rb[pb], choices[pb][0]), rating_forecast(rv[pv], other[pv][0])
                    if fb is not None and fv is not None:
                        gaps.append(fv - fb)
            rows.append((trainee, base, variant, len(shared), differing, share_b, share_v, share_v - share_b,
                         float(np.mean(gaps)) if gaps else math.nan))
    per = pd.DataFrame(rows, columns=per_cols)
    cohort = []
    for (base, variant), g in per.groupby(["base", "variant"], sort=False):
        cohort.append((base, variant, len(g), float((g.points_differing > 0).mean()), float(g.points_differing.mean()),
                       float(g.score_gap.mean()), _sign_test(g.score_gap.dropna()), float(g.rating_gap.mean()) if g.rating_gap.notna().any() else math.nan))
    return per, pd.DataFrame(cohort, columns=cohort_cols)


def write_csv(path: Path, frame: pd.DataFrame) -> Path:
    """A table as CSV, with text a spreadsheet would run as a formula neutralised (numbers stay numbers)."""
    neutralised(frame).to_csv(path, index=False)
    return path


def _sheet_rows(frame: pd.DataFrame) -> Optional[str]:
    """The ``<row>`` elements of a sheet holding ``frame`` under a header of its column names, cell for cell what
    openpyxl's write-only mode writes (text an inline string, neutralised; numbers ``%.16g``; booleans; empty
    cells left out); None when a value is of a type this writer leaves to openpyxl (dates, ...)."""
    from decimal import Decimal

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.exceptions import IllegalCharacterError

    def text(value: str) -> str:  # as openpyxl checks, cuts and writes a string (value neutralised already)
        value = value[:32767]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        stripped = value.strip()
        return f'<is><t xml:space="preserve">{escaped}</t></is>' if stripped and value != stripped else f"<is><t>{escaped}</t></is>"

    numeric = (int, float, Decimal, np.integer, np.floating)
    columns = []
    for j, name in enumerate(frame.columns):
        col = frame.iloc[:, j]
        letter = get_column_letter(j + 1)
        cells = [f'<c r="{letter}1" t="inlineStr">{text(neutralise(str(name)))}</c>']
        for i, v in enumerate(col.astype(object).where(col.notna(), None).tolist(), start=2):
            kind = type(v)
            if v is None:
                cells.append("")
            elif kind is str:
                v = neutralise(v)
                cells.append(f'<c r="{letter}{i}" t="inlineStr">{text(v)}</c>' if v else f'<c r="{letter}{i}" t="inlineStr" />')
            elif kind is bool or kind is np.bool_:
                cells.append(f'<c r="{letter}{i}" t="b"><v>{1 if v else 0}</v></c>')
            elif isinstance(v, numeric):
                value = "<v />" if math.isnan(v) or math.isinf(v) else f"<v>{'%.16g' % v}</v>"
                cells.append(f'<c r="{letter}{i}" t="n">{value}</c>')
            else:
                return None
        columns.append(cells)
    if not columns:
        return '<row r="1"></row>'  # the header of a table without columns: an empty row
    return "".join(f'<row r="{i + 1}">' + "".join(row) + "</row>" for i, row in enumerate(zip(*columns)))


def write_workbook(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    """An Excel workbook, one sheet per table.

    Text is always written as a string cell, never as a formula (and neutralised for
    whoever copies it elsewhere); numbers stay numbers. openpyxl writes the workbook with its sheets
    empty, and each sheet's rows are put in as openpyxl's write-only mode writes them (:func:`_sheet_rows`:
    a fifth of the time for a cohort of 500); a table holding dates or other values is written by
    openpyxl itself (:func:`_write_workbook_openpyxl`).
    """
    import io
    import zipfile

    from openpyxl import Workbook

    rows = [_sheet_rows(frame) for frame in sheets.values()]
    if any(r is None for r in rows):
        return _write_workbook_openpyxl(path, sheets)
    book = Workbook(write_only=True)
    for name in sheets:
        book.create_sheet(name[:31])
    skeleton = io.BytesIO()
    book.save(skeleton)
    empty = b"<sheetData></sheetData>"
    with zipfile.ZipFile(skeleton) as src:
        parts = [(info, src.read(info.filename)) for info in src.infolist()]
    sheet_parts = {f"xl/worksheets/sheet{i + 1}.xml": r for i, r in enumerate(rows)}
    found = {info.filename: body for info, body in parts if info.filename in sheet_parts}
    if len(found) != len(sheet_parts) or any(body.count(empty) != 1 for body in found.values()):
        return _write_workbook_openpyxl(path, sheets)  # not the skeleton this writer knows
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info, body in parts:
            if info.filename in sheet_parts:
                body = body.replace(empty, b"<sheetData>" + sheet_parts[info.filename].encode("utf-8") + b"</sheetData>")
            out.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return path


def _write_workbook_openpyxl(path: Path, sheets: dict[str, pd.DataFrame]) -> Path:
    """:func:`write_workbook` through openpyxl's write-only mode, cell by cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)

    def cells(sheet, values) -> list:
        out = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=neutralise(value))
                cell.data_type = "s"
                value = cell
            out.append(value)
        return out

    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.append(cells(sheet, [str(c) for c in frame.columns]))
        for row in frame.astype(object).where(frame.notna(), None).itertuples(index=False):
            sheet.append(cells(sheet, row))
    book.save(path)
    return path


@dataclass
class CohortOutputs:
    """The files a cohort report writes."""

    html: Path
    lms_csv: Path
    cells_csv: Path
    excel: Path
    xapi: Optional[Path]  # None: no LMS address was given, no xAPI file written
    problems: list[str]
    moodle_csv: Optional[Path] = None


def cohort_analytics(
    course_dir: Union[str, Path], out_dir: Union[str, Path], spec: Optional[CourseSpec] = None,
    variants: Optional[dict[str, str]] = None, progress: bool = False, data: Optional[CourseData] = None,
    home_page: Optional[str] = None, parallel: bool = True,
) -> CohortOutputs:
    """Write the cohort analytics: HTML with inline plots, LMS CSV, per-cell CSV, Excel workbook, and with a
    ``home_page`` (the LMS address that names trainees) the xAPI statements (see :mod:`grading.exports.xapi`).

    With ``parallel`` (where a child can be forked), a child process and this one share the work: the tables
    of a large cohort, then the exports and the plots (:func:`run_jobs`).
    """
    from jinja2 import Environment, PackageLoader, select_autoescape

    from ..exports.xapi import FILE_NAME as XAPI_FILE, check_home_page, write_statements

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = data or collect(course_dir, spec=spec, progress=progress, times=bool(home_page))
    variants = load_variants(data.assignments) if variants is None else variants
    names = behaviour_names()

    lms_csv, cells_csv = out_dir / "grades-canvas.csv", out_dir / "grades-cells.csv"
    moodle_csv = out_dir / "grades-moodle.csv"
    excel = out_dir / "cohort.xlsx"
    # xAPI statements only for a real LMS address (it names every trainee); checked before anything is written
    xapi = out_dir / XAPI_FILE if home_page is not None and check_home_page(home_page) else None

    # the item analysis, calibration and bias probes in a forked child (a large cohort) while this process counts
    # the behaviours and the growth
    tables = Meanwhile(lambda: (item_analysis(data), calibration(data), bias_probes(data, variants)),
                       fork=parallel and len(data.submissions) >= PARALLEL_READ_MIN)
    try:
        counts = behaviour_counts(data)
        matrix = behaviour_matrix(data, counts=counts)
        growth = growth_frame(data)
        unreadable = data.unreadable()
        evidence = evidence_counts(data).assign(name=lambda f: f.behaviour.map(lambda b: names.get(b, b)))
        practice_map, area_maps = behaviour_map_jobs(data, counts, matrix=matrix)
        template = Environment(loader=PackageLoader("grading", "templates"), autoescape=select_autoescape(["html"])).get_template("analytics.html")
    finally:
        (items, options), calib, (bias, bias_cohort) = tables.result()  # (after an error too: no child left behind)
    reliab = reliability_table(calib)

    def write_workbook_and_lms() -> None:
        from ..exports.lms import canvas_frame, moodle_frame

        lms, moodle = canvas_frame(data), moodle_frame(data)
        all_practice = data.practice_scores()  # the workbook keeps every gradebook row; the statistics do not
        write_csv(lms_csv, lms)
        write_csv(moodle_csv, moodle)
        write_workbook(excel, {
            "Canvas import": lms,
            "Moodle import": moodle,
            "Practice areas": all_practice.pivot_table(index="trainee", columns=["assignment", "practice"], values="score", aggfunc="sum")
            .pipe(lambda f: f.set_axis([f"{a}: {p}" for a, p in f.columns], axis=1)).reset_index() if not all_practice.empty else all_practice,
            "Behaviours": matrix.rename(columns=names).round(3).reset_index() if not matrix.empty else pd.DataFrame(),
            "Item analysis": items,
            "Options": options,
            "Calibration": calib,
            "Bias probes": bias,
            "Problems": data.problems,
        })

    def write_cells() -> None:
        from ..exports.lms import cells_frame

        write_csv(cells_csv, cells_frame(data))

    # the exports and each plot share nothing but the tables: on a machine with two cores, a forked child and
    # this process take them in turn, the longest first
    jobs = {
        "workbook": write_workbook_and_lms,
        "growth": lambda: plots.growth(growth, data.modules, min_n=MIN_N),
        **({"xapi": lambda: write_statements(data, xapi, home_page=home_page)} if xapi is not None else {}),
        "cells": write_cells,
        "by_practice": lambda: practice_distribution(data),
        "by_module": lambda: plots.distributions(growth, "module", data.modules, "Scores per module", min_n=MIN_N),
        "practice_heatmap": practice_map,
        **{f"area {i}": draw for i, (_, draw) in enumerate(area_maps)},
        "item_map": lambda: plots.item_map(items, min_n=MIN_N),
        "reliability": lambda: plots.reliability(reliab, min_n=MIN_N),
    }
    done = run_jobs(jobs, parallel=parallel)
    figures = {name: done[name] for name in ("practice_heatmap", "by_practice", "by_module", "growth", "item_map", "reliability")}
    only = contradict_only(data)
    html = template.render(
        course_id=data.course_id,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        n_trainees=len(data.trainees),
        n_submissions=len(data.submissions),
        n_assignments=len(set(data.submissions.assignment)),
        modules=data.modules,
        figures=figures,
        behaviour_maps=[(name, done[f"area {i}"]) for i, (name, _) in enumerate(area_maps)],
        contradict_only=[names.get(b, b) for b in names if b in only],
        min_n=MIN_N,
        unreadable=unreadable.to_dict("records"),
        small_items=int((items.n < MIN_N).sum()) if not items.empty else 0,
        evidence=evidence,
        items=items,
        options=options,
        calibration=calib,
        calibration_summary=calib.groupby("assignment", as_index=False).agg(
            ratings=("trainee", "size"), brier=("brier", "mean"), brier_structured=("brier_structured", "mean"), agree=("agrees", "mean"),
        ) if not calib.empty else calib,
        rated=RATED,
        bias=bias,
        bias_cohort=bias_cohort,
        variants=variants,
        problems=data.problems.to_dict("records"),
        files={"Canvas gradebook import (CSV)": lms_csv.name, "Moodle grade import (CSV)": moodle_csv.name, "Every graded cell (CSV)": cells_csv.name, "Workbook (Excel)": excel.name, **({"xAPI statements (JSON lines)": xapi.name} if xapi is not None else {})},
    )
    path = out_dir / "analytics.html"
    path.write_text(html, encoding="utf-8")
    problems = [f"{p['trainee'] or '(course)'} / {p['assignment']}: {p['problem']}" for p in data.problems.to_dict("records")]
    return CohortOutputs(path, lms_csv, cells_csv, excel, xapi, problems, moodle_csv)


def dashboard_html(data: CourseData, trainee: Optional[str] = None, module: Optional[str] = None, behaviour: Optional[str] = None) -> str:
    """The coach dashboard's view for a filter (a trainee, a module, a behaviour; None is everyone/all): plots and tables.

    The same rules as the cohort page: unreadable submissions listed and left out of every statistic,
    practice areas first (each area's behaviours on demand), box plots only from :data:`MIN_N` trainees.
    """
    import html as _html

    names = behaviour_names()
    scope = filtered(data, modules=[module] if module else None)
    mine = filtered(scope, trainees=[trainee]) if trainee else scope
    parts = [f"<h3>{_html.escape(trainee or 'Everyone')} &middot; {_html.escape(module or 'all modules')} &middot; "
             f"{_html.escape(names.get(behaviour, behaviour) if behaviour else 'all behaviours')}</h3>"]
    problems = mine.problems
    if not problems.empty:
        parts.append("<p><b>Problems (left out of every statistic below):</b> " + "; ".join(
            _html.escape(f"{p.trainee or '(course)'} / {p.assignment}: {p.problem}") for p in problems.itertuples()) + "</p>")
    parts.append(f"<p>Box plots need at least n = {MIN_N} trainees; below that each trainee is a point, and the plot says so.</p>")
    counts = behaviour_counts(mine)
    img = '<img style="max-width:100%" alt="{}" src="{}">'
    shown = 0
    if behaviour:
        matrix = behaviour_matrix(mine, [behaviour], counts=counts)
        heat = plots.heatmap(matrix, names, "Practice behaviour", marked=contradict_only(data))
        if heat:
            parts.append(img.format("Heat map of the behaviour", heat))
            shown += 1
    else:
        maps = behaviour_figures(mine, counts, "Practice areas")
        if maps["practice"]:
            parts.append(img.format("Heat map of trainees by practice area", maps["practice"]))
            shown += 1
        for name, uri in maps["by_practice"]:
            parts.append(f"<details><summary>{_html.escape(name)}: behaviour by behaviour</summary>{img.format(_html.escape(name), uri)}</details>")
    others = [
        practice_distribution(mine),
        plots.distributions(growth_frame(mine), "module", mine.modules, "Scores per module", min_n=MIN_N),
        plots.growth(growth_frame(scope), scope.modules, highlight=trainee, min_n=MIN_N),
    ]
    parts += [img.format("Scores", f) for f in others if f]
    ev = mine.evidence if behaviour is None else mine.evidence[mine.evidence.behaviour == behaviour]
    if not ev.empty:
        table = ev.assign(behaviour=ev.behaviour.map(lambda b: names.get(b, b)))[["trainee", "assignment", "week", "title", "behaviour", "status"]]
        parts.append(table.head(200).to_html(index=False, escape=True))
    elif not shown:
        parts.append("<p>No behaviour evidence for this filter.</p>")
    return "\n".join(parts)
