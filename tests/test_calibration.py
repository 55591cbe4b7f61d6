"""The population generator lands near published national figures, and responds to what-ifs in the right direction.

One population of 20,000 families (the default of ``casework calibrate``)
takes a few seconds. Tolerances: each published figure (or range) is widened
by about three standard deviations of the seed-to-seed spread at this size,
measured over ten seeds (exit shares 0.8-1.5 points, setting shares 1-1.5
points, the stock-to-entries ratio 0.06 years), so a failure means the model
moved, not that the dice were unkind.
"""

from __future__ import annotations

import pytest

from simulator.calibration import FIGURES, calibration_table, table_text, with_derived
from simulator.population import generate_family, simulate_population

FAMILIES = 20000


@pytest.fixture(scope="module")
def population():
    return simulate_population(FAMILIES, seed=0)


@pytest.fixture(scope="module")
def measures(population):
    return with_derived(population.measures())


# Exits from foster care by reason. Source: AFCARS Report #24 (FY2016) and #27 (FY2019),
# US DHHS Children's Bureau: reunification 51% and 47%, adoption 23% and 26%,
# guardianship 9% and 11%, living with other relatives 7% and 6%, emancipation 8% and 8%.
EXITS = [
    ("exit_reunification", 0.425, 0.555),  # 47-51%, +-4.5 points
    ("exit_adoption", 0.19, 0.30),  # 23-26%, +-4 points
    ("exit_guardianship", 0.055, 0.145),  # 9-11%, +-3.5 points
    ("exit_living with relatives", 0.035, 0.095),  # 6-7%, +-2.5 points
    ("exit_emancipation", 0.05, 0.11),  # 8%, +-3 points
]

# Children in foster care on September 30 by placement setting. Source: AFCARS Report #27 (FY2019)
# and #28 (FY2020): non-relative foster family homes 46% and 45%, relative foster family homes 32%
# and 34%; the rest (group homes, institutions, trial home visits, pre-adoptive homes, supervised
# independent living, runaway) 22% and 21%.
SETTINGS = [
    ("in_care_foster", 0.41, 0.50),  # 45-46%, +-4 points
    ("in_care_kin", 0.275, 0.385),  # 32-34%, +-4.5 points
    ("in_care_rest", 0.17, 0.27),  # 21-23%, +-4 points
]

# Children in care on September 30 divided by entries during the year. Source: AFCARS Report #29
# (FY2021: 391,641 / 206,812 = 1.89) and #30 (FY2022: 368,530 / 186,602 = 1.97).
FLOW = [("stock_to_entries_years", 1.7, 2.2)]  # 1.9-2.0 years, +-0.2


@pytest.mark.parametrize("measure, low, high", EXITS + SETTINGS + FLOW)
def test_population_lands_near_the_published_national_figures(measures, measure, low, high):
    assert low <= measures[measure] <= high, f"{measure} = {measures[measure]:.3f}, expected {low}-{high}"


def test_enough_children_enter_care_for_the_tolerances(measures):
    # the tolerances above assume about a thousand episodes in care
    assert 850 <= measures["entries"] <= 1250


def test_the_other_outputs_are_reported_and_plausible(measures):
    assert 0.35 <= measures["screen_in_rate"] <= 0.7
    assert 0.05 <= measures["victim_share_of_responses"] <= 0.35
    assert measures["victim_type_neglect"] > measures["victim_type_physical_abuse"] > measures["victim_type_medical_neglect"]
    assert 0.02 <= measures["recurrence_within_12_months"] <= 0.2
    assert 0.02 <= measures["reentry_within_12_months"] <= 0.2
    assert 1.0 <= measures["moves_per_1000_days"] <= 8.0
    assert 0.15 <= measures["permanency_within_12_months"] <= 0.6


def test_the_table_lists_every_figure_with_its_source(population):
    table = calibration_table(population)
    assert list(table.columns) == ["measure", "simulated", "published", "source", "target"]
    assert len(table) == len(FIGURES)
    assert table.source.str.len().gt(0).all() and table.simulated.ne("n/a").all()
    text = table_text(table)
    assert "Exits: reunification" in text and "AFCARS" in text and "CFSR" in text


def test_structured_risk_levels_separate_families_by_recurrence(population):
    families = population.families
    closed = families[families.screened_in & ~families.placed]
    by_level = closed.groupby("risk_level").recurrence_within_12_months.mean()
    assert by_level["low"] < by_level["moderate"] < by_level["high"]


def test_more_worker_changes_lower_permanency_within_12_months():
    steady = simulate_population(6000, seed=3, params={"worker_turnover": 0.05}).measures()
    churn = simulate_population(6000, seed=3, params={"worker_turnover": 0.9}).measures()
    assert churn["permanency_within_12_months"] < steady["permanency_within_12_months"]


def test_children_placed_with_relatives_move_less(measures):
    assert measures["kin_moves_per_1000_days"] < measures["foster_moves_per_1000_days"]


def test_the_population_is_reproducible_bit_for_bit():
    a = simulate_population(1500, seed=9)
    b = simulate_population(1500, seed=9)
    assert a.families.equals(b.families) and a.episodes.equals(b.episodes)
    c = simulate_population(1500, seed=10)
    assert not a.families.equals(c.families)


def test_generated_families_are_varied():
    import random

    rng = random.Random(1)
    families = [generate_family(rng, i) for i in range(2000)]
    ages = [f.child_age for f in families]
    assert min(ages) < 1 and max(ages) > 16
    assert 0.1 < sum(f.substance_use for f in families) / 2000 < 0.5
    assert 0.2 < sum(f.kin_available for f in families) / 2000 < 0.8
    assert len({f.network_ready for f in families}) >= 4


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"settings": {"screen_in_base": 1.5}}, "screen_in_base = 1.5 is outside its range 0-1 (a probability)"),
        ({"settings": {"reunification_rate": -0.1}}, "reunification_rate = -0.1 is outside its range"),
        ({"settings": {"no_such_thing": 1}}, "unknown system setting 'no_such_thing'"),
        ({"params": {"kin_availability": 2}}, "kin_availability = 2 is outside its range 0-1 (a probability)"),
        ({"params": {"engagement": 0.5}}, "does not read case parameter 'engagement'"),
        ({"families": 0}, "families must be a whole number of at least 1"),
    ],
)
def test_bad_settings_are_rejected_with_a_clear_message(kwargs, message):
    kwargs = {"families": 10, **kwargs}
    with pytest.raises(ValueError) as err:
        simulate_population(**kwargs)
    assert message in str(err.value)


def test_the_calibrate_command_prints_the_table():
    from typer.testing import CliRunner

    from casework.cli import app

    result = CliRunner().invoke(app, ["calibrate", "--families", "3000", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "3000 families" in result.output
    for words in ("measure", "simulated", "published", "source", "Exits: adoption", "1.9-2.0 years"):
        assert words in result.output
