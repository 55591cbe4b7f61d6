"""Harm statements, danger statements and safety goals, built from guided fields.

In a notebook::

    case.danger_statement()    # tool id "danger-statement"
    case.harm_statement()      # tool id "harm-statement"
    case.safety_goal()         # tool id "safety-goal"
    case.danger_statement(tool_id="danger-week-6")

The trainee fills four guided fields (who, what happened or might happen, in
what circumstances, the impact on the child); the tool assembles them into a
statement in an editable box, to polish and copy into the written answer. Once
the trainee edits the statement by hand, changes to the fields no longer
overwrite it ("Assemble again" does, on purpose).

Saved work (``work["danger-statement"]``)::

    {"kind": "danger", "fields": {"who": str, "what": str, "circumstances": str, "impact": str},
     "statement": str, "edited": bool}

``tool.fields[name]`` are the field widgets, ``tool.statement`` the statement
box, ``tool.assemble_button`` the button; :func:`assemble` and :func:`tips`
are plain functions.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any, Optional

import ipywidgets as widgets

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from .base import PracticeTool, mapping, stacked, text

FIELDS = ("who", "what", "circumstances", "impact")

# per kind: title, purpose, template, and for each field its question and an example (a made-up family)
KINDS: dict[str, dict] = {
    "harm": {
        "title": "Harm statement",
        "purpose": (
            "Say what has already happened to a child, in plain words the family can follow: who did what, "
            "when and where, and what it meant for the child. Describe actions, not labels."
        ),
        "template": "{who} {what}, {circumstances}. Because of this, {impact}.",
        "fields": {
            "who": ("Who was involved (the adult whose actions caused harm)?", "e.g. Ana's dad"),
            "what": ("What happened to which child?", "e.g. left Ana (6) alone at home overnight"),
            "circumstances": ("When, and in what circumstances?", "e.g. on two Saturdays in March, after he had been drinking"),
            "impact": ("What was the impact on the child?", "e.g. Ana was frightened, went without dinner and did not sleep"),
        },
    },
    "danger": {
        "title": "Danger statement",
        "purpose": (
            "Say what people are worried will happen to a child if nothing changes: who is worried, what might "
            "happen, in what circumstances, and how it could affect the child. It looks ahead, and it is "
            "written so the family can understand and discuss it."
        ),
        "template": "{who} are worried that {what}, {circumstances}. If that happens, {impact}.",
        "fields": {
            "who": ("Who is worried?", "e.g. the caseworker and Grandma Rosa"),
            "what": ("What might happen, and who might do it, if nothing changes?",
                     "e.g. Dad might drink heavily while he is the only adult looking after Ana"),
            "circumstances": ("In what circumstances?", "e.g. on weekend evenings when Mum works late"),
            "impact": ("What could the impact on the child be?", "e.g. Ana could be hurt, left without food or care, and frightened"),
        },
    },
    "safety-goal": {
        "title": "Safety goal",
        "purpose": (
            "Say what everyone needs to see happening, for long enough, to be confident the child is safe: "
            "the behaviour that will be there instead of the danger, who will show it, and under what conditions. "
            "It answers the danger statement."
        ),
        "template": "{who} will {what}, {circumstances}, so that {impact}.",
        "fields": {
            "who": ("Who will act (the caregivers and their network)?", "e.g. Ana's dad and Grandma Rosa"),
            "what": ("What will they do instead of the danger?", "e.g. make sure a sober adult is looking after Ana every evening"),
            "circumstances": ("In what circumstances, and for how long?",
                              "e.g. including weekends, for the next three months, checked at each family meeting"),
            "impact": ("What will that mean for the child?", "e.g. Ana is fed, looked after and feels safe at home"),
        },
    },
}

# words that name a category instead of saying what someone did or might do
LABELS = ("abuse", "neglect", "inappropriate", "substance misuse", "substance abuse", "unsafe", "non-compliant",
          "non-compliance", "addict", "dysfunctional", "failure to protect")


def _fragment(value: str) -> str:
    return value.strip().rstrip(".").strip()


def assemble(kind: str, fields: dict[str, str]) -> str:
    """The statement the guided fields make, with a gap shown as [...]; the first letter capitalised."""
    parts = {name: _fragment(fields.get(name, "")) or "[...]" for name in FIELDS}
    statement = KINDS[kind]["template"].format(**parts)
    statement = re.sub(r"\s+", " ", statement).strip()
    return statement[:1].upper() + statement[1:]


def tips(kind: str, fields: dict[str, str], statement: str) -> list[str]:
    """Plain-language checks on a statement: missing parts and category words."""
    out = []
    questions = KINDS[kind]["fields"]
    for name in FIELDS:
        if not _fragment(fields.get(name, "")):
            out.append(f"Not answered yet: {questions[name][0]}")
    if "[...]" in statement:
        out.append("The statement still has a gap ([...]).")
    found = sorted({w for w in LABELS if re.search(rf"\b{re.escape(w)}\b", statement, re.IGNORECASE)})
    if found:
        out.append(f"'{', '.join(found)}' names a category; say what someone did or might do, and what the child saw or felt.")
    return out


class StatementBuilder(PracticeTool):
    """A guided builder for a harm statement, a danger statement or a safety goal."""

    sources = (
        "NCCD, Integrated Practice for Social Systems, Overarching Objectives (Use of critical thinking and decision-support tools)",
        "Massachusetts DCF, ICPM: Key Features (3. Use of new research based assessment and planning tools)",
        "California Core Practice Model, V. Service Planning and Delivery Behaviors",
    )

    def __init__(self, scenario: Scenario, book: DecisionBook, kind: str = "danger", tool_id: Optional[str] = None):
        if kind not in KINDS:
            raise ValueError(f"unknown statement kind {kind!r}; known: {', '.join(KINDS)}")
        self.kind_name = kind
        self.title = KINDS[kind]["title"]
        self.purpose = KINDS[kind]["purpose"]
        super().__init__(scenario, book, tool_id or ("safety-goal" if kind == "safety-goal" else f"{kind}-statement"))
        self.fields: dict[str, widgets.Textarea] = {}

    def restore(self, saved: Any) -> dict:
        saved = mapping(saved)
        fields = {name: text(mapping(saved.get("fields")).get(name)) for name in FIELDS}
        statement = text(saved.get("statement")) or assemble(self.kind_name, fields)
        return {"kind": self.kind_name, "fields": fields, "statement": statement, "edited": saved.get("edited") is True}

    def controls(self) -> list[widgets.Widget]:
        shape = KINDS[self.kind_name]["template"].format(**{n: f"[{n}]" for n in FIELDS})
        guide = widgets.HTML(f"<p>The statement is put together as: <i>{escape(shape)}</i></p>")
        for name, (question, example) in KINDS[self.kind_name]["fields"].items():
            box = stacked(widgets.Textarea, question, value=self.state["fields"][name], placeholder=example, rows=2)
            box.field = name
            box.observe(self._on_field, names="value")
            self.fields[name] = box
        self.statement = stacked(
            widgets.Textarea, f"Your {self.title.lower()} (edit it freely, then copy it into your answer)",
            value=self.state["statement"], rows=4,
        )
        self.statement.observe(self._on_statement, names="value")
        self.assemble_button = widgets.Button(
            description="Assemble again from the fields", tooltip="Replace the statement with one built from the fields",
            layout=widgets.Layout(width="max-content"),
        )
        self.assemble_button.on_click(self._reassemble)
        copy_hint = widgets.HTML(
            "<p><small>To copy: click in the statement, select all (Ctrl+A or Cmd+A), copy (Ctrl+C or Cmd+C), "
            "and paste it into the answer cell.</small></p>"
        )
        self.tips_view = widgets.HTML(self._tips_html())
        return [guide, *self.fields.values(), self.statement, self.assemble_button, copy_hint, self.tips_view]

    def _on_field(self, change) -> None:
        self.state["fields"][change["owner"].field] = change["new"]
        if not self.state["edited"]:
            self._set_statement(assemble(self.kind_name, self.state["fields"]))
        self.save()

    def _on_statement(self, change) -> None:
        if getattr(self, "_setting", False):
            return
        self.state["statement"] = change["new"]
        self.state["edited"] = change["new"].strip() != assemble(self.kind_name, self.state["fields"])
        self.tips_view.value = self._tips_html()
        self.save()

    def _reassemble(self, _button=None) -> None:
        self.state["edited"] = False
        self._set_statement(assemble(self.kind_name, self.state["fields"]))
        self.save()

    def _set_statement(self, value: str) -> None:
        self.state["statement"] = value
        self._setting = True
        try:
            self.statement.value = value
        finally:
            self._setting = False
        self.tips_view.value = self._tips_html()

    def _tips_html(self) -> str:
        found = tips(self.kind_name, self.state["fields"], self.state["statement"])
        if not found:
            return "<p class='casework-ok'>Every part is there. Read it aloud: would the family understand it?</p>"
        return "<ul>" + "".join(f"<li class='casework-tip'>{escape(t)}</li>" for t in found) + "</ul>"

    def summary_html(self) -> str:
        rows = "".join(
            f"<tr><th scope='row'>{escape(q)}</th><td>{escape(self.state['fields'][n]) or '<i>(empty)</i>'}</td></tr>"
            for n, (q, _) in KINDS[self.kind_name]["fields"].items()
        )
        return (
            f"<p class='casework-statement'>{escape(self.state['statement'])}</p>"
            f"<table><caption>The parts of the {escape(self.title.lower())}</caption>{rows}</table>"
        )
