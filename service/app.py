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


def make_app(service: CaseService, identity: Identity, prefix: str = "/") -> tornado.web.Application:
    """The tornado application serving ``service`` under ``prefix``."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    args = {"service": service, "identity": identity}
    name = r"([A-Za-z0-9][A-Za-z0-9_.-]{0,199})"
    return tornado.web.Application([
        (prefix + r"api/health", Health, args),
        (prefix + rf"api/plays/{name}", PlayHandler, args),
        (prefix + rf"api/plays/{name}/decisions", DecisionsHandler, args),
        (prefix + rf"api/plays/{name}/finish", FinishHandler, args),
        (prefix + rf"api/plays/{name}/futures", FuturesHandler, args),
    ])


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
