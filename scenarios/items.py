"""Item-writing lint: cues that let a trainee guess the credited option without knowing the practice.

Each rule is a warning (``casework validate``), an error under ``--strict`` (the
library's test uses it). They follow the usual item-writing guidance for
multiple-choice assessment: the best answer must not be the longest, absolute
words must not mark the wrong answers, a wrong option must not name its own
fault, credited options must not sit together, and no two options may differ
only in wording.
"""

from __future__ import annotations

import difflib
import re
from typing import Callable

from .models import DecisionPoint, Option, Scenario

# the best option is "longest by a clear margin" when it is this much longer than every other option
LONGEST_RATIO = 1.25
LONGEST_MIN_CHARS = 12
ABSOLUTE = re.compile(r"\b(always|never|only|nothing else|no matter what|under no circumstances)\b", re.IGNORECASE)
# words a real worker would not use about their own choice: the option tells the trainee it is wrong
SELF_FAULT = re.compile(
    r"\b(and nothing else|without (asking|telling|explaining|listening|involving|consulting|checking)"
    r"|ignor(e|es|ing)|blam(e|es|ing)|threaten(s|ing)?|lectur(e|es|ing)|scold(s|ing)?|insult"
    r"|puts? .{1,40} before (her|his|their) (child|children|kids)|don'?t bother|no need to|shame|humiliat"
    r"|brush(es)? (it|this|them|her|him) off|dismiss(es|ing)?|pretend(s|ing)?)\b",
    re.IGNORECASE,
)
SAME_WORDING = 0.85

Warn = Callable[[list, str], None]


def _text(option: Option) -> str:
    return " ".join(option.label.split())


def _credit(option: Option) -> float:
    return option.key.credit if option.key else 0.0


def _credited(dp: DecisionPoint) -> list[int]:
    """Indices of the options the key rewards: the best at a single-choice point, every positive one otherwise."""
    credits = [_credit(o) for o in dp.options]
    if dp.kind != "multiple":
        best = max(credits)
        return [i for i, c in enumerate(credits) if c == best and c > 0]
    return [i for i, c in enumerate(credits) if c > 0]


def point_findings(dp: DecisionPoint, at: list, warn: Warn) -> None:
    """Warn about the item-writing cues at one decision point (``at`` locates it)."""
    texts = [_text(o) for o in dp.options]
    lengths = [len(t) for t in texts]
    good = _credited(dp)
    others = [i for i in range(len(dp.options)) if i not in good]
    if not good or not others:
        return
    if dp.kind != "multiple":
        best = good[0]
        rest = max(lengths[i] for i in others)
        if lengths[best] > rest * LONGEST_RATIO and lengths[best] - rest >= LONGEST_MIN_CHARS:
            warn(at + ["options", best, "label"],
                 f"the best option is the longest by a clear margin ({lengths[best]} characters against at most "
                 f"{rest}): a trainee can pick it without knowing why; bring the others closer in length")
    else:
        mean_good = sum(lengths[i] for i in good) / len(good)
        mean_rest = sum(lengths[i] for i in others) / len(others)
        if mean_good > mean_rest * LONGEST_RATIO and mean_good - mean_rest >= LONGEST_MIN_CHARS:
            warn(at + ["options"], f"the credited options are longer than the others ({mean_good:.0f} characters "
                                   f"on average against {mean_rest:.0f}): length gives them away")
        if len(good) >= 2 and len(others) >= 2 and max(good) - min(good) + 1 == len(good):
            warn(at + ["options"], "the credited options are listed together: mix them with the others")
    absolute_good = any(ABSOLUTE.search(texts[i]) for i in good)
    for i in others:
        found = ABSOLUTE.search(texts[i])
        if found and not absolute_good:
            warn(at + ["options", i, "label"], f"absolute word {found.group(0)!r} only in options the key does not "
                                               "credit: it marks them as wrong")
    for i, text in enumerate(texts):
        found = SELF_FAULT.search(text)
        if found:
            warn(at + ["options", i, "label"], f"the option names its own fault ({found.group(0)!r}): write it as a "
                                               "well-meaning worker under pressure would put it")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = texts[i].lower(), texts[j].lower()
            if difflib.SequenceMatcher(None, a, b).ratio() >= SAME_WORDING:
                warn(at + ["options", j, "label"], f"differs from option {dp.options[i].id!r} only in wording: "
                                                   "make each option a different course of action")


def item_findings(scenario: Scenario, warn: Warn) -> None:
    """Warn about item-writing cues at every decision point of a scenario."""
    for i, dp in enumerate(scenario.decision_points):
        point_findings(dp, ["decision_points", i], warn)
