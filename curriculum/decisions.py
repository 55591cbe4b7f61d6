"""A trainee's decisions, saved the moment they are made.

``decisions.json`` beside the notebook holds the current choice at every
decision point; ``decisions.log.jsonl`` keeps every choice ever made, with a
timestamp. The JSON file is replaced atomically (temporary file, fsync,
``os.replace``), and the log is written first, so a crash at any moment leaves
either the old or the new file, and the log can rebuild it.

The practice tools (three columns, danger statement, case plan, ...) keep the
trainee's work in the same file, under ``work`` (tool id -> JSON value), saved
and logged the same way through :meth:`DecisionBook.record_work`. Grading reads
only ``choices``; a damaged ``work`` section is set aside and never costs a
decision.

Grading reads the file through :func:`read_decisions`, which never raises: a
missing or damaged file is reported as a problem the grade cell can print.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

DECISIONS_FILE = "decisions.json"
LOG_FILE = "decisions.log.jsonl"
FORMAT = "casework-decisions"
FORMAT_VERSION = 1


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass
class DecisionFile:
    """What a decisions file says, or why it could not be read."""

    scenario: Optional[str] = None
    choices: dict[str, list[str]] = field(default_factory=dict)
    problem: Optional[str] = None
    # the practice tools' saved work, tool id -> JSON value (not graded)
    work: dict[str, Any] = field(default_factory=dict)


def _parse(text: str) -> DecisionFile:
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("it is not a casework decisions file")
    choices = data.get("choices")
    if not isinstance(choices, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in choices.items()
    ):
        raise ValueError("its 'choices' are not a mapping of decision points to lists of options")
    work = data.get("work")
    # work is never graded: if it is damaged, keep the decisions and leave the work out
    work = work if isinstance(work, dict) and all(isinstance(k, str) for k in work) else {}
    return DecisionFile(scenario=data.get("scenario"), choices=choices, work=work)


def read_decisions(folder: Union[str, Path] = ".") -> DecisionFile:
    """Read ``decisions.json`` in ``folder``; never raises, reports problems instead."""
    path = Path(folder) / DECISIONS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return DecisionFile(problem=f"No {DECISIONS_FILE} was found beside the notebook, so no decisions were recorded.")
    except OSError as exc:
        return DecisionFile(problem=f"{DECISIONS_FILE} could not be read ({exc.strerror}).")
    try:
        return _parse(text)
    except (ValueError, json.JSONDecodeError) as exc:
        reason = "it is not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
        return DecisionFile(problem=f"{DECISIONS_FILE} is damaged ({reason}), so its decisions could not be scored.")


def _log_entries(folder: Union[str, Path], scenario: str):
    """The log's entries for a scenario, oldest first, skipping damaged lines."""
    path = Path(folder) / LOG_FILE
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and entry.get("scenario") == scenario:
            yield entry


def replay_log(folder: Union[str, Path], scenario: str) -> dict[str, list[str]]:
    """Rebuild the latest choices for a scenario from the decision log (skipping damaged lines)."""
    choices: dict[str, list[str]] = {}
    for entry in _log_entries(folder, scenario):
        if isinstance(entry.get("choice"), list):
            choices[str(entry.get("point"))] = [str(c) for c in entry["choice"]]
    return choices


def replay_work_log(folder: Union[str, Path], scenario: str) -> dict[str, Any]:
    """Rebuild the latest saved work of each practice tool from the decision log."""
    work: dict[str, Any] = {}
    for entry in _log_entries(folder, scenario):
        if isinstance(entry.get("work"), str) and "value" in entry:
            work[entry["work"]] = entry["value"]
    return work


class DecisionBook:
    """The decisions of one trainee on one scenario, kept in a folder."""

    def __init__(self, folder: Union[str, Path], scenario: str, choices: dict[str, list[str]]):
        self.folder = Path(folder)
        self.scenario = scenario
        self.choices = choices
        self.work: dict[str, Any] = {}
        self.notice: Optional[str] = None

    @classmethod
    def open(cls, folder: Union[str, Path], scenario: str, recover: bool = True) -> "DecisionBook":
        """Open the book in ``folder``, restoring earlier choices.

        With ``recover``, a missing or damaged file is rebuilt from the decision log.
        """
        folder = Path(folder)
        current = read_decisions(folder)
        book = cls(folder, scenario, {})
        if current.problem is None and current.scenario == scenario:
            book.choices = current.choices
            book.work = current.work
        elif recover and (folder / LOG_FILE).exists():
            book.choices = replay_log(folder, scenario)
            book.work = replay_work_log(folder, scenario)
            if (book.choices or book.work) and current.problem is not None:
                book.notice = f"{current.problem} Your choices were restored from {LOG_FILE}."
        return book

    def record(self, point: str, choice: list[str]) -> None:
        """Save one decision now: log it, then replace the decisions file atomically."""
        self.choices[point] = list(choice)
        entry = {"at": _now(), "scenario": self.scenario, "point": point, "choice": list(choice)}
        self._log(entry)
        self.save(entry["at"])

    def record_work(self, tool_id: str, value: Any) -> None:
        """Save a practice tool's work now (any JSON value): log it, then replace the file atomically."""
        value = json.loads(json.dumps(value))  # a private copy, and a clear error if it is not JSON
        self.work[tool_id] = value
        entry = {"at": _now(), "scenario": self.scenario, "work": tool_id, "value": value}
        self._log(entry)
        self.save(entry["at"])

    def _log(self, entry: dict) -> None:
        with open(self.folder / LOG_FILE, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry) + "\n")
            log.flush()
            os.fsync(log.fileno())

    def save(self, updated_at: Optional[str] = None) -> None:
        """Replace the decisions file atomically with the current choices."""
        document = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "scenario": self.scenario,
            "updated_at": updated_at or _now(),
            "choices": self.choices,
        }
        if self.work:
            document["work"] = self.work
        _write_atomically(self.folder / DECISIONS_FILE, json.dumps(document, indent=2) + "\n")

    def write_all(self, choices: dict[str, list[str]]) -> None:
        """Save a whole set of decisions (used by scripted trainees)."""
        for point, choice in choices.items():
            self.record(point, choice)
