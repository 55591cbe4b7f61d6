"""The course as declared in ``curriculum/course.yaml``, and its nbgrader course directory."""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

CURRICULUM_DIR = Path(__file__).resolve().parent.parent / "curriculum"
MANIFEST = CURRICULUM_DIR / "course.yaml"


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    scenario: str
    module: str = ""
    minutes: int = 0
    # the assignment this one is a paired variant of: the same facts, a family of another background
    # (compared point by point as a bias probe; see grading.analytics.bias_probes)
    variant_of: Optional[str] = None

    @property
    def notebook_name(self) -> str:
        return f"{self.id}.ipynb"


@dataclass(frozen=True)
class CourseSpec:
    course_id: str
    assignments: list[Assignment]

    def assignment(self, assignment_id: str) -> Assignment:
        for a in self.assignments:
            if a.id == assignment_id:
                return a
        raise KeyError(f"no assignment {assignment_id!r} in {MANIFEST.name}; known: {', '.join(a.id for a in self.assignments)}")


class CourseFileError(ValueError):
    """The course manifest says something that cannot hold (the message, one line, names the file and assignment)."""


def load_course(path: Path = MANIFEST) -> CourseSpec:
    """Read the course manifest (and check its paired variants: :func:`check_variants`)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assignments = []
    for a in data["assignments"]:
        variant_of = a.get("variant_of")
        if variant_of is not None and not isinstance(variant_of, str):
            raise CourseFileError(f"{path}: assignment {a.get('id')!r}: variant_of names an assignment id, "
                                  f"not {variant_of!r}")
        assignments.append(Assignment(
            a["id"], a["title"], a["scenario"],
            a.get("module", ""), int(a.get("minutes", 0)), variant_of or None,
        ))
    spec = CourseSpec(course_id=data["course_id"], assignments=assignments)
    check_variants(spec, path)
    return spec


def check_variants(spec: CourseSpec, path: Union[str, Path] = MANIFEST, scenarios: Optional[dict] = None) -> None:
    """Each ``variant_of`` names another assignment of the course, and the two cases can be compared point by point:
    the same decision point ids, or else the same number of decision points.

    ``scenarios`` maps case ids to loaded cases (else they are loaded from the library); a case that does not
    load is left to its own validation (``casework validate``) and not compared here.
    Raises :class:`CourseFileError` with one line naming the file and the assignment.
    """
    ids = [a.id for a in spec.assignments]
    for a in spec.assignments:
        if a.variant_of is None:
            continue
        where = f"{path}: assignment {a.id!r}: variant_of {a.variant_of!r}"
        if a.variant_of == a.id:
            raise CourseFileError(f"{where} names the assignment itself; name the assignment whose case this one varies")
        if a.variant_of not in ids:
            raise CourseFileError(f"{where} names no assignment of the course (known: {', '.join(ids)})")
        base = spec.assignment(a.variant_of)
        if base.variant_of is not None:
            raise CourseFileError(f"{where} is itself a variant of {base.variant_of!r}; name the case it varies, "
                                  f"{base.variant_of!r}")
        cases = [_case(c, scenarios) for c in (base.scenario, a.scenario)]
        if any(c is None for c in cases):
            continue
        mine, theirs = ([dp.id for dp in c.decision_points] for c in (cases[1], cases[0]))
        if sorted(mine) != sorted(theirs) and len(mine) != len(theirs):
            missing = sorted(set(theirs) - set(mine))
            raise CourseFileError(
                f"{where}: its case {a.scenario} cannot be compared with {base.scenario} point by point: "
                f"{len(mine)} decision points against {len(theirs)}, and not the same ids"
                + (f" ({', '.join(missing)} missing)" if missing else ""))


def _case(case_id: str, scenarios: Optional[dict]):
    if scenarios is not None and case_id in scenarios:
        return scenarios[case_id]
    from scenarios.loader import load_case

    try:
        return load_case(case_id)
    except Exception:  # a broken or missing case is reported by its own validation, not here
        return None


def course_config(course_dir: Union[str, Path]) -> Config:
    """The nbgrader configuration of a built course directory."""
    course_dir = Path(course_dir).resolve()
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    config.CourseDirectory.root = str(course_dir)
    return config


def course_api(course_dir: Union[str, Path]):
    """nbgrader's Python API bound to a course directory."""
    from nbgrader.apps import NbGraderAPI
    from sqlalchemy.exc import SAWarning

    # nbgrader 0.9.6 adds a new submission to the gradebook in a way SQLAlchemy 2.0 warns
    # about ("not in session ... will not proceed"); the rows are written correctly regardless
    warnings.filterwarnings("ignore", message=".*not in session.*", category=SAWarning)

    # nbgrader runs `alembic` from PATH to set up the gradebook; find the one installed beside us
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")

    return NbGraderAPI(config=course_config(course_dir))


class NbgraderError(RuntimeError):
    """An nbgrader step failed; carries nbgrader's own log."""


def check(result: dict, what: str) -> dict:
    """Raise :class:`NbgraderError` if an NbGraderAPI call did not succeed."""
    if not result.get("success"):
        text = f"{result.get('error') or ''}\n{result.get('log') or ''}"
        if "because there are submissions associated with it" in text:
            # nbgrader keeps the cells of a notebook fixed once trainees have submitted it: say so in one line
            raise NbgraderError(f"{what}: the notebook changed, but trainees have already submitted it, and nbgrader "
                                "keeps a submitted notebook's cells as they were; give the changed version a new "
                                "assignment id, or build a new course")
        raise NbgraderError(f"{what} failed:\n{text}")
    return result


COURSE_ENV = "CASEWORK_COURSE"
# where make classroom and make demo-grade put their courses
DEFAULT_COURSES = (Path("classroom") / "course", Path("demo") / "course")


class CourseNotFound(LookupError):
    """No course folder where one was asked for or looked for (the message, one line, says where and what to do)."""


def is_course(path: Union[str, Path]) -> bool:
    """Whether ``path`` is an nbgrader course folder this project built (its config and a source or gradebook)."""
    path = Path(path)
    return (path / "nbgrader_config.py").is_file() and ((path / "source").is_dir() or (path / "gradebook.db").is_file())


def find_course(explicit: Optional[Union[str, Path]] = None) -> Path:
    """The course folder: ``explicit`` (``--course``), else ``$CASEWORK_COURSE``, else the current folder when it is
    a course (the formgrader's terminal on a hub), else ``classroom/course``, else ``demo/course``."""
    for given, what in ((explicit, "--course"), (os.environ.get(COURSE_ENV) or None, f"${COURSE_ENV}")):
        if given:
            if not is_course(given):
                raise CourseNotFound(f"{what} {given} is not a course folder (no nbgrader_config.py with source/ or "
                                     "gradebook.db): build one with 'make classroom' or 'casework build-course'")
            return Path(given)
    tried = [Path.cwd(), *DEFAULT_COURSES]
    for candidate in tried:
        if is_course(candidate):
            return candidate if candidate != Path.cwd() else Path(".")
    raise CourseNotFound(f"no course found (looked in the current folder, {', '.join(map(str, DEFAULT_COURSES))}): "
                         f"give --course DIR or set {COURSE_ENV}; 'make classroom' or 'make demo-grade' makes one")
