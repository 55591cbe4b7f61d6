"""The trainee's side of a case: play it decision by decision, in a notebook."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Optional, Union

import ipywidgets as widgets
from IPython.display import HTML, display

from scenarios import load_scenario
from scenarios.decisions import DecisionBook, locked_points
from scenarios.packed import PACKED_FILE, read_packed
from scenarios.variant import hub_identity, new_identity, shown_order
from scenarios.models import DecisionPoint, Scenario
from simulator import simulate

from . import futures as spread
from . import live, tools, views
from .playout import PlayOut


def _grading() -> Optional[str]:
    """'autograde' or 'validate' while nbgrader runs the notebook, else None."""
    return os.environ.get("NBGRADER_EXECUTION") or None


def played_out_html(scenario: Scenario, choices: dict[str, list[str]], seed: int, result=None) -> str:
    """The whole case played out from a set of choices, as static HTML (outcomes, plot, events).

    The coach's side shows the same view in the autograded notebook and the feedback.
    """
    result = result if result is not None else simulate(scenario, choices, seed)
    return PlayOut.static_html(result, scenario.opened_on)


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
    """One decision point: the situation, the options (in this trainee's order), and what happens next.

    A choice can change until the trainee decides at a later point; then it is
    final and the widget shows it, disabled, with a short note (practice excepted).
    """

    def __init__(self, session: "CaseSession", dp: DecisionPoint):
        self.session = session
        self.dp = dp
        # an HTML widget, not an Output widget: nbclient's Output emulation sends on the shell
        # channel while it is being polled, which can stall headless runs until a timeout
        self.consequences = widgets.HTML()
        saved = session.book.choices.get(dp.id, [])
        self.order = session.offered(dp)
        labels = {o.id: o.label.strip() for o in dp.options}
        label = f"{dp.title}: {dp.prompt.strip()}"
        if dp.kind != "multiple":
            self.choice = widgets.RadioButtons(
                options=[(labels[i], i) for i in self.order],
                value=saved[0] if saved and saved[0] in labels else None,
                description="",
                layout=widgets.Layout(width="auto"),
                tooltip=label,
            )
            self.choice.add_class("casework-choice")
            self.choice.add_class(live.KEYS_CLASS)
            self.choice.observe(self._on_change, names="value")
            controls: list[widgets.Widget] = [self.choice]
        else:
            self.boxes = []
            for i in self.order:
                box = widgets.Checkbox(
                    value=i in saved,
                    description=labels[i],
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                    tooltip=label,
                )
                box.add_class("casework-choice")
                box.add_class(live.KEYS_CLASS)
                box.option_id = i
                box.observe(self._on_change, names="value")
                self.boxes.append(box)
            controls = list(self.boxes)
        self.saved_note = widgets.HTML()
        super().__init__([widgets.HTML(views.decision_header(session.scenario, dp, session.state_at(dp))), *controls,
                          self.saved_note, self.consequences])
        self.add_class("casework-decision")
        self._restoring = False
        self.fallback: Optional[live.Fallback] = None
        self.update_state()

    def static_html(self) -> str:
        """The decision as the page shows it, without a widget: the options in this trainee's order, the choice
        marked, the note and what followed (the notebook keeps it, so a reopened notebook shows it)."""
        saved = self.session.book.choices.get(self.dp.id, [])
        labels = {o.id: o.label.strip() for o in self.dp.options}
        mark = ("&#9673;", "&#9675;") if self.dp.kind != "multiple" else ("&#9745;", "&#9744;")
        options = "".join(
            f"<li>{mark[0] if i in saved else mark[1]} {'<b>' if i in saved else ''}{escape(labels[i])}"
            f"{' (your choice)</b>' if i in saved else ''}</li>"
            for i in self.order
        )
        return (views.decision_header(self.session.scenario, self.dp, self.session.state_at(self.dp))
                + f"<ul class='casework-options'>{options}</ul>"
                + self.saved_note.value + self.consequences.value)

    def save_static(self) -> None:
        """Bring the notebook's static copy of this decision up to date."""
        if self.fallback is not None:
            self.fallback.update(self.static_html())

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, dict):
            chosen = [o.label.strip() for o in self.dp.options if o.id in self.session.book.choices.get(self.dp.id, [])]
            data["text/plain"] = f"Decision: {self.dp.title}. " + (
                "Your choice: " + "; ".join(chosen) + "." if chosen else "Not decided yet.")
        return data

    def controls(self) -> list[widgets.Widget]:
        return [self.choice] if self.dp.kind != "multiple" else list(self.boxes)

    def chosen(self) -> list[str]:
        """The option ids currently chosen in the widget (in the author's order, whatever order was shown)."""
        if self.dp.kind != "multiple":
            return [self.choice.value] if self.choice.value else []
        ticked = {b.option_id for b in self.boxes if b.value}
        return [o.id for o in self.dp.options if o.id in ticked]

    def update_state(self) -> None:
        """Enable or lock the controls, and say why, from the record (so a restart keeps a lock)."""
        state = "off-path" if self.dp.id in self.session.off_path() else self.session.state(self.dp)
        for control in self.controls():
            control.disabled = state != "open"
        self.saved_note.value = self._note(state, self.session.book.choices.get(self.dp.id, []))

    def _note(self, state: str, chosen: list[str]) -> str:
        if state == "off-path":
            return ("<small class='casework-locked'>This moment does not come up in your case: the case went "
                    "another way. Nothing to decide here.</small>")
        if state == "locked":
            return ("<small class='casework-locked'>Final: the case has moved on, so this choice stands. "
                    "Every change you made is kept in the decision log.</small>")
        if state == "waiting":
            earlier = self.session.first_undecided()
            return f"<small>Decide <b>{escape(earlier.title)}</b> first: the case reaches this point after it.</small>"
        if not chosen:
            return "<small>Not decided yet. Your choice is saved the moment you make it.</small>"
        if self.session.practice:
            return "<small>Saved (practice: never graded, change it as often as you like).</small>"
        return ("<small>Saved. You can change your mind until you decide at the next point; "
                "then this choice is final.</small>")

    def _restore(self, chosen: list[str]) -> None:
        self._restoring = True
        try:
            if self.dp.kind != "multiple":
                self.choice.value = chosen[0] if chosen else None
            else:
                for box in self.boxes:
                    box.value = box.option_id in chosen
        finally:
            self._restoring = False

    def _on_change(self, _change) -> None:
        if self._restoring:
            return
        if self.session.state(self.dp) != "open" or self.dp.id in self.session.off_path():
            # a locked or not-yet-reached point never changes the record, whatever the front end sent
            self._restore(self.session.book.choices.get(self.dp.id, []))
            return
        self.session.book.record(self.dp.id, self.chosen(), shown=self.order)
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
        # later outputs that follow the choices (play-out, futures, checks), refreshed when a choice changes
        self._views: dict[str, object] = {}
        self.tools: dict[str, tools.PracticeTool] = {}
        # the trainee's own order of options: their hub account, else an id kept in the record
        self.identity = hub_identity() or self.book.variant or new_identity()
        if self.book.variant != self.identity and not _grading():
            self.book.variant = self.identity
            self.folder.mkdir(parents=True, exist_ok=True)
            self.book.save()

    @classmethod
    def open(cls, case_file: Union[str, Path] = PACKED_FILE, folder: Union[str, Path, None] = None) -> "CaseSession":
        """Open the case in ``case_file`` (the packed ``case.bin`` of an assignment, or a scenario YAML);
        decisions go in ``folder`` (default: beside the case file)."""
        case_file = Path(case_file)
        scenario = read_packed(case_file) if case_file.suffix == ".bin" else load_scenario(case_file)
        session = cls(scenario, folder if folder is not None else case_file.parent)
        if session.book.notice and not _grading():
            # repair the damaged file from the log, so nothing the trainee chose is lost
            session.book.save()
            display(HTML(f"<p><b>Note:</b> {escape(session.book.notice)}</p>"))
        return session

    # --- the trainee's variant and the locks -----------------------------------------

    def order(self, dp: DecisionPoint) -> list[str]:
        """The option ids of ``dp`` in this trainee's order."""
        return shown_order(self.identity, self.scenario.id, dp)

    def first_undecided(self) -> Optional[DecisionPoint]:
        """The first decision point on the case's path with no choice yet."""
        off = self.off_path()
        return next((p for p in self.scenario.decision_points if p.id not in off and not self.book.choices.get(p.id)), None)

    # --- the case's path: which moments come up, and the words that fit -----------

    def path_run(self):
        """The case played with the choices so far, to the first undecided moment (kept until a choice changes)."""
        key = tuple(sorted((k, tuple(v)) for k, v in self.book.choices.items() if v))
        if getattr(self, "_path_key", None) != key:
            known = {dp.id: {o.id for o in dp.options} for dp in self.scenario.decision_points}
            choices = {k: [o for o in v if o in known.get(k, ())] for k, v in self.book.choices.items() if k in known}
            self._path_result = simulate(self.scenario, {k: v for k, v in choices.items() if v}, self.seed,
                                         stop_at_undecided=True)
            self._path_key = key
        return self._path_result

    def off_path(self) -> set[str]:
        """Decision points that did not come up on this case's path (their ``when`` did not hold)."""
        return set(self.path_run().skipped)

    def state_at(self, dp: DecisionPoint):
        """The case as it stood when ``dp`` came up (None before the case reaches it)."""
        return self.path_run().states.get(dp.id)

    def offered(self, dp: DecisionPoint) -> list[str]:
        """The options open at ``dp`` on this path, in this trainee's order."""
        from scenarios.conditions import holds

        state = self.state_at(dp)
        closed = {o.id for o in dp.options if o.when is not None and state is not None and not holds(o.when, state)}
        return [i for i in self.order(dp) if i not in closed]

    def state(self, dp: DecisionPoint) -> str:
        """``open`` (can be chosen or changed), ``locked`` (final) or ``waiting`` (an earlier point comes first)."""
        if self.practice:
            return "open"
        order = [p.id for p in self.scenario.decision_points]
        if dp.id in locked_points(order, self.book.choices, bool(self.book.finished_at)):
            return "locked"
        first = self.first_undecided()
        if first is not None and order.index(first.id) < order.index(dp.id):
            return "waiting"
        return "open"

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
        if dp.id in self.off_path():
            return HTML(views.STYLE + f"<div class='casework-card'><h3>{escape(dp.title)}</h3><p>This moment does not "
                        "come up in your case: the case went another way. Nothing to decide here. (If you change an "
                        "earlier choice that is still open, run this cell again.)</p></div>")
        if _grading():
            chosen = [o.label.strip() for o in dp.options if o.id in self.book.choices.get(dp.id, [])]
            choice = "".join(f"<li>{escape(c)}</li>" for c in chosen) or "<li><i>No decision recorded.</i></li>"
            return HTML(views.decision_header(self.scenario, dp) + f"<p>Your decision:</p><ul>{choice}</ul>"
                        + self.consequences_html(dp))
        widget = DecisionWidget(self, dp)
        self._widgets[point_id] = widget
        widget.show_consequences()
        widget.fallback = live.shown_with_fallback(widget, widget.static_html())
        return widget

    def refresh(self) -> None:
        """After a choice changes: every decision's lock and consequences, and every later output
        (the play-out follows the new choices, the futures say they were played for another plan,
        the checks say what is decided now)."""
        for widget in self._widgets.values():
            widget.update_state()
            widget.show_consequences()
            widget.save_static()
        for view in list(self._views.values()):
            view.refresh()

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
        off = self.off_path()
        if dp.id in off:
            return ""
        missing = [p.title for p in points[: index + 1] if p.id not in off and not self.book.choices.get(p.id)]
        if missing:
            return "<p><i>The case moves on once you decide" + (
                f" (still open: {escape(', '.join(missing))})." if missing != [dp.title] else "."
            ) + "</i></p>"
        from scenarios.conditions import text_for

        result = simulate(self.scenario, self.decided_before(dp), self.seed, stop_at_undecided=True)
        after = result.after.get(dp.id)
        reactions = [text_for(o.consequence, o.consequences, after).strip() for o in dp.options
                     if o.id in self.book.choices[dp.id]]
        html = "".join(f"<p>{escape(r)}</p>" for r in reactions if r)
        later = [p for p in points[index + 1:] if p.id not in off]
        if not later:
            return html + "<p>That was the last decision. Run the cells below to see how the case unfolds.</p>"
        end = later[0].week
        if end == dp.week:
            return html + "<p>The conversation goes on.</p>"
        events = [e for e in result.timeline if dp.week <= e.week < end and e.kind != "decision"]
        return html + f"<p><b>Until {escape(views.when(self.scenario.opened_on, end))}:</b></p>" + views.events_list(events)

    def undecided(self) -> list[str]:
        """Titles of the decision points on the case's path with no choice yet."""
        off = self.off_path()
        return [p.title for p in self.scenario.decision_points if p.id not in off and not self.book.choices.get(p.id)]

    def play_out(self) -> Union[PlayOut, HTML]:
        """The whole case after the last decision: a week slider, the case so far (standing, plot, story).

        It follows the choices: if one changes afterwards, it plays the case again (or says
        what is still to decide).
        """
        if _grading():
            if self.undecided():
                return HTML(f"<p><b>Decide first:</b> {escape(', '.join(self.undecided()))}.</p>")
            return HTML(played_out_html(self.scenario, self.book.choices, self.seed))
        view = PlayOut(self.scenario, self.seed, lambda: self.book.choices, self.undecided)
        view.fallback = live.shown_with_fallback(view, view.static())
        self._views["play-out"] = view  # a cell run again replaces its earlier output
        return view

    def futures(self, runs: int = spread.FUTURES_RUNS):
        """Play your plan many times: the same decisions, different luck."""
        if _grading():
            undecided = self.undecided()
            display(HTML(f"<p><b>Decide first:</b> {escape(', '.join(undecided))}.</p>" if undecided
                         else futures_html(self.scenario, self.book.choices, None, runs)))
            return None
        view = FuturesView(self, runs)
        view.fallback = live.shown_with_fallback(view, view.html.value)
        self._views["futures"] = view
        return view

    def replay(self, folder: Union[str, Path] = "practice-replay") -> widgets.VBox:
        """Play the case again as practice, with every decision open and nothing graded.

        Offered once every graded decision is made; starting it (a button) makes the
        graded decisions final, the last one included, so a replay cannot help choose them.
        """
        rerun = "The notebook was reopened, so the replay is not running: run this cell to open it."
        if self.first_undecided() is not None:
            note = "<p><i>The replay opens once you have made every decision of the case (and submitted).</i></p>"
            waiting = widgets.VBox([widgets.HTML(note)])
            live.shown_with_fallback(waiting, note, rerun)
            return waiting
        box = widgets.VBox()
        live.shown_with_fallback(box, "<p>A practice replay of the case, never graded.</p>", rerun)

        def start(_=None):
            if not self.practice:
                self.book.finish()
                self.refresh()
            practice = CaseSession(self.scenario, self.folder / folder, self.seed, practice=True)
            box.children = [widgets.HTML(
                "<div class='casework-card'><h3>Replay as practice</h3><p>Your graded decisions are final. "
                "Here every choice is open and nothing is graded.</p></div>"
            )] + [practice.decide(p.id) for p in self.scenario.decision_points]

        if self.book.finished_at or self.practice:
            start()
            return box
        button = widgets.Button(description="Start the practice replay", icon="play",
                                tooltip="Makes your graded decisions final, then opens an ungraded replay")
        button.on_click(start)
        box.children = [widgets.HTML("<p>Starting the replay makes every graded decision final, "
                                     "the last one included.</p>"), button]
        return box

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
        message = self.decided_message(practice)
        if message.startswith("Not decided yet") and _grading() == "validate":
            raise AssertionError(message)
        if _grading() or not live.in_kernel():
            print(message)
            return
        # a text output the kernel keeps up to date: deciding later changes what it says
        self._views[f"check-{practice}"] = DecidedCheck(
            self, practice, display({"text/plain": message}, raw=True, display_id=True))

    def decided_message(self, practice: str) -> str:
        off = self.off_path()
        missing = [p.title for p in self.scenario.decision_points
                   if p.practice.value == practice and p.id not in off and not self.book.choices.get(p.id)]
        if not missing:
            return f"All {practice} decisions are made."
        return f"Not decided yet ({practice}): {', '.join(missing)}."


class DecidedCheck:
    """The printed result of :meth:`CaseSession.check_decided`, updated when a decision is made."""

    def __init__(self, session: CaseSession, practice: str, handle):
        self.session, self.practice, self.handle = session, practice, handle
        self.message = session.decided_message(practice)

    def refresh(self) -> None:
        message = self.session.decided_message(self.practice)
        if message != self.message and self.handle is not None:
            self.message = message
            self.handle.update({"text/plain": message}, raw=True)


class FuturesView(widgets.VBox):
    """The plan played many times; when a choice changes afterwards, it says so and offers to play again."""

    def __init__(self, session: CaseSession, runs: int):
        self.session, self.runs = session, runs
        self.html = widgets.HTML()
        self.again = widgets.Button(description="Play my plan again", icon="refresh",
                                    tooltip="Play the plan as it is now, the same number of times")
        self.again.on_click(lambda _: self.play())
        self.again.layout.display = "none"
        self.played: Optional[dict] = None
        self.fallback: Optional[live.Fallback] = None
        super().__init__([self.html, self.again])
        self.play()

    def play(self) -> None:
        undecided = self.session.undecided()
        self.again.layout.display = "none"
        if undecided:
            self.played = None
            self.html.value = f"<p><b>Decide first:</b> {escape(', '.join(undecided))}.</p>"
        else:
            self.played = {k: list(v) for k, v in self.session.book.choices.items()}
            # the practice model's futures appear only after grading (feedback, coach's report)
            self.html.value = futures_html(self.session.scenario, self.played, None, self.runs)
        if self.fallback is not None:
            self.fallback.update(self.html.value)

    def refresh(self) -> None:
        current = {k: list(v) for k, v in self.session.book.choices.items()}
        if self.played is None:
            if not self.session.undecided():
                self.play()
            return
        if current == self.played:
            return
        stale = ("<p class='casework-stale'><b>Out of date:</b> your decisions changed after this was played, so "
                 "these numbers are for your earlier plan. Play it again to see the plan as it is now.</p>")
        if "casework-stale" not in self.html.value:
            self.html.value = stale + self.html.value
        self.again.layout.display = "" if not self.session.undecided() else "none"
        if self.fallback is not None:
            self.fallback.update(self.html.value)
