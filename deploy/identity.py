"""Who submitted: a submission in nbgrader's exchange is graded under a trainee's name only when that trainee made it.

nbgrader's exchange trusts the name a trainee gives: ``nbgrader submit first-contact --student=ben`` run from ana's
account leaves ``ben+first-contact+<timestamp>+<random>`` in the exchange's inbound folder, owned by ana, and
``nbgrader collect`` only warns (on stderr) before collecting it as ben's. Here a submission is **genuine** when its
folder and every file in it belong to the account of the trainee it names. ``collect_genuine`` (run as root by
``casework hub grade``):

1. reads every inbound submission of the assignment (named and timed as nbgrader's collect reads them) and sorts the
   genuine from the rest;
2. sets each one that is not genuine aside: a copy in ``<course>/set-aside/<trainee>/<assignment>/<timestamp>/``
   (the grader's, 0700) and a line in ``<course>/set-aside/set-aside.jsonl``, once per submission however often it
   is collected again;
3. runs ``nbgrader collect`` on a private copy of the inbound folder (hard links) that holds the genuine submissions
   only, so a forged submission never reaches ``submitted/``, a later forged one never hides the named trainee's own
   (collect takes the latest per name), and an inbound name nbgrader cannot read never stops the collection;
4. before and after the collection, moves aside any ``<course>/submitted/<trainee>/<assignment>/`` whose
   ``timestamp.txt`` is the time of a submission that is not genuine (collected by an earlier version, or by running
   ``nbgrader collect`` directly): it is never graded under the name it claims.

The coach's report lists the set-aside submissions of an assignment (``set_aside_entries``).
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Union

SET_ASIDE = "set-aside"
LEDGER = "set-aside.jsonl"
MAX_ENTRIES = 5000  # files and folders checked in one submission (a notebook, a record, a log and nbgrader's two)
COPY_BUDGET = 200 * 1024 * 1024  # bytes copied out of one submission that is set aside


@dataclass
class Submission:
    """One folder in the exchange's inbound folder, as nbgrader's collect reads its name."""

    name: str  # the folder's name, ``<trainee>+<assignment>+<timestamp>[+<random>]``
    path: Path
    trainee: str  # the name it claims
    timestamp: str  # the time in its name, as nbgrader wrote it
    readable: bool = True  # False: nbgrader's collect cannot read a time in the name (and would stop on it)
    genuine: bool = False
    owners: tuple[str, ...] = ()  # accounts other than the named one that own the folder or something in it
    reason: str = ""  # why it is not genuine, when that is not another account's ownership


def _printable(text: str, limit: int = 200) -> str:
    """A name from the exchange, safe to print on the coach's terminal (a folder name can hold escapes)."""
    return "".join(c if c.isprintable() else "?" for c in str(text))[:limit]


def _path_part(text: str) -> str:
    """A name from the exchange as one folder name: no separators, no dots-only names."""
    part = re.sub(r"[^0-9A-Za-z._-]+", "_", str(text).replace(":", "-"))[:80].strip(".")
    return part or "_"


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _parse_utc(text: str):
    from nbgrader.utils import parse_utc

    return parse_utc(text)


def _same_time(a: str, b: str) -> bool:
    if a.strip() == b.strip():
        return True
    try:
        return _parse_utc(a.strip()) == _parse_utc(b.strip())
    except (ValueError, OverflowError, TypeError):
        return False


def read_name(path: Path) -> Submission:
    """The trainee and time a folder's name claims, read as ``nbgrader collect`` reads it (``rsplit('+', 3)``)."""
    parts = path.name.rsplit("+", 3)
    if len(parts) < 3:
        return Submission(path.name, path, parts[0], "", readable=False)
    sub = Submission(path.name, path, parts[0], parts[2])
    try:
        _parse_utc(sub.timestamp)
    except (ValueError, OverflowError, TypeError):
        sub.readable = False
    return sub


def check_owners(sub: Submission) -> Submission:
    """Genuine when the folder and everything in it (links not followed) belong to the account ``sub`` names."""
    try:
        uid: Optional[int] = pwd.getpwnam(sub.trainee).pw_uid
    except KeyError:
        uid = None
    others: set[str] = set()
    reason = "" if uid is not None else f"no account is named {_printable(sub.trainee)}"
    try:
        top = os.lstat(sub.path)
    except OSError:
        sub.genuine, sub.reason = False, "it is gone from the exchange"
        return sub
    if top.st_uid != uid:
        others.add(_owner(top.st_uid))
    if not stat.S_ISDIR(top.st_mode):
        reason = reason or "it is not a folder"
    else:
        stack, seen = [sub.path], 0
        while stack and seen <= MAX_ENTRIES:
            try:
                with os.scandir(stack.pop()) as entries:
                    for entry in entries:
                        seen += 1
                        st = entry.stat(follow_symlinks=False)
                        if st.st_uid != uid:
                            others.add(_owner(st.st_uid))
                        if stat.S_ISDIR(st.st_mode):
                            stack.append(Path(entry.path))
            except OSError as exc:
                reason = reason or f"it could not be read ({exc.strerror})"
                break
        if seen > MAX_ENTRIES:
            reason = reason or f"it holds more than {MAX_ENTRIES} files to check"
    sub.owners = tuple(sorted(others))
    sub.reason = reason
    sub.genuine = uid is not None and not others and not reason
    return sub


def inbound_submissions(inbound: Union[str, Path], assignment: str) -> list[Submission]:
    """Every submission of ``assignment`` in an inbound folder (the folders ``nbgrader collect`` globs), checked."""
    pattern = os.path.join(str(inbound), f"*+{assignment}+*")
    return [check_owners(read_name(Path(p))) for p in sorted(glob.glob(pattern))]


# -- the set-aside folder and its ledger -----------------------------------------------------------------------------


def _ledger_entries(course: Path) -> list[dict]:
    path = course / SET_ASIDE / LEDGER
    entries = []
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and {"trainee", "assignment", "timestamp", "inbound"} <= entry.keys():
            entries.append(entry)
    return entries


def set_aside_entries(course: Union[str, Path], assignment: str) -> list[dict]:
    """The submissions of ``assignment`` set aside (one per inbound submission), each with its ``sentence``."""
    unique: dict[str, dict] = {}
    for entry in _ledger_entries(Path(course)):
        if entry["assignment"] == assignment:
            unique.setdefault(str(entry["inbound"]), {**entry, "sentence": sentence(entry)})
    return list(unique.values())


def sentence(entry: dict) -> str:
    """The plain sentence that names a set-aside submission (the grade command's output and the coach's report)."""
    owner = _printable(entry.get("owner") or "")
    why = f"belongs to the account {owner}" if owner else f"is not its named trainee's ({_printable(entry.get('reason') or 'unknown')})"
    return (f"{_printable(entry['trainee'])}'s submission of {_printable(entry['assignment'])} "
            f"(submitted {_printable(entry['timestamp'])}) {why}: set aside in {_printable(entry.get('path', ''), 400)}, "
            "not graded")


def _own(path: Path, uid: int, gid: int, mode: int) -> None:
    os.lchown(path, uid, gid)
    os.chmod(path, mode)


def _private_dir(path: Path, uid: int, gid: int) -> Path:
    path.mkdir(mode=0o700, exist_ok=True)
    if path.is_symlink() or not path.is_dir():
        raise RuntimeError(f"{path} is not a folder")
    _own(path, uid, gid, 0o700)
    return path


def _copy_out(src: Path, dest: Path, uid: int, gid: int, budget: list[int], skipped: list[str], depth: int = 0) -> None:
    """Copy a submission out of the exchange: real copies (the grader's, 0600/0700), links and pipes not followed."""
    _private_dir(dest, uid, gid)
    try:
        entries = sorted(os.scandir(src), key=lambda e: e.name)
    except OSError:
        skipped.append(f"{src.name}/ (unreadable)")
        return
    for entry in entries:
        st = entry.stat(follow_symlinks=False)
        target = dest / entry.name
        if stat.S_ISDIR(st.st_mode) and depth < 20:
            _copy_out(Path(entry.path), target, uid, gid, budget, skipped, depth + 1)
        elif stat.S_ISREG(st.st_mode) and st.st_size <= budget[0]:
            if not _copy_file(Path(entry.path), target, budget):
                skipped.append(f"{entry.name} (changed while copied)")
                continue
            _own(target, uid, gid, 0o600)
        else:
            kind = "a link" if stat.S_ISLNK(st.st_mode) else "too large" if stat.S_ISREG(st.st_mode) else "not a file"
            skipped.append(f"{entry.name} ({kind})")


def _copy_file(src: Path, target: Path, budget: list[int]) -> bool:
    """One regular file (never through a link, never a pipe), at most ``budget[0]`` bytes of it."""
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return False
        with open(target, "xb") as out:
            while budget[0] > 0 and (chunk := fh.read(min(1 << 20, budget[0]))):
                out.write(chunk)
                budget[0] -= len(chunk)
    return True


def _take_over(folder: Path, uid: int, gid: int) -> None:
    """A collected folder moved aside becomes the grader's alone (0700 folders, 0600 files; links not followed)."""
    for root, dirs, files in os.walk(folder, topdown=False):
        for name in files + dirs:
            path = Path(root) / name
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                os.lchown(path, uid, gid)
            else:
                _own(path, uid, gid, 0o700 if stat.S_ISDIR(st.st_mode) else 0o600)
    _own(folder, uid, gid, 0o700)


def set_aside(course: Union[str, Path], sub: Submission, assignment: str, uid: int, gid: int,
              collected: Optional[Path] = None) -> dict:
    """Keep a submission that is not genuine in ``<course>/set-aside/`` and note it in the ledger (once).

    ``collected``: the folder nbgrader collected from it (``submitted/<trainee>/<assignment>``), moved there instead
    of a copy from the exchange.
    """
    course = Path(course)
    root = _private_dir(course / SET_ASIDE, uid, gid)
    known = {(e["assignment"], e["inbound"]): e for e in _ledger_entries(course)}
    entry = known.get((assignment, sub.name))
    if entry:
        dest = Path(entry.get("path", ""))
    else:
        parent = _private_dir(_private_dir(root / _path_part(sub.trainee), uid, gid) / _path_part(assignment), uid, gid)
        dest, n = parent / _path_part(sub.timestamp), 1
        taken = {e.get("path") for e in known.values()}
        while dest.exists() or str(dest) in taken:  # a second folder claiming the same time
            n += 1
            dest = parent / f"{_path_part(sub.timestamp)}-{n}"
    skipped: list[str] = []
    if collected is not None:
        if dest.exists() or not dest.parent.is_dir() or not str(dest).startswith(str(root) + os.sep):
            shutil.rmtree(collected)  # already kept once: this copy only goes out of submitted/
        else:
            shutil.move(str(collected), str(dest))
            _take_over(dest, uid, gid)
    elif not entry and not dest.exists():
        _copy_out(sub.path, dest, uid, gid, [COPY_BUDGET], skipped)
    if entry:
        return entry
    entry = {"trainee": sub.trainee, "owner": ", ".join(sub.owners), "reason": sub.reason, "assignment": assignment,
             "timestamp": sub.timestamp, "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
             "path": str(dest), "inbound": sub.name, **({"skipped": skipped} if skipped else {})}
    ledger = root / LEDGER
    with open(ledger, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")
    _own(ledger, uid, gid, 0o600)
    return entry


def _read_timestamp(folder: Path) -> Optional[str]:
    """``timestamp.txt`` of a collected submission (never through a link; small)."""
    try:
        fd = os.open(folder / "timestamp.txt", os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read(200).decode("utf-8", errors="replace").strip() or None


def sweep_submitted(course: Union[str, Path], assignment: str, subs: list[Submission], uid: int, gid: int) -> list[dict]:
    """Move aside each collected ``submitted/<trainee>/<assignment>/`` whose time is that of a submission naming that
    trainee that is not genuine (and of no genuine one): it is never graded under the name it claims."""
    course = Path(course)
    by_trainee: dict[str, list[Submission]] = {}
    for sub in subs:
        if sub.readable:
            by_trainee.setdefault(sub.trainee, []).append(sub)
    entries = []
    submitted = course / "submitted"
    if not submitted.is_dir():
        return entries
    for student in sorted(os.listdir(submitted)):
        folder = submitted / student / assignment
        if folder.is_symlink() or not folder.is_dir():
            continue
        when = _read_timestamp(folder)
        if when is None:
            continue
        matches = [s for s in by_trainee.get(student, []) if _same_time(s.timestamp, when)]
        if matches and not any(s.genuine for s in matches):
            entries.append(set_aside(course, matches[0], assignment, uid, gid, collected=folder))
    return entries


# -- collecting the genuine submissions only -------------------------------------------------------------------------


def _link_tree(src: Path, dest: Path, uid: int) -> bool:
    """``dest`` as ``src`` for ``nbgrader collect``: hard links to the same files (a copy where a link cannot be made),
    owners kept. False when anything in it turns out not to be ``uid``'s (the file linked is the file checked)."""
    st = os.lstat(src)
    if st.st_uid != uid or not stat.S_ISDIR(st.st_mode):
        return False
    os.mkdir(dest, 0o755)
    os.chown(dest, uid, st.st_gid)
    os.chmod(dest, 0o755)
    with os.scandir(src) as entries:
        for entry in entries:
            est = entry.stat(follow_symlinks=False)
            target = dest / entry.name
            if est.st_uid != uid:
                return False
            if stat.S_ISDIR(est.st_mode):
                if not _link_tree(Path(entry.path), target, uid):
                    return False
            elif stat.S_ISREG(est.st_mode):
                try:
                    os.link(entry.path, target, follow_symlinks=False)
                except OSError:  # another file system: a copy, as the trainee's
                    shutil.copyfile(entry.path, target, follow_symlinks=False)
                    os.chown(target, uid, est.st_gid, follow_symlinks=False)
                    os.chmod(target, stat.S_IMODE(est.st_mode), follow_symlinks=False)
                if os.lstat(target).st_uid != uid:
                    return False
            elif stat.S_ISLNK(est.st_mode):  # kept as it is: nbgrader's collect reads it as it always has
                os.symlink(os.readlink(entry.path), target)
                os.lchown(target, uid, est.st_gid)
            # pipes, sockets and devices are left out: nbgrader's copy would stop on them
    return True


def collect_warnings(stderr: str) -> list[str]:
    """What nbgrader wrote on stderr that is worth the coach's eyes: its warnings and errors (not its INFO lines),
    each record on one line."""
    records: list[tuple[str, list[str]]] = []
    for line in stderr.splitlines():
        m = re.match(r"^\[(\w+) \| (\w+)\]\s?(.*)$", line)
        if m:
            records.append((m.group(2), [m.group(3)]))
        elif records:
            records[-1][1].append(line)
        else:
            records.append(("", [line]))
    out = []
    for level, lines in records:
        text = " ".join(part.strip() for part in lines if part.strip())
        if text and level not in ("INFO", "DEBUG"):
            out.append(_printable(f"{level.lower() + ': ' if level else ''}{text}", 1000))
    return out


def collect_genuine(course: Union[str, Path], exchange: Union[str, Path], course_id: str, assignment: str,
                    grader: str, run_collect: Callable[[Path], subprocess.CompletedProcess],
                    scratch: Optional[Union[str, Path]] = None) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Collect the genuine submissions of ``assignment`` and set the others aside (run as root).

    ``run_collect(root)`` runs ``nbgrader collect`` (as the grader, with ``--Exchange.root=root``) on a private
    exchange that holds the genuine inbound submissions only; ``scratch`` is where that exchange is made (on the real
    exchange's file system, for hard links; default: the exchange's parent). Returns what ``run_collect`` returned,
    and the lines the coach must read: nbgrader's warnings and errors, inbound names nbgrader cannot read, and one
    sentence per set-aside submission.
    """
    course, exchange = Path(course), Path(exchange)
    entry = pwd.getpwnam(grader)
    uid, gid = entry.pw_uid, entry.pw_gid
    inbound = exchange / course_id / "inbound"
    subs = inbound_submissions(inbound, assignment)
    notes = [f"{_printable(inbound / s.name, 400)}: not a submission nbgrader can read (no time in its name); "
             "not collected" for s in subs if not s.readable]
    aside = [set_aside(course, s, assignment, uid, gid) for s in subs if s.readable and not s.genuine]
    aside += sweep_submitted(course, assignment, subs, uid, gid)  # from before: so the genuine one is collected now
    snapshot = Path(tempfile.mkdtemp(prefix=f".collect-{_path_part(assignment)}-", dir=str(scratch or exchange.parent)))
    private = snapshot / course_id / "inbound"
    try:
        private.mkdir(parents=True)
        for path in (snapshot, snapshot / course_id, private):
            _own(path, uid, gid, 0o700)
        for sub in subs:
            if sub.readable and sub.genuine:
                try:
                    linked = _link_tree(sub.path, private / sub.name, pwd.getpwnam(sub.trainee).pw_uid)
                except (OSError, KeyError):
                    linked = False
                if not linked:
                    shutil.rmtree(private / sub.name, ignore_errors=True)
                    if check_owners(sub).genuine:  # still the trainee's alone: it could not be linked (I/O)
                        notes.append(f"{_printable(sub.path, 400)}: could not be read for collection; not collected "
                                     "this time")
                        sub.genuine = False  # not collected: the sweeps leave a folder of that time alone
                        sub.readable = False
                    else:  # changed since it was read: someone else's now
                        aside.append(set_aside(course, sub, assignment, uid, gid))
        done = run_collect(snapshot)
    finally:
        shutil.rmtree(snapshot, ignore_errors=True)
    notes += [f"nbgrader collect: {w.replace(str(private), str(inbound))}" for w in collect_warnings(done.stderr or "")]
    aside += sweep_submitted(course, assignment, subs, uid, gid)
    said = {}
    for e in aside:
        said.setdefault(e["inbound"], sentence(e))
    return done, notes + list(said.values())
