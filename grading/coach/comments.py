"""The comment bank: reusable coaching comments tied to practice behaviours.

nbgrader has no reusable comments, and a coach grading thirty notebooks writes
the same few things many times. The bank is a YAML file of short comments, each
tied to one behaviour of ``scenarios/catalog.yaml`` and to what the trainee's
work showed about it (``demonstrated``, ``missed`` or ``contradicted``). The
course keeps its own copy at ``<course>/comment_bank.yaml`` once a coach adds or
edits a comment; until then the bank shipped with the project is used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Literal, Optional, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULT_BANK = Path(__file__).resolve().parent / "comment_bank.yaml"
COURSE_BANK = "comment_bank.yaml"
WHEN = ("demonstrated", "missed", "contradicted")

HEADER = """\
# Comment bank: reusable coaching comments, each tied to one practice behaviour
# (an id from scenarios/catalog.yaml) and to what the trainee's work showed:
#   demonstrated: a strength to name first; missed: the moment called for the
#   behaviour and the choice did not show it; contradicted: the choice worked against it.
# Edit with `casework comments add|edit|remove` or by hand; reports pick the
# comments that match each trainee's evidence.
"""


class BankComment(BaseModel):
    """One reusable comment."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    behaviour: str
    when: Literal["demonstrated", "missed", "contradicted"]
    text: str = Field(min_length=1)


class CommentBankError(ValueError):
    """The bank file is not valid; the message names the file, the entry and the field."""


def bank_path(course_dir: Optional[Union[str, Path]] = None) -> Path:
    """The bank in use: the course's own copy if it has one, else the project's."""
    if course_dir is not None and (Path(course_dir) / COURSE_BANK).exists():
        return Path(course_dir) / COURSE_BANK
    return DEFAULT_BANK


def load_bank(path: Union[str, Path] = DEFAULT_BANK) -> list[BankComment]:
    """Read a comment bank, checking every entry and that behaviour ids are in the catalog."""
    from scenarios.catalog import load_catalog

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CommentBankError(f"{path}: not valid YAML ({exc})") from None
    entries = data.get("comments", []) if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CommentBankError(f"{path}: expected a mapping with a 'comments' list")
    known = load_catalog().behaviour_ids()
    comments, seen = [], set()
    for i, entry in enumerate(entries):
        try:
            comment = BankComment.model_validate(entry)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "entry"
            raise CommentBankError(f"{path}: comments[{i}].{field}: {err['msg']}") from None
        if comment.behaviour not in known:
            raise CommentBankError(f"{path}: comments[{i}].behaviour: unknown behaviour {comment.behaviour!r}")
        if comment.id in seen:
            raise CommentBankError(f"{path}: comments[{i}].id: {comment.id!r} is used twice")
        seen.add(comment.id)
        comments.append(comment)
    return comments


def save_bank(comments: Iterable[BankComment], path: Union[str, Path]) -> Path:
    """Write the bank (with its explanatory header)."""
    path = Path(path)
    data = {"comments": [c.model_dump() for c in comments]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path


def _editable(course_dir: Union[str, Path]) -> tuple[Path, list[BankComment]]:
    """The course's own bank, seeded from the project's on first edit."""
    path = Path(course_dir) / COURSE_BANK
    return path, load_bank(path if path.exists() else DEFAULT_BANK)


def _new_id(behaviour: str, when: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", f"{behaviour.split('.', 1)[-1]}-{when}".lower()).strip("-")
    n, candidate = 1, base
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def add_comment(course_dir: Union[str, Path], behaviour: str, when: str, text: str, comment_id: Optional[str] = None) -> BankComment:
    """Add a comment to the course's bank and return it."""
    from scenarios.catalog import load_catalog

    if behaviour not in load_catalog().behaviour_ids():
        raise CommentBankError(f"unknown behaviour {behaviour!r}; see scenarios/catalog.yaml")
    path, comments = _editable(course_dir)
    taken = {c.id for c in comments}
    if comment_id in taken:
        raise CommentBankError(f"{path}: a comment {comment_id!r} already exists; use edit")
    try:
        comment = BankComment(id=comment_id or _new_id(behaviour, when, taken), behaviour=behaviour, when=when, text=text.strip())
    except ValidationError as exc:
        raise CommentBankError(f"{exc.errors()[0]['loc'][0]}: {exc.errors()[0]['msg']}") from None
    save_bank([*comments, comment], path)
    return comment


def edit_comment(course_dir: Union[str, Path], comment_id: str, text: Optional[str] = None, when: Optional[str] = None) -> BankComment:
    """Change a comment's text or the kind of evidence it answers, in the course's bank."""
    path, comments = _editable(course_dir)
    for i, c in enumerate(comments):
        if c.id == comment_id:
            changed = c.model_copy(update={k: v for k, v in {"text": text and text.strip(), "when": when}.items() if v})
            comments[i] = BankComment.model_validate(changed.model_dump())
            save_bank(comments, path)
            return comments[i]
    raise CommentBankError(f"{path}: no comment {comment_id!r}")


def remove_comment(course_dir: Union[str, Path], comment_id: str) -> None:
    """Remove a comment from the course's bank."""
    path, comments = _editable(course_dir)
    kept = [c for c in comments if c.id != comment_id]
    if len(kept) == len(comments):
        raise CommentBankError(f"{path}: no comment {comment_id!r}")
    save_bank(kept, path)


def comments_for(comments: Iterable[BankComment], behaviour: str, when: Optional[str] = None) -> list[BankComment]:
    """The bank's comments on one behaviour (for one kind of evidence, if given)."""
    return [c for c in comments if c.behaviour == behaviour and (when is None or c.when == when)]


def matching(comments: Iterable[BankComment], evidence: Iterable[tuple[str, str]]) -> list[BankComment]:
    """The comments that answer a trainee's evidence, given as (behaviour, status) pairs; each once."""
    wanted = set(evidence)
    return [c for c in comments if (c.behaviour, c.when) in wanted]
