"""How a case looks to a trainee: HTML cards and matplotlib plots, no widget state."""

from __future__ import annotations

import base64
import datetime as dt
import io
from html import escape

import matplotlib.pyplot as plt

from scenarios.models import DecisionPoint, Scenario
from simulator.records import CaseResult, Outcomes, TimelineEvent

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
        items.append(f"<li class='{e.kind}'>Week {int(e.week)} ({e.date}) <b>{label}</b> {escape(e.title)}{detail}</li>")
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
