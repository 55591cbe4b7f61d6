"""The course as declared in ``curriculum/course.yaml``, and its nbgrader course directory."""

from __future__ import annotations

import os
import re
import sys
import warnings
from dataclasses import dataclass, field
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
    # (compared point by point as a bias probe; see grading.coach.analytics.bias_probes)
    variant_of: Optional[str] = None

    @property
    def notebook_name(self) -> str:
        return f"{self.id}.ipynb"


@dataclass(frozen=True)
class Module:
    """A module of the course: its lesson, its session and what a trainee can do by its end."""

    id: str
    title: str
    session: int
    lesson: str  # the lesson file under curriculum/, e.g. "lessons/plan.py"
    minutes: int  # the lesson's classroom time (the module's assignments add theirs)
    objectives: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    behaviours_note: str = ""  # a few words on the behaviours, shown beside them in the course map
    notes: str = ""  # Markdown for the course map: the case, how the session runs


# a classroom session is at most this many minutes, unless course.yaml says otherwise (max_session_minutes)
DEFAULT_SESSION_CAP = 195


@dataclass(frozen=True)
class CourseSpec:
    course_id: str
    assignments: list[Assignment]
    modules: list[Module] = field(default_factory=list)
    session_cap: int = DEFAULT_SESSION_CAP

    def assignment(self, assignment_id: str) -> Assignment:
        for a in self.assignments:
            if a.id == assignment_id:
                return a
        raise KeyError(f"no assignment {assignment_id!r} in {MANIFEST.name}; known: {', '.join(a.id for a in self.assignments)}")

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(f"no module {module_id!r} in {MANIFEST.name}; known: {', '.join(m.id for m in self.modules)}")

    def module_assignments(self, module_id: str) -> list[Assignment]:
        """The module's assignments, in the course's order."""
        return [a for a in self.assignments if a.module == module_id]

    def module_minutes(self, module_id: str) -> int:
        """The module's classroom time: its lesson plus its assignments."""
        return self.module(module_id).minutes + sum(a.minutes for a in self.module_assignments(module_id))

    def sessions(self) -> dict[int, list[Module]]:
        """The modules of each session, by session number, in order."""
        out: dict[int, list[Module]] = {}
        for m in self.modules:
            out.setdefault(m.session, []).append(m)
        return out

    def session_minutes(self) -> dict[int, int]:
        """The classroom time of each session: its modules' lessons and assignments."""
        return {s: sum(self.module_minutes(m.id) for m in mods) for s, mods in self.sessions().items()}


class CourseFileError(ValueError):
    """The course manifest says something that cannot hold (the message, one line, names the file and the entry)."""


TOP_LEVEL = ("course_id", "max_session_minutes", "modules", "assignments")
MODULE_FIELDS = ("id", "title", "session", "lesson", "minutes", "objectives", "behaviours", "behaviours_note", "notes")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LESSON = re.compile(r"^lessons/[a-z0-9][a-z0-9_-]*\.py$")


def load_course(path: Union[str, Path] = MANIFEST) -> CourseSpec:
    """Read the course manifest and check it: each entry's fields, the modules and their sessions, every session
    within the cap (:func:`check_sessions`) and the paired variants (:func:`check_variants`).

    Anything that cannot hold is a :class:`CourseFileError` whose one line names the file and the entry.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CourseFileError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_course(text, path)


def parse_course(text: str, path: Union[str, Path] = MANIFEST) -> CourseSpec:
    """The course in ``text`` (the content of the course file ``path``), checked as :func:`load_course` does."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise CourseFileError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise CourseFileError(f"{path}: the course file is a mapping with {', '.join(TOP_LEVEL)}")
    unknown = [k for k in data if k not in TOP_LEVEL]
    if unknown:
        raise CourseFileError(f"{path}: unknown field {unknown[0]!r} (the course file holds {', '.join(TOP_LEVEL)})")
    course_id = data.get("course_id")
    if not isinstance(course_id, str) or not course_id:
        raise CourseFileError(f"{path}: course_id must name the course, not {course_id!r}")
    cap = data.get("max_session_minutes", DEFAULT_SESSION_CAP)
    if not _whole(cap) or cap < 1:
        raise CourseFileError(f"{path}: max_session_minutes is a whole number of minutes, not {cap!r}")
    modules = [_module(m, i, path) for i, m in enumerate(_entries(data, "modules", path, required=False))]
    assignments = [_assignment(a, i, path) for i, a in enumerate(_entries(data, "assignments", path))]
    spec = CourseSpec(course_id=course_id, assignments=assignments, modules=modules, session_cap=cap)
    _check_order(spec, path)
    check_sessions(spec, path)
    check_variants(spec, path)
    return spec


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entries(data: dict, key: str, path, required: bool = True) -> list:
    entries = data.get(key)
    if entries is None and not required:
        return []
    if not isinstance(entries, list):
        raise CourseFileError(f"{path}: {key} is a list of entries, not {entries!r}")
    return entries


def _where(path, kind: str, entry, i: int) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"{path}: {kind} {ident!r}" if isinstance(ident, str) and ident else f"{path}: {kind} {i + 1} (no id)"


def _text(entry: dict, key: str, where: str, required: bool = True) -> str:
    value = entry.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise CourseFileError(f"{where}: {key} must be text, not {value!r}" if key in entry
                              else f"{where}: missing {key!r}")
    return value.strip()


def _minutes(entry: dict, where: str, default: Optional[int] = None) -> int:
    value = entry.get("minutes", default)
    if not _whole(value) or value < (0 if default is not None else 1):
        raise CourseFileError(f"{where}: minutes is a whole number of classroom minutes, not {value!r}"
                              if "minutes" in entry else f"{where}: missing 'minutes'")
    return value


def _module(entry, i: int, path) -> Module:
    where = _where(path, "module", entry, i)
    if not isinstance(entry, dict):
        raise CourseFileError(f"{where}: a module is a mapping with {', '.join(MODULE_FIELDS)}, not {entry!r}")
    unknown = [k for k in entry if k not in MODULE_FIELDS]
    if unknown:
        raise CourseFileError(f"{where}: unknown field {unknown[0]!r} (a module has {', '.join(MODULE_FIELDS)})")
    module_id = _text(entry, "id", where)
    if not _ID.match(module_id):
        raise CourseFileError(f"{where}: the id is lowercase letters, digits and dashes")
    session = entry.get("session")
    if not _whole(session) or session < 1:
        raise CourseFileError(f"{where}: session is the number of the classroom session (1, 2, ...), not {session!r}"
                              if "session" in entry else f"{where}: missing 'session'")
    lesson = _text(entry, "lesson", where)
    if not _LESSON.match(lesson):
        raise CourseFileError(f"{where}: lesson names a file under curriculum/ as lessons/<name>.py, not {lesson!r}")
    if not (CURRICULUM_DIR / lesson).is_file():
        raise CourseFileError(f"{where}: lesson {lesson} does not exist (under {CURRICULUM_DIR})")
    objectives = entry.get("objectives")
    if not isinstance(objectives, list) or not objectives:
        raise CourseFileError(f"{where}: objectives is a list of what a trainee can do by the end of the module")
    behaviours = entry.get("behaviours", [])
    if not isinstance(behaviours, list):
        raise CourseFileError(f"{where}: behaviours is a list of behaviour ids, not {behaviours!r}")
    for key, items in (("objectives", objectives), ("behaviours", behaviours)):
        for n, item in enumerate(items, 1):
            if not isinstance(item, str) or not item.strip():
                raise CourseFileError(f"{where}: {key} item {n} must be text, not {item!r}")
    return Module(
        module_id, _text(entry, "title", where), session, lesson, _minutes(entry, where),
        tuple(" ".join(o.split()) for o in objectives), tuple(b.strip() for b in behaviours),
        " ".join(_text(entry, "behaviours_note", where, required=False).split()),
        _text(entry, "notes", where, required=False),
    )


def _assignment(entry, i: int, path) -> Assignment:
    where = _where(path, "assignment", entry, i)
    if not isinstance(entry, dict):
        raise CourseFileError(f"{where}: an assignment is a mapping with id, title, scenario, module, minutes")
    variant_of = entry.get("variant_of")
    if variant_of is not None and not isinstance(variant_of, str):
        raise CourseFileError(f"{where}: variant_of names an assignment id, not {variant_of!r}")
    assignment_id = _text(entry, "id", where)
    if not _ID.match(assignment_id):
        raise CourseFileError(f"{where}: the id is lowercase letters, digits and dashes")
    return Assignment(
        assignment_id, _text(entry, "title", where), _text(entry, "scenario", where),
        _text(entry, "module", where, required=False), _minutes(entry, where, default=0), variant_of or None,
    )


def _check_order(spec: CourseSpec, path) -> None:
    """Ids are unique; sessions follow the modules' order; each assignment names a module and follows module order."""
    for kind, items in (("module", spec.modules), ("assignment", spec.assignments)):
        seen = set()
        for item in items:
            if item.id in seen:
                raise CourseFileError(f"{path}: {kind} {item.id!r} is given twice")
            seen.add(item.id)
    for before, module in zip(spec.modules, spec.modules[1:]):
        if module.session < before.session:
            raise CourseFileError(f"{path}: module {module.id!r}: session {module.session} comes after "
                                  f"{before.id!r} in session {before.session}; keep the modules in session order")
    if not spec.modules:
        return
    order = {m.id: i for i, m in enumerate(spec.modules)}
    last = None
    for a in spec.assignments:
        if a.module not in order:
            raise CourseFileError(f"{path}: assignment {a.id!r}: module {a.module!r} is not a module of the course "
                                  f"(known: {', '.join(order)})")
        if last is not None and order[a.module] < order[last.module]:
            raise CourseFileError(f"{path}: assignment {a.id!r} (module {a.module}) comes after {last.id!r} "
                                  f"(module {last.module}); keep the assignments in module order")
        last = a


def session_overruns(spec: CourseSpec) -> dict[int, int]:
    """The sessions whose lessons and assignments take longer than the cap: {session: minutes over}."""
    return {s: minutes - spec.session_cap for s, minutes in spec.session_minutes().items() if minutes > spec.session_cap}


def check_sessions(spec: CourseSpec, path: Union[str, Path] = MANIFEST) -> None:
    """Every session fits in the cap (``max_session_minutes``): its modules' lessons and assignments, added up.

    Raises :class:`CourseFileError` with one line naming the file, the session, its minutes, by how much it runs
    over, and what takes the time.
    """
    for session, over in session_overruns(spec).items():
        parts = []
        for m in spec.sessions()[session]:
            parts.append(f"lesson {m.id} {m.minutes}")
            parts += [f"{a.id} {a.minutes}" for a in spec.module_assignments(m.id)]
        raise CourseFileError(f"{path}: session {session} takes {spec.session_minutes()[session]} min, {over} over "
                              f"the cap of {spec.session_cap} ({', '.join(parts)})")


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


FROZEN_COURSE = "course.yaml"  # in <course>/keys/: the course file as the build read it


def frozen_course(course_dir: Union[str, Path]) -> CourseSpec:
    """The course as it was built (``<course>/keys/course.yaml``): what grading and the coach's reports read, so an
    edit of ``curriculum/course.yaml`` after the build changes nothing until the course is built again. A course
    built before the build kept this copy reads the live file."""
    path = Path(course_dir) / "keys" / FROZEN_COURSE
    return load_course(path) if path.is_file() else load_course()


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
