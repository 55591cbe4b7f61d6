"""Scenario files, the practice-behaviour catalog, and the code that loads and checks them."""

from .loader import Problem, ScenarioError, load_case, load_scenario, parse_scenario, validate_file
from .models import SCHEMA_VERSION, DecisionPoint, Option, Practice, Scenario

__all__ = [
    "SCHEMA_VERSION",
    "DecisionPoint",
    "Option",
    "Practice",
    "Problem",
    "Scenario",
    "ScenarioError",
    "load_case",
    "load_scenario",
    "parse_scenario",
    "validate_file",
]
