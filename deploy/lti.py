"""LTI 1.3 on the hub: the tool's key pair, the hub's record of LMS people and courses, and the platform's services.

The hub is the LTI *tool*; the agency's LMS (Canvas, Moodle, ...) is the *platform*. Everything the hub keeps about
the LMS lives in ``<hub state>/lti/`` (mode 0700, root only; the files 0600):

- ``tool-key.pem``: the tool's private key (RS256), made once at hub setup; the LMS checks the tool's signed
  requests for service tokens with its public half (``casework lti key`` prints it, ``/hub/lti13/jwks`` serves it);
- ``people.json``: who each LMS person is on the hub: the platform's ``iss`` and ``sub`` to a hub account name,
  their role, name and email, and the LMS courses (contexts) they were seen in;
- ``contexts.json``: each LMS course's service endpoints, as the last launch from it gave them: Names and Role
  Provisioning (the roster) and Assignment and Grade Services (the line items);
- ``nonces.json``: the nonces of the id_tokens already used, until they expire (a replayed id_token is refused).

The services are called with pylti1p3's ServiceConnector, from a registration built from the hub's settings.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional

from . import accounts

if TYPE_CHECKING:
    from .hub import HubSettings

ROLES_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/roles"
CONTEXT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/context"
CUSTOM_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/custom"
DEPLOYMENT_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/deployment_id"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"

# LIS roles that make a coach (the formgrader's group); any other role (Learner, Mentor, ...) is a trainee.
# A context role is either the full URI (…/membership#Instructor) or, as LTI 1.3 allows, the short name.
COACH_ROLES = ("Instructor", "TeachingAssistant", "ContentDeveloper")

SERVICE_TIMEOUT = 20  # seconds for one call to the LMS's services


class LtiError(RuntimeError):
    """The LMS connection cannot be used as set up (the message says what to set)."""


def role_of(roles: list[str]) -> str:
    """``coach`` for an LMS Instructor, TeachingAssistant or ContentDeveloper of the course, else ``trainee``.

    Only context roles count (``…/lis/v2/membership#Instructor``, its sub-roles ``…/membership/Instructor#…``,
    or the bare short name); an institution role (``…/lis/v2/institution/person#Instructor``: a teacher somewhere
    in the agency) does not make someone a coach of this course."""
    for role in roles or []:
        role = str(role)
        if "/institution/" in role or "/system/" in role:
            continue
        if "#" in role:
            base, _, short = role.partition("#")
            if base.endswith("/membership") and short in COACH_ROLES:
                return "coach"
            if any(base.endswith(f"/membership/{name}") for name in COACH_ROLES):
                return "coach"
        elif role in COACH_ROLES:
            return "coach"
    return "trainee"


def lti_dir(s: "HubSettings") -> Path:
    return s.hub_dir / "lti"


def _private_dir(path: Path) -> Path:
    """The folder, made root-only (0700); the hub's state folder above it is 0700 too (HubSettings.save)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


# --- the tool's key pair ------------------------------------------------------------------------------------------

def ensure_tool_key(s: "HubSettings") -> Path:
    """The tool's RSA private key (PEM, 0600), made once; the same key on every later start."""
    from jwcrypto.jwk import JWK

    folder = _private_dir(lti_dir(s))
    path = folder / "tool-key.pem"
    if not path.exists():
        key = JWK.generate(kty="RSA", size=2048)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(key.export_to_pem(private_key=True, password=None))
    os.chmod(path, 0o600)
    return path


def tool_private_key(s: "HubSettings") -> str:
    path = lti_dir(s) / "tool-key.pem"
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        raise LtiError(f"the tool has no key yet ({path}): run 'casework hub start --authenticator lti13 ...' "
                       "(or --prepare-only) first") from None


def public_jwk(private_pem: str) -> dict:
    """The public half as a JWK (kid = its RFC 7638 thumbprint, alg RS256, use sig), as pylti1p3 names it."""
    from jwcrypto.jwk import JWK

    key = JWK.from_pem(private_pem.encode("ascii"))
    jwk = json.loads(key.export_public())
    jwk.update({"kid": key.thumbprint(), "alg": "RS256", "use": "sig"})
    return jwk


def public_pem(private_pem: str) -> str:
    from jwcrypto.jwk import JWK

    return JWK.from_pem(private_pem.encode("ascii")).export_to_pem().decode("ascii")


# --- the hub's record: people, courses, used nonces ---------------------------------------------------------------

class LtiState:
    """The hub's LTI record (``<hub state>/lti/*.json``), each change made under a lock (the hub and the casework
    commands may write at once)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def of(cls, s: "HubSettings") -> "LtiState":
        return cls(lti_dir(s))

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def read(self, name: str) -> dict:
        try:
            return json.loads(self._path(name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    @contextlib.contextmanager
    def change(self, name: str) -> Iterator[dict]:
        """Read, let the caller change, and write back (atomically, 0600) one record, under its lock."""
        _private_dir(self.folder)
        with open(self.folder / f".{name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            data = self.read(name)
            yield data
            tmp = self._path(name).with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1, sort_keys=True)
            os.replace(tmp, self._path(name))

    # people -------------------------------------------------------------------------------------------------------
    def person(self, iss: str, sub: str) -> Optional[dict]:
        return self.read("people").get(_person_key(iss, sub))

    def people(self) -> dict[str, dict]:
        return self.read("people")

    def account_for(self, iss: str, sub: str, *, email: str = "", login: str = "", name: str = "",
                    given_name: str = "", family_name: str = "", role: str = "trainee",
                    context: str = "") -> dict:
        """The LMS person's hub record, made at their first launch (or roster): a stable account name that
        ``accounts.check_username`` accepts, never an account the hub did not make for this person."""
        if not iss or not sub:
            raise LtiError("an LMS person needs the platform's iss and sub")
        key = _person_key(iss, sub)
        with self.change("people") as people:
            record = people.get(key)
            if record is None:
                taken = {r["username"] for r in people.values()}
                record = {"username": _new_username(iss, sub, login, email, name, taken), "iss": iss, "sub": sub,
                          "contexts": []}
                people[key] = record
            record.update({k: v for k, v in {"email": email, "name": name, "given_name": given_name,
                                             "family_name": family_name}.items() if v})
            record["role"] = role
            if context and context not in record["contexts"]:
                record["contexts"].append(context)
            return dict(record)

    def lms_ids(self, iss: str, context: Optional[str] = None) -> dict[str, str]:
        """Hub account name -> the LMS's user id (``sub``) of the people of platform ``iss`` (in ``context``)."""
        return {r["username"]: r["sub"] for r in self.people().values()
                if r.get("iss") == iss and (context is None or context in r.get("contexts", []))}

    # courses ------------------------------------------------------------------------------------------------------
    def record_context(self, iss: str, claims: dict) -> Optional[str]:
        """Keep the course's (context's) service endpoints from a launch; the context id, or None without one."""
        context = claims.get(CONTEXT_CLAIM) or {}
        if not context.get("id"):
            return None
        key = _person_key(iss, context["id"])
        with self.change("contexts") as contexts:
            entry = contexts.setdefault(key, {"iss": iss, "id": context["id"]})
            entry.update({"title": context.get("title", ""), "label": context.get("label", ""),
                          "deployment_id": claims.get(DEPLOYMENT_CLAIM, ""), "seen": int(time.time())})
            if claims.get(NRPS_CLAIM, {}).get("context_memberships_url"):
                entry["nrps"] = claims[NRPS_CLAIM]
            ags = claims.get(AGS_CLAIM) or {}
            if ags.get("lineitems"):  # a link's single line item is no use for a course's assignments
                entry["ags"] = {"lineitems": ags["lineitems"], "scope": list(ags.get("scope", []))}
        return context["id"]

    def contexts(self, iss: Optional[str] = None) -> list[dict]:
        return [c for c in self.read("contexts").values() if iss is None or c.get("iss") == iss]

    # nonces -------------------------------------------------------------------------------------------------------
    def use_nonce(self, nonce: str, expires: float) -> bool:
        """Record an id_token's nonce as used: False when it was used before (a replay). Expired ones are dropped
        (an expired id_token is refused on its own)."""
        if not nonce:
            return False
        now = time.time()
        with self.change("nonces") as nonces:
            for old in [n for n, exp in nonces.items() if exp < now - 60]:
                del nonces[old]
            if nonce in nonces:
                return False
            nonces[nonce] = float(expires or now + 3600)
            return True


def _person_key(iss: str, sub: str) -> str:
    return f"{iss}|{sub}"


RESERVED = re.compile(r"^(grader-|casework|root$|admin$|jupyterhub|nobody$|daemon$)")


def _base_name(login: str, email: str, name: str) -> str:
    for source in (login, email.split("@", 1)[0] if email else "", name):
        text = re.sub(r"[^a-z0-9_-]+", "-", (source or "").strip().lower()).strip("-_")
        text = re.sub(r"^[^a-z]+", "", text)[:20].rstrip("-_")
        if text:
            return text
    return "lti"


def _new_username(iss: str, sub: str, login: str, email: str, name: str, taken: set[str]) -> str:
    """The person's login or email's local part, made safe (``ana.ruiz@x`` -> ``ana-ruiz``); where that is taken by
    another LMS person, an account the hub did not make (``root``, a CSV roster's ``ana-ruiz``), or a reserved name,
    it gets a short hash of ``iss`` and ``sub`` (``ana-ruiz-1f3c9a2b``): stable, and never someone else's account."""
    base = _base_name(login, email, name)
    digest = hashlib.sha256(f"{iss}|{sub}".encode()).hexdigest()
    for candidate in (base, f"{base}-{digest[:8]}", f"lti-{digest[:16]}"):
        if candidate in taken or RESERVED.match(candidate) or accounts.exists(candidate):
            continue
        return accounts.check_username(candidate)
    raise LtiError(f"no free account name for the LMS person {sub!r} of {iss}")


# --- the platform's services (pylti1p3) ---------------------------------------------------------------------------

class _TimedSession:
    """A requests session whose every call has a timeout (pylti1p3 sets none: a silent LMS would hang the command)."""

    def __new__(cls, timeout: float = SERVICE_TIMEOUT):
        import requests

        class Session(requests.Session):
            def request(self, *args, **kwargs):
                kwargs.setdefault("timeout", timeout)
                return super().request(*args, **kwargs)

        session = Session()
        session.headers["User-Agent"] = "casework-lti (pylti1p3)"
        return session


def tool_config(s: "HubSettings"):
    """pylti1p3's registration of the hub with the LMS, built from a dict (the hub's settings and key)."""
    from pylti1p3.tool_config import ToolConfDict

    missing = [flag for flag, value in (("--lti-issuer", s.lti_issuer), ("--lti-client-id", s.lti_client_id),
                                        ("--lti-token-url", s.lti_token_url)) if not value]
    if missing:
        raise LtiError(f"the hub's LTI settings lack {', '.join(missing)}: set them with casework hub start "
                       "--authenticator lti13 ...")
    conf = ToolConfDict({s.lti_issuer: [{
        "default": True, "client_id": s.lti_client_id, "auth_login_url": s.lti_login_url,
        "auth_token_url": s.lti_token_url, "auth_audience": s.lti_token_audience or None,
        "key_set_url": s.lti_jwks_url or None, "key_set": None, "deployment_ids": list(s.lti_deployment_ids)}]})
    private = tool_private_key(s)
    conf.set_private_key(s.lti_issuer, private, client_id=s.lti_client_id)
    conf.set_public_key(s.lti_issuer, public_pem(private), client_id=s.lti_client_id)
    return conf


def service_connector(s: "HubSettings", timeout: float = SERVICE_TIMEOUT):
    """A pylti1p3 ServiceConnector for the LMS's service calls (tokens by signed client assertion)."""
    from pylti1p3.service_connector import ServiceConnector

    registration = tool_config(s).find_registration_by_params(s.lti_issuer, s.lti_client_id)
    return ServiceConnector(registration, requests_session=_TimedSession(timeout))


def lms_courses(s: "HubSettings"):
    """The LMS courses the hub has seen a launch from, with their AGS line items and their people's LMS ids."""
    from grading.exports.lti import LmsCourse

    state = LtiState.of(s)
    people = state.people()
    out = []
    for c in state.contexts(s.lti_issuer):
        if not c.get("ags", {}).get("lineitems"):
            continue
        ids = {r["username"]: r["sub"] for r in people.values()
               if r.get("iss") == c["iss"] and c["id"] in r.get("contexts", []) and r.get("role") != "coach"}
        out.append(LmsCourse(key=_person_key(c["iss"], c["id"]), title=c.get("title") or c["id"],
                             lineitems=c["ags"]["lineitems"], scope=c["ags"].get("scope", []), lms_ids=ids))
    return out


def grades_ledger(s: "HubSettings") -> Path:
    return lti_dir(s) / "grades-sent.json"


def tool_urls(address: str) -> dict[str, str]:
    """What the LMS asks for when the tool is registered, from the hub's public address (https://hub.agency.org)."""
    hub = address.rstrip("/") + "/hub"
    return {"login": f"{hub}/lti13/oauth_login", "redirect": f"{hub}/lti13/oauth_callback", "target": hub,
            "assignment": f"{hub}/lti13/assignment/ASSIGNMENT", "jwks": f"{hub}/lti13/jwks"}
