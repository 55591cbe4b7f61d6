"""Take only what a submission should hold, before anything reads it.

``SanitiseSubmission`` runs first in nbgrader's autograde (the sanitising
pass, before nbgrader clears outputs and restores locked cells). nbgrader has
by then copied every file of the submission into the grading folder; this step

- keeps the notebook, ``decisions.json`` and ``decisions.log.jsonl`` (and
  nbgrader's ``timestamp.txt`` and ``submission_secret.txt``) only when each is a regular file under its size
  cap, re-reading each from the submission without following links;
- removes everything else the submission brought (folders, links, devices,
  ``.py``/``.pth`` files, a shadowing ``grading/`` package) from the grading
  folder, and from the feedback that is made from it;
- replaces a notebook that is a link or over its cap by the released notebook
  (the trainee's written answers are then not graded: the coach is told);
- takes nbgrader metadata off any cell whose grade id the assignment does not
  have, so an added "grade cell" is just a cell.

nbgrader's own copy (before any step runs) follows links, so
:func:`set_aside_unsafe` moves links, devices and pipes out of a submission
first; ``casework grade`` calls it before nbgrader. What was moved is kept in
``<course>/quarantine/`` and reported like the rest.

What it dropped goes into the notebook's metadata (``casework_intake``) for
the scoring step, which stores it with the scores for the coach's review.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import stat
from pathlib import Path

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor

from scenarios.decisions import DECISIONS_FILE, LOG_FILE, MAX_DECISIONS_BYTES, MAX_LOG_BYTES, UnsafeFile, read_bytes_safely

from .context import submission_of

INTAKE_KEY = "casework_intake"
MAX_NOTEBOOK_BYTES = 20_000_000
# the files a submission may hold besides its notebook, and their caps
# nbgrader's own files of a submission: timestamp.txt (when), submission_secret.txt (written by nbgrader
# submit through the exchange; release_feedback needs it to file the feedback under the right name)
TRAINEE_FILES = {DECISIONS_FILE: MAX_DECISIONS_BYTES, LOG_FILE: MAX_LOG_BYTES, "timestamp.txt": 1_000,
                 "submission_secret.txt": 1_000}
# left behind by Jupyter itself: dropped without a word
QUIET = [".ipynb_checkpoints", ".~*", "*.pyc", "__pycache__", ".DS_Store"]


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    return "a device or pipe"


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        pass


QUARANTINE_DIR = "quarantine"
QUARANTINE_RECORD = "set-aside.json"


def submission_fingerprint(folder: Path) -> str:
    """SHA-256 over the names and bytes of a submission's regular files (links and devices are never read).

    Stored with the scores, it tells ``casework grade`` which submissions are new or changed.
    """
    import hashlib

    digest = hashlib.sha256()
    folder = Path(folder)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        try:
            mode = path.lstat().st_mode
        except OSError:
            continue
        if not stat.S_ISREG(mode) or ".ipynb_checkpoints" in path.parts:
            continue
        digest.update(str(path.relative_to(folder)).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(read_bytes_safely(path, 64 * 1024 * 1024))
        except (OSError, UnsafeFile):
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()


def set_aside_unsafe(course: Path, trainee: str, assignment: str) -> list[str]:
    """Move links, devices and pipes out of a submission folder (without following them); say what moved.

    They go to ``<course>/quarantine/<trainee>/<assignment>/``, so nothing is lost and
    nbgrader's copy never reads through them.
    """
    folder = Path(course) / "submitted" / trainee / assignment
    aside = Path(course) / QUARANTINE_DIR / trainee / assignment
    moved: list[str] = []
    if not folder.is_dir() or folder.is_symlink():
        return moved
    for dirname, dirnames, filenames in os.walk(folder):
        for name in [*dirnames, *filenames]:
            path = Path(dirname) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISDIR(mode) or stat.S_ISREG(mode):
                continue
            rel = path.relative_to(folder)
            target = aside / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(target):
                os.unlink(target)
            os.rename(path, target)
            moved.append(f"{rel} ({_kind(mode)}) was moved aside before grading and not read.")
    if moved:
        record = aside / QUARANTINE_RECORD
        earlier = json.loads(record.read_text(encoding="utf-8")) if record.exists() else []
        record.write_text(json.dumps(earlier + moved, indent=1), encoding="utf-8")
    return moved


def _set_aside_before(course: Path, trainee: str, assignment: str) -> list[str]:
    record = Path(course) / QUARANTINE_DIR / trainee / assignment / QUARANTINE_RECORD
    try:
        return [str(x) for x in json.loads(record.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return []


def _released_notebook(release: Path, name: str):
    return nbformat.read(release / f"{name}.ipynb", as_version=4)


class SanitiseSubmission(NbGraderPreprocessor):
    """Keep only the notebook and the decision record of a submission; list what was dropped."""

    def preprocess(self, nb, resources):
        sub = submission_of(self, resources)
        problems: list[str] = _set_aside_before(sub.course, sub.trainee, sub.assignment)
        notebooks = {p.name for p in sub.source.glob("*.ipynb")}
        source_files = {str(p.relative_to(sub.source)) for p in sub.source.rglob("*") if p.is_file() and p.suffix != ".ipynb"}

        # 1. what the submission holds, judged without following any link
        for entry in sorted(os.scandir(sub.submitted), key=lambda e: e.name) if sub.submitted.is_dir() else []:
            mode = entry.stat(follow_symlinks=False).st_mode
            if entry.name in notebooks:
                continue
            if entry.name in TRAINEE_FILES:
                try:
                    read_bytes_safely(entry.path, TRAINEE_FILES[entry.name])
                except (UnsafeFile, OSError) as exc:
                    problems.append(f"{exc}.")
                continue
            if any(fnmatch.fnmatch(entry.name, q) for q in QUIET):
                continue
            if entry.name in source_files and stat.S_ISREG(mode):
                continue  # the released copy came back with the notebook; the course's own copy is used
            problems.append(f"{entry.name} ({_kind(mode)}) is not part of a submission; it was set aside and not used.")

        # 2. the grading folder keeps the course's files, the notebook and safe copies of the trainee's files
        for entry in sorted(os.scandir(sub.autograded), key=lambda e: e.name) if sub.autograded.is_dir() else []:
            name, path = entry.name, Path(entry.path)
            if name in notebooks or name in source_files and entry.is_file(follow_symlinks=False):
                continue
            if name in TRAINEE_FILES:
                _remove(path)
                try:
                    data = read_bytes_safely(sub.submitted / name, TRAINEE_FILES[name])
                except (UnsafeFile, OSError):
                    continue
                path.write_bytes(data)
                continue
            _remove(path)

        # 3. the notebook itself
        own = sub.submitted / f"{sub.notebook}.ipynb"
        try:
            st = os.lstat(own)
            unsafe = None
            if stat.S_ISLNK(st.st_mode):
                unsafe = "is a link to another file"
            elif st.st_size > MAX_NOTEBOOK_BYTES:
                unsafe = f"is {st.st_size / 1e6:.0f} MB, over the {MAX_NOTEBOOK_BYTES / 1e6:g} MB limit"
        except OSError:
            unsafe = None
        if unsafe:
            problems.append(f"{own.name} {unsafe}; the released notebook was graded in its place, "
                            "so its written answers are empty. Ask the trainee to submit the notebook itself.")
            nb = _released_notebook(sub.release, sub.notebook)

        # 4. nbgrader metadata only on the cells the assignment defines
        known = {
            c.metadata["nbgrader"]["grade_id"]
            for c in _released_notebook(sub.release, sub.notebook).cells
            if "nbgrader" in c.metadata and "grade_id" in c.metadata["nbgrader"]
        }
        for cell in nb.cells:
            meta = cell.get("metadata", {})
            grade_id = meta.get("nbgrader", {}).get("grade_id") if isinstance(meta.get("nbgrader"), dict) else None
            if "nbgrader" in meta and grade_id not in known:
                del meta["nbgrader"]
                problems.append(f"a cell marked as an nbgrader cell ({str(grade_id)[:40]!r}) is not part of the "
                                "assignment; it was treated as an ordinary cell.")
        nb.metadata[INTAKE_KEY] = {"problems": problems}
        return nb, resources
