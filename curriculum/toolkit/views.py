"""How a case looks to a trainee: HTML cards and matplotlib plots, no widget state."""

from __future__ import annotations

from typing import TYPE_CHECKING

import base64
import datetime as dt
import io
import re
from html import escape

from scenarios.models import DecisionPoint, Scenario
from simulator.records import CaseResult, Outcomes, TimelineEvent

from . import palette

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


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def time_in(week: float) -> str:
    """How far into the case a moment is, in plain words: "the first day", "1 week and 5 days in", "3 weeks in"."""
    days = max(0, round(float(week) * 7))
    weeks, rest = divmod(days, 7)
    if days == 0:
        return "the first day"
    if weeks == 0:
        return _plural(rest, "day") + " in"
    if rest == 0:
        return _plural(weeks, "week") + " in"
    return f"{_plural(weeks, 'week')} and {_plural(rest, 'day')} in"


def case_date(opened_on: dt.date, week: float) -> dt.date:
    """The calendar date of a moment ``week`` weeks into the case (the simulator's own rounding, to the day)."""
    return opened_on + dt.timedelta(days=round(float(week) * 7))


def when(opened_on: dt.date, week: float) -> str:
    """A moment of the case in plain words: "Saturday 24 January 2026 (1 week and 5 days in)"."""
    d = case_date(opened_on, week)
    return f"{d.strftime('%A')} {_date(d)} ({time_in(week)})"


def _event_date(e: TimelineEvent) -> str:
    try:
        d = dt.date.fromisoformat(str(e.date))
    except ValueError:
        return escape(str(e.date))
    return f"{d.strftime('%a')} {d.day} {d.strftime('%b %Y')}"


_NUMBER_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                 9: "nine", 10: "ten"}


def _waiting(match: re.Match) -> str:
    n = int(match.group(1))
    if n == 0:
        return "no other family waiting"
    return f"{_NUMBER_WORDS.get(n, str(n))} {'family' if n == 1 else 'families'} already waiting"


def _waited(match: re.Match) -> str:
    return "after " + (time_in(float(match.group(1))).removesuffix(" in") if float(match.group(1)) >= 1 / 7
                       else "less than a day") + " on the waiting list"


# the simulator's log lines, said in plain words at display time (counts agree with their noun; weeks as days)
PLAIN_WORDS = [
    (re.compile(r"\b(\d+) famil(?:y|ies) already waiting\b"), _waiting),
    (re.compile(r"\bafter (\d+(?:\.\d+)?) weeks? on the waiting list\b"), _waited),
    (re.compile(r"\b1 (sessions|visits|times|weeks|days|people|children|meetings|families)\b"),
     lambda m: "1 " + {"families": "family", "people": "person", "children": "child"}.get(m.group(1), m.group(1)[:-1])),
]


def plain(text: str) -> str:
    """A simulator's line in plain words ("1 families already waiting" reads "one family already waiting")."""
    for pattern, words in PLAIN_WORDS:
        text = pattern.sub(words, text)
    return text


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


def decision_header(scenario: Scenario, dp: DecisionPoint, state=None) -> str:
    """Title, time, situation and prompt of a decision point, as HTML (the situation's words for ``state``,
    the case as it stands when the point comes up; see :mod:`scenarios.conditions`)."""
    from scenarios.conditions import text_for

    multiple = " <i>(choose all that apply)</i>" if dp.kind == "multiple" else ""
    situation = text_for(dp.situation, dp.situations, state)
    return (
        STYLE
        + f"<div class='casework-card'><h3>{escape(dp.title)}</h3>"
        + f"<p><small>{escape(when(scenario.opened_on, dp.week))}. Practice: {escape(dp.practice.value)}.</small></p>"
        + (f"<p>{escape(situation.strip())}</p>" if situation else "")
        + f"<p><b>{escape(dp.prompt.strip())}</b>{multiple}</p></div>"
    )


def moment_header(moment: dict, opened_on: dt.date) -> str:
    """Title, time, situation and prompt of a moment the case has reached, from the case's answer (the
    situation's words already follow the case as it stands)."""
    multiple = " <i>(choose all that apply)</i>" if moment.get("kind") == "multiple" else ""
    situation = moment.get("situation") or ""
    return (
        STYLE
        + f"<div class='casework-card'><h3>{escape(moment['title'])}</h3>"
        + f"<p><small>{escape(when(opened_on, moment['week']))}. Practice: {escape(moment['practice'])}.</small></p>"
        + (f"<p>{escape(situation)}</p>" if situation else "")
        + f"<p><b>{escape(moment['prompt'])}</b>{multiple}</p></div>"
    )


def consequence_html(moment: dict, opened_on: dt.date) -> str:
    """What followed the trainee's own choice at a moment, up to the next moment on their path."""
    c = moment.get("consequence")
    if not c:
        return ""
    html = "".join(f"<p>{escape(r)}</p>" for r in c.get("reactions", []) if r)
    if c.get("last"):
        return html + "<p>That was the last decision. Run the cells below to see how the case unfolds.</p>"
    if c.get("same_week"):
        return html + "<p>The conversation goes on.</p>"
    events = [TimelineEvent(**e) for e in c.get("events", [])]
    return html + f"<p><b>Until {escape(when(opened_on, c['until_week']))}:</b></p>" + events_list(events)


def events_list(events: list[TimelineEvent]) -> str:
    """Events as an HTML list, in plain words; routine visits are counted rather than listed.

    A line the simulator logged twice on one day (two stressors of the same kind
    drawn in one week) is shown once, and the options of one multiple-choice
    decision are shown as one line.
    """
    visits = sum(1 for e in events if e.kind == "contact")
    items: list[str] = []
    seen: set = set()
    grouped: dict = {}  # (date, title) of a decision -> the list of its options already shown
    for e in events:
        if e.kind == "contact":
            continue
        key = (str(e.date), e.kind, e.title, e.detail)
        if key in seen:
            continue
        seen.add(key)
        if e.kind == "decision" and e.detail:
            options = grouped.get((str(e.date), e.title))
            if options is not None:
                options.append(e.detail)
                continue
            grouped[(str(e.date), e.title)] = options = [e.detail]
            items.append(("decision", e, options))
            continue
        items.append((e.kind, e, None))
    lines = []
    for kind, e, options in items:
        label = EVENT_LABELS.get(kind, kind)
        head = f"<li class='{escape(kind)}'>{_event_date(e)} <b>{escape(label)}</b> {escape(plain(e.title))}"
        if options is not None and len(options) > 1:
            lines.append(head + ":<ul>" + "".join(f"<li>{escape(o.strip())}</li>" for o in options) + "</ul></li>")
        else:
            detail = (options[0] if options else e.detail).strip()
            lines.append(head + (f": {escape(plain(detail))}" if detail else "") + "</li>")
    if visits:
        lines.append(f"<li>You visited the family {'once' if visits == 1 else f'{visits} times'}.</li>")
    if not lines:
        lines.append("<li>A quiet stretch: nothing notable happened.</li>")
    return "<ul class='casework-events'>" + "".join(lines) + "</ul>"


def standing_rows(result: CaseResult, week: float | None = None) -> list[tuple[str, str]]:
    """The case as it stands after ``week`` weeks (the whole run when None), in plain words.

    Up to a week only what has happened by then counts; at the end of the run the
    numbers are the simulation's outcomes (and a few only known at the end are added).
    """
    outcomes = result.outcomes
    horizon = float(outcomes.weeks_simulated)
    if week is None or week >= horizon:
        return outcome_rows(outcomes)
    events = [e for e in result.timeline if e.week <= week]
    weekly = [w for w in result.weekly if w.week <= week]
    incidents = [e for e in events if e.kind == "incident"]
    serious = sum(1 for e in incidents if e.title.lower().startswith("serious"))
    placed = any(e.kind == "placement" and " placed " in e.title for e in events)
    in_care = sum(1 for w in weekly[1:] if not w.child_at_home)
    closure = next((e for e in events if e.kind == "closure"), None)
    rows = [
        ("Safety incidents so far", f"{len(incidents)} ({serious} serious)" if incidents else "none"),
        ("Child placed out of home", "yes" if placed else "not so far"),
        ("Where the child lives now", ("at home" if weekly[-1].child_at_home else "in care") if weekly else "at home"),
        ("Weeks in care so far", str(in_care)),
        ("Case closed", f"yes, {time_in(closure.week)}" if closure else "no, still open"),
    ]
    if weekly:
        mean = sum(w.engagement for w in weekly) / len(weekly)
        rows.append(("Engagement now (0-1)", f"{weekly[-1].engagement:.2f} (average so far {mean:.2f})"))
        rows.append(("Stress now (0-1)", f"{weekly[-1].stress:.2f}"))
    return rows


def whole_weeks(weeks: float) -> str:
    """A number of weeks as people count them: "none", "less than a week", "29" (never "29.362")."""
    weeks = float(weeks or 0)
    if weeks <= 0:
        return "none"
    if weeks < 1:
        return "less than a week"
    return str(round(weeks))


def outcome_rows(outcomes: Outcomes) -> list[tuple[str, str]]:
    """The outcome measures of a whole run, in plain words."""
    incidents = outcomes.safety_incidents
    return [
        ("Safety incidents", f"{incidents} ({outcomes.serious_incidents} serious)" if incidents else "none"),
        ("Child placed out of home", "yes" if outcomes.placed else "no"),
        ("Placement moves", str(outcomes.placement_moves)),
        ("Weeks in care", whole_weeks(outcomes.weeks_in_care)),
        (
            "Case closed",
            f"yes, {time_in(outcomes.weeks_to_closure)}" if outcomes.closed
            else f"no, still open after {_plural(int(outcomes.weeks_simulated), 'week')}",
        ),
        ("Incidents after closure", str(outcomes.incidents_after_closure)),
        ("Average engagement (0-1)", f"{outcomes.engagement_mean:.2f}"),
        ("Service sessions attended", str(outcomes.sessions_attended)),
        ("Weeks on waiting lists", whole_weeks(outcomes.weeks_waiting_for_service)),
    ] + removal_cost_rows(outcomes)


def removal_cost_rows(outcomes: Outcomes) -> list[tuple[str, str]]:
    """What removal cost the child, beside the safety it bought: the connections lost, the child's well-being,
    maltreatment in care, the court, and whether a safety plan could have kept the child at home. A child's case
    only (an adult's has no removal)."""
    if getattr(outcomes, "service", "child") != "child":
        return []
    rows = [("The child's well-being at the end (0-1; 1 = no harm from the case)", f"{outcomes.child_wellbeing:.2f}")]
    if not outcomes.placed:
        return rows
    rows += [
        ("Connections the child lost (homes, schools, people)", str(outcomes.connections_lost)),
        ("Maltreatment in care", str(outcomes.incidents_in_care) if outcomes.incidents_in_care else "none"),
        ("Court hearings", str(outcomes.court_hearings)),
        ("Was the removal needed?", "no: a safety plan could have kept the child safe at home"
         if outcomes.removal_unneeded else "yes: no safety plan at home was enough"),
    ]
    return rows


def standing_heading(week: float, opened_on: dt.date | None = None) -> str:
    """ "Where the case stands after 10 weeks (23 March 2026)"."""
    weeks = int(week)
    if weeks == 0:
        text = "Where the case stands on the first day"
    else:
        text = f"Where the case stands after {_plural(weeks, 'week')}"
    if opened_on is not None:
        text += f" ({_date(case_date(opened_on, weeks))})"
    return text


def standing_card(result: CaseResult, week: float | None = None, opened_on: dt.date | None = None) -> str:
    """The case after ``week`` weeks (the whole run when None), as a card: the heading says which week."""
    horizon = int(result.outcomes.weeks_simulated)
    week = horizon if week is None else min(int(week), horizon)
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in standing_rows(result, week))
    still = (f"<p><small>The simulation goes on to week {horizon}: move the slider to see what comes.</small></p>"
             if week < horizon else "")
    return (f"<div class='casework-card casework-standing'><h3>{escape(standing_heading(week, opened_on))}</h3>"
            f"<table>{body}</table>{still}</div>")


def outcomes_card(outcomes: Outcomes, horizon: int) -> str:
    """The outcome measures of the whole run in plain words."""
    body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in outcome_rows(outcomes))
    return (f"<div class='casework-card'><h3>{escape(standing_heading(horizon))}</h3>"
            f"<table>{body}</table></div>")


# the timeline's lines: column, label, colour, line style (the style tells them apart in grey too)
TIMELINE_SERIES = [
    ("engagement", "Engagement", palette.ENGAGEMENT, "-"),
    ("protective_capacity", "Protective capacity", palette.PROTECTIVE_CAPACITY, "-."),
    ("safety_plan", "Safety plan in force", palette.SAFETY_PLAN, "--"),
    ("stress", "Stress", palette.STRESS, ":"),
]


def timeline_figure(result: CaseResult, upto_week: float | None = None):
    """A plot of the family's situation week by week, up to ``upto_week`` (the whole run when None).

    Nothing after that week is drawn: the weeks still to come are a grey band, so
    the plot never shows what the trainee has not reached yet.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    horizon = max(1, int(result.outcomes.weeks_simulated), len(result.weekly) - 1)
    week = horizon if upto_week is None else max(0, min(float(upto_week), horizon))
    weekly = [w for w in result.weekly if w.week <= week]
    fig, ax = plt.subplots(figsize=(9, 3.6))
    handles = []
    for column, label, colour, style in TIMELINE_SERIES:
        xs = [w.week for w in weekly]
        ys = [getattr(w, column) for w in weekly]
        (line,) = ax.plot(xs, ys, style, color=colour, label=label, linewidth=2, marker="o" if len(xs) == 1 else None)
        handles.append(line)
    shown = [e for e in result.timeline if e.week <= week]
    marks = set()
    # the weeks the child lived away from home
    start = None
    for w in weekly:
        if not w.child_at_home and start is None:
            start = w.week
        elif w.child_at_home and start is not None:
            ax.axvspan(start, w.week, color=palette.PLACEMENT, alpha=0.18, linewidth=0)
            start, _ = None, marks.add("care")
    if start is not None:
        ax.axvspan(start, max(start + 0.5, week), color=palette.PLACEMENT, alpha=0.18, linewidth=0)
        marks.add("care")
    for e in shown:
        if e.kind == "incident":
            ax.axvline(e.week, color=palette.INCIDENT, linewidth=1.8)
            marks.add("incident")
        elif e.kind == "closure":
            ax.axvline(e.week, color=palette.CLOSURE, linewidth=2, linestyle=(0, (1, 1)))
            marks.add("closure")
    if week < horizon:
        ax.axvspan(week, horizon, color=palette.NOT_YET, alpha=0.35, linewidth=0)
        marks.add("not yet")
    if "incident" in marks:
        handles.append(Line2D([], [], color=palette.INCIDENT, linewidth=1.8, label="Safety incident"))
    if "care" in marks:
        handles.append(Patch(color=palette.PLACEMENT, alpha=0.18, label="Child in care"))
    if "closure" in marks:
        handles.append(Line2D([], [], color=palette.CLOSURE, linewidth=2, linestyle=(0, (1, 1)), label="Case closed"))
    if "not yet" in marks:
        handles.append(Patch(color=palette.NOT_YET, alpha=0.35, label="Weeks still to come"))
    ax.set_ylim(0, 1.02)
    ax.set_xlim(0, horizon)
    ax.set_xlabel("Weeks since the report")
    ax.set_ylabel("Level (0-1)")
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    span = f"the first {_plural(int(week), 'week')}" if week < horizon else f"all {horizon} weeks"
    ax.set_title(f"The case week by week: {span}")
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
        f"Plot of the case from the report to week {last.week}: engagement ends at {last.engagement:.2f}, "
        f"protective capacity at {last.protective_capacity:.2f}, safety plan at {last.safety_plan:.2f}, "
        f"stress at {last.stress:.2f}; {'no safety incident' if not incidents else _plural(incidents, 'safety incident')}."
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
    "connections_lost": ("Connections the child lost (homes, schools, people)", True),
    "child_wellbeing": ("The child's well-being at the end (0-1)", False),
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
    # every panel the same colour (simulated futures), told apart by its title: a colour here never means a plan
    fig, axes = plt.subplots(1, len(frames), figsize=(4.6 * len(frames), 3.2), sharex=True, sharey=True, squeeze=False)
    for ax, (name, series) in zip(axes[0], values.items()):
        ax.hist(series, bins=bins, color=palette.FUTURES, alpha=0.85, edgecolor="white")
        if len(series):
            ax.axvline(series.mean(), color=palette.INK, linestyle="--", linewidth=1.2, label=f"mean {series.mean():.2f}")
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
        ("Connections the child lost (average)", lambda f: f"{f.connections_lost.mean():.1f}"),
        ("The child's well-being at the end (0-1)", lambda f: f"{f.child_wellbeing.mean():.2f}"),
        ("Removed when a safety plan could have kept the child home", lambda f: f"{f.removal_unneeded.mean():.0%}"),
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
    names = catalog.practice_names()
    left = "style='text-align:left'"
    rows = "".join(
        f"<tr><td {left}>{escape(time_in(dp.week))}</td><td {left}>{escape(names.get(dp.practice.value, dp.practice.value))}</td>"
        f"<td {left}>{escape(dp.title)}</td><td {left}>{escape(dp.prompt.strip())}</td></tr>"
        for dp in sorted(scenario.decision_points, key=lambda d: d.week)
    )
    head = "".join(f"<th scope='col' {left}>{h}</th>" for h in ("When", "Practice", "Moment", "The question"))
    return (
        STYLE + f"<div class='casework-card'><h3>The life of the case: {escape(scenario.title)}</h3>"
        f"<table><caption>Decision points in the order they come</caption><tr>{head}</tr>{rows}</table></div>"
    )
