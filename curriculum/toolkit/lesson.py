"""Helpers for the lesson notebooks: the practice model from the catalog, vignettes to practise on, futures to compare.

Lessons practise on vignettes of their own, ``curriculum/lessons/vignettes/<vignette-id>.yaml``
(the scenario format of ``scenarios/cases/``), never on the graded cases of the scenario
library: a lesson that rehearsed an assignment's decisions would hand out its answers.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Mapping, Optional, Sequence, Union

import ipywidgets as widgets
import yaml
from IPython.display import HTML, Markdown, display

from scenarios import load_scenario
from scenarios.catalog import load_catalog
from scenarios.loader import library
from scenarios.models import Scenario
from scenarios.parameters import PARAMETERS
from simulator import simulate, simulate_many
from simulator.engine import normalise_decisions

from . import live, views
from .playout import PlayOut
from .session import CaseSession

Choice = Union[str, Sequence[str]]


def show_principles() -> None:
    """Show the principles behind every practice, from the catalog."""
    display(HTML(views.principles_card(load_catalog())))


def show_practice(practice_id: str) -> None:
    """Show a practice's purpose and behaviours, rendered from the catalog so the lesson never disagrees with it."""
    display(HTML(views.practice_card(load_catalog(), practice_id)))


def show_model() -> None:
    """Show the practice model at a glance: each practice and what it is for, from the catalog."""
    display(HTML(views.model_card(load_catalog())))


COURSE_FILE = Path(__file__).resolve().parent.parent / "course.yaml"


def objectives_markdown(module_id: str, course_file: Union[str, Path] = COURSE_FILE) -> str:
    """A module's time in class and its learning objectives, as Markdown, from ``curriculum/course.yaml``.

    The course file holds them once (the course map in ``curriculum/README.md`` is generated from it too);
    ``grading.course.load_course`` checks it. Without the file (an environment that leaves it out) the
    Markdown says so in one line.
    """
    path = Path(course_file)
    if not path.is_file():
        return f"*The learning objectives of this module are in the course map; {path.name} is not installed here.*"
    modules = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("modules") or []
    module = next((m for m in modules if isinstance(m, dict) and m.get("id") == module_id), None)
    if module is None:
        known = ", ".join(str(m.get("id")) for m in modules if isinstance(m, dict))
        raise ValueError(f"{path}: no module {module_id!r} (there are: {known or 'none'})")
    bullets = "\n".join(f"- {' '.join(str(o).split())}" for o in module.get("objectives") or [])
    return (f"*Lesson, ungraded. About {module.get('minutes')} minutes in class, in session {module.get('session')}.*"
            f"\n\n**By the end of this module you can**\n\n{bullets}\n")


def objectives(module_id: str) -> None:
    """Show a module's learning objectives (and its lesson's time in class) from the course file."""
    display(Markdown(objectives_markdown(module_id)))


VIGNETTES_DIR = Path(__file__).resolve().parent.parent / "lessons" / "vignettes"
_VIGNETTE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LESSON_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def vignettes() -> list[str]:
    """Ids of the lesson vignettes (the files in ``curriculum/lessons/vignettes/``)."""
    return sorted(p.stem for p in VIGNETTES_DIR.glob("*.yaml"))


def vignette_path(vignette_id: str) -> Path:
    """The file of a lesson vignette, by id; ``ValueError`` naming the known ones if there is none."""
    path = VIGNETTES_DIR / f"{vignette_id}.yaml"
    if not isinstance(vignette_id, str) or not _VIGNETTE_ID.match(vignette_id) or not path.is_file():
        raise ValueError(f"no lesson vignette {vignette_id!r} in curriculum/lessons/vignettes/ (there are: "
                         f"{', '.join(vignettes()) or 'none'}); lessons practise on their own vignettes, "
                         "never on the graded library cases")
    return path


def vignette(vignette_id: str) -> Scenario:
    """A lesson vignette, without its grading key (a lesson never shows a key).

    Read from ``curriculum/lessons/vignettes/<vignette_id>.yaml`` beside this
    package, wherever the notebook runs.
    """
    return load_scenario(vignette_path(vignette_id)).trainee_view()


def lesson_case(vignette_id: str) -> Scenario:
    """The case a lesson plays: one of the lesson vignettes (see :func:`vignette`), never a graded library case."""
    return vignette(vignette_id)


def practice_case(vignette_id: str, lesson: str) -> CaseSession:
    """A lesson vignette to practise the tools on; the work is kept in ``lesson-work/<lesson>/`` beside the notebook.

    Each lesson has its own folder, so work on different vignettes never overwrites
    each other. The session is a practice one: nothing in it is ever graded.
    """
    if not isinstance(lesson, str) or not _LESSON_NAME.match(lesson):
        raise ValueError(f"lesson {lesson!r}: name the lesson in lowercase letters, digits and dashes")
    folder = Path("lesson-work") / lesson
    folder.mkdir(parents=True, exist_ok=True)
    return CaseSession(vignette(vignette_id), folder, practice=True)


def show_case_path(vignette_id: str) -> None:
    """The decision points of a vignette in order: when, which practice, what is at stake (no options, no key)."""
    display(HTML(views.case_path(vignette(vignette_id), load_catalog())))


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


class FuturesExplorer(widgets.VBox):
    """Two (or more) ways of working the same case, each played many times, side by side.

    The trainee can change the choices at the decision points in ``vary`` for
    each style, pick which outcome to compare, and play the futures again. Each
    style is simulated with the same seeds, so the styles meet the same luck.
    """

    def __init__(
        self,
        scenario: Scenario,
        styles: Mapping[str, Mapping[str, Choice]],
        vary: Sequence[str] = (),
        runs: int = 100,
        measure: str = "engagement_mean",
        seed: int = 1,
        vary_styles: Optional[Sequence[str]] = None,
    ):
        if len(styles) < 2:
            raise ValueError("compare at least two styles")
        if measure not in views.FUTURE_MEASURES:
            raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(views.FUTURE_MEASURES)}")
        self.scenario = scenario
        self.seed = seed
        self.styles = {name: normalise_decisions(scenario, d) for name, d in styles.items()}
        self.vary = [scenario.decision_point(point_id) for point_id in vary]
        unknown = set(vary_styles or ()) - set(self.styles)
        if unknown:
            raise ValueError(f"vary_styles names styles that are not compared: {sorted(unknown)}")
        self.varied_styles = list(self.styles) if vary_styles is None else list(vary_styles)
        self.frames: dict = {}
        self.controls: dict[str, dict[str, list[widgets.Widget]]] = {}

        columns = []
        for name in self.styles:
            self.controls[name] = {}
            column: list[widgets.Widget] = [widgets.HTML(f"<h4>{escape(name)}</h4>")]
            if name not in self.varied_styles:
                column.append(widgets.HTML("<p><i>Fixed: " + escape(self.describe(name)) + "</i></p>"))
            for dp in self.vary if name in self.varied_styles else ():
                chosen = self.styles[name].get(dp.id, [])
                if dp.kind != "multiple":
                    control = widgets.Dropdown(
                        options=[("(nothing done here)", "")] + [(_short(o.label), o.id) for o in dp.options],
                        value=chosen[0] if chosen else "",
                        description=dp.title,
                        tooltip=f"{name}: {dp.title}. {dp.prompt.strip()}",
                        style={"description_width": "initial"},
                        layout=widgets.Layout(width="auto", max_width="100%"),
                    )
                    self.controls[name][dp.id] = [control]
                    column.append(control)
                else:
                    boxes = []
                    for o in dp.options:
                        box = widgets.Checkbox(value=o.id in chosen, description=_short(o.label), indent=False,
                                               tooltip=f"{name}: {dp.title}. {o.label.strip()}",
                                               layout=widgets.Layout(width="auto"))
                        box.option_id = o.id
                        boxes.append(box)
                    self.controls[name][dp.id] = boxes
                    column += [widgets.HTML(f"<p><b>{escape(dp.title)}</b> <i>(choose all that apply)</i></p>"), *boxes]
            columns.append(widgets.VBox(column, layout=widgets.Layout(flex="1 1 22em", padding="0 0.8em 0 0")))

        self.measure = widgets.Dropdown(
            options=[(label, key) for key, (label, _) in views.FUTURE_MEASURES.items()],
            value=measure, description="Compare", tooltip="Which outcome the two panels show",
            style={"description_width": "initial"},
        )
        self.runs = widgets.IntSlider(value=runs, min=20, max=300, step=20, description="Futures per style",
                                      continuous_update=False, tooltip="How many times each style is played",
                                      style={"description_width": "initial"})
        self.play = widgets.Button(description="Play the futures", button_style="primary",
                                   tooltip="Simulate both styles again with the choices above")
        self.view = widgets.HTML()
        self.measure.observe(lambda _: self.draw(), names="value")
        self.runs.observe(lambda _: self.run(), names="value")
        self.play.on_click(lambda _: self.run())
        parts: list[widgets.Widget] = []
        if self.vary:
            parts.append(widgets.HBox(columns, layout=widgets.Layout(flex_flow="row wrap")))
        parts += self.extra_controls()
        parts += [widgets.HBox([self.measure, self.runs, self.play], layout=widgets.Layout(flex_flow="row wrap")), self.view]
        super().__init__(parts)
        for control in [self.measure, self.runs, *(c for d in self.controls.values() for cs in d.values() for c in cs),
                        *getattr(self, "sliders", {}).values()]:
            control.add_class(live.KEYS_CLASS)  # arrow keys change the control, not the notebook's cell
        self.fallback = None
        self.run()
        self.fallback = live.shown_with_fallback(self, self.view.value, rerun=(
            "The notebook was reopened, so the controls are not running: run this cell to compare again."))

    def extra_controls(self) -> list[widgets.Widget]:
        """Controls a subclass adds above the outcome picker."""
        return []

    def scenario_for(self, name: str) -> Scenario:
        """The case as one style plays it (the same case for every style here)."""
        return self.scenario

    def describe(self, name: str) -> str:
        """The choices of a style, in words."""
        chosen = self.styles[name]
        if not chosen:
            return "no decision is made at any point."
        parts = []
        for dp in self.scenario.decision_points:
            if dp.id in chosen:
                labels = [_short(o.label, 60) for o in dp.options if o.id in chosen[dp.id]]
                parts.append(f"{dp.title}: {'; '.join(labels)}")
        return " | ".join(parts)

    def decisions(self, name: str) -> dict[str, list[str]]:
        """The decisions of one style, with the trainee's changes to the points in ``vary``."""
        out = {k: list(v) for k, v in self.styles[name].items()}
        if name not in self.varied_styles:
            return out
        for dp in self.vary:
            controls = self.controls[name][dp.id]
            if dp.kind != "multiple":
                chosen = [controls[0].value] if controls[0].value else []
            else:
                chosen = [box.option_id for box in controls if box.value]
            if chosen:
                out[dp.id] = chosen
            else:
                out.pop(dp.id, None)
        return out

    def run(self) -> None:
        """Play every style ``runs`` times (same seeds for each style) and draw the result."""
        self.frames = {
            name: simulate_many(self.scenario_for(name), self.decisions(name), self.runs.value, seed=self.seed)
            for name in self.styles
        }
        self.draw()

    def draw(self) -> None:
        """Redraw the panels and the text summary for the chosen outcome."""
        alt = views.futures_alt(self.frames, self.measure.value)
        figure = views.figure_html(views.futures_figure(self.frames, self.measure.value), alt)
        self.view.value = (
            figure + f"<p><b>In words:</b> {escape(alt)}</p>" + views.futures_table(self.frames)
        )
        if self.fallback is not None:
            self.fallback.update(self.view.value)


class LeversExplorer(FuturesExplorer):
    """The case as written beside the same case with some of its parameters changed, no decisions made.

    It shows how the simulator represents a family: a decision acts only by
    changing these parameters, so moving them by hand shows what decisions can do.
    """

    AS_WRITTEN = "As the report finds them"
    CHANGED = "With the levers you set"

    def __init__(self, scenario: Scenario, levers: Sequence[str], runs: int = 60, measure: str = "safety_incidents",
                 seed: int = 1):
        unknown = [name for name in levers if name not in PARAMETERS]
        if unknown:
            raise ValueError(f"unknown case parameters {unknown}; known: {', '.join(PARAMETERS)}")
        self.sliders = {}
        for name in levers:
            p = PARAMETERS[name]
            self.sliders[name] = widgets.FloatSlider(
                value=scenario.parameters.get(name, p.default), min=p.low, max=p.high,
                step=round((p.high - p.low) / 20, 3), description=name.replace("_", " ").capitalize(),
                tooltip=f"{p.description} ({p.unit})", continuous_update=False, readout_format=".2f",
                style={"description_width": "12em"}, layout=widgets.Layout(width="32em"),
            )
        super().__init__(scenario, {self.AS_WRITTEN: {}, self.CHANGED: {}}, runs=runs, measure=measure, seed=seed)

    def extra_controls(self) -> list[widgets.Widget]:
        notes = "".join(
            f"<li><b>{escape(name.replace('_', ' ').capitalize())}</b>: {escape(PARAMETERS[name].description)}</li>"
            for name in self.sliders
        )
        return [widgets.HTML(f"<h4>{escape(self.CHANGED)}</h4><ul>{notes}</ul>"), *self.sliders.values()]

    def scenario_for(self, name: str) -> Scenario:
        if name != self.CHANGED:
            return self.scenario
        changed = dict(self.scenario.parameters)
        changed.update({lever: slider.value for lever, slider in self.sliders.items()})
        return self.scenario.model_copy(update={"parameters": changed})


def compare_levers(vignette_id: str, levers: Sequence[str], runs: int = 60, measure: str = "safety_incidents",
                   seed: int = 1) -> LeversExplorer:
    """A lesson vignette as written beside the same vignette with the parameters in ``levers`` set by sliders."""
    return LeversExplorer(vignette(vignette_id), levers, runs=runs, measure=measure, seed=seed)


def compare_futures(
    vignette_id: str,
    styles: Mapping[str, Mapping[str, Choice]],
    vary: Sequence[str] = (),
    runs: int = 100,
    measure: str = "engagement_mean",
    seed: int = 1,
    scenario: Optional[Scenario] = None,
    vary_styles: Optional[Sequence[str]] = None,
) -> FuturesExplorer:
    """A lesson vignette's family under different ways of working: ``styles`` maps a name to decisions by option id.

    ``vary`` lists the decision points the trainee may change, in every style or
    only in those named in ``vary_styles``. ``scenario``, when given, is played
    instead of the vignette (a scenario built in the notebook); a case of the
    graded library is refused there too.
    """
    if scenario is not None and scenario.id in library():
        raise ValueError(f"{scenario.id!r} is a case of the scenario library; lessons practise on their own "
                         "vignettes, never on the graded library cases")
    return FuturesExplorer(scenario or vignette(vignette_id), styles, vary=vary, runs=runs, measure=measure,
                           seed=seed, vary_styles=vary_styles)


class CaseLife(PlayOut):
    """One run of a whole case, walked through week by week with a slider: the standing, the plot, its words,
    the story, each up to the slider's week."""

    def __init__(self, scenario: Scenario, decisions: Mapping[str, Choice], seed: Optional[int] = None):
        chosen = normalise_decisions(scenario, decisions)
        super().__init__(scenario, seed, lambda: chosen, lambda: [])
        self.fallback = live.shown_with_fallback(self, self.static())


def case_life(vignette_id: str, decisions: Mapping[str, Choice], seed: Optional[int] = None) -> CaseLife:
    """Play one run of a lesson vignette with these decisions and walk through it week by week."""
    return CaseLife(vignette(vignette_id), decisions, seed)
