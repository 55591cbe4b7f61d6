"""Load scenario files into typed models, with errors that name file, line and field."""

from __future__ import annotations

import codecs
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import yaml
from pydantic import ValidationError
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .models import LocatedError, Scenario
from .upgrade import UpgradeError, upgrade

PACKAGE_DIR = Path(__file__).resolve().parent
CASES_DIR = PACKAGE_DIR / "cases"

# libyaml's parser when present (the composing below is ours, so both behave alike)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32  # nesting of lists and mappings; the library's cases go 8 deep
MAX_PROBLEMS = 20  # stop reading a hostile file after this many problems
# characters YAML allows in a stream (YAML 1.1, 5.1); anything else is binary or a wrong encoding
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_STR, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:float"
# scalars that always construct (strings, null, booleans); merge keys are the mapping's business
_PLAIN_TAGS = {_STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:merge"}
_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors
_TAG_NAMES = {"tag:yaml.org,2002:int": "a whole number", _FLOAT: "a number", "tag:yaml.org,2002:timestamp": "a date"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file, located as precisely as possible."""

    file: str
    line: Optional[int]
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class ScenarioError(ValueError):
    """A scenario file that cannot be used; lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _field_path(loc: Iterable[Union[str, int]]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(node: Optional[yaml.Node], loc: Iterable[Union[str, int]]) -> Optional[int]:
    """1-based line of the deepest YAML node that the pydantic location reaches."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node = value_node
                    line = key_node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _yaml_problem(filename: str, exc: yaml.YAMLError) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = _one_line(getattr(exc, "problem", None) or exc)
    if "maximum nesting depth" in problem:  # libyaml's own limit (1000) met while scanning ahead
        return Problem(filename, line, "", f"nested more than {MAX_DEPTH} levels deep at line {line}")
    return Problem(filename, line, "", f"not valid YAML: {problem}")


def decode_text(data: bytes, filename: str = "<scenario>") -> str:
    """The text of a scenario file's bytes: strict UTF-8 (a UTF-8 byte-order mark is dropped).

    Raise :class:`ScenarioError` naming the first byte that is not UTF-8, and its line.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            hint = "it looks like UTF-16"
        elif b"\x00" in data:
            hint = "it looks like a binary file or UTF-16"
        else:
            hint = "it looks like Latin-1 or another encoding"
        message = f"not UTF-8 text (byte 0x{data[exc.start]:02x} at line {line}): {hint}; save it as UTF-8"
        raise ScenarioError([Problem(filename, line, "", message)]) from None


def read_scenario_text(path: Union[str, Path]) -> str:
    """A scenario file's text, or :class:`ScenarioError` if it cannot be read or is not UTF-8."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, "", f"cannot read the file: {exc.strerror}")]) from None
    return decode_text(data, str(path))


def _check_characters(text: str, filename: str) -> None:
    bad = _NOT_PRINTABLE.search(text)
    if bad is None:
        return
    line = text.count("\n", 0, bad.start()) + 1
    code = ord(bad.group())
    if code < 0x100:
        what = f"not UTF-8 text (byte 0x{code:02x} at line {line})" if code == 0 else (
            f"control character 0x{code:02x} at line {line}")
        hint = ": it looks like a binary file or UTF-16; save it as UTF-8" if code == 0 else ": YAML allows none"
    else:
        what, hint = f"character U+{code:04X} at line {line} is not allowed in YAML", ""
    raise ScenarioError([Problem(filename, line, "", what + hint)])


class _Stop(Exception):
    """Composing ends early: the file is hostile or hopelessly broken."""


class _Composer:
    """Compose one YAML document into nodes, iteratively, refusing what scenario files never need.

    PyYAML's own composer recurses (a deep file overflows the stack) and shares
    aliased nodes (a "billion laughs" file expands exponentially when walked).
    This one reads parser events in a loop and reports, by line and field:
    anchors and aliases, nesting deeper than :data:`MAX_DEPTH`, duplicate keys,
    non-finite numbers (``.nan``, ``.inf``) and scalars that cannot be read
    (``2026-13-45`` as a date).
    """

    def __init__(self, text: str, filename: str):
        self.loader = _LOADER(text)
        self.filename = filename
        self.problems: list[Problem] = []
        self.anchor_lines: set[int] = set()  # lines already reported for an anchor or alias
        # open collections: [node, pending key node (mappings), {key: first line} (mappings)]
        self.stack: list[list] = []

    def loc(self) -> list:
        out: list = []
        for node, key, _ in self.stack:
            if isinstance(node, SequenceNode):
                out.append(len(node.value))
            elif key is not None:
                out.append(key.value if isinstance(key, ScalarNode) else "?")
        return out

    def problem(self, line: int, loc: list, message: str, fatal: bool = False) -> None:
        self.problems.append(Problem(self.filename, line, _field_path(loc), message))
        if fatal:
            raise _Stop
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem(self.filename, line, "", f"stopped reading after {MAX_PROBLEMS} problems"))
            raise _Stop

    def compose(self) -> Optional[yaml.Node]:
        try:
            return self._compose()
        except _Stop:
            return None
        except yaml.YAMLError as exc:
            self.problems.append(_yaml_problem(self.filename, exc))
            return None
        finally:
            self.loader.dispose()

    def _compose(self) -> Optional[yaml.Node]:
        loader, stack = self.loader, self.stack
        root: Optional[yaml.Node] = None
        documents = 0
        while True:
            event = loader.get_event()
            cls = type(event)
            if cls is ScalarEvent:
                node = self.scalar(event)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                self.anchored(event)
                if len(stack) >= MAX_DEPTH:
                    self.problem(event.start_mark.line + 1, self.loc(),
                                 f"nested more than {MAX_DEPTH} levels deep at line {event.start_mark.line + 1}", True)
                kind = MappingNode if cls is MappingStartEvent else SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = loader.resolve(kind, None, event.implicit)
                self.known_tag(tag, event)
                stack.append([kind(tag, [], event.start_mark, None, flow_style=event.flow_style), None, {}])
                continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif cls is AliasEvent:
                self.no_anchors(event, "alias *")
                node = ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line = event.start_mark.line + 1
                    self.problem(line, [], f"not valid YAML: a second document starts at line {line}; "
                                           "a scenario file holds one", True)
                continue
            elif cls is StreamEndEvent:
                return root
            else:  # stream start, document end
                continue
            if not stack:
                root = node
                continue
            top = stack[-1]
            if isinstance(top[0], SequenceNode):
                top[0].value.append(node)
            elif top[1] is None:
                self.key(top, node)
                top[1] = node
            else:
                top[0].value.append((top[1], node))
                top[1] = None

    def anchored(self, event) -> None:
        if event.anchor is not None:
            self.no_anchors(event, "anchor &")

    def no_anchors(self, event, what: str) -> None:
        # authors never need them, and aliases are how a small file expands to a huge one
        line = event.start_mark.line + 1
        if line not in self.anchor_lines:
            self.anchor_lines.add(line)
            self.problem(line, self.loc(), f"{what}{event.anchor} at line {line}: scenario files use no YAML "
                                           "anchors or aliases; write the value out in full")

    def known_tag(self, tag: str, event) -> bool:
        if tag in _CONSTRUCTORS:
            return True
        line = event.start_mark.line + 1
        if event.tag in (None, "!"):  # a plain '=' resolves to YAML's unloadable "value" type
            self.problem(line, self.loc(), f"cannot read {_short(event.value)}: put it in quotes")
        else:
            self.problem(line, self.loc(), f"unknown YAML tag {_short(tag.replace('tag:yaml.org,2002:', '!!'))}: "
                                           "scenario files need no tags")
        return False

    def scalar(self, event) -> ScalarNode:
        self.anchored(event)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, event.value, event.implicit)
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        if tag not in _PLAIN_TAGS:
            line = event.start_mark.line + 1
            if not self.known_tag(tag, event):
                return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            try:
                value = self.loader.construct_object(node)
            except Exception as exc:  # a bad date, number or binary: say which value, keep going
                what = _TAG_NAMES.get(tag, f"a {tag.rsplit(':', 1)[-1]} value")
                reason = _one_line(getattr(exc, "problem", None) or exc)
                self.problem(line, self.loc(), f"cannot read {_short(event.value)} as {what}: {reason}")
                return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            if isinstance(value, float) and not math.isfinite(value):
                self.problem(line, self.loc(), f"{_short(event.value)} is not a finite number "
                                               "(NaN and infinity are not allowed)")
        return node

    def key(self, frame: list, node: yaml.Node) -> None:
        if not isinstance(node, ScalarNode):
            return
        ident = (node.tag, node.value)
        first = frame[2].get(ident)
        line = node.start_mark.line + 1
        if first is None:
            frame[2][ident] = line
        else:
            self.problem(line, self.loc() + [node.value], f"duplicate key {node.value!r} (first at line {first})")


def _short(text: str, width: int = 40) -> str:
    return repr(text if len(text) <= width else text[: width - 3] + "...")


def compose_scenario(text: str, filename: str = "<scenario>") -> Optional[yaml.Node]:
    """The YAML node tree of scenario text (``None`` for an empty file).

    Raise :class:`ScenarioError` for anything a scenario file must not hold:
    characters that are not text, invalid YAML, anchors and aliases, nesting
    deeper than :data:`MAX_DEPTH`, duplicate keys, ``.nan`` and ``.inf``, and
    scalars that cannot be read. Each problem names its line and field.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    _check_characters(text, filename)
    composer = _Composer(text, filename)
    root = composer.compose()
    if composer.problems:
        raise ScenarioError(composer.problems)
    return root


def parse_scenario(text: str, filename: str = "<scenario>", root: Optional[yaml.Node] = None,
                   notes: Optional[list[Problem]] = None) -> Scenario:
    """Parse scenario YAML text; raise :class:`ScenarioError` naming line and field.

    ``root``, the text's node tree from :func:`compose_scenario`, saves composing it again. ``notes``, when
    given, receives what upgrading an older format decided for the author (who a version-1 placement moves),
    each located by line and field, with the current format's YAML to write instead.
    """
    if root is None:
        root = compose_scenario(text, filename)
    try:
        data = yaml.constructor.SafeConstructor().construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise ScenarioError([_yaml_problem(filename, exc)]) from None
    if not isinstance(data, dict):
        raise ScenarioError([Problem(filename, 1, "", "a scenario file must be a mapping of fields")])
    decided: list = []
    try:
        data = upgrade(data, decided)
    except UpgradeError as exc:
        raise ScenarioError([Problem(filename, _line_of(root, ["schema_version"]), "schema_version", str(exc))]) from None
    if notes is not None:
        notes.extend(Problem(filename, _line_of(root, loc), _field_path(loc), message) for loc, message in decided)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            # a validator that checks several fields says which one is wrong (see models.LocatedError)
            cause = err.get("ctx", {}).get("error")
            if isinstance(cause, LocatedError):
                loc += list(cause.loc)
            # pydantic appends the validator's name for errors raised in model validators
            message = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(filename, _line_of(root, loc), _field_path(loc), message))
        raise ScenarioError(problems) from None


def load_scenario(path: Union[str, Path], notes: Optional[list[Problem]] = None) -> Scenario:
    """Load a scenario from a YAML file (or a case folder holding ``scenario.yaml``); ``notes`` as in
    :func:`parse_scenario`."""
    path = Path(path)
    if path.is_dir():
        path = path / "scenario.yaml"
    return parse_scenario(read_scenario_text(path), str(path), notes=notes)


def case_dirs() -> list[Path]:
    """Where cases are found by id: the library, then each folder ``$CASEWORK_CASES`` names (separated like
    ``PATH``), for an author's cases kept outside the library (a scratch course, a test's fixture)."""
    extra = [Path(p) for p in os.environ.get("CASEWORK_CASES", "").split(os.pathsep) if p.strip()]
    return [CASES_DIR, *extra]


def case_path(case_id: str) -> Path:
    """Path of a case by id: in the scenario library, else in a folder of ``$CASEWORK_CASES``."""
    for folder in case_dirs():
        path = folder / case_id / "scenario.yaml"
        if path.is_file():
            return path
    return CASES_DIR / case_id / "scenario.yaml"


def load_case(case_id: str) -> Scenario:
    """Load a case of the scenario library by its id."""
    return load_scenario(case_path(case_id))


def library() -> list[str]:
    """Ids of the cases in the scenario library."""
    return sorted(p.parent.name for p in CASES_DIR.glob("*/scenario.yaml"))


def check_against_catalog(
    scenario: Scenario, filename: str, text: Optional[str] = None, root: Optional[yaml.Node] = None
) -> list[Problem]:
    """Problems with the behaviour ids a scenario's keys name (ids missing from the catalog).

    ``text`` (or its already composed ``root``) lets each problem carry its line.
    """
    from .catalog import load_catalog

    known = load_catalog().behaviour_ids()
    if root is None and text:
        root = compose_scenario(text, filename)
    problems = []
    for i, dp in enumerate(scenario.decision_points):
        for j, opt in enumerate(dp.options):
            if opt.key is None:
                continue
            for field in ("demonstrates", "contradicts"):
                for k, bid in enumerate(getattr(opt.key, field)):
                    if bid not in known:
                        loc = ["decision_points", i, "options", j, "key", field, k]
                        problems.append(
                            Problem(filename, _line_of(root, loc), _field_path(loc), f"unknown behaviour id {bid!r}")
                        )
    for i, wa in enumerate(scenario.written_answers):
        for k, bid in enumerate(wa.behaviours):
            if bid not in known:
                loc = ["written_answers", i, "behaviours", k]
                problems.append(Problem(filename, _line_of(root, loc), _field_path(loc), f"unknown behaviour id {bid!r}"))
    return problems


def validate_file(path: Union[str, Path]) -> list[Problem]:
    """Every problem with a scenario file: format errors, then unknown behaviour ids."""
    path = Path(path)
    if path.is_dir():
        path = path / "scenario.yaml"
    try:
        text = read_scenario_text(path)
        root = compose_scenario(text, str(path))
        scenario = parse_scenario(text, str(path), root)
    except ScenarioError as exc:
        return exc.problems
    return check_against_catalog(scenario, str(path), root=root)


def to_yaml(data: Any) -> str:
    """Dump plain data as readable YAML (keys in the order given)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
