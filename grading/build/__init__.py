"""Build the nbgrader course from the curriculum sources, as a pipeline of small steps.

Each step is one class with one job; ``STEPS`` declares their order. The key
leaves the author's scenario only for ``<course>/keys/``; what goes to
``source/`` (and so to ``release/``) is the trainee's copy of the scenario.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import nbformat

from scenarios.loader import load_case
from scenarios.models import Scenario

from ..course import MANIFEST, Assignment, CourseSpec, check, course_api, load_course
from ..key import KEYS_DIR, AnswerKey, file_sha256, freeze_key

# trainee files: never in source/ or release/, and never overwritten by autograde
TRAINEE_FILES = ["decisions.json", "decisions.log.jsonl"]

CONFIG_TEMPLATE = '''"""nbgrader configuration of the {course_id} course (written by casework build-course)."""
c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "{course_id}"
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback"]
# autograde copies source files over the trainee's; a stray decision file must never win
c.Autograde.exclude_overwriting = {exclude}
# scores are computed on the coach's side from the decision record: the trainee's notebook is never executed
c.Autograde.sanitize_preprocessors = {sanitize}
c.Autograde.autograde_preprocessors = {autograde}
# a grade cell the trainee deleted comes back (and is scored) rather than keeping an old grade
c.OverwriteCells.add_missing_cells = True
# feedback shows scores and messages, never a rubric
c.GenerateFeedback.preprocessors = {feedback}
# the course's feedback page (headings by practice area, "waiting for your coach"); nbgrader's templates after it
try:
    from grading.pipeline.feedback import template_dirs

    c.HTMLExporter.extra_template_basedirs = template_dirs()
except ImportError:  # an environment without the grading package uses nbgrader's page
    pass
'''

KEY_MARKERS = ["BEGIN HIDDEN TESTS", "import grading", "from grading", "credit:", "demonstrates:", "contradicts:", "rationale:", "approach:", "exemplar:", "rubric:"]


@dataclass
class BuildContext:
    """What the steps share: where the course goes and what is in it."""

    course_dir: Path
    spec: CourseSpec
    assignments: list[Assignment]
    course_file: Path = MANIFEST  # the course file the spec was read from (frozen in keys/ by WriteKeys)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)

    def source(self, a: Assignment) -> Path:
        return self.course_dir / "source" / a.id

    def release(self, a: Assignment) -> Path:
        return self.course_dir / "release" / a.id


class BuildError(RuntimeError):
    """The course could not be built; the message says which step and why."""


class WriteConfig:
    """Write ``nbgrader_config.py`` for the course."""

    def run(self, ctx: BuildContext) -> None:
        ctx.course_dir.mkdir(parents=True, exist_ok=True)
        from ..pipeline import AUTOGRADE_STEPS, FEEDBACK_STEPS, SANITIZE_STEPS

        exclude = {a.id: TRAINEE_FILES for a in ctx.spec.assignments}
        (ctx.course_dir / "nbgrader_config.py").write_text(
            CONFIG_TEMPLATE.format(
                course_id=ctx.spec.course_id, exclude=exclude,
                sanitize=SANITIZE_STEPS, autograde=AUTOGRADE_STEPS, feedback=FEEDBACK_STEPS,
            ),
            encoding="utf-8",
        )


class LoadScenarios:
    """Load each assignment's scenario (the author's copy, with its key)."""

    def run(self, ctx: BuildContext) -> None:
        for a in ctx.assignments:
            ctx.scenarios[a.id] = load_case(a.scenario)


class GenerateNotebooks:
    """Make each assignment's notebook in ``source/<assignment>/`` from its course entry, its case and the case's
    ``assignment.md`` (:mod:`grading.build.assignment`); points from the key only. A word of the prose that names
    nothing of the case, or a notebook that does not match its key, stops the build in one line."""

    def run(self, ctx: BuildContext) -> None:
        from scenarios.loader import case_path
        from scenarios.prose import ProseError, check_prose, load_prose, prose_path

        from .assignment import assignment_notebook, notebook_problems

        for a in ctx.assignments:
            scenario = ctx.scenarios[a.id]
            try:
                prose = load_prose(prose_path(case_path(a.scenario)))
                check_prose(prose, scenario)
            except ProseError as exc:
                raise BuildError(str(exc)) from None
            key = AnswerKey.from_scenario(scenario)
            nb = assignment_notebook(a, scenario, prose, key)
            problems = notebook_problems(nb, scenario, key)
            if problems:  # the generator's own check: never a notebook that disagrees with its key
                raise BuildError(f"{a.notebook_name}: {'; '.join(problems)}")
            folder = ctx.source(a)
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / a.notebook_name)


class WriteCourseCase:
    """Keep the course's copy of each case (no key, no rubric; its effects, consequences and situations) on the
    coach's side, packed (``keys/cases/<assignment>.bin``): the case service plays it and grading replays it.

    Nothing of the case goes to ``source/`` or ``release/``: the trainee's notebook asks the case service,
    which answers with only what that trainee may see now.
    """

    def run(self, ctx: BuildContext) -> None:
        import tempfile

        from scenarios.packed import pack

        from ..key import course_case_file

        for a in ctx.assignments:
            path = course_case_file(ctx.course_dir, a.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # owner-only
            with open(fd, "wb") as handle:
                handle.write(pack(ctx.scenarios[a.id].trainee_view()))
            Path(tmp).replace(path)


class WriteReferenceFutures:
    """Play the practice model's plan once for everyone; keep the numbers on the coach's side (``keys/``).

    The feedback and the coach's report read this one file; the trainee sees the
    practice model's futures only after grading.
    """

    def run(self, ctx: BuildContext) -> None:
        from curriculum.toolkit.futures import FUTURES_RUNS, plan_summary
        from scenarios.authoring.personas import persona_decisions

        from ..key import write_reference

        for a in ctx.assignments:
            scenario = ctx.scenarios[a.id]
            write_reference(ctx.course_dir, a.id, plan_summary(scenario, persona_decisions("practice-model", scenario)),
                            FUTURES_RUNS)


class WriteKeys:
    """Freeze each scenario's answer key in ``<course>/keys/`` (outside source and release), with the build's table.

    The key carries the SHA-256 of the case file it came from, so the coach's side can
    tell when a case was edited after the build; grading always uses the frozen key. The course file is
    frozen beside the keys too (:func:`grading.course.frozen_course`): the coach's reports read the course
    as it was built.
    """

    def run(self, ctx: BuildContext) -> None:
        from scenarios.loader import case_path

        from ..course import FROZEN_COURSE
        from ..key import write_private

        for a in ctx.assignments:
            key = AnswerKey.from_scenario(ctx.scenarios[a.id], case_sha256=file_sha256(case_path(a.scenario)))
            freeze_key(ctx.course_dir, a.id, key, a.notebook_name, a.title)
        write_private(ctx.course_dir / KEYS_DIR / FROZEN_COURSE, Path(ctx.course_file).read_text(encoding="utf-8"))
        (ctx.course_dir / KEYS_DIR).chmod(0o700)


class GenerateAssignment:
    """Run nbgrader's generate_assignment (into the gradebook and ``release/``)."""

    def run(self, ctx: BuildContext) -> None:
        api = course_api(ctx.course_dir)
        for a in ctx.assignments:
            check(api.generate_assignment(a.id, force=True, create=True), f"generate_assignment {a.id}")


def release_secrets(scenario: Scenario) -> list[str]:
    """Text that no file a trainee can open may contain: key markers, rationales, rubrics, exemplars,
    the options' consequences and every decision point's situation (read only as the case reaches it)."""
    secrets = KEY_MARKERS + [
        o.key.rationale for dp in scenario.decision_points for o in dp.options if o.key and o.key.rationale
    ]
    secrets += [w.exemplar.strip() for w in scenario.written_answers if w.exemplar.strip()]
    secrets += [level.descriptor.strip() for w in scenario.written_answers for level in w.rubric]
    secrets += [o.consequence.strip() for dp in scenario.decision_points for o in dp.options if o.consequence.strip()]
    secrets += [dp.situation.strip() for dp in scenario.decision_points if dp.situation.strip()]
    return secrets + ["\"summary\":", "effects:", "parameter:"]


class CheckReleaseHasNoKey:
    """Fail the build if a release folder could reveal the key, an option's consequence, a later situation
    or the practice model's futures, or carries decision files."""

    def run(self, ctx: BuildContext) -> None:
        for a in ctx.assignments:
            secrets = release_secrets(ctx.scenarios[a.id])
            for path in [*ctx.source(a).rglob("*"), *ctx.release(a).rglob("*")]:
                if path.name in TRAINEE_FILES:
                    raise BuildError(f"{path} is a trainee's decision file; it must not be in source/ or release/")
            for path in ctx.release(a).rglob("*"):
                if path.is_file():
                    text = path.read_text(encoding="utf-8", errors="replace")
                    found = [s for s in secrets if s in text]
                    if found:
                        raise BuildError(f"{path} would reveal the answer key ({found[0]!r})")


STEPS = [
    WriteConfig,
    LoadScenarios,
    GenerateNotebooks,
    WriteCourseCase,
    WriteReferenceFutures,
    WriteKeys,
    GenerateAssignment,
    CheckReleaseHasNoKey,
]


def build_course(course_dir: Union[str, Path], assignments: list[str] | None = None,
                 course_file: Union[str, Path, None] = None) -> BuildContext:
    """Build the course (every assignment, or those named) into ``course_dir``, from ``course_file`` (default:
    ``curriculum/course.yaml``; an author's scratch copy to try a new assignment)."""
    from scenarios.loader import ScenarioError

    course_file = Path(course_file) if course_file else MANIFEST
    spec = load_course(course_file)
    chosen = [spec.assignment(a) for a in assignments] if assignments else list(spec.assignments)
    ctx = BuildContext(course_dir=Path(course_dir).resolve(), spec=spec, assignments=chosen, course_file=course_file)
    for step in STEPS:
        try:
            step().run(ctx)
        except (BuildError, ScenarioError):  # each says where, in its own words
            raise
        except Exception as exc:
            raise BuildError(f"{step.__name__}: {exc}") from exc
    return ctx


def release_to_trainee(course_dir: Union[str, Path], trainee_dir: Union[str, Path]) -> list[Path]:
    """Copy each released assignment into a trainee's folder, never over work already there."""
    course_dir, trainee_dir = Path(course_dir), Path(trainee_dir)
    placed = []
    for release in sorted((course_dir / "release").iterdir()):
        target = trainee_dir / release.name
        if not target.exists():
            shutil.copytree(release, target)
        placed.append(target)
    return placed
