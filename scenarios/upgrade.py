"""Upgrade scenario data written in an older format to the current one.

Each format change adds one step to ``STEPS``: a function taking the data of
version ``n`` and returning it as version ``n + 1``. Loading runs the steps in
order, so an author's old file keeps working without edits. What a step had to
decide for the author (who a version-1 placement moves) it says in ``notes``:
one ``(location, message)`` each, naming the option and the version-2 YAML to
write instead; ``casework validate`` prints them as warnings, by file and line.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Optional

from .models import SCHEMA_VERSION

Note = tuple[tuple, str]  # (location in the file's data, what the upgrade decided and what to write instead)
Step = Callable[[dict[str, Any], list[Note]], dict[str, Any]]

# version n -> function making version n + 1.
# A change that every existing file already satisfies needs no step and no new version: version 1 gained the
# `cautious` stance of an option that way (an added choice; no version-1 file changes meaning), and the optional
# `service: child | adult` field too (left out, it is `child`, which is what every older file meant), and version 2
# the optional `after:` of a written answer (left out, the answer comes where it always did). A change
# that renames, moves or reinterprets a field gets a new SCHEMA_VERSION and its step here.


def _items(value) -> list:
    """A list field as a list; anything else (a malformed file) as nothing, for the schema to name later."""
    return value if isinstance(value, list) else []


def _field(value, name: str):
    return value.get(name) if isinstance(value, dict) else None


def _movers(data: dict[str, Any]) -> list[str]:
    """Who a version-1 ``place`` moved: every child of the household (an adult-services case: its adult)."""
    members = [m for m in _items(_field(data.get("family"), "members")) if isinstance(m, dict)]
    children = _children(data)
    if data.get("service") == "adult" or not children:
        return [m.get("id") for m in members[:1]]
    return children


def _names(data: dict[str, Any]) -> dict[str, str]:
    """Member id -> first name (the id when the member has no name)."""
    out = {}
    for m in _items(_field(data.get("family"), "members")):
        if isinstance(m, dict) and isinstance(m.get("id"), str):
            name = m.get("name")
            out[m["id"]] = name.split()[0] if isinstance(name, str) and name.split() else m["id"]
    return out


def _and(words: list[str]) -> str:
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def _flow(ids: list) -> str:
    return "[" + ", ".join(str(i) for i in ids) + "]"


def _placement_note(data: dict[str, Any], eff: dict, movers: list, what: str, words: str) -> str:
    """What the upgrade decided for one ``place`` without ``who``, and the version-2 effect to write instead.
    ``words`` is the option's (or event's) text: a child it names alone is the likely one meant."""
    names = _names(data)
    if data.get("service") == "adult":
        whom = "the adult"
    elif not _children(data):
        whom = "the household's first member"
    else:
        whom = "the household's only child" if len(movers) == 1 else "every child of the household"
    moved = _and([names.get(m, str(m)) for m in movers]) or "no one"
    place = eff.get("place")
    named = [m for m in movers if isinstance(names.get(m), str) and re.search(rf"\b{re.escape(names[m])}\b", words)]
    head = f"{what}: a version-1 {{place: {place}}} names no one, so the upgrade moves {whom} ({moved})"
    if named and len(named) < len(movers):
        return (f"{head}, though its words name only {_and([names[m] for m in named])}: write the version-2 effect "
                f"{{place: {place}, who: {_flow(named)}}} (or who: {_flow(movers)} if all of them go)")
    return f"{head}: write the version-2 effect {{place: {place}, who: {_flow(movers)}}}, naming only who goes"


def _children(data: dict[str, Any]) -> list:
    members = [m for m in _items(_field(data.get("family"), "members")) if isinstance(m, dict)]
    return [m.get("id") for m in members
            if str(m.get("role", "")).strip().lower() in ("child", "youth")
            or (isinstance(m.get("age"), (int, float)) and m["age"] < 18)]


def _text(*values) -> str:
    return " ".join(v for v in values if isinstance(v, str))


def _v1_to_v2(data: dict[str, Any], notes: list[Note]) -> dict[str, Any]:
    """Version 2 names who a placement moves (``place: foster, who: [theo]``) and adds conditions (``when:``),
    text variants (``situations:``, ``consequences:``) and flags; a version-1 ``place`` moved the household's
    children together, so they are named, and each placement so decided gets a note."""
    movers = _movers(data)

    def fix(effects, at: tuple, what: str, words: str):
        for k, eff in enumerate(_items(effects)):
            if isinstance(eff, dict) and "place" in eff and "who" not in eff:
                eff["who"] = list(movers)
                notes.append((at + ("effects", k), _placement_note(data, eff, movers, what, words)))

    # a malformed file passes through untouched where it is malformed: the schema names the field and line
    for i, dp in enumerate(_items(data.get("decision_points"))):
        for j, opt in enumerate(_items(_field(dp, "options"))):
            what = f"option {_field(opt, 'id')!r} of {_field(dp, 'id')!r}"
            fix(_field(opt, "effects"), ("decision_points", i, "options", j), what,
                _text(_field(opt, "label"), _field(opt, "consequence")))
    for i, ev in enumerate(_items(data.get("events"))):
        what = f"event {_field(ev, 'title')!r} (week {_field(ev, 'week')})"
        fix(_field(ev, "effects"), ("events", i), what, _text(_field(ev, "title"), _field(ev, "description")))
    if notes:
        notes.append((("schema_version",), f"a version-1 file, upgraded as it loads: {len(notes)} placement(s) name "
                                            "no one (each noted on its line); once each names who goes, write "
                                            "schema_version: 2"))
    return data


STEPS: dict[int, Step] = {1: _v1_to_v2}


class UpgradeError(ValueError):
    """The data's schema_version is missing or not one this code knows."""


def upgrade(data: dict[str, Any], notes: Optional[list[Note]] = None) -> dict[str, Any]:
    """Bring scenario data up to :data:`SCHEMA_VERSION`, one step at a time; what a step decided for the author
    goes into ``notes`` (see :data:`Note`)."""
    version = data.get("schema_version")
    if version is None:
        raise UpgradeError(f"missing; write 'schema_version: {SCHEMA_VERSION}' at the top of the file")
    if not isinstance(version, int) or version < 1:
        raise UpgradeError(f"{version!r} is not a format version (expected a whole number such as {SCHEMA_VERSION})")
    if version > SCHEMA_VERSION:
        raise UpgradeError(
            f"version {version} is newer than this software understands ({SCHEMA_VERSION}); update casework-practice"
        )
    while version < SCHEMA_VERSION:
        data = STEPS[version](dict(data), notes if notes is not None else [])
        version += 1
        data["schema_version"] = version
    return data
