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
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union

DECISIONS_FILE = "decisions.json"
LOG_FILE = "decisions.log.jsonl"
FORMAT = "casework-decisions"
# 2 adds the trainee's variant (whose shuffled order the options were shown in) and the order shown at each point
FORMAT_VERSION = 2


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``: a temporary file (owner-only), fsync, ``os.replace``."""
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


# What the coach's side will read of a submission; anything larger is not parsed at all.
MAX_DECISIONS_BYTES = 2_000_000
MAX_LOG_BYTES = 10_000_000
# limits on the record's shape: far above what any case needs, far below what could hurt a reader
MAX_POINTS = 500
MAX_CHOSEN = 50
MAX_ID_CHARS = 200
MAX_WORK_DEPTH = 32

WHAT_TO_DO = "Tell your coach: the coach can recover your choices from decisions.log.jsonl."


@dataclass
class DecisionFile:
    """What a decisions file says, or why it could not be read."""

    scenario: Optional[str] = None
    choices: dict[str, list[str]] = field(default_factory=dict)
    problem: Optional[str] = None
    # the practice tools' saved work, tool id -> JSON value (not graded)
    work: dict[str, Any] = field(default_factory=dict)
    # things that were wrong but did not stop the reading (repeated ids, damaged work)
    notes: list[str] = field(default_factory=list)
    # the identity the option orders were shuffled for, and the order shown at each point (option ids)
    variant: Optional[str] = None
    shown: dict[str, list[str]] = field(default_factory=dict)
    # when the trainee made every decision final (by starting the practice replay)
    finished_at: Optional[str] = None


class UnsafeFile(ValueError):
    """A file the coach's side refuses to read (a link, a device, a folder, too large)."""


def read_bytes_safely(path: Union[str, Path], max_bytes: int) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``; never follows a symbolic link.

    Raises :class:`FileNotFoundError` when there is no such file and :class:`UnsafeFile`
    (with a plain reason) for a link, a device, a pipe, a folder or a file over the cap.
    """
    path = Path(path)
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeFile(f"{path.name} is a link to another file, not a file of its own; it was not read")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeFile(f"{path.name} is not a regular file; it was not read")
    if st.st_size > max_bytes:
        raise UnsafeFile(f"{path.name} is {st.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit; it was not read")
    # O_NOFOLLOW: the name could have become a link since lstat; O_NONBLOCK: never wait on a pipe
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafeFile(f"{path.name} is not a regular file; it was not read")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise UnsafeFile(f"{path.name} is over the {max_bytes / 1e6:g} MB limit; it was not read")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"it is not UTF-8 text (byte {data[exc.start]:#04x} at position {exc.start})") from None


def _depth_ok(value: Any, limit: int) -> bool:
    """Whether a parsed JSON value nests no deeper than ``limit`` (iterative: no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def _parse(text: str) -> DecisionFile:
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("it is nested too deeply to be a decisions file") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("it is not a casework decisions file")
    scenario = data.get("scenario")
    if not isinstance(scenario, str) or not scenario or len(scenario) > MAX_ID_CHARS:
        raise ValueError("it does not say which case it belongs to")
    choices = data.get("choices")
    if not isinstance(choices, dict) or len(choices) > MAX_POINTS or not all(
        isinstance(k, str) and len(k) <= MAX_ID_CHARS and isinstance(v, list) and len(v) <= MAX_CHOSEN
        and all(isinstance(x, str) and len(x) <= MAX_ID_CHARS for x in v)
        for k, v in choices.items()
    ):
        raise ValueError("its 'choices' are not a mapping of decision points to short lists of options")
    notes = []
    clean: dict[str, list[str]] = {}
    for point, chosen in choices.items():
        unique = list(dict.fromkeys(chosen))  # an option chosen twice counts once
        if len(unique) < len(chosen):
            notes.append(f"an option was listed more than once at {point!r}; it counts once")
        clean[point] = unique
    work = data.get("work")
    # work is never graded: if it is damaged, keep the decisions and leave the work out
    if work is not None and not (isinstance(work, dict) and all(isinstance(k, str) for k in work) and _depth_ok(work, MAX_WORK_DEPTH)):
        notes.append("the practice tools' saved work was damaged and was left out")
        work = {}
    variant = data.get("variant")
    if variant is not None and not (isinstance(variant, str) and len(variant) <= MAX_ID_CHARS):
        notes.append("the record's variant was damaged and was left out")
        variant = None
    shown = data.get("shown") or {}
    if not (isinstance(shown, dict) and len(shown) <= MAX_POINTS and all(
        isinstance(k, str) and isinstance(v, list) and len(v) <= MAX_CHOSEN and all(isinstance(x, str) for x in v)
        for k, v in shown.items()
    )):
        notes.append("the order the options were shown in was damaged and was left out")
        shown = {}
    finished = data.get("finished_at")
    finished = finished if isinstance(finished, str) and len(finished) <= MAX_ID_CHARS else None
    return DecisionFile(scenario=scenario, choices=clean, work=work or {}, notes=notes, variant=variant, shown=shown,
                        finished_at=finished)


def read_decisions(folder: Union[str, Path] = ".", max_bytes: int = MAX_DECISIONS_BYTES) -> DecisionFile:
    """Read ``decisions.json`` in ``folder`` (or ``folder`` itself when it names a file, whatever its name);
    never raises, reports problems instead.

    The file is read only if it is a regular file (not a link, a device or a folder)
    no larger than ``max_bytes``, is UTF-8 JSON of the decisions format, and has the
    expected shape; anything else is a plain ``problem`` and no choices.
    """
    path = Path(folder)
    path = path if path.is_file() else path / DECISIONS_FILE
    try:
        raw = read_bytes_safely(path, max_bytes)
    except FileNotFoundError:
        return DecisionFile(problem=f"No {DECISIONS_FILE} was found beside the notebook, so no decisions were recorded.")
    except UnsafeFile as exc:
        return DecisionFile(problem=f"{exc}, so its decisions could not be scored.")
    except OSError as exc:
        return DecisionFile(problem=f"{DECISIONS_FILE} could not be read ({exc.strerror}).")
    try:
        return _parse(_decode(raw, DECISIONS_FILE))
    except (ValueError, json.JSONDecodeError) as exc:
        reason = "it is not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
        return DecisionFile(problem=f"{DECISIONS_FILE} is damaged ({reason}), so its decisions could not be scored.")


def _log_entries(folder: Union[str, Path], scenario: str):
    """The log's entries for a scenario, oldest first, skipping damaged lines."""
    path = Path(folder) / LOG_FILE
    try:
        raw = read_bytes_safely(path, MAX_LOG_BYTES)
    except (OSError, UnsafeFile):
        return
    for line in raw.decode("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(entry, dict) and entry.get("scenario") == scenario:
            yield entry


def replay_log(folder: Union[str, Path], scenario: str) -> dict[str, list[str]]:
    """Rebuild the latest choices for a scenario from the decision log (skipping damaged lines)."""
    choices: dict[str, list[str]] = {}
    for entry in _log_entries(folder, scenario):
        choice, point = entry.get("choice"), entry.get("point")
        if isinstance(point, str) and isinstance(choice, list) and all(isinstance(c, str) for c in choice):
            choices[point] = list(dict.fromkeys(choice))
    return choices


def decision_times(folder: Union[str, Path], scenario: str) -> dict[str, list[tuple[frozenset, str]]]:
    """Point -> (choice as a set, time as logged) for every choice the decision log in ``folder`` records, oldest
    first (damaged lines skipped; the practice tools' work and the 'finished' mark are no decisions)."""
    times: dict[str, list[tuple[frozenset, str]]] = {}
    for entry in _log_entries(folder, scenario):
        point, choice, at = entry.get("point"), entry.get("choice"), entry.get("at")
        if isinstance(point, str) and isinstance(choice, list) and isinstance(at, str) \
                and all(isinstance(c, str) for c in choice):
            times.setdefault(point, []).append((frozenset(choice), at))
    return times


def replay_work_log(folder: Union[str, Path], scenario: str) -> dict[str, Any]:
    """Rebuild the latest saved work of each practice tool from the decision log."""
    work: dict[str, Any] = {}
    for entry in _log_entries(folder, scenario):
        if isinstance(entry.get("work"), str) and "value" in entry:
            work[entry["work"]] = entry["value"]
    return work


def replay_variant(folder: Union[str, Path], scenario: str) -> tuple[Optional[str], dict[str, list[str]]]:
    """The variant and the orders shown, as the decision log last recorded them."""
    variant, shown = None, {}
    for entry in _log_entries(folder, scenario):
        if isinstance(entry.get("variant"), str):
            variant = entry["variant"]
        order, point = entry.get("shown"), entry.get("point")
        if isinstance(point, str) and isinstance(order, list) and all(isinstance(o, str) for o in order):
            shown[point] = order
    return variant, shown


def locked_points(order: list[str], choices: dict[str, list[str]], finished: bool = False) -> set[str]:
    """Decision points that can no longer change: every point before the last one decided (all, once finished).

    ``order`` is the case's decision points in order. Once a trainee decides at a later
    point the case has moved on, so earlier choices are final (ungraded practice excepted).
    """
    if finished:
        return set(order)
    decided = [i for i, p in enumerate(order) if choices.get(p)]
    return set(order[: decided[-1]]) if decided else set()


def lock_findings(folder: Union[str, Path], scenario: str, order: list[str], choices: dict[str, list[str]]) -> list[str]:
    """What the decision log says about locks: points changed after the case moved on, and points where
    ``decisions.json`` differs from the choice the log shows at the moment the point locked.

    For the coach's eyes (a note with the scores); the score itself is the record's.
    """
    at_lock: dict[str, list[str]] = {}
    current: dict[str, list[str]] = {}
    changed: list[str] = []
    position = {p: i for i, p in enumerate(order)}
    for entry in _log_entries(folder, scenario):
        point, choice = entry.get("point"), entry.get("choice")
        if entry.get("finished"):
            for p in order:
                at_lock.setdefault(p, current.get(p, []))
            continue
        if not (isinstance(point, str) and point in position and isinstance(choice, list)):
            continue
        if point in at_lock and list(choice) != at_lock[point] and point not in changed:
            changed.append(point)
        current[point] = list(choice)
        if choice:
            for p in order[: position[point]]:
                at_lock.setdefault(p, current.get(p, []))
    out = [f"the choice at {p!r} was changed after the case had moved on" for p in changed]
    differs = [p for p, c in at_lock.items() if p not in changed and sorted(choices.get(p, [])) != sorted(c)]
    out += [f"decisions.json differs from the decision log at {p!r} (the log shows another choice when it became final)"
            for p in differs]
    return out


class DecisionBook:
    """The decisions of one trainee on one scenario, kept in a folder."""

    def __init__(self, folder: Union[str, Path], scenario: str, choices: dict[str, list[str]]):
        self.folder = Path(folder)
        self.scenario = scenario
        self.choices = choices
        self.work: dict[str, Any] = {}
        self.notice: Optional[str] = None
        self.variant: Optional[str] = None
        self.shown: dict[str, list[str]] = {}
        self.finished_at: Optional[str] = None

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
            book.variant, book.shown, book.finished_at = current.variant, current.shown, current.finished_at
        elif recover and (folder / LOG_FILE).exists():
            book.choices = replay_log(folder, scenario)
            book.work = replay_work_log(folder, scenario)
            book.variant, book.shown = replay_variant(folder, scenario)
            book.finished_at = next((e["at"] for e in _log_entries(folder, scenario) if e.get("finished")), None)
            if (book.choices or book.work) and current.problem is not None:
                book.notice = f"{current.problem} Your choices were restored from {LOG_FILE}."
        return book

    def record(self, point: str, choice: list[str], shown: Optional[list[str]] = None) -> None:
        """Save one decision now: log it (with the order the options were shown in), then replace the file atomically."""
        self.choices[point] = list(choice)
        entry = {"at": _now(), "scenario": self.scenario, "point": point, "choice": list(choice)}
        if shown is not None:
            self.shown[point] = list(shown)
            entry["shown"] = list(shown)
        if self.variant:
            entry["variant"] = self.variant
        self._log(entry)
        self.save(entry["at"])

    def finish(self) -> None:
        """Make every decision final (logged): nothing graded can change after this."""
        if self.finished_at:
            return
        self.finished_at = _now()
        self._log({"at": self.finished_at, "scenario": self.scenario, "finished": True})
        self.save(self.finished_at)

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
        if self.variant:
            document["variant"] = self.variant
        if self.shown:
            document["shown"] = self.shown
        if self.finished_at:
            document["finished_at"] = self.finished_at
        if self.work:
            document["work"] = self.work
        write_atomically(self.folder / DECISIONS_FILE, json.dumps(document, indent=2) + "\n")

    def write_all(self, choices: dict[str, list[str]]) -> None:
        """Save a whole set of decisions (used by scripted trainees)."""
        for point, choice in choices.items():
            self.record(point, choice)
