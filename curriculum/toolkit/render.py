"""The case as static HTML, with no widget: the toolkit's widgets show it, and grading writes it into the notebook.

A played-out case (:func:`case_up_to`, :func:`played_out_html`) and a plan's futures beside the practice
model's (:func:`futures_html`) are the same HTML in a trainee's notebook, in the autograded notebook and in
the feedback. Grading's play-out step and its feedback import this module, so it imports no ipywidgets
(nor anything that does): the coach's side renders the case without loading the trainee's widgets.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import TYPE_CHECKING, Optional

from . import futures as spread
from . import views

if TYPE_CHECKING:
    from scenarios.models import Scenario
    from simulator.records import CaseResult


def case_up_to(result: CaseResult, week: Optional[int], opened_on: Optional[dt.date] = None) -> str:
    """The case after ``week`` weeks (the whole run when None), as HTML: where it stands, the plot, the story.

    Nothing after that week appears: not in the heading, the numbers, the plot or the events.
    """
    horizon = int(result.outcomes.weeks_simulated)
    week = horizon if week is None else max(0, min(int(week), horizon))
    alt = views.timeline_alt(result, week)
    figure = views.figure_html(views.timeline_figure(result, upto_week=week), alt)
    shown = [e for e in result.timeline if e.week <= week]
    story = "The story so far" if week < horizon else "The whole story"
    return (views.STYLE + views.standing_card(result, week, opened_on) + figure
            + f"<p><small><b>In words:</b> {escape(alt)}</small></p>"
            + f"<h4>{story} ({escape(views.standing_heading(week).removeprefix('Where the case stands ')).strip()})</h4>"
            + views.events_list(shown))


def played_out_html(scenario: Scenario, choices: dict[str, list[str]], seed: int, result=None) -> str:
    """The whole case played out from a set of choices, as static HTML (outcomes, plot, events).

    The coach's side shows the same view in the autograded notebook and the feedback.
    """
    if result is None:
        from simulator import simulate

        result = simulate(scenario, choices, seed)
    return case_up_to(result, None, scenario.opened_on)


def futures_html(scenario: Optional[Scenario], choices: dict[str, list[str]], reference: Optional[dict],
                 runs: int = spread.FUTURES_RUNS, summary: Optional[dict[str, float]] = None) -> str:
    """A plan played ``runs`` times beside the practice model's futures (numbers only), as HTML.

    ``summary`` (the plan's measures, already computed) skips the simulation.
    """
    if summary is None:
        summary = spread.plan_summary(scenario, choices, runs)
    mine = spread.formatted(summary)
    theirs = spread.formatted(reference["summary"]) if reference else {}
    head = "<tr><th></th><th>Your plan</th>" + ("<th>The practice model's plan</th>" if theirs else "") + "</tr>"
    body = "".join(
        f"<tr><th style='text-align:left'>{k}</th><td>{v}</td>" + (f"<td>{theirs.get(k, '')}</td>" if theirs else "") + "</tr>"
        for k, v in mine.items()
    )
    note = (
        "<p>Beside it, the futures of the plan the practice model recommends, played the same number of times. "
        "Your coach goes through the differences with you.</p>"
        if theirs
        else ""
    )
    return (
        f"<div class='casework-card'><h3>Your plan, played {runs} times</h3>"
        f"<table aria-label='Simulated futures of your plan'>{head}{body}</table>{note}</div>"
    )
