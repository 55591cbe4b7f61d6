"""Setting a hub up says what went wrong, in words a coordinator can act on (no hub is started here)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest


@pytest.mark.skipif(not shutil.which("npm"), reason="npm is not installed")
def test_a_proxy_npm_cannot_install_is_named_with_npm_s_own_words(tmp_path, monkeypatch):
    import deploy.hub as hub

    monkeypatch.setattr(hub, "CHP_VERSION", "0.0.0-no-such-version")
    settings = hub.HubSettings(root=tmp_path / "srv", envs=tmp_path / "opt")
    with pytest.raises(RuntimeError) as err:
        hub.install_proxy(settings, say=lambda m: None)
    message = str(err.value)
    assert "configurable-http-proxy 0.0.0-no-such-version" in message
    tail = message.split(":\n", 1)[1].strip()
    assert tail and ("npm" in tail.lower() or "error" in tail.lower()), f"npm's reason is said: {message!r}"


ROOT = Path(__file__).resolve().parent.parent


def _run_a_class_commands() -> list[str]:
    """The command lines of the README's "Run a class" block."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Run a class", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_class_commands_run_as_root_with_and_without_sudo():
    """A fresh machine where you are root may have no sudo: the README's class commands are written as root types
    them and say sudo is for another account; make hub runs no sudo of its own; the casework commands exist."""
    commands = _run_a_class_commands()
    assert commands and not [c for c in commands if c.startswith("sudo")], commands
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "in a root shell" in readme and "put `sudo`\nin front" in readme
    dry = subprocess.run(["make", "-n", "hub"], cwd=ROOT, capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    recipe = [line for line in dry.stdout.splitlines() if not line.lstrip().startswith("[")]  # the root check
    assert not [line for line in recipe if "sudo" in line.split()], recipe
    for command in commands:
        words = shlex.split(command)
        if words[0].endswith("casework"):  # the subcommand as written, asking only for its help
            sub = [w for w in words[1:] if not w.startswith("-")][:2]
            done = subprocess.run([str(ROOT / ".venv" / "bin" / "casework"), *sub, "--help"], capture_output=True,
                                  text=True)
            assert done.returncode == 0, (command, done.stderr)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root and runuser")
def test_make_hub_needs_no_sudo_as_root_and_says_how_from_another_account():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    as_root = subprocess.run(["make", "-f", "-", "as-root"], input=makefile, cwd="/", capture_output=True, text=True)
    assert as_root.returncode == 0, as_root.stderr
    other = subprocess.run(["runuser", "-u", "nobody", "--", "make", "-f", "-", "as-root"], input=makefile, cwd="/",
                           capture_output=True, text=True)
    assert other.returncode != 0
    assert "run it as root (in a root shell: make hub; from another account: sudo make hub)" in other.stderr


def test_the_hubs_service_health_check_leaves_services_alone_while_the_hub_stops_them():
    """Stopping the hub deletes its services' servers from its database while its health check of the services
    still runs every 60 s: the check must not fail on them ('NoneType' object has no attribute 'proto')."""
    import asyncio
    from types import SimpleNamespace

    pytest.importorskip("jupyterhub")
    from jupyterhub.app import JupyterHub

    from deploy.hub import _stop_quickly

    _stop_quickly()
    stopping = SimpleNamespace(_service_map={
        "formgrader": SimpleNamespace(url="http://127.0.0.1:1", orm=SimpleNamespace(server=None)),
        "idle-culler": SimpleNamespace(url="", orm=SimpleNamespace(server=None))})
    assert asyncio.run(JupyterHub.check_services_health(stopping)) is None


def test_the_formgraders_lists_are_rewritten_in_the_courses_words(tmp_path):
    """On the pinned nbgrader's own files (a copy): every programmer's label the course replaces is found and
    replaced, and a second pass changes nothing (an environment rebuilt, or the image step run twice)."""
    pytest.importorskip("nbgrader")
    import nbgrader

    from deploy.formgrader_words import WORDS, apply

    source = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    folder = tmp_path / "formgrader"
    for name in WORDS:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / name, folder / name)
    assert sorted(apply(folder)) == sorted(WORDS)
    pages = {name: (folder / name).read_text(encoding="utf-8") for name in WORDS}
    for name, pairs in WORDS.items():
        for old, new in pairs:
            assert old not in pages[name] and new in pages[name], (name, old)
    assert "Decisions score" in pages["templates/gradebook_notebook_submissions.tpl"]
    assert apply(folder) == [], "a second pass changes nothing"
