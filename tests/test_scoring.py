"""Scoring against the key: partial credit, clamping, and odd input."""

from __future__ import annotations

from grading.key import AnswerKey
from grading.personas import persona_decisions
from grading.scoring import practice_scores, score_decisions


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
    assert scores["at-the-door"].earned == 0 and "unknown option" in scores["at-the-door"].note
    assert scores["take-my-kids"].earned == 0 and "more than one" in scores["take-my-kids"].note
    assert scores["plan-goal"].earned == 0 and scores["plan-goal"].note == "no decision was made"


def test_the_key_is_written_and_read_back(tmp_path, harlow):
    from grading.key import find_key, load_key

    key = AnswerKey.from_scenario(harlow)
    (tmp_path / "nbgrader_config.py").write_text("")
    key.write(tmp_path / "keys")
    inner = tmp_path / "autograded" / "t" / "a"
    inner.mkdir(parents=True)
    assert load_key(find_key(harlow.id, inner)) == key
    assert find_key("other", inner) is None
