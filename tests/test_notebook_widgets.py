"""The trainee's notebook in a real kernel: widgets ask the course's case service (a real process on loopback,
started for this module on a course of its own), the record is the service's, the copy beside the notebook
follows it, and a restart puts every choice and lock back."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ASSIGNMENT
from scenarios.authoring.personas import persona_decisions


TRAINEE = "kim"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("widgets") / "course"
    build_course(course_dir, [ASSIGNMENT])
    return course_dir


@pytest.fixture(scope="module")
def service(course):
    """The case service for one trainee, with its address and token in the environment kernels inherit."""
    from service.local import start_local

    svc = start_local(course, user=TRAINEE)
    with pytest.MonkeyPatch.context() as mp:
        for key, value in svc.env().items():
            mp.setenv(key, value)
        yield svc
    svc.stop()


@pytest.fixture(scope="module")
def trainee_copy(course, service, tmp_path_factory):
    folder = tmp_path_factory.mktemp("trainee") / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    return folder


def record(course, trainee=TRAINEE) -> dict:
    from service.store import Store

    store = Store.for_course(course)
    try:
        row = store.play(trainee, ASSIGNMENT)
        return row.choices if row else {}
    finally:
        store.close()


def printed(cell) -> str:
    """What a cell printed (a display update between two prints splits the stream into several outputs)."""
    return "".join(o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout")


def run(folder, extra_code: str = ""):
    nb = nbformat.read(folder / f"{ASSIGNMENT}.ipynb", as_version=4)
    if extra_code:
        nb.cells.append(nbformat.v4.new_code_cell(extra_code))
    client = NotebookClient(nb, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}})
    client.execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


def test_the_released_notebook_runs_in_a_fresh_kernel(trainee_copy):
    nb, errors = run(trainee_copy)
    assert errors == []
    saved = json.loads((trainee_copy / "decisions.json").read_text())
    assert saved["choices"] == {}, "running the notebook alone decides nothing"
    assert saved["variant"] == f"local:{TRAINEE}", "the trainee's variant is the course's, kept in the copy"


def test_choosing_in_a_widget_saves_at_once_and_restores_after_restart(trainee_copy, harlow, course):
    from simulator import simulate

    decisions = persona_decisions("practice-model", harlow)
    off = set(simulate(harlow, decisions).skipped)  # moments of another path: no widget, nothing to click
    decisions = {k: v for k, v in decisions.items() if k not in off}
    # set each widget's value as a click would, in the trainee's kernel
    clicks = ["w = case._widgets"]
    for dp in harlow.decision_points:
        if dp.id in off:
            continue
        if dp.kind != "multiple":
            clicks.append(f"w[{dp.id!r}].choice.value = {decisions[dp.id][0]!r}")
        else:
            clicks.append(f"[setattr(b, 'value', b.option_id in {decisions[dp.id]!r}) for b in w[{dp.id!r}].boxes]")
    last = [dp.id for dp in harlow.decision_points if dp.id not in off][-1]
    clicks.append("from curriculum.toolkit import views")
    clicks.append(f"print(views.consequence_html(case.moment({last!r}), case.opened_on))")
    nb, errors = run(trainee_copy, "\n".join(clicks))
    assert errors == []
    assert record(course) == decisions, "each click is the course's record at once"
    saved = json.loads((trainee_copy / "decisions.json").read_text())
    assert saved["choices"] == decisions, "and the copy beside the notebook follows it"
    assert "last decision" in printed(nb.cells[-1])

    # a new kernel (as after a restart) puts the choices back into the widgets
    restore = "print({k: sorted(w.chosen()) for k, w in case._widgets.items() if w.chosen()})"
    nb, errors = run(trainee_copy, restore)
    assert errors == []
    assert eval(printed(nb.cells[-1])) == {k: sorted(v) for k, v in decisions.items()}


def test_options_come_in_the_trainees_own_order_and_lock_once_the_case_moves_on(course, harlow, tmp_path,
                                                                                 monkeypatch):
    """Two identities see different orders; the order is recorded; an earlier choice locks after the next one."""
    from service.local import start_local

    folder = tmp_path / ASSIGNMENT
    shutil.copytree(course / "release" / ASSIGNMENT, folder)
    other = start_local(course, user="lee")  # another trainee: their own play of the same course
    for key, value in other.env().items():
        monkeypatch.setenv(key, value)
    first, second = harlow.decision_points[0], harlow.decision_points[1]
    code = "\n".join([
        "w = case._widgets",
        f"a, b = w[{first.id!r}], w[{second.id!r}]",
        "print(repr([o for _, o in a.choice.options]), b.moment['status'] == 'waiting' and b.controls() == [])",
        f"a.choice.value = {first.options[1].id!r}",
        "print(b.choice.disabled, a.choice.disabled)",
        f"b.choice.value = {second.options[0].id!r}",
        "print(a.choice.disabled)",
        f"a.choice.value = {first.options[0].id!r}  # a front end that ignored 'disabled'",
        "print(repr(case.book.choices))",
    ])
    try:
        nb, errors = run(folder, code)
        assert errors == []
        assert record(course, "lee")[first.id] == [first.options[1].id]
        again_nb, again_errors = run(folder, "w = case._widgets\n"
                                             f"print(w[{first.id!r}].choice.disabled, "
                                             f"repr([o for _, o in w[{first.id!r}].choice.options]))")
    finally:
        other.stop()
    lines = printed(nb.cells[-1]).splitlines()
    shown, waiting = lines[0].rsplit(" ", 1)
    assert waiting == "True", "a later point waits until the earlier one is decided"
    assert lines[1] == "False False" and lines[2] == "True", "the first point locks once the second is decided"
    choices = eval(lines[3])
    assert choices[first.id] == [first.options[1].id], "a locked point never changes the record"
    saved = json.loads((folder / "decisions.json").read_text())
    assert saved["shown"][first.id] == eval(shown), "the order shown is recorded with the decision"
    log = [json.loads(line) for line in (folder / "decisions.log.jsonl").read_text().splitlines()]
    assert any(e.get("shown") == eval(shown) and e.get("variant") == saved["variant"] for e in log)

    # a restart keeps the lock and the order
    assert again_errors == []
    locked, again = printed(again_nb.cells[-1]).strip().split(" ", 1)
    assert locked == "True" and eval(again) == eval(shown)

    # another trainee (another variant) sees another order at some point of the case
    from scenarios.variant import shown_orders

    mine = shown_orders(saved["variant"], harlow)
    assert any(shown_orders(f"local:other{n}", harlow) != mine for n in range(3))
    assert sorted(mine[first.id]) == sorted(o.id for o in first.options)


# --- the play-out tells the truth (issue 15, item 4): fast checks of the logic, no kernel ------------------

def _played(harlow):
    from simulator import simulate

    decisions = persona_decisions("practice-model", harlow)
    return decisions, simulate(harlow, decisions, harlow.seed)


def test_the_case_up_to_a_week_shows_nothing_after_it(harlow):
    import re

    from curriculum.toolkit.render import case_up_to

    _, result = _played(harlow)
    html = case_up_to(result, 10, harlow.opened_on)
    assert "Where the case stands after 10 weeks" in html and "after 52 weeks" not in html
    assert "to week 10:" in html  # the plot's words stop at the week too
    dates = re.findall(r"<li class='[a-z]+'>\w{3} (\d{1,2} \w{3} \d{4})", html)
    import datetime as dt

    assert dates and max(dt.datetime.strptime(d, "%d %b %Y").date() for d in dates) <= harlow.opened_on + dt.timedelta(weeks=10)
    whole = case_up_to(result, None, harlow.opened_on)
    assert "Where the case stands after 52 weeks" in whole


def test_a_week_and_a_count_read_in_plain_words():
    from curriculum.toolkit import views

    assert views.time_in(1.75) == "1 week and 5 days in"
    assert views.time_in(0) == "the first day" and views.time_in(3) == "3 weeks in" and views.time_in(1) == "1 week in"
    assert views.plain("1 families already waiting") == "one family already waiting"
    assert views.plain("0 families already waiting") == "no other family waiting"
    assert views.plain("12 families already waiting") == "12 families already waiting"
    assert views.plain("after 0.3 weeks on the waiting list") == "after 2 days on the waiting list"


def test_a_line_logged_twice_on_one_day_is_shown_once():
    from curriculum.toolkit import views
    from simulator.records import TimelineEvent

    events = [TimelineEvent(1, "2026-01-19", "stressor", "A late rent payment"),
              TimelineEvent(1, "2026-01-19", "stressor", "A late rent payment"),
              TimelineEvent(2, "2026-01-26", "stressor", "A late rent payment"),
              TimelineEvent(3, "2026-02-02", "service", "Referred to a clinic", "1 families already waiting")]
    html = views.events_list(events)
    assert html.count("A late rent payment") == 2
    assert "one family already waiting" in html and "1 families" not in html


def test_one_colour_for_one_meaning_in_the_timeline():
    from curriculum.toolkit import palette, views

    colours = list(palette.MEANINGS.values())
    assert len(colours) == len(set(colours)), "two meanings share a colour"
    lines = {label: colour for _, label, colour, _ in views.TIMELINE_SERIES}
    assert lines["Stress"] == palette.STRESS != palette.INCIDENT
    assert palette.CLOSURE not in lines.values() and palette.INCIDENT not in lines.values()


def test_the_timeline_plot_draws_no_week_after_the_slider(harlow):
    import matplotlib

    matplotlib.use("Agg")
    from curriculum.toolkit import palette, views

    _, result = _played(harlow)
    fig = views.timeline_figure(result, upto_week=10)
    ax = fig.axes[0]
    assert max(max(line.get_xdata(), default=0) for line in ax.get_lines()) <= 10
    assert ax.get_xlim()[1] == 52, "the axis keeps the whole year, so the scale does not jump"
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Weeks still to come" in legend
    incident_lines = [l for l in ax.get_lines() if l.get_color() == palette.INCIDENT]
    assert all(l.get_xdata()[0] <= 10 for l in incident_lines)


def test_the_play_out_counts_whole_weeks_and_never_says_seed(harlow):
    """Numbers read as people count them (issue 22 item 4): "Weeks in care 29", not 29.362; no "seed" in the
    card, the plot's title or its words."""
    import dataclasses

    import matplotlib

    matplotlib.use("Agg")
    from curriculum.toolkit import views
    from curriculum.toolkit.render import case_up_to

    _, result = _played(harlow)
    outcomes = dataclasses.replace(result.outcomes, weeks_in_care=29.362, weeks_waiting_for_service=3.4)
    rows = dict(views.outcome_rows(outcomes))
    assert rows["Weeks in care"] == "29" and rows["Weeks on waiting lists"] == "3"
    assert views.whole_weeks(0) == "none" and views.whole_weeks(0.3) == "less than a week"
    card = views.standing_card(dataclasses.replace(result, outcomes=outcomes), None, harlow.opened_on)
    assert "<th style='text-align:left'>Weeks in care</th><td>29</td>" in card and "29.362" not in card, card
    for week in (10, None):
        fig = views.timeline_figure(result, upto_week=week)
        assert "seed" not in fig.axes[0].get_title().lower(), fig.axes[0].get_title()
        assert "seed" not in case_up_to(result, week, harlow.opened_on).lower()


def test_the_static_copy_of_a_decision_shows_the_choice_and_no_key(harlow, tmp_path):
    from curriculum.toolkit import CaseSession, live

    decisions = persona_decisions("practice-model", harlow)
    case = CaseSession(harlow.trainee_view(), tmp_path)
    dp = case.scenario.decision_points[0]
    assert case.choose(dp.id, decisions[dp.id]) is None
    widget = case.decide(dp.id)
    html = live.fallback_html(widget.static_html())
    chosen = next(o for o in harlow.decision_point(dp.id).options if o.id in decisions[dp.id])
    assert f"{chosen.label.strip()} (your choice)" in html.replace("&#x27;", "'").replace("&quot;", '"')
    for option in harlow.decision_point(dp.id).options:
        assert option.key is None or option.key.rationale.strip()[:40] not in html, "the key's rationale is shown"
    assert "run this cell" in html
    assert "Your choice:" in widget._repr_mimebundle_()["text/plain"]


def test_the_outcome_card_shows_what_removal_cost_the_child(harlow):
    """Issue 25 item 4: beside safety, the card shows removal's costs: the connections lost, the child's
    well-being, maltreatment in care, the court, and a removal a safety plan could have avoided; a child kept at
    home reads only the well-being."""
    import dataclasses

    from curriculum.toolkit import views

    _, result = _played(harlow)
    removed = dataclasses.replace(result.outcomes, placed=True, connections_lost=3, child_wellbeing=0.61,
                                  incidents_in_care=1, court_hearings=4, removal_unneeded=True)
    rows = dict(views.outcome_rows(removed))
    assert rows["Connections the child lost (homes, schools, people)"] == "3"
    assert rows["The child's well-being at the end (0-1; 1 = no harm from the case)"] == "0.61"
    assert rows["Maltreatment in care"] == "1" and rows["Court hearings"] == "4"
    assert rows["Was the removal needed?"].startswith("no: a safety plan could have kept the child safe at home")
    needed = dict(views.outcome_rows(dataclasses.replace(removed, removal_unneeded=False)))
    assert needed["Was the removal needed?"].startswith("yes")
    home = dict(views.outcome_rows(dataclasses.replace(result.outcomes, placed=False)))
    assert "Connections the child lost (homes, schools, people)" not in home
    assert "The child's well-being at the end (0-1; 1 = no harm from the case)" in home
    card = views.outcomes_card(removed, 52)
    assert "Was the removal needed?" in card and "Connections the child lost" in card
