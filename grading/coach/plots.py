"""The coaching plots, as inline images (PNG in a data URI) so a report is one self-contained HTML file.

Figures are made with matplotlib's object API (no pyplot), so nothing global
changes and reports can be written from any thread or process.
"""

from __future__ import annotations

import base64
import io
import math
import textwrap
import types
from typing import Iterable, Optional

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font

TRAINEE = "#3b6ea5"
MODEL = "#7a9a3a"
GREY = "#9a9a9a"

OUTCOMES = {
    "safety_incidents": "any safety incident",
    "serious_incidents": "a serious incident",
    "placed": "child placed out of home",
    "closed": "case closed",
}


def _draw_text_whole(renderer, gc, x, y, s, prop, angle, ismath=False, mtext=None):
    """``RendererAgg.draw_text`` as matplotlib drew text up to 3.10: the string laid out and rendered to one
    bitmap by FreeType, placed in one call (3.11 renders and places each glyph from Python, several times
    slower for the labels of a page of plots). Math text, and text with font features or a language set, go
    the standard way, and so does any text this way fails on."""
    standard = type(renderer).draw_text
    if ismath or (mtext is not None and (mtext.get_fontfeatures() or mtext.get_language())):
        return standard(renderer, gc, x, y, s, prop, angle, ismath, mtext)
    try:
        font = renderer._prepare_font(prop)
        font.set_text(s, 0, flags=get_hinting_flag())
        font.draw_glyphs_to_bitmap(antialiased=gc.get_antialiased())
        image = font.get_image()
        descent = font.get_descent() / 64.0
        xo, yo = (v / 64.0 for v in font.get_bitmap_offset())
    except Exception:  # noqa: BLE001 - nothing is drawn yet: the standard way draws it
        return standard(renderer, gc, x, y, s, prop, angle, ismath, mtext)
    # the bitmap is rotated as a raster, about its corner, with the descent turned with it
    x = round(x + xo + descent * math.sin(math.radians(angle)))
    y = round(y + yo + descent * math.cos(math.radians(angle)))
    renderer._renderer.draw_text_image(image, x, y + 1, angle, gc)


# matplotlib 3.11 draws text glyph by glyph (RendererAgg._draw_text_glyphs_and_boxes); where it does and the
# fonts still render a whole string, to_data_uri draws each text in one piece
WHOLE_TEXT = all(hasattr(RendererAgg, n) for n in ("_draw_text_glyphs_and_boxes", "_prepare_font")) and all(
    hasattr(FT2Font, n) for n in ("set_text", "draw_glyphs_to_bitmap", "get_image", "get_bitmap_offset", "get_descent"))


def to_data_uri(fig: Figure) -> str:
    """Render a figure as a PNG data URI, at :data:`DPI`.

    The figure is drawn once (``savefig`` draws a figure with a layout engine twice, the first time only to
    lay it out; the layout engine runs in the one draw as well), its texts each drawn in one piece
    (:func:`_draw_text_whole`), and an opaque image is stored as RGB with a fast zlib level: half the time of
    ``savefig`` for the cohort's heat maps.
    """
    from PIL import Image

    fig.set_dpi(DPI)
    canvas = FigureCanvasAgg(fig)
    if WHOLE_TEXT:
        renderer = canvas.get_renderer()  # the renderer the draw below uses (this canvas, this size): only it changes
        renderer.draw_text = types.MethodType(_draw_text_whole, renderer)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.fromarray(rgba[..., :3] if rgba[..., 3].min() == 255 else rgba)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=3)
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


ENGAGEMENT = "engagement"  # the measure id (curriculum.toolkit.futures.MEASURES)


def futures_summary(trainee: dict[str, float], model: Optional[dict[str, float]]) -> str:
    """The measures of a plan's simulated futures (as stored at grading, by measure id), beside the practice
    model's if given."""
    from curriculum.toolkit.futures import by_id, label

    trainee = by_id(trainee)
    model = by_id(model) if model is not None else None
    fig = Figure(layout="constrained", figsize=(9, 3.2))
    ax, ax2 = fig.subplots(1, 2, gridspec_kw={"width_ratios": [3, 1]})
    names = [k for k in trainee if k != ENGAGEMENT]
    x = np.arange(len(names))
    width = 0.38 if model is not None else 0.6
    ax.bar(x - (width / 2 if model is not None else 0), [trainee[n] for n in names], width, color=TRAINEE, label="trainee's plan")
    if model is not None:
        ax.bar(x + width / 2, [model.get(n, 0.0) for n in names], width, color=MODEL, label="practice model's plan")
    ax.set_xticks(x, [label(n).replace("Case closed by the end of the simulation", "Case closed") for n in names],
                  fontsize=8, rotation=15)
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


# Every analytics figure is drawn at DPI and shown at most PAGE_WIDTH_PX wide (the report's 76rem column):
# a figure no wider than that is shown at its own size, so a LABEL_PT label is LABEL_PT * DPI / 72 px.
DPI = 96
PAGE_WIDTH_PX = 1216
PAGE_WIDTH_IN = PAGE_WIDTH_PX / DPI
MIN_FONT_PX = 9
LABEL_PT = 9
SMALL_PT = 8
# a diverging map a colour-blind reader can read (orange against, blue for; no red-green), ColorBrewer's ends
DIVERGING = LinearSegmentedColormap.from_list("orange-blue", ["#e66101", "#fdb863", "#f7f7f7", "#92c5de", "#0571b0"])
COLOURMAPS = ("orange-blue", "viridis", "cividis")
# beyond this many trainees a heat map has no row labels (and a fixed height)
MAX_LABELLED_ROWS = 80
# at most this many cells carry their value as text
MAX_ANNOTATED_CELLS = 600


def rendered_font_px(fig: Figure, points: float) -> float:
    """How many pixels tall a ``points`` font is on the page: figures wider than the column are scaled down."""
    width_px = fig.get_figwidth() * DPI
    return points * DPI / 72 * min(1.0, PAGE_WIDTH_PX / width_px)


def small_n_note(ns: "Iterable[int]", min_n: int, what: str, instead: str) -> str:
    """'n = 3: too few for a box plot (the minimum is 5); points only', for the sizes below ``min_n`` ('' if none)."""
    small = sorted({int(n) for n in ns if n < min_n})
    if not small:
        return ""
    sizes = f"n = {small[0]}" if len(small) == 1 else f"n = {small[0]} to {small[-1]}"
    return f"{sizes}: too few for a {what} (the minimum is n = {min_n}); {instead}"


def _text_inches(label: str, points: float = LABEL_PT) -> tuple[float, float]:
    """A rough width and height in inches of a (multi-line) label: no renderer is needed."""
    lines = label.split("\n")
    return max(len(line) for line in lines) * 0.55 * points / 72, len(lines) * 1.3 * points / 72


def heatmap_figure(matrix: pd.DataFrame, names: dict[str, str], title: str, marked: Iterable[str] = (),
                   rotate: bool = True, note: str = "") -> Optional[Figure]:
    """Trainees (rows) by behaviours or practice areas (columns), from -1 (worked against) through 0 to 1 (showed).

    ``marked`` columns are behaviours that options can only contradict: their 1 means "not contradicted at
    any moment that could have", drawn as the strength it is (the legend says so). Labels are
    :data:`LABEL_PT` and the figure grows with the rows and columns, up to the page's width; cells
    without a moment that called for the behaviour are hatched.
    """
    if matrix.empty:
        return None
    marked = set(marked)
    rows, cols = matrix.shape
    labelled = rows <= MAX_LABELLED_ROWS
    labels = [textwrap.fill(names.get(c, c) + (" *" if c in marked else ""), 24 if rotate else 14) for c in matrix.columns]
    label_w, label_h = max(_text_inches(l)[0] for l in labels), max(_text_inches(l)[1] for l in labels)
    row_labels = [str(t) for t in matrix.index]
    left = 0.35 + (max(_text_inches(t)[0] for t in row_labels) if labelled else 0.3)
    if rotate:  # 45 degrees: a label reaches down and to the left of its column
        col_w = 0.62
        left = max(left, 0.7 * label_w - 0.3)
        bottom = 0.3 + 0.71 * (0.85 * label_w + label_h)
    else:
        col_w = max(0.9, label_w + 0.2)
        bottom = 0.35 + label_h
    footnote = []
    if marked & set(matrix.columns):
        footnote.append("* options can only contradict this behaviour: 1 = made every such decision and never "
                        "contradicted it (not contradicted, a strength)")
    footnote.append("hatched: no decision called for it")
    if note:
        footnote.append(note)
    foot = "\n".join(textwrap.fill(f, 110) for f in footnote)
    bottom += 0.15 + _text_inches(foot, SMALL_PT)[1]
    right = 2.0  # the colour bar and its labels
    width = left + cols * col_w + right
    if width > PAGE_WIDTH_IN:
        col_w = max(0.3, (PAGE_WIDTH_IN - left - right) / cols)
        width = left + cols * col_w + right
    width = max(width, min(PAGE_WIDTH_IN, _text_inches(foot, SMALL_PT)[0] + 0.4, 8.0))
    top = 0.6
    body = max(1.6, rows * 0.26) if labelled else 6.0  # never shorter than a readable colour bar
    height = top + body + bottom
    fig = Figure(figsize=(width, height))
    # fixed margins in inches: a constrained layout costs as much as drawing the map again
    ax = fig.add_axes((left / width, bottom / height, cols * col_w / width, body / height))
    values = matrix.to_numpy(dtype=float)
    cmap = DIVERGING.with_extremes(bad=(1, 1, 1, 0))
    image = ax.imshow(values, aspect="auto", cmap=cmap, norm=Normalize(-1, 1), interpolation="nearest")
    ax.patch.set_facecolor("white")
    ax.patch.set_hatch("///")
    ax.patch.set_edgecolor("#b0b0b0")
    if rotate:
        ax.set_xticks(range(cols), labels, rotation=45, ha="right", rotation_mode="anchor", fontsize=LABEL_PT)
    else:
        ax.set_xticks(range(cols), labels, fontsize=LABEL_PT)
    if labelled:
        ax.set_yticks(range(rows), row_labels, fontsize=LABEL_PT)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{rows} trainees", fontsize=LABEL_PT)
    ax.tick_params(length=0)
    if labelled and rows * cols <= MAX_ANNOTATED_CELLS:
        for (i, j), v in np.ndenumerate(values):
            if v == v:
                ax.text(j, i, f"{v:.1f}".replace("-0.0", "0.0"), ha="center", va="center", fontsize=SMALL_PT,
                        color="white" if abs(v) > 0.6 else "black")
    bar_ax = fig.add_axes(((left + cols * col_w + 0.2) / width, bottom / height, 0.18 / width, body / height))
    bar = fig.colorbar(image, cax=bar_ax)
    ticks = ["-1 worked against", "0", "1 showed" + (" / not\ncontradicted *" if marked & set(matrix.columns) else "")]
    bar.set_ticks([-1, 0, 1], labels=ticks, fontsize=SMALL_PT)
    fig.text(0.08 / width, 0.1 / height, foot, fontsize=SMALL_PT, va="bottom", ha="left")
    fig.text(left / width, 1 - 0.2 / height, title, fontsize=10, va="top", ha="left", weight="bold")
    return fig


def heatmap(matrix: pd.DataFrame, names: dict[str, str], title: str, marked: Iterable[str] = (), rotate: bool = True,
            note: str = "") -> Optional[str]:
    """:func:`heatmap_figure` as a data URI (None without data)."""
    fig = heatmap_figure(matrix, names, title, marked, rotate, note)
    return to_data_uri(fig) if fig is not None else None


def _strip(ax, position: float, values: np.ndarray, seed: int) -> None:
    """The points of one group, spread sideways (the same spread for the same data)."""
    jitter = np.random.default_rng(seed).uniform(-0.17, 0.17, len(values))
    ax.scatter(position + jitter, values, s=16, color=TRAINEE, alpha=max(0.15, min(0.9, 20 / max(1, len(values)))),
               linewidths=0, zorder=3)


def distributions_figure(frame: pd.DataFrame, by: str, order: list[str], title: str, *, min_n: int) -> Optional[Figure]:
    """Each trainee's share of the points (``share``) per value of ``by`` as a point, with a box plot where
    at least ``min_n`` trainees are counted (below it the points only, and a note saying so)."""
    groups = [(name, frame.loc[frame[by] == name, "share"].dropna().to_numpy(dtype=float)) for name in order]
    groups = [(n, v) for n, v in groups if len(v)]
    if not groups:
        return None
    fig = Figure(layout="constrained", figsize=(min(PAGE_WIDTH_IN, max(5.0, 1.2 * len(groups) + 1.6)), 3.9))
    ax = fig.add_subplot()
    big = [(i + 1, v) for i, (_, v) in enumerate(groups) if len(v) >= min_n]
    if big:
        ax.boxplot([v for _, v in big], positions=[p for p, _ in big], widths=0.55, patch_artist=True, showfliers=False,
                   boxprops={"facecolor": "#dbe6f3"}, medianprops={"color": "#1d1d1d"}, zorder=2)
    for i, (_, v) in enumerate(groups):
        _strip(ax, i + 1, v, seed=i)
    ax.set_xticks(range(1, len(groups) + 1), [f"{textwrap.fill(str(n), 12)}\nn = {len(v)}" for n, v in groups], fontsize=SMALL_PT)
    ax.set_xlim(0.4, len(groups) + 0.6)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of the points", fontsize=LABEL_PT)
    ax.tick_params(axis="y", labelsize=SMALL_PT)
    note = small_n_note([len(v) for _, v in groups], min_n, "box plot", "points only")
    ax.set_title(title + (f"\n{note}" if note else ""), fontsize=10 if not note else LABEL_PT)
    return fig


def distributions(frame: pd.DataFrame, by: str, order: list[str], title: str, *, min_n: int) -> Optional[str]:
    """:func:`distributions_figure` as a data URI."""
    fig = distributions_figure(frame, by, order, title, min_n=min_n)
    return to_data_uri(fig) if fig is not None else None


def growth_figure(frame: pd.DataFrame, order: list[str], highlight: Optional[str] = None, *, min_n: int) -> Optional[Figure]:
    """One line per trainee across modules (``trainee``, ``module``, ``share``), the cohort median in bold
    (with a note where fewer than ``min_n`` trainees are counted in a module)."""
    if frame.empty:
        return None
    from matplotlib.collections import LineCollection

    pos = {m: i for i, m in enumerate(order)}
    present = [m for m in order if m in set(frame.module)] + sorted(set(frame.module) - set(order))
    pos.update({m: len(order) + i for i, m in enumerate(sorted(set(frame.module) - set(order)))})
    wide = frame.pivot_table(index="trainee", columns="module", values="share", aggfunc="mean").reindex(columns=present)
    xs = np.array([pos[m] for m in wide.columns], dtype=float)
    counts = wide.notna().sum()
    fig = Figure(layout="constrained", figsize=(min(PAGE_WIDTH_IN, max(5.5, 1.2 * len(present) + 1.5)), 3.9))
    ax = fig.add_subplot()
    lines, points = [], []
    for row in wide.to_numpy(dtype=float):  # a trainee's shares by module, NaN where none
        ok = ~np.isnan(row)
        if ok.sum() >= 1:
            pts = np.column_stack([xs[ok], row[ok]])
            lines.append(pts)
            points.append(pts)
    alpha = max(0.05, min(0.6, 8 / max(1, len(lines))))
    ax.add_collection(LineCollection(lines, colors=GREY, alpha=alpha, linewidths=1))
    allpts = np.vstack(points)
    ax.scatter(allpts[:, 0], allpts[:, 1], s=10, color=GREY, alpha=alpha, linewidths=0)
    median = wide.median()
    ax.plot(xs, median.to_numpy(dtype=float), color=TRAINEE, linewidth=3, marker="o", label="cohort median")
    if highlight is not None and highlight in wide.index:
        ax.plot(xs, wide.loc[highlight].to_numpy(dtype=float), color=MODEL, linewidth=2, marker="s", label=highlight)
    ax.set_xticks(xs, [f"{textwrap.fill(str(m), 12)}\nn = {counts[m]}" for m in wide.columns], fontsize=SMALL_PT)
    ax.set_xlim(xs.min() - 0.3, xs.max() + 0.3)
    ax.set_ylim(-0.02, 1.02)
    ax.set_ylabel("share of the points", fontsize=LABEL_PT)
    ax.tick_params(axis="y", labelsize=SMALL_PT)
    note = small_n_note(counts.to_numpy(), min_n, "reliable median", "read each trainee's line")
    ax.set_title("Growth across modules" + (f"\n{note}" if note else ""), fontsize=10 if not note else LABEL_PT)
    ax.legend(fontsize=SMALL_PT)
    return fig


def growth(frame: pd.DataFrame, order: list[str], highlight: Optional[str] = None, *, min_n: int) -> Optional[str]:
    """:func:`growth_figure` as a data URI."""
    fig = growth_figure(frame, order, highlight, min_n=min_n)
    return to_data_uri(fig) if fig is not None else None


def item_map_figure(items: pd.DataFrame, *, min_n: int) -> Optional[Figure]:
    """Decision points by difficulty (mean share earned) and discrimination (point-biserial), for the points
    played by at least ``min_n`` trainees; when none was, each point's difficulty only, by assignment."""
    items = items.dropna(subset=["difficulty"])
    if items.empty:
        return None
    drawn = items[(items.n >= min_n) & items.point_biserial.notna()]
    if drawn.empty:
        assignments = list(dict.fromkeys(items.assignment))
        fig = Figure(layout="constrained", figsize=(8, 1.2 + 0.32 * len(assignments)))
        ax = fig.add_subplot()
        y = items.assignment.map({a: i for i, a in enumerate(assignments)}).to_numpy(dtype=float)
        jitter = np.random.default_rng(0).uniform(-0.2, 0.2, len(items))
        ax.scatter(items.difficulty, y + jitter, s=18, color=TRAINEE, alpha=0.7, linewidths=0)
        ax.set_yticks(range(len(assignments)), assignments, fontsize=SMALL_PT)
        ax.set_ylim(len(assignments) - 0.5, -0.5)
        ax.set_xlim(-0.05, 1.05)
        ax.set_xlabel("difficulty (mean share of the points earned)", fontsize=LABEL_PT)
        ax.tick_params(axis="x", labelsize=SMALL_PT)
        note = small_n_note(items.n, min_n, "discrimination index", "difficulty only")
        ax.set_title(f"Decision points by difficulty\n{note}", fontsize=LABEL_PT)
        return fig
    fig = Figure(layout="constrained", figsize=(7, 4.4))
    ax = fig.add_subplot()
    ax.scatter(drawn.difficulty, drawn.point_biserial, color=TRAINEE)
    if len(drawn) <= 40:  # beyond that, labels hide the points; the table names them
        for row in drawn.itertuples():
            ax.annotate(row.point, (row.difficulty, row.point_biserial), fontsize=SMALL_PT, xytext=(3, 2), textcoords="offset points")
    ax.axhline(0.2, color=GREY, linestyle="--", linewidth=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("difficulty (mean share of the points earned)", fontsize=LABEL_PT)
    ax.set_ylabel("discrimination (point-biserial)", fontsize=LABEL_PT)
    ax.tick_params(labelsize=SMALL_PT)
    left_out = items[items.n < min_n]
    note = small_n_note(left_out.n, min_n, "discrimination index", f"{len(left_out)} decision points not drawn")
    ax.set_title("Decision points: below the dashed line they separate trainees poorly" + (f"\n{note}" if note else ""),
                 fontsize=LABEL_PT)
    return fig


def item_map(items: pd.DataFrame, *, min_n: int) -> Optional[str]:
    """:func:`item_map_figure` as a data URI."""
    fig = item_map_figure(items, min_n=min_n)
    return to_data_uri(fig) if fig is not None else None


def reliability_figure(table: pd.DataFrame, *, min_n: int) -> Optional[Figure]:
    """Calibration: the risk each rating level stands for against the simulated rate of incidents, each
    level's number of ratings beside it (a note when a level has fewer than ``min_n``)."""
    if table.empty:
        return None
    fig = Figure(layout="constrained", figsize=(5.2, 4.6))
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color=GREY, linestyle="--", linewidth=1, label="perfect calibration")
    ax.scatter(table.forecast, table.observed, s=20 + 4 * np.minimum(table.n, 100), color=TRAINEE, label="trainees' ratings")
    for row in table.itertuples():
        ax.annotate(f"n = {row.n}", (row.forecast, row.observed), fontsize=SMALL_PT, xytext=(6, -3), textcoords="offset points")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("rated chance of a safety incident", fontsize=LABEL_PT)
    ax.set_ylabel("simulated rate", fontsize=LABEL_PT)
    ax.tick_params(labelsize=SMALL_PT)
    note = small_n_note(table.n, min_n, "rate to mean much", "read those levels with care")
    if note:
        ax.set_title(textwrap.fill(note, 60), fontsize=SMALL_PT)
    ax.legend(fontsize=SMALL_PT, loc="upper left")
    return fig


def reliability(table: pd.DataFrame, *, min_n: int) -> Optional[str]:
    """:func:`reliability_figure` as a data URI."""
    fig = reliability_figure(table, min_n=min_n)
    return to_data_uri(fig) if fig is not None else None
