"""The case played out, walked through week by week: what the slider shows is the case up to that week."""

from __future__ import annotations

from html import escape
from typing import Callable, Optional

import ipywidgets as widgets

from simulator import simulate
from simulator.records import CaseResult

from . import live
from .render import case_up_to


class PlayOut(widgets.VBox):
    """A played-out case with a week slider; it plays the case again when the choices change.

    ``choices`` and ``undecided`` are read at each refresh (the session's record);
    a fixed set of decisions (a lesson) passes functions returning them.
    """

    def __init__(self, scenario, seed: Optional[int], choices: Callable[[], dict], undecided: Callable[[], list[str]],
                 play: Optional[Callable[[dict], CaseResult]] = None):
        self.scenario, self.seed = scenario, seed
        self._choices, self._undecided = choices, undecided
        # how the choices become a played case: the case's own answer (an assignment), else simulated here
        self._play = play or (lambda chosen: simulate(self.scenario, chosen, self.seed))
        self.result: Optional[CaseResult] = None
        self.played: Optional[dict] = None
        self.fallback: Optional[live.Fallback] = None
        self.slider = widgets.IntSlider(value=0, min=0, max=1, step=1, description="Week",
                                        continuous_update=False, tooltip="Move through the case week by week")
        self.slider.add_class(live.KEYS_CLASS)
        self.note = widgets.HTML()
        self.view = widgets.HTML()
        self.slider.observe(lambda _: self.draw(), names="value")
        super().__init__([self.note, self.slider, self.view])
        self.add_class("casework-playout")
        self.refresh()

    def refresh(self) -> None:
        """Play the case again if the choices changed since it was played (or say what is left to decide)."""
        undecided = self._undecided()
        if undecided:
            self.result, self.played = None, None
            self.slider.layout.display = "none"
            self.note.value = f"<p><b>Decide first:</b> {escape(', '.join(undecided))}.</p>"
            self.view.value = ""
            self._save()
            return
        choices = {k: list(v) for k, v in self._choices().items()}
        if choices == self.played and self.result is not None:
            return
        replayed = self.played is not None
        self.played = choices
        self.result = self._play(choices)
        if self.result is None:
            self.played = None
            self.note.value = "<p>The case could not be played out just now: run this cell again.</p>"
            return
        horizon = int(self.result.outcomes.weeks_simulated)
        self.slider.layout.display = ""
        self.note.value = ("<p class='casework-replayed'><b>Played again:</b> a decision changed, so this is the case "
                           "as your decisions now stand.</p>" if replayed else "")
        self.slider.max = max(1, horizon)
        if self.slider.value != horizon:
            self.slider.value = horizon  # draws
        else:
            self.draw()

    def draw(self) -> None:
        """Show the case up to the slider's week."""
        if self.result is None:
            return
        self.view.value = case_up_to(self.result, self.slider.value, self.scenario.opened_on)
        self._save()

    def static(self) -> str:
        return self.note.value + self.view.value

    def _save(self) -> None:
        if self.fallback is not None:
            self.fallback.update(self.static())
