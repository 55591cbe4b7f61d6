"""Where a notebook's case is played: the course's case service (every graded assignment), or the kernel
itself (a lesson's vignette, never graded).

Both answer the same way: the family and the report anyone may read, and what this trainee may see now
(:func:`simulator.play.trainee_view`). The widgets only render that answer; the trainee's side asks, the
course's side decides, records and grades.

The service is found from the kernel's environment: ``CASEWORK_SERVICE_URL`` (set by the hub for every
trainee's server, and by ``make classroom``), and the token ``JUPYTERHUB_API_TOKEN`` (the trainee's own,
which the single-user server passes to its kernels) or ``CASEWORK_SERVICE_TOKEN`` (``make classroom``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Optional, Union
from urllib.parse import quote

from scenarios.decisions import DecisionBook
from scenarios.models import Scenario

GRADED, PRACTICE = "graded", "practice"
URL_ENV = "CASEWORK_SERVICE_URL"
TOKEN_ENV = "CASEWORK_SERVICE_TOKEN"
TIMEOUT = 30
RETRIES, RETRY_SECONDS = 20, 0.5  # a restarting service: up to 10 s before the trainee is told


class CaseUnavailable(Exception):
    """The case cannot be reached or opened; the message is one plain sentence for the trainee."""


class ServiceBackend:
    """The course's case service, over HTTP, with this trainee's token."""

    def __init__(self, assignment: str, mode: str = GRADED, url: Optional[str] = None, token: Optional[str] = None):
        self.assignment, self.mode = assignment, mode
        self.url = (url or os.environ.get(URL_ENV, "")).rstrip("/") + "/"
        self.token = token or os.environ.get(TOKEN_ENV) or os.environ.get("JUPYTERHUB_API_TOKEN") or ""
        if self.url == "/":
            raise CaseUnavailable(
                "This notebook needs the course's case service, and none is set up here (CASEWORK_SERVICE_URL "
                "is not set). Open the assignment from the course (make classroom, or your class's hub).")

    def _call(self, method: str, path: str, body: Optional[dict] = None) -> dict:
        url = f"{self.url}api/plays/{quote(self.assignment, safe='')}{path}"
        if method == "GET" and self.mode != GRADED:
            url += f"?mode={self.mode}"
        data = None if body is None else json.dumps({**body, "mode": self.mode}).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        try:
            return self._send(request)
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read().decode("utf-8")).get("error")
            except (ValueError, AttributeError):
                message = None
            raise CaseUnavailable(message or f"The course's case service refused the request ({exc.code}).") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise CaseUnavailable(
                f"The course's case service does not answer ({getattr(exc, 'reason', exc)}). Everything you chose "
                "is kept by the course: ask your coach, then run this cell again.") from None

    @staticmethod
    def _send(request) -> dict:
        # a service restarting (the hub starts it again at once) refuses connections for a moment: try again
        for attempt in range(RETRIES):
            try:
                with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.URLError as exc:
                refused = isinstance(exc.reason, ConnectionRefusedError)
                if isinstance(exc, urllib.error.HTTPError) or not refused or attempt == RETRIES - 1:
                    raise
                time.sleep(RETRY_SECONDS)
        raise AssertionError("unreachable")

    def open(self) -> dict:
        return self._call("GET", "")

    def decide(self, point: str, options: list[str]) -> dict:
        return self._call("POST", "/decisions", {"point": point, "options": list(options)})

    def finish(self) -> dict:
        return self._call("POST", "/finish", {})

    def futures(self) -> dict:
        return self._call("GET", "/futures")

    def practice(self, folder: Path) -> "ServiceBackend":
        return ServiceBackend(self.assignment, PRACTICE, self.url, self.token)


class LocalBackend:
    """A case played in the kernel, its record in ``decisions.json``: a lesson's vignette (never graded), and
    tests of the widgets. The same path logic as the service (:class:`simulator.play.Play`)."""

    def __init__(self, scenario: Scenario, folder: Union[str, Path], identity: Optional[str] = None,
                 practice: bool = False, seed: Optional[int] = None):
        from scenarios.variant import hub_identity, new_identity

        self.scenario, self.folder, self.practice_mode, self.seed = scenario, Path(folder), practice, seed
        self.mode = PRACTICE if practice else GRADED
        self.book = DecisionBook.open(self.folder, scenario.id)
        self.identity = identity or hub_identity() or self.book.variant or new_identity()
        if self.book.variant != self.identity:
            self.book.variant = self.identity
            self.folder.mkdir(parents=True, exist_ok=True)
            self.book.save()

    def _play(self):
        from simulator.play import Play, Record

        return Play(self.scenario, self.identity, Record(self.book.choices, self.book.shown, self.book.finished_at),
                    practice=self.practice_mode, seed=self.seed)

    def _answer(self, play, refused: Optional[str] = None) -> dict:
        from simulator.play import public_case

        return {"assignment": self.scenario.id, "mode": self.mode, "case": public_case(self.scenario),
                "view": play.view(), "refused": refused,
                "record": {"scenario": self.scenario.id, "variant": self.identity, "choices": self.book.choices,
                           "shown": self.book.shown, "finished_at": self.book.finished_at}}

    def open(self) -> dict:
        return self._answer(self._play())

    def decide(self, point: str, options: list[str]) -> dict:
        play = self._play()
        problem = play.check(point, options)
        if problem:
            return self._answer(play, problem)
        play.apply(point, list(options))  # the author's order, as the service keeps it
        # [] clears a choice still open
        self.book.record(point, play.record.choices.get(point, []), shown=play.orders[point])
        return self._answer(self._play())

    def finish(self) -> dict:
        play = self._play()
        if not play.finish(dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")):
            return self._answer(play, "Your choices can be made final once every moment of the case is decided.")
        self.book.finish()
        return self._answer(self._play())

    def futures(self) -> dict:
        from .futures import FUTURES_RUNS, plan_summary

        path = self._play().path()
        if not path.complete:
            raise CaseUnavailable("Your plan is played many times once every moment of the case is decided.")
        return {"runs": FUTURES_RUNS, "summary": plan_summary(self.scenario, path.choices, FUTURES_RUNS),
                "choices": path.choices}

    def practice(self, folder: Path) -> "LocalBackend":
        return LocalBackend(self.scenario, folder, self.identity, practice=True, seed=self.seed)
