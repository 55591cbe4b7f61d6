"""Decision-level learning records as xAPI statements, for a learning record store.

One statement per decision (verb *answered*, the decision point as a
``cmi.interaction`` of type ``choice``) and one per graded practice area of an
assignment (verb *scored*). Statement ids are UUIDs derived from their
content, so sending the same file twice stores each statement once.
"""

from __future__ import annotations

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


def statements(data: CourseData, home_page: str = "https://lms.example.org") -> Iterator[dict]:
    """Every statement for the data: one per decision, one per graded practice area."""
    base = f"{home_page.rstrip('/')}/casework/{data.course_id}"
    names = {}
    for row in data.students.itertuples():
        full = " ".join(x for x in (row.first_name, row.last_name) if x)
        names[row.trainee] = full or row.trainee
    stamps = {(r.trainee, r.assignment): _timestamp(r.timestamp) for r in data.submissions.itertuples()}
    course = {"id": base, "objectType": "Activity", "definition": {"type": COURSE, "name": {"en-US": data.course_id}}}

    def actor(trainee: str) -> dict:
        return {"objectType": "Agent", "name": names.get(trainee, trainee), "account": {"homePage": home_page, "name": trainee}}

    def assignment_activity(a_id: str) -> dict:
        spec = data.assignment(a_id)
        return {"id": f"{base}/{a_id}", "objectType": "Activity",
                "definition": {"type": ASSESSMENT, "name": {"en-US": spec.title if spec else a_id}}}

    evidence = {}
    for row in data.evidence.itertuples():
        evidence.setdefault((row.trainee, row.assignment, row.point), {}).setdefault(row.status, []).append(row.behaviour)
    labels = {}
    for a_id, scenario in data.scenarios.items():
        for dp in scenario.decision_points:
            labels[(a_id, dp.id)] = [{"id": o.id, "description": {"en-US": " ".join(o.label.split())}} for o in dp.options]

    for row in data.decisions.itertuples():
        chosen = [c for c in row.chosen.split("|") if c]
        ev = evidence.get((row.trainee, row.assignment, row.point), {})
        statement = {
            "actor": actor(row.trainee),
            "verb": ANSWERED,
            "object": {
                "id": f"{base}/{row.assignment}/{row.point}", "objectType": "Activity",
                "definition": {"type": INTERACTION, "name": {"en-US": row.title}, "interactionType": "choice",
                               "choices": labels.get((row.assignment, row.point), [])},
            },
            "result": {
                "response": "[,]".join(chosen),
                "completion": bool(chosen),
                "score": {"raw": row.earned, "min": 0, "max": row.possible, "scaled": round(row.earned / row.possible, 4) if row.possible else 0},
                "extensions": {f"{base}/extensions/{status}": sorted(bs) for status, bs in ev.items()},
            },
            "context": {
                "contextActivities": {"parent": [assignment_activity(row.assignment)], "grouping": [course]},
                "extensions": {f"{base}/extensions/module": row.module, f"{base}/extensions/practice": row.practice,
                               f"{base}/extensions/week": row.week},
            },
            "version": XAPI_VERSION,
        }
        stamp = stamps.get((row.trainee, row.assignment))
        if stamp:
            statement["timestamp"] = stamp
        statement["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/{row.trainee}/{row.assignment}/{row.point}/{statement['result']['response']}"))
        yield statement

    practice = data.practice_scores()
    pending = data.grades.groupby(["trainee", "assignment", "practice"]).needs_manual_grade.any().to_dict() if not data.grades.empty else {}
    for row in practice.itertuples():
        if pending.get((row.trainee, row.assignment, row.practice), False):
            continue  # not graded yet: a coach still has to grade an answer in this area
        statement = {
            "actor": actor(row.trainee),
            "verb": SCORED,
            "object": {"id": f"{base}/{row.assignment}/practice/{row.practice}", "objectType": "Activity",
                       "definition": {"type": OBJECTIVE, "name": {"en-US": f"{row.practice} practice in {row.assignment}"}}},
            "result": {"score": {"raw": row.score, "min": 0, "max": row.max_score, "scaled": round(row.share, 4)}},
            "context": {"contextActivities": {"parent": [assignment_activity(row.assignment)], "grouping": [course]},
                        "extensions": {f"{base}/extensions/module": row.module}},
            "version": XAPI_VERSION,
        }
        statement["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{base}/{row.trainee}/{row.assignment}/practice/{row.practice}/{row.score}"))
        yield statement


def write_statements(data: CourseData, path: Union[str, Path], home_page: str = "https://lms.example.org") -> Path:
    """Write every statement, one JSON object a line."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as out:
        for s in statements(data, home_page):
            out.write(json.dumps(s, separators=(",", ":")) + "\n")
    return path
