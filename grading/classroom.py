"""The classroom: build the course, hand the first assignment to a trainee folder, start JupyterLab."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Union

from .build import build_course, release_to_trainee


def prepare_classroom(root: Union[str, Path]) -> tuple[Path, list[Path]]:
    """Build ``<root>/course`` and release every assignment into ``<root>/trainee``."""
    root = Path(root).resolve()
    ctx = build_course(root / "course")
    placed = release_to_trainee(ctx.course_dir, root / "trainee")
    return ctx.course_dir, placed


def jupyterlab_command(trainee_dir: Path, notebook: str, port: int, open_browser: bool) -> list[str]:
    """The jupyter-lab command line for a trainee folder."""
    exe = shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) or "jupyter-lab"
    cmd = [
        exe,
        f"--ServerApp.root_dir={trainee_dir}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{notebook}",
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def start_jupyterlab(trainee_dir: Path, notebook: str, port: int = 8888, open_browser: bool = True) -> None:
    """Replace this process with JupyterLab serving the trainee folder."""
    cmd = jupyterlab_command(trainee_dir, notebook, port, open_browser)
    bin_dir = str(Path(sys.executable).parent)
    os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    os.chdir(trainee_dir)
    os.execv(cmd[0], cmd)
