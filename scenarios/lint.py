"""Content lint for scenario files: what the schema cannot see.

The schema (``models.py``) checks that a file has the right shape. The lint
checks that it makes a good case: every decision has a choice that shows the
practice model and one that goes against it, behaviour ids exist, effects touch
real parameters and services, credits add up, events happen in order and
within the case, every option can be told apart, and no template placeholder
is left. Each finding is an error (the case cannot ship) or a warning (worth a
look), located by file, line and field path like the loader's problems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union

import yaml

from .loader import (
    Problem,
    ScenarioError,
    _field_path,
    _line_of,
    check_against_catalog,
    compose_scenario,
    decode_text,
    parse_scenario,
    read_scenario_text,
)
from .items import item_findings
from .models import Effect, Scenario
from .parameters import PARAMETERS

ERROR = "error"
WARNING = "warning"
TOLERANCE = 1e-6

# leftover template text: capital TODO-style markers (lower-case "todo" is Spanish for "all"),
# lorem ipsum, and "<...>" markers from scenarios/template/scenario.yaml
PLACEHOLDERS = [
    re.compile(r"\b(TODO|TBD|FIXME|XXX)\b"),
    re.compile(r"\blorem\b", re.IGNORECASE),
    re.compile(r"<[^<>\n]*[A-Za-z][^<>\n]*>"),
]


@dataclass(frozen=True)
class Finding(Problem):
    """A problem with a severity: ``error`` fails validation, ``warning`` does not."""

    severity: str = ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.severity}:{field} {self.message}"


def _compose(text: Optional[str]) -> Optional[yaml.Node]:
    # the loader's guarded composer: no aliases to expand, no nesting to overflow the stack
    try:
        return compose_scenario(text) if text else None
    except ScenarioError:
        return None


class _Located:
    """Builds findings located in one file's YAML (``root`` is its composed node tree)."""

    def __init__(self, filename: str, root: Optional[yaml.Node]):
        self.filename = filename
        self.root = root
        self.found: list[Finding] = []

    def add(self, severity: str, loc: list, message: str) -> None:
        self.found.append(Finding(self.filename, _line_of(self.root, loc), _field_path(loc), message, severity))

    def error(self, loc: list, message: str) -> None:
        self.add(ERROR, loc, message)

    def warning(self, loc: list, message: str) -> None:
        self.add(WARNING, loc, message)


def _scalars(node: Optional[yaml.Node], loc: list) -> Iterator[tuple[list, yaml.ScalarNode]]:
    """Every scalar value in a YAML tree, with its location (mapping keys are not values)."""
    if isinstance(node, yaml.ScalarNode):
        yield loc, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, loc + [key.value])
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, loc + [i])


def find_placeholders(text: str, filename: str = "<scenario>", root: Optional[yaml.Node] = None) -> list[Finding]:
    """Leftover template markers (TODO, TBD, lorem, ``<...>``) in the file's values, comments aside."""
    out = _Located(filename, root or _compose(text))
    for loc, node in _scalars(out.root, []):
        if node.tag != "tag:yaml.org,2002:str":
            continue
        for pattern in PLACEHOLDERS:
            match = pattern.search(node.value)
            if match:
                out.found.append(
                    Finding(filename, node.start_mark.line + 1, _field_path(loc),
                            f"leftover placeholder {_short(match.group(0))}: replace it with the case's own text", ERROR)
                )
                break
    return out.found


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= width else text[: width - 4] + "...>")


def readme_findings(folder: Path) -> list[Finding]:
    """A case folder's README.md: it should exist, and keep no template placeholder; nor may its assignment.md
    (optional) keep one."""
    path = folder / "README.md"
    prose = folder / "assignment.md"
    extra = _placeholder_findings(prose) if prose.is_file() else []
    if not path.exists():
        return [Finding(str(path), None, "", "missing: each case folder has a README.md saying what the case "
                                             "teaches and which behaviours it covers", WARNING)] + extra
    return _placeholder_findings(path) + extra


def _placeholder_findings(path: Path) -> list[Finding]:
    try:
        text = decode_text(path.read_bytes(), str(path))
    except ScenarioError as exc:
        return [Finding(p.file, p.line, p.field, p.message, ERROR) for p in exc.problems]
    except OSError as exc:
        return [Finding(str(path), None, "", f"cannot read the file: {exc.strerror}", ERROR)]
    # markers may wrap over lines in a README, so search the whole text
    spans = [m for pattern in PLACEHOLDERS for m in pattern.finditer(text.replace("\n", " "))]
    lines = sorted({text.count("\n", 0, m.start()) + 1: m for m in spans}.items())
    return [Finding(str(path), line, "", f"leftover placeholder {_short(m.group(0))}", ERROR) for line, m in lines]


def _check_effect(out: _Located, loc: list, effect: Effect, services: set[str]) -> None:
    if effect.parameter is not None:
        p = PARAMETERS.get(effect.parameter)
        if p is None:
            out.error(loc + ["parameter"], f"unknown case parameter {effect.parameter!r}")
            return
        span = p.high - p.low
        if effect.add is not None and effect.add == 0:
            out.warning(loc + ["add"], f"adding 0 to {p.name} changes nothing")
        elif effect.add is not None and abs(effect.add) >= span:
            out.warning(loc + ["add"], f"adding {effect.add:g} to {p.name} ({p.unit}, {p.low:g} to {p.high:g}) "
                                       "always hits the end of its range; use 'set' if that is meant")
    if effect.refer is not None and effect.refer not in services:
        out.error(loc + ["refer"], f"refers to unknown service {effect.refer!r}; known: {', '.join(sorted(services)) or 'none'}")


def lint_scenario(
    scenario: Scenario, filename: str = "<scenario>", text: Optional[str] = None, root: Optional[yaml.Node] = None
) -> list[Finding]:
    """Content findings for a scenario that already passed the schema (not the catalog or placeholder checks)."""
    out = _Located(filename, root or _compose(text))
    services = {s.id for s in scenario.services}
    referred: set[str] = set()

    for i, dp in enumerate(scenario.decision_points):
        at = ["decision_points", i]
        keys = [o.key for o in dp.options if o.key is not None]
        if not any(k.demonstrates for k in keys):
            out.error(at + ["options"], "no option demonstrates a behaviour: give the practice-model choice "
                                         "'key.demonstrates'")
        if not any(k.contradicts for k in keys):
            out.error(at + ["options"], "no option contradicts a behaviour: every decision needs a choice that goes "
                                         "against the practice model ('key.contradicts')")
        labels: dict[str, str] = {}
        named: set[str] = set()
        for j, opt in enumerate(dp.options):
            oat = at + ["options", j]
            label = " ".join(opt.label.split()).lower()
            if not label:
                out.error(oat + ["label"], "an option without a label cannot be chosen")
            elif label in labels:
                out.error(oat + ["label"], f"same label as option {labels[label]!r}: a trainee cannot tell them apart")
            else:
                labels[label] = opt.id
            for k, effect in enumerate(opt.effects):
                _check_effect(out, oat + ["effects", k], effect, services)
                if effect.refer:
                    referred.add(effect.refer)
            if opt.key is None:
                out.warning(oat, "no grading key: the option scores nothing and names no behaviour")
                continue
            both = sorted(set(opt.key.demonstrates) & set(opt.key.contradicts))
            if both:
                out.error(oat + ["key"], f"demonstrates and contradicts the same behaviour: {', '.join(both)}")
            if opt.key.contradicts and not opt.key.rationale.strip():
                out.warning(oat + ["key", "rationale"], "an option that contradicts a behaviour should say why, for the coach")
            if dp.kind != "multiple" and opt.key.credit < 0:
                out.warning(oat + ["key", "credit"], "a negative credit at a single-choice point scores the same as 0")
            named |= set(opt.key.demonstrates) | set(opt.key.contradicts)
        credits = [o.key.credit if o.key else 0.0 for o in dp.options]
        if dp.kind != "multiple" and max(credits) < 1 - TOLERANCE:
            out.error(at + ["options"], f"no option earns the full points (best credit {max(credits):g}); "
                                         "give the practice-model option credit 1")
        if dp.kind == "multiple":
            # an option open on some paths only stands in for another on that path: count the options open everywhere
            best = sum(o.key.credit for o in dp.options if o.key and o.key.credit > 0 and o.when is None)
            if best < 1 - TOLERANCE:
                out.error(at + ["options"], f"choosing every helpful option earns only {best:g} of the points; "
                                             "positive credits should add up to 1")
            elif best > 1 + TOLERANCE:
                out.warning(at + ["options"], f"positive credits add up to {best:g}, so full points come before "
                                               "every helpful option is chosen")
        if dp.practice.value != "foundation" and named and not any(b.startswith(dp.practice.value + ".") for b in named):
            out.warning(at + ["practice"], f"filed under {dp.practice.value}, but its options name no "
                                           f"{dp.practice.value} behaviour")

    previous = None
    for i, event in enumerate(scenario.events):
        at = ["events", i]
        if previous is not None and event.week < previous:
            out.error(at + ["week"], f"week {event.week:g} comes before the previous event's week {previous:g}: "
                                     "list events in time order")
        previous = event.week if previous is None else max(previous, event.week)
        if event.week >= scenario.horizon_weeks:
            out.error(at + ["week"], f"week {event.week:g} is at or after the horizon ({scenario.horizon_weeks} weeks), "
                                     "so it never happens")
        for k, effect in enumerate(event.effects):
            _check_effect(out, at + ["effects", k], effect, services)
            if effect.refer:
                referred.add(effect.refer)

    for i, service in enumerate(scenario.services):
        if service.id not in referred:
            out.warning(["services", i, "id"], f"service {service.id!r} is never referred to by an option or event")

    item_findings(scenario, out.warning)

    for i, wa in enumerate(scenario.written_answers):
        at = ["written_answers", i]
        if not wa.behaviours:
            out.warning(at, "names no behaviours, so coach reports cannot file the answer")
        if not wa.exemplar.strip():
            out.warning(at, "no exemplar: coaches calibrate their grading against one")
        if not wa.rubric:
            out.warning(at, "no rubric: coaches need levels to grade against")
            continue
        top = max(level.points for level in wa.rubric)
        if abs(top - wa.points) > TOLERANCE:
            out.error(at + ["rubric"], f"the top rubric level gives {top:g} points but the answer is worth {wa.points:g}")
        levels = [level.points for level in wa.rubric]
        if levels != sorted(levels, reverse=True):
            out.warning(at + ["rubric"], "list rubric levels from the highest points to the lowest")
    return out.found


def check_text(text: str, filename: str = "<scenario>") -> list[Finding]:
    """Every finding for scenario text: schema errors, placeholders, unknown behaviour ids, content lint."""
    try:
        root = compose_scenario(text, filename)
    except ScenarioError as exc:
        # not readable as a scenario's YAML (encoding, syntax, aliases, depth, duplicate keys, NaN)
        return [Finding(p.file, p.line, p.field, p.message, ERROR) for p in exc.problems]
    findings = find_placeholders(text, filename, root)
    notes: list[Problem] = []  # what upgrading an older format decided, and what to write instead
    try:
        scenario = parse_scenario(text, filename, root, notes)
    except ScenarioError as exc:
        schema = [Finding(p.file, p.line, p.field, p.message, ERROR) for p in exc.problems]
        # a placeholder in a constrained field also fails the schema; report the line once, as a placeholder
        marked = {(f.line, f.field) for f in findings}
        findings += [f for f in schema if (f.line, f.field) not in marked]
        findings += [Finding(p.file, p.line, p.field, p.message, WARNING) for p in notes]
        return sorted(findings, key=lambda f: f.line or 0)
    findings += [Finding(p.file, p.line, p.field, p.message, WARNING) for p in notes]
    findings += [
        Finding(p.file, p.line, p.field, p.message, ERROR) for p in check_against_catalog(scenario, filename, root=root)
    ]
    findings += lint_scenario(scenario, filename, root=root)
    return sorted(findings, key=lambda f: f.line or 0)


def check_file(path: Union[str, Path]) -> list[Finding]:
    """Every finding for a scenario file, or for a case folder (its ``scenario.yaml`` and ``README.md``)."""
    path = Path(path)
    extra: list[Finding] = []
    if path.is_dir():
        extra = readme_findings(path)
        path = path / "scenario.yaml"
    try:
        text = read_scenario_text(path)
    except ScenarioError as exc:
        return [Finding(p.file, p.line, p.field, p.message, ERROR) for p in exc.problems] + extra
    return check_text(text, str(path)) + extra


def errors(findings: list[Finding]) -> list[Finding]:
    """The findings that fail validation."""
    return [f for f in findings if f.severity == ERROR]
