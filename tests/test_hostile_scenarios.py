"""Hostile and broken scenario files: a fast error naming file, line and field; never a hang or a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casework.cli import app
from scenarios import ScenarioError, load_scenario, parse_scenario, validate_file
from scenarios.lint import check_file, check_text
from scenarios.loader import MAX_DEPTH, case_path

CASEWORK = [str(Path(sys.executable).parent / "casework")]
runner = CliRunner()


def harlow_text() -> str:
    return case_path("harlow-first-contact").read_text(encoding="utf-8")


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after ``start`` that holds ``needle``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if i >= start and needle in line)


def write(tmp_path: Path, content, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def problems_of(path: Path) -> list:
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    for problem in err.value.problems:
        assert "\n" not in str(problem), "one line per problem"
    assert validate_file(path) == err.value.problems
    return err.value.problems


def parse_problems(text: str) -> list:
    with pytest.raises(ScenarioError) as err:
        parse_scenario(text, "case.yaml")
    return err.value.problems


BILLION_LAUGHS = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 10)
)


def test_billion_laughs_is_refused_within_a_second(tmp_path):
    text = harlow_text() + BILLION_LAUGHS
    path = write(tmp_path, text)
    start = time.perf_counter()
    problems = problems_of(path)
    findings = check_file(path)
    result = runner.invoke(app, ["validate", str(path)])
    assert time.perf_counter() - start < 1.0
    first = line_of(text, "&a0")
    assert (problems[0].line, problems[0].field) == (first, "lol0")
    assert "anchor &a0" in problems[0].message and "aliases" in problems[0].message
    # one problem per line that anchors or aliases
    assert [p.line for p in problems] == list(range(first, first + 10))
    assert all("anchors or aliases" in p.message for p in problems)
    assert "alias *a0" in parse_problems("lol0: [1]\nlol1: [*a0]\n")[0].message
    assert findings and all(f.severity == "error" for f in findings)
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_latin1_bytes_are_not_utf8_text(tmp_path):
    text = harlow_text().replace("Harlow family", "Harlow famille é", 1)
    path = write(tmp_path, text.encode("latin-1"))
    [problem] = problems_of(path)
    line = line_of(text, "famille")
    assert problem.line == line
    assert f"not UTF-8 text (byte 0xe9 at line {line})" in problem.message
    assert str(problem).startswith(f"{path}:{line}:")


def test_utf16_with_byte_order_mark_is_not_utf8_text(tmp_path):
    [problem] = problems_of(write(tmp_path, harlow_text().encode("utf-16")))
    assert problem.line == 1
    assert "not UTF-8 text (byte 0xff at line 1)" in problem.message and "UTF-16" in problem.message


def test_utf16_without_byte_order_mark_is_not_utf8_text(tmp_path):
    [problem] = problems_of(write(tmp_path, harlow_text().encode("utf-16-le")))
    assert problem.line == 1
    assert "not UTF-8 text (byte 0x00 at line 1)" in problem.message


def test_binary_bytes_are_not_utf8_text(tmp_path):
    [problem] = problems_of(write(tmp_path, b"\x00\x01\x02\x89PNG\r\n\x1a\n\xff\xfe" * 50))
    assert problem.line == 1 and "not UTF-8 text (byte 0x" in problem.message
    text = harlow_text().replace("seed: 2026\n", "seed: 2026\x00\n", 1)
    [problem] = problems_of(write(tmp_path, text.encode("utf-8")))
    line = line_of(text, "seed: 2026")
    assert problem.line == line and f"not UTF-8 text (byte 0x00 at line {line})" in problem.message


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + harlow_text().encode("utf-8"))
    assert load_scenario(path).id == "harlow-first-contact"
    assert validate_file(path) == []


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 10_000, 200_000])
def test_deeply_nested_sequences_are_refused(tmp_path, depth):
    text = harlow_text() + "extra: " + "[" * depth + "]" * depth + "\n"
    [problem] = problems_of(write(tmp_path, text))
    line = line_of(text, "extra:")
    assert problem.line == line
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep at line {line}"
    assert [f.message for f in check_text(text, "case.yaml")] == [problem.message]


@pytest.mark.parametrize("block", [True, False])
def test_deeply_nested_mappings_are_refused(tmp_path, block):
    depth = 10_000
    if block:
        nested = "".join(" " * i + "a:\n" for i in range(depth))
    else:
        nested = "a: " + "{a: " * depth + "1" + "}" * depth + "\n"
    text = harlow_text() + "extra:\n  " + nested.replace("\n", "\n  ").rstrip() + "\n"
    [problem] = problems_of(write(tmp_path, text))
    assert f"nested more than {MAX_DEPTH} levels deep at line {problem.line}" == problem.message
    assert problem.field.startswith("extra.a.a.a")


def test_a_little_nesting_inside_the_limit_is_a_schema_error_not_a_depth_error(tmp_path):
    text = harlow_text() + "extra: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    [problem] = problems_of(write(tmp_path, text))
    assert problem.field == "extra" and "nested" not in problem.message


def test_duplicate_key_names_both_lines(tmp_path):
    text = harlow_text().replace("    points: 2\n", "    points: 2\n    points: 20\n", 1)
    [problem] = problems_of(write(tmp_path, text))
    first = line_of(text, "    points: 2")
    assert problem.line == first + 1
    assert problem.field == "decision_points[0].points"
    assert problem.message == f"duplicate key 'points' (first at line {first})"


def test_duplicate_top_level_and_dict_keys(tmp_path):
    text = harlow_text().replace("seed: 2026\n", "seed: 2026\nhorizon_weeks: 40\n", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.field == "horizon_weeks"
    assert problem.message == f"duplicate key 'horizon_weeks' (first at line {line_of(text, 'horizon_weeks: 52')})"


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+999", "!!float nan"])
def test_nan_and_infinity_are_refused_in_a_number_field(tmp_path, value):
    text = harlow_text().replace("    points: 2\n", f"    points: {value}\n", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.line == line_of(text, f"points: {value}")
    assert problem.field == "decision_points[0].points"
    assert "not a finite number" in problem.message


@pytest.mark.parametrize("value", ['"nan"', "'inf'", '"-Infinity"'])
def test_nan_and_infinity_written_as_strings_are_refused(tmp_path, value):
    text = harlow_text().replace("other_families_per_week: 0.5", f"other_families_per_week: {value}", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.line == line_of(text, f"other_families_per_week: {value}")
    assert problem.field == "services[0].other_families_per_week"
    assert "finite number" in problem.message


def test_nan_in_parameters_and_effects_is_refused(tmp_path):
    text = harlow_text().replace("{parameter: engagement, add: 0.1}", "{parameter: engagement, add: .nan}", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.field == "decision_points[0].options[0].effects[0].add"
    assert problem.line == line_of(text, "add: .nan")


def test_cross_field_error_points_at_the_fields_line_not_the_root(tmp_path):
    text = harlow_text().replace("{refer: home_visiting}", "{refer: home_visits}", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert problem.line == line_of(text, "refer: home_visits")
    assert problem.line > 20, "not the root mapping's line"
    assert problem.field.startswith("decision_points[") and problem.field.endswith("].effects[0].refer")
    assert "unknown service 'home_visits'" in problem.message


def test_every_cross_field_validator_names_its_field(tmp_path):
    base = harlow_text()
    dp = line_of(base, "decision_points:")
    # decision points out of week order: the first one earlier than the one before it
    weeks = [i for i, line in enumerate(base.splitlines(), 1) if i > dp and line.startswith("    week: ")]
    lines = base.splitlines(keepends=True)
    lines[weeks[3] - 1] = "    week: 0.25\n"
    [problem] = problems_of(write(tmp_path, "".join(lines)))
    assert (problem.line, problem.field) == (weeks[3], "decision_points[3].week")
    assert "order of their weeks" in problem.message

    # the last decision point after the horizon
    [problem] = problems_of(write(tmp_path, base.replace("horizon_weeks: 52", "horizon_weeks: 4", 1)))
    assert problem.field.startswith("decision_points[") and problem.field.endswith("].week")
    assert problem.line == weeks[-1] and "after the horizon" in problem.message

    # a repeated option id: the second one
    first_option = line_of(base, "      - id: ", dp)
    second_option = line_of(base, "      - id: ", first_option + 1)
    repeated = base.splitlines()[first_option - 1].split("id: ")[1]
    lines = base.splitlines(keepends=True)
    lines[second_option - 1] = f"      - id: {repeated}\n"
    [problem] = problems_of(write(tmp_path, "".join(lines)))
    assert (problem.line, problem.field) == (second_option, "decision_points[0].options[1].id")
    assert "option ids repeat" in problem.message

    # a decision point id repeated by a written answer
    first_dp = base.splitlines()[line_of(base, "  - id: ", dp) - 1].split("id: ")[1]
    wa = line_of(base, "  - id: ", line_of(base, "written_answers:"))
    lines = base.splitlines(keepends=True)
    lines[wa - 1] = f"  - id: {first_dp}\n"
    [problem] = problems_of(write(tmp_path, "".join(lines)))
    assert (problem.line, problem.field) == (wa, "written_answers[0].id")

    # an effect's 'set' outside the parameter's range
    text = base.replace("{parameter: engagement, add: 0.1}", "{parameter: engagement, set: 7}", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.line, problem.field) == (line_of(text, "set: 7"), "decision_points[0].options[0].effects[0].set")

    # a case parameter or system setting out of range: its own key's line
    text = base.replace("parameters:\n  engagement: 0.35\n", "parameters:\n  engagement: 3\n", 1)
    [problem] = problems_of(write(tmp_path, text))
    assert (problem.line, problem.field) == (line_of(text, "engagement: 3"), "parameters.engagement")


def test_yaml_tags_bad_dates_and_second_documents_are_one_line_each(tmp_path):
    base = harlow_text()
    for old, new, expected in [
        ("seed: 2026", "seed: !!python/object/apply:os.system [echo]", "unknown YAML tag"),
        ("seed: 2026", "seed: !custom 5", "unknown YAML tag '!custom'"),
        ("opened_on: 2026-01-12", "opened_on: 2026-13-45", "cannot read '2026-13-45' as a date"),
        ("seed: 2026", "seed: !!int twelve", "cannot read 'twelve' as a whole number"),
        ("seed: 2026", "seed: 2026\n---\nid: other", "a second document"),
    ]:
        text = base.replace(old, new, 1)
        [problem] = problems_of(write(tmp_path, text))
        assert expected in problem.message, problem
        assert problem.line == line_of(text, new.splitlines()[1 if "---" in new else 0])


def test_library_cases_load_as_before():
    from scenarios.loader import library

    start = time.perf_counter()
    for case in library():
        assert validate_file(case_path(case)) == [], case
    assert time.perf_counter() - start < 5.0


def hostile_files(tmp_path: Path) -> list[Path]:
    text = harlow_text()
    files = {
        "laughs.yaml": text + BILLION_LAUGHS,
        "latin1.yaml": text.replace("Harlow family", "Harlow famille é", 1).encode("latin-1"),
        "utf16.yaml": text.encode("utf-16"),
        "binary.yaml": b"\x00\xff\x10" * 300,
        "deep.yaml": text + "extra: " + "[" * 10_000 + "]" * 10_000 + "\n",
        "dupe.yaml": text.replace("    points: 2\n", "    points: 2\n    points: 20\n", 1),
        "nan.yaml": text.replace("    points: 2\n", "    points: .nan\n", 1),
        "refer.yaml": text.replace("{refer: home_visiting}", "{refer: home_visits}", 1),
    }
    return [write(tmp_path, content, name) for name, content in files.items()]


def test_casework_validate_prints_one_line_per_problem_and_fails(tmp_path):
    files = hostile_files(tmp_path)
    result = subprocess.run(CASEWORK + ["validate", *map(str, files)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    for path in files:
        # each problem on a line of its own, "<file>:<line>: error: <field>: <message>", then the tally
        lines = [line for line in result.stderr.splitlines() if line.startswith(f"{path}:")]
        assert len(lines) >= 2 and lines[-1].startswith(f"{path}: ") and "error(s)" in lines[-1], lines
        assert all(line[len(str(path)) + 1:].split(":")[0].isdigit() for line in lines[:-1]), lines


@pytest.mark.parametrize("command", [["simulate"], ["play", "--persona", "directive"], ["coverage"]])
def test_other_commands_report_an_invalid_file_without_a_traceback(tmp_path, command):
    for path in hostile_files(tmp_path):
        result = runner.invoke(app, [*command, str(path)])
        # CliRunner catches whatever the command raises and never prints a traceback: a clean failure is
        # the command's own exit (typer.Exit), nothing else
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (path, repr(result.exception))
        if command[0] != "coverage":
            lines = result.output.strip().splitlines()
            assert lines and all(line.startswith(f"{path}:") for line in lines), result.output
        else:  # the file is named as not counted, and the tally goes on without it
            said = " ".join(result.output.split())
            assert f"{path}: not counted, it does not load" in said and "0 case(s)" in said, result.output


def test_parse_scenario_of_text_checks_the_same(tmp_path):
    with pytest.raises(ScenarioError, match="not UTF-8 text"):
        parse_scenario("schema_version: 1\x00\n", "case.yaml")
    with pytest.raises(ScenarioError, match="anchor &a"):
        parse_scenario(BILLION_LAUGHS, "case.yaml")


@pytest.mark.parametrize("field, value", [("family", "[a, b]"), ("decision_points", "7"), ("events", "{a: 1}")])
def test_a_version_1_file_of_the_wrong_shape_is_one_located_error_not_a_traceback(tmp_path, field, value):
    """The format's upgrade step takes a malformed version-1 file as it is; the schema then names the field."""
    import re

    text = harlow_text().replace("schema_version: 2", "schema_version: 1", 1)
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{field}:"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#")), len(lines))
    lines[start:end] = [f"{field}: {value}\n"]
    path = write(tmp_path, "".join(lines))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output and result.exception is None \
        or isinstance(result.exception, SystemExit), result.output
    assert re.search(rf"{re.escape(str(path))}:\d+: error: {field}", result.output), result.output


def test_simulate_plays_a_decisions_file_of_any_name(tmp_path):
    from scenarios.authoring.personas import persona_decisions
    from scenarios import load_case
    from scenarios.decisions import DecisionBook

    harlow = load_case("harlow-first-contact")
    DecisionBook(tmp_path, harlow.id, {}).write_all(persona_decisions("practice-model", harlow))
    renamed = tmp_path / "ana-first-contact.json"
    (tmp_path / "decisions.json").rename(renamed)
    result = runner.invoke(app, ["simulate", "harlow-first-contact", "--decisions", str(renamed)])
    assert result.exit_code == 0, result.output
    assert "safety_incidents" in result.output
