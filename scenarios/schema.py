"""The JSON Schema of the scenario format, generated from the typed models."""

from __future__ import annotations

import json

from .models import SCHEMA_VERSION, Scenario


def scenario_schema() -> dict:
    """The scenario JSON Schema, with an id that names the format version."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://casework-practice.example/scenario.v{SCHEMA_VERSION}.schema.json"
    return schema


def scenario_schema_text() -> str:
    """The schema as committed (stable key order, trailing newline)."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=True) + "\n"
