"""The assignment's own words: ``assignment.md`` beside a case's ``scenario.yaml``.

The build makes each assignment notebook from its case (``grading.build.assignment``); where an author wants more
words than the case holds, they write them here, in plain Markdown, never in notebook JSON::

    ---
    sections: by practice        # or: as written (only the headings written below)
    ---
    # intro
    Words under the assignment's title, before "How it works".

    # engage
    Words under the generated "Engage" heading (a practice area's id).

    # at-the-door
    Words shown just before the decision point (or written answer) with this id. A block may open with its own
    "## heading", which then replaces the generated practice heading there. A fenced block names a practice tool,
    placed where it stands, with its settings as YAML:

    ```scaling
    id: scaling-home
    question: On a scale of 0 to 10, ...
    ```

    # play-out
    Words before the play-out (else a sentence from the case's horizon).

Every ``# anchor`` must name ``intro``, ``play-out``, a practice area, a decision point or a written answer of the
case; :func:`check_prose` says which line does not, with the case's ids.
"""

from __future__ import annotations

import difflib
import inspect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Union

import yaml

FILE_NAME = "assignment.md"
SECTIONS = ("by practice", "as written")
PLACES = ("intro", "play-out")
# practice tools an author can place: fence name -> CaseSession method
TOOLS = {
    "ecomap": "ecomap",
    "safety-network": "safety_network",
    "three-columns": "three_columns",
    "case-plan": "case_plan",
    "scaling": "scaling",
    "assessment": "assessment",
    "danger-statement": "danger_statement",
    "harm-statement": "harm_statement",
    "safety-goal": "safety_goal",
}
_ANCHOR = re.compile(r"^# +(\S.*?)\s*$")
_FENCE = re.compile(r"^(```+|~~~+)\s*([A-Za-z][\w-]*)?\s*$")


class ProseError(ValueError):
    """Something in an ``assignment.md`` the build cannot place; the message is one line: file, line, what
    (also as ``file``, ``line`` and ``problem``)."""

    def __init__(self, message: str):
        super().__init__(message)
        where = re.match(r"^(.*?):(\d+): (.*)$", message, re.S)
        self.file, self.line, self.problem = (where.group(1), int(where.group(2)), where.group(3)) if where \
            else (message.split(": ", 1)[0], None, message.split(": ", 1)[-1])


@dataclass(frozen=True)
class Tool:
    """A practice tool placed in the text: its fence name, its settings, the line it starts on."""

    name: str
    settings: dict
    line: int

    def call(self) -> str:
        """The toolkit call that shows it (settings as keyword arguments; ``id`` is the tool's ``tool_id``)."""
        args = [f"{'tool_id' if k == 'id' else k}={v!r}" for k, v in self.settings.items()]
        return f"case.{TOOLS[self.name]}({', '.join(args)})"


@dataclass
class Block:
    """The words (and tools) under one ``# anchor``: Markdown strings and :class:`Tool` items, in order."""

    anchor: str
    line: int
    parts: list = field(default_factory=list)

    @property
    def heading(self) -> Optional[str]:
        """The block's own ``## heading`` when its first words open with one."""
        first = next((p for p in self.parts if isinstance(p, str)), None)
        if first is not None and self.parts and self.parts[0] is first and first.startswith("## "):
            return first.splitlines()[0][3:].strip()
        return None


@dataclass
class Prose:
    """An ``assignment.md`` read: where it is, how sections are headed, and its blocks by anchor."""

    path: Optional[Path] = None
    sections: str = "by practice"
    blocks: dict[str, Block] = field(default_factory=dict)

    def block(self, anchor: str) -> Optional[Block]:
        return self.blocks.get(anchor)

    def where(self, line: int) -> str:
        return f"{self.path or FILE_NAME}:{line}"


def prose_path(case_file: Union[str, Path]) -> Path:
    """The ``assignment.md`` beside a case file."""
    return Path(case_file).parent / FILE_NAME


def load_prose(path: Union[str, Path, None]) -> Prose:
    """Read an ``assignment.md``; a missing file is no extra words (the build writes the notebook from the case)."""
    if path is None or not Path(path).is_file():
        return Prose(path=Path(path) if path else None)
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProseError(f"{path}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_prose(text, path)


def parse_prose(text: str, path: Optional[Path] = None) -> Prose:
    """Parse the Markdown of an ``assignment.md`` (see the module's docstring for the format)."""
    prose = Prose(path=path)
    lines = text.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise ProseError(f"{prose.where(1)}: the front matter opened here has no closing '---' line")
        front = _yaml(prose, lines[1:end], 2, "front matter is not YAML") or {}
        if not isinstance(front, dict):
            raise ProseError(f"{prose.where(2)}: front matter holds 'sections: by practice' or 'sections: as written'")
        for key, value in front.items():
            if key != "sections":
                raise ProseError(f"{prose.where(_line_of(lines, key, 1, end))}: unknown setting {key!r} "
                                 "(the front matter holds only sections)")
            if value not in SECTIONS:
                raise ProseError(f"{prose.where(_line_of(lines, key, 1, end))}: sections is "
                                 f"{' or '.join(repr(s) for s in SECTIONS)}, not {value!r}")
            prose.sections = value
        start = end + 1

    block: Optional[Block] = None
    words: list[str] = []

    def flush_words() -> None:
        if block is not None:
            chunk = "\n".join(words).strip("\n")
            if chunk.strip():
                block.parts.append(chunk)
        words.clear()

    i = start
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            close = next((j for j in range(i + 1, len(lines)) if lines[j].strip() == fence.group(1)), None)
            if close is None:
                raise ProseError(f"{prose.where(i + 1)}: this fenced block is never closed ({fence.group(1)})")
            if block is None:
                raise ProseError(f"{prose.where(i + 1)}: a fenced block before the first '# anchor' line")
            if fence.group(2):
                flush_words()
                block.parts.append(_tool(prose, fence.group(2), lines[i + 1:close], i + 1))
            else:
                words.extend(lines[i:close + 1])
            i = close + 1
            continue
        anchor = _ANCHOR.match(line)
        if anchor:
            flush_words()
            name = anchor.group(1)
            if name in prose.blocks:
                raise ProseError(f"{prose.where(i + 1)}: '# {name}' again (first on line {prose.blocks[name].line}); "
                                 "write each anchor once")
            block = Block(name, i + 1)
            prose.blocks[name] = block
        elif block is None:
            if line.strip():
                raise ProseError(f"{prose.where(i + 1)}: words before the first '# anchor' line (start with "
                                 "'# intro', a practice area or a decision point id)")
        else:
            words.append(line)
        i += 1
    flush_words()
    return prose


def _line_of(lines: list[str], key: str, start: int, end: int) -> int:
    return next((i + 1 for i in range(start, end) if lines[i].lstrip().startswith(f"{key}:")), start + 1)


def _yaml(prose: Prose, lines: list[str], first: int, what: str):
    """The YAML of ``lines`` (the file's lines from line ``first``), or a :class:`ProseError` at the line it fails."""
    try:
        return yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProseError(f"{prose.where(first + (mark.line if mark else 0))}: {what} "
                         f"({getattr(exc, 'problem', exc)})") from None


def _tool(prose: Prose, name: str, body: list[str], line: int) -> Tool:
    if name not in TOOLS:
        close = difflib.get_close_matches(name, TOOLS, n=1)
        raise ProseError(f"{prose.where(line)}: no practice tool {name!r}"
                         + (f" (did you mean {close[0]!r}?)" if close else "")
                         + f"; tools: {', '.join(TOOLS)}")
    settings = _yaml(prose, body, line + 1, f"the {name} tool's settings are not YAML") \
        if any(b.strip() for b in body) else {}
    if not isinstance(settings, dict):
        raise ProseError(f"{prose.where(line + 1)}: the {name} tool's settings are 'name: value' lines")
    allowed = _tool_settings(name)
    for key, value in settings.items():
        if key not in allowed:
            raise ProseError(f"{prose.where(line + 1 + _offset(body, key))}: the {name} tool has no setting "
                             f"{key!r}; it takes {', '.join(allowed) or 'none'}")
        if not isinstance(value, (str, bool)):
            raise ProseError(f"{prose.where(line + 1 + _offset(body, key))}: {name} setting {key!r} is a text, "
                             f"not {value!r}")
    return Tool(name, settings, line)


def _offset(body: list[str], key: str) -> int:
    return next((i for i, b in enumerate(body) if b.lstrip().startswith(f"{key}:")), 0)


def _tool_settings(name: str) -> list[str]:
    """The settings a tool takes: its CaseSession method's keyword arguments (``tool_id`` written ``id``)."""
    from curriculum.toolkit.session import CaseSession

    params = inspect.signature(getattr(CaseSession, TOOLS[name])).parameters
    return ["id" if p == "tool_id" else p for p in params if p != "self"]


def check_prose(prose: Prose, scenario) -> None:
    """Every anchor names something of the case (else :class:`ProseError` with file, line, the anchor and the
    case's ids); a practice named has decision points in the case."""
    points = [d.id for d in scenario.decision_points]
    answers = [w.id for w in scenario.written_answers]
    practices = list(dict.fromkeys(d.practice.value for d in scenario.decision_points))
    known = [*PLACES, *practices, *points, *answers]
    for name, block in prose.blocks.items():
        if name in known:
            if name in PLACES and any(isinstance(p, Tool) for p in block.parts):
                raise ProseError(f"{prose.where(block.line)}: # {name} holds words only; place a tool before a "
                                 "decision point")
            continue
        from .models import Practice

        if name in {p.value for p in Practice}:
            raise ProseError(f"{prose.where(block.line)}: '# {name}': case {scenario.id} has no decision point of "
                             f"the practice {name!r} (its practices: {', '.join(practices)})")
        close = difflib.get_close_matches(name, known, n=1)
        raise ProseError(
            f"{prose.where(block.line)}: '# {name}' names no decision point, written answer or practice of case "
            f"{scenario.id}" + (f" (did you mean {close[0]!r}?)" if close else "")
            + f"; points: {', '.join(points)}" + (f"; written answers: {', '.join(answers)}" if answers else ""))
    if prose.sections == "as written":
        for practice in practices:
            if practice in prose.blocks:
                b = prose.blocks[practice]
                raise ProseError(f"{prose.where(b.line)}: '# {practice}' goes under a practice heading, and "
                                 "'sections: as written' generates none: write these words before a decision point")
