"""The class roster: one account per person, trainees registered as nbgrader students.

``roster.csv`` has a header row and the columns ``username, first_name, last_name,
email, role`` (role: ``trainee`` or ``coach``; empty means trainee). Usernames are
the accounts people log in with. Adding a roster twice changes nothing that is
already there; a bad row is reported with its line and nothing of it is made.
"""

from __future__ import annotations

import csv
import io
import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import accounts
from .hub import HubSettings, as_grader

COLUMNS = ["username", "first_name", "last_name", "email", "role"]
ROLES = ("trainee", "coach")


@dataclass
class Person:
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    role: str = "trainee"


class RosterError(ValueError):
    """A roster that cannot be used: every problem, one line each, with its line number."""


def read_roster(path: Path) -> list[Person]:
    """The people of a roster file, or :class:`RosterError` naming each bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise RosterError(f"{path}: cannot be read ({exc})") from None
    reader = csv.DictReader(io.StringIO(text))
    if "username" not in [(h or "").strip().lower() for h in (reader.fieldnames or [])]:
        raise RosterError(f"{path}:1: the header must name the columns {', '.join(COLUMNS)} (missing: username)")
    rows = list(reader)
    people, problems, seen = [], [], set()
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        person = Person(**{c: row.get(c, "") for c in COLUMNS})
        person.role = (person.role or "trainee").lower()
        try:
            accounts.check_username(person.username)
        except accounts.AccountError as exc:
            problems.append(f"{path}:{line}: username: {exc}")
            continue
        if person.role not in ROLES:
            problems.append(f"{path}:{line}: role: {person.role!r} is not one of {', '.join(ROLES)}")
            continue
        if person.username in seen:
            problems.append(f"{path}:{line}: username: {person.username!r} is listed twice")
            continue
        seen.add(person.username)
        people.append(person)
    if problems:
        raise RosterError("\n".join(problems))
    return people


def _lessons_for(home: Path, uid: int, gid: int) -> None:
    from grading.classroom import place_lessons

    for path in [home / "lessons", *place_lessons(home)]:
        os.chown(path, uid, gid)


def _hub_api(s: HubSettings, token: str, method: str, path: str, body: dict) -> int:
    """One call to the running hub's REST API: its HTTP status, or 0 when no hub answers."""
    request = urllib.request.Request(f"http://127.0.0.1:{s.port}/hub/api/{path}", data=json.dumps(body).encode(),
                                     method=method,
                                     headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return 0


def _tell_running_hub(s: HubSettings, people: list[Person]) -> bool:
    """Add the people to a running hub through its REST API, the coaches to the coaches' group (which holds the
    formgrader's and the debrief's role): a running hub learns users, groups and roles only through its REST API
    (its configuration is read at start). A hub that is not running reads them from the settings at start."""
    token_file = s.hub_dir / "admin-token"
    if not token_file.exists():
        return False
    token = token_file.read_text().strip()
    # 409: every one of them is already a user of the hub (a roster added twice)
    if _hub_api(s, token, "POST", "users", {"usernames": [p.username for p in people]}) not in (201, 409):
        return False
    coaches = [p.username for p in people if p.role == "coach"]
    if coaches and _hub_api(s, token, "POST", f"groups/{s.formgrade_group}/users", {"users": coaches}) != 200:
        return False
    return True


def add_roster(s: HubSettings, people: list[Person], say: Callable[[str], None] = print) -> dict[str, list[str]]:
    """Make the accounts, register the trainees with nbgrader, give them the lessons, and let them into the hub."""
    made: dict[str, list[str]] = {"trainees": [], "coaches": []}
    for p in people:
        new = not accounts.exists(p.username)
        groups = (s.coaches_group,) if p.role == "coach" else ()
        entry = accounts.ensure_user(p.username, groups=groups, comment=f"{p.first_name} {p.last_name}".strip())
        if p.role == "trainee":
            as_grader(s, ["nbgrader", "db", "student", "add", p.username, f"--first-name={p.first_name}",
                          f"--last-name={p.last_name}", f"--email={p.email}"])
            _lessons_for(Path(entry.pw_dir), entry.pw_uid, entry.pw_gid)
        made["trainees" if p.role == "trainee" else "coaches"].append(p.username)
        say(f"{'added' if new else 'kept'} {p.role} {p.username}")
    for role in ("trainees", "coaches"):
        s.people[role] = sorted(set(s.people.get(role, [])) | set(made[role]))
    s.save()
    if _tell_running_hub(s, people):
        say("the running hub knows them now: they can log in, and the coaches reach the formgrader")
    return made


def reset_password(s: HubSettings, username: str) -> bool:
    """Forget a person's first-use password, so their next login sets a new one (True when there was one)."""
    import dbm

    accounts.check_username(username)
    path = str(s.hub_dir / "passwords.dbm")
    try:
        with dbm.open(path, "w") as db:
            if username.encode() in db:
                del db[username.encode()]
                return True
    except dbm.error:
        return False
    return False
