"""A variant of a case per trainee: the order in which each decision point's options are shown.

The order comes from a seed tied to the trainee (their JupyterHub account where
there is one, otherwise an id made at first open and kept in the decision
record), the case and the decision point, so it is the same for that trainee
across restarts and re-fetches, and different for the next trainee. No global
random state is touched: each order has its own generator.
"""

from __future__ import annotations

import hashlib
import os
import random
import secrets
from typing import Optional

from .models import DecisionPoint, Scenario


def hub_identity() -> Optional[str]:
    """The trainee's JupyterHub account, when the notebook runs on a hub."""
    user = os.environ.get("JUPYTERHUB_USER", "").strip()
    return f"hub:{user}" if user else None


def new_identity() -> str:
    """An id for a trainee who has no account to tie the variant to (kept in the decision record)."""
    return f"local:{secrets.token_hex(8)}"


def _generator(identity: str, scenario_id: str, point_id: str) -> random.Random:
    digest = hashlib.sha256(f"{identity}\0{scenario_id}\0{point_id}".encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def shown_order(identity: str, scenario_id: str, dp: DecisionPoint) -> list[str]:
    """The option ids of ``dp`` in the order this trainee sees them."""
    ids = [o.id for o in dp.options]
    _generator(identity, scenario_id, dp.id).shuffle(ids)
    return ids


def shown_orders(identity: str, scenario: Scenario) -> dict[str, list[str]]:
    """Every decision point's order for one trainee."""
    return {dp.id: shown_order(identity, scenario.id, dp) for dp in scenario.decision_points}
