"""Load scenario files into typed models, with errors that name file, line and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Optional, Union

import yaml
from pydantic import ValidationError

from .models import Scenario
from .upgrade import UpgradeError, upgrade

PACKAGE_DIR = Path(__file__).resolve().parent
CASES_DIR = PACKAGE_DIR / "cases"


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


def parse_scenario(text: str, filename: str = "<scenario>") -> Scenario:
    """Parse scenario YAML text; raise :class:`ScenarioError` naming line and field."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ScenarioError([Problem(filename, line, "", f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    if not isinstance(data, dict):
        raise ScenarioError([Problem(filename, 1, "", "a scenario file must be a mapping of fields")])
    try:
        data = upgrade(data)
    except UpgradeError as exc:
        raise ScenarioError([Problem(filename, _line_of(root, ["schema_version"]), "schema_version", str(exc))]) from None
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = list(err["loc"])
            # pydantic appends the validator's name for errors raised in model validators
            message = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(filename, _line_of(root, loc), _field_path(loc), message))
        raise ScenarioError(problems) from None


def load_scenario(path: Union[str, Path]) -> Scenario:
    """Load a scenario from a YAML file (or a case folder holding ``scenario.yaml``)."""
    path = Path(path)
    if path.is_dir():
        path = path / "scenario.yaml"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), None, "", f"cannot read the file: {exc.strerror}")]) from None
    return parse_scenario(text, str(path))


def case_path(case_id: str) -> Path:
    """Path of a case in the scenario library, by id."""
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
        root = yaml.compose(text, Loader=yaml.SafeLoader)
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
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return exc.problems
    return check_against_catalog(scenario, str(path), path.read_text(encoding="utf-8"))


def to_yaml(data: Any) -> str:
    """Dump plain data as readable YAML (keys in the order given)."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
