"""Scaling questions (0 to 10): who gave which number, why, and what would move it up.

In a notebook::

    case.scaling()                                   # the default safety question, tool id "scaling-safety"
    case.scaling("On a scale of 0 to 10, how confident are you that Carol can stay over?",
                 low="not confident at all", high="completely confident", tool_id="scaling-carol")

Without ``tool_id`` the id is ``"scaling-" + a slug of the question``. Each
rating is recorded with the "Record this rating" button; a person may be asked
again later (both ratings are kept, in order).

Saved work (``work["scaling-safety"]``)::

    {"question": str, "low": str, "high": str,
     "ratings": [{"who": str, "score": int, "why": str, "next": str}, ...]}

``tool.who``, ``tool.score``, ``tool.why``, ``tool.next_step``, ``tool.record_button``
are the entry widgets; ``tool.remove_choice`` and ``tool.remove_button`` remove a rating;
``tool.add_rating(who, score, why, next_step="")`` does what the button does.
"""

from __future__ import annotations

from html import escape
from typing import Any, Optional

import ipywidgets as widgets

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from .base import PracticeTool, mapping, names, records, slug, stacked, text

SAFETY_QUESTION = (
    "On a scale of 0 to 10, where 10 means everyone is confident the children are safe enough for the agency "
    "to close the case, and 0 means things are so worrying that the children cannot stay at home, "
    "where would you put things today?"
)
SAFETY_LOW = "the children cannot safely stay at home"
SAFETY_HIGH = "everyone is confident the children are safe enough to close the case"


class Scaling(PracticeTool):
    """A scaling question asked of several people, with their numbers and reasons."""

    kind = "scaling-safety"
    title = "Scaling question"
    purpose = (
        "Ask each person for a number from 0 to 10 and listen to why they chose it. Different numbers open a "
        "conversation about what each person sees; asking what would move the number up by one turns it into "
        "a next step."
    )
    sources = (
        "NCCD, Integrated Practice for Social Systems, What is integrated practice? (solution-focused practice)",
        "Maryland Integrated Practice Model, We TEAM UP: Promoting Strengths & Protective Factors through Relationships",
        "Maryland Integrated Practice Model, We MONITOR & ADAPT: Assess & Re-Assess",
    )

    def __init__(self, scenario: Scenario, book: DecisionBook, question: str = SAFETY_QUESTION,
                 low: str = SAFETY_LOW, high: str = SAFETY_HIGH, tool_id: Optional[str] = None):
        self.question, self.low, self.high = question.strip(), low.strip(), high.strip()
        if tool_id is None and self.question != SAFETY_QUESTION:
            tool_id = "scaling-" + slug(self.question)
        super().__init__(scenario, book, tool_id)

    def restore(self, saved: Any) -> dict:
        ratings = []
        for r in records(mapping(saved).get("ratings")):
            if text(r.get("who")) and isinstance(r.get("score"), int) and 0 <= r["score"] <= 10:
                ratings.append({"who": r["who"], "score": r["score"], "why": text(r.get("why")), "next": text(r.get("next"))})
        return {"question": self.question, "low": self.low, "high": self.high, "ratings": ratings}

    def controls(self) -> list[widgets.Widget]:
        question = widgets.HTML(
            f"<p><b>{escape(self.question)}</b></p>"
            f"<p>0 = {escape(self.low)}; 10 = {escape(self.high)}.</p>"
        )
        self.who = stacked(widgets.Combobox, "Who gave the number? (pick or type a name)",
                           options=names(self.scenario), ensure_option=False, placeholder="a name")
        self.score = widgets.IntSlider(
            value=5, min=0, max=10, step=1, description="Their number (0-10)", tooltip="Their number from 0 to 10",
            style={"description_width": "initial"}, layout=widgets.Layout(width="24em"), continuous_update=False,
        )
        self.why = stacked(widgets.Textarea, "Why that number? (in their words)", rows=2)
        self.next_step = stacked(widgets.Textarea, "What would move it one number up?", rows=2)
        self.record_button = widgets.Button(description="Record this rating", tooltip="Add this person's rating to the list",
                                            button_style="primary", layout=widgets.Layout(width="max-content"))
        self.record_button.on_click(self._on_record)
        self.message = widgets.HTML()
        self.table = widgets.HTML(self.summary_html())
        self.remove_choice = widgets.Dropdown(description="Remove a rating", options=self._remove_options(),
                                              style={"description_width": "initial"}, layout=widgets.Layout(width="auto"))
        self.remove_button = widgets.Button(description="Remove", tooltip="Remove the rating chosen on the left")
        self.remove_button.on_click(self._on_remove)
        remove = widgets.HBox([self.remove_choice, self.remove_button])
        return [question, self.who, self.score, self.why, self.next_step, self.record_button, self.message, self.table, remove]

    def add_rating(self, who: str, score: int, why: str, next_step: str = "") -> None:
        """Record one person's number (0-10) and reasons, and save."""
        who = who.strip()
        if not who:
            raise ValueError("say who gave the number")
        if not (isinstance(score, int) and 0 <= score <= 10):
            raise ValueError(f"a scaling number is a whole number from 0 to 10, not {score!r}")
        self.state["ratings"].append({"who": who, "score": score, "why": why.strip(), "next": next_step.strip()})
        self.save()
        if self._widget is not None:
            self.table.value = self.summary_html()
            self.remove_choice.options = self._remove_options()

    def _on_record(self, _button=None) -> None:
        if self.attempt(lambda: self.add_rating(self.who.value, int(self.score.value), self.why.value, self.next_step.value),
                        f"Recorded {self.who.value.strip()}'s number."):
            self.who.value, self.why.value, self.next_step.value = "", "", ""

    def _remove_options(self) -> list[tuple[str, int]]:
        return [(f"{i + 1}. {r['who']}: {r['score']}", i) for i, r in enumerate(self.state["ratings"])]

    def _on_remove(self, _button=None) -> None:
        index = self.remove_choice.value
        if index is None or not 0 <= index < len(self.state["ratings"]):
            return
        gone = self.state["ratings"].pop(index)
        self.save()
        self.table.value = self.summary_html()
        self.remove_choice.options = self._remove_options()
        self.message.value = f"<p>Removed {escape(gone['who'])}'s rating.</p>"

    def summary_html(self) -> str:
        if not self.state["ratings"]:
            return "<p><i>No numbers recorded yet.</i></p>"
        rows = "".join(
            f"<tr><th scope='row'>{escape(r['who'])}</th>"
            f"<td><meter min='0' max='10' value='{r['score']}' aria-label='{escape(r['who'])}: {r['score']} out of 10'></meter> "
            f"{r['score']}</td><td>{escape(r['why'])}</td><td>{escape(r['next'])}</td></tr>"
            for r in self.state["ratings"]
        )
        return (
            f"<table><caption>{escape(self.question)}</caption>"
            "<tr><th scope='col'>Who</th><th scope='col'>Number (0-10)</th><th scope='col'>Why</th>"
            f"<th scope='col'>One number up would take</th></tr>{rows}</table>"
        )
