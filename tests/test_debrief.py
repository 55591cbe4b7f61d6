"""The class debrief: the coach sees the room, live; the room sees itself on the projector, never who chose what.

A course of this module's own (first-contact, the Harlow case) is built; the real case service runs as a
process on loopback (``service.local.start_local``, local user ``coach``: the local token is both the one trainee
and the coach), and a class plays through an in-process :class:`service.cases.CaseService` on the same record
(``cases.db``), one thread per trainee, decision by decision with a pause between them, as people would.

- the coach's live page, open in headless Chromium while six trainees (mixed personas, one stopping at the
  safety decision) play at once: the counts arrive within a few seconds of the last decision, match the room's
  data and the trainees' own records, and the page never reloads;
- the projector: no trainee name anywhere (the page and every response it fetches), previous and next one
  moment at a time, "Where the room split most", the practice model's choice shown only when revealed, and
  where the room's plans lead beside the practice model's plan;
- the coach's pages and data refuse a request without the token or with a wrong one (401), and a trainee's
  route (``api/plays/...``) answers with the asker's own play only;
- :func:`service.debrief.room` and :func:`service.debrief.anonymous` on plays made up here: counts, ``split``,
  ``most_split``, who waits where and for how many minutes, no name left in the anonymous room.

The browser tests need Debian's Chromium (``apt-get install chromium``); without it they are skipped, unless
``CASEWORK_REQUIRE_BROWSER`` is set (as in CI), where they fail. The rest runs without a browser.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import shutil
import threading
import time
import types
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pytest

from conftest import ASSIGNMENT
from scenarios.authoring.personas import persona_decisions

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
COACH = "coach"  # the name the service's local token stands for
# the class: (trainee, persona, the moment where the trainee stops and waits; None: decides to the end).
# Names no case text contains, so that finding one anywhere means a name leaked.
CLASS = [
    ("kwame.osei", "practice-model", None),
    ("ines.duarte", "cautious", None),
    ("tomasz.nowak", "cautious", None),
    ("priya.raman", "avoidant", None),
    ("mette.larsen", "directive", None),
    ("oluwaseun.ade", "practice-model", "safety-decision"),
]
NAMES = [t for t, _, _ in CLASS]
SAFETY = "safety-decision"
UPDATE_WITHIN_MS = 6000  # the live page polls every 2 s: the counts are there within 6 s of the last decision
COACH_ROUTES = ["debrief/", f"debrief/{ASSIGNMENT}", f"debrief/{ASSIGNMENT}/projector", f"api/debrief/{ASSIGNMENT}",
                f"api/debrief/{ASSIGNMENT}/room", f"api/debrief/{ASSIGNMENT}/futures"]


# --- helpers ---------------------------------------------------------------------------------------------


def http(url: str, token: Optional[str] = None, method: str = "GET", body=None, headers=None):
    """One request; (status, body as text)."""
    head = {"Content-Type": "application/json", **(headers or {})}
    if token is not None:
        head["Authorization"] = f"token {token}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=head)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def play(case_service, trainee: str, persona: str, scenario, stop_at: Optional[str] = None,
         pause: tuple[float, float] = (0.0, 0.0)) -> dict:
    """Play first-contact decision by decision as ``persona`` would, choosing among the options the answer
    offers, with a pause before each decision; stop when the case waits at ``stop_at``. The last answer."""
    rng = random.Random(trainee)
    wanted = persona_decisions(persona, scenario)
    answer = case_service.open(trainee, ASSIGNMENT)
    while answer["view"]["pending"] is not None and answer["view"]["pending"]["id"] != stop_at:
        if pause[1]:
            time.sleep(rng.uniform(*pause))
        point = answer["view"]["pending"]["id"]
        moment = next(m for m in answer["view"]["moments"] if m["id"] == point)
        offered = [o["id"] for o in moment["options"]]
        chosen = [c for c in wanted.get(point, []) if c in offered] or offered[:1]
        if moment["kind"] != "multiple":
            chosen = chosen[:1]
        answer = case_service.decide(trainee, ASSIGNMENT, point, chosen)
        assert not answer["refused"], f"{trainee} at {point}: {answer['refused']}"
    return answer


def expected_counts(scenario, records: dict[str, dict]) -> dict[str, dict[str, int]]:
    """How many trainees chose each option at each moment, from the trainees' own records."""
    out = {dp.id: {o.id: 0 for o in dp.options} for dp in scenario.decision_points}
    for choices in records.values():
        for point, chosen in choices.items():
            for c in chosen:
                out[point][c] += 1
    return out


def room_counts(state: dict) -> dict[str, dict[str, int]]:
    return {m["id"]: {o["id"]: o["count"] for o in m["options"]} for m in state["moments"]}


def expected_most_split(scenario, records: dict[str, dict]) -> Optional[str]:
    """The moment where the room split most, worked out here from the records: at single-choice moments decided
    by at least two, the largest share outside the most common option (then the most decided)."""
    best, best_key = None, (0.0, 0)
    for dp in scenario.decision_points:
        if dp.kind == "multiple":
            continue
        chosen = [tuple(c[dp.id]) for c in records.values() if c.get(dp.id)]
        if len(chosen) < 2:
            continue
        top = max(chosen.count(c) for c in set(chosen))
        key = (round(1 - top / len(chosen), 3), len(chosen))
        if key > best_key:
            best, best_key = dp.id, key
    return best


def no_name_in(text: str, where: str, names=tuple(NAMES)) -> None:
    lowered = text.lower()
    leaked = [n for n in names if n.lower() in lowered]
    assert not leaked, f"{where} carries trainee names {leaked}"


# --- fixtures --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course of first-contact for the checks without a browser (unit checks, 401, a trainee's route)."""
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("debrief-course") / "course"
    build_course(course_dir, [ASSIGNMENT])
    return course_dir


@dataclass
class Classroom:
    """A course, its running case service, and an in-process CaseService on the same record for the class."""

    course: Path
    svc: object  # service.local.LocalService
    cases: object  # service.cases.CaseService
    scenario: object
    records: dict = field(default_factory=dict)  # trainee -> the choices in the course's record
    pending: dict = field(default_factory=dict)  # trainee -> the moment the case waits at (None: decided)
    last_decision: float = 0.0

    def get(self, path: str):
        status, text = http(self.svc.url + path, self.svc.token)
        assert status == 200, (path, status, text[:300])
        return json.loads(text)

    def play_class(self, pause=(0.15, 0.6)) -> None:
        """Every trainee of CLASS plays at once, one thread each (once per module)."""
        if self.records:
            return

        def one(entry):
            trainee, persona, stop_at = entry
            time.sleep(random.Random(trainee + "start").uniform(0, 0.4))
            answer = play(self.cases, trainee, persona, self.scenario, stop_at, pause)
            return trainee, answer

        with ThreadPoolExecutor(len(CLASS)) as pool:
            answers = dict(pool.map(one, CLASS))
        self.last_decision = time.monotonic()
        for trainee, answer in answers.items():
            self.records[trainee] = answer["record"]["choices"]
            self.pending[trainee] = (answer["view"]["pending"] or {}).get("id")


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, harlow):
    from grading.build import build_course
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    course_dir = tmp_path_factory.mktemp("debrief-class") / "course"
    build_course(course_dir, [ASSIGNMENT])
    svc = start_local(course_dir, user=COACH)
    store = Store.for_course(course_dir)
    room = Classroom(course_dir, svc, CaseService(course_dir, store, variant=lambda n: f"local:{n}"), harlow)
    yield room
    store.close()
    svc.stop()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CASEWORK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required for the browser tests: apt-get install chromium")
        pytest.skip("Debian's chromium is not installed")
    if os.environ.get("CASEWORK_REQUIRE_BROWSER"):
        import playwright.sync_api as playwright_sync
    else:
        playwright_sync = pytest.importorskip("playwright.sync_api")
    with playwright_sync.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


# --- service.debrief.room, on plays made up here ---------------------------------------------------------


def _played(harlow, trainee: str, choices: dict, minutes_ago: float = 0.0, finished: bool = False):
    from service.debrief import _Played
    from service.store import PlayRow
    from simulator.play import follow

    at = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=minutes_ago)).isoformat(timespec="milliseconds")
    row = PlayRow(trainee, ASSIGNMENT, "graded", harlow.id, f"local:{trainee}", choices, {}, at if finished else None,
                  at, at)
    return _Played(row, follow(harlow, choices, finished=finished))


def _until(harlow, persona: str, stop_at: Optional[str]) -> dict:
    """A persona's choices up to (not including) ``stop_at``, in case order."""
    wanted = persona_decisions(persona, harlow)
    out = {}
    for dp in harlow.decision_points:
        if dp.id == stop_at:
            break
        out[dp.id] = wanted[dp.id]
    return out


def test_the_room_counts_splits_and_waits(course, harlow):
    """Counts per option in the author's order with the names, reached and decided, the split at each
    single-choice moment and the moment where the room split most, who waits where with minutes (longest
    first), the practice model's choice from the frozen key; ``anonymous`` keeps the figures and drops every
    name."""
    from service.debrief import _key, anonymous, room, split_moments

    played = [
        _played(harlow, "kwame.osei", _until(harlow, "practice-model", None), 30, finished=True),
        _played(harlow, "ines.duarte", _until(harlow, "cautious", None), 20),
        _played(harlow, "tomasz.nowak", _until(harlow, "cautious", None), 25),
        _played(harlow, "mette.larsen", _until(harlow, "directive", None), 15),
        _played(harlow, "oluwaseun.ade", _until(harlow, "practice-model", SAFETY), 4),
        _played(harlow, "priya.raman", {}, 12.5),
        _played(harlow, "zanele.dube", {}, 1),
    ]
    state = room(harlow, played, _key(course, ASSIGNMENT), ASSIGNMENT)
    moments = {m["id"]: m for m in state["moments"]}
    assert [m["id"] for m in state["moments"]] == [dp.id for dp in harlow.decision_points], "case order"
    for dp in harlow.decision_points:
        assert [o["id"] for o in moments[dp.id]["options"]] == [o.id for o in dp.options], "the author's order"
    assert state["trainees"] == 7 and state["finished"] == 4

    door = moments["at-the-door"]
    assert (door["reached"], door["decided"], door["off_path"]) == (7, 5, 0)
    assert {o["id"]: o["count"] for o in door["options"]} == {
        "name-role-purpose": 4, "read-allegations": 1, "routine-check": 0}
    assert next(o for o in door["options"] if o["id"] == "name-role-purpose")["names"] == [
        "ines.duarte", "kwame.osei", "oluwaseun.ade", "tomasz.nowak"]
    assert door["split"] == 0.2
    assert [w["trainee"] for w in door["waiting"]] == ["priya.raman", "zanele.dube"], "the longest wait first"
    assert [w["minutes"] for w in door["waiting"]] == [pytest.approx(12.5, abs=0.15), pytest.approx(1, abs=0.15)]

    safety = moments[SAFETY]
    assert (safety["reached"], safety["decided"]) == (5, 4), "two trainees have not reached it yet"
    counts = {o["id"]: o["count"] for o in safety["options"]}
    assert counts == {"safe-with-plan": 1, "safe-no-plan": 0, "sign-or-removal": 1, "place-theo": 2}
    assert next(o for o in safety["options"] if o["id"] == "place-theo")["names"] == ["ines.duarte", "tomasz.nowak"]
    assert safety["split"] == 0.5
    assert [(w["trainee"], round(w["minutes"])) for w in safety["waiting"]] == [("oluwaseun.ade", 4)]
    assert [o["id"] for o in safety["options"] if o["model"]] == ["safe-with-plan"], "the practice model's choice"
    assert next(o for o in safety["options"] if o["model"])["reason"], "with its reason"

    assert moments["whose-view"]["split"] is None, "no split at a choose-all-that-apply moment"
    assert all(m["waiting"] == [] for k, m in moments.items() if k not in ("at-the-door", SAFETY))
    records = {p.row.trainee: p.path.choices for p in played}
    assert state["most_split"] == expected_most_split(harlow, records)
    ranked = split_moments(state)
    assert ranked[0] == state["most_split"] and len(ranked) <= 3
    assert all(moments[ranked[i]]["split"] >= moments[ranked[i + 1]]["split"] for i in range(len(ranked) - 1))

    text = json.dumps(state)
    anon = anonymous(state)
    no_name_in(json.dumps(anon), "the anonymous room", [p.row.trainee for p in played])
    assert json.dumps(state) == text, "anonymous() leaves the coach's room as it was"
    assert room_counts(anon) == room_counts(state) and anon["most_split"] == state["most_split"]
    anon_moments = {m["id"]: m for m in anon["moments"]}
    assert anon_moments["at-the-door"]["waiting"] == 2 and anon_moments[SAFETY]["waiting"] == 1, "how many, not who"
    assert all("names" not in o for m in anon["moments"] for o in m["options"])


def test_a_room_of_one_voice_has_no_split(course, harlow):
    from service.debrief import _key, room

    played = [_played(harlow, n, _until(harlow, "practice-model", None)) for n in ("kwame.osei", "ines.duarte")]
    state = room(harlow, played, _key(course, ASSIGNMENT), ASSIGNMENT)
    assert state["most_split"] is None
    assert all(m["split"] in (0, None) for m in state["moments"])
    empty = room(harlow, [], None, ASSIGNMENT)
    assert empty["trainees"] == 0 and empty["most_split"] is None
    assert all(o["count"] == 0 and not o["model"] for m in empty["moments"] for o in m["options"]), "no key, no mark"


def test_the_waiting_minutes_grow_while_the_room_is_quiet(course, harlow, monkeypatch):
    """Who is stuck where: a trainee waiting at a moment while nobody else decides shows a growing wait.

    The service's room (``Room.state``, what every debrief route serves) is worked out again only when the
    record changes; the minutes must still be counted up to now (they once stayed as they were when the last
    decision came in). Ten minutes later by the clock, with no decision in between, the served room says what
    ``room()`` asked afresh says, and its version has changed, so a polling page hears of it."""
    import service.debrief as debrief
    from service.cases import CaseService
    from service.store import Store

    store = Store.for_course(course)
    try:
        service = CaseService(course, store, variant=lambda n: f"local:{n}")
        play(service, "stuck.trainee", "practice-model", harlow, stop_at=SAFETY)
        before = service.debrief(ASSIGNMENT)
        version = before["version"]
        wait = next(w for m in before["moments"] for w in m["waiting"] if w["trainee"] == "stuck.trainee")
        assert wait["minutes"] == pytest.approx(0, abs=0.2)

        class Later(dt.datetime):
            @classmethod
            def now(cls, tz=None):
                return dt.datetime.now(tz) + dt.timedelta(minutes=10)

        monkeypatch.setattr(debrief, "dt", types.SimpleNamespace(datetime=Later, timezone=dt.timezone))
        fresh = debrief.room(harlow, service.room._played(ASSIGNMENT), None, ASSIGNMENT)
        assert next(w for m in fresh["moments"] for w in m["waiting"]
                    if w["trainee"] == "stuck.trainee")["minutes"] == pytest.approx(10, abs=0.2)
        served = service.debrief(ASSIGNMENT)
        minutes = next(w for m in served["moments"] for w in m["waiting"]
                       if w["trainee"] == "stuck.trainee")["minutes"]
        assert minutes == pytest.approx(10, abs=0.2), (
            f"ten minutes later, with nobody deciding, the coach's room still says the trainee has waited "
            f"{minutes} min (the room is cached until the record changes, minutes and all)")
        assert served["version"] != version, "a page polling with ?since= hears that the minutes changed"
    finally:
        store.close()


# --- who may see the room --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coach_service(course, harlow):
    """The case service on the unit course, its local token standing for the coach; two trainees in the
    record before the coach plays."""
    from service.cases import CaseService
    from service.local import start_local
    from service.store import Store

    store = Store.for_course(course)
    service = CaseService(course, store, variant=lambda n: f"local:{n}")
    play(service, "mette.larsen", "directive", harlow)
    play(service, "priya.raman", "avoidant", harlow, stop_at="what-lies-beneath")
    store.close()
    svc = start_local(course, user=COACH)
    yield svc
    svc.stop()


def test_the_coach_pages_refuse_a_missing_or_wrong_token(coach_service):
    svc = coach_service
    for route in COACH_ROUTES:
        assert http(svc.url + route, svc.token)[0] == 200, route
        refusals = {
            "no token": http(svc.url + route),
            "a wrong token": http(svc.url + route, "0" * 64),
            "a wrong bearer": http(svc.url + route, headers={"Authorization": "Bearer nope"}),
            "a wrong ?token=": http(svc.url + route + "?token=" + "0" * 64),
            "a wrong cookie": http(svc.url + route, headers={"Cookie": "casework-coach=" + "0" * 64}),
            "the token's prefix": http(svc.url + route, svc.token[:-1]),
        }
        for how, (status, text) in refusals.items():
            assert status == 401, f"{route} with {how}: {status}"
            no_name_in(text, f"{route} refused")
    # the right token once as ?token= gives the browser a cookie, and the cookie alone is then enough
    request = urllib.request.Request(f"{svc.url}debrief/{ASSIGNMENT}?token={svc.token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        cookie = response.headers["Set-Cookie"].split(";", 1)[0]
        assert "HttpOnly" in response.headers["Set-Cookie"]
    assert http(f"{svc.url}api/debrief/{ASSIGNMENT}", headers={"Cookie": cookie})[0] == 200


def test_a_trainee_route_answers_with_the_asker_s_play_only(coach_service, harlow):
    """Playing as ``coach`` (the local token) through ``api/plays/...``: every answer holds that play only,
    never another trainee's name or choices, while two others are in the record."""
    svc = coach_service
    status, text = http(f"{svc.url}api/debrief/{ASSIGNMENT}", svc.token)
    room = json.loads(text)["room"]
    others = {n for m in room["moments"] for o in m["options"] for n in o["names"]}
    others |= {w["trainee"] for m in room["moments"] for w in m["waiting"]}
    assert {"mette.larsen", "priya.raman"} <= others and COACH not in others, "the others are in the coach's room"

    def check(text: str, where: str) -> dict:
        no_name_in(text, where, others)
        answer = json.loads(text)
        assert "room" not in answer
        if "trainee" in answer:
            assert answer["trainee"] == COACH and answer["record"]["variant"] == f"local:{COACH}"
            chosen = {m["id"]: m["chosen"] for m in answer["view"]["moments"] if m.get("chosen")}
            assert chosen == answer["record"]["choices"], f"{where}: the view shows the asker's choices only"
        return answer

    answer = check(http(f"{svc.url}api/plays/{ASSIGNMENT}", svc.token)[1], "the play")
    assert answer["record"]["choices"] == {}, "the coach has not chosen yet: nothing of the others"
    mine: dict = {}
    wanted = persona_decisions("avoidant", harlow)  # mette chose as directive; priya as avoidant, then stopped
    while answer["view"]["pending"] is not None:
        point = answer["view"]["pending"]["id"]
        moment = next(m for m in answer["view"]["moments"] if m["id"] == point)
        offered = [o["id"] for o in moment["options"]]
        chosen = ([c for c in wanted.get(point, []) if c in offered] or offered[:1])
        chosen = chosen if moment["kind"] == "multiple" else chosen[:1]
        status, text = http(f"{svc.url}api/plays/{ASSIGNMENT}/decisions", svc.token, "POST",
                            {"point": point, "options": chosen})
        assert status == 200, text
        answer = check(text, f"the answer at {point}")
        mine[point] = sorted(chosen, key=[o.id for o in harlow.decision_point(point).options].index)
        assert answer["record"]["choices"] == mine
        if point == "what-lies-beneath":  # where priya waits: her name is not in the coach's answer either
            check(http(f"{svc.url}api/plays/{ASSIGNMENT}", svc.token)[1], "the play again")
    status, text = http(f"{svc.url}api/plays/{ASSIGNMENT}/futures", svc.token)
    assert status == 200
    assert check(text, "the futures")["choices"] == mine
    status, text = http(f"{svc.url}api/plays/{ASSIGNMENT}?mode=practice", svc.token)
    assert status == 409, "the practice replay opens after finishing"
    no_name_in(text, "the practice refusal", others)


# --- the live page and the projector in Chromium -----------------------------------------------------------

PAGE_COUNTS = """() => Object.fromEntries(Array.from(document.querySelectorAll('#moments section.moment')).map(
  s => [s.dataset.moment, Object.fromEntries(Array.from(s.querySelectorAll('li[data-option]')).map(
    li => [li.dataset.option, Number(li.querySelector('.count').textContent)]))]))"""

MATCHES = """(expected) => {
  const page = (%s)();
  return JSON.stringify(Object.keys(page)) === JSON.stringify(Object.keys(expected)) &&
    Object.keys(expected).every(m => Object.keys(expected[m]).every(o => page[m][o] === expected[m][o]));
}""" % PAGE_COUNTS


def test_the_live_page_follows_the_class_without_a_reload(classroom, browser, harlow):
    """Six trainees play at once while the coach's page is open: the counts arrive, by the page's own polling,
    within 6 s of the last decision, agree with the room's data and with what each trainee chose, name who chose
    what and who waits where, and the page is never reloaded."""
    from playwright.sync_api import expect

    assert not classroom.records, "the live page watches the class play from the start"
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    navigations, polls = [], []
    page.on("framenavigated", lambda f: navigations.append(f.url) if f == page.main_frame else None)
    page.on("response", lambda r: polls.append(r.status) if f"api/debrief/{ASSIGNMENT}?since=" in r.url else None)
    try:
        response = page.goto(f"{classroom.svc.url}debrief/{ASSIGNMENT}?token={classroom.svc.token}")
        assert response.status == 200
        page.evaluate("window.__openedOnce = 'debrief-test'")
        expect(page.locator("#summary .trainees")).to_have_text("0")
        expect(page.locator("#updated")).to_have_text(re.compile(r"^live, checked"), timeout=4000)
        assert 204 in polls, "nothing changed yet: the service answered the page's poll with 204"

        done = threading.Event()
        seen_during: list = []
        player = threading.Thread(target=lambda: (classroom.play_class(), done.set()))
        player.start()
        try:
            expect(page.locator("#summary .trainees")).to_have_text(str(len(CLASS)), timeout=UPDATE_WITHIN_MS)
            seen_during.append(not done.is_set())
        finally:
            player.join(timeout=60)
        assert not player.is_alive() and classroom.records, "the class played"
        assert seen_during == [True], "the page showed the class arriving while it was still playing"

        expected = expected_counts(harlow, classroom.records)
        left_ms = UPDATE_WITHIN_MS - 1000 * (time.monotonic() - classroom.last_decision)
        try:
            page.wait_for_function(MATCHES, arg=expected, timeout=max(left_ms, 1))
        except Exception:  # noqa: BLE001 - say what the page shows instead
            shot(page, "debrief-live-late")
            assert page.evaluate(PAGE_COUNTS) == expected, f"the page's counts {UPDATE_WITHIN_MS} ms after the last decision"
            raise
        arrived = time.monotonic() - classroom.last_decision
        shot(page, "debrief-live")

        # the page, the room's data and the trainees' own records agree
        room = classroom.get(f"api/debrief/{ASSIGNMENT}")["room"]
        assert room_counts(room) == expected == page.evaluate(PAGE_COUNTS)
        placed = [t for t, c in classroom.records.items() if c.get(SAFETY) == ["place-theo"]]
        assert sorted(placed) == ["ines.duarte", "tomasz.nowak"]
        theo = page.locator(f"#moment-{SAFETY} li[data-option='place-theo']")
        expect(theo.locator(".count")).to_have_text(str(len(placed)))
        expect(theo.locator(".names")).to_have_text(", ".join(sorted(placed)))
        decided_to_end = [t for t, p in classroom.pending.items() if p is None]
        expect(page.locator("#summary .finished")).to_have_text(str(len(decided_to_end)))
        assert classroom.pending["oluwaseun.ade"] == SAFETY
        expect(page.locator(f"#moment-{SAFETY} .waiting")).to_contain_text("oluwaseun.ade (")
        expect(page.locator(f"#moment-{SAFETY} .waiting")).to_contain_text(" min)")
        expect(page.locator(f"#moment-{SAFETY} .decided")).to_have_text(str(len(CLASS) - 1))
        # the practice model's choice, marked for the coach
        marked = page.locator(f"#moment-{SAFETY} li:has(.model-mark)")
        expect(marked).to_have_count(1)
        expect(marked).to_have_attribute("data-option", "safe-with-plan")
        expect(page.locator(f"#moment-{room['most_split']}.split")).to_have_count(1)

        # never reloaded: one navigation, the marker still there
        assert page.evaluate("window.__openedOnce") == "debrief-test"
        assert page.evaluate("performance.getEntriesByType('navigation').map(e => e.type)") == ["navigate"]
        assert len(navigations) == 1, navigations
        assert 200 in polls, "the new counts came by the page's poll"
        print(f"the live page showed the class's last decision {arrived:.1f} s after it")
    finally:
        page.close()


def test_the_projector_shows_the_room_without_a_name(classroom, browser, harlow):
    """The projector: one moment at a time, in case order; Where the room split most; Reveal; Where the room's
    plans lead; a change in the room arrives by its poll; and no name in the page or anything it fetched."""
    from playwright.sync_api import expect

    classroom.play_class()
    room = classroom.get(f"api/debrief/{ASSIGNMENT}")["room"]
    order = [m["id"] for m in room["moments"]]
    assert room["most_split"] == expected_most_split(harlow, classroom.records)
    model = {m["id"]: [o["id"] for o in m["options"] if o["model"]] for m in room["moments"]}

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    responses = []
    page.on("response", lambda r: responses.append(r))
    try:
        assert page.goto(f"{classroom.svc.url}debrief/{ASSIGNMENT}/projector?token={classroom.svc.token}").status == 200
        slides = page.locator(".slide")
        expect(slides).to_have_count(len(order))
        current = page.locator(".slide.current")

        def at(i: int) -> None:
            expect(current).to_have_count(1)
            expect(current).to_have_attribute("data-index", str(i))
            expect(current.locator(".moment")).to_have_attribute("data-moment", order[i])
            expect(page.locator("#where")).to_have_text(f"{i + 1} of {len(order)}")

        at(0)
        page.click("#prev")
        at(0)
        for i in range(1, len(order)):
            page.click("#next")
            at(i)
        page.click("#next")
        at(len(order) - 1)
        for i in range(len(order) - 2, -1, -1):
            page.click("#prev")
            at(i)
        page.keyboard.press("ArrowRight")
        at(1)

        page.click("#split")
        at(order.index(room["most_split"]))
        expect(current.locator(".moment.split .splitnote")).to_be_visible()

        # the practice model's choice only when revealed
        mark = current.locator(".model-mark")
        expect(mark).to_have_count(len(model[room["most_split"]]))
        expect(page.locator("body")).to_have_class("reveal-off")
        expect(mark.first).to_be_hidden()
        expect(current.locator(".reason").first).to_be_hidden()
        page.check("#reveal")
        expect(mark.first).to_be_visible()
        expect(current.locator(".reason").first).to_be_visible()
        assert current.locator("li:has(.model-mark)").first.get_attribute("data-option") in model[room["most_split"]]
        shot(page, "debrief-projector-revealed")
        page.uncheck("#reveal")
        expect(mark.first).to_be_hidden()

        # a decision in the room arrives by the projector's poll, still without a name
        slide = page.locator(f".slide:has(.moment[data-moment='{SAFETY}']) .moment")
        before = int(slide.get_attribute("data-decided"))
        play(classroom.cases, "oluwaseun.ade", "practice-model", harlow, stop_at="what-lies-beneath")
        expect(page.locator(f".slide:has(.moment[data-moment='{SAFETY}']) .moment")).to_have_attribute(
            "data-decided", str(before + 1), timeout=UPDATE_WITHIN_MS)
        expect(current).to_have_count(1)

        # where the room's plans lead, beside the practice model's plan
        page.click("#plans")
        table = page.locator("#futures table.futures")
        expect(table).to_be_visible(timeout=20_000)
        expect(table.locator("tr.model-row")).to_have_count(1)
        expect(table.locator("tr.model-row")).to_contain_text("The practice model's plan")
        groups = table.locator("tr:not(.model-row):has(td)")
        sizes = [int(groups.nth(i).locator("td").first.inner_text()) for i in range(groups.count())]
        assert len(sizes) >= 2, "the room's plans fall in more than one group"
        assert sum(sizes) == len(CLASS) - 1, "every trainee decided to the end, once"
        shot(page, "debrief-projector-plans")

        # no name anywhere: the page, and every response it fetched
        no_name_in(page.content(), "the projector's page")
        no_name_in(page.inner_text("body"), "the projector's text")
        fetched = [r for r in responses if r.status != 204]
        urls = {r.url.split("?")[0].replace(classroom.svc.url, "") for r in responses}
        assert {f"debrief/{ASSIGNMENT}/projector", f"api/debrief/{ASSIGNMENT}/room",
                f"api/debrief/{ASSIGNMENT}/futures"} <= urls, urls
        assert f"api/debrief/{ASSIGNMENT}" not in urls, "the projector never asks for the room with names"
        for r in fetched:
            no_name_in(r.body().decode("utf-8", "replace"), r.url)
        assert any(r.status == 200 and "/room" in r.url for r in responses), "a room's update was read"
    finally:
        page.close()


def test_the_live_page_says_when_the_service_refuses_it(classroom, browser):
    """``#updated`` tells the coach the page is live; when the service refuses the page's poll (here: the
    coach's cookie gone; on a hub, a 403 or an expired login), the counts stop changing, and the page must not
    go on saying it is live."""
    from playwright.sync_api import expect

    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{classroom.svc.url}debrief/{ASSIGNMENT}?token={classroom.svc.token}")
        expect(page.locator("#updated")).to_contain_text("live, checked", timeout=4000)
        refused = []
        page.on("response", lambda r: refused.append(r.status) if "api/debrief" in r.url else None)
        context.clear_cookies()
        page.wait_for_timeout(2500)
        assert 401 in refused, "the service refused the page's poll"
        page.wait_for_timeout(200)
        text = page.inner_text("#updated")
        assert "live, checked" not in text, f"the service refuses the page's poll (401) but #updated says {text!r}"
    finally:
        context.close()


def test_the_projector_s_controls_cover_no_option(classroom, browser):
    """On a 1024 x 768 projector, scrolled as far as it goes, every option of the moment where the room split
    most can be read: the fixed controls (which once had no background and wrapped to two rows over the last
    option) do not sit over an option."""
    classroom.play_class()
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    try:
        page.goto(f"{classroom.svc.url}debrief/{ASSIGNMENT}/projector?token={classroom.svc.token}")
        page.click("#split")
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        covered = page.evaluate("""() => {
          const c = document.querySelector('.controls').getBoundingClientRect();
          return Array.from(document.querySelectorAll('.slide.current li')).filter(li => {
            const r = li.getBoundingClientRect(); return r.bottom > c.top && r.top < c.bottom; })
            .map(li => li.dataset.option); }""")
        if covered:
            shot(page, "debrief-projector-1024x768")
        assert not covered, f"scrolled to the bottom at 1024x768, the controls cover the options {covered}"
    finally:
        page.close()
