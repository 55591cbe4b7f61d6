"""System accounts and groups for a hub on one machine (``useradd``, ``groupadd``), and running as them."""

from __future__ import annotations

import grp
import os
import pwd
import re
import subprocess
from pathlib import Path
from typing import Optional

USERNAME = re.compile(r"^[a-z][a-z0-9_-]{0,30}$")


class AccountError(ValueError):
    """An account could not be made or used (the message says why, in one line)."""


def check_username(name: str) -> str:
    """A username a Linux account and JupyterHub both accept (lower-case letters, digits, - and _)."""
    if not USERNAME.match(name or ""):
        raise AccountError(f"{name!r} is not a usable account name: start with a letter; use a-z, 0-9, - or _ "
                           "(at most 31 characters)")
    return name


def exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def ensure_group(name: str) -> int:
    """The group's id, creating the group when it is missing."""
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        subprocess.run(["groupadd", name], check=True, capture_output=True)
        return grp.getgrnam(name).gr_gid


def ensure_user(name: str, groups: tuple[str, ...] = (), system: bool = False, comment: str = "") -> pwd.struct_passwd:
    """The account, creating it (with a private home, mode 0700) when it is missing; adds it to ``groups``."""
    check_username(name)
    if not exists(name):
        cmd = ["useradd", "--create-home", "--shell", "/bin/bash"]
        if system:
            cmd.append("--system")
        if comment:
            cmd += ["--comment", comment[:60].replace(":", " ")]
        done = subprocess.run([*cmd, name], capture_output=True, text=True)
        if done.returncode != 0:
            raise AccountError(f"useradd {name} failed: {done.stderr.strip()}")
    for group in groups:
        ensure_group(group)
        subprocess.run(["usermod", "-a", "-G", group, name], check=True, capture_output=True)
    entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)  # nobody else reads a trainee's work
    return entry


def remove_user(name: str) -> None:
    """Remove an account and its home (tests and ``casework roster remove``)."""
    if exists(name):
        subprocess.run(["userdel", "--remove", name], capture_output=True)


def run_as(user: str, cmd: list[str], cwd: Optional[Path] = None, env: Optional[dict] = None,
           check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as ``user`` (with their home and a clean environment)."""
    entry = pwd.getpwnam(user)
    base = {"HOME": entry.pw_dir, "USER": user, "LOGNAME": user, "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8"}
    base.update(env or {})
    full = ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in base.items()], *cmd]
    done = subprocess.run(full, cwd=cwd or entry.pw_dir, capture_output=True, text=True)
    if check and done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-12:])
        raise AccountError(f"{' '.join(cmd[:3])} as {user} failed:\n{tail}")
    return done
