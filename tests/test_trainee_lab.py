"""A trainee sees a case, not code (issue 22 item 4), without a browser: the trainee's JupyterLab
(``curriculum.lab``) as the classroom and the hub's trainee environment (and its image) install it, where it
opens, the course file the lessons read, where Run All ends, and no "seed" in the toolkit's words.
``tests/test_browser_trainee_lab.py`` checks the same in Chromium, ``tests/test_hub.py`` on a hub."""

from __future__ import annotations

import json
from pathlib import Path

from curriculum import lab


def test_the_classroom_starts_jupyterlab_with_the_trainees_look():
    from grading.classroom import jupyterlab_command

    cmd = jupyterlab_command(Path("/tmp/trainee"), "first-contact/first-contact.ipynb", 8888, False)
    assert "--LabApp.custom_css=True" in cmd
    static = json.loads(next(a for a in cmd if a.startswith("--ServerApp.tornado_settings=")).split("=", 1)[1])
    assert (Path(static["static_custom_path"][0]) / "custom.css").is_file()
    css = (lab.CUSTOM_DIR / "custom.css").read_text()
    assert ".jp-InputPrompt" in css and ".jp-OutputPrompt" in css and ".jp-InputPlaceholder" in css
    assert ".jp-OutputArea-promptOverlay" in css, "the Collapse Output area would lie over the options"


def test_the_trainee_image_carries_the_look(tmp_path):
    from deploy.envs import stage_images

    staged = stage_images(tmp_path, Path("/srv/casework/exchange"), "a-course")
    etc = staged["trainee"] / "etc" / "jupyter"
    # a config file, not one in jupyter_server_config.d (the server reads only jpserver_extensions there)
    server = json.loads((etc / "jupyter_server_config.json").read_text())
    assert server["LabApp"] == {"custom_css": True}
    # the trainee Dockerfile copies etc/ to /usr/local/etc/: the CSS is where the server looks
    assert server["ServerApp"]["tornado_settings"] == {"static_custom_path": ["/usr/local/etc/jupyter/custom"]}
    assert (etc / "custom" / "custom.css").read_text() == (lab.CUSTOM_DIR / "custom.css").read_text()
    # the coach's JupyterLab keeps its prompts
    assert not (staged["coach"] / "etc" / "jupyter" / "custom").exists()
    assert not (staged["coach"] / "etc" / "jupyter" / "jupyter_server_config.json").exists()


def test_the_trainee_environment_opens_on_the_assignments_list_without_a_trust_bar(tmp_path):
    from deploy.envs import TRAINEE_EXCLUDE, TRAINEE_PACKAGES, stage_images

    staged = stage_images(tmp_path, Path("/srv/casework/exchange"), "a-course")
    etc = staged["trainee"] / "etc" / "jupyter"
    enabled = json.loads((etc / "jupyter_server_config.d" / "zz-casework.json").read_text())["ServerApp"]
    assert enabled["jpserver_extensions"]["curriculum.lab"] is True, "the server extension that opens the list"
    assert "curriculum.lab" in TRAINEE_PACKAGES and (staged["trainee"] / "src" / "curriculum" / "lab").is_dir()
    settings = staged["trainee"] / "share" / "jupyter" / "lab" / "settings"
    overrides = json.loads((settings / "overrides.json").read_text())
    viewer = overrides["@jupyterlab/htmlviewer-extension:plugin"]
    assert {"name": "trust", "disabled": True} in viewer["toolbar"] and viewer["trustByDefault"] is False
    assert overrides["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false", "no news either"
    coach = json.loads((staged["coach"] / "share" / "jupyter" / "lab" / "settings" / "overrides.json").read_text())
    assert "@jupyterlab/htmlviewer-extension:plugin" not in coach
    # the lessons read their objectives from course.yaml: the trainee package carries it (it holds no key)
    assert "course.yaml" not in TRAINEE_EXCLUDE["curriculum"]
    src = staged["trainee"] / "src"
    assert (src / "curriculum" / "course.yaml").is_file()
    pyproject = (src / "pyproject.toml").read_text()
    assert '"course.yaml"' in pyproject and '"lab/custom/*"' in pyproject


def test_the_course_file_in_the_trainee_package_holds_no_key():
    import yaml

    course = yaml.safe_load((lab.HERE.parent / "course.yaml").read_text())
    assert set(course) <= {"course_id", "max_session_minutes", "modules", "assignments"}, sorted(course)
    words = json.dumps(course).lower()
    for secret in ("credit", "token", "password", "secret", "why:", "key:"):
        assert secret not in words, secret


def test_lessons_show_their_objectives_from_the_installed_course_file(tmp_path):
    """In the trainee package as staged (course.yaml beside the toolkit), lesson.objectives finds the module."""
    import subprocess
    import sys

    from deploy.envs import stage_trainee_package

    src = stage_trainee_package(tmp_path / "src")
    done = subprocess.run([sys.executable, "-c", "from curriculum.toolkit import lesson; "
                           "print(lesson.objectives_markdown('orientation'))"],
                          cwd=src, env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "By the end of this module you can" in done.stdout and "not installed" not in done.stdout


def _workspace(folder: Path) -> dict:
    return json.loads(next(folder.glob("default-*.jupyterlab-workspace")).read_text())


def test_a_first_login_opens_the_assignments_list(tmp_path):
    assert lab.start_on_assignment_list(tmp_path)
    data = _workspace(tmp_path)["data"]
    assert data[lab.ASSIGNMENT_LIST] == {"data": {}}
    assert lab.start_on_assignment_list(tmp_path), "the list is open: it stays open"


def test_nothing_but_a_launcher_left_open_opens_the_assignments_list(tmp_path):
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    left = {"data": {"layout-restorer:data": {
        "main": {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": ["launcher-0"]}, "current": "launcher-0"},
        "left": {"collapsed": False, "visible": True, "current": "filebrowser", "widgets": ["filebrowser"]}}},
        "metadata": {"id": "default"}}
    WorkspacesManager(str(tmp_path)).save("default", json.dumps(left))
    assert lab.start_on_assignment_list(tmp_path)
    layout = _workspace(tmp_path)["data"]["layout-restorer:data"]
    assert layout["main"]["dock"]["widgets"] == [lab.ASSIGNMENT_LIST]
    assert layout["main"]["current"] == lab.ASSIGNMENT_LIST
    assert layout["left"]["current"] == "filebrowser", "the rest of the trainee's layout stays"


def test_work_left_open_comes_back_as_it_was(tmp_path):
    from jupyterlab_server.workspaces_handler import WorkspacesManager

    left = {"data": {"layout-restorer:data": {"main": {"dock": {"type": "split-area", "orientation": "horizontal",
                                                                 "sizes": [0.5, 0.5], "children": [
        {"type": "tab-area", "currentIndex": 0, "widgets": ["launcher-1"]},
        {"type": "tab-area", "currentIndex": 0, "widgets": ["notebook:first-contact/first-contact.ipynb"]}]}}}},
        "metadata": {"id": "default"}}
    WorkspacesManager(str(tmp_path)).save("default", json.dumps(left))
    before = _workspace(tmp_path)
    assert not lab.start_on_assignment_list(tmp_path)
    assert _workspace(tmp_path) == before


def test_the_first_decision_still_to_make_is_where_run_all_ends(harlow, tmp_path):
    """The widget of the first open, undecided moment carries ``casework-next`` (the copy's script scrolls to it
    once Run All is over); deciding it moves the mark to the next moment."""
    from curriculum.toolkit import CaseSession, live
    from scenarios.authoring.personas import persona_decisions

    decisions = persona_decisions("practice-model", harlow)
    case = CaseSession(harlow.trainee_view(), tmp_path)
    widgets = {dp.id: case.decide(dp.id) for dp in case.scenario.decision_points}
    assert all(f"casework-point-{p}" in w._dom_classes for p, w in widgets.items()), "a moment names itself"
    marked = [p for p, w in widgets.items() if live.NEXT_CLASS in w._dom_classes]
    first = case.first_undecided()["id"]
    assert marked == [first]
    assert case.choose(first, decisions[first]) is None
    marked = [p for p, w in widgets.items() if live.NEXT_CLASS in w._dom_classes]
    assert first not in marked and marked == [case.first_undecided()["id"]]
    assert live.RUN_END_SCRIPT in live.fallback_html("<p>a moment</p>", run_end=True)
    assert live.RUN_END_SCRIPT not in live.fallback_html("<p>a moment</p>"), "a cell run on its own stays put"
    assert f"'.{live.NEXT_CLASS}'" in live.RUN_END_SCRIPT


def test_a_cell_run_right_after_another_is_in_a_run(monkeypatch):
    from curriculum.toolkit import live

    clock = iter([100.0, 100.1, 200.0, 200.2, 260.0])
    monkeypatch.setattr(live.time, "monotonic", lambda: next(clock))
    monkeypatch.setitem(live._timing, "ended", None)
    live._cell_started()  # the first cell of the kernel
    assert not live.in_a_run()
    live._cell_ended()  # at 100.0
    live._cell_started()  # at 100.1: Run All goes on
    assert live.in_a_run()
    live._cell_ended()  # at 200.0
    live._cell_started()  # at 200.2
    assert live.in_a_run()
    live._cell_ended()  # at 260.0 ... the trainee runs a cell a minute later
    monkeypatch.setattr(live.time, "monotonic", lambda: 320.0)
    live._cell_started()
    assert not live.in_a_run()


def _trainee_strings(path: Path) -> list[tuple[int, str]]:
    """The string literals of a module that are not docstrings (what its widgets and messages can show)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_seed_anywhere_a_trainee_looks():
    """The toolkit's words (widgets, cards, messages) and the lessons' text never say "seed" (a keyword
    argument named seed is code, not words)."""
    import re

    root = lab.HERE.parent
    found = []
    for path in sorted((root / "toolkit").rglob("*.py")):
        found += [f"{path.name}:{line}: {text[:80]!r}" for line, text in _trainee_strings(path)
                  if re.search(r"\bseeds?\b", text, re.I)]
    for path in sorted((root / "lessons").glob("*.py")):
        found += [f"{path.name}:{n}: {line.strip()[:80]}" for n, line in enumerate(path.read_text().splitlines(), 1)
                  if line.lstrip().startswith("#") and re.search(r"\bseeds?\b", line, re.I)]
    assert not found, "\n".join(found)
