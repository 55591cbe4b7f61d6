"""The trainee's JupyterLab: how it looks and where it opens (a trainee sees a case, not code).

- ``custom/custom.css`` (JupyterLab's custom CSS, ``LabApp.custom_css``): no ``In [ ]:`` or ``Out[ ]:`` prompt
  beside a cell, no trace of a cell's code where the course hid it, and a note in nbgrader's Assignments list
  on when feedback comes and how to open it (nbgrader's list offers "Fetch Feedback" before there is any).
- ``SETTINGS``: JupyterLab settings for the trainee (``overrides.json``): an HTML file (the feedback) opens with
  no "Trust HTML" bar (its scripts stay off: the feedback needs none).
- this module is a Jupyter server extension: where the trainee's JupyterLab would open on an empty page (a bare
  Launcher: the first login, or everything closed), it opens nbgrader's Assignments list instead
  (:func:`start_on_assignment_list`); where the trainee left work open, that comes back as it was.

The hub's trainee environment and image install all three (``deploy.envs``); ``make classroom`` uses the look
(``grading.classroom.trainee_lab_options``) and opens on the first assignment itself (it has no exchange, so
no Assignments list to open).
"""

from __future__ import annotations

from pathlib import Path
from typing import Union

HERE = Path(__file__).resolve().parent
CUSTOM_DIR = HERE / "custom"  # holds custom.css: JupyterLab serves it at <base>/custom/custom.css

# nbgrader's Assignments list as JupyterLab's layout restorer names it (namespace:name of its widget tracker)
ASSIGNMENT_LIST = "nbgrader-assignment-list:nbgrader-assignment-list"
WORKSPACE = "default"  # the workspace /lab (and /lab/tree/...) opens

# JupyterLab settings (share/jupyter/lab/settings/overrides.json) of the trainee's environment
SETTINGS = {
    # the feedback is an HTML file: it opens without a "Trust HTML" (or "Refresh") bar over it
    "@jupyterlab/htmlviewer-extension:plugin": {
        "trustByDefault": False,
        "toolbar": [{"name": "refresh", "disabled": True}, {"name": "trust", "disabled": True}],
    },
}


def _dock_widgets(area) -> list[str]:
    """The widgets of a main-area layout (tab areas and split areas, nested)."""
    if not isinstance(area, dict):
        return []
    found = [w for w in area.get("widgets") or [] if isinstance(w, str)]
    for child in area.get("children") or []:
        found += _dock_widgets(child)
    return found


def start_on_assignment_list(workspaces_dir: Union[str, Path]) -> bool:
    """Make the trainee's default workspace open nbgrader's Assignments list when it would open on an empty
    main area (no workspace yet, or nothing but a Launcher left open). True when it changed the workspace."""
    import json

    from jupyterlab_server.workspaces_handler import WorkspacesManager

    manager = WorkspacesManager(str(workspaces_dir))
    try:
        workspace = manager.load(WORKSPACE)
    except (OSError, ValueError):  # a workspace file that does not parse: JupyterLab starts afresh anyway
        workspace = {"data": {}, "metadata": {"id": f"/{WORKSPACE}"}}
    data = workspace.get("data")
    if not isinstance(data, dict):
        data = workspace["data"] = {}
    layout = data.get("layout-restorer:data")
    main = layout.get("main") if isinstance(layout, dict) else None
    if any(not w.startswith("launcher") for w in _dock_widgets((main or {}).get("dock"))):
        return False  # the trainee's work comes back where it was left
    data[ASSIGNMENT_LIST] = {"data": {}}
    if isinstance(layout, dict):
        layout["main"] = {"dock": {"type": "tab-area", "currentIndex": 0, "widgets": [ASSIGNMENT_LIST]},
                          "current": ASSIGNMENT_LIST}
    workspace.setdefault("metadata", {})["id"] = WORKSPACE
    workspace["metadata"].pop("created", None)
    workspace["metadata"].pop("last_modified", None)
    manager.save(WORKSPACE, json.dumps(workspace))
    return True


def _workspaces_dir(serverapp) -> str:
    configured = serverapp.config.get("LabApp", {}).get("workspaces_dir")
    if configured:
        return str(configured)
    from jupyterlab.commands import get_workspaces_dir

    return get_workspaces_dir()


def _jupyter_server_extension_points():
    return [{"module": "curriculum.lab"}]


def _load_jupyter_server_extension(serverapp) -> None:
    try:
        if start_on_assignment_list(_workspaces_dir(serverapp)):
            serverapp.log.info("casework: JupyterLab opens on the Assignments list")
    except Exception as exc:  # the page opening elsewhere must never stop the trainee's server
        serverapp.log.warning(f"casework: could not open JupyterLab on the Assignments list: {exc}")
