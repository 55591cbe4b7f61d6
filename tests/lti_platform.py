"""A loopback LTI 1.3 platform (an LMS stand-in) built on an independent implementation: ``lti1p3platform``.

The protocol is the library's: the platform's registration and key set, the OIDC login initiation
(``FastAPIOIDCLogin``), the message launch and its signed id_token (``FastapiMessageLaunch`` with the AGS and NRPS
claims of ``LTIAdvantageMessageLaunchAbstract``), the access-token endpoint (``get_access_token``: the tool's signed
client assertion checked against the tool's key set, the scopes granted), and the service endpoints with their
bearer-token and scope checks (``AssignmentsGradesService``, ``NamesRoleProvisioningService``). What a platform
keeps is the harness's: line items, scores and members in dicts, a FastAPI app served by uvicorn in a thread.

For the refusal tests the harness can also misbehave as an attacker would: sign the id_token with another key
under the platform's key id (``forge``), issue it already expired (``expire``), address it to another tool
(``audience``). ``fail_scores`` makes the score endpoint answer 500 for the LMS users named.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import typing as t
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import jwt
import uvicorn
from fastapi import FastAPI, Request as FastApiRequest
from fastapi.responses import JSONResponse, RedirectResponse, Response as FastApiResponse
from jwcrypto.jwk import JWK
from lti1p3platform.framework.fastapi.message_launch import FastapiMessageLaunch
from lti1p3platform.framework.fastapi.oidc_login import FastAPIOIDCLogin
from lti1p3platform.ags import LtiAgs
from lti1p3platform.exceptions import LineItemNotFoundException, LtiException, LtiServiceException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.membership import Context
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.nrps import LtiNrps
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pem_pair() -> tuple[str, str]:
    key = JWK.generate(kty="RSA", size=2048)
    return (key.export_to_pem(private_key=True, password=None).decode(), key.export_to_pem().decode())


class _Conf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, registration: Registration) -> None:
        self._registration = registration

    def get_registration_by_params(self, **kwargs: t.Any) -> Registration:
        return self._registration


class _ServiceRequest(Request):
    def build_metadata(self, request: dict) -> dict:
        return request


class Platform:
    """One LMS course (context) with people, resource links, line items and scores, served on loopback."""

    def __init__(self, client_id: str = "casework-hub", deployment_id: str = "deployment-1",
                 context_id: str = "course-101", context_title: str = "Child welfare practice 101"):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.issuer = self.base
        self.client_id, self.deployment_id = client_id, deployment_id
        self.context = Context(id=context_id, label="CW101", title=context_title)
        self.private_pem, self.public_pem = _pem_pair()
        self.registration = Registration().set_iss(self.issuer).set_client_id(client_id) \
            .set_deployment_id(deployment_id).set_platform_public_key(self.public_pem) \
            .set_platform_private_key(self.private_pem)
        self.redirect_uris: list[str] = []
        self.users: dict[str, dict] = {}  # LMS user id -> {name, given_name, family_name, email, roles, status}
        self.links: dict[str, dict] = {}  # resource link id -> {target, title, custom}
        self.lineitems: dict[str, dict] = {}  # line item id (its URL) -> line item
        self.scores: dict[str, dict[str, dict]] = {}  # line item id -> LMS user id -> the last score posted
        self.score_posts: list[dict] = []
        self.fail_scores: set[str] = set()
        self.forge = self.expire = False
        self.audience: t.Optional[str] = None
        self.app = self._app()
        self._server: t.Optional[uvicorn.Server] = None

    # --- what the LMS's admin sets ---------------------------------------------------------------------------------
    def register_tool(self, oidc_login_url: str, redirect_uri: str, target_link_uri: str,
                      key_set: t.Optional[dict] = None, key_set_url: t.Optional[str] = None) -> None:
        self.registration.set_oidc_login_url(oidc_login_url).set_launch_url(target_link_uri)
        self.redirect_uris = [redirect_uri]
        if key_set is not None:
            self.registration.set_tool_key_set(key_set)
        if key_set_url:
            self.registration.set_tool_key_set_url(key_set_url)

    def add_user(self, user_id: str, name: str, email: str, roles: list[str], status: str = "Active",
                 login: str = "") -> None:
        given, _, family = name.partition(" ")
        self.users[user_id] = {"user_id": user_id, "name": name, "given_name": given, "family_name": family,
                               "email": email, "roles": roles, "status": status, "login": login}

    def add_link(self, link_id: str, target: str, title: str, custom: t.Optional[dict] = None) -> None:
        self.links[link_id] = {"target": target, "title": title, "custom": custom or {}}

    # --- the endpoints a tool is told ----------------------------------------------------------------------------
    @property
    def authorize_url(self) -> str:
        return f"{self.base}/authorize"

    @property
    def jwks_url(self) -> str:
        return f"{self.base}/jwks"

    @property
    def token_url(self) -> str:
        return f"{self.base}/token"

    @property
    def lineitems_url(self) -> str:
        return f"{self.base}/contexts/{self.context.id}/lineitems"

    @property
    def memberships_url(self) -> str:
        return f"{self.base}/contexts/{self.context.id}/memberships"

    def service_claims(self) -> dict:
        """The AGS and NRPS claims of a launch from this course, as the library writes them."""
        claims = LtiAgs(self.lineitems_url, None, True, True, True).get_lti_ags_launch_claim()
        claims.update(LtiNrps(self.memberships_url).get_lti_nrps_launch_claim())
        claims["https://purl.imsglobal.org/spec/lti/claim/context"] = {
            "id": self.context.id, "label": self.context.label, "title": self.context.title}
        claims["https://purl.imsglobal.org/spec/lti/claim/deployment_id"] = self.deployment_id
        return claims

    def start_url(self, link_id: str, user_id: str) -> str:
        """Where the LMS sends a browser whose user clicked the link (the platform begins the launch there)."""
        return f"{self.base}/start/{link_id}?user={user_id}"

    def score_of(self, resource_id: str, user_id: str) -> t.Optional[dict]:
        for item_id, item in self.lineitems.items():
            if item.get("resourceId") == resource_id:
                return self.scores.get(item_id, {}).get(user_id)
        return None

    # --- serving ---------------------------------------------------------------------------------------------------
    def start(self, timeout: float = 20) -> "Platform":
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="lti-platform", daemon=True)
        self._thread.start()
        deadline = time.time() + timeout
        while not self._server.started:
            if time.time() > deadline or not self._thread.is_alive():
                raise RuntimeError("the LTI platform did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)

    def _conf(self) -> _Conf:
        return _Conf(registration=self.registration)

    def _app(self) -> FastAPI:
        app = FastAPI()
        platform = self

        class Login(FastAPIOIDCLogin):
            def set_lti_message_hint(self, **kwargs: t.Any) -> None:
                self._lti_message_hint = kwargs["link_id"]

        class Launch(FastapiMessageLaunch, LTIAdvantageMessageLaunchAbstract):
            def prepare_launch(self, preflight_response: dict) -> None:
                user = platform.users[preflight_response["login_hint"]]
                link_id = preflight_response["lti_message_hint"]
                link = platform.links[link_id]
                self.set_launch_url(link["target"])
                self.set_user_data(user["user_id"], user["roles"], user["name"], user["email"],
                                   user.get("login") or None)
                self.lti_claim_user_data.update({"given_name": user["given_name"], "family_name": user["family_name"]})
                self.set_resource_link_claim(link_id, title=link["title"])
                self.set_launch_context_claim(platform.context.id, context_title=platform.context.title,
                                              context_label=platform.context.label)
                if link["custom"]:
                    self.set_custom_parameters_claim(link["custom"])
                self.set_ags(platform.lineitems_url)
                self.set_nrps(platform.memberships_url)
                if platform.expire:
                    self.set_id_token_expiration(-120)

            def get_launch_message(self, include_extra_claims: bool = True) -> dict:
                message = super().get_launch_message(include_extra_claims)
                if platform.audience:
                    message["aud"] = message["azp"] = platform.audience
                return message

            def generate_launch_request(self) -> dict:
                if not platform.forge:
                    return super().generate_launch_request()
                message, state = self.get_launch_data()
                other, _ = _pem_pair()  # an attacker's key, under the platform's own key id
                token = Registration.encode_and_sign(message, other, headers={"kid": platform.registration.get_kid()},
                                                     expiration=self.id_token_expiration)
                return {"state": state, "id_token": token}

        @app.get("/jwks")
        def jwks():
            return platform._conf().get_jwks()

        @app.get("/start/{link_id}")
        def start(link_id: str, user: str):
            login = Login(None, platform._conf())
            login.set_lti_message_hint(link_id=link_id)
            login.set_launch_url(platform.links[link_id]["target"])
            return login.initiate_login(user)

        @app.get("/authorize")
        def authorize(request: FastApiRequest):
            query = request.query_params
            # what the library leaves to the platform: the redirect URI registered, a user the platform knows
            if query.get("redirect_uri") not in platform.redirect_uris:
                return JSONResponse({"error": "invalid_request", "why": "redirect_uri not registered"}, 400)
            if query.get("login_hint") not in platform.users or query.get("lti_message_hint") not in platform.links:
                return JSONResponse({"error": "login_required"}, 400)
            return Launch(request, platform._conf()).lti_launch()

        @app.post("/token")
        async def token(request: FastApiRequest):
            form = dict(parse_qsl((await request.body()).decode()))  # no python-multipart needed
            try:
                return JSONResponse(platform._conf().get_access_token(form))
            except Exception as exc:  # the library's refusals: a missing claim, a bad assertion, a wrong grant
                return JSONResponse({"error": "invalid_grant", "why": f"{type(exc).__name__}: {exc}"}, 400)

        async def service_request(request: FastApiRequest) -> _ServiceRequest:
            body = await request.body()
            return _ServiceRequest({"method": request.method, "form_data": {}, "get_data": dict(request.query_params),
                                    "headers": request.headers, "content_type": request.headers.get("content-type"),
                                    "path": request.url.path, "json": json.loads(body) if body else None})

        def answer(call) -> FastApiResponse:
            try:
                resp = call()
            except LtiServiceException as exc:
                return JSONResponse({"error": exc.message}, exc.status_code)
            except (LtiException, jwt.PyJWTError) as exc:  # a token the platform did not issue, or expired
                return JSONResponse({"error": f"invalid token: {exc}"}, 401)
            result = resp.result
            headers = {}
            if isinstance(result, dict) and "content" in result and "has_next" in result:  # a container page
                if result.get("next"):
                    headers["Link"] = f'<{result["next"]}>; rel="next"'
                result = result["content"]
            if result is None:
                return FastApiResponse(status_code=resp.code, media_type=resp.media_type)
            return FastApiResponse(json.dumps(result), status_code=resp.code, media_type=resp.media_type,
                                   headers=headers)

        def ags(request: _ServiceRequest, context_id: str) -> "_Grades":
            if context_id != platform.context.id:
                raise LtiServiceException("no such context", 404)
            return _Grades(platform, request, platform._conf(), platform.lineitems_url)

        @app.api_route("/contexts/{context_id}/lineitems", methods=["GET", "POST"])
        async def lineitems(context_id: str, request: FastApiRequest):
            req = await service_request(request)
            return answer(lambda: (ags(req, context_id).handle_get_lineitems() if request.method == "GET"
                                   else ags(req, context_id).handle_create_lineitem()))

        @app.get("/contexts/{context_id}/lineitems/{number}")
        async def lineitem(context_id: str, number: str, request: FastApiRequest):
            req = await service_request(request)
            return answer(lambda: ags(req, context_id).handle_get_lineitem(f"{platform.lineitems_url}/{number}"))

        @app.post("/contexts/{context_id}/lineitems/{number}/scores")
        async def scores(context_id: str, number: str, request: FastApiRequest):
            req = await service_request(request)
            if (req.json or {}).get("userId") in platform.fail_scores:
                return JSONResponse({"error": "the gradebook is unavailable"}, 500)
            return answer(lambda: ags(req, context_id).handle_update_score(f"{platform.lineitems_url}/{number}"))

        @app.get("/contexts/{context_id}/memberships")
        async def memberships(context_id: str, request: FastApiRequest):
            req = await service_request(request)
            if context_id != platform.context.id:
                return JSONResponse({"error": "no such context"}, 404)
            return answer(lambda: _Members(platform, req, platform._conf(), platform.memberships_url)
                          .handle_get_members())

        return app


class _Grades(AssignmentsGradesService):
    """The library's AGS endpoints (token and scope checks, media types) over the harness's dicts."""

    def __init__(self, platform: Platform, *args: t.Any) -> None:
        super().__init__(*args)
        self.platform = platform

    def find_lineitems(self, page=1, limit=None, line_item_id=None, resource_link_id=None, resource_id=None,
                       tag=None, **_kw):
        items = [i for i in self.platform.lineitems.values()
                 if (resource_id is None or i.get("resourceId") == resource_id) and (tag is None or i.get("tag") == tag)]
        return {"content": items, "has_next": False, "next": None}

    def find_lineitem(self, line_item_id):
        if line_item_id not in self.platform.lineitems:
            raise LineItemNotFoundException(line_item_id)
        return self.platform.lineitems[line_item_id]

    def create_lineitem(self, creation_data):
        item_id = f"{self.platform.lineitems_url}/{len(self.platform.lineitems) + 1}"
        item = {**creation_data, "id": item_id}
        self.platform.lineitems[item_id] = item
        return item

    def update_lineitem(self, update_data):
        self.find_lineitem(update_data["id"]).update(update_data)
        return self.platform.lineitems[update_data["id"]]

    def delete_lineitem(self, line_item_id):
        self.find_lineitem(line_item_id)
        del self.platform.lineitems[line_item_id]

    def update_score(self, line_item_id, score):
        self.find_lineitem(line_item_id)
        if score.get("userId") not in self.platform.users:
            return UpdateScoreStatus.NOTAPPLIED
        held = self.platform.scores.setdefault(line_item_id, {})
        before = held.get(score["userId"])
        if before and before.get("timestamp", "") > score.get("timestamp", ""):
            return UpdateScoreStatus.OLD_TIMESTAMP
        held[score["userId"]] = dict(score)
        self.platform.score_posts.append(dict(score, lineitem=line_item_id))
        return UpdateScoreStatus.SUCCESS if before else UpdateScoreStatus.CREATED

    def get_results(self, line_item_id, page=1, limit=None, user_id=None):
        self.find_lineitem(line_item_id)
        results = [{"userId": u, "resultScore": s.get("scoreGiven"), "resultMaximum": s.get("scoreMaximum"),
                    "scoreOf": line_item_id} for u, s in self.platform.scores.get(line_item_id, {}).items()]
        return {"content": results, "has_next": False, "next": None}


class _Members(NamesRoleProvisioningService):
    def __init__(self, platform: Platform, *args: t.Any) -> None:
        super().__init__(*args)
        self.platform = platform

    def get_context_by_id(self) -> Context:
        return self.platform.context

    def get_member_data_page(self, page=1, limit=None, role=None, since=None, **_kw):
        members = [{k: v for k, v in u.items() if k != "login"} for u in self.platform.users.values()]
        return {"content": members, "has_next": False, "next": None}


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields = None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        elif tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value", "")


def auto_post_form(page: str) -> tuple[str, dict]:
    """The action and fields of the form a platform's launch page posts by itself (what a browser's script does)."""
    form = _Form()
    form.feed(page)
    assert form.action and "id_token" in form.fields, page[:500]
    return form.action, form.fields
