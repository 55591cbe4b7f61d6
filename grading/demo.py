"""A small scripted cohort played through autograde, feedback and the coach's report."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

from scenarios.loader import load_case

from .build import build_course
from .course import load_course
from .grade import autograde, generate_feedback
from .personas import submit_as
from .analytics import cohort_analytics
from .coaching import all_trainee_reports
from .report import cohort_report

# trainee id -> (persona, what goes wrong with the submission)
COHORT = {
    "avery": ("practice-model", None),
    "blake": ("directive", None),
    "casey": ("random", None),
    "devon": ("practice-model", "damaged"),
    "emery": ("practice-model", "missing"),
}


@dataclass
class DemoResult:
    course_dir: Path
    feedback: list[Path]
    report: Path
    problems: dict[str, str]
    analytics: Optional[Path] = None
    trainee_reports: dict[str, Path] = field(default_factory=dict)


def run_demo(root: Union[str, Path], say: Optional[Callable[[str], None]] = None, runs: int = 20) -> DemoResult:
    """Build a course in ``root``, submit the scripted cohort, grade it, and write feedback and reports.

    ``runs`` is the number of simulated futures per plan in each trainee's coaching report.
    """
    say = say or (lambda _msg: None)
    root = Path(root).resolve()
    if root.exists():
        shutil.rmtree(root)
    say("Building the course ...")
    ctx = build_course(root / "course")
    course_dir = ctx.course_dir
    problems = {}
    feedback: list[Path] = []
    assignments = load_course().assignments
    for a in assignments:
        scenario = load_case(a.scenario)
        for trainee, (persona, trouble) in COHORT.items():
            if trouble and a is not assignments[0]:
                # a damaged and a missing decision file show on the first assignment; no need to grade them nine times
                continue
            folder = submit_as(course_dir, a.id, trainee, persona, scenario)
            if trouble == "damaged":
                (folder / "decisions.json").write_text('{"format": "casework-decisions", "choi', encoding="utf-8")
            elif trouble == "missing":
                (folder / "decisions.json").unlink()
        say(f"Autograding {a.id} for {len(COHORT)} trainees ...")
        graded = autograde(course_dir, a.id, progress=lambda t: say(f"  graded {t}"))
        problems.update({f"{trainee} ({a.id})": problem for trainee, problem in graded.items()})
        say("Writing feedback ...")
        feedback += generate_feedback(course_dir, a.id)
    report = cohort_report(course_dir, root / "reports")
    say(f"Coach's review: {report}")
    analytics = cohort_analytics(course_dir, root / "reports" / "cohort", runs=runs)
    say(f"Cohort analytics: {analytics.html}")
    trainee_reports = all_trainee_reports(course_dir, root / "reports" / "trainees", runs=runs)
    for trainee, path in trainee_reports.items():
        say(f"Coaching report for {trainee}: {path}")
    return DemoResult(course_dir, feedback, report, problems, analytics.html, trainee_reports)
