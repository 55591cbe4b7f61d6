"""The simulated population beside published national figures (``casework calibrate``).

The population's children in care live through :class:`simulator.care.Episode`,
the model of time in care that the case a trainee plays runs too, so this table
checks the model trainees play.

Each row names a measure of :func:`simulator.population.measures`, the figure
as published, and where it comes from. Rows marked as targets are the ones the
defaults were set to reach (tests/test_calibration.py checks each against the
published figure widened by three standard deviations of the seed-to-seed
spread at this size); the others are reported so a trainer can see how the
engine compares, without a target.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from .population import Population, simulate_population

AFCARS_EXITS = "AFCARS Reports #24 (FY2016), #27 (FY2019)"
AFCARS_SETTINGS = "AFCARS Reports #27 (FY2019), #28 (FY2020)"
AFCARS_FLOW = "AFCARS Reports #29 (FY2021), #30 (FY2022)"
CHILD_MALTREATMENT = "Child Maltreatment 2019-2022 (HHS)"
CFSR = "CFSR Round 3 national standards"
CFSR4 = "CFSR Round 3 standard, Round 4 national performance"
ENTRY_FLOW = "AFCARS #29-#30 entries / Child Maltreatment 2021-2022 children with a response"


@dataclass(frozen=True)
class Figure:
    """A published figure and the simulated measure it is compared with."""

    measure: str
    label: str
    published: str
    source: str
    target: bool
    kind: str = "share"  # share (shown as a percentage), years, or rate
    reference: Optional[float] = None  # the published value as a number, where there is one


FIGURES: tuple[Figure, ...] = (
    Figure("exit_reunification", "Exits: reunification", "47-51%", AFCARS_EXITS, True, reference=0.49),
    Figure("exit_adoption", "Exits: adoption", "23-26%", AFCARS_EXITS, True, reference=0.25),
    Figure("exit_guardianship", "Exits: guardianship", "9-11%", AFCARS_EXITS, True, reference=0.09),
    Figure("exit_living with relatives", "Exits: living with relatives", "6-7%", AFCARS_EXITS, True, reference=0.07),
    Figure("exit_emancipation", "Exits: emancipation (aging out)", "8%", AFCARS_EXITS, True, reference=0.08),
    Figure("exit_other", "Exits: other (transfer, runaway, death)", "about 2%", AFCARS_EXITS, False, reference=0.02),
    Figure("in_care_foster", "In care on a day: non-relative foster home", "45-46%", AFCARS_SETTINGS, True,
           reference=0.45),
    Figure("in_care_kin", "In care on a day: relative foster home", "32-34%", AFCARS_SETTINGS, True, reference=0.33),
    Figure("in_care_rest", "In care on a day: group care, trial home visit, pre-adoptive, other", "21-23%",
           AFCARS_SETTINGS, True, reference=0.22),
    Figure("in_care_congregate", "  of which group homes and institutions", "about 10%", AFCARS_SETTINGS, False,
           reference=0.10),
    Figure("in_care_trial_home_visit", "  of which trial home visits", "about 5%", AFCARS_SETTINGS, False,
           reference=0.05),
    Figure("in_care_pre_adoptive", "  of which pre-adoptive homes", "about 4%", AFCARS_SETTINGS, False,
           reference=0.04),
    Figure("stock_to_entries_years", "In care on a day / entries in a year", "1.9-2.0 years", AFCARS_FLOW, True,
           kind="years", reference=1.95),
    Figure("moves_per_1000_days", "Placement moves per 1,000 days in care (first year)", "4.12-4.48", CFSR4, True,
           kind="rate", reference=4.3),
    Figure("placement_share_of_responses", "Responses that end in a removal (entries / responses)", "6-7%",
           ENTRY_FLOW, True, reference=0.065),
    Figure("maltreatment_in_care_per_100k_days", "Maltreatment in care per 100,000 days (an input: the rate set)",
           "9.07", "CFSR Round 4 national performance", False, kind="rate", reference=9.07),
    Figure("screen_in_rate", "Reports screened in", "about half", CHILD_MALTREATMENT, False),
    Figure("victim_share_of_responses", "Responses that find a victim (families here)", "about 18% of children",
           CHILD_MALTREATMENT, False),
    Figure("victim_type_neglect", "Victims: neglect", "about 75%", CHILD_MALTREATMENT, False, reference=0.75),
    Figure("victim_type_physical_abuse", "Victims: physical abuse", "about 17%", CHILD_MALTREATMENT, False,
           reference=0.17),
    Figure("victim_type_sexual_abuse", "Victims: sexual abuse", "about 10%", CHILD_MALTREATMENT, False,
           reference=0.10),
    Figure("victim_type_emotional_abuse", "Victims: emotional (psychological) abuse", "about 6%", CHILD_MALTREATMENT,
           False, reference=0.06),
    Figure("victim_type_medical_neglect", "Victims: medical neglect", "about 2%", CHILD_MALTREATMENT, False,
           reference=0.02),
    Figure("recurrence_within_12_months", "Maltreatment again within 12 months", "9.1% (standard, victims)", CFSR,
           False, reference=0.091),
    Figure("reentry_within_12_months", "Re-entry within 12 months of going home", "8.3% (standard)", CFSR, False,
           reference=0.083),
    Figure("permanency_within_12_months", "Permanency within 12 months of entry", "40.5% (standard)", CFSR, False,
           reference=0.405),
)


def _format(value: float, kind: str) -> str:
    if value != value:  # nan
        return "n/a"
    if kind == "years":
        return f"{value:.2f} years"
    if kind == "rate":
        return f"{value:.2f}"
    return f"{100 * value:.1f}%"


def with_derived(measures: dict[str, float]) -> dict[str, float]:
    """The measures plus the combined 'rest of the settings' share the published figures group together."""
    out = dict(measures)
    out["in_care_rest"] = sum(measures.get(f"in_care_{s}", 0.0)
                              for s in ("congregate", "trial_home_visit", "pre_adoptive", "other"))
    return out


def calibration_table(population: Population) -> pd.DataFrame:
    """Measure, simulated value, published value, source and whether the row is a calibration target."""
    values = with_derived(population.measures())
    rows = [
        {
            "measure": f.label,
            "simulated": _format(values.get(f.measure, float("nan")), f.kind),
            "published": f.published,
            "source": f.source,
            "target": "yes" if f.target else "",
        }
        for f in FIGURES
    ]
    return pd.DataFrame(rows, columns=["measure", "simulated", "published", "source", "target"])


def table_text(table: pd.DataFrame) -> str:
    """The table as left-aligned plain text, for a terminal."""
    columns = list(table.columns)
    widths = [max(len(c), *(len(str(v)) for v in table[c])) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in table.itertuples(index=False):
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


FAMILIES = 100_000  # about 5,000 children enter care: the size the tolerances were measured at


def calibrate(families: int = FAMILIES, seed: int = 0) -> tuple[Population, pd.DataFrame]:
    """Simulate a population with the default parameters and compare it with the published figures."""
    population = simulate_population(families, seed)
    return population, calibration_table(population)


def spread(seeds: int = 10, families: int = FAMILIES, first_seed: int = 0, **what_if) -> pd.DataFrame:
    """Each measure's mean and standard deviation over ``seeds`` populations (seeds ``first_seed`` ...)."""
    runs = pd.DataFrame([with_derived(simulate_population(families, seed, **what_if).measures())
                         for seed in range(first_seed, first_seed + seeds)])
    return pd.DataFrame({"mean": runs.mean(), "sd": runs.std(ddof=1)})


def spread_table(stats: pd.DataFrame) -> pd.DataFrame:
    """The calibration table from :func:`spread`: the mean over the seeds, with its seed-to-seed spread."""
    rows = [
        {
            "measure": f.label,
            "simulated": _format(stats.loc[f.measure, "mean"], f.kind) if f.measure in stats.index else "n/a",
            "spread (sd)": _format(stats.loc[f.measure, "sd"], f.kind if f.kind != "years" else "rate")
            if f.measure in stats.index else "",
            "published": f.published,
            "source": f.source,
            "target": "yes" if f.target else "",
        }
        for f in FIGURES
    ]
    return pd.DataFrame(rows, columns=["measure", "simulated", "spread (sd)", "published", "source", "target"])
