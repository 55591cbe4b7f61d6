"""The classroom: build the course, hand the first assignment to a trainee folder, start JupyterLab."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Optional, Union

from .build import build_course, release_to_trainee


LESSONS_DIR = Path(__file__).resolve().parent.parent / "curriculum" / "lessons"


def place_lessons(trainee_dir: Union[str, Path]) -> list[Path]:
    """Render the lesson notebooks into ``<trainee>/lessons/``, never over a copy the trainee has worked in."""
    import jupytext
    import nbformat

    folder = Path(trainee_dir) / "lessons"
    folder.mkdir(parents=True, exist_ok=True)
    placed = []
    for source in sorted(LESSONS_DIR.glob("*.py")):
        target = folder / f"{source.stem}.ipynb"
        if not target.exists():
            nb = jupytext.read(source)
            nb.metadata.pop("jupytext", None)
            nbformat.write(nb, target)
        placed.append(target)
    return placed


def prepare_classroom(root: Union[str, Path]) -> tuple[Path, list[Path]]:
    """Build ``<root>/course``, release every assignment into ``<root>/trainee``, and add the lessons."""
    root = Path(root).resolve()
    ctx = build_course(root / "course")
    placed = release_to_trainee(ctx.course_dir, root / "trainee")
    place_lessons(root / "trainee")
    return ctx.course_dir, placed + [root / "trainee" / "lessons"]


def trainee_lab_options() -> list[str]:
    """JupyterLab's options for a trainee (``curriculum.lab``): the course's custom CSS (no In/Out prompts).
    The hub's trainee environment carries the same (``deploy.envs``)."""
    import json

    from curriculum.lab import CUSTOM_DIR

    return [
        "--LabApp.custom_css=True",
        "--ServerApp.tornado_settings=" + json.dumps({"static_custom_path": [str(CUSTOM_DIR)]}),
    ]


def jupyterlab_command(trainee_dir: Path, notebook: str, port: int, open_browser: bool) -> list[str]:
    """The jupyter-lab command line for a trainee folder."""
    exe = shutil.which("jupyter-lab", path=str(Path(sys.executable).parent)) or "jupyter-lab"
    cmd = [
        exe,
        f"--ServerApp.root_dir={trainee_dir}",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--LabApp.default_url=/lab/tree/{notebook}",
        *trainee_lab_options(),
    ]
    if not open_browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


def start_jupyterlab(trainee_dir: Path, notebook: str, port: int = 8888, open_browser: bool = True,
                     course_dir: Optional[Path] = None) -> int:
    """Run the course's case service and JupyterLab on the trainee folder until JupyterLab stops (Ctrl+C).

    The case service is the same code a hub runs, on loopback with a local token that JupyterLab hands to
    its kernels; it keeps the record in the course folder (``cases.db``).
    """
    import subprocess

    from service.local import start_local

    course_dir = Path(course_dir) if course_dir else trainee_dir.parent / "course"
    service = start_local(course_dir)
    print(f"case service: {service.url} (record: {course_dir / 'cases.db'}, log: {service.log})", flush=True)
    print(f"class debrief (the coach's view; this address carries the local token): "
          f"{service.url}debrief/?token={service.token}", flush=True)
    cmd = jupyterlab_command(trainee_dir, notebook, port, open_browser)
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, **service.env(), "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    lab = subprocess.Popen(cmd, cwd=trainee_dir, env=env)
    try:
        return lab.wait()
    except KeyboardInterrupt:
        lab.terminate()
        try:
            return lab.wait(timeout=30)
        except subprocess.TimeoutExpired:
            lab.kill()
            return lab.wait()
    finally:
        service.stop()
