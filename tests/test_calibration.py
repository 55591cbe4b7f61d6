"""The model trainees play, run as a population, lands on published national figures, and cannot pass wrong.

The population's children in care live through ``simulator.care.Episode``, the
same code as the case a trainee plays. One population of 100,000 families
(about 3,800 children enter care) is what ``casework calibrate`` runs.

Tolerances: each targeted figure's published range, widened by three standard
deviations of the seed-to-seed spread at this size, measured over ten seeds
(seeds 0-9, ``simulator.calibration.spread(10)``) and written beside each band
below. A failure means the model moved, not that the dice were unkind. The
mutation test doubles and halves each main rate (entry, reunification,
adoption, guardianship, moves) and requires at least one targeted check to fail
each time: the bands are narrow enough to notice a wrong model.
"""

from __future__ import annotations

import pytest

from simulator.calibration import FAMILIES, FIGURES, calibration_table, table_text, with_derived
from simulator.population import generate_family, simulate_population


@pytest.fixture(scope="module")
def population():
    return simulate_population(FAMILIES, seed=0)


@pytest.fixture(scope="module")
def measures(population):
    return with_derived(population.measures())


def band(low: float, high: float, sd: float) -> tuple[float, float]:
    """A published range widened by three standard deviations of the seed-to-seed spread."""
    return round(low - 3 * sd, 4), round(high + 3 * sd, 4)


# (measure, published low, published high, seed-to-seed sd at 100,000 families over seeds 0-9)
# Exits from foster care by reason. Source: AFCARS Report #24 (FY2016) and #27 (FY2019),
# US DHHS Children's Bureau: reunification 51% and 47%, adoption 23% and 26%,
# guardianship 9% and 11%, living with other relatives 7% and 6%, emancipation 8% and 8%.
EXITS = [
    ("exit_reunification", 0.47, 0.51, 0.0082),
    ("exit_adoption", 0.23, 0.26, 0.0067),
    ("exit_guardianship", 0.09, 0.11, 0.0047),
    ("exit_living with relatives", 0.06, 0.07, 0.0046),
    ("exit_emancipation", 0.075, 0.085, 0.0043),  # 8% as published, to the rounding
]
# Children in foster care on September 30 by placement setting. Source: AFCARS Report #27 (FY2019)
# and #28 (FY2020): non-relative foster family homes 46% and 45%, relative foster family homes 32%
# and 34%; the rest (group homes, institutions, trial home visits, pre-adoptive homes, supervised
# independent living, runaway) 22% and 21%.
SETTINGS = [
    ("in_care_foster", 0.45, 0.46, 0.0057),
    ("in_care_kin", 0.32, 0.34, 0.0076),
    ("in_care_rest", 0.21, 0.23, 0.0072),
]
# Children in care on September 30 divided by entries during the year. Source: AFCARS Report #29
# (FY2021: 391,641 / 206,812 = 1.89) and #30 (FY2022: 368,530 / 186,602 = 1.97).
FLOW = [("stock_to_entries_years", 1.89, 1.97, 0.036)]
# Placement moves per 1,000 days in care, children entering care in a year: the CFSR Round 3 national
# standard (4.12) and Round 4 national performance (4.48).
MOVES = [("moves_per_1000_days", 4.12, 4.48, 0.049)]
# Entries into care for each child who received a CPS response: AFCARS #29-#30 entries (206,812; 186,602)
# against Child Maltreatment 2021-2022 (about 3.0-3.1 million children with an investigation or an
# alternative response): 6-7%. The simulated share is per family (one child followed per family).
ENTRY = [("placement_share_of_responses", 0.06, 0.07, 0.0011)]
TARGETS = EXITS + SETTINGS + FLOW + MOVES + ENTRY
BANDS = {measure: band(low, high, sd) for measure, low, high, sd in TARGETS}


def failed_checks(measures: dict[str, float]) -> list[str]:
    """The targeted checks a population fails: measure = value (band)."""
    return [f"{m} = {measures[m]:.4f} ({lo}-{hi})" for m, (lo, hi) in BANDS.items()
            if not lo <= measures[m] <= hi]


@pytest.mark.parametrize("measure", list(BANDS))
def test_population_lands_near_the_published_national_figures(measures, measure):
    low, high = BANDS[measure]
    assert low <= measures[measure] <= high, f"{measure} = {measures[measure]:.4f}, expected {low}-{high}"


def test_every_targeted_figure_of_the_table_is_checked():
    assert {f.measure for f in FIGURES if f.target} == set(BANDS)


@pytest.mark.parametrize("rate", ["entry", "reunification", "adoption", "guardianship", "moves"])
@pytest.mark.parametrize("factor", [2.0, 0.5])
def test_doubling_or_halving_a_main_rate_fails_a_targeted_check(rate, factor):
    mutated = with_derived(simulate_population(FAMILIES, seed=0, rates={rate: factor}).measures())
    assert failed_checks(mutated), f"{rate} x{factor} passes every targeted check"


def test_enough_children_enter_care_for_the_tolerances(measures):
    # the tolerances above were measured at this size (3,759 entries a population, sd 68 over ten seeds)
    assert 3400 <= measures["entries"] <= 4200


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


def test_a_child_with_more_changes_of_worker_is_less_likely_to_reach_permanency(population):
    # child by child, among children still in care after six months (so a longer stay alone does not
    # explain more changes): those whose worker changed at least twice reach permanency less often
    e = population.episodes
    stayed = e[e.weeks_in_care > 26]
    permanent = stayed.exit_reason.isin(["reunification", "living with relatives", "guardianship", "adoption"])
    many = stayed.worker_changes >= 2
    assert permanent[many].mean() < permanent[~many].mean()


def test_the_population_is_reproducible_bit_for_bit():
    a = simulate_population(1500, seed=9)
    b = simulate_population(1500, seed=9)
    assert a.families.equals(b.families) and a.episodes.equals(b.episodes)
    c = simulate_population(1500, seed=10)
    assert not a.families.equals(c.families)


def test_the_population_sends_families_down_the_front_doors_track(monkeypatch):
    # issue 23: the population calls the single case's rule (intake.track_for), not a copy of it
    from simulator import intake
    from simulator import population as pop

    asked = []

    def rule(types, level):
        asked.append(intake.track_for(types, level))
        return asked[-1]

    monkeypatch.setattr(pop, "track_for", rule)
    # every family the rule allows a family assessment gets one: the tracks are the rule's answers
    p = simulate_population(1500, seed=3, settings={"assessment_track_share": 1.0})
    responded = p.families[p.families.screened_in]
    assert list(responded.track) == asked and {"assessment", "investigation"} <= set(asked)


def test_an_episodes_row_is_its_summary(monkeypatch):
    # issue 23: one summary of an episode (care.Episode.summary), not its results copied field by field
    from simulator import care
    from simulator.population import EPISODE_COLUMNS, EpisodeRecord

    summaries = []
    summary = care.Episode.summary
    monkeypatch.setattr(care.Episode, "summary", lambda self: summaries.append(summary(self)) or summaries[-1])
    p = simulate_population(1500, seed=2)
    assert list(p.episodes.columns) == list(EPISODE_COLUMNS)
    assert set(EPISODE_COLUMNS) == (set(EpisodeRecord.__dataclass_fields__) - {"summary"}) | set(
        care.EpisodeSummary.__dataclass_fields__)
    fields = list(care.EpisodeSummary.__dataclass_fields__)
    rows = sorted(tuple(r) for r in p.episodes[fields].itertuples(index=False))
    assert len(summaries) == len(p.episodes) > 20
    assert rows == sorted(tuple(getattr(s, f) for f in fields) for s in summaries)


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
    assert "3000 families" in result.output and "the model trainees play" in result.output
    for words in ("measure", "simulated", "published", "source", "Exits: adoption", "1.9-2.0 years"):
        assert words in result.output
