"""The coaching plots, as inline images (PNG in a data URI) so a report is one self-contained HTML file.

Figures are made with matplotlib's object API (no pyplot), so nothing global
changes and reports can be written from any thread or process.
"""

from __future__ import annotations

import base64
import io
from typing import Optional

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

TRAINEE = "#3b6ea5"
MODEL = "#7a9a3a"
GREY = "#9a9a9a"

OUTCOMES = {
    "safety_incidents": "any safety incident",
    "serious_incidents": "a serious incident",
    "placed": "child placed out of home",
    "closed": "case closed",
}


def to_data_uri(fig: Figure) -> str:
    """Render a figure as a PNG data URI."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # figures use the constrained layout, so no second "tight" pass is needed
    fig.savefig(buf, format="png", dpi=96)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def practice_bars(scores: pd.DataFrame, title: str = "Share of points per practice area") -> Optional[str]:
    """Horizontal bars: the share of points earned in each practice area (``practice``, ``score``, ``max_score``)."""
    if scores.empty:
        return None
    totals = scores.groupby("practice", sort=False)[["score", "max_score"]].sum()
    share = (totals.score / totals.max_score.where(totals.max_score > 0)).fillna(0.0)
    fig = Figure(layout="constrained", figsize=(6, 0.45 * len(share) + 1.0))
    ax = fig.add_subplot()
    ax.barh(share.index[::-1], share.values[::-1], color=TRAINEE)
    for i, (name, value) in enumerate(zip(share.index[::-1], share.values[::-1])):
        row = totals.loc[name]
        ax.text(min(value, 0.98) + 0.01, i, f"{row.score:g} / {row.max_score:g}", va="center", fontsize=8)
    ax.set_xlim(0, 1.15)
    ax.set_xlabel("share of the points")
    ax.set_title(title, fontsize=10)
    return to_data_uri(fig)


ENGAGEMENT = "Average engagement (0-1)"


def futures_summary(trainee: dict[str, float], model: Optional[dict[str, float]]) -> str:
    """The measures of a plan's simulated futures (as stored at grading), beside the practice model's if given."""
    fig = Figure(layout="constrained", figsize=(9, 3.2))
    ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 1]})
    names = [k for k in trainee if k != ENGAGEMENT]
    x = np.arange(len(names))
    width = 0.38 if model is not None else 0.6
    ax.bar(x - (width / 2 if model is not None else 0), [trainee[n] for n in names], width, color=TRAINEE, label="trainee's plan")
    if model is not None:
        ax.bar(x + width / 2, [model.get(n, 0.0) for n in names], width, color=MODEL, label="practice model's plan")
    ax.set_xticks(x, [n.replace("Case closed by the end of the simulation", "Case closed") for n in names], fontsize=8, rotation=15)
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of simulated futures")
    ax.legend(fontsize=8)
    values = [trainee.get(ENGAGEMENT, 0.0)] + ([model.get(ENGAGEMENT, 0.0)] if model is not None else [])
    ax2.bar(range(len(values)), values, color=[TRAINEE, MODEL][: len(values)])
    ax2.set_xticks(range(len(values)), ["trainee", "practice model"][: len(values)], fontsize=8)
    ax2.set_ylim(0, 1)
    ax2.set_title("average engagement", fontsize=9)
    return to_data_uri(fig)


def futures(trainee: pd.DataFrame, model: Optional[pd.DataFrame]) -> str:
    """Outcomes of many simulated runs of the trainee's plan, beside the practice model's plan if given."""
    fig = Figure(layout="constrained", figsize=(9, 3.2))
    ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    names = list(OUTCOMES.values())
    x = np.arange(len(names))

    def rates(frame: pd.DataFrame) -> list[float]:
        return [float((frame[col] > 0).mean()) if col.endswith("incidents") else float(frame[col].astype(bool).mean()) for col in OUTCOMES]

    width = 0.38 if model is not None else 0.6
    ax.bar(x - (width / 2 if model is not None else 0), rates(trainee), width, color=TRAINEE, label="trainee's plan")
    if model is not None:
        ax.bar(x + width / 2, rates(model), width, color=MODEL, label="practice model's plan")
    ax.set_xticks(x, names, fontsize=8, rotation=15)
    ax.set_ylim(0, 1)
    ax.set_ylabel(f"share of {len(trainee)} simulated futures")
    ax.legend(fontsize=8)
    data = [trainee.engagement_mean]
    labels = ["trainee"]
    if model is not None:
        data.append(model.engagement_mean)
        labels.append("practice model")
    box = ax2.boxplot(data, patch_artist=True)
    ax2.set_xticks(range(1, len(labels) + 1), labels, fontsize=8)
    for patch, colour in zip(box["boxes"], [TRAINEE, MODEL]):
        patch.set_facecolor(colour)
    ax2.set_ylim(0, 1)
    ax2.set_title("family engagement over the year", fontsize=9)
    return to_data_uri(fig)


def heatmap(matrix: pd.DataFrame, names: dict[str, str], title: str) -> Optional[str]:
    """Trainees (rows) by behaviours (columns), from -1 (contradicted) through 0 to 1 (demonstrated)."""
    if matrix.empty:
        return None
    rows, cols = matrix.shape
    width, height = min(max(5, 2 + 0.32 * cols), 24), 3.4 + 0.22 * rows if rows <= 80 else 10
    fig = Figure(figsize=(width, height))
    # fixed margins in inches (room below for the rotated behaviour names): a constrained layout
    # costs as much as drawing the map again
    fig.subplots_adjust(left=(1.4 if rows <= 80 else 0.6) / width, right=1 - 0.2 / width, bottom=2.7 / height, top=1 - 0.45 / height)
    ax = fig.add_subplot()
    image = ax.imshow(matrix.to_numpy(dtype=float), aspect="auto", cmap="RdYlGn", norm=TwoSlopeNorm(0, -1, 1), interpolation="nearest")
    ax.set_xticks(range(cols), [names.get(c, c) for c in matrix.columns], rotation=60, ha="right", fontsize=7)
    if rows <= 80:
        ax.set_yticks(range(rows), matrix.index, fontsize=7)
    else:
        ax.set_ylabel(f"{rows} trainees")
        ax.set_yticks([])
    bar = fig.colorbar(image, ax=ax, shrink=0.8, fraction=0.04, pad=0.02)
    bar.set_ticks([-1, 0, 1], labels=["against", "0", "shows"], fontsize=7)
    ax.set_title(title, fontsize=10)
    return to_data_uri(fig)


def distributions(frame: pd.DataFrame, by: str, order: list[str], title: str) -> Optional[str]:
    """Box plots of the share of points (``share``) for each value of ``by``, in ``order``."""
    groups = [(name, frame.loc[frame[by] == name, "share"].to_numpy(dtype=float)) for name in order]
    groups = [(n, v) for n, v in groups if len(v)]
    if not groups:
        return None
    fig = Figure(layout="constrained", figsize=(max(4, 0.9 * len(groups) + 1.5), 3.2))
    ax = fig.add_subplot()
    ax.boxplot([v for _, v in groups], patch_artist=True, boxprops={"facecolor": "#dbe6f3"})
    ax.set_xticks(range(1, len(groups) + 1), [f"{n}\n(n={len(v)})" for n, v in groups], fontsize=8)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of the points")
    ax.set_title(title, fontsize=10)
    return to_data_uri(fig)


def growth(frame: pd.DataFrame, order: list[str], highlight: Optional[str] = None) -> Optional[str]:
    """One line per trainee across modules (``trainee``, ``module``, ``share``), the cohort median in bold."""
    if frame.empty:
        return None
    from matplotlib.collections import LineCollection

    pos = {m: i for i, m in enumerate(order)}
    wide = frame.pivot_table(index="trainee", columns="module", values="share", aggfunc="mean").reindex(columns=[m for m in order if m in set(frame.module)])
    xs = np.array([pos[m] for m in wide.columns], dtype=float)
    fig = Figure(layout="constrained", figsize=(max(5, 1.1 * len(order)), 3.4))
    ax = fig.add_subplot()
    lines = []
    for _, row in wide.iterrows():
        ok = row.notna().to_numpy()
        if ok.sum() >= 1:
            lines.append(np.column_stack([xs[ok], row.to_numpy(dtype=float)[ok]]))
    ax.add_collection(LineCollection(lines, colors=GREY, alpha=max(0.05, min(0.6, 8 / max(1, len(lines)))), linewidths=1))
    median = wide.median()
    ax.plot(xs, median.to_numpy(dtype=float), color=TRAINEE, linewidth=3, marker="o", label="cohort median")
    if highlight is not None and highlight in wide.index:
        ax.plot(xs, wide.loc[highlight].to_numpy(dtype=float), color=MODEL, linewidth=2, marker="s", label=highlight)
    ax.set_xticks(xs, list(wide.columns), fontsize=8)
    ax.set_xlim(xs.min() - 0.3, xs.max() + 0.3)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of the points")
    ax.set_title("Growth across modules", fontsize=10)
    ax.legend(fontsize=8)
    return to_data_uri(fig)


def item_map(items: pd.DataFrame) -> Optional[str]:
    """Decision points by difficulty (mean share earned) and discrimination (point-biserial)."""
    items = items.dropna(subset=["difficulty", "point_biserial"])
    if items.empty:
        return None
    fig = Figure(layout="constrained", figsize=(6, 3.6))
    ax = fig.add_subplot()
    ax.scatter(items.difficulty, items.point_biserial, color=TRAINEE)
    if len(items) <= 40:  # beyond that, labels hide the points; the table names them
        for row in items.itertuples():
            ax.annotate(row.point, (row.difficulty, row.point_biserial), fontsize=6, xytext=(3, 2), textcoords="offset points")
    ax.axhline(0.2, color=GREY, linestyle="--", linewidth=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("difficulty (mean share of the points earned)")
    ax.set_ylabel("discrimination (point-biserial)")
    ax.set_title("Decision points: below the dashed line they separate trainees poorly", fontsize=9)
    return to_data_uri(fig)


def reliability(table: pd.DataFrame) -> Optional[str]:
    """Calibration: the risk each rating level stands for against the simulated rate of incidents."""
    if table.empty:
        return None
    fig = Figure(layout="constrained", figsize=(4.2, 4))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", linewidth=1, label="perfect calibration")
    ax.scatter(table.forecast, table.observed, s=20 + 4 * table.n, color=TRAINEE, label="trainees' ratings")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("rated chance of a safety incident")
    ax.set_ylabel("simulated rate")
    ax.legend(fontsize=8)
    return to_data_uri(fig)
