"""Short knowledge checks for the lesson notebooks: choose an answer, read feedback at once.

A lesson's checks live in a data file of their own, ``curriculum/lessons/checks/<lesson>.yaml``,
so the best answer never sits in the lesson's visible code: the lesson cell names a check by id,
``check("engage-opening-line")``. A check file looks like this::

    checks:
      engage-opening-line:            # the id starts with the lesson's name
        question: Which opening line ...?
        options:
          - text: "..."
            explanation: Why this is, or is not, the best answer.
          - text: "..."
            best: true                # exactly one option is the best
            explanation: ...

The options are shown in an order of their own for each check (the same every time, for every
trainee), lettered A, B, C ... as shown, so the best answer is not always in the same place.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Optional, Sequence, Union

import ipywidgets as widgets
import yaml

CHECKS_DIR = Path(__file__).resolve().parent.parent / "lessons" / "checks"
_ROOT = Path(__file__).resolve().parents[2]
CHECK_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LETTERS = "ABCDEFGHIJ"
CHECK_KEYS = {"question", "options"}
OPTION_KEYS = {"text", "explanation", "best"}

# JupyterLab's theme variables (with fallbacks outside JupyterLab), so a check reads in light and dark themes;
# right and wrong are told in words and symbols too, never by colour alone
CHECK_STYLE = """
<style>
.casework-check { border: 1px solid var(--jp-border-color1, #bdbdbd); border-radius: 4px;
  padding: 0.5em 0.9em; margin: 0.6em 0; background: var(--jp-layout-color1, transparent);
  color: var(--jp-ui-font-color1, inherit); }
.casework-check-question { font-weight: bold; margin: 0.2em 0 0.4em 0; }
.casework-check-feedback { border-left: 4px solid var(--jp-border-color2, #9e9e9e); padding: 0.3em 0.7em;
  margin-top: 0.3em; background: var(--jp-layout-color2, transparent); color: var(--jp-content-font-color1, inherit); }
.casework-check-feedback.right { border-left-color: var(--jp-success-color1, #2e7d32); }
.casework-check-feedback.wrong { border-left-color: var(--jp-warn-color1, #e65100); }
.casework-check-feedback .verdict { font-weight: bold; }
.casework-check .casework-check-option { height: auto; min-height: var(--jp-widgets-inline-height, 28px);
  white-space: normal; text-align: left; line-height: 1.4; padding: 0.35em 0.7em; margin: 0.15em 0;
  border: 1px solid var(--jp-border-color2, #bdbdbd); }
.casework-check .casework-check-option.casework-chosen { border: 2px solid var(--jp-brand-color1, #1976d2);
  font-weight: bold; }
.casework-check .casework-check-option:focus-visible { outline: 2px solid var(--jp-brand-color1, #1976d2);
  outline-offset: 2px; }
</style>
"""

PROMPT = ("<p class='casework-check-feedback'><i>Choose an answer to see feedback. "
          "(Tab moves between the answers; Enter or Space chooses one.)</i></p>")

# Answers are buttons rather than radio buttons: JupyterLab 4 treats arrow keys on a focused radio button as
# notebook navigation (a radio input is not ":read-write"), so a radio group cannot be changed from the
# keyboard once one answer is chosen. Buttons are reached with Tab and chosen with Enter or Space.


class Check(widgets.VBox):
    """One question with its options; choosing an option shows why it is or is not the best answer."""

    def __init__(self, question: str, options: Sequence[str], answer: Union[int, str], explanations: Sequence[str],
                 check_id: Optional[str] = None):
        self.check_id = check_id
        options = [str(o).strip() for o in options]
        if len(options) < 2:
            raise ValueError(f"check {question!r}: give at least two options, got {len(options)}")
        if len(set(options)) != len(options):
            raise ValueError(f"check {question!r}: two options have the same text")
        if len(explanations) != len(options):
            raise ValueError(
                f"check {question!r}: {len(options)} options but {len(explanations)} explanations; give one for each option"
            )
        if isinstance(answer, str):
            if answer.strip() not in options:
                raise ValueError(f"check {question!r}: the answer {answer!r} is not one of the options")
            answer = options.index(answer.strip())
        if not 0 <= answer < len(options):
            raise ValueError(f"check {question!r}: answer index {answer} is outside 0..{len(options) - 1}")
        self.question = question.strip()
        self.options = options
        self.answer = answer
        self.explanations = [str(e).strip() for e in explanations]
        self.chosen: Optional[int] = None
        self.buttons = []
        for i, option in enumerate(options):
            letter = LETTERS[i] if i < len(LETTERS) else str(i + 1)
            button = widgets.Button(
                description=f"{letter}. {option}",
                tooltip=f"{self.question} Answer {letter}",
                layout=widgets.Layout(width="100%", height="auto"),
            )
            button.add_class("casework-check-option")
            button.on_click(lambda _, i=i: self.choose(i))
            self.buttons.append(button)
        self.feedback = widgets.HTML(PROMPT)
        super().__init__([
            widgets.HTML(CHECK_STYLE + f"<p class='casework-check-question' role='heading' aria-level='4'>{escape(self.question)}</p>"),
            *self.buttons,
            self.feedback,
        ])
        self.add_class("casework-check")

    def choose(self, index: int) -> None:
        """Pick option ``index``: mark it and show its feedback."""
        self.chosen = index
        for i, button in enumerate(self.buttons):
            if i == index:
                button.add_class("casework-chosen")
                button.icon = "check"
            else:
                button.remove_class("casework-chosen")
                button.icon = ""
        self.feedback.value = self.feedback_html(index)

    def feedback_html(self, chosen: int) -> str:
        """The feedback shown when option ``chosen`` (an index) is picked."""
        right = chosen == self.answer
        verdict = "✓ Yes." if right else "✗ Not quite."
        more = "" if right else " Try another answer."
        return (
            f"<div class='casework-check-feedback {'right' if right else 'wrong'}' role='status' aria-live='polite'>"
            f"<div><small>You chose: {escape(self.options[chosen])}</small></div>"
            f"<span class='verdict'>{verdict}</span> {escape(self.explanations[chosen])}{more}</div>"
        )


def _where(path: Path) -> str:
    """A check file's name as messages give it: relative to the project when it is inside it."""
    path = Path(path).resolve()
    try:
        return os.path.relpath(path, _ROOT) if path.is_relative_to(_ROOT) else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


class CheckFileError(ValueError):
    """A check file, or a check in it, that cannot be used. The message is one line naming the file and the check."""

    def __init__(self, path: Union[str, Path], message: str, check_id: Optional[str] = None):
        self.path = Path(path)
        self.check_id = check_id
        where = _where(self.path) + (f": check {check_id!r}" if check_id else "")
        super().__init__(f"{where}: {_one_line(message)}")


class _UniqueKeys(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping (a second check with the same id)."""


def _mapping_without_repeats(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:  # an unhashable key: the safe loader says so itself
            continue
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice (first at line {seen[key]})", key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeys.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_repeats)


@dataclass(frozen=True)
class CheckSpec:
    """One knowledge check as its file writes it: the options in the file's order, and which is the best."""

    id: str
    question: str
    options: tuple[str, ...]
    explanations: tuple[str, ...]
    best: int
    file: Path

    def display_order(self) -> list[int]:
        """The options' indices in the order a trainee sees them: shuffled by the check's id, the same every time."""
        order = list(range(len(self.options)))
        seed = int.from_bytes(hashlib.sha256(self.id.encode("utf-8")).digest()[:8], "big")
        random.Random(seed).shuffle(order)
        return order

    def widget(self) -> "Check":
        """The check as trainees see it: options in :meth:`display_order`, lettered A, B, C ... in that order."""
        order = self.display_order()
        return Check(self.question, [self.options[i] for i in order], order.index(self.best),
                     [self.explanations[i] for i in order], check_id=self.id)


def _text(value: Any, path: Path, check_id: str, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        got = "nothing" if value is None else f"{type(value).__name__} {value!r}"
        raise CheckFileError(path, f"{field} must be text (put it in quotes if it reads as a number, "
                                   f"yes/no or a date), got {got}", check_id)
    return " ".join(value.split())


def _parse_check(path: Path, check_id: Any, data: Any) -> CheckSpec:
    stem = path.stem
    if not isinstance(check_id, str) or not CHECK_ID.match(check_id):
        raise CheckFileError(path, f"check id {check_id!r} must be lowercase words joined by dashes, "
                                   f"starting with the lesson's name ({stem}-...)")
    if not check_id.startswith(stem + "-"):
        raise CheckFileError(path, f"the id must start with the lesson's name, '{stem}-', so check() can find "
                                   "its file", check_id)
    if not isinstance(data, dict):
        raise CheckFileError(path, "a check is a mapping with 'question' and 'options'", check_id)
    unknown = sorted(set(map(str, data)) - CHECK_KEYS)
    if unknown:
        raise CheckFileError(path, f"unknown field {unknown[0]!r}; a check has: question, options", check_id)
    missing = sorted(CHECK_KEYS - set(data))
    if missing:
        raise CheckFileError(path, f"missing {missing[0]!r}", check_id)
    question = _text(data["question"], path, check_id, "'question'")
    options = data["options"]
    if not isinstance(options, list) or not 2 <= len(options) <= len(LETTERS):
        count = len(options) if isinstance(options, list) else "no list of"
        raise CheckFileError(path, f"'options' must list 2 to {len(LETTERS)} options, got {count}", check_id)
    texts, explanations, best = [], [], []
    for n, option in enumerate(options, start=1):
        if not isinstance(option, dict):
            raise CheckFileError(path, f"option {n} must be a mapping with 'text' and 'explanation'", check_id)
        unknown = sorted(set(map(str, option)) - OPTION_KEYS)
        if unknown:
            raise CheckFileError(path, f"option {n}: unknown field {unknown[0]!r}; an option has: text, "
                                       "explanation, best", check_id)
        texts.append(_text(option.get("text"), path, check_id, f"option {n} 'text'"))
        explanations.append(_text(option.get("explanation"), path, check_id, f"option {n} 'explanation'"))
        flag = option.get("best", False)
        if not isinstance(flag, bool):
            raise CheckFileError(path, f"option {n}: 'best' is true or left out, got {flag!r}", check_id)
        if flag:
            best.append(n - 1)
    if len(set(texts)) != len(texts):
        again = next(n for n, t in enumerate(texts, start=1) if t in texts[: n - 1])
        raise CheckFileError(path, f"option {again} has the same text as an earlier option", check_id)
    if len(best) != 1:
        which = "no option is" if not best else f"options {', '.join(str(i + 1) for i in best)} are all"
        raise CheckFileError(path, f"{which} marked 'best: true'; mark exactly one", check_id)
    return CheckSpec(check_id, question, tuple(texts), tuple(explanations), best[0], path)


def load_check_file(path: Union[str, Path]) -> dict[str, CheckSpec]:
    """Every check in one lesson's check file, by id.

    Raise :class:`CheckFileError`, one line naming the file (and the check, where
    one is at fault), if the file cannot be read or any check in it is malformed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckFileError(path, f"cannot read the check file: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = yaml.load(text, Loader=_UniqueKeys)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise CheckFileError(path, f"not valid YAML{line}: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict) or set(data) != {"checks"} or not isinstance(data["checks"], dict) or not data["checks"]:
        raise CheckFileError(path, "a check file holds one field, 'checks', mapping each check id to its check")
    return {check_id: _parse_check(path, check_id, spec) for check_id, spec in data["checks"].items()}


def check_files(folder: Union[str, Path] = CHECKS_DIR) -> list[Path]:
    """The lessons' check files, one per lesson."""
    return sorted(Path(folder).glob("*.yaml"))


def find_check(check_id: str, folder: Union[str, Path] = CHECKS_DIR) -> CheckSpec:
    """The check with this id, from the file of the lesson its id starts with (``engage-...`` in ``engage.yaml``)."""
    folder = Path(folder)
    if not isinstance(check_id, str) or not CHECK_ID.match(check_id):
        raise CheckFileError(folder, f"{check_id!r} is not a check id (lowercase words joined by dashes, "
                                     "starting with the lesson's name, as in 'engage-opening-line')")
    files = [p for p in check_files(folder) if check_id.startswith(p.stem + "-")]
    if not files:
        raise CheckFileError(folder, f"no check file for check {check_id!r}: a check id starts with its lesson's "
                                     "name, and the lesson's checks are in <lesson>.yaml here")
    path = max(files, key=lambda p: len(p.stem))
    checks = load_check_file(path)
    if check_id not in checks:
        raise CheckFileError(path, f"no check {check_id!r} in this file (it has: {', '.join(checks)})")
    return checks[check_id]


def check(question: str, options: Optional[Sequence[str]] = None, answer: Union[int, str, None] = None,
          explanations: Optional[Sequence[str]] = None) -> Check:
    """A knowledge check: one button an answer, and feedback on the chosen answer shown at once.

    Lessons call it with a check id alone, ``check("engage-opening-line")``: the
    question, the options, the best one and an explanation for each come from
    the lesson's check file (see :func:`find_check`), and the options are shown
    in the check's own order. The older form, ``check(question, options, answer,
    explanations)``, still works: ``answer`` is the best option, by index or by
    its text; ``explanations`` gives, for each option in order, why it is or is
    not the best answer; the options are shown in the order given.
    """
    if options is None and answer is None and explanations is None:
        return find_check(question).widget()
    if options is None or answer is None or explanations is None:
        raise TypeError("check() takes a check id alone, or a question with its options, answer and explanations")
    return Check(question, options, answer, explanations)
