"""LTI 1.3 against an independent platform implementation (lti1p3platform, tests/lti_platform.py) on loopback.

Without a hub: the roster from Names and Role Provisioning and the grades back through Assignment and Grade Services,
on a copy of the graded demo cohort (pylti1p3's service calls, the platform library's token and service checks).
With a hub (root, the hub's prerequisites): the launch from the LMS end to end, and the refusals.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

pytest.importorskip("lti1p3platform")
pytest.importorskip("pylti1p3")

from lti_platform import INSTRUCTOR, LEARNER, Platform  # noqa: E402

ASSIGNMENT = "first-contact"
MEMBER = "http://purl.imsglobal.org/vocab/lis/v2/membership#"

try:  # the coach's hand grade, as the formgrader records it (tests' helper; grading.manual before)
    from manual_grades import record_manual_grade
except ImportError:  # pragma: no cover
    from grading.manual import record_manual_grade


def _settings(root: Path, platform: Platform, **kw):
    from deploy.hub import HubSettings
    from deploy.lti import ensure_tool_key, public_jwk, tool_private_key

    s = HubSettings(root=root, course_id="cw-lti", lti_issuer=platform.issuer, lti_client_id=platform.client_id,
                    lti_deployment_ids=[platform.deployment_id], lti_login_url=platform.authorize_url,
                    lti_jwks_url=platform.jwks_url, lti_token_url=platform.token_url, **kw)
    ensure_tool_key(s)
    return s, {"keys": [public_jwk(tool_private_key(s))]}


@pytest.fixture(scope="module")
def platform():
    p = Platform().start()
    for user_id, name, roles in [("lms-1", "Avery Quinn", [LEARNER]), ("lms-2", "Blake Moss", [LEARNER]),
                                 ("lms-3", "Casey Lund", [LEARNER]), ("lms-4", "Devon Hart", [LEARNER]),
                                 ("lms-9", "Pat Coach", [INSTRUCTOR]),
                                 ("lms-8", "Robin TA", [f"{MEMBER}TeachingAssistant"])]:
        p.add_user(user_id, name, f"{name.split()[0].lower()}@agency.example", roles)
    p.add_user("lms-7", "Gone Away", "gone@agency.example", [LEARNER], status="Inactive")
    yield p
    p.stop()


@pytest.fixture()
def tool(platform, tmp_path):
    """The hub's side without a hub: its settings and key, registered with the platform, a course launched once."""
    from deploy.lti import LtiState

    s, key_set = _settings(tmp_path / "srv", platform)
    platform.register_tool("http://127.0.0.1:1/hub/lti13/oauth_login", "http://127.0.0.1:1/hub/lti13/oauth_callback",
                           "http://127.0.0.1:1/hub/lti13/assignment/first-contact", key_set=key_set)
    LtiState.of(s).record_context(platform.issuer, platform.service_claims())
    platform.lineitems.clear(), platform.scores.clear(), platform.score_posts.clear(), platform.fail_scores.clear()
    return s


def test_the_roster_comes_from_names_and_role_provisioning(platform, tool):
    from deploy.lti import LtiState
    from deploy.lti_roster import lms_members

    records, problems = lms_members(tool)
    assert problems == []
    by_sub = {r["sub"]: r for r in records}
    assert "lms-7" not in by_sub, "an Inactive member is left out"
    assert {by_sub[u]["username"]: by_sub[u]["role"] for u in by_sub} == {
        "avery": "trainee", "blake": "trainee", "casey": "trainee", "devon": "trainee", "pat": "coach", "robin": "coach"}
    assert by_sub["lms-1"]["given_name"] == "Avery" and by_sub["lms-1"]["email"] == "avery@agency.example"
    again, _ = lms_members(tool)  # the same people keep their accounts
    assert {r["sub"]: r["username"] for r in again} == {r["sub"]: r["username"] for r in records}
    assert LtiState.of(tool).lms_ids(platform.issuer)["avery"] == "lms-1"


def test_an_account_name_is_safe_stable_and_never_someone_elses(tmp_path):
    from deploy import accounts
    from deploy.lti import LtiState

    state = LtiState(tmp_path / "lti")
    iss = "https://lms.example"
    first = state.account_for(iss, "1", email="Ana.Ruiz@agency.example")["username"]
    twin = state.account_for(iss, "2", email="ana.ruiz@other.example")["username"]
    root = state.account_for(iss, "3", email="root@agency.example")["username"]
    odd = state.account_for(iss, "4", email="9..@x", name="")["username"]
    assert first == "ana-ruiz" and twin.startswith("ana-ruiz-") and twin != first
    assert root != "root" and root.startswith("root-"), "an existing account is never handed to an LMS person"
    for name in (first, twin, root, odd):
        accounts.check_username(name)
    assert state.account_for(iss, "1", email="changed@agency.example")["username"] == first, "stable across changes"


def test_the_lms_roles_make_coaches_and_trainees():
    from deploy.lti import role_of

    assert role_of([f"{MEMBER}Instructor"]) == "coach"
    assert role_of(["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"]) == "coach"
    assert role_of(["ContentDeveloper"]) == "coach"
    assert role_of([f"{MEMBER}Learner"]) == "trainee"
    assert role_of(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
                    f"{MEMBER}Learner"]) == "trainee", "a teacher elsewhere in the agency is a learner here"


@pytest.fixture()
def cohort_course(graded_cohort, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_cohort.course_dir, course)
    return course


def _send(tool, course, assignment=ASSIGNMENT, connector=None):
    from deploy.lti import grades_ledger, lms_courses, service_connector
    from grading.coach.evidence import collect
    from grading.exports.lti import send_grades

    return send_grades(collect(course), lms_courses(tool), connector or service_connector(tool), grades_ledger(tool),
                       assignment=assignment)


def test_grades_go_back_final_only_once_and_a_failure_is_kept_and_retried(platform, tool, cohort_course):
    """casey's first-contact is final; avery's and blake's wait for a hand grade; devon's decisions are unreadable;
    emery is not in the LMS."""
    import json

    from deploy.lti import grades_ledger
    from deploy.lti_roster import lms_members

    lms_members(tool)
    report = _send(tool, cohort_course)
    assert [(t, a) for t, a, _s, _m in report.sent] == [("casey", ASSIGNMENT)]
    assert {t for t, _a, _w in report.held} == {"avery", "blake", "devon"} and report.not_in_lms == ["emery"]
    item = next(iter(platform.lineitems.values()))
    assert (item["resourceId"], item["scoreMaximum"], item["tag"]) == (ASSIGNMENT, 32.0, "casework")
    casey = platform.score_of(ASSIGNMENT, "lms-3")
    assert (casey["scoreGiven"], casey["scoreMaximum"], casey["gradingProgress"]) == (8.45, 32.0, "FullyGraded")
    for pending in ("lms-1", "lms-2", "lms-4"):
        assert platform.score_of(ASSIGNMENT, pending) is None, "a pending hand grade is never sent, as zero or else"

    posts = len(platform.score_posts)
    again = _send(tool, cohort_course)
    assert len(platform.score_posts) == posts and again.sent == [] and again.unchanged == 1, "a resend changes nothing"
    assert len(platform.lineitems) == 1, "the line item is found again by its resourceId, not made twice"

    # avery is graded by hand; the LMS's gradebook fails for blake, graded too
    for trainee, points in (("avery", (3, 2)), ("blake", (1, 1))):
        record_manual_grade(cohort_course, ASSIGNMENT, trainee, "danger-statement", points[0])
        record_manual_grade(cohort_course, ASSIGNMENT, trainee, "safety-goal", points[1])
    platform.fail_scores.add("lms-2")
    report = _send(tool, cohort_course)
    assert [(t, s, m) for t, _a, s, m in report.sent] == [("avery", 32.0, 32.0)]
    assert [(t, a) for t, a, _w in report.failed] == [("blake", ASSIGNMENT)] and "HTTP 500" in report.failed[0][2]
    assert any(line.startswith("FAILED blake first-contact: HTTP 500") for line in report.lines())
    ledger = json.loads(grades_ledger(tool).read_text())
    kept = next(iter(ledger.values()))[ASSIGNMENT]["lms-2"]
    assert kept["to_send"]["scoreGiven"] == pytest.approx(3.75) and "HTTP 500" in kept["error"]
    assert platform.score_of(ASSIGNMENT, "lms-2") is None

    platform.fail_scores.clear()
    report = _send(tool, cohort_course)
    assert [(t, s) for t, _a, s, _m in report.sent] == [("blake", pytest.approx(3.75))] and report.failed == []
    assert platform.score_of(ASSIGNMENT, "lms-2")["scoreGiven"] == pytest.approx(3.75)
    assert "to_send" not in next(iter(json.loads(grades_ledger(tool).read_text()).values()))[ASSIGNMENT]["lms-2"]

    # a hand grade pending again (the coach reopened it): the score sent is withdrawn, no zero in its place
    record_manual_grade(cohort_course, ASSIGNMENT, "avery", "safety-goal", None)
    report = _send(tool, cohort_course)
    assert report.withdrawn == [("avery", ASSIGNMENT)] and report.sent == []
    avery = platform.score_of(ASSIGNMENT, "lms-1")
    assert "scoreGiven" not in avery and avery["gradingProgress"] == "PendingManual"
    assert _send(tool, cohort_course).withdrawn == [], "withdrawn once"


def test_an_unreachable_lms_is_reported_and_every_score_kept_to_send(platform, tool, cohort_course):
    import json

    from deploy.lti import grades_ledger, service_connector
    from deploy.lti_roster import lms_members

    lms_members(tool)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    tool.lti_token_url = f"http://127.0.0.1:{port}/token"
    report = _send(tool, cohort_course, connector=service_connector(tool, timeout=5))
    assert [(t, a) for t, a, _w in report.failed] == [("casey", ASSIGNMENT)] and report.sent == []
    assert "ConnectionError" in report.failed[0][2]
    entry = next(iter(json.loads(grades_ledger(tool).read_text()).values()))[ASSIGNMENT]["lms-3"]
    assert entry["to_send"]["scoreGiven"] == 8.45 and "sent" not in entry
    tool.lti_token_url = platform.token_url
    report = _send(tool, cohort_course)
    assert [t for t, _a, _s, _m in report.sent] == ["casey"] and platform.score_of(ASSIGNMENT, "lms-3")


def test_the_platform_refuses_a_tool_signing_with_another_key(platform, tool, cohort_course, tmp_path):
    """The platform's token endpoint checks the tool's client assertion against the tool's registered key: a copy of
    the hub with another key gets no token and sends nothing (and says so)."""
    from deploy.lti_roster import lms_members

    lms_members(tool)
    (tool.hub_dir / "lti" / "tool-key.pem").unlink()
    from deploy.lti import ensure_tool_key

    ensure_tool_key(tool)  # a new key the platform does not know
    report = _send(tool, cohort_course)
    assert report.sent == [] and report.failed and "HTTP 400" in report.failed[0][2]
