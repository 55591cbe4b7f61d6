"""Does a case's score separate good practice from guessing? Blind strategies and personas, played on the key.

Blind strategies know nothing of practice: they choose by position (first, last)
in the order a trainee sees (:mod:`scenarios.variant`, averaged over many trainee
identities) or by length (longest, shortest). At a multiple-choice point every
blind strategy ticks the same number of boxes, half the options rounded up, so
they differ only in *which* boxes; the uniform-random expectation is computed
exactly over every such choice. A case is valid when every blind strategy scores
like chance, the practice model scores high, and the plausible-but-wrong personas
(cautious, avoidant) score well below the practice model. A blind strategy off
chance is explained point by point (:meth:`CaseValidity.problems`): where its
option earns more (or less) than chance, which option it picks, how long each
option is and what each earns, so the author knows which options to rewrite.

Every share in the table is what grading would give the same choices
(:func:`graded_points`): the record followed through the trainee's copy of the
case as grading replays it, only the moments on its path counted, each practice
area at its worth (:func:`grading.scoring.score_record`, called as
:mod:`grading.pipeline.score` calls it). On a case with paths the
uniform-random expectation is estimated over a thousand random choosers
(:func:`random_expectation`); on a case without, it is exact.

An author's tool, so it lives with them (:mod:`scenarios.authoring`), but it scores
with the very scorer trainees are graded with: it imports :mod:`grading.key` and
:mod:`grading.scoring` (and :mod:`grading.pipeline.score` for the choices grading
closes), never a copy of them. The dependency runs one way: this module imports
grading, nothing in grading imports this module, and :mod:`scenarios.authoring`
itself does not import it, so reading or checking a case never loads grading.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass, field
from typing import Callable

from grading.key import AnswerKey, PointKey
from grading.scoring import score_point, score_record
from scenarios.decisions import DecisionFile
from scenarios.models import DecisionPoint, Scenario
from scenarios.variant import shown_order

from .personas import persona_decisions

IDENTITIES = 200
# random choosers graded on a case with paths (see random_expectation)
RANDOM_CHOOSERS = 1000
BLIND = ["first", "last", "longest", "shortest"]
PERSONAS = ["practice-model", "cautious", "avoidant", "directive"]
# thresholds of the library's test (issue 11): blind within 5 points of random, the practice model at least 90,
# each plausible-but-wrong persona at least 25 points below the practice model
BLIND_TOLERANCE = 5.0
MODEL_AT_LEAST = 90.0
WRONG_BELOW_MODEL = 25.0
WRONG_PERSONAS = ["cautious", "avoidant"]


def ticks(dp: DecisionPoint) -> int:
    """How many boxes a blind strategy ticks at a multiple-choice point."""
    return math.ceil(len(dp.options) / 2)


def _pick(dp: DecisionPoint, ordered: list[str]) -> list[str]:
    return ordered[:1] if dp.kind != "multiple" else ordered[: ticks(dp)]


def _by_position(last: bool) -> Callable[[DecisionPoint, list[str]], list[str]]:
    def choose(dp: DecisionPoint, order: list[str]) -> list[str]:
        return _pick(dp, list(reversed(order)) if last else order)
    return choose


def _by_length(longest: bool) -> Callable[[DecisionPoint, list[str]], list[str]]:
    def choose(dp: DecisionPoint, order: list[str]) -> list[str]:
        length = {o.id: label_length(o.label) for o in dp.options}
        # ties go to the option shown first, as a trainee's eye would
        ranked = sorted(order, key=lambda i: -length[i] if longest else length[i])
        return _pick(dp, ranked)
    return choose


STRATEGIES = {
    "first": _by_position(False), "last": _by_position(True),
    "longest": _by_length(True), "shortest": _by_length(False),
}


def _earned(point: PointKey, chosen: list[str]) -> float:
    return score_point(point, chosen).earned


def _chance(dp: DecisionPoint, point: PointKey) -> float:
    """The points a uniform-random chooser earns at one decision point on average (exact)."""
    ids = [o.id for o in dp.options]
    picks = [[i] for i in ids] if dp.kind != "multiple" else [list(c) for c in itertools.combinations(ids, ticks(dp))]
    return sum(_earned(point, p) for p in picks) / len(picks)


class GradedScorer:
    """The points grading gives a decision record of one case, as :mod:`grading.pipeline.score` gives them.

    The record is followed through the trainee's copy of the case (:func:`simulator.play.follow`, complete),
    a chosen option not open where the case went scores nothing, and :func:`grading.scoring.score_record`
    counts only the moments on the path when the case has paths, each area at its worth. Records are cached:
    blind strategies repeat the same choices for many identities.
    """

    def __init__(self, scenario: Scenario, key: AnswerKey):
        self.scenario, self.key = scenario, key
        self.view = scenario.trainee_view() if scenario.has_key() else scenario
        self.possible = sum(key.practice_points().values())
        self._cache: dict[tuple, float] = {}

    def __call__(self, choices: dict[str, list[str]]) -> float:
        signature = tuple(sorted((p, tuple(c)) for p, c in choices.items()))
        if signature not in self._cache:
            self._cache[signature] = self._score(choices)
        return self._cache[signature]

    def _score(self, choices: dict[str, list[str]]) -> float:
        from grading.pipeline.score import closed_choices
        from simulator.play import follow

        try:
            path = follow(self.view, choices, complete=True)
        except Exception:  # noqa: BLE001 - as grading: a path that cannot be replayed counts every moment
            path = None
        closed = closed_choices(self.view, path, choices) if path is not None else {}
        on_path = path.on_path() if path is not None and self.key.has_paths() else None
        result = score_record(self.key, DecisionFile(scenario=self.scenario.id, choices=choices), on_path, closed)
        return sum(a.earned for a in result.areas.values())


def graded_points(scenario: Scenario, key: AnswerKey, choices: dict[str, list[str]]) -> float:
    """The points grading gives these choices (see :class:`GradedScorer`)."""
    return GradedScorer(scenario, key)(choices)


def _linear(scenario: Scenario, key: AnswerKey) -> bool:
    """Whether a record's graded points are the sum of its points at each moment: no moment and no option
    of the case comes up on some paths only."""
    return not key.has_paths() and all(o.when is None for dp in scenario.decision_points for o in dp.options)


def _played(scenario: Scenario, pick: Callable[[DecisionPoint], list[str]]) -> dict[str, list[str]]:
    """A whole record chosen moment by moment: where some options are open only on some paths, ``pick`` sees
    the moment with the options open where the case has gone (as a trainee does, and as the personas
    choose: :func:`scenarios.authoring.personas.persona_decisions`)."""
    from simulator.play import follow

    out: dict[str, list[str]] = {}
    for dp in scenario.decision_points:
        if any(o.when is not None for o in dp.options):
            moment = follow(scenario, out).moment(dp.id)
            open_ids = set(moment.options) if moment is not None and moment.options else {o.id for o in dp.options}
            offered = [o for o in dp.options if o.id in open_ids]
            if len(offered) < len(dp.options):
                dp = dp.model_copy(update={"options": offered})
        out[dp.id] = pick(dp)
    return out


def random_choices(scenario: Scenario, n: int) -> dict[str, list[str]]:
    """The record of the ``n``-th uniform-random chooser: at each moment, among the options open there, one
    (or, at a multiple-choice point, as many boxes as a blind strategy ticks) at random."""
    rng = random.Random(f"validity-random:{scenario.id}:{n}")

    def pick(dp: DecisionPoint) -> list[str]:
        ids = [o.id for o in dp.options]
        return [rng.choice(ids)] if dp.kind != "multiple" else rng.sample(ids, ticks(dp))
    return _played(scenario, pick)


def random_expectation(scenario: Scenario, key: AnswerKey, choosers: "int | None" = None,
                       scorer: "GradedScorer | None" = None) -> float:
    """The points grading gives a uniform-random chooser on average.

    Exact (over every blind choice) when the graded points are the sum of each moment's. Otherwise the
    exact expectation of the sum over the moments whose options are open on every path, each weighed by
    its area's worth over the points of all the area's moments, plus the mean difference grading makes over
    ``choosers`` random choosers (:func:`random_choices`; a control variate: about a tenth of a percentage
    point at the default, against half a point for a plain mean).
    """
    chance = {dp.id: _chance(dp, key.point(dp.id)) for dp in scenario.decision_points}
    if _linear(scenario, key):
        return sum(chance.values())
    scorer = scorer or GradedScorer(scenario, key)
    worth, every = key.practice_points(), {}
    for p in key.points:
        every[p.practice] = every.get(p.practice, 0.0) + p.points
    # the control variate: moments whose options are open on every path (a random pick there is uniform)
    fixed = {dp.id for dp in scenario.decision_points if all(o.when is None for o in dp.options)}
    weight = {p.id: worth[p.practice] / every[p.practice] if every[p.practice] else 0.0 for p in key.points}
    linear = lambda choices: sum(weight[p.id] * score_point(p, choices.get(p.id, [])).earned  # noqa: E731
                                 for p in key.points if p.id in fixed)
    choosers = choosers or RANDOM_CHOOSERS
    difference = sum(scorer(c) - linear(c) for c in (random_choices(scenario, n) for n in range(choosers)))
    return sum(weight[i] * v for i, v in chance.items() if i in fixed) + difference / choosers


def label_length(label: str) -> int:
    """An option's length as the length strategies measure it: characters, runs of white space counted as one."""
    return len(" ".join(label.split()))


@dataclass
class PointPlay:
    """What one blind strategy did at one decision point, over the trainees' orders."""

    point: str
    possible: float
    earned: float  # the strategy's points here, on average over the identities
    chance: float  # a uniform-random chooser's points here, on average
    picked: dict[str, float]  # option id -> share of the identities whose order made the strategy pick it
    lengths: dict[str, int]  # option id -> characters of its label, in the file's order
    credits: dict[str, float]

    def describe(self) -> str:
        """One line: the options picked (length, credit), the others, and the points against chance's."""
        def option(i: str) -> str:
            share = "" if self.picked.get(i, 0) > 0.995 or i not in self.picked else f", on {self.picked[i]:.0%} of orders"
            return f"{i} ({self.lengths[i]} characters, credit {self.credits[i]:g}{share})"
        picked = sorted(self.picked, key=lambda i: (-self.picked[i], -self.lengths[i]))
        others = [i for i in self.lengths if i not in self.picked]
        rest = "; the others: " + ", ".join(option(i) for i in others) if others else ""
        return (f"{self.point}: picks {', '.join(option(i) for i in picked)}{rest}; earns "
                f"{round(self.earned, 2):g} of {self.possible:g} points where chance earns {round(self.chance, 2):g}")


def strategy_choices(scenario: Scenario, strategy: str, identity: int) -> dict[str, list[str]]:
    """The whole record a blind strategy makes for the ``identity``-th trainee's orders, moment by moment among
    the options open there."""
    choose = STRATEGIES[strategy]

    def pick(dp: DecisionPoint) -> list[str]:
        order = shown_order(f"validity:{identity}", scenario.id, scenario.decision_point(dp.id))
        offered = {o.id for o in dp.options}
        return choose(dp, [i for i in order if i in offered])
    return _played(scenario, pick)


def strategy_plays(scenario: Scenario, key: AnswerKey, strategy: str, identities: int = IDENTITIES) -> list[PointPlay]:
    """A blind strategy's picks and points at each decision point (every moment, whichever path it is on),
    over ``identities`` trainees' orders: what explains a strategy off chance."""
    choose = STRATEGIES[strategy]
    out = []
    for dp in scenario.decision_points:
        point = key.point(dp.id)
        earned, picked = 0.0, {}
        for n in range(identities):
            chosen = choose(dp, shown_order(f"validity:{n}", scenario.id, dp))
            earned += _earned(point, chosen)
            for i in chosen:
                picked[i] = picked.get(i, 0) + 1
        out.append(PointPlay(
            point=dp.id, possible=point.points, earned=earned / identities, chance=_chance(dp, point),
            picked={i: c / identities for i, c in picked.items()},
            lengths={o.id: label_length(o.label) for o in dp.options},
            credits={o.id: point.options[o.id].credit for o in dp.options},
        ))
    return out


def strategy_points(scenario: Scenario, key: AnswerKey, strategy: str, identities: int = IDENTITIES,
                    scorer: "GradedScorer | None" = None) -> float:
    """The points grading gives a blind strategy, on average over ``identities`` trainees' orders."""
    scorer = scorer or GradedScorer(scenario, key)
    return sum(scorer(strategy_choices(scenario, strategy, n)) for n in range(identities)) / identities


def persona_points(scenario: Scenario, key: AnswerKey, persona: str, scorer: "GradedScorer | None" = None) -> float:
    """The points grading gives a persona's record."""
    return (scorer or GradedScorer(scenario, key))(persona_decisions(persona, scenario))


@dataclass
class CaseValidity:
    """One case's row of the validity table: each strategy's and persona's share of the decision points, in %."""

    case: str
    possible: float
    random: float
    blind: dict[str, float]
    personas: dict[str, float]
    # each blind strategy's picks and points per decision point (what explains a strategy off chance)
    plays: dict[str, list[PointPlay]] = field(default_factory=dict)

    def behind(self, strategy: str) -> list[PointPlay]:
        """The decision points that put a blind strategy off chance: where it earns more than chance when it is
        above random overall (less, when below), the largest gap first."""
        above = self.blind[strategy] >= self.random
        gap = lambda p: (p.earned - p.chance) if above else (p.chance - p.earned)  # noqa: E731
        return sorted((p for p in self.plays.get(strategy, []) if gap(p) > 1e-9), key=gap, reverse=True)

    def problems(self) -> list[str]:
        """What fails the thresholds, in words (empty when the case is valid). A blind strategy off chance comes
        with the points behind it, one indented line each (see :meth:`PointPlay.describe`)."""
        out = []
        for name, value in self.blind.items():
            if abs(value - self.random) > BLIND_TOLERANCE:
                text = (f"{self.case}: '{name}' earns {value:.0f}% against random's {self.random:.0f}% "
                        f"(more than {BLIND_TOLERANCE:g} points apart)")
                points = self.behind(name)
                if points:
                    more = "more" if value >= self.random else "less"
                    text += f"; its pick earns {more} than chance at {len(points)} decision point(s):" + "".join(
                        f"\n  {p.describe()}" for p in points) + "\n  " + _advice(name, value >= self.random)
                out.append(text)
        model = self.personas["practice-model"]
        if model < MODEL_AT_LEAST:
            out.append(f"{self.case}: the practice model earns {model:.0f}% (under {MODEL_AT_LEAST:g}%)")
        for name in WRONG_PERSONAS:
            if self.personas[name] > model - WRONG_BELOW_MODEL:
                out.append(f"{self.case}: the {name} persona earns {self.personas[name]:.0f}%, less than "
                           f"{WRONG_BELOW_MODEL:g} points below the practice model's {model:.0f}%")
        return out


def _advice(strategy: str, above: bool) -> str:
    """What to rewrite, for a blind strategy above (or below) chance."""
    if strategy in ("longest", "shortest"):
        if (strategy == "longest") == above:
            return ("(at these points the credited options are the longest: shorten them or lengthen a weaker "
                    "one, so that length says nothing of credit)")
        return ("(at these points the credited options are the shortest: lengthen them or shorten a weaker "
                "one, so that length says nothing of credit)")
    return ("(every trainee sees the options in an order of their own, so a position strategy is off chance by "
            "luck: try more --identities)")


def case_validity(scenario: Scenario, identities: int = IDENTITIES) -> CaseValidity:
    """Play one author's case (with its key) with every blind strategy and persona."""
    key = AnswerKey.from_scenario(scenario)
    scorer = GradedScorer(scenario, key)
    share = lambda points: 100.0 * points / scorer.possible  # noqa: E731
    return CaseValidity(
        case=scenario.id,
        possible=scorer.possible,
        random=share(random_expectation(scenario, key, scorer=scorer)),
        blind={s: share(strategy_points(scenario, key, s, identities, scorer)) for s in BLIND},
        personas={p: share(persona_points(scenario, key, p, scorer)) for p in PERSONAS},
        plays={s: strategy_plays(scenario, key, s, identities) for s in BLIND},
    )


def validity_table(rows: list[CaseValidity]) -> str:
    """The validity table as Markdown (the README carries it)."""
    head = ["case", "points", "random", *BLIND, *PERSONAS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.case, f"{r.possible:g}", f"{r.random:.0f}%", *(f"{r.blind[s]:.0f}%" for s in BLIND),
                 *(f"{r.personas[p]:.0f}%" for p in PERSONAS)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
