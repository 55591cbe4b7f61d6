"""The author's toolkit: content lint, a new case from the template, play in the terminal, coverage."""

from __future__ import annotations

import copy

import pytest
import yaml
from typer.testing import CliRunner

from casework.cli import app
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
    assert errors(check_file(case_path(case))) == [], case


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
