"""The trainee's side of a case: play it decision by decision, in a notebook."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Optional, Union

import ipywidgets as widgets
from IPython.display import HTML, display

from scenarios.decisions import DecisionBook
from scenarios import load_scenario
from scenarios.models import DecisionPoint, Scenario
from simulator import simulate

from . import futures as spread
from . import tools, views


def _grading() -> Optional[str]:
    """'autograde' or 'validate' while nbgrader runs the notebook, else None."""
    return os.environ.get("NBGRADER_EXECUTION") or None


def played_out_html(scenario: Scenario, choices: dict[str, list[str]], seed: int, result=None) -> str:
    """The whole case played out from a set of choices, as static HTML (outcomes, plot, events).

    The coach's side shows the same view in the autograded notebook and the feedback.
    """
    result = result if result is not None else simulate(scenario, choices, seed)
    horizon = int(result.outcomes.weeks_simulated)
    figure = views.figure_html(views.timeline_figure(result), views.timeline_alt(result))
    return views.outcomes_card(result.outcomes, horizon) + figure + views.events_list(result.timeline)


def futures_html(scenario: Scenario, choices: dict[str, list[str]], reference: Optional[dict],
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


class DecisionWidget(widgets.VBox):
    """One decision point: the situation, the options, and what happens next."""

    def __init__(self, session: "CaseSession", dp: DecisionPoint):
        self.session = session
        self.dp = dp
        # an HTML widget, not an Output widget: nbclient's Output emulation sends on the shell
        # channel while it is being polled, which can stall headless runs until a timeout
        self.consequences = widgets.HTML()
        saved = session.book.choices.get(dp.id, [])
        label = f"{dp.title}: {dp.prompt.strip()}"
        if dp.kind == "single":
            self.choice = widgets.RadioButtons(
                options=[(o.label.strip(), o.id) for o in dp.options],
                value=saved[0] if saved and saved[0] in {o.id for o in dp.options} else None,
                description="",
                layout=widgets.Layout(width="auto"),
                tooltip=label,
            )
            self.choice.add_class("casework-choice")
            self.choice.observe(self._on_change, names="value")
            controls: list[widgets.Widget] = [self.choice]
        else:
            self.boxes = []
            for o in dp.options:
                box = widgets.Checkbox(
                    value=o.id in saved,
                    description=o.label.strip(),
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                    tooltip=label,
                )
                box.add_class("casework-choice")
                box.option_id = o.id
                box.observe(self._on_change, names="value")
                self.boxes.append(box)
            controls = list(self.boxes)
        self.saved_note = widgets.HTML(self._saved_text(saved))
        super().__init__([widgets.HTML(views.decision_header(session.scenario, dp)), *controls, self.saved_note, self.consequences])
        self.add_class("casework-decision")

    def chosen(self) -> list[str]:
        """The option ids currently chosen in the widget."""
        if self.dp.kind == "single":
            return [self.choice.value] if self.choice.value else []
        return [b.option_id for b in self.boxes if b.value]

    def _saved_text(self, chosen: list[str]) -> str:
        if not chosen:
            return "<small>Not decided yet. Your choice is saved the moment you make it.</small>"
        return "<small>Saved. You can change your mind; every change is kept in the decision log.</small>"

    def _on_change(self, _change) -> None:
        chosen = self.chosen()
        self.session.book.record(self.dp.id, chosen)
        self.saved_note.value = self._saved_text(chosen)
        self.session.refresh()

    def show_consequences(self) -> None:
        """Show what follows this decision, up to the next decision point."""
        self.consequences.value = self.session.consequences_html(self.dp)


class CaseSession:
    """A scenario played by one trainee, with decisions kept beside the notebook."""

    def __init__(self, scenario: Scenario, folder: Union[str, Path] = ".", seed: Optional[int] = None,
                 practice: bool = False):
        self.scenario = scenario
        self.folder = Path(folder)
        self.seed = scenario.seed if seed is None else seed
        # practice (lessons, replay after submission): choices stay open and are never graded
        self.practice = practice
        # grading scores decisions.json as submitted, so it must not be rebuilt from the log there
        self.book = DecisionBook.open(self.folder, scenario.id, recover=not _grading())
        self._widgets: dict[str, DecisionWidget] = {}
        self.tools: dict[str, tools.PracticeTool] = {}

    @classmethod
    def open(cls, scenario_file: Union[str, Path] = "scenario.yaml", folder: Union[str, Path, None] = None) -> "CaseSession":
        """Open the case in ``scenario_file``; decisions go in ``folder`` (default: beside the scenario)."""
        scenario_file = Path(scenario_file)
        session = cls(load_scenario(scenario_file), folder if folder is not None else scenario_file.parent)
        if session.book.notice and not _grading():
            # repair the damaged file from the log, so nothing the trainee chose is lost
            session.book.save()
            display(HTML(f"<p><b>Note:</b> {escape(session.book.notice)}</p>"))
        return session

    # --- what the notebook shows -------------------------------------------------

    def show_family(self) -> None:
        """Meet the family and read the report."""
        display(HTML(views.family_card(self.scenario) + views.report_card(self.scenario)))

    def decide(self, point_id: str) -> Union[DecisionWidget, HTML]:
        """The widget for one decision point (choices are restored from earlier runs).

        While nbgrader runs the notebook there is nobody to click, so the decision
        is shown as it was recorded, in plain HTML that the feedback can show.
        """
        dp = self.scenario.decision_point(point_id)
        if _grading():
            chosen = [o.label.strip() for o in dp.options if o.id in self.book.choices.get(dp.id, [])]
            choice = "".join(f"<li>{escape(c)}</li>" for c in chosen) or "<li><i>No decision recorded.</i></li>"
            return HTML(views.decision_header(self.scenario, dp) + f"<p>Your decision:</p><ul>{choice}</ul>"
                        + self.consequences_html(dp))
        widget = DecisionWidget(self, dp)
        self._widgets[point_id] = widget
        widget.show_consequences()
        return widget

    def refresh(self) -> None:
        """Update every decision's consequences after a choice changes."""
        for widget in self._widgets.values():
            widget.show_consequences()

    def decided_before(self, dp: DecisionPoint) -> dict[str, list[str]]:
        """Choices made at this point and every earlier one."""
        out = {}
        for point in self.scenario.decision_points:
            if point.id in self.book.choices and self.book.choices[point.id]:
                out[point.id] = self.book.choices[point.id]
            if point.id == dp.id:
                break
        return out

    def consequences_html(self, dp: DecisionPoint) -> str:
        """What happens from this decision until the next one."""
        points = self.scenario.decision_points
        index = points.index(dp)
        missing = [p.title for p in points[: index + 1] if not self.book.choices.get(p.id)]
        if missing:
            return "<p><i>The case moves on once you decide" + (
                f" (still open: {escape(', '.join(missing))})." if missing != [dp.title] else "."
            ) + "</i></p>"
        reactions = [o.consequence.strip() for o in dp.options if o.id in self.book.choices[dp.id] and o.consequence]
        html = "".join(f"<p>{escape(r)}</p>" for r in reactions)
        if index + 1 == len(points):
            return html + "<p>That was the last decision. Run the cells below to see how the case unfolds.</p>"
        end = points[index + 1].week
        if end == dp.week:
            return html + "<p>The conversation goes on.</p>"
        result = simulate(self.scenario, self.decided_before(dp), self.seed, stop_at_undecided=True)
        events = [e for e in result.timeline if dp.week <= e.week < end and e.kind != "decision"]
        return html + f"<p><b>Until week {end:g}:</b></p>" + views.events_list(events)

    def play_out(self) -> Union[widgets.VBox, HTML]:
        """The whole case after the last decision: a week slider, the story so far, a plot, the outcomes."""
        undecided = [p.title for p in self.scenario.decision_points if not self.book.choices.get(p.id)]
        if undecided:
            return widgets.VBox([widgets.HTML(f"<p><b>Decide first:</b> {escape(', '.join(undecided))}.</p>")])
        result = simulate(self.scenario, self.book.choices, self.seed)
        horizon = int(result.outcomes.weeks_simulated)
        if _grading():
            return HTML(played_out_html(self.scenario, self.book.choices, self.seed, result))
        slider = widgets.IntSlider(
            value=horizon, min=0, max=horizon, step=1, description="Week",
            continuous_update=False, tooltip="Move through the case week by week",
        )
        view = widgets.HTML()

        def draw(_=None):
            week = slider.value
            figure = views.figure_html(views.timeline_figure(result, upto_week=week), views.timeline_alt(result, week))
            shown = [e for e in result.timeline if e.week <= week]
            view.value = figure + f"<h4>The story up to week {week}</h4>" + views.events_list(shown)

        slider.observe(draw, names="value")
        draw()
        return widgets.VBox([widgets.HTML(views.outcomes_card(result.outcomes, horizon)), slider, view])

    def futures(self, runs: int = spread.FUTURES_RUNS) -> None:
        """Play your plan many times: the same decisions, different luck."""
        undecided = [p.title for p in self.scenario.decision_points if not self.book.choices.get(p.id)]
        if undecided:
            display(HTML(f"<p><b>Decide first:</b> {escape(', '.join(undecided))}.</p>"))
            return
        display(HTML(futures_html(self.scenario, self.book.choices, spread.read_reference(self.folder), runs)))

    def show_prompt(self, answer_id: str) -> None:
        """Show the prompt of a written answer."""
        wa = next(w for w in self.scenario.written_answers if w.id == answer_id)
        display(HTML(f"<div class='casework-card'><h3>{escape(wa.title)} ({wa.points:g} points, graded by your coach)</h3>"
                     f"<p>{escape(wa.prompt.strip())}</p></div>"))

    # --- practice tools: work kept in decisions.json under "work", never graded -------

    def _tool(self, tool: "tools.PracticeTool") -> Union[widgets.VBox, HTML]:
        self.tools[tool.tool_id] = tool
        return tool.show()

    def three_columns(self, tool_id: str = "three-columns", from_case_file: bool = False):
        """Three-column mapping: worries, what is working well, what needs to happen."""
        return self._tool(tools.ThreeColumns(self.scenario, self.book, tool_id, from_case_file=from_case_file))

    def danger_statement(self, tool_id: Optional[str] = None):
        """Build a danger statement from guided fields (who, what might happen, circumstances, impact)."""
        return self._tool(tools.StatementBuilder(self.scenario, self.book, "danger", tool_id))

    def harm_statement(self, tool_id: Optional[str] = None):
        """Build a harm statement: what has already happened to a child, and its impact."""
        return self._tool(tools.StatementBuilder(self.scenario, self.book, "harm", tool_id))

    def safety_goal(self, tool_id: Optional[str] = None):
        """Build a safety goal: what everyone needs to see, for how long, to be confident the child is safe."""
        return self._tool(tools.StatementBuilder(self.scenario, self.book, "safety-goal", tool_id))

    def scaling(self, question: Optional[str] = None, low: Optional[str] = None, high: Optional[str] = None,
                tool_id: Optional[str] = None):
        """A scaling question (0-10); without a question, the usual one about the children's safety."""
        asked = {k: v for k, v in (("question", question), ("low", low), ("high", high)) if v is not None}
        return self._tool(tools.Scaling(self.scenario, self.book, tool_id=tool_id, **asked))

    def safety_network(self, tool_id: str = "safety-network"):
        """Build the safety network and family team from the people around the family."""
        return self._tool(tools.SafetyNetwork(self.scenario, self.book, tool_id))

    def ecomap(self, tool_id: str = "ecomap"):
        """The family's connections as an ecomap, rated by the trainee."""
        return self._tool(tools.Ecomap(self.scenario, self.book, tool_id))

    def assessment(self, compare: bool = False, tool_id: str = "assessment"):
        """A structured safety and risk assessment; ``compare`` also shows the case file's own."""
        return self._tool(tools.SafetyAssessment(self.scenario, self.book, tool_id, compare=compare))

    def case_plan(self, tool_id: str = "case-plan"):
        """A case plan builder: goals, services, who does what, by when."""
        return self._tool(tools.CasePlan(self.scenario, self.book, tool_id))

    # --- checks a trainee can run (and nbgrader's Validate runs) ----------------

    def check_decided(self, practice: str) -> None:
        """Say whether every decision in a practice area is recorded.

        Under nbgrader's Validate a missing decision fails the check, so the
        trainee hears about it before submitting; otherwise it only prints.
        """
        missing = [p.title for p in self.scenario.decision_points if p.practice.value == practice and not self.book.choices.get(p.id)]
        if not missing:
            print(f"All {practice} decisions are made.")
            return
        message = f"Not decided yet ({practice}): {', '.join(missing)}."
        if _grading() == "validate":
            raise AssertionError(message)
        print(message)
