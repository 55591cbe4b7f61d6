"""The hub's LTI 1.3 login: jupyterhub-ltiauthenticator's LTI13Authenticator, with what a class needs around it.

ltiauthenticator does the OpenID Connect launch (login initiation, the redirect to the LMS's authorization
endpoint, the id_token's signature against the LMS's key set, its issuer, audience, expiry and age, the state and
the nonce against the browser's cookies). Around it, at each launch:

- the id_token's **deployment** must be one the hub was registered with (``--lti-deployment-id``): a key the agency
  installed in another course or sub-account does not open this class;
- its **nonce** is recorded on the hub (``<hub state>/lti/nonces.json``): ltiauthenticator compares it with a
  cookie only, so a launch captured with its cookies could be posted again; a nonce seen before is refused;
- the LMS person gets a **hub account** (a local account made as ``casework roster add`` makes it: a stable name
  kept in the hub's record, deploy/lti.py), registered with nbgrader when a trainee, and the **role** the launch
  carries: Instructor, TeachingAssistant or ContentDeveloper is a coach (the formgrader's group), anyone else a
  trainee; the group is set at every login, so a role changed in the LMS changes on the hub at the next launch;
- the course's **service endpoints** (Names and Role Provisioning, Assignment and Grade Services) are kept for the
  coach's commands (``casework lti roster``, ``casework lti grades``);
- a **link per assignment** lands the trainee in it: the target link ``/hub/lti13/assignment/<id>`` (or a custom
  parameter ``assignment=<id>``) fetches the assignment from nbgrader's exchange as the trainee, if not fetched
  yet, and opens its notebook.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
from pathlib import Path

from jupyterhub.handlers import BaseHandler
from jupyterhub.utils import url_path_join
from ltiauthenticator.lti13.auth import LTI13Authenticator
from ltiauthenticator.lti13.error import InvalidAudienceError, ValidationError
from ltiauthenticator.lti13.handlers import LTI13CallbackHandler, LTI13LoginInitHandler
from tornado import web
from traitlets import Unicode

from . import accounts
from .lti import (CUSTOM_CLAIM, DEPLOYMENT_CLAIM, ROLES_CLAIM, LtiState, public_jwk, role_of,
                  tool_private_key)

ASSIGNMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
USERNAME_KEY = "casework:username"
ROLE_KEY = "casework:role"


def _settings(authenticator):
    from .hub import HubSettings

    return HubSettings.load(Path(authenticator.settings_file).parent.parent)


class CaseworkLTI13LoginInitHandler(LTI13LoginInitHandler):
    """ltiauthenticator's login initiation; on https its state and nonce cookies are SameSite=None; Secure, since the
    LMS posts the id_token from its own site (a browser keeps a Lax cookie, the default, from a cross-site POST)."""

    def _set_oauth_cookie(self, key: str, value) -> None:
        cross_site = {"samesite": "None", "secure": True} \
            if self.authenticator.get_uri_scheme(self.request) == "https" else {}
        self._set_cookie(key, value, expires_days=1, httponly=True, encrypted=True, **cross_site)


class CaseworkLTI13CallbackHandler(LTI13CallbackHandler):
    """ltiauthenticator's launch (the id_token checked), then the class's own checks and the person's account."""

    async def post(self):
        try:
            id_token = self.decode_and_validate_launch_request()
        except InvalidAudienceError as exc:
            raise web.HTTPError(401, str(exc))
        except ValidationError as exc:
            raise web.HTTPError(400, str(exc))
        s = _settings(self.authenticator)
        deployment = id_token.get(DEPLOYMENT_CLAIM)
        if s.lti_deployment_ids and deployment not in s.lti_deployment_ids:
            self.log.warning("LTI launch refused: deployment %r is not this hub's", deployment)
            raise web.HTTPError(403, "This LMS deployment is not registered with this hub.")
        state = LtiState.of(s)
        if not state.use_nonce(str(id_token.get("nonce", "")), id_token.get("exp", 0)):
            self.log.warning("LTI launch refused: the id_token's nonce was used before (a replay)")
            raise web.HTTPError(400, "This launch was already used: start again from the LMS.")
        iss, sub = id_token["iss"], str(id_token.get("sub") or "")
        if not sub:
            raise web.HTTPError(400, "The launch names no user (an anonymous launch cannot open a hub account).")
        role = role_of(id_token.get(ROLES_CLAIM, []))
        context = state.record_context(iss, id_token) or ""
        custom = id_token.get(CUSTOM_CLAIM) or {}
        record = state.account_for(iss, sub, email=id_token.get("email", ""),
                                   login=id_token.get("preferred_username", "") or custom.get("username", ""),
                                   name=id_token.get("name", ""), given_name=id_token.get("given_name", ""),
                                   family_name=id_token.get("family_name", ""), role=role, context=context)
        from .lti_roster import provision

        await asyncio.to_thread(provision, s, [record], lambda m: self.log.info("LTI: %s", m))
        id_token[USERNAME_KEY], id_token[ROLE_KEY] = record["username"], role
        user = await self.login_user(id_token)
        if user is None:
            raise web.HTTPError(403, "User missing or null")
        self._apply_role(user, s.formgrade_group, role)
        self._custom_assignment = custom.get("assignment")
        await self.redirect_to_next_url(user)

    def _apply_role(self, user, group_name: str, role: str) -> None:
        """The coaches' group (the formgrader's role) as the LMS says, through the hub's own database."""
        from jupyterhub import orm

        group = orm.Group.find(self.db, group_name)
        if group is None:
            group = orm.Group(name=group_name)
            self.db.add(group)
        groups = user.orm_user.groups
        if role == "coach" and group not in groups:
            groups.append(group)
        elif role != "coach" and group in groups:
            groups.remove(group)
        self.db.commit()

    def get_next_url(self, user=None):
        wanted = getattr(self, "_custom_assignment", None)
        if wanted and ASSIGNMENT.match(str(wanted)):
            return url_path_join(self.hub.base_url, "lti13", "assignment", str(wanted))
        return super().get_next_url(user)


class ToolKeySetHandler(BaseHandler):
    """The tool's public key set (the LMS's "public JWK URL" / "keyset URL")."""

    def check_xsrf_cookie(self):
        return

    async def get(self):
        s = _settings(self.authenticator)
        self.set_header("Content-Type", "application/json")
        self.write(json.dumps({"keys": [public_jwk(tool_private_key(s))]}))


class AssignmentLandingHandler(BaseHandler):
    """``/hub/lti13/assignment/<id>``: a trainee lands in the assignment's notebook (fetched for them from nbgrader's
    exchange if not yet fetched); a coach lands on the formgrader's page of its submissions."""

    @web.authenticated
    async def get(self, assignment: str):
        if not ASSIGNMENT.match(assignment):
            raise web.HTTPError(404, "no such assignment")
        s = _settings(self.authenticator)
        user = self.current_user
        if s.formgrade_group in {g.name for g in user.groups}:
            return self.redirect(url_path_join(self.base_url, "services", s.course_id, "formgrader",
                                               "manage_submissions", assignment))
        name = user.name
        home = Path("/home") / name
        folder = home / assignment
        released = s.exchange / s.course_id / "outbound" / assignment
        if not folder.exists() and released.is_dir() and accounts.exists(name):
            done = await asyncio.to_thread(
                accounts.run_as, name, [str(s.trainee_env / "bin" / "nbgrader"), "fetch_assignment", assignment,
                                        f"--course={s.course_id}"],
                None, {"PATH": f"{s.trainee_env / 'bin'}:/usr/bin:/bin"}, False)
            if done.returncode != 0:
                self.log.warning("LTI landing: fetching %s for %s failed: %s", assignment, name,
                                 (done.stdout + done.stderr)[-500:])
        notebooks = sorted(p.name for p in folder.glob("*.ipynb")) if folder.is_dir() else []
        if notebooks:
            return self.redirect(url_path_join(self.hub.base_url, "user-redirect", "lab", "tree", assignment,
                                               notebooks[0]))
        lab = url_path_join(self.hub.base_url, "user-redirect", "lab")
        self.set_status(200)
        self.finish(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Not handed out yet</title></head><body>"
            f"<p><b>{html.escape(assignment)}</b> has not been handed out yet: your coach releases it. "
            f"It will be on your <a href='{html.escape(lab)}'>Assignments list</a> once it is.</p></body></html>")


class CaseworkLTI13Authenticator(LTI13Authenticator):
    """LTI 1.3 login for a casework class (see the module's docstring)."""

    login_handler = CaseworkLTI13LoginInitHandler
    callback_handler = CaseworkLTI13CallbackHandler

    settings_file = Unicode(config=True, help="The hub's settings.json (written by casework hub).")

    def get_handlers(self, app):
        return super().get_handlers(app) + [
            (r"/lti13/jwks", ToolKeySetHandler),
            (r"/lti13/assignment/([^/]+)", AssignmentLandingHandler),
        ]

    async def authenticate(self, handler, data=None):
        """The account the launch was given (CaseworkLTI13CallbackHandler), never a name taken from the token."""
        data = data or {}
        name = data.get(USERNAME_KEY)
        if not name:
            return None
        claims = {k: v for k, v in data.items() if not k.startswith("casework:")}
        return {"name": name, "auth_state": claims}
