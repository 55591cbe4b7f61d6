"""The course's case service over HTTP (tornado): on a hub a JupyterHub service running as the grader account;
on one machine (``make classroom``) the same code beside JupyterLab with a local token.

Who is asking comes from the hub (the trainee's own hub token, which the single-user server passes to the
kernel as ``JUPYTERHUB_API_TOKEN``) or from the local token; never from anything else the request says.

Routes, under the service's prefix (``/services/<name>/`` on a hub):

- ``GET  api/health``                              (no token) the service is up
- ``GET  api/plays/<assignment>[?mode=practice]``  the trainee's play as it stands
- ``POST api/plays/<assignment>/decisions``        ``{"point": id, "options": [ids], "mode": ...}``
- ``POST api/plays/<assignment>/finish``           make every graded choice final
- ``GET  api/plays/<assignment>/futures``          the trainee's plan played many times
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import secrets
import signal
import sys
from pathlib import Path
from typing import Optional

import tornado.ioloop
import tornado.web

from .cases import CaseService, Refused, hub_variant
from .store import GRADED, Store, store_url

log = logging.getLogger("casework.service")
MAX_BODY = 64 * 1024


class Identity:
    """Who a request comes from: a name, or None when the token is missing or not vouched for."""

    async def name(self, token: str) -> Optional[str]:  # pragma: no cover - interface
        raise NotImplementedError


class HubIdentity(Identity):
    """Ask the hub whose token this is (cached briefly by JupyterHub's HubAuth)."""

    def __init__(self):
        from jupyterhub.services.auth import HubAuth

        self.auth = HubAuth(cache_max_age=60)

    async def name(self, token: str) -> Optional[str]:
        model = await self.auth.user_for_token(token, sync=False)
        if not model or model.get("kind", "user") != "user":
            return None
        return model.get("name")


class LocalIdentity(Identity):
    """One person at one keyboard: one token, one name (``make classroom``)."""

    def __init__(self, token: str, user: str):
        self.token, self.user = token, user

    async def name(self, token: str) -> Optional[str]:
        return self.user if token and secrets.compare_digest(token, self.token) else None


def _token(handler: tornado.web.RequestHandler) -> str:
    header = handler.request.headers.get("Authorization", "")
    kind, _, value = header.partition(" ")
    return value.strip() if kind.lower() in ("token", "bearer") else ""


class Base(tornado.web.RequestHandler):
    """JSON in, JSON out, a plain sentence on every error."""

    def initialize(self, service: CaseService, identity: Identity):
        self.service, self.identity = service, identity

    def set_default_headers(self):
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    def reply(self, data: dict, status: int = 200) -> None:
        self.set_status(status)
        self.finish(json.dumps(data))

    def write_error(self, status_code: int, **kwargs) -> None:
        self.finish(json.dumps({"error": self._reason or "The service could not do that."}))

    async def trainee(self) -> str:
        name = await self.identity.name(_token(self))
        if not name:
            raise tornado.web.HTTPError(401, reason="Not signed in: the request carries no token the course knows.")
        return name

    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, RecursionError):
            raise tornado.web.HTTPError(400, reason="The request is not JSON.") from None
        if not isinstance(data, dict):
            raise tornado.web.HTTPError(400, reason="The request is not a JSON object.")
        return data

    def mode(self, data: Optional[dict] = None) -> str:
        return (data or {}).get("mode") or self.get_query_argument("mode", GRADED)

    def run(self, call, *args, **kwargs) -> None:
        try:
            self.reply(call(*args, **kwargs))
        except Refused as exc:
            self.reply({"error": str(exc)}, exc.status)


class Health(Base):
    def get(self):
        self.reply({"ok": True, "assignments": self.service.assignments()})


class PlayHandler(Base):
    async def get(self, assignment: str):
        self.run(self.service.open, await self.trainee(), assignment, self.mode())


class DecisionsHandler(Base):
    async def post(self, assignment: str):
        trainee = await self.trainee()
        data = self.body()
        self.run(self.service.decide, trainee, assignment, data.get("point"), data.get("options"), self.mode(data))


class FinishHandler(Base):
    async def post(self, assignment: str):
        self.run(self.service.finish, await self.trainee(), assignment)


class FuturesHandler(Base):
    async def get(self, assignment: str):
        self.run(self.service.futures, await self.trainee(), assignment, self.mode())


# --- the class debrief: the coach's pages (never a trainee's) --------------------------------------------

COOKIE = "casework-coach"


class LocalCoach:
    """One person at one keyboard: the local token (a header, ``?token=`` once, then a cookie) is the coach too."""

    def get_current_user(self):
        given = self.get_query_argument("token", "")
        token = _token(self) or given or self.get_cookie(COOKIE, "")
        if not (token and secrets.compare_digest(token, self.identity.token)):
            return None
        if given:
            self.set_cookie(COOKIE, token, httponly=True, samesite="Strict", path=self.prefix)
        return {"name": self.identity.user}

    def get_login_url(self):
        raise tornado.web.HTTPError(401, reason="Open the address the classroom printed (it carries the token).")


class CoachBase(Base):
    """A coach's page or data: on a hub, JupyterHub's OAuth with the service's access scope (the coaches' group
    has it; a trainee's token or browser does not); on one machine, the local token."""

    def initialize(self, service: CaseService, identity: Identity, prefix: str = "/"):
        super().initialize(service, identity)
        self.prefix = prefix

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "SAMEORIGIN")

    def html(self, text: str) -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(text)

    def data(self, value: dict, status: int = 200) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_status(status)
        self.finish(json.dumps(value))

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(self._reason or "The service could not do that.")

    def since(self) -> str:
        return self.get_query_argument("since", "")

    def room(self, assignment: str, names: bool) -> dict:
        try:
            return self.service.debrief(assignment, names)
        except Refused as exc:
            raise tornado.web.HTTPError(exc.status, reason=str(exc)) from None


class DebriefIndex(CoachBase):
    @tornado.web.authenticated
    def get(self):
        from html import escape

        items = "".join(f"<li><a href='{escape(self.prefix)}debrief/{escape(a)}'>{escape(a)}</a> "
                        f"(<a href='{escape(self.prefix)}debrief/{escape(a)}/projector'>projector</a>)</li>"
                        for a in self.service.assignments())
        self.html(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Debrief</title></head><body>"
                  f"<h1>Class debrief</h1><ul>{items}</ul></body></html>")


class DebriefPage(CoachBase):
    @tornado.web.authenticated
    def get(self, assignment: str):
        from .pages import live_page

        state = self.room(assignment, names=True)
        self.html(live_page(state, f"{self.prefix}api/debrief/{assignment}",
                            f"{self.prefix}debrief/{assignment}/projector"))


class ProjectorPage(CoachBase):
    @tornado.web.authenticated
    def get(self, assignment: str):
        from .pages import projector_page

        state = self.room(assignment, names=False)
        self.html(projector_page(state, f"{self.prefix}api/debrief/{assignment}/room",
                                 f"{self.prefix}api/debrief/{assignment}/futures"))


class DebriefData(CoachBase):
    """The live page's moments (names: the coach's own view), when the room changed since ``?since=`` (else 204)."""

    names = True

    def slides(self, state: dict) -> str:
        from .pages import moments_html

        return moments_html(state, names=True)

    @tornado.web.authenticated
    def get(self, assignment: str):
        from .pages import summary_html

        state = self.room(assignment, names=self.names)
        if self.since() == state["version"]:
            self.set_status(204)
            return self.finish()
        self.data({"version": state["version"], "html": self.slides(state), "summary": summary_html(state),
                   "room": state})


class RoomData(DebriefData):
    """The projector's slides: the same room with no name in it."""

    names = False

    def slides(self, state: dict) -> str:
        from .pages import projector_slides

        return projector_slides(state)


class RoomFutures(CoachBase):
    @tornado.web.authenticated
    def get(self, assignment: str):
        from .pages import futures_html

        try:
            futures = self.service.room_futures(assignment)
        except Refused as exc:
            raise tornado.web.HTTPError(exc.status, reason=str(exc)) from None
        self.data({"futures": futures, "html": futures_html(futures)})


def _coach(handler: type, hub: bool) -> type:
    """The coach's handler with the hub's OAuth or the local token in front of it."""
    if hub:
        from jupyterhub.services.auth import HubOAuthenticated

        return type(handler.__name__, (HubOAuthenticated, handler), {})
    return type(handler.__name__, (LocalCoach, handler), {})


def make_app(service: CaseService, identity: Identity, prefix: str = "/") -> tornado.web.Application:
    """The tornado application serving ``service`` under ``prefix``."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    args = {"service": service, "identity": identity}
    coach = {**args, "prefix": prefix}
    hub = isinstance(identity, HubIdentity)
    name = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,199})"
    routes = [
        (prefix + r"api/health", Health, args),
        (prefix + rf"api/plays/{name}", PlayHandler, args),
        (prefix + rf"api/plays/{name}/decisions", DecisionsHandler, args),
        (prefix + rf"api/plays/{name}/finish", FinishHandler, args),
        (prefix + rf"api/plays/{name}/futures", FuturesHandler, args),
        (prefix + r"debrief/?", _coach(DebriefIndex, hub), coach),
        (prefix + rf"debrief/{name}", _coach(DebriefPage, hub), coach),
        (prefix + rf"debrief/{name}/projector", _coach(ProjectorPage, hub), coach),
        (prefix + rf"api/debrief/{name}", _coach(DebriefData, hub), coach),
        (prefix + rf"api/debrief/{name}/room", _coach(RoomData, hub), coach),
        (prefix + rf"api/debrief/{name}/futures", _coach(RoomFutures, hub), coach),
    ]
    if hub:
        from jupyterhub.services.auth import HubOAuthCallbackHandler

        routes.append((prefix + "oauth_callback", HubOAuthCallbackHandler))
    return tornado.web.Application(routes, cookie_secret=os.urandom(32))


def main(argv: Optional[list[str]] = None) -> None:
    """Run the service (``casework serve``): on a hub from the hub's environment, else with a local token."""
    parser = argparse.ArgumentParser(prog="casework serve", description=__doc__.splitlines()[0])
    parser.add_argument("--course", required=True, help="the course folder (its keys/cases/ and cases.db)")
    parser.add_argument("--db-url", default=None, help="any SQLAlchemy URL (default: SQLite in the course folder)")
    parser.add_argument("--ip", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--local-token-file", default=None,
                        help="one person at one keyboard: the token the kernels present (made if missing)")
    parser.add_argument("--local-user", default=None, help="the name the local token stands for")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s casework-service %(levelname)s %(message)s")
    course = Path(args.course).resolve()
    if args.db_url:  # grading and the reports read the record where the service keeps it
        from .store import SETTINGS_FILE

        (course / SETTINGS_FILE).write_text(json.dumps({"db_url": args.db_url}) + "\n", encoding="utf-8")
    store = Store(store_url(course, args.db_url))
    if args.local_token_file:
        path = Path(args.local_token_file)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
        identity: Identity = LocalIdentity(path.read_text().strip(), args.local_user or "trainee")
        service = CaseService(course, store, variant=lambda name: f"local:{name}")
        prefix = "/"
    else:
        identity = HubIdentity()
        service = CaseService(course, store, variant=hub_variant)
        prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    port = args.port
    if port is None:
        from urllib.parse import urlparse

        port = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8012")).port or 8012
    app = make_app(service, identity, prefix)
    app.listen(port, address=args.ip, max_body_size=MAX_BODY, xheaders=False)
    log.info("serving %d assignments of %s on %s:%d%s (record: %s)", len(service.assignments()), course, args.ip,
             port, prefix, store.url)
    loop = tornado.ioloop.IOLoop.current()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: loop.add_callback_from_signal(loop.stop))
    loop.start()
    store.close()


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
