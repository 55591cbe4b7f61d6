"""The safety network and family team: who stands around the children, and what each person does.

In a notebook::

    case.safety_network()      # tool id "safety-network"

Everyone the case file names (adults in the household, the father living
elsewhere, the informal network) is listed; the trainee can add people the
family names. For each person: are they in the safety network (people who
carry part of the safety plan day to day), in the family team (people at the
planning table), and what is their role in the plan. The tool draws the
network around the children and says what is still missing (people without a
role, a network made only of parents or professionals).

Saved work (``work["safety-network"]``)::

    {"people": {person_id: {"network": bool, "team": bool, "role": str}},
     "added": [{"id": str, "name": str, "relationship": str}, ...]}

``tool.rows[person_id]`` holds that person's widgets (``.network``, ``.team``
Checkboxes, ``.role`` Combobox); ``tool.add_person(name, relationship)`` adds
someone; ``tool.gaps()`` lists what is missing.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

import ipywidgets as widgets

from .. import views
from .base import PracticeTool, added_people, labelled, mapping, slug, stacked, text
from .ecomap import connection_figure

ROLES = [
    "checks on the children every evening",
    "stays overnight on agreed nights",
    "person the parent calls when things get hard",
    "takes the children to check-ups and appointments",
    "looks after the children if the parent cannot",
    "notices warning signs and speaks up",
    "helps the parent keep to the plan",
    "drives or travels with the family",
    "speaks for the child at meetings",
]
PARENT = re.compile(r"\b(mother|father|parent|mum|mom|dad)\b", re.IGNORECASE)
PROFESSIONAL = ("worker", "nurse", "doctor", "coach", "counsellor", "counselor", "therapist", "teacher", "officer", "provider")
NETWORK_LEGEND = {"strong": "in the safety network, with a role", "tenuous": "in the safety network, no role yet",
                  "unknown": "family team only"}


class SafetyNetwork(PracticeTool):
    """A builder for the children's safety network and the family team."""

    kind = "safety-network"
    title = "Safety network and family team"
    purpose = (
        "Find the people who will stand around the children, give each of them a clear part in the safety plan, "
        "and decide who sits at the planning table. A network of family, friends and community lasts beyond the "
        "agency's involvement; professionals help, but they leave when the case closes."
    )
    sources = (
        "NCCD, Integrated Practice for Social Systems, What will I learn about the process? (informal support network)",
        "Maryland Integrated Practice Model, We TEAM UP: Promoting Strengths & Protective Factors through Relationships",
        "Wisconsin Child Welfare Practice Model, Strategies for Core Practice Functions: Teaming",
    )

    def restore(self, saved: Any) -> dict:
        saved = mapping(saved)
        people = {pid: {"network": p.get("network") is True, "team": p.get("team") is True, "role": text(p.get("role"))}
                  for pid, p in mapping(saved.get("people")).items() if isinstance(p, dict)}
        return {"people": people, "added": added_people(saved.get("added"))}

    def candidates(self) -> list[tuple[str, str, str]]:
        """(id, name, relationship) of everyone who could be asked: adults in the case file, then people added."""
        out = [(m.id, m.name, m.role) for m in self.scenario.family.members if m.age is None or m.age >= 16]
        out += [(n.id, n.name, n.relationship) for n in self.scenario.family.network]
        out += [(a["id"], a["name"], a["relationship"]) for a in self.state["added"]]
        return out

    def person(self, pid: str) -> dict:
        return self.state["people"].setdefault(pid, {"network": False, "team": False, "role": ""})

    def add_person(self, name: str, relationship: str = "") -> None:
        """Add someone the family names, and save."""
        name = name.strip()
        if not name:
            raise ValueError("give the person's name")
        pid = "added-" + slug(name)
        if any(c[0] == pid or c[1].lower() == name.lower() for c in self.candidates()):
            raise ValueError(f"{name} is already on the list")
        self.state["added"].append({"id": pid, "name": name, "relationship": relationship.strip()})
        self.person(pid)
        self.save()
        if self._widget is not None:
            self._rebuild_rows()
            self._draw()

    def gaps(self) -> list[str]:
        """What the network still lacks, in plain words."""
        ties = {pid: rel for pid, _, rel in self.candidates()}
        names = {pid: name for pid, name, _ in self.candidates()}
        network = [pid for pid in ties if self.person(pid)["network"]]
        team = [pid for pid in ties if self.person(pid)["team"]]
        out = []
        if not network:
            out.append("Nobody is in the safety network yet.")
        informal = [pid for pid in network if not PARENT.search(ties[pid]) and not any(w in ties[pid].lower() for w in PROFESSIONAL)]
        if network and not informal:
            out.append("The network has only parents or professionals: who else in the family's life could help?")
        elif 0 < len(informal) < 2:
            out.append("Only one person outside the parents and professionals: a network that rests on one person breaks easily.")
        for pid in network:
            if not self.person(pid)["role"].strip():
                out.append(f"{names[pid]} has no role in the safety plan yet.")
        if not team:
            out.append("Nobody is on the family team yet (the parents belong at the table).")
        return out

    def controls(self) -> list[widgets.Widget]:
        self.rows: dict[str, widgets.VBox] = {}
        self.list_box = widgets.VBox()
        self.picture = widgets.HTML()
        self.new_name = stacked(widgets.Text, "Add someone the family names (name)", placeholder="e.g. Aunt Lisa")
        self.new_relationship = stacked(widgets.Text, "Their tie to the family", placeholder="e.g. Jess's cousin")
        self.add_button = widgets.Button(description="Add to the list", tooltip="Add this person to the list",
                                         layout=widgets.Layout(width="max-content"))
        self.add_button.on_click(self._on_add)
        self.message = widgets.HTML()
        self._rebuild_rows()
        self._draw()
        return [widgets.HTML("<h4>Who could be part of it?</h4>"), self.list_box,
                widgets.HTML("<h4>Someone missing?</h4>"), self.new_name, self.new_relationship, self.add_button,
                self.message, self.picture]

    def _rebuild_rows(self) -> None:
        self.rows = {}
        for pid, name, rel in self.candidates():
            p = self.person(pid)
            who = f"{name} ({rel})" if rel else name
            network = labelled(widgets.Checkbox(value=p["network"], description=f"{name}: in the safety network",
                                                indent=False, layout=widgets.Layout(width="auto")), "casework-choice")
            team = labelled(widgets.Checkbox(value=p["team"], description=f"{name}: on the family team",
                                             indent=False, layout=widgets.Layout(width="auto")), "casework-choice")
            role = stacked(widgets.Combobox, f"{name}'s role in the safety plan (pick or type)", value=p["role"],
                           options=ROLES, ensure_option=False, placeholder="what they will do, and when")
            for w, field in ((network, "network"), (team, "team"), (role, "role")):
                w.person_id, w.field = pid, field
                w.observe(self._on_change, names="value")
            row = widgets.VBox([widgets.HTML(f"<b>{escape(who)}</b>"), widgets.HBox([network, team]), role])
            row.network, row.team, row.role = network, team, role
            self.rows[pid] = row
        self.list_box.children = list(self.rows.values())

    def _on_change(self, change) -> None:
        owner = change["owner"]
        self.person(owner.person_id)[owner.field] = change["new"]
        self.save()
        self._draw()

    def _on_add(self, _button=None) -> None:
        if self.attempt(lambda: self.add_person(self.new_name.value, self.new_relationship.value),
                        f"Added {self.new_name.value.strip()}."):
            self.new_name.value, self.new_relationship.value = "", ""

    def _draw(self) -> None:
        self.picture.value = self.summary_html()

    def _alt(self) -> str:
        parts = []
        for pid, name, rel in self.candidates():
            p = self.person(pid)
            if p["network"] or p["team"]:
                where = " and ".join(w for w, on in (("safety network", p["network"]), ("family team", p["team"])) if on)
                parts.append(f"{name}{', ' + rel if rel else ''} ({where})" + (f": {p['role']}" if p["role"] else ""))
        children = ", ".join(m.name for m in self.scenario.family.members if m.age is not None and m.age < 16)
        return f"The people around {children or 'the children'}: " + ("; ".join(parts) or "nobody chosen yet") + "."

    def summary_html(self) -> str:
        chosen = [(pid, name, rel) for pid, name, rel in self.candidates()
                  if self.person(pid)["network"] or self.person(pid)["team"]]
        children = [f"{m.name}" for m in self.scenario.family.members if m.age is not None and m.age < 16]
        rows = "".join(
            f"<tr><th scope='row'>{escape(name)}</th><td>{escape(rel)}</td>"
            f"<td>{'yes' if self.person(pid)['network'] else ''}</td><td>{'yes' if self.person(pid)['team'] else ''}</td>"
            f"<td>{escape(self.person(pid)['role'])}</td></tr>"
            for pid, name, rel in chosen
        )
        table = ("<table><caption>The safety network and family team</caption><tr><th scope='col'>Who</th>"
                 "<th scope='col'>Tie</th><th scope='col'>Safety network</th><th scope='col'>Family team</th>"
                 f"<th scope='col'>Role in the plan</th></tr>{rows}</table>") if chosen else "<p><i>Nobody chosen yet.</i></p>"
        gaps = self.gaps()
        gaps_html = ("<ul>" + "".join(f"<li class='casework-tip'>{escape(g)}</li>" for g in gaps) + "</ul>") if gaps \
            else "<p class='casework-ok'>Everyone in the network has a role.</p>"
        picture = ""
        if chosen:
            def level(pid: str) -> str:
                p = self.person(pid)
                return "unknown" if not p["network"] else ("strong" if p["role"].strip() else "tenuous")

            fig = connection_figure(
                "The people around the children", "The children", children,
                [(f"{name}: {self.person(pid)['role']}" if self.person(pid)["role"] else name, level(pid)) for pid, name, _ in chosen],
                legend=NETWORK_LEGEND,
            )
            picture = views.figure_html(fig, self._alt())
        return table + gaps_html + picture + f"<p><small>{escape(self._alt())}</small></p>"
