"""The course map in ``curriculum/README.md``, generated from ``curriculum/course.yaml``.

The README's own prose stays as written; only the part between :data:`BEGIN` and :data:`END`
(the module table and one section a module) is replaced. ``casework course map`` writes it,
``casework course map --check`` fails when it is stale.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Union

from .course import MANIFEST, Assignment, CourseSpec, Module

README = MANIFEST.parent / "README.md"
BEGIN = "<!-- course map: generated from course.yaml by 'casework course map'; edit course.yaml, not this part -->"
END = "<!-- end of the generated course map -->"
WIDTH = 100


class CourseMapError(ValueError):
    """The README has no place for the course map (the message, one line, names the file)."""


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _assignment(a: Assignment) -> str:
    text = f"assignment `{a.id}` ({a.minutes} min): *{a.title}*"
    if a.variant_of:
        text += (f", a paired variant of `{a.variant_of}` (the same facts with a family of another background), "
                 f"which the coach's bias probe compares choice by choice with the trainee's `{a.variant_of}`")
    return text


def module_table(spec: CourseSpec) -> str:
    """The course map's table: one row a module."""
    rows = ["| Session | Module | Lesson | Assignments | Minutes |", "|---|---|---|---|---|"]
    for m in spec.modules:
        assignments = ", ".join(f"`{a.id}`" for a in spec.module_assignments(m.id)) or "none"
        rows.append(f"| {m.session} | {m.title} | `{m.lesson}` ({m.minutes} min) | {assignments} | "
                    f"{spec.module_minutes(m.id)} |")
    return "\n".join(rows)


def module_section(spec: CourseSpec, number: int, m: Module) -> str:
    """A module's section: its lesson and assignments, notes, the session's time, objectives, behaviours."""
    parts = [f"## {number}. {m.title} (session {m.session})"]
    parts.append(_wrap("; ".join([f"Lesson `{m.lesson}` ({m.minutes} min)",
                                  *(_assignment(a) for a in spec.module_assignments(m.id))]) + "."))
    if m.notes:
        parts.append(_wrap(m.notes))
    used = spec.session_minutes()[m.session]
    others = [o.id for o in spec.sessions()[m.session] if o.id != m.id]
    shared = f" (with {', '.join(others)})" if others else ""
    parts.append(_wrap(f"Session {m.session}{shared}: {used} of at most {spec.session_cap} minutes for the lessons "
                       f"and assignments; the {spec.session_cap - used} left go to the debrief and coaching."))
    parts.append("By the end of the module you can\n\n" + "\n".join(_wrap(o, "- ", "  ") for o in m.objectives))
    if m.behaviours:
        note = f" ({m.behaviours_note})" if m.behaviours_note else ""
        parts.append(_wrap(f"Behaviours{note}: " + ", ".join(f"`{b}`" for b in m.behaviours) + "."))
    return "\n\n".join(parts)


def course_map_markdown(spec: CourseSpec) -> str:
    """The generated part of the course map, markers included."""
    parts = [BEGIN, module_table(spec), _wrap(
        f"*Minutes* is the lesson plus the module's assignments. A session is at most {spec.session_cap} minutes "
        "(`max_session_minutes` in `course.yaml`): the course does not load (`casework build-course`, "
        "`casework course add`) when a session's lessons and assignments take longer.")]
    parts += [module_section(spec, i, m) for i, m in enumerate(spec.modules, 1)]
    return "\n\n".join(parts + [END]) + "\n"


def render_readme(text: str, spec: CourseSpec, name: Union[str, Path] = README) -> str:
    """``text`` (a README) with its generated part replaced by the course map of ``spec``."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise CourseMapError(f"{name}: no generated course map to replace: the file needs the lines {BEGIN!r} and "
                             f"{END!r}, in that order, around it")
    rest = text[end + len(END):]
    return text[:start] + course_map_markdown(spec) + (rest[1:] if rest.startswith("\n") else rest)


def stale(readme: Union[str, Path], spec: CourseSpec) -> bool:
    """Whether the README's course map differs from the one ``spec`` makes."""
    text = Path(readme).read_text(encoding="utf-8")
    return render_readme(text, spec, readme) != text
