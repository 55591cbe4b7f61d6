"""How a case looks to a trainee: HTML cards and matplotlib plots, no widget state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import base64
import datetime as dt
import io
from html import escape

from scenarios.models import DecisionPoint, Scenario
from simulator.records import CaseResult, Outcomes, TimelineEvent

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import matplotlib.pyplot as plt

EVENT_LABELS = {
    "report": "Report",
    "story": "In the family",
    "decision": "Your decision",
    "contact": "Visit",
    "stressor": "Stressor",
    "incident": "Safety",
    "service": "Service",
    "placement": "Placement",
    "closure": "Closure",
    "intake": "Intake",
    "risk": "Risk assessment",
    "safety": "Safety decision",
    "team": "Family team",
    "worker": "Caseworker change",
    "court": "Court",
    "transition": "Transition",
}

STYLE = """
<style>
.casework-card { border-left: 4px solid #3b6ea5; padding: 0.4em 0.9em; margin: 0.4em 0; }
.casework-card h3, .casework-card h4 { margin: 0.2em 0 0.4em 0; }
/* long option labels wrap and push the next option down instead of overlapping it */
.casework-choice.widget-radio, .casework-choice .widget-radio-box, .casework-choice.widget-checkbox { height: auto !important; }
.casework-choice .widget-radio-box label, .casework-choice.widget-checkbox label, .casework-choice .widget-label-basic {
  height: auto !important; line-height: 1.4 !important; white-space: normal !important; }
.casework-choice .widget-radio-box label { display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: baseline; gap: 0.5em; margin-bottom: 0.6em; }
.casework-choice.widget-checkbox { align-items: flex-start; margin-bottom: 0.5em; }
.casework-events li.incident, .casework-events li.placement { font-weight: bold; }
</style>
"""

# The practice tools' look. JupyterLab's theme variables (with fallbacks for nbgrader's
# feedback HTML, which has no theme) keep text and panels readable in light and dark themes.
TOOL_STYLE = """
<style>
.casework-tool { border: 1px solid var(--jp-border-color1, #999); border-radius: 4px; padding: 0.5em 0.9em;
  margin: 0.5em 0; color: var(--jp-ui-font-color1, inherit); background: var(--jp-layout-color1, transparent); }
.casework-tool h3, .casework-tool h4 { margin: 0.2em 0 0.4em 0; color: var(--jp-ui-font-color0, inherit); }
.casework-tool .casework-source { color: var(--jp-ui-font-color2, inherit); font-size: 0.9em; }
.casework-tool table { border-collapse: collapse; }
.casework-tool th, .casework-tool td { border: 1px solid var(--jp-border-color2, #bbb); padding: 0.2em 0.5em;
  text-align: left; vertical-align: top; }
.casework-tool .casework-problem { color: var(--jp-error-color1, #b00020); font-weight: bold; }
.casework-tool .casework-tip { color: var(--jp-warn-color1, #8a5a00); }
.casework-tool .casework-ok { color: var(--jp-success-color1, #2e7d32); }
.casework-tool .casework-statement { white-space: pre-wrap; padding: 0.4em; border-left: 4px solid var(--jp-brand-color1, #3b6ea5);
  background: var(--jp-layout-color2, transparent); }
/* labels sit above their field and wrap, so long questions are never cut */
.casework-stacked.widget-inline-hbox, .casework-stacked.jupyter-widgets.widget-inline-hbox { flex-direction: column; align-items: stretch; }
.casework-stacked > .widget-label { width: auto !important; max-width: none !important; text-align: left !important;
  white-space: normal !important; height: auto !important; line-height: 1.4 !important; margin-bottom: 0.2em; }
/* a long label on the left, wrapping, with its control on the right */
.casework-row.widget-inline-hbox { align-items: flex-start; height: auto !important; margin-bottom: 0.4em; }
.casework-row > .widget-label { flex: 1 1 auto; width: auto !important; max-width: none !important; text-align: left !important;
  white-space: normal !important; height: auto !important; line-height: 1.4 !important; }
.casework-row > select, .casework-row > .widget-dropdown > select { flex: 0 0 14em; }
.casework-tool .casework-columns { display: flex; flex-wrap: wrap; gap: 0.8em; }
.casework-tool .casework-columns > * { flex: 1 1 16em; }
</style>
"""


def _date(d: dt.date) -> str:
    return f"{d.day} {d.strftime('%B %Y')}"


def family_card(scenario: Scenario) -> str:
    """The family, their strengths, worries and network, as HTML."""
    f = scenario.family
    members = "".join(
        f"<li><b>{escape(m.name)}</b>, {escape(m.role)}"
        + (f", {m.age:g} years" if m.age is not None and m.age >= 1 else (f", {round(m.age * 52)} weeks" if m.age else ""))
        + (f": {escape(m.notes.strip())}" if m.notes else "")
        + "</li>"
        for m in f.members
    )
    network = "".join(
        f"<li><b>{escape(n.name)}</b>, {escape(n.relationship)}" + (f": {escape(n.notes.strip())}" if n.notes else "") + "</li>"
        for n in f.network
    )
    strengths = "".join(f"<li>{escape(s)}</li>" for s in f.strengths)
    worries = "".join(f"<li>{escape(s)}</li>" for s in f.worries)
    return (
        STYLE
        + f"<div class='casework-card'><h3>The {escape(f.name)} family</h3>"
        + f"<p>Language at home: {escape(f.home_language)}</p><h4>Household</h4><ul>{members}</ul>"
        + (f"<h4>People around the family</h4><ul>{network}</ul>" if network else "")
        + (f"<h4>What is working well</h4><ul>{strengths}</ul>" if strengths else "")
        + (f"<h4>What people are worried about</h4><ul>{worries}</ul>" if worries else "")
        + "</div>"
    )


def report_card(scenario: Scenario) -> str:
    """The report that opens the case, as HTML."""
    r = scenario.report
    return (
        f"<div class='casework-card'><h3>The report ({_date(scenario.opened_on)})</h3>"
        f"<p><b>From:</b> {escape(r.source)}. <b>Concerns:</b> {escape(', '.join(r.concerns))}.</p>"
        f"<p>{escape(r.summary.strip())}</p></div>"
    )


def decision_header(scenario: Scenario, dp: DecisionPoint) -> str:
    """Title, time, situation and prompt of a decision point, as HTML."""
    when = scenario.opened_on + dt.timedelta(days=round(dp.week * 7))
    multiple = " <i>(choose all that apply)</i>" if dp.kind == "multiple" else ""
    return (
        STYLE
        + f"<div class='casework-card'><h3>{escape(dp.title)}</h3>"
        + f"<p><small>Week {dp.week:g} of the case, {_date(when)}. Practice: {escape(dp.practice.value)}.</small></p>"
        + (f"<p>{escape(dp.situation.strip())}</p>" if dp.situation else "")
        + f"<p><b>{escape(dp.prompt.strip())}</b>{multiple}</p></div>"
    )


def events_list(events: list[TimelineEvent]) -> str:
    """Events as an HTML list; routine visits are counted rather than listed."""
    visits = sum(1 for e in events if e.kind == "contact")
    items = []
    for e in events:
        if e.kind == "contact":
            continue
        label = EVENT_LABELS.get(e.kind, e.kind)
        detail = f": {escape(e.detail)}" if e.detail else ""
        items.append(f"<li class='{escape(e.kind)}'>Week {int(e.week)} ({escape(str(e.date))}) <b>{escape(label)}</b> {escape(e.title)}{detail}</li>")
    if visits:
        items.append(f"<li>You visited the family {visits} time{'s' if visits > 1 else ''}.</li>")
    if not items:
        items.append("<li>A quiet stretch: nothing notable happened.</li>")
    return "<ul class='casework-events'>" + "".join(items) + "</ul>"


def outcomes_card(outcomes: Outcomes, horizon: int) -> str:
    """The outcome measures in plain words."""
    rows = [
        ("Safety incidents", f"{outcomes.safety_incidents} ({outcomes.serious_incidents} serious)"),
        ("Child placed out of home", "yes" if outcomes.placed else "no"),
        ("Placement moves", str(outcomes.placement_moves)),
        ("Weeks in care", f"{outcomes.weeks_in_care:g}"),
        (
            "Case closed",
            f"yes, at week {outcomes.weeks_to_closure:g}" if outcomes.closed else f"no, still open at week {outcomes.weeks_simulated:g}",
        ),
        ("Incidents after closure", str(outcomes.incidents_after_closure)),
        ("Average engagement (0-1)", f"{outcomes.engagement_mean:.2f}"),
        ("Service sessions attended", str(outcomes.sessions_attended)),
        ("Weeks on waiting lists", f"{outcomes.weeks_waiting_for_service:.1f}"),
    ]
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
    return f"<div class='casework-card'><h3>Where the case stands after {horizon} weeks</h3><table>{body}</table></div>"


def timeline_figure(result: CaseResult, upto_week: float | None = None):
    """A plot of the family's situation week by week, with incidents and decisions marked."""
    import matplotlib.pyplot as plt
    weekly = result.weekly_frame()
    fig, ax = plt.subplots(figsize=(9, 3.6))
    series = [
        ("engagement", "Engagement", "-"),
        ("protective_capacity", "Protective capacity", "-"),
        ("safety_plan", "Safety plan in force", "--"),
        ("stress", "Stress", ":"),
    ]
    for column, label, style in series:
        ax.plot(weekly["week"], weekly[column], style, label=label, linewidth=2)
    for e in result.timeline:
        if e.kind == "incident":
            ax.axvline(e.week, color="#b22222", alpha=0.6, linewidth=1.5)
        elif e.kind == "placement" and e.title.startswith("Child placed"):
            ax.axvspan(e.week, e.week + 0.5, color="#8a2be2", alpha=0.3)
        elif e.kind == "closure":
            ax.axvline(e.week, color="#2e8b57", linewidth=2)
    if upto_week is not None:
        ax.axvline(upto_week, color="black", linestyle="-.", linewidth=1)
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, max(1, len(weekly)))
    ax.set_xlabel("Week of the case (red lines: safety incidents; green: closure)")
    ax.set_ylabel("Level (0-1)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.set_title(f"The case week by week (seed {result.seed})")
    fig.tight_layout()
    return fig


def figure_html(fig, alt: str) -> str:
    """A figure as an inline PNG with a text alternative for screen readers."""
    import matplotlib.pyplot as plt
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{escape(alt)}' style='max-width:100%'>"


def timeline_alt(result: CaseResult, upto_week: float | None = None) -> str:
    """A sentence describing the timeline plot, for people who cannot see it."""
    weekly = [w for w in result.weekly if upto_week is None or w.week <= upto_week]
    if not weekly:
        return "No weeks to show yet."
    last = weekly[-1]
    incidents = sum(1 for e in result.timeline if e.kind == "incident" and (upto_week is None or e.week <= upto_week))
    return (
        f"Plot of the case from week 0 to week {last.week}: engagement ends at {last.engagement:.2f}, "
        f"protective capacity at {last.protective_capacity:.2f}, safety plan at {last.safety_plan:.2f}, "
        f"stress at {last.stress:.2f}; {incidents} safety incident(s)."
    )


# --- the lessons: the practice model from the catalog, and futures side by side -----------------

SOURCE_SHORT_NAMES = {"nccd": "NCCD"}


def source_name(source_id: str) -> str:
    """The short name a citation uses for a source model ("Maryland", "NCCD")."""
    return SOURCE_SHORT_NAMES.get(source_id, source_id.capitalize())


def citations_html(catalog, citations) -> str:
    """Citations as a compact line: source (full title on hover) and section."""
    titles = {s.id: s.title for s in catalog.sources}
    parts = [
        f"<abbr title='{escape(titles.get(c.source, c.source))}'>{escape(source_name(c.source))}</abbr>, <i>{escape(c.section)}</i>"
        for c in citations
    ]
    return "<small>Sources: " + "; ".join(parts) + ".</small>" if parts else ""


def principles_card(catalog) -> str:
    """The cross-cutting principles of the practice model, with their sources, as HTML."""
    items = "".join(
        f"<li><b>{escape(p.name)}</b>: {escape(p.description.strip())}<br>{citations_html(catalog, p.citations)}</li>"
        for p in catalog.principles
    )
    return STYLE + f"<div class='casework-card'><h3>The principles behind every practice</h3><ul>{items}</ul></div>"


def practice_card(catalog, practice_id: str) -> str:
    """A practice area from the catalog: its purpose and each behaviour with its principles and sources."""
    practice = catalog.practice(practice_id)
    principle_names = {p.id: p.name for p in catalog.principles}
    behaviours = "".join(
        f"<li><b>{escape(b.name)}</b> <small>(<code>{escape(b.id)}</code>)</small><br>{escape(b.description.strip())}<br>"
        f"<small>Principles: {escape(', '.join(principle_names.get(p, p) for p in b.principles))}.</small><br>"
        f"{citations_html(catalog, b.citations)}</li>"
        for b in practice.behaviours
    )
    return (
        STYLE
        + f"<div class='casework-card'><h3>{escape(practice.name)}: what it is for</h3>"
        + f"<p>{escape(practice.summary.strip())}</p>{citations_html(catalog, practice.citations)}"
        + f"<h4>The behaviours ({len(practice.behaviours)})</h4><ol>{behaviours}</ol></div>"
    )


# outcome columns of simulator.simulate_many a lesson can compare: label, and whether it is a count
FUTURE_MEASURES = {
    "engagement_mean": ("Average engagement over the case (0-1)", False),
    "engagement_final": ("Engagement at the end (0-1)", False),
    "protective_capacity_final": ("Protective capacity at the end (0-1)", False),
    "safety_incidents": ("Safety incidents", True),
    "serious_incidents": ("Serious incidents", True),
    "weeks_in_care": ("Weeks the child spent in care", False),
    "placement_moves": ("Placement moves", True),
    "sessions_attended": ("Service sessions attended", True),
    "weeks_waiting_for_service": ("Weeks on waiting lists", False),
    "incidents_after_closure": ("Incidents after the case closed", True),
}


def futures_figure(frames: dict, measure: str):
    """One panel a style, same axes: how ``measure`` spreads over each style's simulated futures."""
    import matplotlib.pyplot as plt
    import numpy as np

    label, count = FUTURE_MEASURES[measure]
    values = {name: frame[measure].astype(float).dropna() for name, frame in frames.items()}
    everything = np.concatenate([v.to_numpy() for v in values.values()]) if values else np.array([0.0])
    low, high = float(np.nanmin(everything)), float(np.nanmax(everything))
    if count:
        bins = np.arange(np.floor(low) - 0.5, np.ceil(high) + 1.5, 1.0)
    else:
        if high - low < 1e-9:
            low, high = low - 0.05, high + 0.05
        bins = np.linspace(low, high, 16)
    colours = ["#3b6ea5", "#c0622b", "#2e8b57", "#8a2be2"]
    fig, axes = plt.subplots(1, len(frames), figsize=(4.6 * len(frames), 3.2), sharex=True, sharey=True, squeeze=False)
    for ax, (name, series), colour in zip(axes[0], values.items(), colours):
        ax.hist(series, bins=bins, color=colour, alpha=0.85, edgecolor="white")
        if len(series):
            ax.axvline(series.mean(), color="black", linestyle="--", linewidth=1.2, label=f"mean {series.mean():.2f}")
            ax.legend(loc="upper right", frameon=False)
        ax.set_title(f"{name} ({len(frames[name])} futures)")
        ax.set_xlabel(label)
    axes[0][0].set_ylabel("Number of futures")
    fig.tight_layout()
    return fig


def _spread(series) -> str:
    if not len(series):
        return "no values"
    return (f"mean {series.mean():.2f}, middle 80% of futures between {series.quantile(0.1):.2f} "
            f"and {series.quantile(0.9):.2f}")


def futures_alt(frames: dict, measure: str) -> str:
    """A text description of :func:`futures_figure`, for screen readers and for reading at a glance."""
    label, _ = FUTURE_MEASURES[measure]
    parts = [f"{name}: {_spread(frame[measure].astype(float).dropna())}" for name, frame in frames.items()]
    return (f"{len(frames)} histograms side by side on the same axes, showing {label.lower()} "
            f"across the simulated futures. " + "; ".join(parts) + ".")


def futures_table(frames: dict) -> str:
    """The outcomes of each style's futures, side by side, as an HTML table."""
    rows = [
        ("At least one safety incident", lambda f: f"{(f.safety_incidents > 0).mean():.0%}"),
        ("A serious incident", lambda f: f"{(f.serious_incidents > 0).mean():.0%}"),
        ("Placed out of home", lambda f: f"{f.placed.mean():.0%}"),
        ("Case closed within the period", lambda f: f"{f.closed.mean():.0%}"),
        ("Average engagement (0-1)", lambda f: f"{f.engagement_mean.mean():.2f}"),
        ("Protective capacity at the end (0-1)", lambda f: f"{f.protective_capacity_final.mean():.2f}"),
        ("Service sessions attended (average)", lambda f: f"{f.sessions_attended.mean():.1f}"),
        ("Weeks on waiting lists (average)", lambda f: f"{f.weeks_waiting_for_service.mean():.1f}"),
    ]
    head = "".join(f"<th scope='col'>{escape(name)}</th>" for name in frames)
    body = "".join(
        f"<tr><th scope='row' style='text-align:left'>{what}</th>" + "".join(f"<td>{fmt(f)}</td>" for f in frames.values()) + "</tr>"
        for what, fmt in rows
    )
    return f"<table class='casework-futures'><caption>Share or average over the simulated futures</caption><tr><th></th>{head}</tr>{body}</table>"


def model_card(catalog) -> str:
    """Every practice area and what it is for, in the catalog's order, as HTML."""
    items = "".join(
        f"<li><b>{escape(p.name)}</b> <small>({len(p.behaviours)} behaviours)</small>: {escape(p.summary.strip())}</li>"
        for p in catalog.practices
    )
    return STYLE + f"<div class='casework-card'><h3>The practice model at a glance</h3><ol>{items}</ol></div>"


def case_path(scenario: Scenario, catalog) -> str:
    """A case's decision points in time order, each with its practice, as an HTML table."""
    names = {p.id: p.name for p in catalog.practices}
    left = "style='text-align:left'"
    rows = "".join(
        f"<tr><td>{dp.week:g}</td><td {left}>{escape(names.get(dp.practice.value, dp.practice.value))}</td>"
        f"<td {left}>{escape(dp.title)}</td><td {left}>{escape(dp.prompt.strip())}</td></tr>"
        for dp in sorted(scenario.decision_points, key=lambda d: d.week)
    )
    head = "".join(f"<th scope='col' {left}>{h}</th>" for h in ("Week", "Practice", "Moment", "The question"))
    return (
        STYLE + f"<div class='casework-card'><h3>The life of the case: {escape(scenario.title)}</h3>"
        f"<table><caption>Decision points in the order they come</caption><tr>{head}</tr>{rows}</table></div>"
    )
