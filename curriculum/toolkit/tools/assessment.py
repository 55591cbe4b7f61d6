"""A structured safety and risk assessment: safety threats, protective capacities, the trainee's ratings.

In a notebook::

    case.assessment()                 # tool id "assessment"
    case.assessment(compare=True)     # also show the case file's own structured assessment beside it

The trainee marks each safety threat present, absent or not yet known, ticks
the protective capacities they have seen, chooses a safety decision and a risk
level, and says why. The tool points out where the ratings and the checklist
disagree (a threat present but "safe" chosen, say). Only with ``compare=True``
does it show the case file's structured risk assessment beside it, from
:func:`reference_assessment` (the seam to ``simulator.risk``), with the
trainee's own risk rating next to the tool's level.

Saved work (``work["assessment"]``)::

    {"threats": {threat_id: "present" | "absent" | "unknown"}, "capacities": [capacity_id, ...],
     "safety": "safe" | "safe-with-plan" | "unsafe" | None, "risk": "low" | "moderate" | "high" | "very-high" | None,
     "why": str}

``tool.threats[threat_id]`` (Dropdowns), ``tool.capacities[capacity_id]`` (Checkboxes),
``tool.safety``, ``tool.risk`` (RadioButtons) and ``tool.why`` (Textarea) are the widgets;
``tool.problems()`` lists the disagreements.
"""

from __future__ import annotations

from html import escape
from typing import Any, Optional

import ipywidgets as widgets

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

from .base import PracticeTool, labelled, mapping, stacked, text, text_list

# safety threats: conditions that could seriously harm a child soon, in the project's own words
THREATS = {
    "serious-harm": "A caregiver has seriously hurt a child, or is likely to do so soon.",
    "impaired-caregiver": "A caregiver's use of alcohol or drugs leaves them unable to look after a child right now.",
    "left-alone": "A child too young to fend for themselves is left without an adult able to care for them.",
    "basic-needs": "A child's food, shelter, clothing or medical care is lacking, with serious harm likely.",
    "caregiver-health": "A caregiver's mental or physical health leaves them unable to care for a child right now.",
    "violence-at-home": "Violence between adults in the home puts a child in danger.",
    "not-protected": "A caregiver does not believe or protect a child who has said they were harmed.",
    "hazardous-home": "The home has hazards within a child's reach that could seriously hurt them.",
    "hostile-view": "A caregiver sees a child so negatively that harm is likely.",
    "access-refused": "The family hides a child or refuses to let anyone see them, so safety cannot be judged.",
}
THREAT_STATES = [("not yet known", "unknown"), ("present", "present"), ("absent", "absent")]

# protective capacities: what caregivers and the people around them bring to keeping a child safe
CAPACITIES = {
    "sees-danger": "A caregiver sees the danger and says they want to keep the children safe from it.",
    "kept-safe-before": "A caregiver has kept the children safe through hard times before.",
    "puts-children-first": "A caregiver puts the children's needs ahead of their own when it matters.",
    "knows-needs": "A caregiver knows what the children need at their age and responds to it.",
    "self-control": "A caregiver stays in control of their actions under stress.",
    "uses-help": "A caregiver accepts help from family, friends or services when they need it.",
    "follows-through": "A caregiver follows through on plans they have agreed.",
    "protective-adult": "Another adult, in the home or close by, can step in to protect the children.",
}

SAFETY = {
    "safe": "Safe: no safety threat is present now.",
    "safe-with-plan": "Safe with a safety plan: a threat is present, and a plan made with the family and network manages it at home.",
    "unsafe": "Unsafe: even with a plan, the children cannot stay at home safely now.",
}
RISK = {"low": "Low", "moderate": "Moderate", "high": "High", "very-high": "Very high"}


def reference_assessment(scenario: Scenario):
    """The case file's own structured risk assessment (``simulator.risk``), or None where there is none.

    This is the one seam to the simulator's actuarial-style risk module: it
    returns what ``simulator.risk.assess_scenario`` returns (``score``,
    ``level``, and ``items`` with ``question`` and ``points``).
    """
    try:
        from simulator.risk import assess_scenario
    except ImportError:
        return None
    return assess_scenario(scenario)


class SafetyAssessment(PracticeTool):
    """A structured safety and risk assessment the trainee fills in."""

    kind = "assessment"
    title = "Structured safety and risk assessment"
    purpose = (
        "Two questions, kept apart. Safety: is a child in danger now, and can that danger be managed at home? "
        "Risk: how likely is harm over the coming months? Mark each threat from what you have seen and heard, "
        "credit the protective capacities as carefully as the worries, then give your own judgement and why."
    )
    sources = (
        "NCCD, Integrated Practice for Social Systems, What is integrated practice? (Structured Decision Making tools)",
        "Massachusetts DCF, ICPM: Key Features (3. Use of new research based assessment and planning tools)",
        "California Core Practice Model, III. Assessment Behaviors",
        "Maryland Integrated Practice Model, We ASSESS",
    )

    def __init__(self, scenario: Scenario, book: DecisionBook, tool_id: Optional[str] = None, compare: bool = False):
        super().__init__(scenario, book, tool_id)
        self.compare = compare

    def restore(self, saved: Any) -> dict:
        saved = mapping(saved)
        threats = mapping(saved.get("threats"))
        capacities = text_list(saved.get("capacities"))
        return {
            "threats": {t: threats.get(t) if threats.get(t) in ("present", "absent") else "unknown" for t in THREATS},
            "capacities": [c for c in CAPACITIES if c in capacities],
            "safety": saved.get("safety") if saved.get("safety") in SAFETY else None,
            "risk": saved.get("risk") if saved.get("risk") in RISK else None,
            "why": text(saved.get("why")),
        }

    def problems(self) -> list[str]:
        """Where the trainee's ratings and checklist do not agree, or something is missing."""
        present = [t for t, v in self.state["threats"].items() if v == "present"]
        unknown = [t for t, v in self.state["threats"].items() if v == "unknown"]
        out = []
        if unknown:
            out.append(f"{len(unknown)} safety threat(s) not yet marked present or absent.")
        if self.state["safety"] == "safe" and present:
            out.append("You marked a threat present but chose 'Safe': a present threat needs a plan, or the child is unsafe.")
        if self.state["safety"] in ("safe-with-plan", "unsafe") and not present:
            out.append("Your safety decision says a threat is present, but no threat is marked present.")
        if self.state["safety"] == "safe-with-plan" and not self.state["capacities"]:
            out.append("A plan at home rests on protective capacities: which ones have you seen?")
        if self.state["safety"] is None:
            out.append("No safety decision yet.")
        if self.state["risk"] is None:
            out.append("No risk level yet.")
        if not self.state["why"].strip():
            out.append("Say why, from what you saw and heard.")
        return out

    def controls(self) -> list[widgets.Widget]:
        self.threats: dict[str, widgets.Dropdown] = {}
        for tid, words in THREATS.items():
            box = widgets.Dropdown(options=THREAT_STATES, value=self.state["threats"][tid], description=words, tooltip=words,
                                   style={"description_width": "initial"}, layout=widgets.Layout(width="100%"))
            box.threat_id = tid
            box.observe(self._on_threat, names="value")
            self.threats[tid] = labelled(box, "casework-row")
        self.capacities: dict[str, widgets.Checkbox] = {}
        for cid, words in CAPACITIES.items():
            box = widgets.Checkbox(value=cid in self.state["capacities"], description=words, indent=False,
                                   layout=widgets.Layout(width="auto"))
            box.capacity_id = cid
            box.observe(self._on_capacity, names="value")
            self.capacities[cid] = labelled(box, "casework-choice")
        self.safety = labelled(widgets.RadioButtons(
            options=[(w, k) for k, w in SAFETY.items()], value=self.state["safety"], description="Safety decision",
            tooltip="Your safety decision", style={"description_width": "initial"}, layout=widgets.Layout(width="auto"),
        ), "casework-choice")
        self.safety.observe(self._on_field, names="value")
        self.safety.field = "safety"
        self.risk = widgets.RadioButtons(
            options=[(w, k) for k, w in RISK.items()], value=self.state["risk"], description="Risk of future harm",
            tooltip="Your rating of the risk of future harm", style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.risk.observe(self._on_field, names="value")
        self.risk.field = "risk"
        self.why = stacked(widgets.Textarea, "Why? What did you see and hear that supports your ratings?",
                           value=self.state["why"], rows=4)
        self.why.observe(self._on_field, names="value")
        self.why.field = "why"
        self.check_view = widgets.HTML(self._problems_html())
        parts = [
            widgets.HTML("<h4>Safety threats</h4><p>Is each one present in this family now?</p>"), *self.threats.values(),
            widgets.HTML("<h4>Protective capacities</h4><p>Tick those you have seen for yourself or heard from more than one person.</p>"),
            *self.capacities.values(),
            widgets.HTML("<h4>Your safety decision</h4>"), self.safety,
            widgets.HTML("<h4>Your risk rating</h4>"), self.risk, self.why, self.check_view,
        ]
        if not self.compare:
            return parts
        # the case file's assessment beside the trainee's (below it on a narrow screen)
        self.reference_view = widgets.HTML(self.reference_html())
        side_by_side = widgets.Box([widgets.VBox(parts), self.reference_view])
        side_by_side.add_class("casework-columns")
        return [side_by_side]

    def _on_threat(self, change) -> None:
        self.state["threats"][change["owner"].threat_id] = change["new"]
        self._changed()

    def _on_capacity(self, change) -> None:
        chosen = {c for c, box in self.capacities.items() if box.value}
        self.state["capacities"] = [c for c in CAPACITIES if c in chosen]
        self._changed()

    def _on_field(self, change) -> None:
        self.state[change["owner"].field] = change["new"]
        self._changed()

    def _changed(self) -> None:
        self.save()
        self.check_view.value = self._problems_html()
        if self.compare:
            self.reference_view.value = self.reference_html()

    def _problems_html(self) -> str:
        found = self.problems()
        if not found:
            return "<p class='casework-ok'>Every threat is marked, and your ratings agree with the checklist.</p>"
        return "<ul>" + "".join(f"<li class='casework-tip'>{escape(p)}</li>" for p in found) + "</ul>"

    def reference_html(self) -> str:
        """The case file's structured risk assessment, beside the trainee's (only where the notebook asks for it)."""
        head = "<div class='casework-card'><h4>The case file's structured risk assessment</h4>"
        reference = reference_assessment(self.scenario)
        if reference is None:
            return head + "<p><i>This case has no structured assessment to compare with yet.</i></p></div>"
        rows = "".join(f"<tr><td>{escape(i.question)}</td><td>{i.points:+d}</td></tr>" for i in reference.items if i.points)
        yours = RISK.get(self.state["risk"])
        compared = (f"Your rating: <b>{escape(yours.lower())}</b>. " if yours else "You have not rated the risk yet. ")
        return (
            head
            + f"<p>{compared}The structured tool: <b>{escape(reference.level)}</b> (score {reference.score}).</p>"
            + (f"<table><caption>Items that scored</caption><tr><th scope='col'>Item</th><th scope='col'>Points</th></tr>{rows}</table>"
               if rows else "<p>No item scored.</p>")
            + "<p><small>The tool estimates the chance of future harm from research-linked factors; it says nothing "
            "about present danger, and it informs your judgement rather than replacing it. Where you differ, say why.</small></p></div>"
        )

    def summary_html(self) -> str:
        marks = {"present": "present", "absent": "absent", "unknown": "not yet known"}
        threats = "".join(f"<tr><td>{escape(w)}</td><td>{marks[self.state['threats'][t]]}</td></tr>" for t, w in THREATS.items())
        capacities = "".join(f"<li>{escape(CAPACITIES[c])}</li>" for c in self.state["capacities"]) or "<li><i>none ticked</i></li>"
        safety = SAFETY.get(self.state["safety"], "not decided")
        risk = RISK.get(self.state["risk"], "not rated")
        found = self.problems()
        checks = "".join(f"<li class='casework-tip'>{escape(p)}</li>" for p in found)
        html = (
            f"<table><caption>Safety threats</caption><tr><th scope='col'>Threat</th><th scope='col'>In this family</th></tr>{threats}</table>"
            f"<h4>Protective capacities seen</h4><ul>{capacities}</ul>"
            f"<p><b>Safety decision:</b> {escape(safety)}</p><p><b>Risk of future harm:</b> {escape(risk)}</p>"
            f"<p><b>Why:</b> {escape(self.state['why']) or '<i>(not given)</i>'}</p>"
            + (f"<ul>{checks}</ul>" if checks else "")
        )
        return html + (self.reference_html() if self.compare else "")
