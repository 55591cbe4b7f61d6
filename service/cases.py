"""The course's side of every trainee's case: it holds the case, checks each decision, records it, and answers
with only what the trainee may see now.

:class:`CaseService` is the service without HTTP (``service.app`` serves it; tests and scripts call it directly).
It never learns who is asking from the request: the caller (the web handler) passes the name the hub, or the
local token, vouched for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Callable, Optional, Union

from scenarios.models import Scenario
from simulator.play import Play, Record, public_case

from .store import GRADED, PRACTICE, PlayRow, Store, now

from grading.key import course_case_file as case_file


class Refused(Exception):
    """A request the service will not carry out; the message is one plain sentence for the trainee."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.status = status


def hub_variant(name: str) -> str:
    """The variant (option order) of a trainee on a hub: their account, as the notebooks always used."""
    return f"hub:{name}"


class CaseService:
    """Every trainee's play of every assignment of one course."""

    def __init__(self, course: Union[str, Path], store: Store, variant: Callable[[str], str] = hub_variant):
        self.course = Path(course)
        self.store = store
        self.variant = variant
        self._cases: dict[str, tuple[int, Scenario]] = {}
        self._plays: "OrderedDict[tuple, tuple[str, Play]]" = OrderedDict()
        self._futures: "OrderedDict[tuple, dict]" = OrderedDict()
        self._lock = threading.RLock()

    # --- the course's cases ------------------------------------------------------------

    def assignments(self) -> list[str]:
        folder = case_file(self.course, "x").parent
        return sorted(p.stem for p in folder.glob("*.bin")) if folder.is_dir() else []

    def scenario(self, assignment: str) -> Scenario:
        """The course's copy of an assignment's case (read again when the course is rebuilt)."""
        from scenarios.packed import PackedCaseError, read_packed

        if not isinstance(assignment, str) or not assignment or "/" in assignment or assignment.startswith("."):
            raise Refused("No such assignment.", 404)
        path = case_file(self.course, assignment)
        try:
            version = path.stat().st_mtime_ns
        except OSError:
            raise Refused(f"This course has no assignment {assignment!r}.", 404) from None
        cached = self._cases.get(assignment)
        if cached is None or cached[0] != version:
            try:
                cached = (version, read_packed(path))
            except PackedCaseError as exc:
                raise Refused(f"The course's copy of {assignment!r} cannot be read ({exc}); tell your coach.", 500)
            self._cases[assignment] = cached
        return cached[1]

    # --- plays -------------------------------------------------------------------------

    def _play(self, trainee: str, assignment: str, mode: str) -> tuple[PlayRow, Play]:
        scenario = self.scenario(assignment)
        if mode not in (GRADED, PRACTICE):
            raise Refused("A play is graded or practice.", 400)
        if mode == PRACTICE:
            graded = self.store.play(trainee, assignment, GRADED)
            if graded is None or not graded.finished_at:
                raise Refused("The practice replay opens once your graded decisions are final.")
        row = self.store.open_play(trainee, assignment, mode, scenario.id, self.variant(trainee))
        key = (trainee, assignment, mode)
        cached = self._plays.get(key)
        if cached is not None and cached[0] == row.updated_at and cached[1].scenario is scenario:
            self._plays.move_to_end(key)
            return row, cached[1]
        play = Play(scenario, row.variant, Record(dict(row.choices), dict(row.shown), row.finished_at),
                    practice=mode == PRACTICE)
        self._plays[key] = (row.updated_at, play)
        while len(self._plays) > 5000:
            self._plays.popitem(last=False)
        return row, play

    def _answer(self, assignment: str, row: PlayRow, play: Play, refused: Optional[str] = None) -> dict:
        return {
            "assignment": assignment,
            "trainee": row.trainee,
            "mode": row.mode,
            "case": public_case(play.scenario),
            "view": play.view(),
            "record": {"scenario": row.scenario, "variant": row.variant, "choices": play.record.choices,
                       "shown": play.record.shown, "finished_at": play.record.finished_at,
                       "updated_at": row.updated_at},
            "refused": refused,
        }

    def open(self, trainee: str, assignment: str, mode: str = GRADED) -> dict:
        """The trainee's play as it stands (made the first time)."""
        with self._lock:
            row, play = self._play(trainee, assignment, mode)
            return self._answer(assignment, row, play)

    def decide(self, trainee: str, assignment: str, point, options, mode: str = GRADED) -> dict:
        """Check a decision against the path and the locks, record it (or keep the refusal), and answer."""
        with self._lock:
            row, play = self._play(trainee, assignment, mode)
            problem = play.check(point, options)
            if problem:
                self.store.refuse(trainee, assignment, mode, point, options, problem)
                return self._answer(assignment, row, play, refused=problem)
            play.apply(point, list(options))
            row.choices, row.shown = play.record.choices, play.record.shown
            at = self.store.record(row, point, list(options), play.orders[point])
            self._plays[(trainee, assignment, mode)] = (at, play)
            return self._answer(assignment, row, play)

    def finish(self, trainee: str, assignment: str) -> dict:
        """Make every graded choice final (the practice replay is opened after this)."""
        with self._lock:
            row, play = self._play(trainee, assignment, GRADED)
            if not play.finish(now()):
                problem = "Your choices can be made final once every moment of the case is decided."
                self.store.refuse(trainee, assignment, GRADED, None, [], problem)
                return self._answer(assignment, row, play, refused=problem)
            if not row.finished_at:
                row.finished_at = play.record.finished_at
                at = self.store.finish(row)
                self._plays[(trainee, assignment, GRADED)] = (at, play)
            return self._answer(assignment, row, play)

    def futures(self, trainee: str, assignment: str, mode: str = GRADED) -> dict:
        """The trainee's plan played many times (the same runs and seed the feedback and the coach use)."""
        from curriculum.toolkit.futures import FUTURES_RUNS

        with self._lock:
            _row, play = self._play(trainee, assignment, mode)
            path = play.path()
            if not path.complete:
                raise Refused("Your plan is played many times once every moment of the case is decided.")
            return {"runs": FUTURES_RUNS, "summary": self.plan_summary(play.scenario, path.choices),
                    "choices": path.choices}

    def plan_summary(self, scenario: Scenario, choices: dict[str, list[str]]) -> dict:
        """A plan's futures (the notebook's runs and seed), kept: trainees who chose alike share them."""
        from curriculum.toolkit.futures import FUTURES_RUNS, plan_summary

        key = (scenario.id, tuple(sorted((k, tuple(v)) for k, v in choices.items() if v)))
        summary = self._futures.get(key)
        if summary is None:
            summary = plan_summary(scenario, choices, FUTURES_RUNS)
            self._futures[key] = summary
            while len(self._futures) > 2000:
                self._futures.popitem(last=False)
        return summary

    # --- the class debrief (the coach's eyes only) -------------------------------------

    @property
    def room(self):
        from .debrief import Room

        if getattr(self, "_room", None) is None:
            self._room = Room(self.course, self.store, self.scenario)
        return self._room

    def debrief(self, assignment: str, names: bool = True) -> dict:
        """The room's choices at every moment of an assignment (``names=False``: not one name in it)."""
        with self._lock:
            self.scenario(assignment)  # an unknown assignment is refused in one sentence
            return self.room.state(assignment, names)

    def room_futures(self, assignment: str) -> dict:
        """Where the room's plans lead, beside the practice model's futures frozen at build (no names)."""
        from grading.key import read_reference

        from .debrief import room_futures

        with self._lock:
            scenario = self.scenario(assignment)
            state = self.room.state(assignment)
            return room_futures(scenario, self.room._played(assignment), state,
                                read_reference(self.course, assignment),
                                lambda choices: self.plan_summary(scenario, choices))
