"""A case plan builder: goals in behavioural terms, services, who does what, and by when.

In a notebook::

    case.case_plan()           # tool id "case-plan"

The trainee adds goals one by one. Each goal says what will be different (a
behaviour anyone could see), the service or support that helps, who does what,
the person who owns the goal, and the date it is due. The tool checks the plan
as it grows: every goal needs an owner and a date (on or after the day the
case opened), and it points out goals that describe attending a service, or a
feeling, rather than a change someone could see.

Saved work (``work["case-plan"]``)::

    {"goals": [{"goal": str, "service": str, "steps": str, "owner": str, "by": "YYYY-MM-DD" | ""}, ...]}

``tool.goal_rows[i]`` holds goal i's widgets (``.goal``, ``.service``, ``.steps``,
``.owner`` Combobox, ``.by`` DatePicker, ``.remove`` Button); ``tool.add_button``
adds a goal (``tool.add_goal()`` too); ``tool.problems()`` returns ``(goal number, message)``
pairs that must be fixed, ``tool.tips()`` the gentler hints; :func:`check_goal` checks one goal.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape
from typing import Any, Optional

import ipywidgets as widgets


from .base import PracticeTool, mapping, names, records, stacked, text

FIELDS = ("goal", "service", "steps", "owner", "by")
# words that describe compliance or an inner state rather than a behaviour someone could see
COMPLIANCE = ("attend", "complete", "comply", "cooperate", "participate", "engage in")
INNER = ("understand", "be aware", "realise", "realize", "learn about", "improve", "better")


def check_goal(goal: dict, opened_on: dt.date) -> tuple[list[str], list[str]]:
    """(problems that must be fixed, tips) for one goal of a plan."""
    problems, tips = [], []
    words = goal.get("goal", "").strip()
    if not words:
        problems.append("says nothing yet: what will be different?")
    if not goal.get("owner", "").strip():
        problems.append("has no owner: who makes sure it happens?")
    due = goal.get("by", "")
    if not due:
        problems.append("has no date: by when?")
    else:
        try:
            when = dt.date.fromisoformat(due)
        except ValueError:
            problems.append(f"has a date that is not a date ({due!r})")
        else:
            if when < opened_on:
                problems.append(f"is due before the case opened ({opened_on.isoformat()})")
    if not goal.get("steps", "").strip():
        tips.append("who does what, step by step?")
    lowered = words.lower()
    if any(re.search(rf"\b{w}", lowered) for w in COMPLIANCE):
        tips.append("describes taking part in a service; say what will be different when it has worked")
    elif any(re.search(rf"\b{w}\b", lowered) for w in INNER):
        tips.append("describes a feeling or an insight; say what people will see the parent do")
    return problems, tips


class CasePlan(PracticeTool):
    """Goals, services, tasks, owners and dates, checked as the plan is written."""

    kind = "case-plan"
    title = "Case plan"
    purpose = (
        "Write the plan the family and their team agree: each goal says what will be different in terms anyone "
        "could see, the help that goes with it, who does what, who owns it, and by when. Plans are timed to the "
        "child's sense of time, not the agency's."
    )
    sources = (
        "Maryland Integrated Practice Model, We PLAN: Develop & Track Action-Driven Plans",
        "California Core Practice Model, V. Service Planning and Delivery Behaviors",
        "Wisconsin Child Welfare Practice Model, Strategies for Core Practice Functions: Planning Strategies to Drive Change",
    )

    def restore(self, saved: Any) -> dict:
        return {"goals": [{f: text(g.get(f)) for f in FIELDS} for g in records(mapping(saved).get("goals"))]}

    def service_options(self) -> list[str]:
        return [s.name for s in self.scenario.services] + [f"{n.name} ({n.relationship})" for n in self.scenario.family.network]

    def problems(self) -> list[tuple[int, str]]:
        """(goal number from 1, problem) for everything that must be fixed; an empty plan is one problem."""
        if not self.state["goals"]:
            return [(0, "The plan has no goals yet.")]
        return [(i + 1, p) for i, g in enumerate(self.state["goals"]) for p in check_goal(g, self.scenario.opened_on)[0]]

    def tips(self) -> list[tuple[int, str]]:
        """(goal number from 1, tip) for goals that could be sharper."""
        return [(i + 1, t) for i, g in enumerate(self.state["goals"]) for t in check_goal(g, self.scenario.opened_on)[1]]

    def add_goal(self, goal: str = "", service: str = "", steps: str = "", owner: str = "", by: str = "") -> None:
        """Add a goal (empty by default) and save."""
        self.state["goals"].append({"goal": goal, "service": service, "steps": steps, "owner": owner, "by": by})
        self._changed(rebuild=True)

    def remove_goal(self, index: int) -> None:
        """Remove goal ``index`` (from 0) and save."""
        del self.state["goals"][index]
        self._changed(rebuild=True)

    def controls(self) -> list[widgets.Widget]:
        self.goal_rows: list[widgets.VBox] = []
        self.goals_box = widgets.VBox()
        self.add_button = widgets.Button(description="Add a goal", tooltip="Add an empty goal to the plan",
                                         button_style="primary", layout=widgets.Layout(width="max-content"))
        self.add_button.on_click(lambda _b: self.add_goal())
        self.check_view = widgets.HTML()
        self._rebuild()
        return [self.goals_box, self.add_button, self.check_view]

    def _rebuild(self) -> None:
        self.goal_rows = []
        people = names(self.scenario)
        for i, g in enumerate(self.state["goals"]):
            n = i + 1
            goal = stacked(widgets.Textarea, f"Goal {n}: what will be different (a behaviour anyone could see)?",
                           value=g["goal"], rows=2, placeholder="e.g. Dad takes his medication as prescribed and tells his sponsor each week how it is going")
            service = stacked(widgets.Combobox, f"Goal {n}: service or support (pick or type)", value=g["service"],
                              options=self.service_options(), ensure_option=False)
            steps = stacked(widgets.Textarea, f"Goal {n}: who does what?", value=g["steps"], rows=2,
                            placeholder="e.g. the caseworker makes the referral this week; Grandma Rosa drives Dad to the first appointment")
            owner = stacked(widgets.Combobox, f"Goal {n}: owner (who makes sure it happens)", value=g["owner"],
                            options=people, ensure_option=False)
            by = widgets.DatePicker(description=f"Goal {n}: by when", tooltip=f"The date goal {n} is due",
                                    value=dt.date.fromisoformat(g["by"]) if _is_date(g["by"]) else None,
                                    style={"description_width": "initial"})
            remove = widgets.Button(description=f"Remove goal {n}", tooltip=f"Remove goal {n} from the plan",
                                    layout=widgets.Layout(width="max-content"))
            remove.on_click(lambda _b, index=i: self.remove_goal(index))
            for w, field in ((goal, "goal"), (service, "service"), (steps, "steps"), (owner, "owner"), (by, "by")):
                w.goal_index, w.field = i, field
                w.observe(self._on_change, names="value")
            row = widgets.VBox([widgets.HTML(f"<h4>Goal {n}</h4>"), goal, service, steps, owner, by, remove])
            row.goal, row.service, row.steps, row.owner, row.by, row.remove = goal, service, steps, owner, by, remove
            row.add_class("casework-card")
            self.goal_rows.append(row)
        self.goals_box.children = self.goal_rows
        self.check_view.value = self._check_html()

    def _on_change(self, change) -> None:
        owner = change["owner"]
        value = change["new"]
        if owner.field == "by":
            value = value.isoformat() if isinstance(value, dt.date) else ""
        self.state["goals"][owner.goal_index][owner.field] = value
        self._changed()

    def _changed(self, rebuild: bool = False) -> None:
        self.save()
        if not hasattr(self, "goals_box"):  # no widget shown (a script or the static view)
            return
        if rebuild:
            self._rebuild()
        else:
            self.check_view.value = self._check_html()

    def _check_html(self) -> str:
        problems, tips = self.problems(), self.tips()
        if not problems and not tips:
            return "<p class='casework-ok'>Every goal has an owner and a date. Read it with the family: is it theirs?</p>"
        items = [f"<li class='casework-problem'>{'Goal ' + str(n) + ' ' if n else ''}{escape(p)}</li>" for n, p in problems]
        items += [f"<li class='casework-tip'>Goal {n}: {escape(t)}</li>" for n, t in tips]
        return "<div role='status' aria-live='polite'><b>Check of the plan</b><ul>" + "".join(items) + "</ul></div>"

    def summary_html(self) -> str:
        rows = "".join(
            f"<tr><td>{i + 1}</td><td>{escape(g['goal'])}</td><td>{escape(g['service'])}</td><td>{escape(g['steps'])}</td>"
            f"<td>{escape(g['owner'])}</td><td>{escape(g['by'])}</td></tr>"
            for i, g in enumerate(self.state["goals"])
        )
        table = ("<table><caption>The case plan</caption><tr><th scope='col'>#</th><th scope='col'>Goal</th>"
                 "<th scope='col'>Service or support</th><th scope='col'>Who does what</th><th scope='col'>Owner</th>"
                 f"<th scope='col'>By when</th></tr>{rows}</table>") if rows else ""
        return table + self._check_html()


def _is_date(value: Optional[str]) -> bool:
    try:
        dt.date.fromisoformat(value or "")
    except ValueError:
        return False
    return True
