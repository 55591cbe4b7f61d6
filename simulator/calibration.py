"""The simulated population beside published national figures (``casework calibrate``).

The population's children in care live through :class:`simulator.care.Episode`,
the model of time in care that the case a trainee plays runs too, so this table
checks the model trainees play.

Each row names a measure of :func:`simulator.population.measures`, the figure
as published, where it comes from (source and year), and the published range as
numbers. Every row is checked (tests/test_calibration.py): the simulated value
must sit inside the published range widened by three standard deviations of the
seed-to-seed spread at this size (``sd``, measured over seeds 0-9 with
:func:`spread`), the band :func:`band` gives. A figure published as one number
("8%", "9.1%") is read as the range its rounding allows; "about 2%" likewise.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .population import Population, simulate_population

FAMILIES = 100_000  # about 3,800 children enter care: the size the seed-to-seed spreads were measured at

AFCARS_EXITS = "AFCARS Reports #24 (FY2016), #27 (FY2019)"
AFCARS_SETTINGS = "AFCARS Reports #27 (FY2019), #28 (FY2020)"
AFCARS_FLOW = "AFCARS Reports #29 (FY2021), #30 (FY2022)"
CHILD_MALTREATMENT = "Child Maltreatment 2019-2022 (HHS Children's Bureau, NCANDS)"
CM_RESPONSES = "Child Maltreatment 2019 and 2022 (victims / children with a response)"
CM_SCREENING = "Child Maltreatment 2019 and 2022 (referrals screened in)"
CFSR = "CFSR Round 3 national standard (79 FR 61241, 2014)"
CFSR4 = "CFSR Round 3 standard (2014), Round 4 national performance (2022)"
ENTRY_FLOW = "AFCARS #29-#30 (FY2021-2022) entries / Child Maltreatment 2021-2022 children with a response"


@dataclass(frozen=True)
class Figure:
    """A published figure, its range as numbers, and the simulated measure it is compared with."""

    measure: str
    label: str
    published: str
    source: str
    low: float  # the published range (a single figure: the range its rounding allows)
    high: float
    sd: float  # seed-to-seed standard deviation at FAMILIES families, seeds 0-9 (spread(10))
    kind: str = "share"  # share (shown as a percentage), years, or rate

    @property
    def reference(self) -> float:
        """The middle of the published range."""
        return (self.low + self.high) / 2

    def band(self) -> tuple[float, float]:
        """The band checked: the published range widened by three seed-to-seed standard deviations."""
        return round(self.low - 3 * self.sd, 4), round(self.high + 3 * self.sd, 4)


FIGURES: tuple[Figure, ...] = (
    # exits by reason: reunification 51% and 47%, adoption 23% and 26%, guardianship 9% and 11%, living with
    # other relatives 7% and 6%, emancipation 8% and 8%; transfer to another agency, runaway and death about 2%
    Figure("exit_reunification", "Exits: reunification", "47-51%", AFCARS_EXITS, 0.47, 0.51, 0.0090),
    Figure("exit_adoption", "Exits: adoption", "23-26%", AFCARS_EXITS, 0.23, 0.26, 0.0081),
    Figure("exit_guardianship", "Exits: guardianship", "9-11%", AFCARS_EXITS, 0.09, 0.11, 0.0036),
    Figure("exit_living with relatives", "Exits: living with relatives", "6-7%", AFCARS_EXITS, 0.06, 0.07,
           0.0034),
    Figure("exit_emancipation", "Exits: emancipation (aging out)", "8%", AFCARS_EXITS, 0.075, 0.085,
           0.0039),
    Figure("exit_other", "Exits: other (transfer, runaway, death)", "about 2%", AFCARS_EXITS, 0.015, 0.025,
           0.0013),
    # in care on September 30: non-relative foster homes 46% and 45%, relative homes 32% and 34%, the rest
    # 22% and 21% (group homes 4%, institutions 6%, trial home visits 5% and 4%, pre-adoptive homes 4%,
    # supervised independent living and runaway the remainder)
    Figure("in_care_foster", "In care on a day: non-relative foster home", "45-46%", AFCARS_SETTINGS, 0.45, 0.46,
           0.0072),
    Figure("in_care_kin", "In care on a day: relative foster home", "32-34%", AFCARS_SETTINGS, 0.32, 0.34,
           0.0073),
    Figure("in_care_rest", "In care on a day: group care, trial home visit, pre-adoptive, other", "21-23%",
           AFCARS_SETTINGS, 0.21, 0.23, 0.0065),
    Figure("in_care_congregate", "  of which group homes and institutions", "about 10% (4% + 6%)", AFCARS_SETTINGS,
           0.09, 0.11, 0.0057),
    Figure("in_care_trial_home_visit", "  of which trial home visits", "4-5%", AFCARS_SETTINGS, 0.035, 0.055,
           0.0031),
    Figure("in_care_pre_adoptive", "  of which pre-adoptive homes", "4%", AFCARS_SETTINGS, 0.035, 0.045,
           0.0009),
    # children in care on September 30 / entries during the year: 391,641 / 206,812 = 1.89 (FY2021) and
    # 368,530 / 186,602 = 1.97 (FY2022)
    Figure("stock_to_entries_years", "In care on a day / entries in a year", "1.9-2.0 years", AFCARS_FLOW, 1.89,
           1.97, 0.0442, kind="years"),
    Figure("moves_per_1000_days", "Placement moves per 1,000 days in care (first year)", "4.12-4.48", CFSR4, 4.12,
           4.48, 0.0516, kind="rate"),
    # entries (206,812; 186,602) against about 3.0-3.1 million children with an investigation or an alternative
    # response; the simulated share is per family (one child followed per family)
    Figure("placement_share_of_responses", "Responses that end in a removal (entries / responses)", "6-7%",
           ENTRY_FLOW, 0.06, 0.07, 0.0011),
    Figure("maltreatment_in_care_per_100k_days", "Maltreatment in care per 100,000 days (an input: the rate set)",
           "8.50-9.07", "CFSR Round 3 standard (2014), Round 4 national performance (9.07, the rate set)", 8.50,
           9.07, 0.7718, kind="rate"),
    # 49.5% of referrals screened in (CM 2022: 47 states reporting both), 54.5% (CM 2019)
    Figure("screen_in_rate", "Reports screened in", "about half (49.5-54.5%)", CM_SCREENING, 0.495, 0.545,
           0.0023),
    # 558,899 victims of 3,096,101 children with a response = 18.1% (CM 2022); 656,000 of about 3.5 million =
    # 18.7% (CM 2019)
    Figure("victim_share_of_responses", "Responses that find a victim (families here)", "18-19% of children",
           CM_RESPONSES, 0.18, 0.19, 0.0022),
    # victims by type (a victim may have several): neglect 74.3% (2022) to 76.1% (2020); physical abuse 16-17.5%;
    # sexual abuse 9.3-10.6%; psychological maltreatment about 6%; medical neglect about 2%
    Figure("victim_type_neglect", "Victims: neglect", "74.3-76.1%", CHILD_MALTREATMENT, 0.743, 0.761, 0.0054),
    Figure("victim_type_physical_abuse", "Victims: physical abuse", "16-17.5%", CHILD_MALTREATMENT, 0.16, 0.175,
           0.0037),
    Figure("victim_type_sexual_abuse", "Victims: sexual abuse", "9.3-10.6%", CHILD_MALTREATMENT, 0.093, 0.106, 0.0020),
    Figure("victim_type_emotional_abuse", "Victims: emotional (psychological) abuse", "about 6%", CHILD_MALTREATMENT,
           0.055, 0.065, 0.0023),
    Figure("victim_type_medical_neglect", "Victims: medical neglect", "about 2%", CHILD_MALTREATMENT, 0.015, 0.025,
           0.0018),
    # the Round 3 national standards, each one figure (to its rounding)
    Figure("recurrence_within_12_months", "Maltreatment again within 12 months", "9.1% (standard)", CFSR, 0.0905,
           0.0915, 0.0015),
    Figure("reentry_within_12_months", "Re-entry within 12 months of going home", "8.3% (standard)", CFSR, 0.0825,
           0.0835, 0.0053),
    Figure("permanency_within_12_months", "Permanency within 12 months of entry", "40.5% (standard)", CFSR, 0.4045,
           0.4055, 0.0081),
)
BANDS: dict[str, tuple[float, float]] = {f.measure: f.band() for f in FIGURES}


def outside(measures: dict[str, float]) -> list[str]:
    """The rows a population fails: 'measure = value (band)' for each value outside its band."""
    return [f"{f.measure} = {measures[f.measure]:.4f} ({lo}-{hi})" for f in FIGURES
            for lo, hi in [f.band()] if not lo <= measures[f.measure] <= hi]


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


def _band_text(f: Figure) -> str:
    low, high = f.band()
    if f.kind == "share":
        return f"{100 * low:.1f}-{100 * high:.1f}%"
    return f"{low:.2f}-{high:.2f}"


def calibration_table(population: Population) -> pd.DataFrame:
    """Measure, simulated value, published value, source and the band checked (tests/test_calibration.py)."""
    values = with_derived(population.measures())
    rows = [
        {
            "measure": f.label,
            "simulated": _format(values.get(f.measure, float("nan")), f.kind),
            "published": f.published,
            "source": f.source,
            "band checked": _band_text(f),
        }
        for f in FIGURES
    ]
    return pd.DataFrame(rows, columns=["measure", "simulated", "published", "source", "band checked"])


def table_text(table: pd.DataFrame) -> str:
    """The table as left-aligned plain text, for a terminal."""
    columns = list(table.columns)
    widths = [max(len(c), *(len(str(v)) for v in table[c])) for c in columns]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in table.itertuples(index=False):
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(row, widths)).rstrip())
    return "\n".join(lines)





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
            "band checked": _band_text(f),
        }
        for f in FIGURES
    ]
    return pd.DataFrame(rows, columns=["measure", "simulated", "spread (sd)", "published", "source", "band checked"])
