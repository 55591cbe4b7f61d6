"""Adding an assignment to the course file (``casework course add``), keeping the file's comments and layout.

The entry is written into the YAML text in its module's place (never through ``yaml.dump``, which would lose
the comments), and the new text must load as a course (:func:`grading.course.parse_course`: the session cap,
the variant's case) before the file is written.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional, Union

import yaml

from .course import _ID, MANIFEST, Assignment, CourseFileError, CourseSpec, load_course, parse_course


def add_assignment(
    assignment_id: str,
    case: str,
    module: str,
    minutes: int,
    title: Optional[str] = None,
    variant_of: Optional[str] = None,
    path: Union[str, Path] = MANIFEST,
) -> tuple[CourseSpec, Assignment]:
    """Append an assignment's entry to the course file at ``path``, after the entries of its module.

    Checks that the id is new, the case exists (in the scenario library or $CASEWORK_CASES), the module is one of the course's,
    and that the course still loads with it (its session within the cap, a variant comparable with its case).
    ``title`` defaults to the case's title. Raises :class:`CourseFileError` with one line naming the file;
    the file is left as it was then.
    """
    from scenarios.loader import ScenarioError, case_path, load_case

    path = Path(path)
    spec = load_course(path)
    refused = f"{path}: cannot add {assignment_id!r}"
    if not _ID.match(assignment_id):
        raise CourseFileError(f"{refused}: an assignment id is lowercase letters, digits and dashes")
    if any(a.id == assignment_id for a in spec.assignments):
        raise CourseFileError(f"{refused}: the course already has an assignment with that id")
    if not case_path(case).is_file():
        raise CourseFileError(f"{refused}: no case {case!r} under scenarios/cases/ or $CASEWORK_CASES "
                              f"('casework new {case}' starts one)")
    modules = [m.id for m in spec.modules]
    if module not in modules:
        raise CourseFileError(f"{refused}: no module {module!r} in the course (there are: {', '.join(modules) or 'none'})")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
        raise CourseFileError(f"{refused}: minutes is a whole number of classroom minutes, not {minutes!r}")
    if title is None:
        try:
            title = load_case(case).title
        except (ScenarioError, ValueError, OSError):
            raise CourseFileError(f"{refused}: case {case} does not load ('casework validate {case}' says why); "
                                  "give --title or fix the case") from None
    title = " ".join(title.split())
    if not title:
        raise CourseFileError(f"{refused}: the title is empty")

    text = path.read_text(encoding="utf-8")
    fields = {"id": assignment_id, "title": json.dumps(title, ensure_ascii=False), "scenario": case,
              "module": module, "minutes": minutes}
    if variant_of:
        fields["variant_of"] = variant_of
    order = {m: i for i, m in enumerate(modules)}
    new_text = insert_entry(text, fields, lambda entry: order.get(entry.get("module"), -1) > order[module], path)
    try:
        new_spec = parse_course(new_text, path)
    except CourseFileError as exc:
        message = str(exc)
        raise CourseFileError(f"{refused}: {message.removeprefix(f'{path}: ')}") from None
    added = new_spec.assignment(assignment_id)
    path.write_text(new_text, encoding="utf-8")
    return new_spec, added


def insert_entry(text: str, fields: dict, goes_before, path: Union[str, Path] = MANIFEST) -> str:
    """``text`` with an entry of ``fields`` (values already YAML) in its ``assignments`` list: before the first
    entry for which ``goes_before(entry)`` holds (and the comment lines right above it), else after the last."""
    root = yaml.compose(text)
    items = None
    if isinstance(root, yaml.MappingNode):
        items = next((value for key, value in root.value if key.value == "assignments"), None)
    if not isinstance(items, yaml.SequenceNode) or items.flow_style or not items.value:
        raise CourseFileError(f"{path}: no block list of assignments to add to; add the first entry by hand")
    lines = text.splitlines(keepends=True)
    first_line = lines[items.value[0].start_mark.line]
    dash = first_line.index("-")
    key_column = items.value[0].start_mark.column
    entries = yaml.safe_load(text)["assignments"]
    at = None
    for node, entry in zip(items.value, entries):
        if goes_before(entry):
            at = node.start_mark.line
            while at > 0 and lines[at - 1].strip().startswith("#"):
                at -= 1
            break
    if at is None:  # after the last entry: its own lines are those indented past the dash
        at = items.value[-1].start_mark.line + 1
        for n in range(at, len(lines)):
            stripped = lines[n].strip()
            if stripped and len(lines[n]) - len(lines[n].lstrip()) <= dash:
                break
            if stripped:
                at = n + 1
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    keys = list(fields.items())
    block = [f"{' ' * dash}-{' ' * (key_column - dash - 1)}{keys[0][0]}: {keys[0][1]}\n"]
    block += [f"{' ' * key_column}{key}: {value}\n" for key, value in keys[1:]]
    return "".join(lines[:at] + block + lines[at:])
