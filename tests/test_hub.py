"""A class on a real JupyterHub on this machine: a coach and three trainees, nbgrader's exchange, real accounts.

The hub is started here (``jupyterhub`` itself, so the PID is the hub's) on loopback
ports, with the first-use authenticator, configurable-http-proxy, local accounts made
by ``useradd`` and the trainee and coach environments built from Debian's python3.
One trainee works in Chromium; two work through the hub's REST API and their own
kernels. Needs root, Debian's python3 with venv, npm and Chromium; without them the
module is skipped, unless ``CASEWORK_REQUIRE_HUB`` is set (as in CI), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from hubclient import Hub

NEEDS = [os.geteuid() == 0, Path("/usr/bin/python3").exists(), shutil.which("npm"), shutil.which("useradd")]
if not all(NEEDS):
    if os.environ.get("CASEWORK_REQUIRE_HUB"):
        raise RuntimeError("the hub tests need root, /usr/bin/python3, npm and useradd")
    pytest.skip("the hub tests need root, Debian's python3, npm and useradd", allow_module_level=True)

from deploy import accounts  # noqa: E402
from deploy.hub import (HubSettings, as_grader, collect_and_grade, hub_command, prepare_hub, release,  # noqa: E402
                         release_feedback)
from deploy.roster import add_roster, read_roster  # noqa: E402
from grading.course import load_course  # noqa: E402
from scenarios import load_case  # noqa: E402
from scenarios.authoring.personas import persona_decisions  # noqa: E402

ROOT = Path("/srv/casework-test")
ENVS = Path("/opt/casework-test")  # kept between runs: rebuilt only when what goes into them changes
TEST_COURSE = "casework-hub-test"
COACH, BROWSER, API_TRAINEES = "cwt-coach", "cwt-ana", ["cwt-ben", "cwt-cara"]
LATE = "cwt-dan"  # on the roster, no server: another trainee submits in his name before he does
MID_CLASS_COACH = "cwt-erin"  # added with casework roster add while the hub runs
PASSWORD = "first-use-password"
ASSIGNMENT = load_course().assignments[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _clean() -> None:
    for user in [COACH, BROWSER, *API_TRAINEES, LATE, MID_CLASS_COACH]:
        subprocess.run(["pkill", "-u", user], capture_output=True)
        accounts.remove_user(user)
    if ROOT.exists():
        shutil.rmtree(ROOT)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    _clean()
    # the test's own course (and so its own grader account and folder), never a real class's on this machine
    settings = HubSettings(root=ROOT, envs=ENVS, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
                           formgrader_port=free_port(), authenticator="firstuse", idle_timeout=3600,
                           course_id=TEST_COURSE)
    shutil.rmtree(settings.course_dir, ignore_errors=True)  # a fresh gradebook: an earlier run's submissions
    prepare_hub(settings, say=lambda m: None, rebuild_course=True)  # would stop the notebooks from changing
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_text("username,first_name,last_name,email,role\n"
                      f"{COACH},Casey,Coach,casey@example.org,coach\n"
                      f"{BROWSER},Ana,Ruiz,ana@example.org,trainee\n"
                      + "".join(f"{u},{u[4:].title()},Trainee,{u}@example.org,trainee\n" for u in [*API_TRAINEES, LATE]),
                      encoding="utf-8")
    add_roster(settings, read_roster(roster), say=lambda m: None)
    log = open(tmp_path_factory.mktemp("hub") / "jupyterhub.log", "w")
    # started as a script's background job starts it (`casework hub start &`): with SIGINT ignored, which its
    # services must not inherit, or stopping the hub waits for each of them in turn
    server = subprocess.Popen(hub_command(settings), cwd=settings.hub_dir, stdout=log, stderr=subprocess.STDOUT,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    base = f"http://127.0.0.1:{settings.port}"
    client = Hub(base, (settings.hub_dir / "admin-token").read_text().strip())
    client.process, client.log = server, Path(log.name)  # the last test stops the hub
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/hub/api/", timeout=2).close()
            break
        except OSError:
            assert server.poll() is None, Path(log.name).read_text()[-3000:]
            time.sleep(0.5)
    else:
        server.terminate()
        raise RuntimeError("the hub did not start:\n" + Path(log.name).read_text()[-3000:])
    yield settings, client
    server.terminate()  # the hub stops the servers it started (cleanup_servers)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()
    _clean()


def _code(lines: str) -> str:
    return "import os, subprocess\nos.chdir(os.path.expanduser('~'))\n" + lines


def _nbgrader(*args: str) -> str:
    return (f"r = subprocess.run(['nbgrader', {', '.join(repr(a) for a in args)}], capture_output=True, text=True)\n"
            "print(r.returncode)\nprint(r.stdout + r.stderr)\n")


def _play(client: Hub, user: str, token: str, persona: str) -> dict:
    """Fetch, decide as a persona would (in the trainee's own kernel, through the toolkit), answer, submit."""
    scenario = load_case(ASSIGNMENT.scenario)
    choices = persona_decisions(persona, scenario)
    out, error = client.run(user, token, _code(_nbgrader("fetch_assignment", ASSIGNMENT.id)))
    assert error is None and out.startswith("0"), out
    answers = {w.id: f"{user}'s answer to {w.title}." for w in scenario.written_answers}
    out, error = client.run(user, token, _code(f"""
import json, nbformat
from curriculum.toolkit import CaseSession
case = CaseSession.open('{ASSIGNMENT.id}', folder='{ASSIGNMENT.id}')  # asks the course's case service
wanted = {choices!r}
for _ in range(100):  # the persona's choice at each moment the case reaches, among the options it offers
    pending = case.answer['view']['pending']
    if not pending:
        break
    moment = case.moment(pending['id'])
    offered = [o['id'] for o in moment['options']]
    chosen = [c for c in wanted.get(pending['id'], []) if c in offered] or offered[:1]
    refused = case.choose(pending['id'], chosen if moment['kind'] == 'multiple' else chosen[:1])
    assert refused is None, refused
path = '{ASSIGNMENT.id}/{ASSIGNMENT.notebook_name}'
nb = nbformat.read(path, as_version=4)
for cell in nb.cells:
    gid = cell.metadata.get('nbgrader', {{}}).get('grade_id')
    if gid in {answers!r}:
        cell.source = {answers!r}[gid]
nbformat.write(nb, path)
print(case.identity)
print(json.dumps(case.answer['record']['choices']))
""" + _nbgrader("submit", ASSIGNMENT.id)))
    assert error is None, error
    identity, played, code = out.splitlines()[:3]
    assert identity == f"hub:{user}", "the variant is tied to the trainee's hub account"
    assert code == "0", out
    return json.loads(played)


def _service(settings, method: str, path: str, token=None, body=None):
    """A request straight to the case service (as a trainee's kernel makes it)."""
    headers = {"Content-Type": "application/json", **({"Authorization": f"token {token}"} if token else {})}
    request = urllib.request.Request(settings.cases_url + path, method=method, headers=headers,
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def test_a_trainee_logs_in_fetches_plays_and_submits_in_chromium(hub):
    """Ana logs in (her first login sets her password), fetches from the Assignments list, plays, submits."""
    pytest.importorskip("playwright.sync_api")
    from test_browser import (CHROMIUM, choose, decision_cell, last_score_area, moments_on_page, next_pending, plain,
                              run_all, scenario_label, shot, wait_for_file_choice)
    from playwright.sync_api import sync_playwright
    from scenarios.variant import shown_orders

    settings, client = hub
    release(settings, ASSIGNMENT.id)
    home = Path("/home") / BROWSER
    scenario = load_case(ASSIGNMENT.scenario)
    wanted = persona_decisions("practice-model", scenario)
    decisions: dict[str, list[str]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{client.base}/hub/login")
            page.fill("#username_input", BROWSER)
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{BROWSER}/lab**", timeout=180_000)
            # the trainee environment opens on the Assignments list, not a bare Launcher, with no In/Out prompts
            page.locator("#nbgrader-assignment-list").wait_for()
            assert page.locator(".jp-Launcher:visible").count() == 0, "a bare Launcher after login"
            css = page.request.get(f"{client.base}/user/{BROWSER}/custom/custom.css")
            assert css.ok and ".jp-InputPrompt" in css.text(), "the trainee's custom CSS is served"
            page.get_by_role("menuitem", name="Nbgrader").click()
            assert page.get_by_role("menuitem", name="Formgrader").count() == 0, "no formgrader for a trainee"
            page.get_by_role("menuitem", name="Assignment List").click()
            page.get_by_role("button", name="Fetch").first.click()
            notebook = home / ASSIGNMENT.id / ASSIGNMENT.notebook_name
            deadline = time.time() + 60
            while not notebook.exists() and time.time() < deadline:
                time.sleep(0.5)
            assert notebook.exists(), "fetched through the Assignments list"
            shot(page, "hub-01-fetched")
            page.goto(f"{client.base}/user/{BROWSER}/lab/tree/{ASSIGNMENT.id}/{ASSIGNMENT.notebook_name}")
            page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']:visible").first.wait_for()
            run_all(page, until=f"Not decided yet ({last_score_area(notebook)})")
            # Run All first: the case offers the moment it has reached; each choice brings the next
            point = next_pending(page, None)
            while point is not None:
                dp = scenario.decision_point(point)
                by_label = {plain(o.label): o.id for o in dp.options}
                shown = [by_label[o["label"]] for o in moments_on_page(page)[point]["options"]]
                assert shown == [i for i in shown_orders(f"hub:{BROWSER}", scenario)[point] if i in shown], \
                    "the options come in the order tied to the trainee's hub account"
                chosen = [i for i in wanted[point] if i in shown] or shown[:1]
                chosen = chosen if dp.kind == "multiple" else chosen[:1]
                for n, option in enumerate(chosen):
                    choose(page, "radio" if dp.kind != "multiple" else "checkbox",
                           plain(scenario_label(dp, option)), within=decision_cell(page, point))
                    wait_for_file_choice(home / ASSIGNMENT.id / "decisions.json", point, chosen[: n + 1])
                decisions[point] = chosen
                point = next_pending(page, point)
            for answer in scenario.written_answers:
                cell = page.locator(".jp-MarkdownCell", has_text="YOUR ANSWER HERE").first
                cell.scroll_into_view_if_needed()
                cell.dblclick()
                cell.locator(".cm-content").click()
                page.keyboard.press("Control+a")
                page.keyboard.type(f"{BROWSER}'s answer to {answer.title}.")
                page.keyboard.press("Shift+Enter")
            page.keyboard.press("Control+s")
            page.wait_for_timeout(1500)
            shot(page, "hub-02-played")
            # back to the Assignments list (opened again from the menu: the workspace may not have kept the tab)
            page.get_by_role("menuitem", name="Nbgrader").click()
            page.get_by_role("menuitem", name="Assignment List").click()
            page.get_by_role("button", name="Submit").first.click()
            inbound = settings.exchange / settings.course_id / "inbound"
            deadline = time.time() + 60
            while not any(p.name.startswith(BROWSER + "+") for p in inbound.iterdir()) and time.time() < deadline:
                time.sleep(0.5)
            shot(page, "hub-03-submitted")
        finally:
            browser.close()
    submitted = [p for p in inbound.iterdir() if p.name.startswith(BROWSER + "+")]
    assert submitted, "submitted through the Assignments list"
    record = json.loads((submitted[0] / "decisions.json").read_text())
    assert record["choices"] == decisions and record["variant"] == f"hub:{BROWSER}"
    from service.store import Store

    store = Store.for_course(settings.course_dir)  # the course's record, kept by the service as the grader
    try:
        assert store.play(BROWSER, ASSIGNMENT.id).choices == decisions
    finally:
        store.close()


def test_a_class_round_trip_release_fetch_submit_collect_grade_then_release_feedback(hub):
    settings, client = hub
    release(settings, ASSIGNMENT.id)
    tokens, played = {}, {}
    for user, persona in zip(API_TRAINEES, ["practice-model", "directive"]):
        client.start(user)
        tokens[user] = client.token_for(user)
        played[user] = _play(client, user, tokens[user], persona)
    inbound = settings.exchange / settings.course_id / "inbound"
    assert set(API_TRAINEES) <= {p.name.split("+")[0] for p in inbound.iterdir()}

    collect_and_grade(settings, ASSIGNMENT.id)
    assert not list((settings.course_dir / "feedback").glob(f"*/{ASSIGNMENT.id}/*.html")), "feedback waits for the coach"
    release_feedback(settings, ASSIGNMENT.id)
    from grading.grade import gradebook_frame

    grades = gradebook_frame(settings.course_dir)
    totals = grades[grades.assignment == ASSIGNMENT.id].groupby("trainee").score.sum()
    assert totals["cwt-ben"] > totals["cwt-cara"], "the practice model out-scores the directive worker"
    for user in API_TRAINEES:  # graded from the course's record, which the service kept as each trainee chose
        stored = json.loads((settings.course_dir / "scores" / ASSIGNMENT.id / f"{user}.json").read_text())
        assert stored["source"] == "the course's record" and stored["choices"] == played[user], user

    if any(p.name.startswith(BROWSER + "+") for p in inbound.iterdir()):  # the browser test ran first
        client.start(BROWSER)
        tokens[BROWSER] = client.token_for(BROWSER)
    for user in tokens:
        out, error = client.run(user, tokens[user], _code(_nbgrader("fetch_feedback", ASSIGNMENT.id) + f"""
import glob
files = glob.glob('{ASSIGNMENT.id}/feedback/*/*.html')
print(len(files))
text = open(files[0], encoding='utf-8').read()
print('waiting for your coach' in text)
print('{user}' + "'s answer" in text, [o for o in {[BROWSER, *API_TRAINEES]!r} if o != '{user}' and o + "'s answer" in text])
try:
    os.listdir({str(settings.exchange / settings.course_id / 'feedback')!r})
    print('listed')
except PermissionError:
    print('denied')
"""))
        assert error is None, error
        lines = out.strip().splitlines()
        assert lines[0] == "0", out
        assert lines[-4] == "1" and lines[-2] == "True []", f"{user} sees their own feedback only: {out}"
        assert lines[-3] == "True", "written answers not yet graded say they wait for the coach"
        assert lines[-1] == "denied", "a trainee cannot list the exchange's feedback"


def test_a_submission_in_another_trainees_name_is_set_aside_and_never_graded_under_it(hub):
    """Ben submits; then Cara runs the real ``nbgrader submit --student=...`` from her own account, in Dan's name (he
    has not submitted) and in Ben's: what ``casework hub grade`` runs sets both aside, says so, and grades neither
    under the name it claims; Ben's own stays the one graded, and Dan's own, submitted later, grades."""
    from grading.grade import gradebook_frame
    from grading.coach.report import review_assignment

    settings, client = hub
    forger, victim = API_TRAINEES[1], API_TRAINEES[0]
    inbound = settings.exchange / settings.course_id / "inbound"
    release(settings, ASSIGNMENT.id)

    def submit_as(user: str, names: list[str]) -> None:
        client.start(user)
        out, error = client.run(user, client.token_for(user), _code(f"""
subprocess.run(['nbgrader', 'fetch_assignment', '{ASSIGNMENT.id}'], capture_output=True)  # kept if fetched before
for name in {names!r}:
    r = subprocess.run(['nbgrader', 'submit', '{ASSIGNMENT.id}', *(['--student=' + name] if name else [])],
                       capture_output=True, text=True)
    print(name or 'self', r.returncode)
"""))
        assert error is None and out.split() == [x for n in names for x in (n or "self", "0")], out

    def totals():
        grades = gradebook_frame(settings.course_dir)
        return grades[grades.assignment == ASSIGNMENT.id].groupby("trainee").score.sum()

    submit_as(victim, [None])
    own = max((p for p in inbound.iterdir() if p.name.startswith(victim + "+") and p.owner() == victim),
              key=lambda p: p.name.split("+")[2])
    submit_as(forger, [LATE, victim])  # later than Ben's own: nbgrader's collect would take it as his
    forged = {p.name.split("+")[0] for p in inbound.iterdir() if p.owner() == forger and not p.name.startswith(forger)}
    assert forged == {LATE, victim}, "nbgrader's exchange took both names from cara's account"

    said = collect_and_grade(settings, ASSIGNMENT.id)
    set_aside = [line for line in said.splitlines() if "set aside in" in line]
    assert len(set_aside) == 2, said
    for name in (LATE, victim):
        line = next(x for x in set_aside if x.startswith(f"{name}'s submission of {ASSIGNMENT.id} (submitted "))
        assert f") belongs to the account {forger}: set aside in {settings.course_dir / 'set-aside' / name / ASSIGNMENT.id}/" \
            in line and line.endswith(", not graded"), line
        kept = Path(line.split("set aside in ", 1)[1].rsplit(", not graded", 1)[0])
        assert kept.owner() == settings.grader and (kept.stat().st_mode & 0o777) == 0o700
        assert (kept / ASSIGNMENT.notebook_name).is_file()
    assert not (settings.course_dir / "submitted" / LATE).exists()
    graded = totals()
    assert LATE not in graded.index, "nothing is graded under the name a submission claims"
    assert victim in graded.index
    collected = settings.course_dir / "submitted" / victim / ASSIGNMENT.id / "timestamp.txt"
    assert collected.read_text().strip() == own.name.split("+")[2], "Ben's own submission is the one collected"

    again = collect_and_grade(settings, ASSIGNMENT.id)
    assert [line for line in again.splitlines() if "set aside in" in line] == set_aside, "set aside again, the same"
    ledger = (settings.course_dir / "set-aside" / "set-aside.jsonl").read_text().splitlines()
    assert len(ledger) == 2 and {json.loads(x)["owner"] for x in ledger} == {forger}
    assert collected.read_text().strip() == own.name.split("+")[2]
    reviews, _ = review_assignment(settings.course_dir, ASSIGNMENT.id)
    assert {r.trainee: r.problem for r in reviews if r.trainee.endswith("(set aside)")} == {
        f"{LATE} (set aside)": next(x for x in set_aside if x.startswith(LATE)),
        f"{victim} (set aside)": next(x for x in set_aside if x.startswith(victim))}, "the coach's report lists them"

    nbgrader = str(settings.trainee_env / "bin" / "nbgrader")  # Dan's own submission, from his account
    accounts.run_as(LATE, [nbgrader, "fetch_assignment", ASSIGNMENT.id])
    accounts.run_as(LATE, [nbgrader, "submit", ASSIGNMENT.id])
    collect_and_grade(settings, ASSIGNMENT.id)
    assert LATE in totals().index, "a genuine submission by the named trainee grades"
    assert len((settings.course_dir / "set-aside" / "set-aside.jsonl").read_text().splitlines()) == 2


def test_casework_hub_grade_says_one_next_step_that_fits_the_hub_and_what_is_left(hub):
    """One "next" line, naming the hub's commands: the written answers still waiting while some are, and only the
    feedback once every one is graded (in the formgrader; here with its rules, as the grader)."""
    settings, client = hub
    release(settings, ASSIGNMENT.id)
    user = API_TRAINEES[0]
    inbound = settings.exchange / settings.course_id / "inbound"
    if not any(p.name.startswith(user + "+") for p in inbound.iterdir()):  # this test run alone
        client.start(user)
        _play(client, user, client.token_for(user), "practice-model")
    casework = [str(Path(sys.executable).parent / "casework"), "hub", "grade", ASSIGNMENT.id, "--root", str(ROOT)]

    def next_lines() -> list[str]:
        done = subprocess.run(casework, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        lines = [line for line in done.stdout.splitlines() if line.strip()]
        assert lines[-1].startswith("next: "), "the next step is said last"
        return [line for line in lines if line.startswith("next")]

    waiting = next_lines()
    assert len(waiting) == 1 and "casework feedback" not in waiting[0], waiting
    assert "written answer(s)" in waiting[0] and "still waiting in the formgrader" in waiting[0], waiting
    assert f"then: casework hub feedback {ASSIGNMENT.id}" in waiting[0], waiting
    # the coach environment's python, in the course folder: the grader's script cannot import tests/ (manual_grades),
    # so it sets what the formgrader sets, as tests/manual_grades.py does
    as_grader(settings, ["python", "-c", f"""
from nbgrader.api import Gradebook
from grading.coach.evidence import gradebook_url
from grading.grade import pending_hand_grades
course, assignment = {str(settings.course_dir)!r}, {ASSIGNMENT.id!r}
pending = pending_hand_grades(course, assignment)
with Gradebook(gradebook_url(course)) as gb:
    for trainee, cells in pending.items():
        for cell in cells:
            grade = gb.find_grade(cell, assignment, assignment, trainee)
            grade.manual_score, grade.needs_manual_grade = 1.0, False
            gb.find_comment(cell, assignment, assignment, trainee).manual_comment = 'Graded.'
    gb.db.commit()
"""])
    graded = next_lines()
    assert graded == [f"next: every written answer is graded: release the feedback: casework hub feedback "
                      f"{ASSIGNMENT.id}"], graded


def test_the_case_service_runs_as_the_grader_and_knows_each_trainee_by_their_own_hub_token(hub):
    """The service is the grader's process; a trainee's hub token reaches that trainee's play only; no token,
    a forged token and a forged name in the request are refused or ignored; a kernel's own token works."""
    settings, client = hub
    pids = subprocess.run(["pgrep", "-f", f"casework serve --course {settings.course_dir}"], capture_output=True,
                          text=True).stdout.split()
    assert pids, "the hub started the case service"
    users = {subprocess.run(["ps", "-o", "user:64=", "-p", pid], capture_output=True, text=True).stdout.strip()
             for pid in pids}
    assert users == {settings.grader}, f"the case service runs as the grader account, not {users}"
    ben, cara = API_TRAINEES
    release(settings, ASSIGNMENT.id)
    path = f"api/plays/{ASSIGNMENT.id}"
    assert _service(settings, "GET", path)[0] == 401, "no token"
    assert _service(settings, "GET", path, token="0" * 32)[0] == 401, "a token the hub does not know"
    status, answer = _service(settings, "GET", path, token=client.token_for(ben))
    assert status == 200 and answer["trainee"] == ben
    before = _service(settings, "GET", path, token=client.token_for(cara))[1]["record"]
    first = answer["view"]["moments"][0]
    status, answer = _service(settings, "POST", f"{path}/decisions", token=client.token_for(ben),
                              body={"point": first["id"], "options": [first["options"][0]["id"]], "trainee": cara,
                                    "user": cara})
    assert status == 200 and answer["trainee"] == ben, "a name in the request is ignored: the token says who"
    assert _service(settings, "GET", path, token=client.token_for(cara))[1]["record"] == before, "cara's untouched"
    # a trainee's kernel reaches it with the token its server gave it, and nothing else
    client.start(cara)
    out, error = client.run(cara, client.token_for(cara), _code(f"""
import json, urllib.request
print(os.environ['CASEWORK_SERVICE_URL'])
request = urllib.request.Request(os.environ['CASEWORK_SERVICE_URL'] + '{path}',
                                 headers={{'Authorization': 'token ' + os.environ['JUPYTERHUB_API_TOKEN']}})
print(json.loads(urllib.request.urlopen(request).read())['trainee'])"""))
    assert error is None and out.split() == [settings.cases_url, cara], out
    # the class debrief is the coaches': a coach's token reads the room, a trainee's is refused
    debrief = f"/services/{settings.cases_service}/api/debrief/{ASSIGNMENT.id}"
    status, room = client.api("GET", debrief, token=client.token_for(COACH))
    assert status == 200 and {ben} <= {n for m in room["room"]["moments"] for o in m["options"] for n in o["names"]}
    assert client.api("GET", debrief, token=client.token_for(cara))[0] == 403, "a trainee never sees the room"
    status, anonymous = client.api("GET", debrief + "/room", token=client.token_for(COACH))
    assert status == 200 and ben not in json.dumps(anonymous) and cara not in json.dumps(anonymous)
    # killed mid-class, the hub starts it again within the time a trainee's click waits (10 s), record whole
    subprocess.run(["kill", "-9", *pids], check=True)
    killed, token = time.time(), client.token_for(ben)
    while time.time() - killed < 10:
        try:
            status, again = _service(settings, "GET", path, token=token)
            break
        except OSError:
            time.sleep(0.3)
    else:
        raise AssertionError("the case service was not back within 10 s of being killed")
    assert status == 200 and again["record"]["choices"] == answer["record"]["choices"], "the record is whole"


def test_a_trainees_kernel_cannot_reach_the_key_the_course_or_anyone_elses_work(hub):
    settings, client = hub
    user = API_TRAINEES[0]
    client.start(user)
    token = client.token_for(user)
    targets = [settings.course_dir / "keys", settings.course_dir / "gradebook.db", settings.course_dir,
               Path("/home") / API_TRAINEES[1], settings.hub_dir, settings.coach_env,
               Path(__file__).resolve().parent.parent / "scenarios" / "cases"]
    out, error = client.run(user, token, f"""
import os
for target in {[str(t) for t in targets]!r}:
    try:
        (os.listdir if os.path.isdir(target) else open)(target)
        print('READ', target)
    except PermissionError:
        print('denied', target)
for name in ['grading', 'grading.key', 'deploy']:
    try:
        __import__(name)
        print('IMPORTED', name)
    except ImportError:
        print('no', name)
from scenarios.loader import library
print('library', library())
""")
    assert error is None, error
    assert "READ" not in out and "IMPORTED" not in out, out
    assert out.count("denied") == len(targets) and "library []" in out


def test_the_trainees_lab_hides_the_instructor_tools_and_the_coachs_keeps_them(hub):
    settings, client = hub
    pages = {}
    for user in (API_TRAINEES[0], COACH):
        client.start(user)
        token = client.token_for(user)
        request = urllib.request.Request(f"{client.base}/user/{user}/lab", headers={"Authorization": f"token {token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            pages[user] = response.read().decode()
    config = {u: json.loads(p.split('id="jupyter-config-data" type="application/json">', 1)[1].split("</script>", 1)[0])
              for u, p in pages.items()}
    hidden = config[API_TRAINEES[0]].get("disabledExtensions", [])
    for plugin in ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   "@jupyter/nbgrader:course-list", "@jupyterlab/apputils-extension:announcements"):
        assert plugin in hidden, plugin
        assert plugin not in config[COACH].get("disabledExtensions", [])
    # the formgrader is a service for the coaches' group only: the coach reads the course's assignments there
    coach_status, assignments = client.api("GET", f"/services/{settings.course_id}/formgrader/api/assignments",
                                           token=client.token_for(COACH))
    assert coach_status == 200, assignments
    assert ASSIGNMENT.id in {a["name"] for a in assignments}
    trainee_status, _ = client.api("GET", f"/services/{settings.course_id}/formgrader/api/assignments",
                                   token=client.token_for(API_TRAINEES[0]))
    assert trainee_status == 403


def _log_in(base: str, user: str, password: str):
    """Log in through the hub's login form as a browser does: an opener that keeps the hub's cookies."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/hub/login", timeout=30).close()
    xsrf = next(c.value for c in jar if c.name == "_xsrf")
    form = urllib.parse.urlencode({"username": user, "password": password, "_xsrf": xsrf}).encode()
    with opener.open(urllib.request.Request(f"{base}/hub/login?next=/hub/home", data=form), timeout=60) as response:
        assert "/hub/login" not in response.url, f"{user} could not log in"
    return opener


def test_a_coach_added_while_the_hub_runs_reaches_the_formgrader_and_the_coach_environment(hub, tmp_path):
    """casework roster add, mid-class: she logs in, the formgrader lets her in (no 403 until a restart), and her
    server runs from the coach environment."""
    settings, client = hub
    roster = tmp_path / "late-coach.csv"
    roster.write_text(f"username,first_name,last_name,email,role\n{MID_CLASS_COACH},Erin,Coach,,coach\n",
                      encoding="utf-8")
    said = []
    add_roster(settings, read_roster(roster), say=said.append)
    assert any("the running hub knows them now" in line for line in said), said
    browser = _log_in(client.base, MID_CLASS_COACH, PASSWORD)  # her first login sets her password
    with browser.open(f"{client.base}/services/{settings.course_id}/formgrader/manage_assignments",
                      timeout=60) as response:  # through the service's OAuth with the hub, as her browser goes
        page = response.read().decode()
    assert response.status == 200 and "Manage Assignments" in page, page[:500]
    token = client.token_for(MID_CLASS_COACH)
    status, assignments = client.api("GET", f"/services/{settings.course_id}/formgrader/api/assignments", token=token)
    assert status == 200 and ASSIGNMENT.id in {a["name"] for a in assignments}, assignments
    client.start(MID_CLASS_COACH)
    out, error = client.run(MID_CLASS_COACH, client.token_for(MID_CLASS_COACH), """
import os, sys
print(os.environ['CASEWORK_ROLE'])
print(sys.prefix)
import grading
print('grading')""")
    assert error is None and out.split() == ["coach", str(settings.coach_env), "grading"], out
    client.stop(MID_CLASS_COACH)


def test_the_coach_opens_the_course_formgrader_from_her_menu_and_from_the_readme_address(hub):
    """In Chromium: Nbgrader -> Formgrader in the coach's JupyterLab frames the course's formgrader (a service page
    that allows framing by the hub's origin, not her own server's, which knows no course and forbids framing);
    /services/<course>/ lands on the formgrader, not on a Launcher."""
    pytest.importorskip("playwright.sync_api")
    from test_browser import CHROMIUM, shot
    from playwright.sync_api import sync_playwright

    settings, client = hub
    service = f"/services/{settings.course_id}/formgrader"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        try:
            page.goto(f"{client.base}/hub/login")
            page.fill("#username_input", COACH)
            page.fill("#password_input", PASSWORD)
            page.click("#login_submit")
            page.wait_for_url(f"**/user/{COACH}/lab**", timeout=180_000)
            page.get_by_role("menuitem", name="Nbgrader").click()
            page.get_by_role("menuitem", name="Formgrader", exact=True).click()
            deadline, framed = time.time() + 60, None
            while framed is None and time.time() < deadline:
                framed = next((f for f in page.frames if service in f.url), None)
                page.wait_for_timeout(500)
            assert framed is not None, [f.url for f in page.frames]
            framed.get_by_text("Manage Assignments").first.wait_for()
            framed.locator("table tr", has_text=ASSIGNMENT.id).first.wait_for()  # the course's assignments, not an empty course
            shot(page, "hub-04-coach-formgrader-from-the-menu")
            page.goto(f"{client.base}/services/{settings.course_id}/")
            page.wait_for_url(f"**{service}/**")
            page.get_by_text("Manage Assignments").first.wait_for()
        finally:
            browser.close()


def test_the_formgraders_lists_speak_the_courses_words(hub):
    """The formgrader, as the coach reads it on the hub: decisions and written answers, "needs hand grading", not
    nbgrader's Code Score, Written Score, Needs Manual Grade? and Tests Failed?."""
    settings, client = hub
    token = client.token_for(COACH)
    notebook = ASSIGNMENT.notebook_name.rsplit(".", 1)[0]
    formgrader = f"/services/{settings.course_id}/formgrader"
    status, page = client.api("GET", f"{formgrader}/gradebook/{ASSIGNMENT.id}/{notebook}", token=token)
    assert status == 200, page
    for words in ("Decisions score", "Written answers score", "Needs hand grading?", "A decision score failed?"):
        assert words in page, words
    for words in ("Code Score", "Written Score", "Needs Manual Grade?", "Tests Failed?"):
        assert words not in page, words
    status, script = client.api("GET", f"{formgrader}/static/js/manage_submissions.js", token=token)
    assert status == 200 and "needs hand grading" in script and "needs manual grading" not in script


def test_a_culled_trainee_gets_their_decisions_back(hub):
    """The idle culler, as the hub runs it (its command line read from the running process) but with a
    10-second timeout, stops a trainee's idle server on its own; the trainee starts again and the case
    service gives their decisions back."""
    settings, client = hub
    user = API_TRAINEES[1]
    status, services = client.api("GET", "/hub/api/services")
    assert "idle-culler" in services
    running = subprocess.run(["pgrep", "-af", "jupyterhub_idle_culler"], capture_output=True, text=True).stdout
    assert f"--timeout={settings.idle_timeout}" in running, "the culler runs with the trainer's timeout"
    command = running.splitlines()[0].split()[1:]  # "<pid> <python> -m jupyterhub_idle_culler --timeout=..."
    command = [a for a in command if not a.startswith(("--timeout=", "--cull-every="))] + ["--timeout=10", "--cull-every=3"]
    client.start(user)
    token = client.token_for(user)
    show = _code(f"""
from curriculum.toolkit import CaseSession
case = CaseSession.open('{ASSIGNMENT.id}', folder='{ASSIGNMENT.id}')
case.choose(case.answer['view']['pending']['id'], [case.moment(case.answer['view']['pending']['id'])['options'][0]['id']]) \
    if case.answer['view']['pending'] else None
print(sorted(case.answer['record']['choices'].items()))""")
    out, _ = client.run(user, token, show)
    # the environment the hub gives a service it runs: its API's address and a token (here the admin's)
    culler = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(
        os.environ, JUPYTERHUB_API_URL=f"{client.base}/hub/api", JUPYTERHUB_API_TOKEN=client.admin))
    try:
        deadline, culled = time.time() + 180, False
        while time.time() < deadline and not culled:
            time.sleep(2)
            status, info = client.api("GET", f"/hub/api/users/{user}")
            culled = isinstance(info, dict) and not info.get("servers")
    finally:
        culler.terminate()
        culler.wait(timeout=30)
    assert culled, f"the culler did not stop {user}'s idle server"
    client.start(user)
    token = client.token_for(user)
    again, error = client.run(user, token, show.replace("case.choose", "None and case.choose"))
    assert error is None and again == out and "[]" != again.strip()


def test_a_bad_roster_names_each_bad_line_and_a_password_can_be_reset(hub, tmp_path):
    from deploy.roster import RosterError, reset_password

    settings, client = hub
    bad = tmp_path / "roster.csv"
    bad.write_text("username,first_name,last_name,email,role\nAna Ruiz,Ana,,,trainee\ncwt-x,X,,,teacher\n"
                   "cwt-y,Y,,,\ncwt-y,Y,,,\n", encoding="utf-8")
    with pytest.raises(RosterError) as err:
        read_roster(bad)
    lines = str(err.value).splitlines()
    assert [line.split(":")[1] for line in lines] == ["2", "3", "5"], lines
    assert not accounts.exists("cwt-x") and not accounts.exists("cwt-y"), "nothing of a bad roster is made"
    # Ana set her password at first login (the browser test); a reset lets her set a new one
    assert reset_password(settings, BROWSER) is True
    assert reset_password(settings, BROWSER) is False, "forgotten once"


def test_the_hub_stops_within_seconds_with_no_traceback(hub):
    """Ctrl+C (SIGINT) stops the hub, its services and the servers still running within seconds, and the log has no
    traceback (it took about 60 s, then AttributeError: 'NoneType' object has no attribute 'proto'). The last test of
    the module: the hub is stopped after it."""
    settings, client = hub
    client.start(API_TRAINEES[0])  # a server still running when the hub stops
    before = client.log.stat().st_size
    stopped = time.time()
    client.process.send_signal(signal.SIGINT)
    try:
        client.process.wait(timeout=STOP_SECONDS * 4)
    except subprocess.TimeoutExpired:
        pass
    took = time.time() - stopped
    with open(client.log, "rb") as file:
        file.seek(before)
        log = file.read().decode(errors="replace")  # what the hub wrote from the signal on
    assert client.process.returncode is not None and took < STOP_SECONDS, f"the hub took {took:.0f} s to stop:\n{log}"
    assert "Cleaning up 3 services" in log and "Traceback" not in log and "AttributeError" not in log, log
    assert not subprocess.run(["pgrep", "-u", settings.grader], capture_output=True).stdout, "its services stopped"
    assert not subprocess.run(["pgrep", "-u", API_TRAINEES[0]], capture_output=True).stdout, "the servers stopped"


STOP_SECONDS = 10
