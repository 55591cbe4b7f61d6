"""The play-out tells the truth, in JupyterLab in headless Chromium (issue 15, item 4).

One trainee plays the first assignment (the Harlow case, down the at-home path the practice model takes;
``test_browser.py`` plays it down the placed path) through the course's case service: arrow keys on a decision
change the choice (not the notebook's cell); the play-out and the futures follow the decisions without a
rerun; the week slider shows the case up to its week (heading, numbers, plot, story); a changed decision plays
the case again and marks the futures out of date; dates and counts read in plain words; and a notebook reopened
with no kernel shows what was saved, never "model not found". Reuses the JupyterLab, service and browser
fixtures of ``test_browser.py``, on a course of this module's own holding only the first assignment.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from conftest import ASSIGNMENT
from scenarios import load_case
from scenarios.authoring.personas import persona_decisions
from test_browser import (  # noqa: F401  (fixtures)
    TOKEN,
    assert_record,
    browser,
    case_service,
    choose,
    decision_cell,
    dismiss_news,
    expect,
    jupyterlab,
    last_score_area,
    open_notebook,
    page,
    radio_order,
    record,
    run_all,
    shot,
    shut_down_kernels,
    wait_for_file_choice,
    walk_the_path,
)

from grading.course import load_course

CASE = next(a.scenario for a in load_course().assignments if a.id == ASSIGNMENT)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """This module's own course: the first assignment only (built, released, its case in keys/cases/)."""
    from grading.build import build_course

    course_dir = tmp_path_factory.mktemp("playout-course") / "course"
    build_course(course_dir, [ASSIGNMENT])
    return course_dir


def active_cell_index(page) -> int:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('.jp-Notebook:not(.lm-mod-hidden) .jp-Cell'))"
        ".findIndex(c => c.classList.contains('jp-mod-active'))")


def playout(page):
    return page.locator(".casework-playout").first


def test_the_play_out_follows_the_slider_and_the_choices_and_survives_a_reopen(jupyterlab, page):
    base = jupyterlab.base
    scenario = load_case(CASE)
    folder = open_notebook(page, jupyterlab, ASSIGNMENT)
    notebook = folder / f"{ASSIGNMENT}.ipynb"
    run_all(page, until=f"Not decided yet ({last_score_area(notebook)})")
    dismiss_news(page)
    expect(page.get_by_text("Error displaying widget")).to_have_count(0)
    # while the widgets are live, their static copies are hidden
    expect(page.locator(".casework-fallback:visible")).to_have_count(0)
    # before any decision, the play-out says what is left to decide
    expect(playout(page)).to_contain_text("Decide first")

    # arrow keys on a decision change the choice, and the notebook stays on its cell
    first = scenario.decision_points[0]
    labels = {o.id: o.label.strip() for o in first.options}
    shown = radio_order(page, first)
    choose(page, "radio", shown[0])
    wait_for_file_choice(folder / "decisions.json", first.id, [next(i for i, l in labels.items() if l == shown[0])])
    page.get_by_role("radio", name=shown[0], exact=True).focus()
    cell = active_cell_index(page)
    page.keyboard.press("ArrowDown")
    wait_for_file_choice(folder / "decisions.json", first.id, [next(i for i, l in labels.items() if l == shown[1])])
    expect(page.get_by_role("radio", name=shown[1], exact=True)).to_be_checked()
    assert active_cell_index(page) == cell, "ArrowDown moved the notebook to another cell"
    page.keyboard.press("ArrowUp")
    wait_for_file_choice(folder / "decisions.json", first.id, [next(i for i, l in labels.items() if l == shown[0])])
    assert active_cell_index(page) == cell
    shot(page, "playout-01-arrow-keys")

    # the first choice is still open (nothing decided after it): the practice model's, then the rest of the
    # path, moment by moment as the case reaches each
    model_first = persona_decisions("practice-model", scenario)[first.id]
    choose(page, "radio", labels[model_first[0]], within=decision_cell(page, first.id))
    wait_for_file_choice(folder / "decisions.json", first.id, model_first)
    decisions = {first.id: model_first, **walk_the_path(page, jupyterlab, ASSIGNMENT, scenario, "practice-model",
                                                        "playout", first_done=first.id)}
    assert_record(jupyterlab, ASSIGNMENT, decisions)
    all_labels = {o.id: o.label.strip() for dp in scenario.decision_points for o in dp.options}

    # the later outputs followed the decisions without running their cells again
    view = playout(page)
    horizon = 52
    expect(view).to_contain_text(f"Where the case stands after {horizon} weeks", timeout=60_000)
    expect(page.locator(".casework-live").get_by_text("Your plan, played 100 times")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"All {last_score_area(notebook)} decisions are made.")).to_be_visible()

    # the slider shows the case up to its week: heading, numbers, plot and story
    handle = view.get_by_role("slider")
    handle.scroll_into_view_if_needed()
    handle.focus()
    cell = active_cell_index(page)
    page.keyboard.press("Home")
    expect(view).to_contain_text("Where the case stands on the first day", timeout=30_000)
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    expect(view).to_contain_text("Where the case stands after 10 weeks", timeout=30_000)
    assert active_cell_index(page) == cell, "the slider's arrow keys moved the notebook to another cell"
    text = view.inner_text()
    assert f"after {horizon} weeks" not in text
    assert "The story so far (after 10 weeks)" in text
    alt = view.locator("img").first.get_attribute("alt")
    assert "to week 10:" in alt, alt
    opened = scenario.opened_on
    dates = [dt.datetime.strptime(d, "%d %b %Y").date()
             for d in re.findall(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d{1,2} \w{3} \d{4})", text)]
    assert dates and max(dates) <= opened + dt.timedelta(weeks=10), "the story shows events after week 10"
    shot(page, "playout-02-week-10")

    # dates and counts in plain words, one line for one thing on one day
    page_text = page.locator(".jp-Notebook:visible").first.inner_text()
    assert not re.search(r"\b1 families\b", page_text)
    assert not re.search(r"[Ww]eek \d+\.\d", page_text), "a week in decimals"
    items = view.locator("ul.casework-events > li").all_inner_texts()
    assert len(items) == len(set(items)), "the same line twice on one day"

    # a changed decision: the play-out plays the case again, the futures say they are out of date
    last = scenario.decision_point(list(decisions)[-1])
    other = next(o for o in last.options if o.id not in decisions[last.id] and o.when is None)
    choose(page, "radio" if last.kind != "multiple" else "checkbox", other.label.strip(),
           within=decision_cell(page, last.id))
    expect(view).to_contain_text("Played again", timeout=60_000)
    expect(view).to_contain_text(f"Where the case stands after {horizon} weeks")
    expect(page.locator(".casework-live").get_by_text("Out of date")).to_be_visible(timeout=30_000)
    shot(page, "playout-03-stale")
    chosen_now = json.loads((folder / "decisions.json").read_text())["choices"][last.id]
    assert chosen_now == [other.id]
    assert record(jupyterlab, ASSIGNMENT).choices[last.id] == [other.id], "the course's record holds the change"

    # save, stop the kernel, reopen: the saved state, never "model not found"
    page.locator(".jp-Notebook:visible").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    shut_down_kernels(base)
    page.goto(f"{base}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?reset&token={TOKEN}")
    page.locator(".jp-NotebookPanel:visible").first.wait_for()
    page.get_by_text("This is what you saved").first.wait_for(timeout=60_000)
    page.wait_for_timeout(3000)  # the widget manager gives up on the missing models
    expect(page.get_by_text("model not found").locator("visible=true")).to_have_count(0)
    fallbacks = page.locator(".casework-fallback:visible")
    assert fallbacks.count() >= len(scenario.decision_points)
    for option_id in chosen_now:
        expect(page.locator(".casework-fallback", has_text=f"{all_labels[option_id]} (your choice)").first).to_be_visible()
    expect(page.locator(".casework-fallback", has_text="Where the case stands after").first).to_be_attached()
    shot(page, "playout-04-reopened")
