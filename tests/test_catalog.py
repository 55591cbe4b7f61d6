"""The practice-behaviour catalog: stable ids, citations that resolve, and the generated page."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from casework.cli import app
from scenarios.catalog import CATALOG_PAGE, Citation, catalog_markdown, citation_problems, load_catalog, locate, seeds_dir

# The ids of catalog version 1. Scenario files cite behaviours by id, so an id
# may be added but never renamed or removed.
VERSION_1_IDS = """
foundation.communicate-openly foundation.be-accountable foundation.show-respect foundation.use-person-first-language
foundation.respond-to-trauma foundation.honour-culture-and-identity foundation.reflect-on-bias foundation.use-supervision
foundation.protect-privacy engage.explain-purpose engage.listen-actively engage.explore-family-goals
engage.acknowledge-strengths engage.use-familys-language engage.be-transparent-about-authority engage.follow-through
engage.identify-important-people engage.support-family-voice team.build-family-team team.mobilise-safety-network
team.hold-family-team-meetings team.agree-roles-and-share-information team.work-through-disagreement
team.coordinate-with-partners assess.gather-multiple-sources assess.invite-family-account assess.hear-child-voice
assess.distinguish-danger-from-risk assess.use-tools-with-judgement assess.identify-strengths-and-protective-capacities
assess.explore-underlying-needs assess.understand-cultural-context assess.share-findings plan.build-plan-with-family
plan.write-behavioural-goals plan.make-specific-safety-plan plan.base-safety-plan-on-network plan.match-services-to-needs
plan.include-child-voice plan.prioritise-and-sequence plan.confirm-shared-understanding plan.schedule-plan-reviews
intervene.make-warm-referrals intervene.offer-effective-fitting-services intervene.remove-barriers
intervene.advocate-for-resources intervene.preserve-family-connections monitor.track-behaviour-change
monitor.reassess-safety-and-risk monitor.adapt-what-is-not-working monitor.seek-family-feedback monitor.celebrate-progress
monitor.clarify-path-to-closure transition.plan-early transition.sustain-safety-after-closure
transition.make-contingency-plan transition.link-to-community-supports transition.prepare-for-changes
transition.prepare-youth-for-adulthood
""".split()

needs_seeds = pytest.mark.skipif(not seeds_dir().exists(), reason="the source documents are not beside this checkout")


def test_no_id_of_an_earlier_version_was_renamed_or_removed():
    assert len(VERSION_1_IDS) == 59
    assert set(VERSION_1_IDS) <= load_catalog().behaviour_ids()


def test_every_behaviour_serves_one_to_three_principles_and_every_principle_is_served():
    catalog = load_catalog()
    for b in catalog.behaviours():
        assert 1 <= len(b.principles) <= 3, b.id
        assert len(set(b.principles)) == len(b.principles), b.id
    for principle in catalog.principles:
        assert any(principle.id in b.principles for b in catalog.behaviours()), principle.id


def test_the_issue_s_themes_each_have_a_behaviour():
    """Differential response, tribes, kinship carers, adult self-determination, permanency, prevention."""
    ids = load_catalog().behaviour_ids()
    for bid in (
        "assess.match-response-to-report", "team.partner-with-tribe", "intervene.support-kinship-caregivers",
        "engage.respect-self-determination", "plan.plan-for-permanency", "intervene.offer-early-community-help",
        "plan.choose-least-intrusive-response", "intervene.explain-how-to-raise-concerns",
    ):
        assert bid in ids


def test_citation_parts_split_headings_and_locator():
    c = Citation(source="maryland", section="We ENGAGE: Respect and Honor")
    assert c.parts() == (["We ENGAGE", "Respect and Honor"], None)
    c = Citation(source="maryland", section="Our Practice Principles (Trauma-Responsive)")
    assert c.parts() == (["Our Practice Principles"], "Trauma-Responsive")
    assert c.cites("maryland", "Our Practice Principles") and not c.cites("wisconsin", "Our Practice Principles")


def test_locate_finds_headings_in_order_and_names_what_is_missing():
    text = "Intro\nWe ENGAGE\nsome text\nRespect and Honor\nmore\nWe PLAN\nBuild & Connect\n"
    assert locate(Citation(source="x", section="We ENGAGE: Respect and Honor"), text) is None
    assert "not found" in locate(Citation(source="x", section="We ENGAGE: Respect and Honour"), text)
    # the subheading must come after the heading
    assert "after the one before it" in locate(Citation(source="x", section="We PLAN: Respect and Honor"), text)
    assert "locator 'Carers'" in locate(Citation(source="x", section="We PLAN (Carers)"), text)
    assert locate(Citation(source="x", section="We PLAN (introduction)"), text) is None


@needs_seeds
def test_every_citation_resolves_and_every_source_section_is_carried():
    assert citation_problems(load_catalog()) == []


@needs_seeds
def test_a_citation_to_a_section_that_does_not_exist_is_caught():
    catalog = load_catalog().model_copy(deep=True)
    catalog.practices[0].behaviours[0].citations.append(Citation(source="california", section="VII. Closing Behaviors"))
    problems = citation_problems(catalog)
    assert len(problems) == 1 and "VII. Closing Behaviors" in problems[0]


def test_catalog_page_matches_the_data():
    assert CATALOG_PAGE.read_text(encoding="utf-8") == catalog_markdown(), "stale: run 'casework catalog'"


def test_catalog_page_lists_every_behaviour_with_its_crosswalk():
    page = catalog_markdown()
    catalog = load_catalog()
    for b in catalog.behaviours():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{b.id}` |"))
        assert b.name in row
        for source in catalog.crosswalk(b):
            assert {"nccd": "NCCD"}.get(source, source.capitalize()) + ":" in row, (b.id, source)
    assert "| `engagement` | share (0-1) | 0 to 1 |" in page


def test_catalog_command_writes_and_checks_the_page(tmp_path):
    page = tmp_path / "CATALOG.md"
    runner = CliRunner()
    page.write_text("# an old page\n", encoding="utf-8")
    stale = runner.invoke(app, ["catalog", "--check", "--out", str(page)])
    assert stale.exit_code == 1 and "stale" in stale.output
    wrote = runner.invoke(app, ["catalog", "--out", str(page)])
    assert wrote.exit_code == 0, wrote.output
    assert page.read_text(encoding="utf-8") == catalog_markdown()
    fresh = runner.invoke(app, ["catalog", "--check", "--out", str(page)])
    assert fresh.exit_code == 0, fresh.output
