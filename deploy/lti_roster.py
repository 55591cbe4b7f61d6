"""The class roster from the LMS: Names and Role Provisioning Services (NRPS) fills the hub's accounts, the
coaches' group and the nbgrader gradebook's students, through the same ``add_roster`` as a CSV roster.

Each LMS course (context) the hub has seen a launch from keeps its NRPS address (deploy/lti.py); ``casework lti
roster`` asks each for its members with pylti1p3's NamesRolesProvisioningService. A member's hub account is the
one their launch gets (same record, same name); Instructors, TeachingAssistants and ContentDevelopers are coaches,
everyone else a trainee; members the LMS marks Inactive or Deleted are left out (their account, work and grades stay).
"""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING, Callable

from . import accounts
from .lti import LtiError, LtiState, role_of, service_connector
from .roster import Person, add_roster

if TYPE_CHECKING:
    from .hub import HubSettings


def _person(record: dict) -> Person:
    given, family = record.get("given_name", ""), record.get("family_name", "")
    if not (given or family) and record.get("name"):
        given, _, family = record["name"].partition(" ")
    return Person(username=record["username"], first_name=given, last_name=family, email=record.get("email", ""),
                  role=record.get("role", "trainee"))


def provision(s: "HubSettings", records: list[dict], say: Callable[[str], None] = print) -> list[Person]:
    """Accounts, nbgrader students and hub users for LMS people (their hub records), their role as the LMS says:
    a coach no longer one loses the coaches' group (and the formgrader at her next login)."""
    people = [_person(r) for r in records]
    for p in people:
        if p.role != "coach" and accounts.exists(p.username):
            subprocess.run(["gpasswd", "-d", p.username, s.coaches_group], capture_output=True)
    if people:
        add_roster(s, people, say=say)
        names = {p.username: p.role for p in people}
        s.people["coaches"] = sorted(n for n in s.people.get("coaches", []) if names.get(n, "coach") == "coach")
        s.people["trainees"] = sorted(n for n in s.people.get("trainees", []) if names.get(n, "trainee") == "trainee")
        s.save()
    return people


def lms_members(s: "HubSettings", connector=None) -> tuple[list[dict], list[str]]:
    """The active members of every LMS course the hub knows (NRPS), as hub records; and what could not be read."""
    from pylti1p3.names_roles import NamesRolesProvisioningService

    state = LtiState.of(s)
    contexts = [c for c in state.contexts(s.lti_issuer) if c.get("nrps")]
    if not contexts:
        raise LtiError("no LMS course has launched the hub with Names and Role Provisioning yet: open the tool "
                       "once from the course (as its instructor), with the LMS's NRPS service enabled for it")
    connector = connector or service_connector(s)
    records, problems = [], []
    for context in contexts:
        service = NamesRolesProvisioningService(connector, context["nrps"])
        try:
            members = service.get_members()
        except Exception as exc:  # pylti1p3 raises its own LtiServiceException, requests its own errors
            problems.append(f"{context.get('title') or context['id']}: the LMS's roster could not be read ({service_error(exc)})")
            continue
        for m in members:
            if m.get("status", "Active") != "Active" or not m.get("user_id"):
                continue
            records.append(state.account_for(
                s.lti_issuer, str(m["user_id"]), email=m.get("email", ""),
                login=m.get("ext_user_username", "") or m.get("lis_person_sourcedid", ""),
                name=m.get("name", ""), given_name=m.get("given_name", ""), family_name=m.get("family_name", ""),
                role=role_of(m.get("roles", [])), context=context["id"]))
    return records, problems


def add_lms_roster(s: "HubSettings", say: Callable[[str], None] = print, connector=None) -> tuple[list[Person], list[str]]:
    """``casework lti roster``: every active LMS member gets their hub account and role (the CSV roster's path)."""
    records, problems = lms_members(s, connector)
    return provision(s, records, say), problems


def service_error(exc: Exception) -> str:
    """One line for a failed service call: the LMS's HTTP status and the start of its answer, or the network error."""
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "status_code"):
        return f"HTTP {response.status_code}: {str(getattr(response, 'text', ''))[:200]}"
    return f"{type(exc).__name__}: {exc}"[:300]
