"""An ecomap of the family's connections, drawn from the scenario.

In a notebook::

    case.ecomap()              # tool id "ecomap"

The household sits in the middle (members whose role says they live
separately are drawn outside it); around it are the people the case file
names, anyone the trainee added to the safety network, and connections the
trainee adds here (a school, a clinic, a church). The trainee rates each
connection: strong, moderate, tenuous, stressful, or not known yet. The map is
an inline PNG with an alt text that names every person and connection, and the
same description is printed under it.

Saved work (``work["ecomap"]``)::

    {"ties": {node_id: "strong" | "moderate" | "tenuous" | "stressful" | "unknown"},
     "added": [{"id": str, "name": str, "relationship": str}, ...]}

``tool.ties[node_id]`` is the Dropdown of a connection; ``tool.add_connection(name, tie)``
adds one (as the "Add" button does); ``tool.alt_text()`` is the description;
:func:`connection_figure` draws any centre-and-spokes map (the safety network uses it).
"""

from __future__ import annotations

import math
import textwrap
from html import escape
from typing import TYPE_CHECKING, Any, Optional

import ipywidgets as widgets

from scenarios.models import Scenario

from .. import palette, views
from .base import PracticeTool, added_people, labelled, mapping, slug, stacked

if TYPE_CHECKING:  # imported where used: the trainee's kernel loads them only when it draws or tabulates
    import matplotlib.pyplot as plt

LEVELS = {
    "strong": "strong",
    "moderate": "moderate",
    "tenuous": "tenuous (weak or on and off)",
    "stressful": "stressful (draws energy or causes conflict)",
    "unknown": "not known yet",
}
# line styles carry the meaning, so the map reads without colour
STYLES = {
    "strong": {"color": palette.INK, "linewidth": 4.5, "linestyle": "-"},
    "moderate": {"color": palette.INK, "linewidth": 2.0, "linestyle": "-"},
    "tenuous": {"color": palette.MUTED, "linewidth": 1.6, "linestyle": (0, (6, 4))},
    # stress is the one colour stress has in every plot of the toolkit (palette.STRESS), never an incident's
    "stressful": {"color": palette.STRESS, "linewidth": 2.0, "linestyle": "-"},
    "unknown": {"color": palette.LIGHT_GREY, "linewidth": 1.2, "linestyle": (0, (1, 3))},
}
OUTSIDE_HOUSEHOLD = ("separately", "elsewhere", "not living", "lives apart")


def _line(ax, start, end, level: str) -> None:
    style = {**STYLES.get(level, STYLES["unknown"]), "zorder": 1}
    if level != "stressful":
        ax.plot([start[0], end[0]], [start[1], end[1]], solid_capstyle="butt", **style)
        return
    # a zigzag line, the usual ecomap mark for a stressful tie
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(4, int(length / 0.18))
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    xs, ys = [], []
    for i in range(steps + 1):
        t = i / steps
        offset = 0 if i in (0, steps) else (0.09 if i % 2 else -0.09)
        xs.append(x0 + (x1 - x0) * t + nx * offset)
        ys.append(y0 + (y1 - y0) * t + ny * offset)
    ax.plot(xs, ys, **style)


def connection_figure(title: str, centre_title: str, centre_lines: list[str], nodes: list[tuple[str, str]],
                      legend: dict[str, str] = LEVELS):
    """A centre circle (the household or the children) with spokes to each (label, level) node."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8.5, 7.2), facecolor="white")
    ax.set_facecolor("white")
    ax.set_aspect("equal")
    ax.axis("off")
    centre_r, ring = 1.6, 3.6
    # spokes run centre to node under the circle and the boxes, so they always touch both
    ax.add_patch(plt.Circle((0, 0), centre_r, facecolor="#F2F2F2", edgecolor=palette.INK, linewidth=2, zorder=2))
    lines = [centre_title] + [part for line in centre_lines for part in textwrap.wrap(line, 24)]
    ax.text(0, 0, "\n".join(lines), ha="center", va="center", fontsize=8.5, color="black", zorder=3)
    for i, (label, level) in enumerate(nodes):
        angle = math.pi / 2 - 2 * math.pi * i / max(1, len(nodes))
        x, y = ring * math.cos(angle), ring * math.sin(angle)
        _line(ax, (centre_r * math.cos(angle), centre_r * math.sin(angle)), (x, y), level)
        ax.text(x, y, "\n".join(textwrap.wrap(label, 20)), ha="center", va="center", fontsize=8.5, color="black", zorder=3,
                bbox={"boxstyle": "round,pad=0.35", "facecolor": "white", "edgecolor": "#555555"})
    # the key, drawn with the same lines as the map
    for j, (level, words) in enumerate(legend.items()):
        y = -ring - 1.2 - 0.42 * j
        _line(ax, (-ring, y), (-ring + 0.9, y), level)
        ax.text(-ring + 1.1, y, words, va="center", fontsize=8.5, color="black")
    ax.set_xlim(-ring - 1.4, ring + 1.4)
    ax.set_ylim(-ring - 1.4 - 0.42 * len(legend), ring + 1.0)
    ax.set_title(title, color="black")
    fig.tight_layout()
    return fig


def household(scenario: Scenario) -> tuple[list, list]:
    """(members living in the household, members living elsewhere)."""
    inside, outside = [], []
    for m in scenario.family.members:
        (outside if any(w in m.role.lower() for w in OUTSIDE_HOUSEHOLD) else inside).append(m)
    return inside, outside


def _age(age: Optional[float]) -> str:
    if age is None:
        return ""
    return f", {age:g}" if age >= 1 else f", {round(age * 52)} weeks"


class Ecomap(PracticeTool):
    """The family's household and their connections, rated by the trainee."""

    kind = "ecomap"
    title = "Ecomap: the family's connections"
    purpose = (
        "Draw the household and the people and places around it, and mark how strong or how stressful each "
        "connection is. The map shows where support already flows and where a safety network could grow."
    )
    sources = (
        "Maryland Integrated Practice Model, We PLAN: Build & Connect (genograms, eco maps, connectedness mapping)",
        "California Core Practice Model, PRACTICE ELEMENTS – HOW WE DO IT: Teaming",
    )

    def restore(self, saved: Any) -> dict:
        saved = mapping(saved)
        ties = {k: v for k, v in mapping(saved.get("ties")).items() if v in LEVELS}
        return {"ties": ties, "added": added_people(saved.get("added"))}

    def nodes(self) -> list[tuple[str, str, str]]:
        """(id, name, tie) of every connection on the map, in drawing order."""
        _, outside = household(self.scenario)
        out = [(m.id, m.name, m.role) for m in outside]
        out += [(n.id, n.name, n.relationship) for n in self.scenario.family.network]
        # people the trainee added to the safety network belong on the map too
        added = added_people(mapping(self.book.work.get("safety-network")).get("added")) + self.state["added"]
        out += [(a["id"], a["name"], a["relationship"]) for a in added]
        seen, unique = set(), []
        for node in out:
            if node[0] not in seen:
                seen.add(node[0])
                unique.append(node)
        return unique

    def level(self, node_id: str) -> str:
        return self.state["ties"].get(node_id, "unknown")

    def add_connection(self, name: str, tie: str = "") -> None:
        """Add a person or place to the map, and save."""
        name = name.strip()
        if not name:
            raise ValueError("give the connection a name")
        node_id = "added-" + slug(name)
        if any(n[0] == node_id for n in self.nodes()):
            raise ValueError(f"{name} is already on the map")
        self.state["added"].append({"id": node_id, "name": name, "relationship": tie.strip()})
        self.save()
        if self._widget is not None:
            self._rebuild_rows()
            self._draw()

    def remove_connection(self, node_id: str) -> None:
        """Take an added connection off the map, and save."""
        self.state["added"] = [a for a in self.state["added"] if a["id"] != node_id]
        self.state["ties"].pop(node_id, None)
        self.save()
        if self._widget is not None:
            self._rebuild_rows()
            self._draw()

    def alt_text(self) -> str:
        """A description of the map in words, naming every person and connection."""
        inside, _ = household(self.scenario)
        members = "; ".join(f"{m.name} ({m.role}{_age(m.age)})" for m in inside)
        ties = "; ".join(f"{name}{', ' + tie if tie else ''}: {LEVELS[self.level(nid)]}" for nid, name, tie in self.nodes())
        return (f"Ecomap of the {self.scenario.family.name} family. In the household: {members}. "
                f"Connections to the household: {ties or 'none yet'}.")

    def figure_html(self) -> str:
        inside, _ = household(self.scenario)
        fig = connection_figure(
            f"Ecomap of the {self.scenario.family.name} family",
            "Household",
            [f"{m.name} ({m.role}{_age(m.age)})" for m in inside],
            [(f"{name} ({tie})" if tie else name, self.level(nid)) for nid, name, tie in self.nodes()],
        )
        alt = self.alt_text()
        return views.figure_html(fig, alt) + f"<p><small>{escape(alt)}</small></p>"

    def controls(self) -> list[widgets.Widget]:
        self.ties: dict[str, widgets.Dropdown] = {}
        self.rows = widgets.VBox()
        self.picture = widgets.HTML()
        self.new_name = stacked(widgets.Text, "Add a person or place (name)", placeholder="e.g. the preschool")
        self.new_tie = stacked(widgets.Text, "Their tie to the family", placeholder="e.g. Mia's preschool")
        self.add_button = widgets.Button(description="Add to the map", tooltip="Add this connection to the ecomap",
                                         layout=widgets.Layout(width="max-content"))
        self.add_button.on_click(self._on_add)
        self.remove_choice = widgets.Dropdown(description="Remove an added connection", style={"description_width": "initial"},
                                              layout=widgets.Layout(width="auto"))
        self.remove_button = widgets.Button(description="Remove", tooltip="Remove the connection chosen on the left")
        self.remove_button.on_click(self._on_remove)
        self.message = widgets.HTML()
        self._rebuild_rows()
        self._draw()
        heading = widgets.HTML("<h4>How is each connection?</h4>")
        adding = widgets.HTML("<h4>Someone or somewhere missing?</h4>")
        return [self.picture, heading, self.rows, adding, self.new_name, self.new_tie, self.add_button,
                widgets.HBox([self.remove_choice, self.remove_button]), self.message]

    def _rebuild_rows(self) -> None:
        self.ties = {}
        for nid, name, tie in self.nodes():
            box = widgets.Dropdown(
                options=[(words, level) for level, words in LEVELS.items()], value=self.level(nid),
                description=f"{name}" + (f" ({tie})" if tie else ""), tooltip=f"How is the connection with {name}?",
                style={"description_width": "initial"}, layout=widgets.Layout(width="100%"),
            )
            box.node_id = nid
            box.observe(self._on_level, names="value")
            self.ties[nid] = labelled(box, "casework-row")
        self.rows.children = list(self.ties.values())
        self.remove_choice.options = [(a["name"], a["id"]) for a in self.state["added"]]

    def _draw(self) -> None:
        self.picture.value = self.figure_html()

    def _on_level(self, change) -> None:
        self.state["ties"][change["owner"].node_id] = change["new"]
        self.save()
        self._draw()

    def _on_add(self, _button=None) -> None:
        if self.attempt(lambda: self.add_connection(self.new_name.value, self.new_tie.value),
                        f"Added {self.new_name.value.strip()}."):
            self.new_name.value, self.new_tie.value = "", ""

    def _on_remove(self, _button=None) -> None:
        if self.remove_choice.value:
            self.remove_connection(self.remove_choice.value)
            self.message.value = "<p>Removed.</p>"

    def summary_html(self) -> str:
        return self.figure_html()
