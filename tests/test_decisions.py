"""Decision capture: written at once, atomically, logged, restorable; damage is reported, not fatal."""

from __future__ import annotations

import json
import os

import pytest

from scenarios.decisions import DECISIONS_FILE, LOG_FILE, DecisionBook, read_decisions


def test_each_choice_is_written_at_once_and_logged(tmp_path):
    book = DecisionBook.open(tmp_path, "harlow-first-contact")
    book.record("at-the-door", ["name-role-purpose"])
    book.record("at-the-door", ["routine-check"])
    book.record("whose-view", ["mia", "carol"])
    data = json.loads((tmp_path / DECISIONS_FILE).read_text())
    assert data["scenario"] == "harlow-first-contact"
    assert data["choices"] == {"at-the-door": ["routine-check"], "whose-view": ["mia", "carol"]}
    log = [json.loads(line) for line in (tmp_path / LOG_FILE).read_text().splitlines()]
    assert [e["choice"] for e in log] == [["name-role-purpose"], ["routine-check"], ["mia", "carol"]]
    assert all(e["at"] for e in log)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_crash_while_writing_keeps_the_previous_file_whole(tmp_path, monkeypatch):
    book = DecisionBook.open(tmp_path, "s")
    book.record("a", ["x"])

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        book.record("b", ["y"])
    assert read_decisions(tmp_path).choices == {"a": ["x"]}
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    # the log already has the choice, so reopening the book recovers it
    monkeypatch.undo()
    (tmp_path / DECISIONS_FILE).write_text("{ half written")
    assert DecisionBook.open(tmp_path, "s").choices == {"a": ["x"], "b": ["y"]}


def test_reopening_restores_earlier_choices(tmp_path):
    DecisionBook.open(tmp_path, "s").record("a", ["x"])
    assert DecisionBook.open(tmp_path, "s").choices == {"a": ["x"]}
    assert DecisionBook.open(tmp_path, "another-case").choices == {}


@pytest.mark.parametrize(
    "content, expected",
    [
        (None, "No decisions.json was found"),
        ('{"format": "casework-decis', "not valid JSON"),
        ('["a", "b"]', "not a casework decisions file"),
        ('{"format": "casework-decisions", "scenario": "s", "choices": {"a": "x"}}', "not a mapping"),
        ('{"format": "casework-decisions", "choices": {"a": ["x"]}}', "which case"),
        ('{"format": "casework-decisions", "scenario": "s", "choices": {"a": [1]}}', "not a mapping"),
        ('{"format": "casework-decisions", "scenario": "s", "choices": {"a": ["x"]}, "w": ' + "[" * 200_000 + "]" * 200_000 + "}",
         "nested too deeply"),
        ("\xef\xbb\xbf".encode("latin-1") + b"\xff\xfe{}", "not UTF-8"),
        ('{"format": "casework-decisions", "scenario": "s", "choices": {"a": ["x"]}}'.encode("utf-16"), "not UTF-8"),
        (b"\x00\x01\x02binary\xff", "not UTF-8"),
        ('{"format": "casework-decisions", "scenario": "s", "choices": {"a": ["' + "x" * 3_000_000 + '"]}}', "limit"),
    ],
)
def test_missing_or_damaged_files_are_reported_not_raised(tmp_path, content, expected):
    if isinstance(content, bytes):
        (tmp_path / DECISIONS_FILE).write_bytes(content)
    elif content is not None:
        (tmp_path / DECISIONS_FILE).write_text(content)
    record = read_decisions(tmp_path)
    assert record.choices == {}
    assert expected in record.problem


def test_recovery_from_the_log_can_be_turned_off(tmp_path):
    DecisionBook.open(tmp_path, "s").record("a", ["x"])
    (tmp_path / DECISIONS_FILE).write_text("garbage")
    assert DecisionBook.open(tmp_path, "s", recover=False).choices == {}
    recovered = DecisionBook.open(tmp_path, "s")
    assert recovered.choices == {"a": ["x"]}
    assert "restored" in recovered.notice


def test_a_link_a_folder_or_a_pipe_is_never_read(tmp_path):
    import os

    other = tmp_path / "other"
    other.mkdir()
    DecisionBook.open(other, "s").record("a", ["x"])
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / DECISIONS_FILE).symlink_to(other / DECISIONS_FILE)
    assert read_decisions(mine).choices == {} and "link" in read_decisions(mine).problem
    (mine / DECISIONS_FILE).unlink()
    (mine / DECISIONS_FILE).mkdir()
    assert "not a regular file" in read_decisions(mine).problem
    (mine / DECISIONS_FILE).rmdir()
    os.mkfifo(mine / DECISIONS_FILE)
    assert "not a regular file" in read_decisions(mine).problem  # returns at once: a pipe is never opened


def test_repeated_ids_count_once_and_damaged_work_is_set_aside(tmp_path):
    (tmp_path / DECISIONS_FILE).write_text(
        '{"format": "casework-decisions", "scenario": "s", "choices": {"a": ["x", "x", "y"]}, "work": {"t": '
        + "[" * 100 + "]" * 100 + "}}"
    )
    record = read_decisions(tmp_path)
    assert record.problem is None and record.choices == {"a": ["x", "y"]} and record.work == {}
    assert any("more than once" in n for n in record.notes) and any("work" in n for n in record.notes)


def test_the_log_tells_the_coach_when_a_choice_changed_after_the_case_moved_on(tmp_path):
    from scenarios.decisions import DecisionBook, lock_findings

    order = ["a", "b", "c"]
    book = DecisionBook(tmp_path, "case", {})
    book.record("a", ["x"])
    book.record("a", ["y"])  # still open: changing is fine
    book.record("b", ["z"])  # the case moves on: 'a' is final as ['y']
    assert lock_findings(tmp_path, "case", order, book.choices) == []
    book.record("a", ["x"])  # a changed record after the lock (the widget refuses; a script might not)
    found = lock_findings(tmp_path, "case", order, book.choices)
    assert found == ["the choice at 'a' was changed after the case had moved on"]

    other = tmp_path / "edited"
    other.mkdir()
    book = DecisionBook(other, "case", {})
    book.write_all({"a": ["y"], "b": ["z"]})
    assert lock_findings(other, "case", order, {"a": ["x"], "b": ["z"]}) == [
        "decisions.json differs from the decision log at 'a' (the log shows another choice when it became final)"]
    book.finish()
    assert lock_findings(other, "case", order, {"a": ["y"], "b": ["q"]})[0].startswith("decisions.json differs")
