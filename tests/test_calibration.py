"""The model trainees play, run as a population, lands on published national figures, and cannot pass wrong.

The population's children in care live through ``simulator.care.Episode``, the
same code as the case a trainee plays. One population of 100,000 families
(about 3,700 children enter care) is what ``casework calibrate`` runs.

Every row of the calibration table prints a published figure, and every row is
checked: the published range (``simulator.calibration.FIGURES``: source and
year, the range as numbers) widened by three standard deviations of the
seed-to-seed spread at this size, measured over ten seeds (seeds 0-9,
``simulator.calibration.spread(10)``) and written beside each figure. A failure
means the model moved, not that the dice were unkind. The mutation test doubles
and halves each main rate (entry, reunification, adoption, guardianship, moves,
other exits, exits to relatives, trial home visit failure) and requires at least
one row to fail each time: the bands are narrow enough to notice a wrong model.

Sources, as the table names them:
- exits by reason: AFCARS Report #24 (FY2016) and #27 (FY2019), US DHHS Children's Bureau: reunification 51%
  and 47%, adoption 23% and 26%, guardianship 9% and 11%, living with other relatives 7% and 6%, emancipation
  8% and 8%, other (transfer to another agency, runaway, death) about 2%;
- children in care on September 30 by setting: AFCARS #27 (FY2019) and #28 (FY2020): non-relative foster homes
  46% and 45%, relative homes 32% and 34%, the rest 22% and 21% (group homes 4%, institutions 6%, trial home
  visits 5% and 4%, pre-adoptive homes 4%, supervised independent living and runaway);
- in care on September 30 / entries in the year: AFCARS #29 (FY2021: 391,641 / 206,812 = 1.89) and #30
  (FY2022: 368,530 / 186,602 = 1.97);
- placement moves per 1,000 days: CFSR Round 3 national standard (4.12) and Round 4 national performance (4.48);
- entries / children with a response: AFCARS #29-#30 entries against Child Maltreatment 2021-2022 (about
  3.0-3.1 million children with an investigation or alternative response): 6-7%;
- maltreatment in care per 100,000 days: CFSR Round 3 standard 8.50, Round 4 national performance 9.07;
- referrals screened in: Child Maltreatment 2022 49.5% (47 states reporting both), 2019 54.5%;
- victims / children with a response: Child Maltreatment 2022 558,899 / 3,096,101 = 18.1%, 2019 about 18.7%;
- victims by type: Child Maltreatment 2019-2022: neglect 74.3-76.1%, physical abuse 16-17.5%, sexual abuse
  9.3-10.6%, psychological maltreatment about 6%, medical neglect about 2%;
- recurrence of maltreatment within 12 months (9.1%), re-entry within 12 months (8.3%), permanency within 12
  months of entry (40.5%): CFSR Round 3 national standards, 79 FR 61241 (2014).
"""

from __future__ import annotations

import re

import pytest

from simulator.calibration import BANDS, FAMILIES, FIGURES, calibration_table, outside, table_text, with_derived
from simulator.population import MAIN_RATES, generate_family, simulate_population


@pytest.fixture(scope="module")
def population():
    return simulate_population(FAMILIES, seed=0)


@pytest.fixture(scope="module")
def measures(population):
    return with_derived(population.measures())


@pytest.mark.parametrize("measure", list(BANDS))
def test_population_lands_near_the_published_national_figures(measures, measure):
    low, high = BANDS[measure]
    assert low <= measures[measure] <= high, f"{measure} = {measures[measure]:.4f}, expected {low}-{high}"


def test_every_row_prints_a_published_figure_with_its_source_year_and_band():
    assert len(BANDS) == len(FIGURES)
    for f in FIGURES:
        assert f.published and f.low < f.high and f.sd > 0, f.measure
        assert re.search(r"(19|20)\d\d", f.source), f"{f.measure}: the source names no year ({f.source})"
        low, high = f.band()
        assert low < f.low and high > f.high


# a trial home visit that breaks down returns the child to a placement inside the same episode: no published
# figure of the table counts it (CFSR re-entry counts only exits), so its mutations are checked by what they move
UNSEEN = {"trial_failure"}


@pytest.mark.parametrize("rate", [r for r in MAIN_RATES if r not in UNSEEN])
@pytest.mark.parametrize("factor", [2.0, 0.5])
def test_doubling_or_halving_a_main_rate_fails_a_check(rate, factor):
    mutated = with_derived(simulate_population(FAMILIES, seed=0, rates={rate: factor}).measures())
    assert outside(mutated), f"{rate} x{factor} passes every check"


def test_the_mutations_cover_the_rates_the_model_runs_on():
    assert set(MAIN_RATES) == {"entry", "reunification", "adoption", "guardianship", "moves", "other_exits",
                               "relatives", "trial_failure"}


def test_trial_home_visit_failure_moves_permanency_and_reunification_though_no_band_sees_it(measures):
    # doubled (13% to 25% of trial home visits break down) it costs about a point and a half of permanency
    # within 12 months and of reunification; halved it gives back about half that: inside every band (seed 0),
    # which README's calibration section says
    more = with_derived(simulate_population(FAMILIES, seed=0, rates={"trial_failure": 2.0}).measures())
    fewer = with_derived(simulate_population(FAMILIES, seed=0, rates={"trial_failure": 0.5}).measures())
    for measure in ("permanency_within_12_months", "exit_reunification"):
        assert more[measure] < measures[measure] < fewer[measure], measure
    assert more["permanency_within_12_months"] < measures["permanency_within_12_months"] - 0.01


def test_enough_children_enter_care_for_the_tolerances(measures):
    # the tolerances above were measured at this size (about 3,700 entries a population, sd 70 over ten seeds)
    assert 3400 <= measures["entries"] <= 4200


def test_the_table_lists_every_figure_with_its_source(population):
    table = calibration_table(population)
    assert list(table.columns) == ["measure", "simulated", "published", "source", "band checked"]
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


def test_the_population_comes_back_into_care_by_the_single_cases_rule(monkeypatch):
    # issue 25: one re-entry rule (care.reentry_hazard: a serious incident at home that the safety plan cannot
    # hold), which the single case plays week by week and the population draws as one hazard
    from simulator import care

    asked = []
    rule = care.reentry_hazard
    monkeypatch.setattr(care, "reentry_hazard", lambda *args: asked.append(args) or rule(*args))
    p = simulate_population(4000, seed=4)
    assert asked and p.episodes.reentry.sum() > 0
    home = p.episodes[p.episodes.exit_reason.isin(["reunification", "living with relatives", "guardianship"])
                      & ~p.episodes.reentry]
    assert p.episodes.reentry.sum() <= len(home)
    # every plan holds: a serious incident never brings a child back, in the population as in the case
    monkeypatch.setattr(care, "plan_holds", lambda strength: True)
    assert simulate_population(4000, seed=4).episodes.reentry.sum() == 0


def test_stays_in_care_are_a_mix_of_short_and_long(population):
    # real stays are skewed: many children go home within months, a long tail waits for adoption or guardianship
    weeks = population.episodes.weeks_in_care
    assert weeks.median() < 0.8 * weeks.mean()
    assert (weeks <= 26).mean() > 0.2 and (weeks > 156).mean() > 0.1
