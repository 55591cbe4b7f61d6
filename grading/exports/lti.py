"""Grades back to the LMS: each trainee's final score per assignment, posted to the LMS's line items through LTI
Assignment and Grade Services (AGS), with pylti1p3's AssignmentsGradesService.

- **One line item per assignment** in each LMS course, found by ``resourceId`` = the assignment's id, else created
  (label: its title; ``scoreMaximum``: its points; tag ``casework``).
- **Scores** are the gradebook's, as the coach's reports read them (``CourseData.assignment_scores``): the points of
  every graded cell, decisions and written answers, out of the assignment's points.
- **A pending hand grade is never sent as a zero**: while any written answer of a trainee's assignment waits for
  the coach, nothing is sent for it (the LMS shows "not graded", as the CSV export leaves a blank). Not even a
  ``PendingManual`` score without points: Canvas turns that into a submission "needing grading" in SpeedGrader,
  asking the instructor to grade in the LMS what is graded in the formgrader. Only when a score was sent before and
  a hand grade is pending again (a changed submission regraded) does the LMS get ``gradingProgress: PendingManual``
  with no ``scoreGiven``, which AGS defines as "no score": the outdated score is withdrawn, not left standing.
  A submission whose decisions could not be read (``casework recover``) is held back the same way.
- **A resend changes nothing**: a ledger (JSON, beside the hub's LTI record) keeps what the LMS accepted for each
  line item and LMS user; a score that has not changed is not posted again.
- **A failure is never lost**: a refused or unanswered call (network, HTTP 4xx/5xx) is reported for that trainee and
  assignment and kept in the ledger as still to send, with the LMS's answer; the next run sends it (the score the
  gradebook has then).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Optional

if TYPE_CHECKING:
    from ..coach.evidence import CourseData

TAG = "casework"


@dataclass
class LmsCourse:
    """One LMS course (an LTI context) with its AGS line items endpoint and the LMS user id of each trainee in it."""

    key: str  # a stable name for the ledger: the platform's issuer and the context id
    title: str
    lineitems: str
    scope: list[str]
    lms_ids: dict[str, str]  # hub account (trainee) -> the LMS's user id (the id_token's sub)


@dataclass
class GradeReport:
    sent: list[tuple[str, str, float, float]] = field(default_factory=list)  # trainee, assignment, score, maximum
    withdrawn: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0
    held: list[tuple[str, str, str]] = field(default_factory=list)  # trainee, assignment, why
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # trainee, assignment, the LMS's answer
    not_in_lms: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"sent {t} {a}: {s:g} / {m:g}" for t, a, s, m in self.sent]
        out += [f"withdrawn {t} {a}: a hand grade is pending again; the LMS shows it as not graded" for t, a in self.withdrawn]
        out += [f"held back {t} {a}: {why}" for t, a, why in self.held]
        out += [f"FAILED {t} {a}: {why} (kept; the next run sends it)" for t, a, why in self.failed]
        if self.not_in_lms:
            out.append("not in the LMS (no launch or roster entry), not sent: " + ", ".join(sorted(set(self.not_in_lms))))
        out += self.notes
        out.append(f"{len(self.sent)} sent, {len(self.withdrawn)} withdrawn, {self.unchanged} unchanged, "
                   f"{len(self.held)} held back, {len(self.failed)} failed")
        return out


def wanted_scores(data: "CourseData", assignment: Optional[str] = None) -> dict[tuple[str, str], dict]:
    """(trainee, assignment) -> {score, maximum, final, why}: what the LMS should hold, from the gradebook."""
    scores = data.assignment_scores()
    if assignment:
        scores = scores[scores.assignment == assignment]
    unreadable = {(r.trainee, r.assignment) for r in data.unreadable().itertuples()}
    out = {}
    for row in scores.itertuples():
        maximum = float(row.max_score) + float(row.pending_max)
        why = ("a written answer waits for the coach's hand grade" if not row.graded else
               "its decisions could not be read (casework recover)" if (row.trainee, row.assignment) in unreadable
               else "")
        out[(row.trainee, row.assignment)] = {"score": round(float(row.score), 4), "maximum": round(maximum, 4),
                                              "final": not why, "why": why}
    return out


class Ledger:
    """What the LMS accepted, and what is still to send: ``{course key: {assignment: {lms user id: entry}}}``."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def open(self) -> Iterator[dict]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(f".{self.path.name}.lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            try:
                yield data
            finally:
                self.write(data)

    def write(self, data: dict) -> None:
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=1, sort_keys=True)
        os.replace(tmp, self.path)

    def read(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


def _payload(want: dict, before: Optional[dict]) -> Optional[dict]:
    """The score to post (without its timestamp), or None: nothing to send."""
    if want["final"]:
        return {"scoreGiven": want["score"], "scoreMaximum": want["maximum"], "activityProgress": "Completed",
                "gradingProgress": "FullyGraded"}
    if before and before.get("scoreGiven") is not None:  # a score the LMS holds is no longer final: withdraw it
        return {"activityProgress": "Submitted", "gradingProgress": "PendingManual"}
    return None


def _error(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "status_code"):
        return f"HTTP {response.status_code}: {str(getattr(response, 'text', '')).strip()[:200]}"
    return f"{type(exc).__name__}: {exc}"[:300]


def send_grades(data: "CourseData", courses: list[LmsCourse], connector, ledger_path: Path,
                assignment: Optional[str] = None, say: Callable[[str], None] = lambda _m: None) -> GradeReport:
    """Post every changed final score to the line items of ``courses`` (pylti1p3 ``connector``); see the module."""
    from pylti1p3.assignments_grades import AssignmentsGradesService
    from pylti1p3.grade import Grade
    from pylti1p3.lineitem import LineItem

    report = GradeReport()
    wanted = wanted_scores(data, assignment)
    titles = {a.id: a.title or a.id for a in data.assignments}
    maxima: dict[str, float] = {}
    for (_trainee, a), want in wanted.items():
        maxima[a] = max(maxima.get(a, 0.0), want["maximum"])
    known = set().union(*(c.lms_ids for c in courses)) if courses else set()
    report.not_in_lms = sorted({t for t, _a in wanted if t not in known})
    with Ledger(ledger_path).open() as ledger:
        for course in courses:
            service = AssignmentsGradesService(connector, {"lineitems": course.lineitems, "scope": list(course.scope)})
            book = ledger.setdefault(course.key, {})
            for a in sorted({a for _t, a in wanted}):
                entries = book.setdefault(a, {})
                todo = []
                for trainee, user_id in sorted(course.lms_ids.items()):
                    want = wanted.get((trainee, a))
                    entry = entries.get(user_id, {})
                    if want is None:
                        continue
                    payload = _payload(want, entry.get("sent"))
                    if payload is None or payload == entry.get("sent"):  # nothing new for the LMS
                        if want["final"]:
                            report.unchanged += 1
                        else:
                            report.held.append((trainee, a, want["why"]))
                        if entry.pop("to_send", None) is not None:
                            entry.pop("error", None)
                            entries[user_id] = entry
                        continue
                    todo.append((trainee, user_id, want, payload))
                if not todo:
                    continue
                try:
                    line = service.find_or_create_lineitem(
                        LineItem().set_resource_id(a).set_label(titles.get(a, a)).set_score_maximum(maxima[a])
                        .set_tag(TAG), find_by="resource_id")
                except Exception as exc:  # the LMS's line items could not be read or made
                    why = f"line item: {_error(exc)}"
                    for trainee, user_id, _want, payload in todo:
                        entries[user_id] = {**entries.get(user_id, {}), "trainee": trainee, "to_send": payload,
                                            "error": why, "tried": _now()}
                        report.failed.append((trainee, a, why))
                    continue
                if line.get_score_maximum() not in (None, maxima[a]):
                    report.notes.append(f"note: {course.title} {a}: the LMS's line item is out of "
                                        f"{line.get_score_maximum():g}, the assignment of {maxima[a]:g}; "
                                        "the scores carry their own maximum")
                for trainee, user_id, want, payload in todo:
                    grade = Grade().set_user_id(user_id).set_timestamp(_now()) \
                        .set_activity_progress(payload["activityProgress"]) \
                        .set_grading_progress(payload["gradingProgress"])
                    if "scoreGiven" in payload:
                        grade.set_score_given(payload["scoreGiven"]).set_score_maximum(payload["scoreMaximum"])
                    try:
                        service.put_grade(grade, line)
                    except Exception as exc:
                        why = _error(exc)
                        entries[user_id] = {**entries.get(user_id, {}), "trainee": trainee, "to_send": payload,
                                            "error": why, "tried": _now()}
                        report.failed.append((trainee, a, why))
                        continue
                    entries[user_id] = {"trainee": trainee, "sent": payload, "at": _now(), "lineitem": line.get_id()}
                    if "scoreGiven" in payload:
                        report.sent.append((trainee, a, payload["scoreGiven"], payload["scoreMaximum"]))
                        say(f"sent {trainee} {a}: {payload['scoreGiven']:g} / {payload['scoreMaximum']:g}")
                    else:
                        report.withdrawn.append((trainee, a))
    return report


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
