"""In a coach's own JupyterLab on the hub, Nbgrader -> Formgrader opens the course's formgrader.

nbgrader's lab extension frames ``<the coach's server>/formgrader``: the formgrader of her own server, which knows
no course (the course is the grader account's, served by the formgrader service) and, like every single-user
server of JupyterHub, forbids framing ("127.0.0.1 refused to connect"). This server extension, enabled in the
coach environment, sends that address to the course's formgrader service (``CASEWORK_FORMGRADER_URL``, which the
hub gives a coach's server only), whose pages allow framing by the hub's own origin (``deploy.hub``). Without the
variable (the formgrader service itself, a kernel image) it does nothing.

It is loaded before nbgrader's own formgrader extension (jupyter_server loads extensions in the order of their
names), so its route is the one that answers.
"""

from __future__ import annotations

import os

FORMGRADER_URL = "CASEWORK_FORMGRADER_URL"


def _jupyter_server_extension_points():
    return [{"module": "deploy.coach_formgrader"}]


def _load_jupyter_server_extension(serverapp) -> None:
    target = os.environ.get(FORMGRADER_URL, "").rstrip("/")
    if not target:
        return
    from jupyter_server.utils import url_path_join
    from tornado import web

    class ToTheCoursesFormgrader(web.RequestHandler):
        def get(self, rest: str = "") -> None:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"{target}{rest or '/'}{query}")

    pattern = url_path_join(serverapp.base_url, "formgrader") + r"(/.*)?"
    serverapp.web_app.add_handlers(".*$", [(pattern, ToTheCoursesFormgrader)])
    serverapp.log.info("Nbgrader -> Formgrader opens the course's formgrader at %s", target)
