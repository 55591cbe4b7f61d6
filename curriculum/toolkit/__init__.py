"""Widgets and views trainees use to play a case in a notebook.

The names below are loaded when first asked for (``from curriculum.toolkit import CaseSession``), not when the
package is: grading, the case service and the reports read the toolkit's widget-free modules (``render``,
``views``, ``futures``), and importing one of them must not load ipywidgets and the widgets with it.
"""

from importlib import import_module

# name -> the module of this package that defines it
_EXPORTS = {
    "CaseSession": "session",
    "DecisionWidget": "session",
    "case_life": "lesson",
    "check": "checks",
    "compare_futures": "lesson",
    "compare_levers": "lesson",
    "lesson_case": "lesson",
    "practice_case": "lesson",
    "show_case_path": "lesson",
    "show_model": "lesson",
    "show_practice": "lesson",
    "show_principles": "lesson",
    "vignette": "lesson",
    "vignettes": "lesson",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
