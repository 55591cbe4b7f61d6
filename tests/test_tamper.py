"""A trainee tries to raise a grade, read the key or touch another trainee's work; grading holds.

Each test makes one tampered submission of the first assignment in a real
nbgrader course (built once for the module), grades it with the real
NbGraderAPI and SQLite gradebook through ``grading.grade``, and checks:

- it scores no more than an honest submission with the same decisions
  (no decisions at all, unless the attack says otherwise);
- the other trainee's grades do not change;
- nothing from outside the submission (the key, another trainee's record)
  reaches its feedback, and the feedback shows no traceback or hidden line;
- grading completes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from conftest import ASSIGNMENT, CASE
from scenarios.decisions import DECISIONS_FILE, LOG_FILE, DecisionBook

VICTIM = "victim"
MARKER = "PWNED-BY-TRAINEE"


@pytest.fixture(scope="module")
def course(tmp_path_factory, harlow):
    """A built course with one honest trainee (the practice model's decisions) already graded."""
    from grading.build import build_course
    from scenarios.authoring.personas import submit_as

    course_dir = tmp_path_factory.mktemp("tamper") / "course"
    build_course(course_dir, [ASSIGNMENT])
    submit_as(course_dir, ASSIGNMENT, VICTIM, "practice-model", harlow)
    _grade(course_dir, VICTIM)
    return course_dir


def _grade(course_dir: Path, trainee: str) -> dict:
    from grading.grade import autograde, generate_feedback

    problems = autograde(course_dir, ASSIGNMENT, [trainee])
    assert problems == {}, f"grading did not complete: {problems}"
    generate_feedback(course_dir, ASSIGNMENT, [trainee])
    return scores(course_dir, trainee)


def scores(course_dir: Path, trainee: str) -> dict[str, float]:
    from grading.grade import gradebook_frame

    g = gradebook_frame(course_dir)
    mine = g[(g.trainee == trainee) & (g.assignment == ASSIGNMENT)]
    return {row.cell: float(row.score) for row in mine.itertuples()}


def decision_points(s: dict[str, float]) -> float:
    return round(sum(v for k, v in s.items() if k.startswith("score-")), 2)


def feedback_text(course_dir: Path, trainee: str) -> str:
    """The feedback HTML without its style sheets (whose class names include 'Traceback')."""
    import re

    html = "".join(p.read_text(encoding="utf-8") for p in (course_dir / "feedback" / trainee / ASSIGNMENT).glob("*.html"))
    return re.sub(r"<style.*?</style>", "", html, flags=re.S)


def stored(course_dir: Path, trainee: str) -> dict:
    return json.loads((course_dir / "scores" / ASSIGNMENT / f"{trainee}.json").read_text(encoding="utf-8"))


def submission(course_dir: Path, trainee: str, choices=None, scenario_id: str = CASE) -> Path:
    """A fresh copy of the release, optionally with decisions recorded through the real DecisionBook."""
    folder = course_dir / "submitted" / trainee / ASSIGNMENT
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(course_dir / "release" / ASSIGNMENT, folder)
    if choices is not None:
        DecisionBook(folder, scenario_id, {}).write_all(choices)
    return folder


def notebook_path(folder: Path) -> Path:
    return folder / f"{ASSIGNMENT}.ipynb"


def add_cells(folder: Path, *sources: str, at: int = 1) -> None:
    path = notebook_path(folder)
    nb = nbformat.read(path, as_version=4)
    for i, src in enumerate(sources):
        nb.cells.insert(at + i, new_code_cell(src))
    nbformat.write(nb, path)


def key_texts(harlow, chosen: dict[str, list[str]]) -> list[str]:
    """Text that would reveal the key: rationales of options not chosen, rubrics, exemplars, the key file."""
    out = ['"credit"', "BEGIN HIDDEN TESTS", "score_practice_area", "Traceback", "exemplar"]
    for dp in harlow.decision_points:
        for o in dp.options:
            if o.key and o.key.rationale and o.id not in chosen.get(dp.id, []):
                out.append(" ".join(o.key.rationale.split()))
    out += [" ".join(w.exemplar.split()) for w in harlow.written_answers if w.exemplar.strip()]
    return out


def _grade_bounded(course_dir: Path, trainee: str, seconds: float = 120, max_file_bytes: int = 200_000_000) -> dict:
    """Grade as :func:`_grade` does, in a child process stopped after ``seconds`` and unable to write a file
    over ``max_file_bytes``: grading that would hang or fill the disk fails the test instead."""
    import resource
    import subprocess
    import sys

    code = ("import sys\nfrom grading.grade import autograde, generate_feedback\n"
            "problems = autograde(sys.argv[1], sys.argv[2], [sys.argv[3]])\n"
            "assert problems == {}, problems\n"
            "generate_feedback(sys.argv[1], sys.argv[2], [sys.argv[3]])\n")

    def bounded():
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    root = Path(__file__).resolve().parent.parent
    try:
        done = subprocess.run([sys.executable, "-c", code, str(course_dir), ASSIGNMENT, trainee], cwd=root,
                              preexec_fn=bounded, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        pytest.fail(f"grading {trainee} did not finish in {seconds:g} s")
    assert done.returncode == 0, f"grading did not complete: {done.stderr[-1500:]}"
    return scores(course_dir, trainee)


def check_holds(course_dir: Path, trainee: str, harlow, honest: float = 0.0, chosen=None, grade=_grade) -> dict[str, float]:
    """Grade the tampered submission and check every promise of the module docstring."""
    before = scores(course_dir, VICTIM)
    mine = grade(course_dir, trainee)
    assert decision_points(mine) <= honest, f"tampering raised the decision points to {decision_points(mine)}"
    assert scores(course_dir, VICTIM) == before, "another trainee's grades changed"
    text = feedback_text(course_dir, trainee)
    leaked = [s for s in key_texts(harlow, chosen or {}) if s and s in text]
    assert leaked == [], f"feedback shows {leaked[0][:60]!r}"
    assert not (course_dir / MARKER).exists() and not Path("/tmp", MARKER).exists(), "trainee code ran at grading"
    return mine


def attack_cell(course_dir: Path, trainee: str) -> str:
    """A cell that, run anywhere at grading, leaves a mark (a file named for the trainee in the course), prints
    the frozen keys and another trainee's record into its output, and zeroes the gradebook."""
    mark = course_dir / f"{MARKER}-{trainee}"
    return (
        "import glob, pathlib, sqlite3\n"
        f"pathlib.Path({str(mark)!r}).write_text('ran')\n"
        f"for p in glob.glob({str(course_dir / 'keys' / '*.json')!r}) + "
        f"glob.glob({str(course_dir / 'submitted' / VICTIM / ASSIGNMENT / DECISIONS_FILE)!r}):\n"
        "    print(pathlib.Path(p).read_text())\n"
        f"db = sqlite3.connect({str(course_dir / 'gradebook.db')!r})\n"
        "db.execute('update grade set auto_score = 0')\ndb.commit()"
    )


def test_an_added_cell_never_runs_at_grading(course, harlow):
    """Grading has no Execute step: a cell the trainee adds (first and last) is never run, so it leaves no mark,
    changes no grade and shows nothing in the feedback. (Attacks on the trainee's side of the case, where
    their code does run, are in tests/test_case_service.py.)"""
    trainee = "adder"
    folder = submission(course, trainee)
    cell = attack_cell(course, trainee)
    add_cells(folder, cell)
    add_cells(folder, cell, at=len(nbformat.read(notebook_path(folder), as_version=4).cells))
    check_holds(course, trainee, harlow)
    assert not (course / f"{MARKER}-{trainee}").exists(), "the added cell ran at grading"
    graded = nbformat.read(course / "autograded" / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    added = [c for c in graded.cells if c.cell_type == "code" and c.source == cell]
    assert len(added) == 2 and all(not c.get("outputs") for c in added), "the added cells are kept, never run"


def test_a_shadowing_package_and_startup_files_in_the_submission_are_dropped(course, harlow):
    trainee = "shadow"
    folder = submission(course, trainee)
    (folder / "grading").mkdir()
    (folder / "grading" / "__init__.py").write_text("")
    (folder / "grading" / "autograde.py").write_text("def score_practice_area(*a, **k):\n    return 25\n")
    (folder / "sitecustomize.py").write_text(f"open('/tmp/{MARKER}', 'w')\n")
    (folder / "evil.pth").write_text(f"import os; open('/tmp/{MARKER}', 'w')\n")
    check_holds(course, trainee, harlow)
    problems = " ".join(stored(course, trainee)["problems"])
    for name in ("grading", "sitecustomize.py", "evil.pth"):
        assert name in problems, f"{name} not listed for the coach"
    autograded = course / "autograded" / trainee / ASSIGNMENT
    assert not (autograded / "grading").exists() and not (autograded / "sitecustomize.py").exists()
    assert not (course / "feedback" / trainee / ASSIGNMENT / "sitecustomize.py").exists()


def test_a_decisions_file_linked_to_another_trainee_s_scores_nothing(course, harlow):
    trainee = "linker"
    folder = submission(course, trainee)
    (folder / DECISIONS_FILE).symlink_to(course / "submitted" / VICTIM / ASSIGNMENT / DECISIONS_FILE)
    (folder / LOG_FILE).symlink_to(course / "submitted" / VICTIM / ASSIGNMENT / LOG_FILE)
    check_holds(course, trainee, harlow)
    record = stored(course, trainee)
    assert record["choices"] == {} and "link" in " ".join(record["problems"])
    assert (course / "quarantine" / trainee / ASSIGNMENT / DECISIONS_FILE).is_symlink(), "the link is kept aside for the coach"


def test_a_link_to_a_device_does_not_hang_grading(course, harlow):
    """nbgrader's copy of a submission follows links: a link to /dev/zero would be copied for ever (and fill
    the disk). Graded in a child process with a time limit and a file-size cap, so that it fails, not hangs."""
    trainee = "device"
    folder = submission(course, trainee)
    (folder / LOG_FILE).symlink_to("/dev/zero")
    check_holds(course, trainee, harlow, grade=_grade_bounded)
    problems = " ".join(stored(course, trainee)["problems"])
    assert f"{LOG_FILE} (a link) was moved aside before grading" in problems, problems
    assert (course / "quarantine" / trainee / ASSIGNMENT / LOG_FILE).is_symlink(), "the link is kept aside for the coach"


def test_forged_outputs_and_edited_metadata_earn_nothing(course, harlow):
    trainee = "forger"
    folder = submission(course, trainee)
    path = notebook_path(folder)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and cell.cell_type == "code":
            meta["points"] = 100
            cell.outputs = [new_output("execute_result", data={"text/plain": "100"}, execution_count=1)]
            cell.source = "pass"
    extra = new_code_cell("print('bonus')")
    extra.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 50, "locked": False, "solution": False,
                                  "task": False, "schema_version": 3}
    nb.cells.append(extra)
    nbformat.write(nb, path)
    mine = check_holds(course, trainee, harlow)
    assert "bonus" not in mine
    g = __import__("grading.grade", fromlist=["gradebook_frame"]).gradebook_frame(course)
    assert g[g.trainee == trainee].max_score.sum() == g[g.trainee == VICTIM].max_score.sum()


def test_deleted_and_reordered_grade_cells_are_restored_and_scored_as_honest(course, harlow):
    from scenarios.authoring.personas import persona_decisions

    choices = persona_decisions("practice-model", harlow)
    honest = decision_points(scores(course, VICTIM))
    trainee = "reorderer"
    folder = submission(course, trainee, choices)
    path = notebook_path(folder)
    nb = nbformat.read(path, as_version=4)
    graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("score-")]
    rest = [c for c in nb.cells if c not in graded]
    nb.cells = [graded[-1], *rest[:3], graded[0], *rest[3:]]  # two moved, the others deleted
    nbformat.write(nb, path)
    mine = check_holds(course, trainee, harlow, honest=honest, chosen=choices)
    assert decision_points(mine) == honest, "a deleted grade cell must not cost an honest trainee their points"


def test_a_repeated_option_does_not_stack_credit(course, harlow):
    trainee = "repeater"
    submission(course, trainee, {"whose-view": ["mia"]})
    once = decision_points(_grade(course, trainee))
    folder = submission(course, trainee)
    DecisionBook(folder, CASE, {}).write_all({"whose-view": ["mia"] * 6})
    check_holds(course, trainee, harlow, honest=once, chosen={"whose-view": ["mia"]})
    assert once > 0


@pytest.mark.parametrize("content", [
    "[" * 200_000 + "]" * 200_000,
    '{"format": "casework-decisions", "scenario": "another-case", "choices": {"at-the-door": ["curious-and-honest"]}}',
    '{"format": "casework-decisions", "scenario": "harlow-first-contact", "choices": {"at-the-door": ["made-up"]}}',
    "\xe9t\xe9".encode("latin-1"),
])
def test_a_damaged_record_is_zero_with_a_message_and_never_breaks_a_report(course, harlow, content):
    from grading.coach.evidence import collect

    trainee = f"damaged-{abs(hash(content)) % 10_000}"
    folder = submission(course, trainee)
    target = folder / DECISIONS_FILE
    target.write_bytes(content) if isinstance(content, bytes) else target.write_text(content)
    check_holds(course, trainee, harlow)
    text = feedback_text(course, trainee)
    assert "Tell your coach" in text
    data = collect(course)  # the cohort reader survives every damaged file
    assert trainee in set(data.problems.trainee)


def test_a_huge_decisions_file_is_not_parsed(course, harlow):
    trainee = "huge"
    folder = submission(course, trainee)
    with open(folder / DECISIONS_FILE, "w") as f:
        f.write('{"format": "casework-decisions", "scenario": "harlow-first-contact", "choices": {}, "pad": "')
        f.write("x" * 60_000_000)
        f.write('"}')
    check_holds(course, trainee, harlow)
    assert "limit" in stored(course, trainee)["problem"]


def test_a_50_mb_notebook_is_graded_as_the_released_one(course, harlow):
    """The notebook over its cap is not read: the released notebook is graded in its place (its written answers
    empty), the decisions still score from the record, and the coach is told why."""
    from scenarios.authoring.personas import persona_decisions

    choices = persona_decisions("practice-model", harlow)
    honest = decision_points(scores(course, VICTIM))
    trainee = "bloated"
    folder = submission(course, trainee, choices)
    path = notebook_path(folder)
    nb = nbformat.read(path, as_version=4)
    answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers, "the notebook has written answers"
    for cell in answers:
        cell.source = "BLOATED-NOTEBOOK-ANSWER"
    nb.cells.append(new_markdown_cell("x" * 50_000_000))
    nbformat.write(nb, path)
    mine = check_holds(course, trainee, harlow, honest=honest, chosen=choices)
    assert decision_points(mine) == honest, "the decisions score from the record all the same"
    graded_path = course / "autograded" / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert graded_path.stat().st_size < 5_000_000, "the bloated notebook was graded"
    graded = nbformat.read(graded_path, as_version=4)
    assert "BLOATED-NOTEBOOK-ANSWER" not in json.dumps(graded), "the bloated notebook's answers were graded"
    problems = " ".join(stored(course, trainee)["problems"])
    assert f"{ASSIGNMENT}.ipynb is 50 MB, over the 20 MB limit; the released notebook was graded in its place" \
        in problems, problems


def test_a_written_answer_cannot_carry_a_script_into_feedback(course, harlow):
    trainee = "scripter"
    folder = submission(course, trainee)
    path = notebook_path(folder)
    nb = nbformat.read(path, as_version=4)
    attack = "<img src=x onerror=alert(1)><script>alert(2)</script><svg onload=alert(3)></svg>[x](javascript:alert(4))"
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = "My answer. " + attack
    nbformat.write(nb, path)
    check_holds(course, trainee, harlow)
    autograded = nbformat.read(course / "autograded" / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    answers = " ".join(c.source for c in autograded.cells if c.metadata.get("nbgrader", {}).get("solution"))
    text = feedback_text(course, trainee)
    for bad in ("onerror", "<script>alert", "onload=", "javascript:alert"):
        assert bad not in answers, f"{bad} reaches the formgrader"
        assert bad not in text, f"{bad} reaches the feedback"
    assert "My answer." in answers


def test_honest_submissions_still_score_what_they_earn(course, harlow):
    from grading.key import AnswerKey

    key = AnswerKey.from_scenario(harlow)
    victim = scores(course, VICTIM)
    assert decision_points(victim) == sum(key.practice_points().values())
    text = feedback_text(course, VICTIM)
    assert "Your decision:" in text and "Engage:" in text
    assert "Traceback" not in text


def test_the_coach_recovers_a_damaged_file_from_the_log(course, harlow):
    from scenarios.authoring.personas import persona_decisions
    from grading.recover import compare, confirm

    choices = persona_decisions("practice-model", harlow)
    trainee = "recovered"
    folder = submission(course, trainee, choices)
    (folder / DECISIONS_FILE).write_text("{ damaged")
    assert decision_points(_grade(course, trainee)) == 0
    found = compare(course, ASSIGNMENT, trainee)
    assert found.file_problem and found.differs and found.log_choices == choices
    confirm(course, ASSIGNMENT, trainee)
    assert decision_points(scores(course, trainee)) == decision_points(scores(course, VICTIM))
    assert stored(course, trainee)["source"].startswith("recovered")
    (folder / DECISIONS_FILE).write_text("{ damaged again, a new submission")
    assert decision_points(_grade(course, trainee)) == 0, "a recovery is tied to the file it replaced"


def test_a_trainee_kernel_cannot_import_the_scoring_path_from_the_release(course):
    release = course / "release" / ASSIGNMENT
    from grading.key import course_case_file
    from scenarios.packed import read_packed

    # the release is the notebook alone: the case is held by the course's case service
    assert sorted(p.name for p in release.iterdir()) == [f"{ASSIGNMENT}.ipynb"]
    copy = course_case_file(course, ASSIGNMENT)
    assert not read_packed(copy).has_key() and copy.stat().st_mode & 0o077 == 0
    text = "".join(p.read_text(encoding="utf-8") for p in release.glob("*.ipynb"))
    assert "grading" not in text.replace("grading scores", "").replace("coach's grading", "")
    assert os.stat(course / "keys").st_mode & 0o077 == 0, "keys/ is for the course owner only"


def test_the_coach_is_told_when_a_case_changed_after_the_build(course, tmp_path):
    import json

    from grading.coach.evidence import collect
    from grading.grade import stale_cases
    from grading.pipeline.context import BUILD_MANIFEST

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    assert stale_cases(copy) == []
    manifest = copy / "keys" / BUILD_MANIFEST
    built = json.loads(manifest.read_text(encoding="utf-8"))
    built[ASSIGNMENT]["case_sha256"] = "0" * 64  # as if the case file had been edited since the build
    manifest.write_text(json.dumps(built), encoding="utf-8")
    assert any("changed after the course was built" in s and ASSIGNMENT in s for s in stale_cases(copy))
    # the reports go on with the case and key frozen at build
    data = collect(copy)
    assert decision_points({c: s for c, s in zip(data.grades[data.grades.trainee == VICTIM].cell,
                                                 data.grades[data.grades.trainee == VICTIM].score)}) > 0
