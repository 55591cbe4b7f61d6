"""Whether the coach has released an assignment's key to the feedback: a stated step, kept on the coach's side.

Feedback may go to one trainee while the rest of the class is still playing
the case. Until the coach says the class has finished
(``casework release-key ASSIGNMENT``), feedback carries the trainee's own
choices, scores and messages, but not the key's reasons ("why:" lines) nor the
practice model's futures (:class:`grading.pipeline.feedback.HoldBackKey`).

The release is a small owner-only file, ``<course>/keys/released/<assignment>.json``,
with when and by whom; ``--withdraw`` removes it. A file that cannot be read,
or names another assignment, counts as not released.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import re
from pathlib import Path
from typing import Optional, Union

from .key import KEYS_DIR, write_private

RELEASED_DIR = "released"  # <course>/keys/released/<assignment>.json
RELEASE_FORMAT = "casework-key-release"
HELD_BACK_NOTE = "Your coach will share the practice model's reasons and futures after the class has finished this case."
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def _checked(assignment: str) -> str:
    if not isinstance(assignment, str) or not _NAME.match(assignment) or ".." in assignment:
        raise ValueError(f"{assignment!r} is not an assignment id")
    return assignment


def release_file(course_dir: Union[str, Path], assignment: str) -> Path:
    """Where the release of an assignment's key is recorded."""
    return Path(course_dir) / KEYS_DIR / RELEASED_DIR / f"{_checked(assignment)}.json"


def key_release(course_dir: Union[str, Path], assignment: str) -> Optional[dict]:
    """The release record of an assignment's key (``released_at``, ``released_by``), or None when it is held back."""
    try:
        path = release_file(course_dir, assignment)
        if path.is_symlink() or not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != RELEASE_FORMAT or data.get("assignment") != assignment:
        return None
    return data


def key_released(course_dir: Union[str, Path], assignment: str) -> bool:
    """Whether feedback written now may carry the key's reasons and the practice model's futures."""
    return key_release(course_dir, assignment) is not None


def who() -> str:
    """Who runs the command: the account that ran sudo, else this account."""
    try:
        return os.environ.get("SUDO_USER") or getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def release_key(course_dir: Union[str, Path], assignment: str, by: Optional[str] = None,
                now: Optional[dt.datetime] = None) -> dict:
    """Record that the coach released the key of ``assignment`` (written atomically, owner-only)."""
    record = {
        "format": RELEASE_FORMAT,
        "assignment": _checked(assignment),
        "released_at": (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        "released_by": by or who(),
    }
    path = release_file(course_dir, assignment)
    write_private(path, json.dumps(record, indent=1))
    os.chmod(path.parent, 0o700)
    return record


def withdraw_key(course_dir: Union[str, Path], assignment: str) -> bool:
    """Hold the key of ``assignment`` back again; False when it was not released."""
    try:
        release_file(course_dir, assignment).unlink()
    except FileNotFoundError:
        return False
    return True


def feedback_holds_key_back(course_dir: Union[str, Path]) -> bool:
    """Whether the course's feedback steps (its ``nbgrader_config.py``, written at build) include holding the key back."""
    try:
        from .course import course_config

        steps = course_config(course_dir).GenerateFeedback.get("preprocessors", [])
    except Exception:  # noqa: BLE001 - an unreadable config is reported by nbgrader itself
        return True
    return any(str(s).endswith("HoldBackKey") or getattr(s, "__name__", "") == "HoldBackKey" for s in steps)


def feedback_written(course_dir: Union[str, Path], assignment: str) -> list[str]:
    """The trainees whose feedback for ``assignment`` has been written."""
    root = Path(course_dir) / "feedback"
    return sorted(p.parent.name for p in root.glob(f"*/{_checked(assignment)}") if p.is_dir())
