"""The trainee's and the coach's Python environments, built from Debian's own ``python3``.

The project's own virtual environment lives under an interpreter in root's home,
which other accounts cannot enter, so a hub's single-user servers run from
environments of their own:

- the **trainee** environment holds the toolkit and the simulator and nothing of
  the key's world: no ``grading`` package, no author case files (``scenarios/cases``),
  no case template; its JupyterLab hides the instructor tools (Formgrader, Create
  Assignment, course list) and the news pop-up. Every account can read it.
- the **coach** environment holds the whole project (grading included) and
  nbgrader's instructor tools. Only root and the coaches' group can read it.

Each environment is stamped with a digest of what went into it, so a rebuild is
skipped when nothing changed.
"""

from __future__ import annotations

import grp
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from . import formgrader_words

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PYTHON = "/usr/bin/python3"
JUPYTERHUB = "jupyterhub==6.1.1"
# what a single-user server needs beyond the project's own dependencies
SERVER_REQUIREMENTS = [JUPYTERHUB]
STAMP = ".casework-env.json"

# the instructor tools and the news pop-up, switched off in the trainee's JupyterLab
TRAINEE_DISABLED_LAB = [
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
    "@jupyterlab/apputils-extension:announcements",
]
TRAINEE_DISABLED_SERVER = ["nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list"]
# in a coach's own JupyterLab, Nbgrader -> Formgrader opens the course's formgrader (deploy/coach_formgrader.py)
COACH_ENABLED_SERVER = ["deploy.coach_formgrader"]

# the parts of the project a trainee's kernel needs; everything else stays out
# (curriculum.lab: the trainee's JupyterLab, a server extension of the trainee environment)
TRAINEE_PACKAGES = ["curriculum", "curriculum.lab", "curriculum.toolkit", "curriculum.toolkit.tools", "scenarios",
                    "simulator"]
# course.yaml stays in: the lessons show their objectives from it (it holds the course map, no key)
TRAINEE_EXCLUDE = {"scenarios": ["cases", "template", "AUTHORING.md", "lint.py", "items.py", "authoring"],
                   "curriculum": ["assignments", "coach", "README.md"]}
# the server extensions a trainee's server loads: where JupyterLab opens (curriculum.lab)
TRAINEE_ENABLED_SERVER = ["curriculum.lab"]


def project_dependencies() -> list[str]:
    """The project's runtime dependencies, read from ``pyproject.toml``."""
    import tomllib

    return list(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"])


@dataclass
class EnvSpec:
    """One environment: where it goes, what it holds, and who may read it."""

    name: str
    path: Path
    requirements: list[str]
    package: Callable[[Path], Path]  # stages the project part to install, returns its folder
    group: Optional[str] = None  # None: every account may read it; else only root and this group
    lab_disabled: tuple[str, ...] = ()
    server_disabled: tuple[str, ...] = ()
    server_enabled: tuple[str, ...] = ()
    nbgrader_config: str = ""
    post_install: Optional[Callable[[Path], object]] = None  # run on the environment's folder once it is installed
    trainee_look: bool = False  # curriculum.lab's custom CSS (no prompts) and settings (no "Trust HTML" bar)


def _copy_tree(src: Path, dest: Path, exclude: list[str]) -> None:
    def ignore(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == src
        return [n for n in names if n == "__pycache__" or n.endswith(".pyc") or (top and n in exclude)]

    shutil.copytree(src, dest, ignore=ignore)


def stage_trainee_package(dest: Path) -> Path:
    """Copy the toolkit, the scenario format and the simulator (no keys, no grading) with a pyproject of their own."""
    dest.mkdir(parents=True, exist_ok=True)
    for top in ("curriculum", "scenarios", "simulator"):
        _copy_tree(ROOT / top, dest / top, TRAINEE_EXCLUDE.get(top, []))
    deps = project_dependencies()
    (dest / "pyproject.toml").write_text(
        "[build-system]\nrequires = [\"setuptools>=77\"]\nbuild-backend = \"setuptools.build_meta\"\n\n"
        "[project]\nname = \"casework-trainee\"\nversion = \"0.1.0\"\n"
        f"description = \"The trainee's side of the casework practice ground (toolkit and simulator, no keys).\"\n"
        f"dependencies = {json.dumps(deps)}\n\n"
        f"[tool.setuptools]\npackages = {json.dumps(TRAINEE_PACKAGES)}\n\n"
        "[tool.setuptools.package-data]\n"
        "scenarios = [\"*.yaml\", \"*.json\"]\n"
        "curriculum = [\"course.yaml\", \"lessons/vignettes/*.yaml\", \"lessons/checks/*.yaml\", \"lab/custom/*\"]\n",
        encoding="utf-8",
    )
    return dest


def stage_coach_package(dest: Path) -> Path:
    """The whole project (grading and the case library included), as a source tree to install."""
    ignore = shutil.ignore_patterns(".venv", ".git", "classroom", "demo", "test-artifacts", "__pycache__",
                                    "*.egg-info", "lesson-work", "decisions*.json*", ".pytest_cache")
    shutil.copytree(ROOT, dest, ignore=ignore)
    return dest


def trainee_spec(base: Path, exchange: Path, course_id: str) -> EnvSpec:
    return EnvSpec(
        name="trainee", path=base / "trainee", requirements=SERVER_REQUIREMENTS, package=stage_trainee_package,
        lab_disabled=tuple(TRAINEE_DISABLED_LAB), server_disabled=tuple(TRAINEE_DISABLED_SERVER),
        server_enabled=tuple(TRAINEE_ENABLED_SERVER), nbgrader_config=nbgrader_client_config(exchange, course_id),
        # the trainee's JupyterLab shows a case, not code, and opens on the Assignments list (curriculum.lab)
        trainee_look=True,
    )


def coach_spec(base: Path, exchange: Path, course_id: str, group: str) -> EnvSpec:
    return EnvSpec(
        name="coach", path=base / "coach", requirements=SERVER_REQUIREMENTS, package=stage_coach_package, group=group,
        server_enabled=tuple(COACH_ENABLED_SERVER), post_install=formgrader_words.apply_to_env,
        nbgrader_config=nbgrader_client_config(exchange, course_id),
    )


def nbgrader_client_config(exchange: Path, course_id: str) -> str:
    """nbgrader settings every server of the hub shares: the exchange and the course."""
    return (
        '"""nbgrader settings of this environment (written by casework hub)."""\n'
        "c = get_config()  # noqa: F821\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {course_id!r}\n"
    )


def _digest(spec: EnvSpec, staged: Path) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([spec.requirements, spec.lab_disabled, spec.server_disabled, spec.nbgrader_config,
                         spec.group, spec.server_enabled, spec.trainee_look]).encode())
    for path in sorted(p for p in staged.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(staged)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise RuntimeError(f"{' '.join(cmd[:4])} ... failed:\n{tail}")


def _configure(spec: EnvSpec, prefix: Optional[Path] = None, installed: Optional[Path] = None) -> None:
    """Write the environment's Jupyter settings under ``prefix`` (default: the environment itself), for an
    environment whose prefix is ``installed`` once in place (default: ``prefix``; an image's is /usr/local)."""
    prefix = prefix or spec.path
    etc = prefix / "etc" / "jupyter"
    (etc / "labconfig").mkdir(parents=True, exist_ok=True)
    (etc / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in spec.lab_disabled}}, indent=1), encoding="utf-8")
    (etc / "jupyter_server_config.d").mkdir(parents=True, exist_ok=True)
    (etc / "jupyter_server_config.d" / "zz-casework.json").write_text(json.dumps({"ServerApp": {
        "jpserver_extensions": {**{name: False for name in spec.server_disabled},
                                **{name: True for name in spec.server_enabled}}}}, indent=1), encoding="utf-8")
    if spec.trainee_look:  # JupyterLab's custom CSS: no In/Out prompts, no code
        from curriculum.lab import CUSTOM_DIR

        (etc / "custom").mkdir(parents=True, exist_ok=True)
        shutil.copy(CUSTOM_DIR / "custom.css", etc / "custom" / "custom.css")
        # a config file of its own: the server reads only jpserver_extensions from jupyter_server_config.d
        (etc / "jupyter_server_config.json").write_text(json.dumps({
            "LabApp": {"custom_css": True}, "ServerApp": {"tornado_settings": {
                "static_custom_path": [str((installed or prefix) / "etc" / "jupyter" / "custom")]}}}, indent=1),
            encoding="utf-8")
    (etc / "nbgrader_config.py").write_text(spec.nbgrader_config, encoding="utf-8")
    # no "news" prompt on the first page either
    settings = prefix / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
    if spec.trainee_look:  # the feedback (an HTML file) opens with no "Trust HTML" bar
        from curriculum.lab import SETTINGS

        overrides.update(SETTINGS)
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=1), encoding="utf-8")


def _permissions(spec: EnvSpec) -> None:
    if spec.group is None:
        subprocess.run(["chmod", "-R", "a+rX", str(spec.path)], check=True)
        return
    gid = grp.getgrnam(spec.group).gr_gid
    subprocess.run(["chown", "-R", f"root:{gid}", str(spec.path)], check=True)
    subprocess.run(["chmod", "-R", "g+rX,o-rwx", str(spec.path)], check=True)


def build_env(spec: EnvSpec, say: Callable[[str], None] = print, python: str = DEBIAN_PYTHON) -> bool:
    """Build (or bring up to date) one environment; False when it was already current."""
    with tempfile.TemporaryDirectory(prefix=f"casework-{spec.name}-") as tmp:
        staged = spec.package(Path(tmp) / "src")
        digest = _digest(spec, staged)
        stamp = spec.path / STAMP
        try:
            if json.loads(stamp.read_text())["digest"] == digest:
                _configure(spec)  # the settings are cheap to write: a change to them needs no reinstall
                _permissions(spec)
                return False
        except (OSError, ValueError, KeyError):
            pass
        say(f"building the {spec.name} environment in {spec.path} (from {python}) ...")
        if spec.path.exists():
            shutil.rmtree(spec.path)
        spec.path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(spec.path.parent, 0o755)
        _run([python, "-m", "venv", str(spec.path)])
        pip = [str(spec.path / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        _run([*pip, *spec.requirements, str(staged)])
        _configure(spec)
        if spec.post_install is not None:
            spec.post_install(spec.path)
        stamp.write_text(json.dumps({"digest": digest}), encoding="utf-8")
    _permissions(spec)
    return True


def stage_images(dest: Path, exchange: Path, course_id: str) -> dict[str, Path]:
    """Stage what the container images install (deploy/kubernetes/*.Dockerfile), one folder per image:
    ``src/`` (the package), ``requirements.txt`` and the Jupyter settings under ``etc/`` and ``share/``."""
    out = {}
    for spec in (trainee_spec(Path("/unused"), exchange, course_id),
                 coach_spec(Path("/unused"), exchange, course_id, "casework-coaches")):
        folder = Path(dest) / spec.name
        if folder.exists():
            shutil.rmtree(folder)
        spec.package(folder / "src")
        (folder / "requirements.txt").write_text("\n".join(spec.requirements) + "\n", encoding="utf-8")
        _configure(spec, folder, installed=Path("/usr/local"))  # the images' Python lives in /usr/local
        out[spec.name] = folder
    return out


def main(argv: Optional[list[str]] = None) -> int:
    """``python -m deploy.envs stage DIR [--exchange PATH]``: stage the images' contents (build.sh calls it)."""
    import argparse

    from grading.course import load_course

    parser = argparse.ArgumentParser(prog="python -m deploy.envs")
    parser.add_argument("command", choices=["stage"])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--exchange", type=Path, default=Path("/srv/casework/exchange"))
    args = parser.parse_args(argv)
    for name, folder in stage_images(args.dest, args.exchange, load_course().course_id).items():
        print(f"{name}: {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
