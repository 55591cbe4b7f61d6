"""The trainee's side of a case: play it decision by decision, in a notebook.

The notebook asks; the case is held elsewhere. A graded assignment's case is held by the course's case service
(:class:`~curriculum.toolkit.backend.ServiceBackend`), which checks every decision against the path and the
locks, records it and answers with what this trainee may see now; a lesson's vignette is played in the kernel
(:class:`~curriculum.toolkit.backend.LocalBackend`, the same path logic). The widgets below only render that
answer: a moment the case has not reached yet says so and is built when the case gets there, so Run All
before deciding, a rerun, a restart and a reopened notebook all show exactly what the record holds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html import escape
from pathlib import Path
from typing import Optional, Union

import ipywidgets as widgets
from IPython.display import HTML, display

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from . import futures as spread
from . import live, tools, views
from .backend import CaseUnavailable, LocalBackend, ServiceBackend
from .playout import PlayOut
from .render import futures_html


def _grading() -> Optional[str]:
    """'autograde' or 'validate' while nbgrader runs the notebook, else None."""
    return os.environ.get("NBGRADER_EXECUTION") or None


class CheckFailed(AssertionError):
    """A check cell's failure under nbgrader's Validate (the message says what to do)."""


# Cells of this kernel that stopped with an error since a case opened: nbgrader's Validate fails only grade cells,
# so a decision cell that stopped under a traceback would pass unseen; the check cells name it instead.
_FAILED_CELLS: list[dict] = []
_DECIDE_CALL = re.compile(r"\.decide\(\s*[\"']([^\"']+)[\"']")


def _note_failed_cell(result) -> None:
    error = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
    if error is None or isinstance(error, CheckFailed):
        return
    info = getattr(result, "info", None)
    source = (getattr(info, "raw_cell", "") or "").strip()
    _FAILED_CELLS.append({"source": source, "points": set(_DECIDE_CALL.findall(source)),
                          "error": f"{type(error).__name__}: {error}", "reported": False})


def _watch_cells() -> None:
    """Note every cell of this kernel that ends in an error (IPython's ``post_run_cell``), once per kernel."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None or getattr(shell, "_casework_watching", False):
        return
    shell.events.register("post_run_cell", _note_failed_cell)
    shell._casework_watching = True


def _failed_cells_for(points: set[str]) -> list[dict]:
    """The failed cells a practice's check reports: those deciding one of its ``points``, and any failed cell
    that decides nothing and no check has reported yet."""
    out = []
    for cell in _FAILED_CELLS:
        if cell["points"] & points or (not cell["points"] and not cell["reported"]):
            cell["reported"] = True
            out.append(cell)
    return out


def failed_cells_message(cells: list[dict]) -> str:
    """What a check says about cells that stopped with an error: which, with what, and what to do."""
    named = "; ".join(f"{(c['source'].splitlines() or ['(an empty cell)'])[0][:80]} ({c['error'][:160]})"
                      for c in cells)
    return (f"{'A cell' if len(cells) == 1 else f'{len(cells)} cells'} above stopped with an error: {named}. "
            "Run the notebook again (Run, then Run All Cells); if a cell stops again, tell your coach.")


class PublicCase:
    """What any trainee of a case may read from the start (the family, the report, the services' names, the
    written answers' prompts, each moment's id and practice area), as the case service gives it."""

    def __init__(self, data: dict):
        from types import SimpleNamespace

        from scenarios.models import Family

        self.id = data["id"]
        self.title = data.get("title", "")
        self.opened_on = dt.date.fromisoformat(data["opened_on"])
        self.family = Family.model_validate(data["family"])
        self.report = SimpleNamespace(**data["report"])
        self.services = [SimpleNamespace(**s) for s in data.get("services", [])]
        self.written_answers = [SimpleNamespace(**w) for w in data.get("written_answers", [])]
        self.points = [p["id"] for p in data.get("points", [])]
        self.practices = {p["id"]: p["practice"] for p in data.get("points", [])}


def _card(title: str, text: str) -> str:
    return views.STYLE + f"<div class='casework-card'><h3>{escape(title)}</h3><p>{text}</p></div>"


WAITING_NOTE = ("This moment has not come up yet: the case reaches it after {pending}. It appears here, ready to "
                "decide, as soon as the case gets there.")
OFF_PATH_NOTE = ("This moment does not come up in your case: the case went another way. Nothing to decide here.")


POINT_CLASS = "casework-point-"  # + the decision point's id, on its widget


class DecisionWidget(widgets.VBox):
    """One moment of the case: the situation, the options open there (in this trainee's order), and what followed.

    Built from the case's answer: a moment not reached yet shows a note and becomes a decision when the case
    gets there; a choice can change until the trainee decides at a later moment, then it is final and shown
    disabled, with a short note (practice excepted).
    """

    def __init__(self, session: "CaseSession", point: str):
        self.session = session
        self.point = point
        self.header = widgets.HTML()
        # HTML widgets, not an Output widget: nbclient's Output emulation sends on the shell
        # channel while it is being polled, which can stall headless runs until a timeout
        self.saved_note = widgets.HTML()
        self.consequences = widgets.HTML()
        self.choice: Optional[widgets.RadioButtons] = None
        self.boxes: list[widgets.Checkbox] = []
        self.order: list[str] = []
        self.refused = ""
        self._shape = None
        self._restoring = False
        self.fallback: Optional[live.Fallback] = None
        super().__init__([])
        self.add_class("casework-decision")
        self.add_class(POINT_CLASS + point)  # the page tells the moments apart with the cells' code hidden
        self.update_state()

    @property
    def moment(self) -> dict:
        return self.session.moment(self.point)

    def _build(self, m: dict) -> None:
        labels = {o["id"]: o["label"] for o in m["options"]}
        self.order = [o["id"] for o in m["options"]]
        tip = f"{m['title']}: {m['prompt']}"
        self.choice, self.boxes = None, []
        if m["kind"] != "multiple":
            self.choice = widgets.RadioButtons(options=[(labels[i], i) for i in self.order], value=None,
                                               description="", layout=widgets.Layout(width="auto"), tooltip=tip)
            self.choice.add_class("casework-choice")
            self.choice.add_class(live.KEYS_CLASS)
            self.choice.observe(self._on_change, names="value")
            controls: list[widgets.Widget] = [self.choice]
        else:
            for i in self.order:
                box = widgets.Checkbox(value=False, description=labels[i], indent=False,
                                       layout=widgets.Layout(width="auto"), tooltip=tip)
                box.add_class("casework-choice")
                box.add_class(live.KEYS_CLASS)
                box.option_id = i
                box.observe(self._on_change, names="value")
                self.boxes.append(box)
            controls = list(self.boxes)
        self.children = [self.header, *controls, self.saved_note, self.consequences]

    def update_state(self) -> None:
        """Show the moment as the case's answer has it: not reached, off the path, open or final."""
        m = self.moment
        status = m["status"]
        self._mark_next()
        if status in ("waiting", "off-path"):
            if self._shape != status:
                self._shape, self.choice, self.boxes, self.order = status, None, [], []
                self.children = [self.header]
            self.header.value = _card("A moment still to come" if status == "waiting" else "Not in your case",
                                      self._far_note(status))
            self.save_static()
            return
        shape = ("reached", m["kind"], tuple(o["id"] for o in m["options"]))
        if shape != self._shape:
            self._shape = shape
            self._build(m)
        self.header.value = views.moment_header(m, self.session.opened_on)
        self._restore(m["chosen"])
        for control in self.controls():
            control.disabled = status != "open"
        self.saved_note.value = self._note(status, m["chosen"])
        self.consequences.value = self._consequences(m)
        self.save_static()

    def _mark_next(self) -> None:
        """Mark the widget when it is the first decision still to make: Run All ends there (``live``)."""
        first = self.session.first_undecided()
        if first is not None and first.get("id") == self.point:
            self.add_class(live.NEXT_CLASS)
        else:
            self.remove_class(live.NEXT_CLASS)

    show_consequences = update_state

    def _far_note(self, status: str) -> str:
        if status == "off-path":
            return OFF_PATH_NOTE
        pending = self.session.pending()
        return escape(WAITING_NOTE.format(pending=f"you decide '{pending}'" if pending else "the moments before it"))

    def _consequences(self, m: dict) -> str:
        if m["chosen"]:
            return views.consequence_html(m, self.session.opened_on)
        return ""

    def _note(self, status: str, chosen: list[str]) -> str:
        refused = (f"<small class='casework-refused'><b>Not saved:</b> {escape(self.refused)}</small><br>"
                   if self.refused else "")
        if status == "locked":
            return refused + ("<small class='casework-locked'>Final: the case has moved on, so this choice stands. "
                              "Every change you made is kept in the course's record.</small>")
        if not chosen:
            return refused + "<small>Not decided yet. Your choice is saved the moment you make it.</small>"
        if self.session.practice:
            return refused + "<small>Saved (practice: never graded, change it as often as you like).</small>"
        if (self.moment.get("consequence") or {}).get("last"):
            return refused + ("<small>Saved. This is the last decision of the case: you can change your mind "
                              "until you start the practice replay, which makes every choice final.</small>")
        return refused + ("<small>Saved. You can change your mind until you decide at the next point; "
                          "then this choice is final.</small>")

    def static_html(self) -> str:
        """The moment as the page shows it, without a widget (the notebook keeps it, so a reopened notebook
        shows it): the options in this trainee's order, the choice marked, the note and what followed."""
        m = self.moment
        if m["status"] in ("waiting", "off-path"):
            return self.header.value
        mark = ("&#9673;", "&#9675;") if m["kind"] != "multiple" else ("&#9745;", "&#9744;")
        chosen = set(m["chosen"])
        options = "".join(
            f"<li>{mark[0] if o['id'] in chosen else mark[1]} {'<b>' if o['id'] in chosen else ''}{escape(o['label'])}"
            f"{' (your choice)</b>' if o['id'] in chosen else ''}</li>"
            for o in m["options"]
        )
        return (views.moment_header(m, self.session.opened_on) + f"<ul class='casework-options'>{options}</ul>"
                + self.saved_note.value + self.consequences.value)

    def save_static(self) -> None:
        """Bring the notebook's static copy of this decision up to date."""
        if self.fallback is not None:
            self.fallback.update(self.static_html())

    def _repr_mimebundle_(self, **kwargs):
        data = super()._repr_mimebundle_(**kwargs)
        if isinstance(data, dict):
            m = self.moment
            if m["status"] in ("waiting", "off-path"):
                data["text/plain"] = "A moment still to come." if m["status"] == "waiting" else "Not in your case."
            else:
                labels = {o["id"]: o["label"] for o in m["options"]}
                chosen = [labels.get(c, c) for c in m["chosen"]]
                data["text/plain"] = f"Decision: {m['title']}. " + (
                    "Your choice: " + "; ".join(chosen) + "." if chosen else "Not decided yet.")
        return data

    def controls(self) -> list[widgets.Widget]:
        return ([self.choice] if self.choice is not None else []) + list(self.boxes)

    def chosen(self) -> list[str]:
        """The option ids currently chosen in the widget."""
        if self.choice is not None:
            return [self.choice.value] if self.choice.value else []
        ticked = {b.option_id for b in self.boxes if b.value}
        return [i for i in self.order if i in ticked]  # the case keeps them in the author's order

    def _restore(self, chosen: list[str]) -> None:
        self._restoring = True
        try:
            if self.choice is not None:
                value = chosen[0] if chosen and chosen[0] in self.order else None
                if self.choice.value != value:
                    self.choice.value = value
            for box in self.boxes:
                if box.value != (box.option_id in chosen):
                    box.value = box.option_id in chosen
        finally:
            self._restoring = False

    def _on_change(self, _change) -> None:
        if self._restoring:
            return
        if self.moment["status"] != "open":
            # a final or not-yet-reached moment never changes, whatever the front end sent
            self._restore(self.moment["chosen"])
            return
        self.refused = self.session.choose(self.point, self.chosen()) or ""
        if self.refused:
            self.update_state()


class UnavailableCase:
    """A notebook whose case cannot be reached: every cell says why in one sentence, never a traceback."""

    def __init__(self, message: str):
        self.message = message

    def _show(self, title: str = "The case is not available"):
        return HTML(_card(title, escape(self.message)))

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)

        def unavailable(*_args, **_kwargs):
            if name == "check_decided" and _grading() == "validate":
                raise AssertionError(self.message)
            display(self._show())

        return unavailable


class CaseSession:
    """A case played by one trainee: the case's answer, the widgets that render it, and the trainee's copy of
    the record (``decisions.json`` beside the notebook, with the practice tools' work).

    ``CaseSession.open("first-contact")`` plays a graded assignment through the course's case service;
    ``CaseSession(scenario, folder)`` plays a scenario in the kernel (a lesson's vignette, tests).
    """

    def __init__(self, scenario: Optional[Scenario] = None, folder: Union[str, Path] = ".", seed: Optional[int] = None,
                 practice: bool = False, backend=None):
        self.folder = Path(folder)
        # practice (lessons, replay after submission): choices stay open and are never graded
        self.practice = practice
        if backend is None:
            backend = LocalBackend(scenario, self.folder, practice=practice, seed=seed)
        self.backend = backend
        self.answer = backend.open()
        self.scenario = scenario if scenario is not None else PublicCase(self.answer["case"])
        self.public = PublicCase(self.answer["case"])
        self.opened_on = self.public.opened_on
        if isinstance(backend, LocalBackend):
            self.book = backend.book
            self.identity = backend.identity
        else:
            self.book = DecisionBook.open(self.folder, self.answer["record"]["scenario"], recover=not _grading())
            self.identity = self.answer["record"]["variant"]
            self._copy(None)
        self._widgets: dict[str, DecisionWidget] = {}
        # later outputs that follow the choices (play-out, futures, checks), refreshed when a choice changes
        self._views: dict[str, object] = {}
        self.tools: dict[str, tools.PracticeTool] = {}
        if live.in_kernel():
            _watch_cells()
            live.watch_runs()

    @classmethod
    def open(cls, assignment: Optional[str] = None, folder: Union[str, Path, None] = None):
        """Open a graded assignment's case from the course's case service; the trainee's copy of the record
        goes in ``folder`` (default: beside the notebook). ``assignment`` defaults to the notebook's folder."""
        if assignment is None or str(assignment).endswith((".bin", ".yaml")):
            assignment = Path.cwd().name  # an older notebook's setup cell named its case file
        try:
            return cls(folder=folder if folder is not None else ".", backend=ServiceBackend(str(assignment)))
        except CaseUnavailable as exc:
            case = UnavailableCase(str(exc))
            display(case._show())
            return case

    # --- the case's answer ---------------------------------------------------------

    def _copy(self, point: Optional[str]) -> None:
        """Keep the trainee's copy (``decisions.json``, logged) in step with the course's record."""
        if _grading():
            return
        rec = self.answer["record"]
        book = self.book
        same = (book.choices == rec["choices"] and book.finished_at == rec["finished_at"]
                and book.variant == rec["variant"])
        if same and point is None:
            return
        book.variant = rec["variant"]
        book.finished_at = rec["finished_at"]
        book.shown = {k: list(v) for k, v in rec["shown"].items()}
        self.folder.mkdir(parents=True, exist_ok=True)
        if point is not None:
            book.choices = {k: list(v) for k, v in rec["choices"].items() if k != point}
            book.record(point, list(rec["choices"].get(point, [])), shown=rec["shown"].get(point))
            if not rec["choices"].get(point):
                book.choices.pop(point, None)
                book.save()
        else:
            book.choices = {k: list(v) for k, v in rec["choices"].items()}
            book.save()

    def moment(self, point: str) -> dict:
        return next((m for m in self.answer["view"]["moments"] if m["id"] == point), {"id": point, "status": "unknown"})

    def moments(self) -> list[dict]:
        return list(self.answer["view"]["moments"])

    def status(self, point: str) -> str:
        """``open``, ``locked`` (final), ``waiting`` (not reached yet) or ``off-path``."""
        return self.moment(point)["status"]

    def pending(self) -> Optional[str]:
        """The title of the moment the case waits at (the first one on the path with no choice)."""
        pending = self.answer["view"].get("pending")
        return pending["title"] if pending else None

    def off_path(self) -> set[str]:
        return {m["id"] for m in self.moments() if m["status"] == "off-path"}

    def choose(self, point: str, options: list[str]) -> Optional[str]:
        """Ask the case to record a decision; on yes, every view follows. Returns the refusal, if any."""
        try:
            answer = self.backend.decide(point, list(options))
        except CaseUnavailable as exc:
            return str(exc)
        if answer.get("view"):
            self.answer = answer
        if answer.get("refused"):
            return answer["refused"]
        if not isinstance(self.backend, LocalBackend):
            self._copy(point)
        self.refresh()
        return None

    def finish(self) -> Optional[str]:
        """Make every graded choice final (asked of the case; logged there)."""
        answer = self.backend.finish()
        if answer.get("view"):
            self.answer = answer
        if not isinstance(self.backend, LocalBackend):
            self._copy(None)
        self.refresh()
        return answer.get("refused")

    # --- what the notebook shows -------------------------------------------------

    def show_family(self) -> None:
        """Meet the family and read the report."""
        display(HTML(views.family_card(self.public) + views.report_card(self.public)))

    def decide(self, point_id: str) -> Union[DecisionWidget, HTML]:
        """The widget for one moment of the case, as the record holds it (built as the case reaches it)."""
        if point_id not in self.public.points:
            return HTML(_card("A moment this case does not have",
                              f"This cell asks for {escape(repr(point_id))}, which is not a moment of this case. "
                              "Tell your coach: the notebook and the case do not match."))
        widget = DecisionWidget(self, point_id)
        if _grading():
            return HTML(widget.static_html())
        self._widgets[point_id] = widget
        # Run All ends on the first decision still to make, not at the bottom of the page
        run_end = live.NEXT_CLASS in widget._dom_classes and live.in_a_run()
        widget.fallback = live.shown_with_fallback(widget, widget.static_html(), run_end=run_end)
        return widget

    def refresh(self) -> None:
        """After the record changes: every moment, and every later output (the play-out follows the new
        choices, the futures say they were played for another plan, the checks say what is decided now)."""
        for widget in self._widgets.values():
            widget.refused = ""
            widget.update_state()
        for view in list(self._views.values()):
            view.refresh()

    def undecided(self) -> list[str]:
        """What is still to decide on the case's path: the titles of moments reached with no choice, and how
        many moments the case has not reached yet."""
        out = [m["title"] for m in self.moments() if m["status"] == "open" and not m["chosen"]]
        waiting = sum(1 for m in self.moments() if m["status"] == "waiting")
        if waiting:
            out.append(f"{waiting} moment{'s' if waiting > 1 else ''} still to come")
        return out

    def first_undecided(self) -> Optional[dict]:
        return next((m for m in self.moments() if m["status"] == "open" and not m["chosen"]), None)

    def played_result(self):
        """The case played out from the trainee's choices, as the case answered (None until all are made)."""
        from simulator.play import result_from_data

        played = self.answer["view"].get("played")
        return result_from_data(played, self.public.id) if played else None

    def play_out(self) -> Union[PlayOut, HTML]:
        """The whole case after the last decision: a week slider, the case so far (standing, plot, story).

        It follows the choices: if one changes afterwards, it plays the case again (or says what is still to
        decide).
        """
        view = PlayOut(self.public, None, lambda: dict(self.answer["record"]["choices"]), self.undecided,
                       play=lambda _choices: self.played_result())
        if _grading():
            return HTML(view.static())
        view.fallback = live.shown_with_fallback(view, view.static())
        self._views["play-out"] = view  # a cell run again replaces its earlier output
        return view

    def futures(self, runs: int = spread.FUTURES_RUNS):
        """Play your plan many times: the same decisions, different luck."""
        view = FuturesView(self, runs)
        if _grading():
            display(HTML(view.html.value))
            return None
        view.fallback = live.shown_with_fallback(view, view.html.value)
        self._views["futures"] = view
        return view

    def replay(self, folder: Union[str, Path] = "practice-replay") -> widgets.VBox:
        """Play the case again as practice, with every decision open and nothing graded.

        Offered once every graded decision is made; starting it (a button) makes the graded decisions final,
        the last one included, so a replay cannot help choose them.
        """
        rerun = "The notebook was reopened, so the replay is not running: run this cell to open it."
        if not self.answer["view"]["complete"] and not self.practice:
            note = "<p><i>The replay opens once you have made every decision of the case (and submitted).</i></p>"
            waiting = widgets.VBox([widgets.HTML(note)])
            live.shown_with_fallback(waiting, note, rerun)
            return waiting
        box = widgets.VBox()
        live.shown_with_fallback(box, "<p>A practice replay of the case, never graded.</p>", rerun)

        def start(_=None):
            if not self.practice:
                refused = self.finish()
                if refused:
                    box.children = [widgets.HTML(f"<p>{escape(refused)}</p>")]
                    return
            where = self.folder / folder
            try:
                practice = CaseSession(self.scenario if isinstance(self.backend, LocalBackend) else None, where,
                                       practice=True, backend=self.backend.practice(where))
            except CaseUnavailable as exc:
                box.children = [widgets.HTML(f"<p>{escape(str(exc))}</p>")]
                return
            box.children = [widgets.HTML(
                "<div class='casework-card'><h3>Replay as practice</h3><p>Your graded decisions are final. "
                "Here every choice is open and nothing is graded.</p></div>"
            )] + [practice.decide(p) for p in practice.public.points]

        if self.answer["record"].get("finished_at") or self.practice:
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
        wa = next((w for w in self.public.written_answers if w.id == answer_id), None)
        if wa is None:
            display(HTML(_card("A written answer this case does not have",
                               f"This cell asks for {escape(repr(answer_id))}; tell your coach.")))
            return
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
        trainee hears about it before submitting, and so does a cell above that
        stopped with an error (a decision cell of this practice, or a cell that
        decides nothing, named by the first check after it); otherwise it only prints.
        """
        message = self.decided_message(practice)
        if _grading() == "validate":
            points = {p for p, area in self.public.practices.items() if area == practice}
            failed = _failed_cells_for(points)
            if failed:
                message = ("" if message.startswith("All ") else message + " ") + failed_cells_message(failed)
                raise CheckFailed(message)
            if message.startswith("Not decided yet"):
                raise CheckFailed(message)
        if _grading() or not live.in_kernel():
            print(message)
            return
        # a text output the kernel keeps up to date: deciding later changes what it says
        self._views[f"check-{practice}"] = DecidedCheck(
            self, practice, display({"text/plain": message}, raw=True, display_id=True))

    def decided_message(self, practice: str) -> str:
        moments = [m for m in self.moments() if self.public.practices.get(m["id"]) == practice]
        missing = [m["title"] for m in moments if m["status"] == "open" and not m["chosen"]]
        waiting = sum(1 for m in moments if m["status"] == "waiting")
        if waiting:
            missing.append(f"{waiting} moment{'s' if waiting > 1 else ''} the case has not reached yet")
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
            try:
                played = self.session.backend.futures()
            except CaseUnavailable as exc:
                self.played = None
                self.html.value = f"<p>{escape(str(exc))}</p>"
            else:
                self.played = self._current()
                # the practice model's futures appear only after grading (feedback, coach's report)
                self.html.value = futures_html(None, played["choices"], None, played["runs"], summary=played["summary"])
        if self.fallback is not None:
            self.fallback.update(self.html.value)

    def _current(self) -> dict:
        return {k: list(v) for k, v in self.session.answer["record"]["choices"].items() if v}

    def refresh(self) -> None:
        current = self._current()
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
