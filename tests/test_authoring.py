"""The author's toolkit: content lint, a new case from the template, play in the terminal, coverage."""

from __future__ import annotations

import copy
import re

import pytest
import yaml
from typer.testing import CliRunner

from casework.cli import app
from scenarios.catalog import load_catalog
from scenarios.lint import ERROR, WARNING, check_file, check_text, errors
from scenarios.loader import case_path, library, to_yaml

HARLOW = "harlow-first-contact"
runner = CliRunner()


def harlow_data() -> dict:
    return yaml.safe_load(case_path(HARLOW).read_text(encoding="utf-8"))


def findings_for(data: dict):
    return check_text(to_yaml(data), "case.yaml")


def only(findings, severity=ERROR):
    return [f for f in findings if f.severity == severity]


# --- content lint ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", library())
def test_every_library_case_lints_without_errors(case):
    assert errors(check_file(case_path(case).parent)) == [], case  # the folder: scenario.yaml and README.md


def test_a_decision_without_a_contradicting_option_is_an_error():
    data = harlow_data()
    for opt in data["decision_points"][0]["options"]:
        opt["key"].pop("contradicts", None)
    [finding] = only(findings_for(data))
    assert finding.field == "decision_points[0].options"
    assert "no option contradicts a behaviour" in finding.message
    assert finding.line is not None


def test_a_decision_without_a_demonstrating_option_is_an_error():
    data = harlow_data()
    for opt in data["decision_points"][1]["options"]:
        opt["key"].pop("demonstrates", None)
    [finding] = only(findings_for(data))
    assert finding.field == "decision_points[1].options" and "no option demonstrates" in finding.message


def test_an_unknown_behaviour_id_is_an_error():
    data = harlow_data()
    data["decision_points"][0]["options"][0]["key"]["demonstrates"] = ["engage.explain-purpos"]
    [finding] = only(findings_for(data))
    assert finding.field == "decision_points[0].options[0].key.demonstrates[0]"
    assert "unknown behaviour id 'engage.explain-purpos'" in finding.message


def test_an_effect_on_an_unknown_parameter_or_service_is_an_error():
    data = harlow_data()
    data["events"][0]["effects"] = [{"parameter": "stres", "add": 0.1}]
    [finding] = only(findings_for(data))
    assert finding.field == "events[0].effects[0].parameter" and "unknown case parameter 'stres'" in finding.message
    data["events"][0]["effects"] = [{"refer": "food_bank"}]
    [finding] = only(findings_for(data))
    assert finding.field == "events[0].effects[0].refer" and "unknown service 'food_bank'" in finding.message


def test_credits_out_of_range_are_errors():
    data = harlow_data()
    single = next(i for i, dp in enumerate(data["decision_points"]) if dp["kind"] == "single")
    multiple = next(i for i, dp in enumerate(data["decision_points"]) if dp["kind"] == "multiple")
    broken = copy.deepcopy(data)
    for opt in broken["decision_points"][single]["options"]:
        opt["key"]["credit"] = min(opt["key"]["credit"], 0.5)
    [finding] = only(findings_for(broken))
    assert finding.field == f"decision_points[{single}].options" and "no option earns the full points" in finding.message
    broken = copy.deepcopy(data)
    for opt in broken["decision_points"][multiple]["options"]:
        opt["key"]["credit"] = min(opt["key"]["credit"], 0.1)
    [finding] = only(findings_for(broken))
    assert "positive credits should add up to 1" in finding.message
    broken = copy.deepcopy(data)
    broken["decision_points"][0]["options"][0]["key"]["credit"] = 2
    [finding] = only(findings_for(broken))
    assert finding.field == "decision_points[0].options[0].key.credit" and "less than or equal to 1" in finding.message


def test_events_out_of_time_order_or_after_the_horizon_are_errors():
    data = harlow_data()
    assert len(data["events"]) >= 2
    data["events"][0]["week"], data["events"][1]["week"] = data["events"][1]["week"], data["events"][0]["week"]
    [finding] = only(findings_for(data))
    assert finding.field == "events[1].week" and "time order" in finding.message
    data = harlow_data()
    data["events"][-1]["week"] = data["horizon_weeks"] + 1
    [finding] = only(findings_for(data))
    assert finding.field == f"events[{len(data['events']) - 1}].week" and "never happens" in finding.message


def test_options_a_trainee_cannot_tell_apart_are_errors():
    data = harlow_data()
    options = data["decision_points"][0]["options"]
    options[1]["label"] = options[0]["label"].upper()
    [finding] = only(findings_for(data))
    assert finding.field == "decision_points[0].options[1].label" and "cannot tell them apart" in finding.message


def test_leftover_placeholders_are_errors_with_their_line(tmp_path):
    text = case_path(HARLOW).read_text(encoding="utf-8")
    text = text.replace("title: At the door\n", "title: At the door TODO\n", 1)
    text = text.replace("prompt: How do you begin?\n", "prompt: <Write the question the trainee answers>\n", 1)
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    found = errors(check_file(path))
    lines = text.splitlines()
    assert [(f.line, f.field) for f in found] == [
        (lines.index("    title: At the door TODO") + 1, "decision_points[0].title"),
        (lines.index("    prompt: <Write the question the trainee answers>") + 1, "decision_points[0].prompt"),
    ]
    assert all("leftover placeholder" in f.message for f in found)


def test_ordinary_words_are_not_placeholders():
    data = harlow_data()
    data["family"]["strengths"].append("Su abuela dice: 'todo va a estar bien' (everything will be fine).")
    assert only(findings_for(data)) == []


def test_rubric_that_does_not_reach_the_answer_s_points_is_an_error():
    data = harlow_data()
    data["written_answers"][0]["points"] = 5
    [finding] = only(findings_for(data))
    assert finding.field == "written_answers[0].rubric" and "worth 5" in finding.message


def test_warnings_do_not_fail_validation_unless_strict(tmp_path):
    data = harlow_data()
    data["services"].append({"id": "food_bank", "name": "the food bank", "need": "food", "places": 5, "length_weeks": 4})
    path = tmp_path / "scenario.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    found = check_file(path)
    assert only(found) == [] and [f.field for f in only(found, WARNING)] == [f"services[{len(data['services']) - 1}].id"]
    ok = runner.invoke(app, ["validate", str(path)])
    assert ok.exit_code == 0 and "warning: services" in ok.output and "ok (1 warning(s))" in ok.output
    strict = runner.invoke(app, ["validate", "--strict", str(path)])
    assert strict.exit_code == 1


def test_validate_prints_errors_as_file_line_field_and_fails(tmp_path):
    data = harlow_data()
    for opt in data["decision_points"][0]["options"]:
        opt["key"].pop("contradicts", None)
    path = tmp_path / "scenario.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(case_path(HARLOW)), str(path)])
    assert result.exit_code == 1
    line = check_file(path)[0].line
    assert f"{path}:{line}: error: decision_points[0].options: no option contradicts" in result.output
    assert f"{case_path(HARLOW)}: ok" in result.output


def test_validate_names_a_stressor_never_drawn_and_an_event_that_never_happened(tmp_path):
    """A condition met on no path is named for what it guards; other conditions keep the generic sentence."""
    data = harlow_data()
    data["parameters"]["stressor_rate"] = 0  # nothing is ever drawn
    data["stressors"].append({"text": "a job loss", "when": {"at_home": ["theo"]}})
    data["events"].insert(0, {"week": 0.25, "title": "Carol moves in", "when": {"placed": ["theo"]},
                              "effects": [{"flag": "carol-moved-in"}]})
    data["decision_points"][-1]["situations"] = [{"when": {"flags": ["carol-moved-in"]}, "text": "Carol lives there."}]
    data["decision_points"][0]["situations"] = [{"when": {"season": ["summer"]}, "text": "A hot January day."}]
    path = tmp_path / "scenario.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    lines = {line.split(": warning: ")[1].split(":", 1)[0]: line for line in result.output.splitlines()
             if ": warning: " in line}
    stressor = lines[f"stressors[{len(data['stressors']) - 1}].when"]
    assert re.search(r"the stressor 'a job loss' was never drawn in the \d+ seeded runs \(one a path tried, seed "
                     r"2026\), though its condition held at a decision on \d+ of them", stressor), stressor
    assert "holds on none" not in stressor
    event = lines["events[0].when"]
    assert "the event 'Carol moves in' (week 0.25) never happened in the " in event
    assert "its condition did not hold at week 0.25 on any of them" in event
    flagged = lines[f"decision_points[{len(data['decision_points']) - 1}].situations[0].when"]
    assert "the event 'Carol moves in', which alone sets the flag 'carol-moved-in' this condition asks for, never " \
           "happened in the " in flagged
    generic = lines["decision_points[0].situations[0].when"]
    assert re.search(r"this condition holds on none of the \d+ paths tried", generic), generic


def test_validate_says_who_a_version_1_placement_moves_and_the_version_2_effect_to_write(tmp_path):
    """A version-1 `place` names no one; the upgrade moves the household's children and says so, by file, line,
    option, with the version-2 YAML to write (the option's words naming one child suggest that child)."""
    data = harlow_data()
    data["schema_version"] = 1
    i = next(i for i, dp in enumerate(data["decision_points"]) if dp["id"] == "safety-decision")
    j = next(j for j, o in enumerate(data["decision_points"][i]["options"]) if o["id"] == "place-theo")
    data["decision_points"][i]["options"][j]["effects"] = [{"place": "foster"}]
    path = tmp_path / "scenario.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    line = next(f.line for f in check_file(path) if f.field == f"decision_points[{i}].options[{j}].effects[0]")
    assert (f"{path}:{line}: warning: decision_points[{i}].options[{j}].effects[0]: option 'place-theo' of "
            "'safety-decision': a version-1 {place: foster} names no one, so the upgrade moves every child of the "
            "household (Mia and Theo), though its words name only Theo: write the version-2 effect "
            "{place: foster, who: [theo]} (or who: [mia, theo] if all of them go)") in result.output
    assert ": warning: schema_version: a version-1 file, upgraded as it loads: 1 placement(s) name no one" \
        in result.output
    assert runner.invoke(app, ["validate", "--strict", str(path)]).exit_code == 1
    # the same file in version 2, with who written, has nothing to say about the upgrade
    data["schema_version"] = 2
    data["decision_points"][i]["options"][j]["effects"] = [{"place": "foster", "who": ["theo"]}]
    path.write_text(to_yaml(data), encoding="utf-8")
    assert "version-1" not in runner.invoke(app, ["validate", str(path)]).output


def test_the_loader_hands_back_what_the_upgrade_decided():
    from scenarios.loader import parse_scenario

    adult = harlow_data()
    adult["schema_version"] = 1
    for dp in adult["decision_points"]:
        for o in dp["options"]:
            for e in o.get("effects", []):
                e.pop("who", None)
    notes: list = []
    scenario = parse_scenario(to_yaml(adult), "case.yaml", notes=notes)
    assert scenario.schema_version == 2 and len(notes) == 2
    assert notes[0].field.startswith("decision_points[") and notes[0].line and notes[0].file == "case.yaml"
    assert "who: [mia, theo]" in notes[0].message and notes[-1].field == "schema_version"
    parse_scenario(to_yaml(harlow_data()), "case.yaml", notes=notes)
    assert len(notes) == 2, "a version-2 file adds no note"


# --- a new case from the template -------------------------------------------------------------


def fill_placeholders(folder, words="Filled"):
    """Replace every <...> marker of a new case with distinct text, as an author would.

    Each filling differs in more than its wording (a digest of its number), so the
    item-writing lint does not take two options for the same one.
    """
    import hashlib
    import itertools
    import re

    counter = itertools.count(1)

    def text_for(_match) -> str:
        return f"{words} text {hashlib.sha256(str(next(counter)).encode()).hexdigest()[:16]}"

    for name in ("scenario.yaml", "README.md", "assignment.md"):
        path = folder / name
        text = re.sub(r"<[^<>]*[A-Za-z][^<>]*>", text_for, path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
    return folder


def test_a_new_case_fails_validation_only_on_its_placeholders(tmp_path):
    from scenarios.authoring import SCHEMA_FILE, new_case

    folder = new_case("rivera-newborn", tmp_path / "cases")
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "assignment.md", "scenario.yaml"]
    text = (folder / "scenario.yaml").read_text(encoding="utf-8")
    assert "\nid: rivera-newborn\n" in text
    schema_line = text.splitlines()[0]
    assert schema_line.startswith("# yaml-language-server: $schema=")
    assert (folder / schema_line.split("=", 1)[1]).resolve() == SCHEMA_FILE
    found = check_file(folder)
    assert found and all(f.severity == ERROR and "leftover placeholder" in f.message for f in found)
    assert {f.file for f in found} == {str(folder / "scenario.yaml"), str(folder / "README.md"),
                                       str(folder / "assignment.md")}
    # every field the template explains is there to fill in
    for field in ("title", "summary", "family.name", "report.summary", "decision_points[0].options[0].label",
                  "written_answers[0].exemplar"):
        assert field in {f.field for f in found}, field


def test_a_new_case_filled_in_validates_and_plays_with_every_persona(tmp_path):
    from scenarios.authoring.personas import PERSONAS, persona_decisions
    from scenarios.authoring import new_case
    from scenarios.loader import load_scenario
    from simulator import simulate

    folder = fill_placeholders(new_case("rivera-newborn", tmp_path))
    assert check_file(folder) == []
    scenario = load_scenario(folder)
    # its assignment.md, filled in, places words where the case has those anchors
    from scenarios.prose import check_prose, load_prose

    check_prose(load_prose(folder / "assignment.md"), scenario)
    for persona in PERSONAS:
        result = simulate(scenario, persona_decisions(persona, scenario))
        assert result.outcomes.weeks_simulated == scenario.horizon_weeks


def test_new_command_creates_the_folder_and_refuses_bad_names_or_existing_cases(tmp_path):
    made = runner.invoke(app, ["new", "rivera-newborn", "--folder", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (tmp_path / "rivera-newborn" / "scenario.yaml").exists() and "placeholders" in made.output
    again = runner.invoke(app, ["new", "rivera-newborn", "--folder", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
    bad = runner.invoke(app, ["new", "Rivera Newborn", "--folder", str(tmp_path)])
    assert bad.exit_code == 1 and "not a case id" in bad.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rivera-newborn"]


# --- coverage ------------------------------------------------------------------------------


def two_filled_cases(tmp_path):
    from scenarios.authoring import new_case

    return [fill_placeholders(new_case(name, tmp_path)) for name in ("case-one", "case-two")]


def test_coverage_counts_decision_points_and_written_answers_per_behaviour(tmp_path):
    from scenarios.authoring import coverage

    cov = coverage([f / "scenario.yaml" for f in two_filled_cases(tmp_path)])
    rows = {r.behaviour: r for r in cov.rows}
    assert len(rows) == len(load_catalog().behaviour_ids())
    # the template's second decision both demonstrates and contradicts matching services: once per case
    r = rows["plan.match-services-to-needs"]
    assert (r.demonstrated, r.contradicted, r.exercised, r.cases) == (2, 2, 2, ["case-one", "case-two"])
    assert (rows["engage.explain-purpose"].demonstrated, rows["engage.explain-purpose"].contradicted) == (2, 0)
    assert (rows["foundation.show-respect"].demonstrated, rows["foundation.show-respect"].contradicted) == (0, 2)
    assert rows["assess.distinguish-danger-from-risk"].demonstrated == 2  # from the written answer
    assert rows["transition.plan-early"].exercised == 0
    assert [c.decision_points for c in cov.cases] == [2, 2]
    assert {g.behaviour for g in cov.gaps(2)} == {b for b, r in rows.items() if r.exercised < 2}
    assert cov.frame().shape[0] == len(rows)


def test_coverage_command_lists_gaps_and_fails_under_min(tmp_path):
    folders = [str(f) for f in two_filled_cases(tmp_path)]
    shown = runner.invoke(app, ["coverage", *folders])
    assert shown.exit_code == 0, shown.output
    assert "plan.match-services-to-needs" in shown.output and "Gaps (" in shown.output
    assert "transition.plan-early (0)" in shown.output
    assert runner.invoke(app, ["coverage", *folders, "--min", "2"]).exit_code == 1
    assert runner.invoke(app, ["coverage", *folders, "--min", "0"]).exit_code == 0


def test_coverage_of_the_library_runs():
    result = runner.invoke(app, ["coverage"])
    assert result.exit_code == 0, result.output
    assert "harlow-first-contact" in result.output


# --- play in the terminal ------------------------------------------------------------------


def test_parse_choice_reads_numbers_and_explains_mistakes(harlow):
    from casework.play import parse_choice

    single = next(dp for dp in harlow.decision_points if dp.kind == "single")
    multiple = next(dp for dp in harlow.decision_points if dp.kind == "multiple")
    assert parse_choice(" 2 ", single) == [single.options[1].id]
    assert parse_choice("1,3", multiple) == [multiple.options[0].id, multiple.options[2].id]
    assert parse_choice("3 1 3", multiple) == [multiple.options[2].id, multiple.options[0].id]
    for typed, message in [("", "Type the number"), ("9", "no option '9'"), ("two", "no option 'two'"),
                           ("1,2", "Choose one option")]:
        with pytest.raises(ValueError, match=message):
            parse_choice(typed, single)


def _expected_total(scenario, choices, seed=None):
    """The total grading gives these choices: per practice area, over the moments on the case's path."""
    from grading.key import AnswerKey
    from grading.pipeline.score import closed_choices
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile
    from simulator.play import follow

    # the one path logic grading uses: an option not open where the case went scores nothing
    path = follow(scenario, choices, seed, complete=True)
    areas = score_record(AnswerKey.from_scenario(scenario), DecisionFile(scenario=scenario.id, choices=choices),
                         path.on_path(), closed_choices(scenario, path, choices)).areas
    return round(sum(a.earned for a in areas.values()), 2), sum(a.possible for a in areas.values())


def _total_row(output: str) -> tuple[float, float]:
    row = next(line for line in output.splitlines() if "total" in line and "│" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    return float(cells[1]), float(cells[2])


@pytest.mark.parametrize("case", library())
def test_play_runs_every_library_case_with_every_persona(case):
    from scenarios.authoring.personas import PERSONAS, persona_decisions
    from scenarios.loader import load_case

    scenario = load_case(case)
    totals = {}
    for persona in PERSONAS:
        result = runner.invoke(app, ["play", str(case_path(case)), "--persona", persona], env={"COLUMNS": "100"})
        assert result.exit_code == 0, (persona, result.output[-2000:])
        assert "Score by practice area" in result.output and "What followed" in result.output
        totals[persona] = _total_row(result.output)
        assert totals[persona] == _expected_total(scenario, persona_decisions(persona, scenario))
    earned, possible = totals["practice-model"]
    assert earned == possible, "the practice model earns every point of a lint-clean case"
    assert all(t[0] <= earned for t in totals.values())


def test_play_at_the_keyboard_reprompts_on_a_bad_answer_and_scores_what_was_typed(harlow):
    from simulator import simulate

    typed, choices = ["9"], {}
    for dp in harlow.decision_points:
        choices[dp.id] = [dp.options[1].id] if dp.kind != "multiple" else [dp.options[0].id, dp.options[2].id]
    off = set(simulate(harlow, choices, 7).skipped)  # moments the typed choices take the case away from
    choices = {k: v for k, v in choices.items() if k not in off}
    typed += ["2" if harlow.decision_point(k).kind != "multiple" else "1,3" for k in choices]
    result = runner.invoke(app, ["play", HARLOW, "--seed", "7"], input="\n".join(typed) + "\n", env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output[-2000:]
    assert "There is no option '9'" in result.output
    assert result.output.count("Your choice") == len(choices) + 1
    assert result.output.count("does not come up on this path") == len(off)
    assert _total_row(result.output) == _expected_total(harlow, choices, 7)
    assert "Seed 7." in result.output


def test_play_stops_cleanly_when_the_input_ends_or_the_persona_is_unknown():
    ended = runner.invoke(app, ["play", HARLOW], input="1\n")
    assert ended.exit_code == 1 and "Aborted" in ended.output
    unknown = runner.invoke(app, ["play", HARLOW, "--persona", "hero"])
    assert unknown.exit_code == 1 and "unknown persona 'hero'" in unknown.output


# --- the template and the guide explain the format -----------------------------------------


def _format_fields() -> set[str]:
    """Every field name of the scenario format, nested models included."""
    from typing import get_args

    from pydantic import BaseModel

    from scenarios.models import Scenario

    names, seen, todo = set(), set(), [Scenario]
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            stack = [info.annotation]
            while stack:
                t = stack.pop()
                if isinstance(t, type) and issubclass(t, BaseModel):
                    todo.append(t)
                stack.extend(get_args(t))
    return names


def test_the_template_explains_every_field_of_the_format():
    from scenarios.authoring import TEMPLATE_DIR

    text = (TEMPLATE_DIR / "scenario.yaml").read_text(encoding="utf-8")
    missing = sorted(n for n in _format_fields() if not re.search(rf"\b{n}\b", text))
    assert missing == [], f"the template does not mention: {missing}"


def test_the_authoring_guide_covers_every_field_and_quotes_harlow_faithfully():
    from scenarios.loader import PACKAGE_DIR

    guide = (PACKAGE_DIR / "AUTHORING.md").read_text(encoding="utf-8")
    missing = sorted(n for n in _format_fields() if f"`{n}`" not in guide)
    assert missing == [], f"AUTHORING.md does not explain: {missing}"
    harlow_lines = set(case_path(HARLOW).read_text(encoding="utf-8").splitlines())
    blocks = re.findall(r"```yaml\n# from scenarios/cases/harlow-first-contact/scenario.yaml\n(.*?)```", guide, re.S)
    assert len(blocks) >= 5
    for block in blocks:
        for line in block.splitlines():
            assert line in harlow_lines, f"AUTHORING.md quotes a line the Harlow case does not have: {line!r}"
    for command in ("casework new", "casework validate", "casework play", "casework coverage", "--persona", "--min"):
        assert command in guide
