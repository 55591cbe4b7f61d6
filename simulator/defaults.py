"""System defaults: how the agency, the courts and the foster-care system behave around a case.

The table (:data:`scenarios.parameters.SYSTEM_PARAMETERS`, with unit, range
and default for each entry) sits beside the case parameters; this module names
the placement settings and exits, and checks overrides. The single-case engine
and the population generator read the same table, and the defaults are the
values that bring the simulated population near the published national figures
(``casework calibrate``). A scenario may override entries for its case
(``system:``), and a what-if on the population may too
(``simulate_population(..., settings=...)``); names and ranges are checked.
"""

from __future__ import annotations

from typing import Mapping, Optional

from scenarios.parameters import SYSTEM_PARAMETERS, Parameter

# placement settings, as the AFCARS point-in-time counts group them
KIN, FOSTER, CONGREGATE, TRIAL_HOME_VISIT, PRE_ADOPTIVE, OTHER = (
    "kin", "foster", "congregate", "trial_home_visit", "pre_adoptive", "other",
)
SETTINGS = (KIN, FOSTER, CONGREGATE, TRIAL_HOME_VISIT, PRE_ADOPTIVE, OTHER)
SETTING_WORDS = {
    KIN: "with relatives",
    FOSTER: "in a foster home",
    CONGREGATE: "in a group home",
    TRIAL_HOME_VISIT: "home on a trial visit",
    PRE_ADOPTIVE: "in a pre-adoptive home",
    OTHER: "in supervised independent living",
}

# ways out of care, as AFCARS names them
REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION, EMANCIPATION, OTHER_EXIT = (
    "reunification", "living with relatives", "guardianship", "adoption", "emancipation", "other",
)
EXITS = (REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION, EMANCIPATION, OTHER_EXIT)
PERMANENT_EXITS = (REUNIFICATION, RELATIVES, GUARDIANSHIP, ADOPTION)

# the table itself lives beside the case parameters, so a scenario file can override it by name
SYSTEM: dict[str, Parameter] = SYSTEM_PARAMETERS


def system_settings(overrides: Optional[Mapping[str, float]] = None) -> dict[str, float]:
    """The system defaults with these overrides, each checked by name and range."""
    values = {name: p.default for name, p in SYSTEM.items()}
    for name, value in (overrides or {}).items():
        if name not in SYSTEM:
            raise ValueError(f"unknown system setting {name!r}; known: {', '.join(SYSTEM)}")
        values[name] = SYSTEM[name].check(value)
    return values
