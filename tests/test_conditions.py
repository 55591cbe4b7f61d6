"""Scenario format version 2: conditions (``when:``), text variants, flags, and ``place`` naming who moves.

The conditions are checked where they are written (file, line, field), and the
simulator follows them: a moment of the case comes up, an event happens and
words are chosen only when what they say is true of the case at that time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scenarios import ScenarioError, parse_scenario
from scenarios.conditions import State, holds, season_of, text_for
from scenarios.models import Condition
from scenarios.upgrade import upgrade
from simulator import simulate

ROOT = Path(__file__).resolve().parent.parent
HARLOW = ROOT / "scenarios" / "cases" / "harlow-first-contact" / "scenario.yaml"


def harlow_data() -> dict:
    return yaml.safe_load(HARLOW.read_text(encoding="utf-8"))


def parse(data: dict):
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), "case.yaml")


def test_a_version_1_place_moves_the_households_children_once_upgraded():
    data = harlow_data()
    data["schema_version"] = 1
    for dp in data["decision_points"]:
        for opt in dp["options"]:
            for eff in opt.get("effects", []):
                eff.pop("who", None)
    scenario = parse(data)
    assert scenario.schema_version == 2
    movers = [e.who for dp in scenario.decision_points for o in dp.options for e in o.effects if e.place]
    assert movers == [["mia", "theo"]], "version 1 placed the household's children together"
    adult = {"schema_version": 1, "service": "adult", "family": {"members": [{"id": "walter", "role": "the adult"}]},
             "decision_points": [{"options": [{"effects": [{"place": "congregate"}]}]}]}
    assert upgrade(adult)["decision_points"][0]["options"][0]["effects"][0]["who"] == ["walter"]


def test_place_must_name_who_moves_and_only_family_members():
    data = harlow_data()
    safety = next(dp for dp in data["decision_points"] if dp["id"] == "safety-decision")
    place = next(e for o in safety["options"] for e in o.get("effects", []) if "place" in e)
    place["who"] = ["theodore"]
    with pytest.raises(ScenarioError, match="who names no family member: theodore") as err:
        parse(data)
    assert err.value.problems[0].field.endswith(".effects[0].who") and err.value.problems[0].line
    place.pop("who")
    with pytest.raises(ScenarioError, match="names who moves"):
        parse(data)


@pytest.mark.parametrize("when, message", [
    ({"chose": {"no-such-point": ["x"]}}, "no decision point 'no-such-point'"),
    ({"chose": {"plan-goal": ["x"]}}, "is not decided yet at this moment"),
    ({"chose": {"at-the-door": ["no-such-option"]}}, "has no option 'no-such-option'"),
    ({"placed": ["tobias"]}, "'tobias' is not a family member"),
    ({"flags": ["never-set"]}, "no effect ever sets the flag 'never-set'"),
    ({"referred": ["no-such-service"]}, "no service 'no-such-service'"),
])
def test_a_condition_that_can_never_be_met_names_its_field(when, message):
    data = harlow_data()
    point = next(i for i, dp in enumerate(data["decision_points"]) if dp["id"] == "what-lies-beneath")
    data["decision_points"][point]["when"] = when
    with pytest.raises(ScenarioError, match=message) as err:
        parse(data)
    assert err.value.problems[0].field.startswith(f"decision_points[{point}].when")
    assert err.value.problems[0].line is not None


def test_conditions_read_the_state():
    s = State(chosen={"a": ["x"]}, placed=frozenset({"theo"}), court="filed", engagement=0.3, flags=frozenset({"f"}),
              season="summer")
    assert holds(Condition(chose={"a": ["x", "y"]}, placed=["theo"], court=["filed"], engagement="low"), s)
    assert not holds(Condition(at_home=["theo"]), s)
    assert not holds(Condition(not_chose={"a": ["x"]}), s)
    assert not holds(Condition(engagement="high"), s)
    assert holds(Condition(any=[Condition(flags=["g"]), Condition(flags=["f"])]), s)
    assert not holds(Condition(season=["winter"]), s)
    assert season_of(__import__("datetime").date(2026, 7, 14)) == "summer"
    assert season_of(__import__("datetime").date(2026, 1, 12)) == "winter"


def _branching_harlow() -> dict:
    """Harlow with a moment and an event for a placed Theo, words for each path, and a flag."""
    data = harlow_data()
    points = data["decision_points"]
    safety = next(i for i, dp in enumerate(points) if dp["id"] == "safety-decision")
    later = points[safety + 1]
    later["situations"] = [{"when": {"placed": ["theo"]}, "text": "Theo is in a foster home; you meet Jess at the office."}]
    import copy

    placed_only = dict(copy.deepcopy(points[-1]), id="family-time-plan", title="Family time", week=points[-1]["week"],
                       when={"placed": ["theo"]})
    points.append(placed_only)
    data["stressors"] = [s if "colic" not in s else {"text": s, "when": {"at_home": ["theo"]}} for s in data["stressors"]]
    data["events"] = sorted((data.get("events") or []) + [
        {"week": 3, "title": "A sleepless week with Theo's colic", "when": {"at_home": ["theo"]}},
        {"week": 3, "title": "First family time at the agency", "when": {"placed": ["theo"]},
         "effects": [{"flag": "family-time-started"}]},
        {"week": 4, "title": "Jess asks about the next visit", "when": {"flags": ["family-time-started"]}},
    ], key=lambda e: e["week"])
    return data


def test_the_case_follows_the_path_its_choices_make():
    scenario = parse(_branching_harlow())
    from scenarios.authoring.personas import persona_decisions

    home = persona_decisions("practice-model", scenario)
    placed = dict(home, **{"safety-decision": "place-theo"})
    at_home, in_care = simulate(scenario, home), simulate(scenario, placed)
    titles = lambda r: [e.title for e in r.timeline]  # noqa: E731
    assert "A sleepless week with Theo's colic" in titles(at_home)
    assert "First family time at the agency" not in titles(at_home) and "Jess asks about the next visit" not in titles(at_home)
    assert "A sleepless week with Theo's colic" not in titles(in_care)
    assert "First family time at the agency" in titles(in_care) and "Jess asks about the next visit" in titles(in_care)
    assert not [e for e in in_care.timeline if e.kind == "stressor" and "colic" in e.title and e.week > 1], \
        "no colic for a baby who is not at home"
    assert at_home.skipped == ["family-time-plan"] and in_care.skipped == []
    # the words of the moment after the safety decision follow where Theo lives
    points = [dp.id for dp in scenario.decision_points]
    after = scenario.decision_points[points.index("safety-decision") + 1]
    words = lambda r: text_for(after.situation, after.situations, r.states.get(after.id))  # noqa: E731
    assert words(in_care).startswith("Theo is in a foster home") and words(at_home) == after.situation
    assert in_care.states[after.id].placed == frozenset({"theo"}) and in_care.states[after.id].court in ("filed", "adjudicated")


def _path(scenario, choices):
    return {dp.id for dp in scenario.decision_points} - set(simulate(scenario, choices).skipped)


def test_two_trainees_on_different_paths_can_each_reach_full_marks():
    from grading.key import AnswerKey
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile

    scenario = parse(_branching_harlow())
    key = AnswerKey.from_scenario(scenario)
    best = key.model_choices()
    home = {k: v for k, v in best.items() if k != "family-time-plan"}
    placed = dict(best, **{"safety-decision": ["place-theo"]})
    area = key.point("family-time-plan").practice
    total = key.practice_points()[area]
    fixed = sum(p.points for p in key.points if p.practice == area and not p.conditional)
    assert total == fixed + key.point("family-time-plan").points, \
        "an area is worth its moments on every path, and the largest of those on some paths at each week"
    for choices in (home, placed):
        record = DecisionFile(scenario=scenario.id, choices=choices)
        result = score_record(key, record, _path(scenario, choices))
        assert result.areas[area].earned == pytest.approx(total), choices.get("safety-decision")
    # the placed path's moment counts on that path only: choosing badly there costs points there
    worse = dict(placed, **{"family-time-plan": [min(key.point("family-time-plan").options,
                                                     key=lambda o: key.point("family-time-plan").options[o].credit)]})
    result = score_record(key, DecisionFile(scenario=scenario.id, choices=worse), _path(scenario, worse))
    assert result.areas[area].earned < total
    assert next(d for d in result.decisions if d.point == "family-time-plan").possible > 0
    at_home = score_record(key, DecisionFile(scenario=scenario.id, choices=home), _path(scenario, home))
    assert next(d for d in at_home.decisions if d.point == "family-time-plan").note == "did not come up on this path of the case"


def test_validate_finds_an_unfair_path_and_a_moment_that_never_comes_up():
    from simulator.paths import path_findings

    assert path_findings(parse(harlow_data())) == [], "a case without conditions has one path"
    assert [f for f in path_findings(parse(_branching_harlow())) if f[1] == "error"] == []
    data = _branching_harlow()
    for dp in data["decision_points"]:
        if dp["practice"] == "team":
            dp["when"] = {"placed": ["theo"]}
    findings = path_findings(parse(data))
    assert any(sev == "error" and "no team decision point comes up" in msg for _, sev, msg in findings), findings
    data = _branching_harlow()
    data["decision_points"][-1]["when"] = {"placed": ["mia"]}  # nothing ever places Mia
    findings = path_findings(parse(data))
    assert any(loc == ("decision_points", len(data["decision_points"]) - 1, "when") and sev == "error"
               for loc, sev, _ in findings), findings


def test_casework_validate_reports_paths_with_file_and_line(tmp_path):
    from typer.testing import CliRunner

    from casework.cli import app

    data = _branching_harlow()
    data["decision_points"][-1]["when"] = {"placed": ["mia"]}
    path = tmp_path / "scenario.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert re.search(rf"{re.escape(str(path))}:\d+: error: decision_points\[\d+\]\.when: this condition holds on none",
                     result.output), result.output


def test_the_notebook_shows_the_moments_and_words_of_the_trainees_path(tmp_path):
    from curriculum.toolkit.session import CaseSession, DecisionWidget
    from scenarios.authoring.personas import persona_decisions

    scenario = parse(_branching_harlow()).trainee_view()
    home = persona_decisions("practice-model", parse(_branching_harlow()))
    points = [dp.id for dp in scenario.decision_points]
    after = scenario.decision_points[points.index("safety-decision") + 1]
    for path, safety in (("home", home["safety-decision"]), ("placed", ["place-theo"])):
        session = CaseSession(scenario, tmp_path / path)
        widget = session.decide(after.id)
        assert "A moment still to come" in widget.static_html(), "shown before the case reaches it"
        for dp in scenario.decision_points[: points.index("safety-decision")]:
            assert session.choose(dp.id, home[dp.id]) is None, dp.id
        assert session.choose("safety-decision", safety) is None
        header = widget.children[0].value
        assert ("Theo is in a foster home" in header) == (path == "placed")
        for dp in scenario.decision_points[points.index("safety-decision") + 1:-1]:
            if session.status(dp.id) != "off-path":
                offered = [o["id"] for o in session.moment(dp.id)["options"]]
                choice = home[dp.id] if set(home[dp.id]) <= set(offered) else offered[:1]  # open on this path
                assert session.choose(dp.id, choice) is None, dp.id
        last = session.decide("family-time-plan")
        assert isinstance(last, DecisionWidget)
        if path == "home":
            assert "does not come up in your case" in last.static_html() and last.controls() == []
            assert "Family time" not in session.undecided(), "a moment off the path is never 'not decided yet'"
            assert session.decided_message("plan").startswith("All plan decisions")
        else:
            assert isinstance(last, DecisionWidget) and "Family time" in session.undecided()


SEASONAL = {"winter": re.compile(r"\b(snow|cold snap|frost|heating|icy|winter)\b", re.I),
            "summer": re.compile(r"\b(heat ?wave|summer holidays?|summer break|air condition)", re.I)}


@pytest.mark.parametrize("case", sorted(p.name for p in (ROOT / "scenarios" / "cases").iterdir() if p.is_dir()))
def test_every_library_case_that_can_place_a_child_has_the_placed_branch_and_seasonal_words_fit(case):
    from scenarios import load_case
    from scenarios.conditions import references

    scenario = load_case(case)
    movers = {w for _, eff in scenario.effects() if eff.place for w in eff.who}
    asked = set()
    for _, cond, _ in scenario.conditions():
        asked |= references(cond)["children"]
    if movers and scenario.service == "child":
        assert movers & asked, f"{case} can place {sorted(movers)} but no words or moments follow where they live"
    for i, st in enumerate(scenario.stressors):
        text = st if isinstance(st, str) else st.text
        for season, words in SEASONAL.items():
            if words.search(text):
                assert not isinstance(st, str) and st.when is not None and st.when.season, \
                    f"{case} stressors[{i}] ({text!r}) belongs to a season: give it when: {{season: [{season}]}}"


def test_a_moment_and_its_counterpart_on_another_path_count_once_in_the_areas_worth():
    from grading.key import AnswerKey, OptionKey, PointKey

    opts = {"a": OptionKey(label="a", credit=1.0), "b": OptionKey(label="b", credit=0.0)}
    key = AnswerKey(scenario="x", points=[
        PointKey(id="p1", title="p1", practice="plan", kind="single", points=4, week=1, options=opts),
        PointKey(id="home", title="home", practice="plan", kind="single", points=6, week=5, options=opts, conditional=True),
        PointKey(id="care", title="care", practice="plan", kind="single", points=6, week=5, options=opts, conditional=True),
        PointKey(id="later", title="later", practice="plan", kind="single", points=2, week=9, options=opts, conditional=True),
    ])
    assert key.practice_points() == {"plan": 4 + 6 + 2}


@pytest.mark.parametrize("case, persona", [("brooks-youth-voice", "practice-model"), ("capstone-haddad", "cautious"),
                                           ("whitford-tribal-team", "directive")])
def test_widgets_shown_before_the_path_is_known_follow_it_as_choices_are_made(tmp_path, case, persona):
    """Run All shows every moment before anything is decided; a moment that turns out to be off the path says
    so, takes no choice, and never stops the later moments from opening."""
    from curriculum.toolkit.session import CaseSession, DecisionWidget
    from scenarios.authoring.personas import persona_decisions
    from scenarios import load_case

    scenario = load_case(case)
    decisions = persona_decisions(persona, scenario)
    off = set(simulate(scenario, decisions).skipped)
    assert off, "the case has moments of another path"
    session = CaseSession(scenario.trainee_view(), tmp_path)
    widgets = {dp.id: session.decide(dp.id) for dp in session.scenario.decision_points}
    assert [w.moment["status"] for w in widgets.values()][1:] == ["waiting"] * (len(widgets) - 1)
    for dp in session.scenario.decision_points:
        if dp.id in off:
            continue
        assert session.status(dp.id) == "open", dp.id
        widget = widgets[dp.id]
        if dp.kind != "multiple":
            widget.choice.value = decisions[dp.id][0]
        else:
            for box in widget.boxes:
                box.value = box.option_id in decisions[dp.id]
        assert session.book.choices.get(dp.id) == decisions[dp.id]
    for point in off:
        widget = widgets[point]
        assert isinstance(widget, DecisionWidget) and "does not come up in your case" in widget.static_html()
        assert widget.controls() == [], "a moment off the path offers nothing to choose"
        assert session.choose(point, [scenario.decision_point(point).options[0].id]), "and the case refuses a choice"
        assert not session.book.choices.get(point), "a moment off the path takes no choice"


def test_answering_the_moments_of_both_paths_earns_no_more_than_the_area(tmp_path):
    """Attack: a hand-edited record answers a moment of the other path too, and puts two options at a
    single-choice point so that the path cannot be replayed; the area is still worth no more than its points."""
    from grading.key import AnswerKey
    from grading.pipeline.score import points_on_path
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile
    from grading.key import course_case_file
    from scenarios.packed import pack

    import copy

    data = _branching_harlow()
    placed = next(dp for dp in data["decision_points"] if dp["id"] == "family-time-plan")
    # its counterpart on the home path: the same week and area, so the pair counts once in the area's worth
    data["decision_points"].append(dict(copy.deepcopy(placed), id="home-routine-plan", title="Routines at home",
                                        when={"at_home": ["theo"]}))
    scenario = parse(data)
    key = AnswerKey.from_scenario(scenario)
    best = key.model_choices()  # the best answer at every moment, of both paths
    area = key.point("family-time-plan").practice
    assert key.point("home-routine-plan").practice == area and key.point("home-routine-plan").week == key.point("family-time-plan").week
    forged = dict(best, **{"at-the-door": list(key.point("at-the-door").options)[:2]})
    course_case_file(tmp_path, "a").parent.mkdir(parents=True)
    course_case_file(tmp_path, "a").write_bytes(pack(scenario.trainee_view()))
    path = points_on_path(tmp_path, "a", forged)
    assert path is not None and "family-time-plan" not in path, "the path is replayed all the same"
    scored = score_record(key, DecisionFile(scenario=scenario.id, choices=forged), path)
    assert scored.areas[area].earned <= key.practice_points()[area]
    unreplayed = score_record(key, DecisionFile(scenario=scenario.id, choices=forged), None)
    every = sum(d.earned for d in unreplayed.decisions if d.practice == area)
    assert every > key.practice_points()[area], "the moments of both paths add up past the area's worth"
    assert unreplayed.areas[area].earned == key.practice_points()[area], "even when no path could be replayed"
