"""Validity: the score separates good practice from guessing, and nothing of the key's world is readable.

- every library case meets the validity thresholds (blind strategies like chance, the practice model high,
  the plausible-but-wrong personas well below it) and passes the item-writing lint under --strict;
- each share in the validity table is the share grading stores for the same record (moments off its path
  left out, each area at its worth), so the thresholds hold for the scores trainees get;
- each item-writing rule fires on the cue it names and stays quiet on a balanced item;
- every file of every release folder, and the lesson folder, shows no key, no option's effects, no option's
  consequence, no situation, and not the practice model's futures.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml

from grading.course import load_course
from grading.key import AnswerKey
from scenarios.authoring.validity import BLIND, PERSONAS, case_validity, strategy_choices
from scenarios.items import item_findings
from scenarios.lint import check_file
from scenarios.loader import case_path, library, load_case, parse_scenario
from scenarios.packed import PACKED_FILE, PackedCaseError, pack, read_packed, unpack

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("case", library())
def test_library_case_meets_the_validity_thresholds(case):
    row = case_validity(load_case(case), identities=100)
    assert row.problems() == []
    # and the thresholds bite: each blind strategy was actually measured, not skipped
    assert set(row.blind) == set(BLIND) and all(0 < v < 100 for v in row.blind.values())


def test_each_share_of_the_validity_table_is_what_grading_stores_for_the_same_record(graded_cohort, tmp_path):
    """Every persona's and blind strategy's record of every assignment, handed in and scored by grading's own
    pipeline (grading.pipeline.score.score_folder: the course's copy of the case replayed, moments off the
    path left out, areas at their worth), scores the share the validity table gives it."""
    from conftest import ungiven_feedback_copy
    from scenarios.authoring.personas import persona_decisions
    from grading.pipeline.score import score_folder
    from grading.scoring import score_decisions
    from scenarios.decisions import DecisionBook

    course = ungiven_feedback_copy(graded_cohort, tmp_path)
    compared, branching = 0, set()
    for a in load_course().assignments:
        scenario = load_case(a.scenario)
        row = case_validity(scenario, identities=1)
        records = {**{p: persona_decisions(p, scenario) for p in PERSONAS},
                   **{s: strategy_choices(scenario, s, 0) for s in BLIND}}
        for name, choices in records.items():
            trainee = f"validity-{name}"
            folder = course / "submitted" / trainee / a.id
            folder.mkdir(parents=True)
            DecisionBook(folder, scenario.id, {}).write_all(choices)
            graded = score_folder(course, a.id, trainee)
            assert graded.problem is None, graded.problem
            share = 100 * sum(x.earned for x in graded.areas.values()) / sum(x.possible for x in graded.areas.values())
            table = row.personas[name] if name in row.personas else row.blind[name]
            assert table == pytest.approx(share, abs=0.05), f"{a.id}, {name}: the table says {table:.1f}%, grading {share:.1f}%"
            compared += 1
            key = AnswerKey.from_scenario(scenario)
            every = sum(d.earned for d in score_decisions(key, choices)) / sum(p.points for p in key.points)
            if abs(100 * every - share) > 1:
                branching.add(a.id)
    assert compared == len(load_course().assignments) * (len(PERSONAS) + len(BLIND))
    # the comparison has teeth: on these cases a score over every moment is more than a point off grading's
    assert {"team-tribe", "plan-youth-voice", "transition-reunification"} <= branching, branching


def test_brooks_cautious_persona_is_graded_27_points_below_the_practice_model():
    """Graded as trainees are (only the moments on the cautious path), not 31 as a sum over every moment says."""
    row = case_validity(load_case("brooks-youth-voice"), identities=1)
    assert round(row.personas["practice-model"] - row.personas["cautious"]) == 27


@pytest.mark.parametrize("case", library())
def test_library_case_passes_the_item_writing_lint_strictly(case):
    assert [str(f) for f in check_file(case_path(case).parent)] == []


def _point(labels: list[str], credits: list[float], kind: str = "single"):
    data = yaml.safe_load(case_path("harlow-first-contact").read_text(encoding="utf-8"))
    dp = data["decision_points"][0]
    dp["kind"] = kind
    dp["options"] = [
        {"id": f"o{i}", "label": label, "key": {"credit": credit, "demonstrates": ["engage.explain-purpose"] if credit > 0 else [],
                                              "contradicts": [] if credit > 0 else ["engage.explain-purpose"], "rationale": "r"}}
        for i, (label, credit) in enumerate(zip(labels, credits))
    ]
    data["decision_points"] = [dp]
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), "case.yaml")


def _warnings(scenario) -> list[str]:
    found: list[str] = []
    item_findings(scenario, lambda loc, message: found.append(message))
    return found


BALANCED = ["Explain who you are and why the school called, then ask how things are",
            "Ask to come in first, and talk about the report once you are sitting down",
            "Say it is a routine visit, so that she is not alarmed on the doorstep"]


def test_a_balanced_item_gives_no_warning():
    assert _warnings(_point(BALANCED, [1, 0.3, 0])) == []


@pytest.mark.parametrize("labels, credits, kind, cue", [
    (["Explain who you are, why the school called, what happens next and what her rights are, then ask how "
      "things are going for the family and listen", "Ask to come in", "Say it is routine"], [1, 0.3, 0], "single",
     "longest by a clear margin"),
    (["Explain who you are and why the school called", "Never mention the report until she asks about it",
      "Ask to come in and talk about the report inside"], [1, 0, 0.3], "single", "absolute word"),
    (["Explain who you are and why the school called", "Tell her the rules and ignore what she says back",
      "Ask to come in and talk about the report inside"], [1, 0, 0.3], "single", "names its own fault"),
    (["Explain who you are and why the school called", "Explain who you are and why the school phoned",
      "Ask to come in and talk about the report inside"], [1, 0, 0.3], "single", "only in wording"),
    (["Ask the grandmother", "Ask the teacher", "Ask the neighbour across the road", "Ask the uncle in town"],
     [0.5, 0.5, 0, 0], "multiple", "listed together"),
])
def test_each_item_writing_rule_fires_on_its_cue(labels, credits, kind, cue):
    assert any(cue in w for w in _warnings(_point(labels, credits, kind)))


def test_a_blind_strategy_off_chance_names_the_points_behind_it():
    scenario = _point(["Explain who you are, why the school called, what happens next and what her rights are",
                       "Ask to come in", "Say it is routine"], [1, 0.3, 0])
    row = case_validity(scenario, identities=10)
    behind = row.behind("longest")
    assert [p.point for p in behind] == [scenario.decision_points[0].id]
    assert behind[0].picked == {"o0": 1.0} and behind[0].lengths == {"o0": 85, "o1": 14, "o2": 17}
    assert behind[0].credits == {"o0": 1.0, "o1": 0.3, "o2": 0.0} and behind[0].chance < behind[0].earned
    problem = next(p for p in row.problems() if "'longest'" in p)
    assert "o0 (85 characters, credit 1); the others: o1 (14 characters, credit 0.3), o2 (17 characters, credit 0)" \
        in problem
    # below chance, the shortest strategy's points are those where its pick earns less
    assert [p.point for p in row.behind("shortest")] == [scenario.decision_points[0].id]
    assert "picks o1 (14 characters, credit 0.3)" in next(p for p in row.problems() if "'shortest'" in p)


def test_casework_validity_fails_a_case_whose_best_option_is_the_longest(tmp_path):
    data = yaml.safe_load(case_path("harlow-first-contact").read_text(encoding="utf-8"))
    for dp in data["decision_points"]:
        best = max(dp["options"], key=lambda o: o["key"]["credit"])
        best["label"] += " " + "and explain carefully what will happen next, step by step, " * 3
    bad = tmp_path / "scenario.yaml"
    bad.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    cli = [sys.executable, "-m", "casework.cli"]
    done = subprocess.run([*cli, "validity", str(bad), "--check", "--identities", "20"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1 and "'longest' earns" in done.stderr
    # the failure names the points behind it: the option picked, its length beside the others', the credits
    door = next(dp for dp in data["decision_points"] if dp["id"] == "at-the-door")
    length = {o["id"]: len(" ".join(o["label"].split())) for o in door["options"]}
    line = next(x for x in done.stderr.splitlines() if x.strip().startswith("at-the-door: picks"))
    assert line.strip().startswith(f"at-the-door: picks name-role-purpose ({length['name-role-purpose']} characters, "
                                   "credit 1); the others: "), line
    assert f"read-allegations ({length['read-allegations']} characters, credit 0)" in line
    longest = done.stderr.split("'longest' earns")[1].split("'shortest' earns")[0]
    assert len([x for x in longest.splitlines() if ": picks " in x]) >= len(data["decision_points"]) // 2
    assert "shorten them or lengthen a weaker one" in longest
    good = subprocess.run([*cli, "validity", "harlow-first-contact", "--check", "--identities", "20"],
                          capture_output=True, text=True, cwd=ROOT)
    assert good.returncode == 0, good.stderr
    assert "| harlow-first-contact |" in good.stdout


# --- nothing of the key's world is readable ------------------------------------------------------


def _secrets(scenario) -> dict[str, str]:
    """Text a trainee may not read in a file, by what it would give away."""
    out = {}
    for dp in scenario.decision_points:
        if dp.situation.strip():
            out[" ".join(dp.situation.split())[:60]] = f"the situation at {dp.id}"
        for o in dp.options:
            if o.consequence.strip():
                out[" ".join(o.consequence.split())[:60]] = f"the consequence of {dp.id}/{o.id}"
            if o.key and o.key.rationale.strip():
                out[" ".join(o.key.rationale.split())[:60]] = f"the rationale of {dp.id}/{o.id}"
    for w in scenario.written_answers:
        if w.exemplar.strip():
            out[" ".join(w.exemplar.split())[:60]] = f"the exemplar of {w.id}"
    for marker in ("credit:", "demonstrates", "contradicts", "effects", "\"parameter\"", "parameter:",
                   "practice model's plan", "reference-futures"):
        out[marker] = f"the marker {marker!r}"
    return out


def _readable(path: Path) -> str:
    """What a glance at a file shows: its text, as a text editor or cat would, and zcat's try at it."""
    data = path.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if path.suffix == ".ipynb":  # what the notebook shows: each cell's source and outputs, as one text
        nb = json.loads(text)
        parts = ["".join(c.get("source", "")) for c in nb["cells"]]
        parts += [json.dumps(o) for c in nb["cells"] for o in c.get("outputs", [])]
        text += " ".join(parts)
    try:
        text += zlib.decompress(data).decode("utf-8", errors="replace")
    except zlib.error:
        pass
    return " ".join(text.split())


def test_no_release_file_and_no_lesson_file_shows_the_keys_world(graded_cohort, tmp_path):
    from grading.classroom import place_lessons
    from grading.key import course_case_file

    spec = load_course()
    release = graded_cohort.course_dir / "release"
    lessons = place_lessons(tmp_path)
    assert lessons, "the lessons were rendered"
    scanned = 0
    all_secrets: dict[str, str] = {}
    for a in spec.assignments:
        scenario = load_case(a.scenario)
        secrets = _secrets(scenario)
        all_secrets.update({k: f"{a.id}: {v}" for k, v in secrets.items() if not v.startswith("the marker")})
        files = [p for p in (release / a.id).rglob("*") if p.is_file()]
        assert sorted(p.name for p in files) == [f"{a.id}.ipynb"], a.id  # the case stays on the course's side
        for path in files:
            shown = _readable(path)
            leaked = [why for text, why in secrets.items() if text in shown]
            assert leaked == [], f"{path.relative_to(release)} shows {leaked[0]}"
            scanned += 1
        # the course's copy (coach's side, for the case service) carries what the simulator needs, without the key
        packed = read_packed(course_case_file(graded_cohort.course_dir, a.id))
        assert not packed.has_key() and all(o.approach is None for dp in packed.decision_points for o in dp.options)
        assert any(o.effects for dp in packed.decision_points for o in dp.options)
    for path in sorted(p for p in (tmp_path / "lessons").rglob("*") if p.is_file()):
        shown = _readable(path)
        leaked = [why for text, why in all_secrets.items() if text in shown]
        assert leaked == [], f"lesson {path.name} shows {leaked[0]}"
        scanned += 1
    assert scanned >= len(spec.assignments) + 5


def test_the_packed_case_refuses_a_key_and_names_damage_in_one_line(harlow, tmp_path):
    with pytest.raises(ValueError, match="still carries its key"):
        pack(harlow)
    data = pack(harlow.trainee_view())
    assert unpack(data) == harlow.trainee_view()
    for bad in (b"not a case", data[:40], data[:20] + bytes(len(data) - 20)):
        with pytest.raises(PackedCaseError) as err:
            unpack(bad)
        assert "\n" not in str(err.value) and "case.bin" in str(err.value)
    link = tmp_path / PACKED_FILE
    link.symlink_to("/dev/zero")
    with pytest.raises(PackedCaseError, match="link"):
        read_packed(link)
