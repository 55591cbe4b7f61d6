"""What every practice tool shares: saved work, a header, a save note, and a static view for grading.

A tool keeps its work as one JSON value (``self.state``) in the trainee's
decision book under its tool id. Every change calls :meth:`PracticeTool.save`,
which logs it and rewrites ``decisions.json`` atomically, so a kernel restart
loses nothing: the next run of the cell reads the work back. While nbgrader
runs the notebook (``NBGRADER_EXECUTION`` is set) nobody can type, so
:meth:`PracticeTool.show` returns the saved work as static HTML instead.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from html import escape
from typing import Any, Optional, Union

import ipywidgets as widgets
from IPython.display import HTML

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from .. import live, views

CASEWORKER = "You (the caseworker)"


def grading() -> Optional[str]:
    """'autograde' or 'validate' while nbgrader runs the notebook, else None."""
    return os.environ.get("NBGRADER_EXECUTION") or None


def slug(text: str, limit: int = 40) -> str:
    """A short id made from a sentence ('How safe is Mia?' -> 'how-safe-is-mia')."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "tool"


def text_list(value: Any) -> list[str]:
    """A saved value as a list of non-empty strings (anything else becomes [])."""
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        return []
    return [str(v).strip() for v in value if isinstance(v, (str, int, float)) and str(v).strip()]


def text(value: Any) -> str:
    """A saved value as a string ('' for anything that is not text)."""
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> dict:
    """A saved value as a dict ({} for anything else)."""
    return value if isinstance(value, dict) else {}


def records(value: Any) -> list[dict]:
    """The dicts in a saved list (anything else gives [])."""
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def added_people(value: Any) -> list[dict]:
    """People or places a trainee added, as saved: [{"id", "name", "relationship"}], unnamed ones left out."""
    out = []
    for a in records(value):
        name = text(a.get("name")).strip()
        if name:
            out.append({"id": text(a.get("id")) or "added-" + slug(name), "name": name,
                        "relationship": text(a.get("relationship")).strip()})
    return out


def people(scenario: Scenario) -> list[tuple[str, str, str]]:
    """(id, name, tie) for everyone the case file names: household members, then the informal network."""
    out = [(m.id, m.name, m.role) for m in scenario.family.members]
    out += [(n.id, n.name, n.relationship) for n in scenario.family.network]
    return out


def names(scenario: Scenario, caseworker: bool = True) -> list[str]:
    """Everyone's name, for pick lists (with the caseworker first when asked)."""
    return ([CASEWORKER] if caseworker else []) + [name for _, name, _ in people(scenario)]


def labelled(widget: widgets.Widget, *classes: str) -> widgets.Widget:
    """Give a widget the classes that keep its label whole (see views.TOOL_STYLE)."""
    for c in classes:
        widget.add_class(c)
    return widget


def stacked(cls, description: str, **kwargs) -> widgets.Widget:
    """A text-like widget with its label above it, wrapping, as wide as its column."""
    kwargs.setdefault("layout", widgets.Layout(width="auto"))
    kwargs.setdefault("style", {"description_width": "initial"})
    if cls in (widgets.Text, widgets.Textarea, widgets.Combobox):
        # saved when the trainee leaves the field (Tab or a click elsewhere), not at every key
        kwargs.setdefault("continuous_update", False)
    return labelled(cls(description=description, tooltip=description, **kwargs), "casework-stacked")


class PracticeTool:
    """Base class of the practice tools; subclasses fill in the parts below."""

    kind = "tool"  # the default tool id
    title = "Practice tool"
    purpose = ""  # one or two sentences: what the tool is for, in the project's own words
    sources: tuple[str, ...] = ()  # where the practice comes from (document, section)

    def __init__(self, scenario: Scenario, book: DecisionBook, tool_id: Optional[str] = None):
        self.scenario = scenario
        self.book = book
        self.tool_id = tool_id or self.kind
        self.state: dict = self.restore(book.work.get(self.tool_id))
        self.status = widgets.HTML(self._status_html(saved=self.tool_id in book.work))
        self._widget: Optional[widgets.VBox] = None
        self._fallback = None  # the notebook's static copy of the widget (see toolkit.live)

    # --- to fill in ---------------------------------------------------------------

    def restore(self, saved: Any) -> dict:
        """A clean state from whatever was saved (``None`` when nothing was)."""
        raise NotImplementedError

    def controls(self) -> list[widgets.Widget]:
        """The widgets the trainee works with."""
        raise NotImplementedError

    def summary_html(self) -> str:
        """The current work as HTML (shown under grading, and in the widget where useful)."""
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------

    def attempt(self, action, done: str) -> bool:
        """Do what the trainee asked; if it cannot be done, say why in ``self.message`` instead of raising."""
        try:
            action()
        except ValueError as exc:
            self.message.value = f"<p class='casework-problem' role='alert'>Not done: {escape(str(exc))}.</p>"
            return False
        self.message.value = f"<p class='casework-ok'>{escape(done)}</p>"
        return True

    def save(self) -> None:
        """Save the work now (logged, atomic) and say so."""
        self.book.record_work(self.tool_id, self.state)
        self.status.value = self._status_html(saved=True)
        if self._fallback is not None:
            self._fallback.update(self.static_html())

    def _status_html(self, saved: bool) -> str:
        if saved:
            when = dt.datetime.now().strftime("%H:%M:%S")
            note = f"Saved at {when}, beside this notebook. Every change is kept in the decision log."
        else:
            note = "Nothing saved yet. Your work is saved the moment you change it (text when you leave the field)."
        return f"<p role='status' aria-live='polite'><small>{note}</small></p>"

    def header_html(self) -> str:
        """Title, purpose and sources of the tool."""
        sources = "; ".join(self.sources)
        return (
            views.STYLE
            + views.TOOL_STYLE
            + f"<h3>{escape(self.title)}</h3>"
            + (f"<p>{escape(self.purpose)}</p>" if self.purpose else "")
            + (f"<p class='casework-source'>Drawn from: {escape(sources)}.</p>" if sources else "")
        )

    def widget(self) -> widgets.VBox:
        """The tool as a live widget (built once)."""
        if self._widget is None:
            self._widget = widgets.VBox([widgets.HTML(self.header_html()), *self.controls(), self.status])
            self._widget.add_class("casework-tool")
        return self._widget

    def static_html(self) -> str:
        """The saved work as plain HTML, for grading and feedback."""
        saved = "" if self.tool_id in self.book.work else "<p><i>Nothing was saved with this tool.</i></p>"
        return f"<div class='casework-tool'>{self.header_html()}{saved}{self.summary_html()}</div>"

    def show(self) -> Union[widgets.VBox, HTML]:
        """What a notebook cell shows: the widget, or the saved work as HTML while nbgrader runs."""
        if grading():
            return HTML(self.static_html())
        widget = self.widget()
        self._fallback = live.shown_with_fallback(widget, self.static_html())
        return widget
