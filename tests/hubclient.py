"""A small client for a running JupyterHub: its REST API, users' servers, and code run in a user's kernel.

Used by the hub tests and the class benchmark; talks to the hub on loopback only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import urllib.error
import urllib.request
import uuid
from typing import Optional


class Hub:
    """A hub at ``base`` (http://127.0.0.1:PORT) driven with an admin service token."""

    def __init__(self, base: str, admin_token: str):
        self.base = base.rstrip("/")
        self.admin = admin_token

    def api(self, method: str, path: str, body: Optional[dict] = None, token: Optional[str] = None,
            timeout: float = 30) -> tuple[int, object]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base}{path}", data=data, method=method, headers={
            "Authorization": f"token {token or self.admin}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read().decode() or "null"
                return response.status, json.loads(text) if text.strip().startswith(("{", "[", "n")) else text
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def token_for(self, user: str) -> str:
        status, reply = self.api("POST", f"/hub/api/users/{user}/tokens", {"note": "casework test", "expires_in": 3600})
        assert status in (200, 201), reply
        return reply["token"]

    def start(self, user: str, timeout: float = 180) -> None:
        """Start a user's server and wait until it is ready."""
        status, reply = self.api("POST", f"/hub/api/users/{user}/server")
        assert status in (201, 202, 400), reply  # 400: already running
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, info = self.api("GET", f"/hub/api/users/{user}")
            server = (info or {}).get("servers", {}).get("", {}) if isinstance(info, dict) else {}
            if server.get("ready"):
                return
            time.sleep(0.5)
        raise TimeoutError(f"{user}'s server did not start within {timeout:g} s")

    def stop(self, user: str, timeout: float = 60) -> None:
        self.api("DELETE", f"/hub/api/users/{user}/server")
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, info = self.api("GET", f"/hub/api/users/{user}")
            if isinstance(info, dict) and not info.get("servers"):
                return
            time.sleep(0.5)

    def run(self, user: str, token: str, code: str, timeout: float = 120) -> tuple[str, Optional[str]]:
        """Run ``code`` in a new kernel of the user's server: (what it printed, the error name and value or None)."""
        return asyncio.run(self._run(user, token, code, timeout))

    async def _run(self, user: str, token: str, code: str, timeout: float) -> tuple[str, Optional[str]]:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        status, kernel = self.api("POST", f"/user/{user}/api/kernels", {"name": "python3"}, token=token)
        assert status in (200, 201), kernel
        url = self.base.replace("http", "ws", 1) + f"/user/{user}/api/kernels/{kernel['id']}/channels"
        conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {token}"}))
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                       "version": "5.3", "date": dt.datetime.now(dt.timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        out, error, done = [], None, False
        deadline = time.time() + timeout
        try:
            while not done and time.time() < deadline:
                raw = await asyncio.wait_for(conn.read_message(), timeout=max(1.0, deadline - time.time()))
                if raw is None:
                    break
                msg = json.loads(raw)
                if msg.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = msg["header"]["msg_type"]
                if kind == "stream":
                    out.append(msg["content"]["text"])
                elif kind == "error":
                    error = f"{msg['content']['ename']}: {msg['content']['evalue']}"
                elif kind == "status" and msg["content"]["execution_state"] == "idle":
                    done = True
        finally:
            conn.close()
            self.api("DELETE", f"/user/{user}/api/kernels/{kernel['id']}", token=token)
        if not done:
            raise TimeoutError(f"code in {user}'s kernel did not finish within {timeout:g} s")
        return "".join(out), error
