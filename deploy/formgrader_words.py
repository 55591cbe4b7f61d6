"""The formgrader's lists in the course's words, in the coach environment's copy of nbgrader.

nbgrader's formgrader (0.9.6) reads its page templates from one folder of its own package, with no setting for
another, so the coach environment's copy is rewritten where its words speak to programmers: "Code Score" is the
score of a trainee's decisions (the autograded cells are the decision scores), "Written Score" the written answers
the coach grades by hand, "Needs Manual Grade?" a written answer still to grade, "Tests Failed?" a decision score
that could not be worked out. Each replacement names its old words exactly: a new nbgrader that changed them stops
the environment's build (``casework hub start``) with the file and the words, rather than leaving them half done.

Run on an environment with ``python -m deploy.formgrader_words`` (the coach image does it after installing).
"""

from __future__ import annotations

import sys
from pathlib import Path

SCORES = [(">Code Score<", ">Decisions score<"), (">Written Score<", ">Written answers score<"),
          (">Task Score<", ">Task score (none in this course)<")]
AVERAGES = [(">Avg. Code Score<", ">Avg. decisions score<"), (">Avg. Written Score<", ">Avg. written answers score<"),
            (">Avg. Task Score<", ">Avg. task score (none in this course)<")]
NEEDS_HAND = (">Needs Manual Grade?<", ">Needs hand grading?<")
SCORING_FAILED = ">A decision score failed?<"
SEARCH = ('"data-search", "needs manual grade"', '"data-search", "needs hand grading"')

# file (under nbgrader/server_extensions/formgrader/) -> (the words nbgrader writes, the course's words)
WORDS: dict[str, list[tuple[str, str]]] = {
    "templates/gradebook_notebook_submissions.tpl": [*SCORES, NEEDS_HAND, (">Tests Failed?<", SCORING_FAILED)],
    "templates/manage_students_assignments.tpl": [*SCORES, NEEDS_HAND],
    "templates/gradebook_notebooks.tpl": [*AVERAGES, NEEDS_HAND],
    "templates/manage_students_notebook_submissions.tpl": [*SCORES, (">Needs manual grade?<", ">Needs hand grading?<"),
                                                           (">Tests failed?<", SCORING_FAILED)],
    # the status of a submission in Manage Submissions, and what the lists' Search box finds
    "static/js/manage_submissions.js": [('.text("needs manual grading")', '.text("needs hand grading")')],
    "static/js/gradebook_notebooks.js": [SEARCH],
    "static/js/gradebook_notebook_submissions.js": [SEARCH],
    "static/js/manage_students_assignments.js": [SEARCH],
    "static/js/manage_students_notebook_submissions.js": [SEARCH],
}


def formgrader_folder(python_prefix: Path) -> Path:
    """nbgrader's formgrader in the environment at ``python_prefix``."""
    found = sorted(Path(python_prefix).glob("lib/python3*/site-packages/nbgrader/server_extensions/formgrader"))
    if not found:
        raise RuntimeError(f"no nbgrader formgrader in {python_prefix}")
    return found[-1]


def apply(folder: Path) -> list[str]:
    """Put the course's words in the formgrader at ``folder`` (again: no change); the files changed."""
    changed = []
    for name, pairs in WORDS.items():
        path = Path(folder) / name
        text = original = path.read_text(encoding="utf-8")
        for old, new in pairs:
            if old in text:
                text = text.replace(old, new)
            elif new not in text:
                raise RuntimeError(f"{path}: nbgrader's words {old!r} are not there (another nbgrader version?): "
                                   "update deploy/formgrader_words.py")
        if text != original:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def apply_to_env(python_prefix: Path) -> list[str]:
    return apply(formgrader_folder(python_prefix))


if __name__ == "__main__":
    for changed in apply_to_env(Path(sys.prefix)):
        print(f"formgrader: {changed} in the course's words")
