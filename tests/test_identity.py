"""A submission is collected under a trainee's name only when that trainee's account made it (``deploy.identity``).

No hub here: a fake exchange inbound folder in tmp, its folders and files chowned to throwaway accounts (made with
``useradd``, removed after), and the real ``nbgrader collect`` run on what ``collect_genuine`` lets it see. Needs
root; ``tests/test_hub.py`` plays the same attack through a real JupyterHub and real ``nbgrader submit``.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

if os.geteuid() != 0 or not shutil.which("useradd"):
    pytest.skip("the identity tests chown files to other accounts: they need root and useradd", allow_module_level=True)

from deploy.identity import (  # noqa: E402
    LEDGER, SET_ASIDE, check_owners, collect_genuine, collect_warnings, inbound_submissions, read_name, sentence,
    set_aside, set_aside_entries, sweep_submitted,
)

ANA, BEN, GRADER = "cwid-ana", "cwid-ben", "cwid-grader"
COURSE_ID, ASSIGNMENT = "idtest", "first-contact"
T1, T2, T3 = ("2026-03-02 09:00:00.000001 UTC", "2026-03-02 10:00:00.000002 UTC", "2026-03-03 08:00:00.000003 UTC")


@pytest.fixture(scope="module", autouse=True)
def accounts():
    for name in (ANA, BEN, GRADER):
        subprocess.run(["userdel", name], capture_output=True)
        subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", name], check=True,
                       capture_output=True)
    yield
    for name in (ANA, BEN, GRADER):
        subprocess.run(["userdel", name], capture_output=True)


def uid(name: str) -> int:
    return pwd.getpwnam(name).pw_uid


def submit(exchange: Path, by: str, named: str, when: str, tag: str = "r4nd0m", decisions: str = "{}") -> Path:
    """What ``nbgrader submit --student=<named>`` run as ``by`` leaves in the inbound folder."""
    folder = exchange / COURSE_ID / "inbound" / f"{named}+{ASSIGNMENT}+{when}+{tag}"
    folder.mkdir(parents=True)
    (folder / "timestamp.txt").write_text(when)
    (folder / "submission_secret.txt").write_text("s" * 128)
    (folder / "decisions.json").write_text(decisions)
    (folder / "first-contact.ipynb").write_text('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    for path in [folder, *folder.iterdir()]:
        os.chown(path, uid(by), uid(by))
        os.chmod(path, 0o777 if path.is_dir() else 0o644)
    return folder


def nbgrader_collect(course: Path):
    """The real ``nbgrader collect --update`` (as root here; as the grader on a hub) on the exchange it is given."""
    def run(exchange_root: Path) -> subprocess.CompletedProcess:
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"}
        return subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "collect", ASSIGNMENT, "--update",
                               f"--Exchange.root={exchange_root}", f"--CourseDirectory.root={course}",
                               f"--CourseDirectory.course_id={COURSE_ID}"],
                              cwd=course, capture_output=True, text=True, env=env)
    return run


def ledger_lines(course: Path) -> list[dict]:
    path = course / SET_ASIDE / LEDGER
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_a_submission_is_genuine_only_when_its_folder_and_every_file_are_the_named_account_s(tmp_path):
    exchange = tmp_path / "exchange"
    honest = submit(exchange, BEN, BEN, T1, "a")
    forged = submit(exchange, ANA, BEN, T2, "b")
    mixed = submit(exchange, BEN, BEN, T3, "c")
    os.chown(mixed / "decisions.json", uid(ANA), uid(ANA))  # one file of ben's folder is ana's
    nobody_named = submit(exchange, ANA, "cwid-zed", T1, "d")
    link = exchange / COURSE_ID / "inbound" / f"{BEN}+{ASSIGNMENT}+{T3}+e"
    link.symlink_to(honest)
    os.lchown(link, uid(ANA), uid(ANA))
    unreadable = submit(exchange, BEN, BEN, "not-a-time", "f")

    subs = {s.path: s for s in inbound_submissions(exchange / COURSE_ID / "inbound", ASSIGNMENT)}
    assert len(subs) == 6
    assert subs[honest].genuine and subs[honest].trainee == BEN and subs[honest].timestamp == T1
    assert not subs[forged].genuine and subs[forged].owners == (ANA,) and subs[forged].trainee == BEN
    assert not subs[mixed].genuine and subs[mixed].owners == (ANA,), "every file counts, not only the folder"
    assert not subs[nobody_named].genuine and "no account is named cwid-zed" in subs[nobody_named].reason
    assert not subs[link].genuine and subs[link].owners == (ANA,), "a link to ben's folder is ana's"
    assert not subs[unreadable].readable, "nbgrader's collect cannot read a time in that name"
    # the name is read as nbgrader's collect reads it
    assert read_name(Path(f"x/{BEN}+{ASSIGNMENT}+{T1}")).timestamp == T1


def test_a_forged_submission_is_copied_aside_once_owned_by_the_grader_and_named_in_a_sentence(tmp_path):
    exchange, course = tmp_path / "exchange", tmp_path / "course"
    course.mkdir()
    forged = check_owners(read_name(submit(exchange, ANA, BEN, T2)))
    os.mkfifo(forged.path / "pipe")
    os.chown(forged.path / "pipe", uid(ANA), uid(ANA))
    (forged.path / "link").symlink_to("/etc/shadow")
    entry = set_aside(course, forged, ASSIGNMENT, uid(GRADER), uid(GRADER))
    kept = Path(entry["path"])
    assert kept == course / SET_ASIDE / BEN / ASSIGNMENT / "2026-03-02_10-00-00.000002_UTC"
    assert sorted(p.name for p in kept.iterdir()) == ["decisions.json", "first-contact.ipynb",
                                                       "submission_secret.txt", "timestamp.txt"]
    for path in [course / SET_ASIDE, course / SET_ASIDE / BEN, kept.parent, kept, *kept.iterdir()]:
        st = os.lstat(path)
        assert st.st_uid == uid(GRADER), path
        assert stat.S_IMODE(st.st_mode) == (0o700 if path.is_dir() else 0o600), path
    assert (kept / "timestamp.txt").read_text() == T2
    assert entry["trainee"] == BEN and entry["owner"] == ANA and entry["timestamp"] == T2
    assert sorted(entry["skipped"]) == ["link (a link)", "pipe (not a file)"]
    assert sentence(entry) == (f"{BEN}'s submission of {ASSIGNMENT} (submitted {T2}) belongs to the account {ANA}: "
                               f"set aside in {kept}, not graded")
    again = set_aside(course, forged, ASSIGNMENT, uid(GRADER), uid(GRADER))
    assert again == entry and len(ledger_lines(course)) == 1, "set aside once however often it is seen"
    assert [e["sentence"] for e in set_aside_entries(course, ASSIGNMENT)] == [sentence(entry)]
    assert set_aside_entries(course, "another-assignment") == []


def test_a_collected_forgery_is_moved_out_of_submitted_and_a_genuine_one_stays(tmp_path):
    exchange, course = tmp_path / "exchange", tmp_path / "course"
    submit(exchange, BEN, BEN, T1)
    submit(exchange, ANA, ANA, T1)
    submit(exchange, ANA, BEN, T2)
    subs = inbound_submissions(exchange / COURSE_ID / "inbound", ASSIGNMENT)
    for student, when in ((BEN, T2), (ANA, T1)):  # as a plain `nbgrader collect` leaves them
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text(when)
    entries = sweep_submitted(course, ASSIGNMENT, subs, uid(GRADER), uid(GRADER))
    assert [e["trainee"] for e in entries] == [BEN]
    assert not (course / "submitted" / BEN / ASSIGNMENT).exists(), "never graded under the name it claims"
    assert (course / "submitted" / ANA / ASSIGNMENT).is_dir(), "ana's own submission is hers"
    kept = Path(entries[0]["path"])
    assert (kept / "timestamp.txt").read_text() == T2 and os.stat(kept).st_uid == uid(GRADER)
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o700


def test_collect_sees_the_genuine_submissions_only_again_and_again_and_a_later_genuine_one_is_collected(tmp_path):
    exchange, course = tmp_path / "exchange", tmp_path / "course"
    course.mkdir()
    submit(exchange, BEN, BEN, T1, "a", decisions='{"who": "ben"}')
    submit(exchange, ANA, BEN, T2, "b", decisions='{"who": "ana as ben"}')  # later than ben's own: collect's pick
    submit(exchange, ANA, ANA, T1, "c", decisions='{"who": "ana"}')
    submit(exchange, BEN, "x\x1b[2Jy", T1, "d")  # no such account, and an escape for the coach's terminal
    (exchange / COURSE_ID / "inbound" / f"{ANA}+{ASSIGNMENT}+garbage").mkdir()  # nbgrader's collect stops on this
    collect = nbgrader_collect(course)

    done, notes = collect_genuine(course, exchange, COURSE_ID, ASSIGNMENT, GRADER, collect, scratch=tmp_path)
    assert done.returncode == 0, done.stderr
    submitted = course / "submitted"
    assert json.loads((submitted / BEN / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ben"}, \
        "ben's own submission is collected, not the later one made in his name"
    assert json.loads((submitted / ANA / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ana"}
    assert sorted(os.listdir(submitted)) == [ANA, BEN]
    said = [n for n in notes if "set aside in" in n]
    assert len(said) == 2 and said[0].startswith(f"{BEN}'s submission of {ASSIGNMENT} (submitted {T2}) belongs to "
                                                 f"the account {ANA}: set aside in {course / SET_ASIDE / BEN}")
    assert said[1].startswith("x?[2Jy's submission") and (course / SET_ASIDE / "x_2Jy" / ASSIGNMENT).is_dir(), \
        "printed and kept under a plain name"
    assert any("garbage" in n and "not collected" in n for n in notes)
    assert any(n.startswith("nbgrader collect: warning:") for n in notes), "nbgrader's warnings reach the coach"
    assert not list(tmp_path.glob(".collect-*")), "the private exchange is gone"

    again, notes_again = collect_genuine(course, exchange, COURSE_ID, ASSIGNMENT, GRADER, collect, scratch=tmp_path)
    assert [n for n in notes_again if "set aside in" in n] == said, "a re-collect sets the same submissions aside"
    assert len(ledger_lines(course)) == 2
    assert json.loads((submitted / BEN / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ben"}

    submit(exchange, BEN, BEN, T3, "e", decisions='{"who": "ben, later"}')
    collect_genuine(course, exchange, COURSE_ID, ASSIGNMENT, GRADER, collect, scratch=tmp_path)
    assert json.loads((submitted / BEN / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ben, later"}
    assert len(ledger_lines(course)) == 2


def test_a_forgery_an_earlier_collect_took_is_set_aside_and_the_trainee_s_own_collected_instead(tmp_path):
    exchange, course = tmp_path / "exchange", tmp_path / "course"
    course.mkdir()
    submit(exchange, BEN, BEN, T1, "a", decisions='{"who": "ben"}')
    submit(exchange, ANA, BEN, T2, "b", decisions='{"who": "ana as ben"}')
    collect = nbgrader_collect(course)
    plain = collect(exchange)  # what `nbgrader collect` did before: the latest in ben's name, with a warning
    assert f"claims to be submitted by {BEN} but is owned by {ANA}" in plain.stderr
    assert json.loads((course / "submitted" / BEN / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ana as ben"}
    done, notes = collect_genuine(course, exchange, COURSE_ID, ASSIGNMENT, GRADER, collect, scratch=tmp_path)
    assert json.loads((course / "submitted" / BEN / ASSIGNMENT / "decisions.json").read_text()) == {"who": "ben"}
    assert len(ledger_lines(course)) == 1 and len([n for n in notes if "set aside in" in n]) == 1


def test_nbgrader_s_warnings_are_kept_one_line_each_and_its_info_lines_are_not():
    stderr = ("[CollectApp | INFO] Processing 1 submissions of 'a1' for course 'c1'\n"
              "[CollectApp | WARNING] \n"
              "    /srv/x/inbound/ben+a1+t+r claims to be submitted by ben but is owned by ana; cheating attempt?\n"
              "    you may disable this warning by unsetting the option CollectApp.check_owner\n"
              "    \n"
              "[CollectApp | INFO] Collecting submission: ben a1\n"
              "[CollectApp | ERROR] \x1b[31mboom\n")
    assert collect_warnings(stderr) == [
        "warning: /srv/x/inbound/ben+a1+t+r claims to be submitted by ben but is owned by ana; cheating attempt? "
        "you may disable this warning by unsetting the option CollectApp.check_owner",
        "error: ?[31mboom"]
