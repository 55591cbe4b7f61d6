"""The answer key of a scenario, as the grader needs it and nothing more.

The key is built from the author's scenario file at course-build time and
written outside ``source/`` and ``release/`` (in the course's ``keys/``
folder), so it never travels with an assignment.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel

from scenarios.models import Scenario

KEYS_DIR = "keys"
KEYS_ENV = "CASEWORK_KEYS_DIR"


class OptionKey(BaseModel):
    label: str
    credit: float
    demonstrates: list[str] = []
    contradicts: list[str] = []
    rationale: str = ""


class PointKey(BaseModel):
    id: str
    title: str
    practice: str
    kind: str
    points: float
    options: dict[str, OptionKey]


class AnswerKey(BaseModel):
    scenario: str
    points: list[PointKey]

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> "AnswerKey":
        """Extract the key from an author's scenario (which must carry one)."""
        if not scenario.has_key():
            raise ValueError(f"scenario {scenario.id!r} has no grading key (is this a trainee copy?)")
        points = []
        for dp in scenario.decision_points:
            options = {}
            for opt in dp.options:
                k = opt.key
                options[opt.id] = OptionKey(
                    label=opt.label.strip(),
                    credit=k.credit if k else 0.0,
                    demonstrates=list(k.demonstrates) if k else [],
                    contradicts=list(k.contradicts) if k else [],
                    rationale=k.rationale if k else "",
                )
            points.append(
                PointKey(id=dp.id, title=dp.title, practice=dp.practice.value, kind=dp.kind, points=dp.points, options=options)
            )
        return cls(scenario=scenario.id, points=points)

    def practice_points(self) -> dict[str, float]:
        """Points available per practice area, in the order the case meets them."""
        totals: dict[str, float] = {}
        for p in self.points:
            totals[p.practice] = totals.get(p.practice, 0.0) + p.points
        return totals

    def write(self, folder: Union[str, Path]) -> Path:
        """Write the key as ``<folder>/<scenario>.json``."""
        path = Path(folder) / f"{self.scenario}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        return path


def find_key(name: str, start: Union[str, Path] = ".") -> Optional[Path]:
    """Locate ``keys/<name>.json`` in the nbgrader course that contains ``start``.

    Autograde runs a notebook inside ``<course>/autograded/<trainee>/<assignment>``,
    so the course root is found by walking up to the folder with ``nbgrader_config.py``.
    ``$CASEWORK_KEYS_DIR`` overrides the search.
    """
    if os.environ.get(KEYS_ENV):
        candidate = Path(os.environ[KEYS_ENV]) / f"{name}.json"
        return candidate if candidate.exists() else None
    for folder in [Path(start).resolve(), *Path(start).resolve().parents]:
        candidate = folder / KEYS_DIR / f"{name}.json"
        if (folder / "nbgrader_config.py").exists() and candidate.exists():
            return candidate
    return None


def load_key(path: Union[str, Path]) -> AnswerKey:
    """Read an answer key file."""
    return AnswerKey.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
