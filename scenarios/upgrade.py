"""Upgrade scenario data written in an older format to the current one.

Each format change adds one step to ``STEPS``: a function taking the data of
version ``n`` and returning it as version ``n + 1``. Loading runs the steps in
order, so an author's old file keeps working without edits.
"""

from __future__ import annotations

from typing import Any, Callable

from .models import SCHEMA_VERSION

Step = Callable[[dict[str, Any]], dict[str, Any]]

# version n -> function making version n + 1.
# A change that every existing file already satisfies needs no step and no new version: version 1 gained the
# `cautious` stance of an option that way (an added choice; no version-1 file changes meaning), and the optional
# `service: child | adult` field too (left out, it is `child`, which is what every older file meant). A change
# that renames, moves or reinterprets a field gets a new SCHEMA_VERSION and its step here.


def _items(value) -> list:
    """A list field as a list; anything else (a malformed file) as nothing, for the schema to name later."""
    return value if isinstance(value, list) else []


def _field(value, name: str):
    return value.get(name) if isinstance(value, dict) else None


def _movers(data: dict[str, Any]) -> list[str]:
    """Who a version-1 ``place`` moved: every child of the household (an adult-services case: its adult)."""
    members = [m for m in _items(_field(data.get("family"), "members")) if isinstance(m, dict)]
    children = [m.get("id") for m in members
                if str(m.get("role", "")).strip().lower() in ("child", "youth")
                or (isinstance(m.get("age"), (int, float)) and m["age"] < 18)]
    if data.get("service") == "adult" or not children:
        return [m.get("id") for m in members[:1]]
    return children


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 names who a placement moves (``place: foster, who: [theo]``) and adds conditions (``when:``),
    text variants (``situations:``, ``consequences:``) and flags; a version-1 ``place`` moved the household's
    children together, so they are named."""
    movers = _movers(data)

    def fix(effects):
        for eff in _items(effects):
            if isinstance(eff, dict) and "place" in eff and "who" not in eff:
                eff["who"] = list(movers)

    # a malformed file passes through untouched where it is malformed: the schema names the field and line
    for dp in _items(data.get("decision_points")):
        for opt in _items(_field(dp, "options")):
            fix(_field(opt, "effects"))
    for ev in _items(data.get("events")):
        fix(_field(ev, "effects"))
    return data


STEPS: dict[int, Step] = {1: _v1_to_v2}


class UpgradeError(ValueError):
    """The data's schema_version is missing or not one this code knows."""


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring scenario data up to :data:`SCHEMA_VERSION`, one step at a time."""
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
        data = STEPS[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data
