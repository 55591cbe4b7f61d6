"""Decision-level learning records as xAPI statements, for a learning record store.

One statement per decision (verb *answered*, the decision point as a
``cmi.interaction`` of type ``choice``) and one per graded practice area of an
assignment (verb *scored*). Statement ids are UUIDs derived from their
content, so sending the same file twice stores each statement once.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path
from typing import Iterator, Union

import pandas as pd

from .evidence import CourseData

XAPI_VERSION = "1.0.3"
ANSWERED = {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}}
SCORED = {"id": "http://adlnet.gov/expapi/verbs/scored", "display": {"en-US": "scored"}}
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
COURSE = "http://adlnet.gov/expapi/activities/course"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"


def _timestamp(value) -> str | None:
    if value is None or pd.isna(value):
        return None
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.isoformat()


def _statement_id(name: str) -> str:
    """``uuid.uuid5(uuid.NAMESPACE_URL, name)``, formatted directly (it runs once per statement)."""
    d = bytearray(hashlib.sha1(_NAMESPACE + name.encode("utf-8")).digest()[:16])
    d[6] = (d[6] & 0x0F) | 0x50
    d[8] = (d[8] & 0x3F) | 0x80
    h = d.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_NAMESPACE = uuid.NAMESPACE_URL.bytes


def statements(data: CourseData, home_page: str = "https://lms.example.org") -> Iterator[dict]:
    """Every statement for the data: one per decision, one per graded practice area.

    Parts that repeat (actor, verb, activity, context) are shared, unchanging objects.
    """
    base = f"{home_page.rstrip('/')}/casework/{data.course_id}"
    names = {}
    for row in data.students.itertuples():
        full = " ".join(x for x in (row.first_name, row.last_name) if x)
        names[row.trainee] = full or row.trainee
    stamps = {(r.trainee, r.assignment): _timestamp(r.timestamp) for r in data.submissions.itertuples()}
    course = {"id": base, "objectType": "Activity", "definition": {"type": COURSE, "name": {"en-US": data.course_id}}}
    ext = {status: f"{base}/extensions/{status}" for status in ("demonstrated", "contradicted", "missed", "module", "practice", "week")}

    actors: dict[str, dict] = {}
    parents: dict[str, dict] = {}
    contexts: dict[tuple, dict] = {}
    activities: dict[tuple, dict] = {}

    def actor(trainee: str) -> dict:
        if trainee not in actors:
            actors[trainee] = {"objectType": "Agent", "name": names.get(trainee, trainee), "account": {"homePage": home_page, "name": trainee}}
        return actors[trainee]

    def assignment_activity(a_id: str) -> dict:
        if a_id not in parents:
            spec = data.assignment(a_id)
            parents[a_id] = {"id": f"{base}/{a_id}", "objectType": "Activity",
                             "definition": {"type": ASSESSMENT, "name": {"en-US": spec.title if spec else a_id}}}
        return parents[a_id]

    def context(a_id: str, extensions: tuple) -> dict:
        if (a_id, extensions) not in contexts:
            contexts[(a_id, extensions)] = {"contextActivities": {"parent": [assignment_activity(a_id)], "grouping": [course]},
                                            "extensions": {ext[k]: v for k, v in extensions}}
        return contexts[(a_id, extensions)]

    evidence: dict[tuple, dict] = {}
    for t, a, p, b, status in zip(data.evidence.trainee, data.evidence.assignment, data.evidence.point, data.evidence.behaviour, data.evidence.status):
        evidence.setdefault((t, a, p), {}).setdefault(ext[status], []).append(b)
    labels = {}
    for a_id, scenario in data.scenarios.items():
        for dp in scenario.decision_points:
            labels[(a_id, dp.id)] = [{"id": o.id, "description": {"en-US": " ".join(o.label.split())}} for o in dp.options]

    d = data.decisions
    for trainee, a_id, module, point, title, practice, week, chosen, earned, possible in zip(
        d.trainee, d.assignment, d.module, d.point, d.title, d.practice, d.week, d.chosen, d.earned, d.possible
    ):
        key = (a_id, point)
        if key in activities:
            activity = activities[key]
        else:
            # the full definition once per file; a learning record store keeps it for the activity id
            activity = {"id": f"{base}/{a_id}/{point}", "objectType": "Activity",
                        "definition": {"type": INTERACTION, "name": {"en-US": title}, "interactionType": "choice", "choices": labels.get(key, [])}}
            activities[key] = {"id": activity["id"], "objectType": "Activity"}
        response = chosen.replace("|", "[,]")
        statement = {
            "id": _statement_id(f"{base}/{trainee}/{a_id}/{point}/{response}"),
            "actor": actor(trainee),
            "verb": ANSWERED,
            "object": activity,
            "result": {
                "response": response,
                "completion": bool(chosen),
                "score": {"raw": earned, "min": 0, "max": possible, "scaled": round(earned / possible, 4) if possible else 0},
                "extensions": {k: sorted(v) for k, v in evidence.get((trainee, a_id, point), {}).items()},
            },
            "context": context(a_id, (("module", module), ("practice", practice), ("week", week))),
            "version": XAPI_VERSION,
        }
        stamp = stamps.get((trainee, a_id))
        if stamp:
            statement["timestamp"] = stamp
        yield statement

    practice = data.practice_scores()
    pending = data.grades.groupby(["trainee", "assignment", "practice"]).needs_manual_grade.any().to_dict() if not data.grades.empty else {}
    for row in practice.itertuples():
        if pending.get((row.trainee, row.assignment, row.practice), False):
            continue  # not graded yet: a coach still has to grade an answer in this area
        yield {
            "id": _statement_id(f"{base}/{row.trainee}/{row.assignment}/practice/{row.practice}/{row.score}"),
            "actor": actor(row.trainee),
            "verb": SCORED,
            "object": {"id": f"{base}/{row.assignment}/practice/{row.practice}", "objectType": "Activity",
                       "definition": {"type": OBJECTIVE, "name": {"en-US": f"{row.practice} practice in {row.assignment}"}}},
            "result": {"score": {"raw": row.score, "min": 0, "max": row.max_score, "scaled": round(row.share, 4)}},
            "context": context(row.assignment, (("module", row.module),)),
            "version": XAPI_VERSION,
        }


def write_statements(data: CourseData, path: Union[str, Path], home_page: str = "https://lms.example.org") -> Path:
    """Write every statement, one JSON object a line."""
    path = Path(path)
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    shared: dict[int, str] = {}  # id of a shared, unchanging part -> its JSON
    with open(path, "w", encoding="utf-8") as out:
        for s in statements(data, home_page):
            parts = []
            for k, v in s.items():
                if k in ("actor", "verb", "context") or (k == "object" and "definition" not in v):
                    enc = shared.get(id(v))
                    if enc is None:
                        enc = shared[id(v)] = dumps(v)
                else:
                    enc = dumps(v)
                parts.append(f'"{k}":{enc}')
            out.write("{" + ",".join(parts) + "}\n")
    return path
