"""The case service for one person at one keyboard (``make classroom``, tests): the same code as on a hub,
started beside JupyterLab with a local token that only this machine's account can read."""

from __future__ import annotations

import getpass
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

TOKEN_FILE = "service-token"  # in the course's keys/ (owner-only)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalService:
    """A running case service: its process (the service's own PID), address and token."""

    process: subprocess.Popen
    url: str
    token: str
    log: Path

    def env(self) -> dict[str, str]:
        """What a kernel needs to reach it (put in JupyterLab's environment; kernels inherit it)."""
        return {"CASEWORK_SERVICE_URL": self.url, "CASEWORK_SERVICE_TOKEN": self.token}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_local(course: Union[str, Path], port: Optional[int] = None, user: Optional[str] = None,
                db_url: Optional[str] = None, log: Optional[Path] = None, timeout: float = 60) -> LocalService:
    """Start the case service for ``course`` on loopback and wait until it answers."""
    from grading.key import KEYS_DIR

    course = Path(course).resolve()
    token_file = course / KEYS_DIR / TOKEN_FILE
    port = port or free_port()
    log = log or course / "case-service.log"
    cmd = [sys.executable, "-m", "service.app", "--course", str(course), "--ip", "127.0.0.1", "--port", str(port),
           "--local-token-file", str(token_file), "--local-user", user or getpass.getuser()]
    if db_url:
        cmd += ["--db-url", db_url]
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    handle = open(log, "a", encoding="utf-8")
    process = subprocess.Popen(cmd, stdout=handle, stderr=subprocess.STDOUT, env=env)
    handle.close()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the case service stopped at start:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url + "api/health", timeout=2) as response:
                json.loads(response.read())
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"the case service did not answer within {timeout:g} s:\n{log.read_text()[-2000:]}")
    return LocalService(process, url, token_file.read_text().strip(), log)
