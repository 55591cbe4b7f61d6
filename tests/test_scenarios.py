"""The scenario format: typed loading, errors that name file, line and field, the schema, the key."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from scenarios import ScenarioError, load_scenario, parse_scenario, validate_file
from scenarios.catalog import load_catalog
from scenarios.loader import case_path, library
from scenarios.schema import scenario_schema_text

ROOT = Path(__file__).resolve().parent.parent


def harlow_text() -> str:
    return case_path("harlow-first-contact").read_text(encoding="utf-8")


def test_every_library_case_is_valid():
    assert library(), "the scenario library is empty"
    for case in library():
        assert validate_file(case_path(case)) == [], case


def test_harlow_has_six_or_more_decisions_across_engage_assess_team_plan(harlow):
    practices = {dp.practice.value for dp in harlow.decision_points}
    assert len(harlow.decision_points) >= 6
    assert {"engage", "assess", "team", "plan"} <= practices
    assert any(dp.kind == "multiple" for dp in harlow.decision_points)
    assert harlow.written_answers, "at least one hand-graded written answer"


def test_unknown_parameter_names_file_line_and_field(tmp_path):
    text = harlow_text().replace("{parameter: engagement, add: 0.1}", "{parameter: engagment, add: 0.1}", 1)
    bad = tmp_path / "scenario.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "engagment" in l)
    with pytest.raises(ScenarioError) as err:
        load_scenario(bad)
    problem = err.value.problems[0]
    assert problem.file == str(bad)
    assert problem.line == line
    assert problem.field == "decision_points[0].options[0].effects[0].parameter"
    assert "unknown case parameter 'engagment'" in problem.message
    assert f"{bad}:{line}: decision_points[0].options[0].effects[0].parameter" in str(err.value)


def test_missing_field_is_named(tmp_path):
    data = yaml.safe_load(harlow_text())
    del data["decision_points"][2]["prompt"]
    with pytest.raises(ScenarioError) as err:
        parse_scenario(yaml.safe_dump(data, sort_keys=False), "case.yaml")
    assert [p.field for p in err.value.problems] == ["decision_points[2].prompt"]
    assert "Field required" in err.value.problems[0].message
    assert err.value.problems[0].line is not None


def test_yaml_syntax_error_gives_its_line():
    with pytest.raises(ScenarioError) as err:
        parse_scenario("schema_version: 1\nid: x\nfamily: [unclosed\n", "broken.yaml")
    assert err.value.problems[0].file == "broken.yaml"
    assert err.value.problems[0].line is not None
    assert "not valid YAML" in str(err.value)


@pytest.mark.parametrize(
    "version, expected",
    [(None, "missing"), (99, "newer than this software"), ("one", "not a format version")],
)
def test_schema_version_is_checked(version, expected):
    data = yaml.safe_load(harlow_text())
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    with pytest.raises(ScenarioError) as err:
        parse_scenario(yaml.safe_dump(data), "case.yaml")
    assert err.value.problems[0].field == "schema_version"
    assert expected in err.value.problems[0].message


def test_referral_to_unknown_service_is_an_error():
    text = harlow_text().replace("{refer: home_visiting}", "{refer: home_visits}")
    with pytest.raises(ScenarioError, match="unknown service 'home_visits'"):
        parse_scenario(text, "case.yaml")


def test_unknown_behaviour_id_is_reported_with_line(tmp_path):
    text = harlow_text().replace("demonstrates: [plan.write-behavioural-goals]", "demonstrates: [plan.write-smart-goals]")
    path = tmp_path / "scenario.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_file(path)
    assert len(problems) == 1
    assert "unknown behaviour id 'plan.write-smart-goals'" in problems[0].message
    assert problems[0].line == next(i for i, l in enumerate(text.splitlines(), 1) if "write-smart-goals" in l)


def test_trainee_view_carries_no_key(harlow):
    trainee = harlow.trainee_view()
    assert harlow.has_key() and not trainee.has_key()
    dumped = json.dumps(trainee.model_dump(mode="json", exclude_none=True, exclude_defaults=True))
    for word in ("credit", "demonstrates", "contradicts", "rationale", "approach", "rubric", "exemplar"):
        assert f'"{word}"' not in dumped


def test_committed_json_schema_is_current():
    committed = (ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8")
    assert committed == scenario_schema_text(), "stale: run 'casework schema'"


def test_library_cases_satisfy_the_committed_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "scenarios" / "scenario.schema.json").read_text(encoding="utf-8"))
    for case in library():
        data = yaml.safe_load(case_path(case).read_text(encoding="utf-8"))
        data["opened_on"] = str(data["opened_on"])
        jsonschema.validate(data, schema)


def test_catalog_ids_citations_and_principles_hang_together():
    catalog = load_catalog()
    ids = [b.id for p in catalog.practices for b in p.behaviours]
    assert len(ids) == len(set(ids))
    assert [p.id for p in catalog.practices] == [
        "foundation", "engage", "team", "assess", "plan", "intervene", "monitor", "transition",
    ]
    principles = {p.id for p in catalog.principles}
    sources = {s.id for s in catalog.sources}
    for practice in catalog.practices:
        assert practice.behaviours, practice.id
        for b in practice.behaviours:
            assert b.id.startswith(practice.id + "."), b.id
            assert set(b.principles) <= principles, b.id
            assert {c.source for c in b.citations} <= sources, b.id
    for practice in ("engage", "assess", "plan"):
        assert len(catalog.practice(practice).behaviours) >= 6


SEEDS = ROOT.parent / "shared" / "seeds"


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.skipif(not SEEDS.exists(), reason="the source documents are not beside this checkout")
def test_catalog_is_written_in_our_own_words():
    """No run of seven words in a catalog description also appears in a source document."""
    n = 7
    seed_grams = set()
    for path in SEEDS.glob("*.txt"):
        words = _words(path.read_text(encoding="utf-8", errors="replace"))
        seed_grams.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    catalog = load_catalog()
    texts = [p.description for p in catalog.principles]
    texts += [p.summary for p in catalog.practices]
    texts += [b.description for p in catalog.practices for b in p.behaviours]
    copied = []
    for text in texts:
        words = _words(text)
        copied += [" ".join(words[i : i + n]) for i in range(len(words) - n + 1) if tuple(words[i : i + n]) in seed_grams]
    assert copied == []
