"""The trainee's copy of a case, packed so that it is not readable as text.

The simulator runs in the trainee's kernel, so it needs the case's effects,
consequences and later situations. Released as YAML they were one double-click
away in the file browser; packed (JSON, compressed, then masked with a stream
derived from a fixed salt), the file shows nothing to a glance, ``cat``, a text
editor or ``zcat``. This stops a glance, not a programmer: the toolkit that
unpacks it is in the same kernel. Grades stay safe because scoring happens on
the coach's side from the key frozen at build (see the README's Integrity).
The packed copy never carries the key: :func:`pack` refuses a scenario that has one.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path
from typing import Union

from .models import Scenario

PACKED_FILE = "case.bin"
MAGIC = b"CASEWORK-CASE\x00\x01"
_SALT = b"casework trainee copy v1"
MAX_PACKED_BYTES = 5_000_000


class PackedCaseError(ValueError):
    """A packed case that cannot be read (the message says why, in one line)."""


def _mask(data: bytes) -> bytes:
    # a keystream from SHA-256 in counter mode: not secrecy, just not text
    out = bytearray(len(data))
    for start in range(0, len(data), 32):
        block = hashlib.sha256(_SALT + start.to_bytes(8, "big")).digest()
        chunk = data[start:start + 32]
        out[start:start + len(chunk)] = bytes(a ^ b for a, b in zip(chunk, block))
    return bytes(out)


def pack(scenario: Scenario) -> bytes:
    """The packed bytes of a trainee's copy (a scenario without its key)."""
    if scenario.has_key() or any(w.rubric or w.exemplar for w in scenario.written_answers):
        raise ValueError(f"scenario {scenario.id!r} still carries its key: pack its trainee_view()")
    text = json.dumps(scenario.model_dump(mode="json", exclude_none=True), separators=(",", ":"))
    return MAGIC + _mask(zlib.compress(text.encode("utf-8"), 9))


def write_packed(folder: Union[str, Path], scenario: Scenario) -> Path:
    """Write ``case.bin`` for ``scenario`` (a trainee's copy) into ``folder``."""
    path = Path(folder) / PACKED_FILE
    path.write_bytes(pack(scenario))
    return path


def unpack(data: bytes, name: str = PACKED_FILE) -> Scenario:
    """The scenario in packed bytes; :class:`PackedCaseError` when they are not a packed case."""
    if not data.startswith(MAGIC):
        raise PackedCaseError(f"{name} is not a packed casework case")
    try:
        text = zlib.decompress(_mask(data[len(MAGIC):])).decode("utf-8")
        return Scenario.model_validate(json.loads(text))
    except (zlib.error, UnicodeDecodeError, ValueError) as exc:
        raise PackedCaseError(f"{name} is damaged ({type(exc).__name__}); fetch the assignment again") from None


def read_packed(path: Union[str, Path]) -> Scenario:
    """Read a packed case file (regular file, size-capped, never through a link)."""
    from .decisions import UnsafeFile, read_bytes_safely

    path = Path(path)
    try:
        return unpack(read_bytes_safely(path, MAX_PACKED_BYTES), path.name)
    except UnsafeFile as exc:
        raise PackedCaseError(str(exc)) from None
