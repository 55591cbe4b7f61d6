"""The answer key of a scenario, frozen at course build: what the grader needs and nothing more.

The key is built from the author's scenario file at course-build time and
written outside ``source/`` and ``release/`` (in the course's ``keys/``
folder), so it never travels with an assignment. Everything on the coach's
side that turns a choice into points, or shows a rubric, reads this frozen
copy, never the live case file; ``case_sha256`` tells whether the case file
has changed since the build.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Optional, Union

from pydantic import BaseModel

from scenarios.models import Scenario

KEYS_DIR = "keys"
KEY_FORMAT_VERSION = 2


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
    week: float = 0.0
    options: dict[str, OptionKey]
    # the point has a `when`: it comes up on some paths of the case only (see grading.scoring)
    conditional: bool = False


class RubricLevelKey(BaseModel):
    points: float
    descriptor: str


class WrittenKey(BaseModel):
    """A hand-graded answer's rubric, as the coach's rubric cell shows it."""

    id: str
    title: str
    practice: str
    points: float
    behaviours: list[str] = []
    rubric: list[RubricLevelKey] = []
    exemplar: str = ""


class AnswerKey(BaseModel):
    version: int = KEY_FORMAT_VERSION
    scenario: str
    case_sha256: str = ""
    points: list[PointKey]
    written_answers: list[WrittenKey] = []

    @classmethod
    def from_scenario(cls, scenario: Scenario, case_sha256: str = "") -> "AnswerKey":
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
            points.append(PointKey(
                id=dp.id, title=dp.title, practice=dp.practice.value, kind=dp.kind, points=dp.points,
                week=dp.week, options=options, conditional=dp.when is not None,
            ))
        written = [
            WrittenKey(
                id=w.id, title=w.title, practice=w.practice.value, points=w.points, behaviours=list(w.behaviours),
                rubric=[RubricLevelKey(points=r.points, descriptor=r.descriptor) for r in w.rubric],
                exemplar=w.exemplar,
            )
            for w in scenario.written_answers
        ]
        return cls(scenario=scenario.id, case_sha256=case_sha256, points=points, written_answers=written)

    def point(self, point_id: str) -> Optional[PointKey]:
        """The key of one decision point, if the case has it."""
        return next((p for p in self.points if p.id == point_id), None)

    def model_choices(self) -> dict[str, list[str]]:
        """The practice model's choices by this key: the best-credited option, or every credited one."""
        out = {}
        for p in self.points:
            if p.kind != "multiple":
                out[p.id] = [max(p.options, key=lambda o: p.options[o].credit)] if p.options else []
            else:
                out[p.id] = [o for o, k in p.options.items() if k.credit > 0]
        return out

    def practice_points(self) -> dict[str, float]:
        """Points per practice area (the grade cells'), in the order the case meets them.

        An area is worth the same to every trainee, whichever path the case took: the points of its
        decision points that come up on every path (those without a ``when``), plus, for the moments
        that come up on some paths only, the largest at each week (a moment and its counterpart on
        another path share a week, so a pair counts once).
        """
        totals: dict[str, float] = {}
        largest: dict[tuple[str, float], float] = {}
        for p in self.points:
            totals.setdefault(p.practice, 0.0)
            if p.conditional:
                largest[(p.practice, p.week)] = max(largest.get((p.practice, p.week), 0.0), p.points)
            else:
                totals[p.practice] += p.points
        for (practice, _), points in largest.items():
            totals[practice] += points
        return totals

    def has_paths(self) -> bool:
        """Whether some decision point comes up on some paths only."""
        return any(p.conditional for p in self.points)

    def write(self, folder: Union[str, Path]) -> Path:
        """Write the key as ``<folder>/<scenario>.json`` (atomically, readable by the course owner only)."""
        path = Path(folder) / f"{self.scenario}.json"
        write_private(path, self.model_dump_json(indent=2))
        return path


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` atomically with ``text``, readable and writable by its owner only."""
    from scenarios.decisions import write_atomically

    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, text)  # mkstemp makes the file 0600


def file_sha256(path: Union[str, Path]) -> str:
    """The SHA-256 of a file's bytes ('' when it cannot be read)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def freeze_key(course_dir: Union[str, Path], assignment: str, key: AnswerKey, notebook: str = "", title: str = "") -> Path:
    """Write ``key`` into a course's ``keys/`` and enter ``assignment`` (and its title) in the build's table."""
    from .pipeline.context import BUILD_MANIFEST, build_manifest

    keys = Path(course_dir) / KEYS_DIR
    path = key.write(keys)
    manifest = build_manifest(Path(course_dir))
    manifest[assignment] = {"scenario": key.scenario, "notebook": notebook or f"{assignment}.ipynb", "case_sha256": key.case_sha256,
                            "title": title or assignment}
    write_private(keys / BUILD_MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    return path


def key_path(course_dir: Union[str, Path], scenario: str) -> Path:
    """Where the frozen key of a scenario lives in a course."""
    return Path(course_dir) / KEYS_DIR / f"{scenario}.json"


def reference_folder(course_dir: Union[str, Path], assignment: str) -> Path:
    """Where the practice model's futures of an assignment are kept: on the coach's side, beside the keys."""
    return Path(course_dir) / KEYS_DIR / "futures" / assignment


REFERENCE_FILE = "reference-futures.json"


def write_reference(course_dir: Union[str, Path], assignment: str, summary: dict[str, float], runs: int) -> Path:
    """Keep the practice model's futures of an assignment (numbers by measure id, never which options) on the
    coach's side (:func:`reference_folder`)."""
    path = reference_folder(course_dir, assignment) / REFERENCE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"runs": runs, "summary": summary}, indent=1), encoding="utf-8")
    return path


def read_reference(course_dir: Union[str, Path], assignment: str) -> Optional[dict]:
    """The practice model's futures of an assignment (``{runs, summary}``, the summary by measure id), or None when
    there are none or they are unreadable."""
    from curriculum.toolkit.futures import by_id

    try:
        data = json.loads((reference_folder(course_dir, assignment) / REFERENCE_FILE).read_text(encoding="utf-8"))
        return {**data, "summary": by_id(data["summary"])} if isinstance(data.get("summary"), dict) else None
    except (OSError, ValueError, AttributeError, TypeError):
        return None


def course_case_file(course_dir: Union[str, Path], assignment: str) -> Path:
    """The course's own copy of an assignment's case (effects, consequences, every situation; no key), packed:
    what the case service plays and grading replays. On the coach's side, never released."""
    return Path(course_dir) / KEYS_DIR / "cases" / f"{assignment}.bin"


def load_key(path: Union[str, Path]) -> AnswerKey:
    """Read an answer key file."""
    return AnswerKey.model_validate(json.loads(Path(path).read_text(encoding="utf-8")))
