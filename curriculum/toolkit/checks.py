"""Short knowledge checks for the lesson notebooks: choose an answer, read feedback at once."""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence, Union

import ipywidgets as widgets

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

    def __init__(self, question: str, options: Sequence[str], answer: Union[int, str], explanations: Sequence[str]):
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
        letters = "ABCDEFGHIJ"
        self.buttons = []
        for i, option in enumerate(options):
            button = widgets.Button(
                description=f"{letters[i] if i < len(letters) else i + 1}. {option}",
                tooltip=f"{self.question} Answer {letters[i] if i < len(letters) else i + 1}",
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


def check(question: str, options: Sequence[str], answer: Union[int, str], explanations: Sequence[str]) -> Check:
    """A knowledge check: one button an answer, and feedback on the chosen answer shown at once.

    ``answer`` is the best option, by index or by its text; ``explanations`` gives,
    for each option in order, why it is or is not the best answer.
    """
    return Check(question, options, answer, explanations)
