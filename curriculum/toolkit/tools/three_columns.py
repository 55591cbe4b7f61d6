"""Three-column mapping: what we are worried about, what is working well, what needs to happen.

In a notebook::

    case.three_columns()                      # tool id "three-columns"
    case.three_columns("map-week-6")          # a second map, kept apart
    case.three_columns(from_case_file=True)   # start with the case file's worries and strengths

Saved work (``decisions.json`` -> ``work["three-columns"]``)::

    {"worries": [str, ...], "working_well": [str, ...], "next_steps": [str, ...]}

One line of a column is one item. ``tool.columns[key]`` is the Textarea of a
column (keys as above); setting its ``value`` saves at once.
"""

from __future__ import annotations

from html import escape
from typing import Any, Optional

import ipywidgets as widgets

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from .base import PracticeTool, mapping, stacked, text_list

COLUMNS = {
    "worries": ("What are we worried about?", "Harm that has happened, dangers ahead, and what makes things harder."),
    "working_well": ("What is working well?", "Strengths, safety that already exists, people who help, times things went right."),
    "next_steps": ("What needs to happen?", "Next steps, in plain words: who will do what, so that the children are safe."),
}


class ThreeColumns(PracticeTool):
    """A three-column map of a family's situation, built with the family."""

    kind = "three-columns"
    title = "Mapping: worries, what is working well, what needs to happen"
    purpose = (
        "Set out the worries and the strengths side by side, in words the family would recognise, and "
        "agree what needs to happen next. A balanced map keeps the conversation on safety without losing "
        "sight of what the family already does well. Write one item per line."
    )
    sources = (
        "NCCD, Integrated Practice for Social Systems, What is integrated practice?",
        "Maryland Integrated Practice Model, We ASSESS: Engage & Partner To Gather Information",
        "Wisconsin Child Welfare Practice Model, Strategies for Core Practice Functions: Assessment",
    )

    def __init__(self, scenario: Scenario, book: DecisionBook, tool_id: Optional[str] = None, from_case_file: bool = False):
        super().__init__(scenario, book, tool_id)
        if from_case_file and self.tool_id not in book.work:
            # a starting point only: nothing is saved until the trainee changes it
            self.state["worries"] = list(scenario.family.worries)
            self.state["working_well"] = list(scenario.family.strengths)
        self.columns: dict[str, widgets.Textarea] = {}

    def restore(self, saved: Any) -> dict:
        return {key: text_list(mapping(saved).get(key)) for key in COLUMNS}

    def controls(self) -> list[widgets.Widget]:
        for key, (question, hint) in COLUMNS.items():
            area = stacked(
                widgets.Textarea, question, value="\n".join(self.state[key]), placeholder=hint,
                rows=8, layout=widgets.Layout(width="auto"),
            )
            area.column = key
            area.observe(self._on_change, names="value")
            self.columns[key] = area
        board = widgets.Box(list(self.columns.values()))
        board.add_class("casework-columns")
        return [board]

    def _on_change(self, change) -> None:
        self.state[change["owner"].column] = text_list(change["new"])
        self.save()

    def summary_html(self) -> str:
        cells = []
        for key, (question, _) in COLUMNS.items():
            items = "".join(f"<li>{escape(i)}</li>" for i in self.state[key]) or "<li><i>(empty)</i></li>"
            cells.append(f"<td><ul>{items}</ul></td>")
        head = "".join(f"<th scope='col'>{escape(q)}</th>" for q, _ in COLUMNS.values())
        return f"<table><caption>Three-column map</caption><tr>{head}</tr><tr>{''.join(cells)}</tr></table>"
