"""The author's toolkit as plain functions: start a case from the template, measure library coverage.

Beside it, the author's other tools, each a module of its own, imported by name (this package imports
none of them, so ``scenarios.authoring`` stays as light as the case format it reads):

- :mod:`scenarios.lint`, the item-writing checks (``casework validate``);
- :mod:`scenarios.authoring.personas`, scripted trainees that choose in a case the way a kind of worker
  would (``casework play --persona``, the validity check, the course build's reference futures, the demo);
- :mod:`scenarios.authoring.validity`, whether a case's score separates good practice from guessing
  (``casework validity``), scored by grading's own scorer: the one module here that imports grading.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Union

from ..catalog import Catalog, load_catalog
from ..loader import CASES_DIR, PACKAGE_DIR, ScenarioError, load_scenario
from ..models import Scenario

TEMPLATE_DIR = PACKAGE_DIR / "template"
SCHEMA_FILE = PACKAGE_DIR / "scenario.schema.json"
CASE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def new_case(name: str, cases_dir: Union[str, Path] = CASES_DIR) -> Path:
    """Create ``<cases_dir>/<name>/`` with ``scenario.yaml``, ``README.md`` and ``assignment.md`` from the template.

    The case id is ``name``; the editor schema line points at the committed
    schema from wherever the folder is. An existing folder is never touched.
    """
    if not CASE_ID.match(name) or len(name) > 64:
        raise ValueError(f"{name!r} is not a case id: use lowercase letters, digits and dashes (e.g. 'rivera-newborn')")
    folder = Path(cases_dir) / name
    if folder.exists():
        raise FileExistsError(f"{folder} already exists; choose another name or edit that case")
    text = (TEMPLATE_DIR / "scenario.yaml").read_text(encoding="utf-8")
    schema = Path(os.path.relpath(SCHEMA_FILE, folder.resolve())).as_posix()
    text = re.sub(r"^# yaml-language-server: \$schema=.*$", f"# yaml-language-server: $schema={schema}", text, count=1, flags=re.M)
    text = re.sub(r"^id: .*$", f"id: {name}", text, count=1, flags=re.M)
    readme = (TEMPLATE_DIR / "README.md").read_text(encoding="utf-8").replace("scenarios/cases/CASE", f"scenarios/cases/{name}")
    folder.mkdir(parents=True)
    (folder / "scenario.yaml").write_text(text, encoding="utf-8")
    (folder / "README.md").write_text(readme, encoding="utf-8")
    shutil.copy(TEMPLATE_DIR / "assignment.md", folder / "assignment.md")  # the assignment's own words
    return folder


LIBRARY_TARGET = 2  # the library aims to exercise every behaviour at least this often


@dataclass
class BehaviourCoverage:
    """How often the scenarios exercise one behaviour (one flat row for reports)."""

    behaviour: str
    practice: str
    name: str
    demonstrated: int = 0  # decision points with an option showing it, plus written answers evidencing it
    contradicted: int = 0  # decision points with an option going against it
    exercised: int = 0  # decision points and written answers that name it at all
    cases: list[str] = field(default_factory=list)


@dataclass
class CaseSummary:
    """The shape of one case: how many decisions, which practices, how many behaviours."""

    case: str
    path: str
    decision_points: int
    practices: list[str]
    behaviours: int


@dataclass
class Coverage:
    """Coverage of the catalog by a set of scenarios."""

    rows: list[BehaviourCoverage]
    cases: list[CaseSummary]
    problems: list[str]  # files that could not be loaded, so were not counted

    def gaps(self, minimum: int = LIBRARY_TARGET) -> list[BehaviourCoverage]:
        """Behaviours exercised fewer than ``minimum`` times."""
        return [r for r in self.rows if r.exercised < minimum]

    def by_practice(self, minimum: int = LIBRARY_TARGET) -> dict[str, tuple[int, int]]:
        """(behaviours exercised at least ``minimum`` times, behaviours) per practice area."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.rows:
            met, total = out.get(r.practice, (0, 0))
            out[r.practice] = (met + (r.exercised >= minimum), total + 1)
        return out

    def frame(self):
        """The rows as a pandas DataFrame."""
        import pandas as pd
        from dataclasses import asdict

        return pd.DataFrame([asdict(r) for r in self.rows])


def library_paths(cases_dir: Union[str, Path] = CASES_DIR) -> list[Path]:
    """Every ``scenario.yaml`` of the scenario library, by case folder name."""
    return sorted(Path(cases_dir).glob("*/scenario.yaml"))


def coverage(paths: Optional[Iterable[Union[str, Path]]] = None, catalog: Optional[Catalog] = None) -> Coverage:
    """Count, for each catalog behaviour, the decision points and written answers that exercise it."""
    catalog = catalog or load_catalog()
    rows = {
        b.id: BehaviourCoverage(b.id, p.id, b.name) for p in catalog.practices for b in p.behaviours
    }
    cases, problems = [], []
    for path in library_paths() if paths is None else [Path(p) for p in paths]:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            problems.append(f"{path}: not counted, it does not load ({len(exc.problems)} problem(s); run casework validate)")
            continue
        named = _count(scenario, rows)
        cases.append(CaseSummary(
            scenario.id, str(path), len(scenario.decision_points),
            sorted({dp.practice.value for dp in scenario.decision_points}), len(named),
        ))
    return Coverage(list(rows.values()), cases, problems)


def _count(scenario: Scenario, rows: dict[str, BehaviourCoverage]) -> set[str]:
    named: set[str] = set()

    def tally(demonstrated: set[str], contradicted: set[str]) -> None:
        for bid in demonstrated | contradicted:
            row = rows.get(bid)
            if row is None:
                continue  # unknown ids are validate's business
            row.exercised += 1
            row.demonstrated += bid in demonstrated
            row.contradicted += bid in contradicted
            if scenario.id not in row.cases:
                row.cases.append(scenario.id)
            named.add(bid)

    for dp in scenario.decision_points:
        keys = [o.key for o in dp.options if o.key]
        tally({b for k in keys for b in k.demonstrates}, {b for k in keys for b in k.contradicts})
    for wa in scenario.written_answers:
        tally(set(wa.behaviours), set())
    return named
