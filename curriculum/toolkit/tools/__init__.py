"""Practice tools the seed models name, as notebook widgets (one module per tool).

Open them from a :class:`~curriculum.toolkit.CaseSession` (``case.three_columns()``,
``case.danger_statement()``, ...). Each keeps its work in ``decisions.json``
under ``work[<tool id>]``, saved and logged the moment it changes, and comes
back when the notebook is run again; under nbgrader it shows the saved work as
static HTML. Each module's docstring gives its API and the shape of its work.
"""

from .assessment import SafetyAssessment, reference_assessment
from .base import PracticeTool
from .case_plan import CasePlan
from .ecomap import Ecomap
from .network import SafetyNetwork
from .scaling import Scaling
from .statements import StatementBuilder
from .three_columns import ThreeColumns

__all__ = [
    "CasePlan",
    "Ecomap",
    "PracticeTool",
    "SafetyAssessment",
    "SafetyNetwork",
    "Scaling",
    "StatementBuilder",
    "ThreeColumns",
    "reference_assessment",
]
