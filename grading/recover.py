"""Recover a trainee's choices from the decision log when ``decisions.json`` is missing or damaged.

The coach looks first (:func:`compare`: what the file says against what the
log says, decision point by decision point), then confirms
(:func:`confirm`), which stores the log's choices on the coach's side
(``<course>/recovered/<assignment>/<trainee>.json``, tied to the exact file it
replaces) and grades that submission again. The trainee's submission is never
changed; a new submission makes the recovery stale and is scored as submitted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

from scenarios.decisions import DECISIONS_FILE, LOG_FILE, read_decisions, replay_log

from .key import file_sha256, write_private
from .pipeline.context import RECOVERED_DIR, frozen_key


@dataclass
class Comparison:
    """What the decisions file and the log each hold for one submission."""

    assignment: str
    trainee: str
    scenario: str
    file_problem: Optional[str]
    rows: list[tuple[str, list[str], list[str]]] = field(default_factory=list)  # (point title, in file, in log)
    log_choices: dict[str, list[str]] = field(default_factory=dict)

    @property
    def differs(self) -> bool:
        return any(f != g for _, f, g in self.rows)


def compare(course_dir: Union[str, Path], assignment: str, trainee: str) -> Comparison:
    """The file's choices beside the log's, for every decision point of the frozen key."""
    course_dir = Path(course_dir)
    key = frozen_key(course_dir, assignment)
    folder = course_dir / "submitted" / trainee / assignment
    if not folder.is_dir():
        raise FileNotFoundError(f"no submission {folder}")
    record = read_decisions(folder)
    in_file = record.choices if not record.problem and record.scenario == key.scenario else {}
    problem = record.problem or (None if record.scenario == key.scenario else f"{DECISIONS_FILE} belongs to another case")
    log = replay_log(folder, key.scenario)
    out = Comparison(assignment, trainee, key.scenario, problem, log_choices=log)
    for p in key.points:
        out.rows.append((p.title, in_file.get(p.id, []), log.get(p.id, [])))
    return out


def confirm(course_dir: Union[str, Path], assignment: str, trainee: str) -> Path:
    """Store the log's choices as the coach's recovery for this submission and grade it again."""
    from .grade import autograde, generate_feedback

    course_dir = Path(course_dir)
    found = compare(course_dir, assignment, trainee)
    if not found.log_choices:
        raise ValueError(f"{LOG_FILE} of {trainee} holds no choices for {found.scenario}; nothing to recover")
    path = course_dir / RECOVERED_DIR / assignment / f"{trainee}.json"
    write_private(path, json.dumps({
        "scenario": found.scenario,
        "choices": found.log_choices,
        "replaces_sha256": file_sha256(course_dir / "submitted" / trainee / assignment / DECISIONS_FILE),
        "recovered_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "from": LOG_FILE,
    }, indent=1))
    problems = autograde(course_dir, assignment, [trainee])
    if problems:
        raise RuntimeError(f"autograde of {trainee} failed: {problems[trainee]}")
    generate_feedback(course_dir, assignment, [trainee])
    return path
