"""Scoring against the key: partial credit, clamping, and odd input."""

from __future__ import annotations

from grading.key import AnswerKey
from grading.scoring import practice_scores, score_decisions
from scenarios.authoring.personas import persona_decisions


def test_practice_model_earns_every_point(harlow):
    key = AnswerKey.from_scenario(harlow)
    totals = practice_scores(score_decisions(key, persona_decisions("practice-model", harlow)))
    assert totals == {p: (v, v) for p, v in key.practice_points().items()}


def test_multiple_choice_adds_credit_and_keeps_it_between_none_and_all(harlow):
    key = AnswerKey.from_scenario(harlow)
    point = next(p for p in key.points if p.id == "whose-view")
    [half] = score_decisions(key, {"whose-view": ["jess-privately", "mia"]})[2:3]
    assert half.earned == round(point.points * 0.5, 2)
    [harmful] = score_decisions(key, {"whose-view": ["canvass-neighbours"]})[2:3]
    assert harmful.earned == 0
    assert "engage.be-transparent-about-authority" in harmful.contradicted
    [mixed] = score_decisions(key, {"whose-view": ["jess-privately", "mia", "carol", "canvass-neighbours"]})[2:3]
    assert mixed.earned == round(point.points * 0.4, 2)


def test_undecided_unknown_and_doubled_choices_earn_nothing_with_a_note(harlow):
    key = AnswerKey.from_scenario(harlow)
    scores = {s.point: s for s in score_decisions(key, {"at-the-door": ["made-up"], "take-my-kids": ["promise", "acknowledge-and-ask"]})}
    assert scores["at-the-door"].earned == 0 and "does not have" in scores["at-the-door"].note
    assert scores["take-my-kids"].earned == 0 and "more than one" in scores["take-my-kids"].note
    assert scores["plan-goal"].earned == 0 and scores["plan-goal"].note == "no decision was made"


def test_the_key_is_written_and_read_back(tmp_path, harlow):
    from grading.key import load_key

    key = AnswerKey.from_scenario(harlow, case_sha256="abc")
    path = key.write(tmp_path / "keys")
    assert load_key(path) == key
    assert path.stat().st_mode & 0o077 == 0, "the frozen key is readable by its owner only"


def test_a_repeated_option_counts_once(harlow):
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile

    key = AnswerKey.from_scenario(harlow)
    once = score_record(key, DecisionFile(scenario=harlow.id, choices={"whose-view": ["mia"]}))
    many = score_record(key, DecisionFile(scenario=harlow.id, choices={"whose-view": ["mia"] * 6}))
    assert many.areas["assess"].earned == once.areas["assess"].earned > 0


def test_an_unknown_option_damages_its_practice_area_only(harlow):
    from grading.scoring import score_record
    from scenarios.decisions import DecisionFile

    key = AnswerKey.from_scenario(harlow)
    choices = key.model_choices()
    choices["whose-view"] = choices["whose-view"] + ["made-up"]
    result = score_record(key, DecisionFile(scenario=harlow.id, choices=choices))
    assert result.areas["assess"].earned == 0 and "does not have" in result.areas["assess"].problem
    assert result.areas["engage"].earned == result.areas["engage"].possible


def test_the_key_s_model_choices_are_the_practice_model_persona(harlow):
    assert AnswerKey.from_scenario(harlow).model_choices() == persona_decisions("practice-model", harlow)
