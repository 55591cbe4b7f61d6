"""The practice-behaviour catalog: what the curriculum teaches and grades.

``catalog.yaml`` is the data; this module loads it, checks its citations
against the source documents, and renders ``CATALOG.md``, the page people read.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, ConfigDict, Field

CATALOG_PATH = Path(__file__).resolve().parent / "catalog.yaml"
CATALOG_PAGE = Path(__file__).resolve().parent / "CATALOG.md"
SEEDS_ENV = "CASEWORK_SEEDS"
# the source documents sit beside the checkout (../shared/seeds), or where $CASEWORK_SEEDS says
DEFAULT_SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
# bracketed locators that describe a place in a section rather than quote a heading
DESCRIPTIVE_LOCATORS = {"introduction", "overarching strategy paragraph", "closing statement by the Commissioner"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    id: str
    file: str
    title: str


class Citation(_Strict):
    source: str
    section: str

    def parts(self) -> tuple[list[str], Optional[str]]:
        """The nested headings of the section, and its bracketed locator (if any)."""
        section, locator = self.section, None
        match = re.match(r"^(.*\S)\s*\(([^()]*)\)$", section)
        if match:
            section, locator = match.group(1), match.group(2)
        return [h.strip() for h in re.split(r":\s+", section)], locator

    def cites(self, source: str, section: str) -> bool:
        """Whether this citation points at ``section`` of ``source`` (or a place inside it)."""
        return self.source == source and (self.section == section or self.section.startswith(section + " ("))


class SourceSection(_Strict):
    """A part of a source model (an activity, element, skill, ...) the catalog answers to."""

    group: str
    section: str


class Principle(_Strict):
    id: str
    name: str
    description: str
    citations: list[Citation] = Field(default_factory=list)


class Behaviour(_Strict):
    id: str
    name: str
    description: str
    principles: list[str]
    citations: list[Citation] = Field(min_length=1)


class PracticeArea(_Strict):
    id: str
    name: str
    summary: str
    citations: list[Citation] = Field(default_factory=list)
    behaviours: list[Behaviour]


class Catalog(_Strict):
    catalog_version: int
    sources: list[Source]
    source_sections: dict[str, list[SourceSection]] = Field(default_factory=dict)
    principles: list[Principle]
    practices: list[PracticeArea]

    def behaviour_ids(self) -> set[str]:
        """Every behaviour id in the catalog."""
        return {b.id for p in self.practices for b in p.behaviours}

    def behaviour(self, behaviour_id: str) -> Behaviour:
        """The behaviour with this id."""
        for p in self.practices:
            for b in p.behaviours:
                if b.id == behaviour_id:
                    return b
        raise KeyError(behaviour_id)

    def practice(self, practice_id: str) -> PracticeArea:
        """The practice area with this id."""
        for p in self.practices:
            if p.id == practice_id:
                return p
        raise KeyError(practice_id)

    def behaviours(self) -> list[Behaviour]:
        """Every behaviour, in catalog order."""
        return [b for p in self.practices for b in p.behaviours]

    def behaviour_names(self) -> dict[str, str]:
        """Behaviour id -> name, in catalog order: the one map every report and feedback reads."""
        return {b.id: b.name for p in self.practices for b in p.behaviours}

    def practice_names(self) -> dict[str, str]:
        """Practice area id -> name, in the practice model's order (engage, team, assess, plan, ...)."""
        return {p.id: p.name for p in self.practices}

    def practice_of(self) -> dict[str, str]:
        """Behaviour id -> the id of its practice area."""
        return {b.id: p.id for p in self.practices for b in p.behaviours}

    def crosswalk(self, behaviour: Behaviour) -> dict[str, list[str]]:
        """The sections of each source model that name a behaviour, by source id in catalog order."""
        out: dict[str, list[str]] = {}
        for source in self.sources:
            sections = [c.section for c in behaviour.citations if c.source == source.id]
            if sections:
                out[source.id] = sections
        return out

    def behaviours_citing(self, source: str, section: str) -> list[Behaviour]:
        """The behaviours that cite a section of a source model."""
        return [b for b in self.behaviours() if any(c.cites(source, section) for c in b.citations)]

    def all_citations(self) -> list[tuple[str, Citation]]:
        """(owner id, citation) for every citation of a principle, practice or behaviour, and every source section."""
        out = [(p.id, c) for p in self.principles for c in p.citations]
        for practice in self.practices:
            out += [(practice.id, c) for c in practice.citations]
            out += [(b.id, c) for b in practice.behaviours for c in b.citations]
        for source, sections in self.source_sections.items():
            out += [(f"source_sections.{source}", Citation(source=source, section=s.section)) for s in sections]
        return out


@lru_cache(maxsize=None)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Load the practice-behaviour catalog."""
    # libyaml's loader where it is installed (about ten times faster on the catalog), else PyYAML's own
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Catalog.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))  # noqa: S506 - safe


def seeds_dir() -> Path:
    """Where the source documents are: ``$CASEWORK_SEEDS``, else ``../shared/seeds`` beside the checkout."""
    return Path(os.environ.get(SEEDS_ENV) or DEFAULT_SEEDS)


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).lower()


def locate(citation: Citation, document: str) -> Optional[str]:
    """Why a citation does not resolve in its document's text, or None when it does.

    Each heading of the section must occur, in order; a locator must occur
    after them unless it is one of :data:`DESCRIPTIVE_LOCATORS`.
    """
    text = _normalise(document)
    headings, locator = citation.parts()
    position = 0
    for heading in headings:
        found = text.find(_normalise(heading), position)
        if found < 0:
            return f"heading {heading!r} not found" + (" after the one before it" if position else "")
        position = found
    if locator and locator not in DESCRIPTIVE_LOCATORS and _normalise(locator) not in text[position:]:
        return f"locator {locator!r} not found after {headings[-1]!r}"
    return None


def citation_problems(catalog: Catalog, seeds: Optional[Path] = None) -> list[str]:
    """Citations that do not resolve in the source documents, and source sections nobody cites."""
    seeds = seeds or seeds_dir()
    documents = {s.id: (seeds / s.file).read_text(encoding="utf-8", errors="replace") for s in catalog.sources}
    problems = []
    for owner, citation in catalog.all_citations():
        if citation.source not in documents:
            problems.append(f"{owner}: unknown source {citation.source!r}")
            continue
        why = locate(citation, documents[citation.source])
        if why:
            problems.append(f"{owner}: {citation.source} {citation.section!r}: {why}")
    for source, sections in catalog.source_sections.items():
        for s in sections:
            if not catalog.behaviours_citing(source, s.section):
                problems.append(f"source_sections.{source}: no behaviour cites {s.section!r}")
    return problems


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def catalog_markdown(catalog: Optional[Catalog] = None) -> str:
    """The catalog as a page a person can read: behaviours by practice, the crosswalk, the parameters."""
    from .parameters import PARAMETERS

    catalog = catalog or load_catalog()
    titles = {s.id: s.title for s in catalog.sources}
    names = {p.id: p.name for p in catalog.principles}
    short = {"nccd": "NCCD", "california": "California", "maryland": "Maryland",
             "massachusetts": "Massachusetts", "wisconsin": "Wisconsin"}
    count = len(catalog.behaviours())
    lines = [
        "# Practice-behaviour catalog",
        "",
        "<!-- Generated from scenarios/catalog.yaml by 'casework catalog'; do not edit by hand. -->",
        "",
        f"The {count} practice behaviours this curriculum teaches and grades, in {len(catalog.practices)} practice",
        "areas, with the principles each serves and the sections of the source practice models that",
        "name it. Scenario options cite behaviours by id (`demonstrates:` / `contradicts:`); coach",
        "reports group scores by practice area. Every description is in the project's own words.",
        "",
        "Sources: " + "; ".join(f"**{short.get(s.id, s.id)}**: {s.title}" for s in catalog.sources) + ".",
        "",
        "## Contents",
        "",
    ]
    lines += [f"- [{p.name}](#{_anchor(p.name)}) ({len(p.behaviours)})" for p in catalog.practices]
    lines += ["- [Principles](#principles)", "- [Crosswalk by source model](#crosswalk-by-source-model)",
              "- [Case parameters](#case-parameters)", ""]
    for practice in catalog.practices:
        lines += [f"## {practice.name}", "", _cell(practice.summary), "",
                  "| Id | Behaviour | What the caseworker does | Principles | Named in |",
                  "|---|---|---|---|---|"]
        for b in practice.behaviours:
            where = "<br>".join(
                f"{short.get(src, src)}: " + "; ".join(_cell(s) for s in sections)
                for src, sections in catalog.crosswalk(b).items()
            )
            principles = ", ".join(names.get(p, p) for p in b.principles)
            lines.append(f"| `{b.id}` | {_cell(b.name)} | {_cell(b.description)} | {principles} | {where} |")
        lines.append("")
    lines += ["## Principles", "", "| Id | Principle | What it means | Behaviours |", "|---|---|---|---|"]
    for p in catalog.principles:
        n = sum(p.id in b.principles for b in catalog.behaviours())
        lines.append(f"| `{p.id}` | {p.name} | {_cell(p.description)} | {n} |")
    lines += ["", "## Crosswalk by source model", "",
              "For each part of a source model, the behaviours that carry it.", ""]
    for source, sections in catalog.source_sections.items():
        lines += [f"### {titles.get(source, source)}", "", "| Part | Section | Behaviours |", "|---|---|---|"]
        for s in sections:
            ids = ", ".join(f"`{b.id}`" for b in catalog.behaviours_citing(source, s.section))
            lines.append(f"| {s.group} | {_cell(s.section)} | {ids or '**none**'} |")
        lines.append("")
    lines += ["## Case parameters", "",
              "The simulation parameters a scenario may set and an effect may change",
              "(`{parameter: NAME, add: X}` or `{parameter: NAME, set: X}`), from `scenarios/parameters.py`.", "",
              "| Parameter | Unit | Range | Default | Meaning |", "|---|---|---|---|---|"]
    for p in PARAMETERS.values():
        lines.append(f"| `{p.name}` | {p.unit} | {p.low:g} to {p.high:g} | {p.default:g} | {_cell(p.description)} |")
    return "\n".join(lines) + "\n"


def _anchor(heading: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", heading.lower()).replace(" ", "-")
