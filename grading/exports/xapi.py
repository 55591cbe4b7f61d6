"""Decision-level learning records as xAPI 1.0.3 statements, for a learning record store (LRS).

What the file holds
-------------------
One statement per decision the trainee made (verb *answered*; the decision point is a
``cmi.interaction`` of type ``choice``) and one per graded practice area of an
assignment (verb *scored*; a practice area still waiting for a hand grade is
left out until the coach has graded it), one JSON object a line
(``xapi-statements.jsonl``, and with ``gzip`` the same bytes gzipped beside it).

- **Which points.** Grading stores whether each decision point was *reached*: it
  came up on the trainee's path of the case (the ``reached`` column of the
  decisions table; scores stored before grading kept it read as "something
  chosen or something possible"). A point never reached has no statement. A
  point reached but left undecided has none either: *answered* says the actor
  responded (xAPI 1.0.3, the ADL verb), and with no response an *answered*
  statement, even with ``completion`` false, would tell the LRS something that
  did not happen. Its zero is in the practice area's *scored* statement, which
  counts every point the trainee reached. The same holds for a point whose
  choice scored nothing because it could not stand (an option not open on the
  trainee's path, or a record damaged in that area): grading keeps no response
  for it, so there is nothing to report as answered. Every *answered*
  statement therefore has ``completion`` true and a ``response``.

- **Who.** A trainee is an ``account`` on the LMS whose address the coach gives
  (``home_page``, required: an absolute http(s) address, never a placeholder).
- **When.** ``timestamp`` is always set. An *answered* statement carries the
  moment of the decision: where the course keeps a record of each play (the
  case service's), the time the service accepted the graded choice, by its own
  clock; otherwise the last entry of the trainee's decision log
  (``decisions.log.jsonl`` in the submission) that set it; never later than
  the submission; without one, the submission's time. A
  *scored* statement carries the grading time: the ``graded_at`` of the
  submission's stored scores (written once per autograde, so a resend of the
  same grading has the same time; a hand grade has no time of its own in
  nbgrader's gradebook and keeps that of the autograde), falling back to the
  submission's time. ``stored`` and ``version`` are the LRS's to set and are
  left out. Times are UTC to the millisecond (what an LRS keeps).
- **Attempt.** ``context.registration`` is a UUID per attempt: trainee,
  assignment and submission time. A new submission is a new registration.
- **Scores.** ``min`` (0) is below ``max``, ``raw`` lies between them and
  ``scaled`` within [-1, 1], as the spec requires: a point or an area worth no
  points has no score (an *answered* statement without one, no *scored*
  statement), and a score outside [0, max]
  (extra credit beyond the maximum) is clipped, and the gradebook's own score
  is then kept in the result extension ``…/extensions/unclipped-score``.
- **Definitions.** Every statement's object carries its activity's full
  definition, the same on every statement about that activity.
- **IRIs.** Activity ids live under the LMS address:
  ``<home page>/casework/<course>/<assignment>/<point>`` (every part
  percent-encoded, so spaces or accents in an id still give a valid IRI).
  Extensions live in the project's own namespace, :data:`EXTENSIONS`.

Ids, resends and regrades
-------------------------
A statement's id is a UUID (version 5) of its own content: everything but the
id and the activity definitions (which the spec leaves out of statement
comparison). So the same data gives byte-identical statements under the
same ids, and an LRS stores a resent file once. Anything that changes a
statement (a regraded score, a new submission, a changed name) gives it a new id.

An LRS may compare more than the spec asks: Ralph 5.1 refuses a whole batch
(409) in which a statement it holds comes back with anything different, its
definition or its timestamp included. So a statement the previous export has
(the same id) is written again exactly as that file has it: a definition moved
or renamed since, or a file from an earlier version of this export (which put
the definition on an activity's first statement only), changes nothing already
sent. And a statement of the previous export that differs from a new one only
in its timestamp (a regrade that changed no score: a new grading time) is kept
as it was sent, its id and time, instead of being voided and sent again.

A superseded statement is *voided*. The state is the last file itself:
:func:`write_statements` reads the previous export (by default the file it is
about to replace) and adds a voiding statement (verb ``voided``, object a
``StatementRef``) for every statement id of that file not in the new one. The
voiding statements of the previous file are carried forward unchanged, so a
week whose file was never sent loses nothing, and an id once voided is never
used again (a statement that returns to an earlier content, say a score set
back, gets a fresh id derived from the voided one). The coach's routine:

1. ``casework report xapi --home-page https://canvas.myagency.org`` and send
   ``reports/cohort/xapi-statements.jsonl`` to the LRS;
2. next week, the same command (it reads last week's file before replacing
   it) and send the new file: it voids what changed and repeats the rest,
   which the LRS already has.

Keep the file between runs (or name the file last sent with ``previous=``):
without it nothing can be voided. Voiding an id the LRS never received is
harmless (the spec tells an LRS to accept it).

The export is fast: the parts that repeat (actor, verb, activity references,
context) are built and encoded once and shared between statements.
"""

from __future__ import annotations

import datetime as dt
import gzip as _gzip
import hashlib
import json
import os
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Union
from urllib.parse import quote, urlsplit

import pandas as pd

from ..coach.evidence import CourseData

XAPI_VERSION = "1.0.3"  # the version the statements follow (not written into them: the LRS sets it)
PROJECT = "https://w3id.org/casework-practice"
EXTENSIONS = f"{PROJECT}/xapi/extensions/"
ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
SCORED = {"id": "http://adlnet.gov/expapi/verbs/scored", "display": {"en-US": "scored"}}
VOIDED = {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
COURSE = "http://adlnet.gov/expapi/activities/course"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
# who voids a superseded statement: this export, an account in the project's namespace
EXPORTER = {"objectType": "Agent", "name": "casework-practice xAPI export", "account": {"homePage": PROJECT, "name": "xapi-export"}}
FILE_NAME = "xapi-statements.jsonl"

# the hosts RFC 2606 keeps for examples: a trainee's identity must never be one of them
_PLACEHOLDER_HOSTS = ("example.org", "example.com", "example.net")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20\x7f<>"{}|\\^`]')


class XapiError(ValueError):
    """A home page or a previous export that cannot be used (one plain sentence)."""


def ext(name: str) -> str:
    """The IRI of one of the project's extensions."""
    return EXTENSIONS + name


def check_home_page(home_page: Optional[str]) -> str:
    """The LMS address, checked: an absolute http(s) IRI with a host, not a placeholder."""
    if not home_page:
        raise XapiError("the LMS address (--home-page) is required: it names every trainee in the statements, "
                        "e.g. https://canvas.myagency.org")
    parts = urlsplit(home_page)
    if (parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment
            or _IRI_FORBIDDEN.search(home_page)):
        raise XapiError(f"the LMS address {home_page!r} is not an absolute http(s) address, "
                        "e.g. https://canvas.myagency.org")
    host = parts.hostname.lower()
    if any(host == h or host.endswith("." + h) for h in _PLACEHOLDER_HOSTS):
        raise XapiError(f"the LMS address {home_page!r} is a placeholder; give your LMS's address, "
                        "which names every trainee in the statements")
    return home_page


def _iri_part(value) -> str:
    return quote(str(value), safe="")


def _format_time(value: dt.datetime) -> str:
    value = value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def _timestamp(value) -> Optional[str]:
    """A time (a pandas or datetime value, naive meaning UTC) as an xAPI timestamp, or None."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
        return _format_time(pd.Timestamp(value).to_pydatetime())
    except (TypeError, ValueError, OverflowError):
        return None


def _parse_time(text) -> Optional[str]:
    """An ISO 8601 time from a file (the decision log, the stored scores) as an xAPI timestamp, or None."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    try:
        return _format_time(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except (ValueError, OverflowError):
        return None


_NAMESPACE = uuid.NAMESPACE_URL.bytes


def _uuid(name: str) -> str:
    """``str(uuid.uuid5(uuid.NAMESPACE_URL, name))``, formatted directly (it runs once per statement)."""
    d = bytearray(hashlib.sha1(_NAMESPACE + name.encode("utf-8")).digest()[:16])
    d[6] = (d[6] & 0x0F) | 0x50
    d[8] = (d[8] & 0x3F) | 0x80
    h = d.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def registration(course_id: str, trainee: str, assignment: str, submitted: Optional[str]) -> str:
    """The registration (a UUID) of one attempt: trainee, assignment and submission time."""
    return _uuid(f"{PROJECT}/registration/{_iri_part(course_id)}/{_iri_part(trainee)}/{_iri_part(assignment)}/{submitted or 'none'}")


def _score(raw: float, possible: float) -> tuple[Optional[dict], Optional[float]]:
    """A spec-conforming score (min 0 < max, min <= raw <= max, scaled in [-1, 1]) and the unclipped raw if it
    had to be clipped; (None, None) when there is no positive maximum (xAPI 1.0.3 wants min < max)."""
    possible = float(possible or 0)
    if not possible > 0:  # also a missing (NaN) maximum: nothing to score out of
        return None, None
    raw = float(raw or 0)
    raw = raw if raw == raw else 0.0  # NaN: no score recorded
    clipped = min(max(raw, 0.0), possible)
    score = {"raw": clipped, "min": 0, "max": possible, "scaled": min(max(round(clipped / possible, 4), -1.0), 1.0)}
    return score, (raw if clipped != raw else None)


# --- times read from the course's files ----------------------------------------------------------


def record_times(course_dir: Union[str, Path], assignment: str) -> Optional[dict[str, dict[str, list[tuple[frozenset, str]]]]]:
    """Trainee -> point -> (choice as a set, time) for every decision the course's record accepted, oldest
    first: the case service's own clock, never the trainee's. None when the course keeps no record (a course
    played from decision files, such as the scripted demo: then the decision logs are read)."""
    from service.store import STORE_FILE, Store, configured_url

    url = configured_url(course_dir)
    if url is None and not (Path(course_dir) / STORE_FILE).exists():
        return None
    store = Store.for_course(course_dir, url)
    try:
        events = store.events(assignment)
    finally:
        store.close()
    out: dict[str, dict[str, list[tuple[frozenset, str]]]] = {}
    for e in events:
        if e["kind"] == "decided" and isinstance(e["options"], list):
            out.setdefault(e["trainee"], {}).setdefault(e["point"], []).append((frozenset(e["options"]), e["at"]))
    return out


# --- the statements --------------------------------------------------------------------------------


def statements(data: CourseData, home_page: str, read_times: bool = True) -> Iterator[dict]:
    """Every statement for the data, without ids: one per decision made (a point reached and decided), one per
    graded practice area.

    Parts that repeat (actor, verb, object, context) are shared, unchanging objects; every statement's
    object carries its activity's full definition. Ids are given by
    :func:`write_statements` (a hash of the rest). ``read_times`` takes the times read with the course
    (the grading time of the stored scores; when each choice was logged: the course's record, else the decision
    logs ``collect(times=True)`` read) (without: the submission's time for every statement).
    """
    home_page = check_home_page(home_page)
    base = f"{home_page.rstrip('/')}/casework/{_iri_part(data.course_id)}"
    names = {}
    for row in data.students.itertuples():
        full = " ".join(x for x in (row.first_name, row.last_name) if x)
        names[row.trainee] = full or row.trainee
    submitted = {(r.trainee, r.assignment): _timestamp(r.timestamp) for r in data.submissions.itertuples()}
    course = {"id": base, "objectType": "Activity", "definition": {"type": COURSE, "name": {"en-US": data.course_id}}}
    extension = {k: ext(k) for k in ("demonstrated", "contradicted", "missed", "module", "practice", "week")}
    unclipped = ext("unclipped-score")

    actors: dict[str, dict] = {}
    parents: dict[str, dict] = {}
    contexts: dict[tuple, dict] = {}
    activities: dict[tuple, dict] = {}
    registrations: dict[tuple, str] = {}
    graded: dict[tuple, Optional[str]] = {}
    logs: dict[tuple, dict] = {}

    def actor(trainee: str) -> dict:
        if trainee not in actors:
            actors[trainee] = {"objectType": "Agent", "name": names.get(trainee, trainee), "account": {"homePage": home_page, "name": trainee}}
        return actors[trainee]

    def assignment_activity(a_id: str) -> dict:
        if a_id not in parents:
            spec = data.assignment(a_id)
            parents[a_id] = {"id": f"{base}/{_iri_part(a_id)}", "objectType": "Activity",
                             "definition": {"type": ASSESSMENT, "name": {"en-US": (spec.title if spec else None) or a_id}}}
        return parents[a_id]

    def attempt(trainee: str, a_id: str) -> str:
        key = (trainee, a_id)
        if key not in registrations:
            registrations[key] = registration(data.course_id, trainee, a_id, submitted.get(key))
        return registrations[key]

    def context(trainee: str, a_id: str, extensions: tuple) -> dict:
        key = (trainee, a_id, extensions)
        if key not in contexts:
            contexts[key] = {"registration": attempt(trainee, a_id),
                             "contextActivities": {"parent": [assignment_activity(a_id)], "grouping": [course]},
                             "extensions": {extension[k]: v for k, v in extensions}}
        return contexts[key]

    def grading_time(trainee: str, a_id: str) -> Optional[str]:
        key = (trainee, a_id)
        if key not in graded:
            stored = stored_graded_at.get(key) if read_times else None
            graded[key] = (_parse_time(stored) if stored else None) or submitted.get(key)
        return graded[key]

    recorded: dict[str, Optional[dict]] = {}
    # read once with the course (collect): when grading stored the scores, when each choice was logged
    subs = data.submissions
    stored_graded_at = {(t, a): g for t, a, g in zip(subs.trainee, subs.assignment, subs.graded_at) if isinstance(g, str)}
    logged: dict[tuple[str, str], dict[str, list[tuple[frozenset, str]]]] = {}
    for t, a, point, chosen, at in data.times.itertuples(index=False):
        logged.setdefault((t, a), {}).setdefault(point, []).append((chosen, at))

    def decision_time(trainee: str, a_id: str, scenario: str, point: str, chosen: str) -> Optional[str]:
        key = (trainee, a_id)
        if key not in logs:
            if a_id not in recorded:
                recorded[a_id] = record_times(data.course_dir, a_id) if read_times else None
            course_record = recorded[a_id]
            if course_record is not None:  # the course's record: its clock, not the trainee's
                logs[key] = course_record.get(trainee, {})
            else:
                logs[key] = logged.get(key, {}) if read_times else {}
        wanted = frozenset(chosen.split("|")) if chosen else frozenset()
        at = next((t for t in (_parse_time(t) for c, t in reversed(logs[key].get(point, ())) if c == wanted) if t), None)
        ceiling = submitted.get(key)
        if at is None or (ceiling and at > ceiling):
            return ceiling or at  # a decision logged after the submission is not believed
        return at

    def last_resort() -> str:
        return _format_time(dt.datetime.fromtimestamp(data.course_dir.stat().st_mtime, dt.timezone.utc))

    evidence: dict[tuple, dict] = {}
    for t, a, p, b, status in zip(data.evidence.trainee, data.evidence.assignment, data.evidence.point, data.evidence.behaviour, data.evidence.status):
        evidence.setdefault((t, a, p), {}).setdefault(extension[status], []).append(b)
    labels = {}
    for a_id, scenario in data.scenarios.items():
        for dp in scenario.decision_points:
            labels[(a_id, dp.id)] = [{"id": o.id, "description": {"en-US": " ".join(o.label.split()) or o.id}} for o in dp.options]

    d = data.decisions
    for trainee, a_id, module, scenario, point, title, practice, week, chosen, earned, possible, reached in zip(
        d.trainee, d.assignment, d.module, d.scenario, d.point, d.title, d.practice, d.week, d.chosen, d.earned, d.possible,
        d.reached,
    ):
        if not reached:
            continue  # off the trainee's path, as grading stored it: never reached, never answered
        if not chosen:
            continue  # reached, nothing answered: no "answered" statement (the area's "scored" one carries the zero)
        key = (a_id, point)
        if key not in activities:
            # the full definition on every statement, the same for every one: an LRS that compares a resent
            # statement with the stored one whole (Ralph does, definition included) finds them equal
            definition = {"type": INTERACTION, "name": {"en-US": title or point}, "interactionType": "choice"}
            if labels.get(key):
                definition["choices"] = labels[key]
            activities[key] = {"id": f"{base}/{_iri_part(a_id)}/{_iri_part(point)}", "objectType": "Activity", "definition": definition}
        activity = activities[key]
        score, raw = _score(earned, possible)
        result = {"score": score} if score else {}
        result["completion"] = True
        result["response"] = chosen.replace("|", "[,]")
        extensions = {k: sorted(v) for k, v in evidence.get((trainee, a_id, point), {}).items()}
        if raw is not None:
            extensions[unclipped] = raw
        if extensions:
            result["extensions"] = extensions
        yield {
            "timestamp": decision_time(trainee, a_id, scenario, point, chosen) or grading_time(trainee, a_id) or last_resort(),
            "actor": actor(trainee),
            "verb": ANSWERED,
            "object": activity,
            "result": result,
            "context": context(trainee, a_id, (("module", module), ("practice", practice), ("week", week))),
        }

    practice = data.practice_scores()
    pending = data.grades.groupby(["trainee", "assignment", "practice"]).needs_manual_grade.any().to_dict() if not data.grades.empty else {}
    for row in practice.itertuples():
        if pending.get((row.trainee, row.assignment, row.practice), False):
            continue  # not graded yet: a coach still has to grade an answer in this area
        score, raw = _score(row.score, row.max_score)
        if score is None:
            continue  # an area worth no points: nothing to score out of
        result = {"score": score}
        if raw is not None:
            result["extensions"] = {unclipped: raw}
        key = (row.assignment, "practice", row.practice)
        if key not in activities:
            activities[key] = {"id": f"{base}/{_iri_part(row.assignment)}/practice/{_iri_part(row.practice)}", "objectType": "Activity",
                               "definition": {"type": OBJECTIVE, "name": {"en-US": f"{row.practice} practice in {row.assignment}"}}}
        activity = activities[key]
        yield {
            "timestamp": grading_time(row.trainee, row.assignment) or last_resort(),
            "actor": actor(row.trainee),
            "verb": SCORED,
            "object": activity,
            "result": result,
            "context": context(row.trainee, row.assignment, (("module", row.module),)),
        }


# --- the previous export ---------------------------------------------------------------------------


@dataclass
class Previous:
    """What a previous export tells the next one: its statements and its voiding statements (as written)."""

    ids: set[str]
    voids: dict[str, str]  # id of the voided statement -> the voiding statement's line
    latest: Optional[str] = None  # the latest timestamp in it
    lines: dict[str, tuple[str, str]] = field(default_factory=dict)  # statement id -> (its line as sent, its timestamp)


_LINE_HEAD = re.compile(r'^\{"id":"([0-9a-f-]{36})","timestamp":"([^"]{1,40})"')
_VOIDED_MARK = f'"verb":{{"id":"{VOIDED["id"]}"'


def read_previous(path: Union[str, Path]) -> Previous:
    """The ids and voiding statements of an earlier export (``.jsonl``, or gzipped)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = _gzip.decompress(raw)
        text = raw.decode("utf-8")
    except (OSError, EOFError, _gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise XapiError(f"the previous export {path} could not be read ({exc})") from None
    prev = Previous(set(), {})
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        head = _LINE_HEAD.match(line)
        if head and _VOIDED_MARK not in line:
            sid, stamp = head.groups()  # the fast path: a line this module wrote
        else:
            try:
                s = json.loads(line)
                sid, stamp = str(uuid.UUID(s["id"])), s.get("timestamp")
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                raise XapiError(f"the previous export {path} is not an xAPI statements file (line {n})") from None
            if (s.get("verb") or {}).get("id") == VOIDED["id"]:
                target = (s.get("object") or {}).get("id")
                if isinstance(target, str):
                    prev.voids[target] = line
                continue
        prev.ids.add(sid)
        prev.lines[sid] = (line, stamp if isinstance(stamp, str) else "")
        if isinstance(stamp, str) and (prev.latest is None or stamp > prev.latest):
            prev.latest = stamp
    return prev


# --- writing ---------------------------------------------------------------------------------------


def _content_key(parts_for_id: list[str]) -> str:
    """A statement's content but its time: the parts its id is made of (object without definition), timestamp left out."""
    return ",".join(p for p in parts_for_id if not p.startswith('"timestamp":'))


def _previous_key(line: str, dumps) -> Optional[str]:
    """The :func:`_content_key` of a line of a previous export (None for a line this module could not have written)."""
    try:
        s = json.loads(line)
        parts = []
        for k, v in s.items():
            if k == "id":
                continue
            if k == "object":
                v = {"id": v["id"], "objectType": v["objectType"]}
            parts.append(f'"{k}":{dumps(v)}')
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
    return _content_key(parts)


@dataclass
class XapiExport:
    """What :func:`write_statements` wrote."""

    path: Path
    gzip: Optional[Path]
    answered: int
    scored: int
    voided: int  # voiding statements in the file (new ones and those carried forward)
    newly_voided: int

    @property
    def total(self) -> int:
        return self.answered + self.scored + self.voided


def gzip_path(path: Union[str, Path]) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".gz")


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_statements(
    data: CourseData, path: Union[str, Path], home_page: str, previous: Optional[Union[str, Path]] = None,
    gzip: bool = False, chain: bool = True, read_times: bool = True,
) -> XapiExport:
    """Write every statement, one JSON object a line, voiding what the previous export had and this one has not.

    ``previous`` is the last file sent; when it is not given and ``chain`` is set, the file at ``path``
    (the one about to be replaced) is the previous export. ``gzip`` also writes ``<path>.gz``.
    """
    path = Path(path)
    home_page = check_home_page(home_page)
    if previous is None and chain:
        if path.exists():
            previous = path
        elif gzip_path(path).exists():
            previous = gzip_path(path)
    prev = read_previous(previous) if previous is not None else Previous(set(), {})

    dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    shared: dict[int, str] = {}  # id of a shared, unchanging part -> its JSON
    refs: dict[int, str] = {}  # id of a shared object -> its JSON without the definition
    lines: list[str] = []
    stamps: list[str] = []
    fresh: dict[str, int] = {}  # a statement the previous file does not have: its content but the time -> its line's index
    ids: set[str] = set()
    counts = {"answered": 0, "scored": 0}
    for s in statements(data, home_page, read_times=read_times):
        parts = []
        for k, v in s.items():
            if k in ("actor", "verb", "object", "context"):
                enc = shared.get(id(v))
                if enc is None:
                    enc = shared[id(v)] = dumps(v)
            else:
                enc = dumps(v)
            parts.append(f'"{k}":{enc}')
        body = ",".join(parts)
        # a definition is left out of the id, as out of the spec's statement comparison
        ref = refs.get(id(s["object"]))
        if ref is None:
            ref = refs[id(s["object"])] = '"object":' + dumps({"id": s["object"]["id"], "objectType": s["object"]["objectType"]})
        for_id = [ref if p.startswith('"object":') else p for p in parts]
        sid = _uuid(PROJECT + "/statement/" + ",".join(for_id))
        while sid in prev.voids or sid in ids:
            sid = _uuid(PROJECT + "/reissued/" + sid)  # an id once voided is never used again
        ids.add(sid)
        counts["answered" if s["verb"] is ANSWERED else "scored"] += 1
        if sid in prev.lines:
            # sent before: sent again as it was (an LRS such as Ralph refuses a statement whose id it holds
            # with anything else, even a definition the spec leaves out of the comparison)
            line, stamp = prev.lines[sid]
            lines.append(line + "\n")
            stamps.append(stamp)
            continue
        fresh[_content_key(for_id)] = len(lines)
        stamps.append(s["timestamp"])
        # id and timestamp first: a later export reads them without parsing the line
        lines.append('{"id":"' + sid + '",' + body + "}\n")

    # a statement of the previous file that differs from a new one only in its time (a regrade that changed
    # nothing: a new grading time, the same score) is kept as it was sent, its id and time, not voided and reissued
    gone = prev.ids - ids - set(prev.voids)
    if fresh and gone:
        for old in sorted(gone):
            line, stamp = prev.lines[old]
            key = _previous_key(line, dumps)
            at = fresh.pop(key, None) if key is not None else None
            if at is not None:
                lines[at], stamps[at] = line + "\n", stamp
                ids.add(old)
    latest = max((t for t in stamps if t), default=None)

    # voiding statements: those of the previous file, as they were, then one for each statement that is gone
    void_lines = [prev.voids[t] + "\n" for t in sorted(prev.voids)]
    gone = sorted(prev.ids - ids - set(prev.voids))  # superseded: voided
    when = max(x for x in (latest, prev.latest) if x) if (latest or prev.latest) else _format_time(dt.datetime.now(dt.timezone.utc))
    actor, verb = dumps(EXPORTER), dumps(VOIDED)
    for target in gone:
        void_lines.append('{"id":"' + _uuid(PROJECT + "/voids/" + target) + '","timestamp":"' + when + '","actor":' + actor
                          + ',"verb":' + verb + ',"object":{"objectType":"StatementRef","id":"' + target + '"}}\n')
    payload = "".join(lines + void_lines).encode("utf-8")
    _write_atomically(path, payload)
    gz = None
    if gzip:
        gz = gzip_path(path)
        # no name and no time in the gzip header: the same statements give the same bytes
        _write_atomically(gz, _gzip.compress(payload, compresslevel=6, mtime=0))
    return XapiExport(path, gz, counts["answered"], counts["scored"], len(void_lines), len(gone))
