"""The practice-behaviour catalog: what the curriculum teaches and grades."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

CATALOG_PATH = Path(__file__).resolve().parent / "catalog.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Strict):
    id: str
    file: str
    title: str


class Citation(_Strict):
    source: str
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


@lru_cache(maxsize=None)
def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    """Load the practice-behaviour catalog."""
    return Catalog.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
