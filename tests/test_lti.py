"""LTI 1.3 against an independent platform implementation (lti1p3platform, tests/lti_platform.py) on loopback.

Without a hub: the roster from Names and Role Provisioning and the grades back through Assignment and Grade Services,
on a copy of the graded demo cohort (pylti1p3's service calls, the platform library's token and service checks).
With a hub (root, the hub's prerequisites): the launch from the LMS end to end, and the refusals.
"""

from __future__ import annotations

import grp
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import time
import urllib.request
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


# --- the hub: launch from the LMS, end to end ------------------------------------------------------------------------

HUB_NEEDS = [os.geteuid() == 0, Path("/usr/bin/python3").exists(), shutil.which("npm"), shutil.which("useradd")]
HUB_ROOT = Path("/srv/casework-test")  # test_hub's hub folder, course and environments: built once for both modules
HUB_ENVS = Path("/opt/casework-test")
HUB_COURSE = "casework-hub-test"
PEOPLE = {  # LMS user id -> name, email (the account is the email's local part, made safe), role
    "lms-ana": ("Ana Ruiz", "cwl.ana@agency.example", LEARNER),
    "lms-pat": ("Pat Coach", "cwl.pat@agency.example", INSTRUCTOR),
    "lms-ben": ("Ben Ode", "cwl.ben@agency.example", LEARNER),  # never launches: the LMS's roster brings him
    # her launches are the attacks: never let in (Inactive in the course, so the LMS's roster makes no account either)
    "lms-eve": ("Eve Mallory", "cwl.eve@agency.example", LEARNER),
    "lms-old": ("Old Member", "cwl.old@agency.example", LEARNER),  # Inactive in the LMS
}
LMS_ACCOUNTS = ["cwl-ana", "cwl-pat", "cwl-ben", "cwl-eve", "cwl-old"]

needs_hub = pytest.mark.skipif(not all(HUB_NEEDS) and not os.environ.get("CASEWORK_REQUIRE_HUB"),
                               reason="the hub tests need root, Debian's python3, npm and useradd")


def _clean_hub() -> None:
    from deploy import accounts

    for user in LMS_ACCOUNTS:
        accounts.remove_user(user)
    if HUB_ROOT.exists():
        shutil.rmtree(HUB_ROOT)


@pytest.fixture(scope="module")
def lms_hub(tmp_path_factory):
    """One platform and one hub (lti13) for the hub tests; the assignment released; the tool registered."""
    if not all(HUB_NEEDS):
        raise RuntimeError("the hub tests need root, /usr/bin/python3, npm and useradd")
    from deploy.hub import HubSettings, hub_command, prepare_hub, release
    from lti_platform import free_port

    _clean_hub()
    lms = Platform(client_id="casework-class", deployment_id="agency-deployment").start()
    s = HubSettings(root=HUB_ROOT, envs=HUB_ENVS, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                    formgrader_port=free_port(), course_id=HUB_COURSE, authenticator="lti13",
                    lti_issuer=lms.issuer, lti_client_id=lms.client_id, lti_deployment_ids=[lms.deployment_id],
                    lti_login_url=lms.authorize_url, lti_jwks_url=lms.jwks_url, lti_token_url=lms.token_url)
    shutil.rmtree(s.course_dir, ignore_errors=True)
    prepare_hub(s, say=lambda m: None, rebuild_course=True)
    release(s, ASSIGNMENT)
    base = f"http://127.0.0.1:{s.port}"
    lms.register_tool(f"{base}/hub/lti13/oauth_login", f"{base}/hub/lti13/oauth_callback", f"{base}/hub",
                      key_set_url=f"{base}/hub/lti13/jwks")
    for user_id, (name, email, role) in PEOPLE.items():
        lms.add_user(user_id, name, email, [role], status="Inactive" if user_id in ("lms-old", "lms-eve") else "Active")
    lms.add_link("link-first-contact", f"{base}/hub/lti13/assignment/{ASSIGNMENT}", "First contact")
    lms.add_link("link-custom", f"{base}/hub", "First contact (custom parameter)", custom={"assignment": ASSIGNMENT})
    log = open(tmp_path_factory.mktemp("lti-hub") / "jupyterhub.log", "w")
    server = subprocess.Popen(hub_command(s), cwd=s.hub_dir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while True:
        try:
            urllib.request.urlopen(f"{base}/hub/api/", timeout=2).close()
            break
        except OSError:
            if server.poll() is not None or time.time() > deadline:
                server.kill()
                raise RuntimeError("the hub did not start:\n" + Path(log.name).read_text()[-3000:])
            time.sleep(0.5)
    admin = (s.hub_dir / "admin-token").read_text().strip()
    try:
        yield s, lms, base, admin, Path(log.name)
    finally:
        server.terminate()  # the hub stops the servers it started
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()
        lms.stop()
        _clean_hub()


def _api(base: str, admin: str, path: str) -> tuple[int, object]:
    import requests

    r = requests.get(f"{base}/hub/api/{path}", headers={"Authorization": f"token {admin}"}, timeout=20)
    return r.status_code, (r.json() if r.headers.get("content-type", "").startswith("application/json") else r.text)


def _launch(lms: Platform, link: str, user: str, session=None):
    """A browser: the LMS's launch, the hub's login initiation, the LMS's authorization, the auto-posted id_token.
    Returns the browser, the hub's answer to the id_token (not followed), and what was posted with which cookies."""
    import requests

    from lti_platform import auto_post_form

    browser = session or requests.Session()
    page = browser.get(lms.start_url(link, user), timeout=30)
    assert page.status_code == 200, (page.status_code, page.text[:500])
    action, fields = auto_post_form(page.text)
    answer = browser.post(action, data=fields, allow_redirects=False, timeout=120)
    return browser, answer, (action, fields, answer.request.headers.get("Cookie", ""))


def _logged_in(base: str, browser) -> bool:
    """Does the hub know this browser (its login cookie)?"""
    r = browser.get(f"{base}/hub/api/user", timeout=20)
    return r.status_code == 200


def _play(s, base: str, admin: str, user: str) -> None:
    import requests

    from curriculum.toolkit.backend import ServiceBackend
    from grading.course import load_course
    from scenarios import load_case
    from scenarios.authoring.personas import persona_decisions

    reply = requests.post(f"{base}/hub/api/users/{user}/tokens", json={"note": "lti test", "expires_in": 600},
                          headers={"Authorization": f"token {admin}"}, timeout=20)
    assert reply.status_code in (200, 201), reply.text
    wanted = persona_decisions("practice-model", load_case(load_course().assignment(ASSIGNMENT).scenario))
    backend = ServiceBackend(ASSIGNMENT, url=s.cases_url, token=reply.json()["token"])
    answer = backend.open()
    for _ in range(100):
        pending = answer["view"]["pending"]
        if not pending:
            break
        moment = next(m for m in answer["view"]["moments"] if m["id"] == pending["id"])
        offered = [o["id"] for o in moment["options"]]
        chosen = [c for c in wanted.get(pending["id"], []) if c in offered] or offered[:1]
        answer = backend.decide(pending["id"], chosen if moment["kind"] == "multiple" else chosen[:1])
        assert not answer.get("refused"), answer.get("refused")
    assert not answer["view"]["pending"], "the case played to its end"


@needs_hub
def test_a_trainee_launches_from_the_lms_lands_in_the_assignment_and_her_grade_reaches_the_lms(lms_hub):
    from deploy import accounts
    from deploy.hub import as_grader, collect_and_grade
    from grading.coach.evidence import collect
    from scenarios import load_case
    from grading.course import load_course

    s, lms, base, admin, log = lms_hub
    started = time.time()
    browser, answer, _ = _launch(lms, "link-first-contact", "lms-ana")
    assert answer.status_code == 302, (answer.status_code, answer.text[:300], log.read_text()[-2000:])
    assert answer.headers["Location"].endswith(f"/hub/lti13/assignment/{ASSIGNMENT}")
    landing = browser.get(base + answer.headers["Location"], allow_redirects=False, timeout=120)
    assert landing.status_code == 302, landing.text[:300]
    assert landing.headers["Location"].endswith(f"/user-redirect/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    notebook = Path("/home/cwl-ana") / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert notebook.exists() and notebook.stat().st_uid == accounts.pwd.getpwnam("cwl-ana").pw_uid, \
        "fetched from nbgrader's exchange as the trainee"
    page = browser.get(base + landing.headers["Location"], timeout=180)  # the hub starts her server
    deadline = time.time() + 180
    while not _api(base, admin, "users/cwl-ana")[1].get("servers", {}).get("", {}).get("ready"):
        assert time.time() < deadline, "her server did not start"
        time.sleep(1)
    page = browser.get(base + landing.headers["Location"], timeout=60)
    assert page.status_code == 200 and page.url.endswith(f"/user/cwl-ana/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    status, user = _api(base, admin, "users/cwl-ana")
    assert status == 200 and f"formgrade-{HUB_COURSE}" not in user["groups"]
    assert "cwl-ana" in as_grader(s, ["nbgrader", "db", "student", "list"]).stdout, "a student of the gradebook"
    state = s.hub_dir / "lti"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in state.glob("*.json")) and \
        stat.S_IMODE((state / "tool-key.pem").stat().st_mode) == 0o600
    contexts = json.loads((state / "contexts.json").read_text())
    course = next(iter(contexts.values()))
    assert course["nrps"]["context_memberships_url"] == lms.memberships_url
    assert course["ags"]["lineitems"] == lms.lineitems_url
    print(f"launch to a ready notebook: {time.time() - started:.1f} s")

    # she plays the case (as the practice model would, through the course's case service with her own hub token)
    # and submits; the coach grades (the hub's grading) and grades the written answers by hand
    _play(s, base, admin, "cwl-ana")
    trainee = ["nbgrader", "submit", ASSIGNMENT, f"--course={HUB_COURSE}"]
    done = accounts.run_as("cwl-ana", [str(s.trainee_env / "bin" / trainee[0]), *trainee[1:]],
                           env={"PATH": f"{s.trainee_env / 'bin'}:/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    collect_and_grade(s, ASSIGNMENT)
    spec = load_course().assignment(ASSIGNMENT)
    for answer_ in load_case(spec.scenario).written_answers:
        record_manual_grade(s.course_dir, ASSIGNMENT, "cwl-ana", answer_.id, 1)
    cli = Path(sys.executable).parent / "casework"
    sent = subprocess.run([str(cli), "lti", "grades", "--root", str(HUB_ROOT)], capture_output=True, text=True,
                          timeout=180)
    assert sent.returncode == 0, sent.stdout + sent.stderr
    row = collect(s.course_dir).assignment_scores().set_index("trainee").loc["cwl-ana"]
    score = lms.score_of(ASSIGNMENT, "lms-ana")
    assert score is not None, sent.stdout
    assert (score["scoreGiven"], score["scoreMaximum"], score["gradingProgress"]) == (
        pytest.approx(float(row.score)), pytest.approx(float(row.max_score + row.pending_max)), "FullyGraded")
    assert f"sent cwl-ana {ASSIGNMENT}" in sent.stdout
    again = subprocess.run([str(cli), "lti", "grades", "--root", str(HUB_ROOT)], capture_output=True, text=True,
                           timeout=180)
    assert again.returncode == 0 and "0 sent" in again.stdout and "1 unchanged" in again.stdout, again.stdout


@needs_hub
def test_the_lms_roster_makes_the_accounts_and_an_instructor_lands_on_the_formgrader(lms_hub):
    from deploy import accounts
    from deploy.hub import as_grader

    s, lms, base, admin, _log = lms_hub
    cli = Path(sys.executable).parent / "casework"
    done = subprocess.run([str(cli), "lti", "roster", "--root", str(HUB_ROOT)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert accounts.exists("cwl-ben") and not accounts.exists("cwl-old"), "active members only"
    assert "cwl-ben" in as_grader(s, ["nbgrader", "db", "student", "list"]).stdout
    assert _api(base, admin, "users/cwl-ben")[0] == 200, "the running hub knows him"
    assert "cwl-pat" in grp.getgrnam(s.coaches_group).gr_mem
    assert "cwl-pat" in _api(base, admin, f"groups/formgrade-{HUB_COURSE}")[1]["users"]

    # the instructor opens the assignment's link (its custom parameter names it): the formgrader's page of it
    browser, answer, _ = _launch(lms, "link-custom", "lms-pat")
    assert answer.status_code == 302, answer.text[:300]
    landing = browser.get(base + answer.headers["Location"], allow_redirects=False, timeout=60)
    assert landing.headers["Location"].endswith(f"/services/{HUB_COURSE}/formgrader/manage_submissions/{ASSIGNMENT}")


@needs_hub
@pytest.mark.parametrize("attack", ["forged", "expired", "audience", "deployment"])
def test_a_forged_expired_misaddressed_or_foreign_id_token_is_refused(lms_hub, attack):
    s, lms, base, admin, _log = lms_hub
    try:
        if attack == "forged":
            lms.forge = True
        elif attack == "expired":
            lms.expire = True
        elif attack == "audience":
            lms.audience = "another-tool"
        else:
            lms.registration.set_deployment_id("another-deployment")
        browser, answer, _ = _launch(lms, "link-first-contact", "lms-eve")
    finally:
        lms.forge = lms.expire = False
        lms.audience = None
        lms.registration.set_deployment_id(lms.deployment_id)
    assert 400 <= answer.status_code < 500, (attack, answer.status_code, answer.text[:300])
    assert not _logged_in(base, browser), attack
    assert _api(base, admin, "users/cwl-eve")[0] == 404 and not Path("/home/cwl-eve").exists(), "no account made"


@needs_hub
def test_a_replayed_id_token_is_refused(lms_hub):
    """A launch captured with its cookies (the state and nonce cookies ltiauthenticator checks) and posted again."""
    import requests

    s, lms, base, admin, _log = lms_hub
    browser, answer, (action, fields, cookies) = _launch(lms, "link-first-contact", "lms-ana")
    assert answer.status_code == 302 and cookies
    replay = requests.post(action, data=fields, headers={"Cookie": cookies}, allow_redirects=False, timeout=60)
    assert 400 <= replay.status_code < 500, (replay.status_code, replay.text[:300])
    assert "jupyterhub-hub-login" not in replay.cookies and "jupyterhub-session-id" not in replay.cookies
    thief = requests.Session()
    thief.headers["Cookie"] = cookies
    assert not _logged_in(base, thief)
