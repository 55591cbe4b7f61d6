"""A small scripted cohort played through autograde, feedback and the coach's report."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional, Union

from scenarios.authoring.personas import persona_decisions, rated_one_level_higher, submit_as
from scenarios.decisions import DecisionBook
from scenarios.loader import load_case

from .build import build_course
from .course import load_course
from .grade import autograde, generate_feedback
from .coach.analytics import cohort_analytics
from .coach.coaching import all_trainee_reports
from .coach.report import cohort_report

# trainee id -> (persona, what goes wrong with the submission)
COHORT = {
    "avery": ("practice-model", None),
    "blake": ("directive", None),
    "casey": ("random", None),
    "devon": ("practice-model", "damaged"),
    "emery": ("practice-model", "missing"),
}
# A scripted demonstration, so that the cohort analytics' bias probe has something to find (it models no real
# trainee): on a paired variant (an assignment with variant_of: the same facts, a family of another background)
# this trainee makes the choices it made on the case the variant varies, except that each rating is one level
# higher (scenarios.authoring.personas.rated_one_level_higher). Everyone else plays the variant as they play any case.
SCRIPTED_BIAS = "casey"


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
    spec = load_course()
    assignments = spec.assignments
    for a in assignments:
        scenario = load_case(a.scenario)
        for trainee, (persona, trouble) in COHORT.items():
            if trouble and a is not assignments[0]:
                # a damaged and a missing decision file show on the first assignment; no need to grade them nine times
                continue
            folder = submit_as(course_dir, a.id, trainee, persona, scenario)
            if trainee == SCRIPTED_BIAS and a.variant_of:
                base = load_case(spec.assignment(a.variant_of).scenario)
                biased = rated_one_level_higher(scenario, persona_decisions(persona, base))
                DecisionBook(folder, scenario.id, {}).write_all(biased)
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
    analytics = cohort_analytics(course_dir, root / "reports" / "cohort")
    say(f"Cohort analytics: {analytics.html}")
    trainee_reports = all_trainee_reports(course_dir, root / "reports" / "trainees", runs=runs)
    for trainee, path in trainee_reports.items():
        say(f"Coaching report for {trainee}: {path}")
    return DemoResult(course_dir, feedback, report, problems, analytics.html, trainee_reports)
