"""``casework``: validate, simulate, build, grade and report, from the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer
from typer.core import TyperGroup


class _Commands(TyperGroup):
    """Runs every command (and sub-command): a scenario file that does not load is one line per problem
    on stderr and exit code 1, never a traceback; so is a course file that does not load (one line)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ValueError as exc:
            from grading.course import CourseFileError
            from scenarios.loader import ScenarioError

            if isinstance(exc, CourseFileError):
                typer.echo(str(exc), err=True)
                raise typer.Exit(1)
            if not isinstance(exc, ScenarioError):
                raise
            for problem in exc.problems:
                typer.echo(str(problem), err=True)
            raise typer.Exit(1)


app = typer.Typer(
    cls=_Commands, help="Practice ground for child-welfare caseworkers.", no_args_is_help=True, add_completion=False
)

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "scenarios" / "scenario.schema.json"


@app.command()
def validate(
    paths: List[Path] = typer.Argument(..., help="Scenario files or case folders."),
    strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
) -> None:
    """Check scenario files: the schema, then the content lint (errors fail; warnings are worth a look)."""
    from scenarios.lint import check_file, errors

    failed = 0
    for path in paths:
        findings = check_file(path)
        if not errors(findings):
            findings += _path_findings(path) + _prose_findings(path)
        for f in findings:
            typer.echo(str(f), err=True)
        n_errors = len(errors(findings))
        n_warnings = len(findings) - n_errors
        if n_errors or (strict and n_warnings):
            failed += 1
            typer.echo(f"{path}: {n_errors} error(s), {n_warnings} warning(s)", err=True)
        else:
            typer.echo(f"{path}: ok" + (f" ({n_warnings} warning(s))" if n_warnings else ""))
    raise typer.Exit(1 if failed else 0)


def _path_findings(path: Path) -> list:
    """Every path the case can take offers each practice area a moment; every condition holds on some path."""
    from scenarios.lint import Finding
    from scenarios.loader import _field_path, _line_of, compose_scenario, load_scenario, read_scenario_text
    from simulator.paths import path_findings

    file = path / "scenario.yaml" if path.is_dir() else path
    text = read_scenario_text(file)
    root = compose_scenario(text, str(file))
    return [Finding(file=str(file), line=_line_of(root, loc), field=_field_path(loc), message=message, severity=severity)
            for loc, severity, message in path_findings(load_scenario(file))]


def _prose_findings(path: Path) -> list:
    """The case's assignment.md, when it has one: every anchor names something of the case, every tool exists."""
    from scenarios.lint import Finding
    from scenarios.loader import load_scenario
    from scenarios.prose import ProseError, check_prose, load_prose, prose_path

    file = path / "scenario.yaml" if path.is_dir() else path
    where = prose_path(file)
    if not where.is_file():
        return []
    try:
        check_prose(load_prose(where), load_scenario(file))
    except ProseError as exc:
        return [Finding(file=exc.file, line=exc.line, field="", message=exc.problem)]
    return []


COURSE_OPTION = typer.Option(
    None, "--course", help="The course folder (default: $CASEWORK_COURSE, the current folder, classroom/course, demo/course)."
)


def _course(course: Optional[Path], ctx: Optional[typer.Context] = None) -> Path:
    """The course folder of a command: its --course, an outer --course, $CASEWORK_COURSE, or where one is found."""
    from grading.course import CourseNotFound, find_course

    outer = (ctx.obj or {}).get("course") if ctx is not None and isinstance(ctx.obj, dict) else None
    try:
        return find_course(course or outer)
    except CourseNotFound as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


def _scenario(case: str):
    from scenarios.loader import load_case, load_scenario

    return load_scenario(case) if Path(case).exists() else load_case(case)


@app.command()
def simulate(
    case: str = typer.Argument(..., help="A case id from the library, or a scenario file."),
    persona: Optional[str] = typer.Option(None, help="Play the decisions of a scripted trainee."),
    decisions: Optional[Path] = typer.Option(None, help="A decisions file to play (any name), or its folder."),
    seed: Optional[int] = typer.Option(None, help="Random seed (default: the scenario's)."),
    runs: int = typer.Option(1, help="Play the case this many times and summarise the outcomes."),
) -> None:
    """Play a case forward and print its timeline and outcomes."""
    from scenarios.authoring.personas import persona_decisions
    from scenarios.decisions import read_decisions
    from simulator import simulate as play
    from simulator import simulate_many

    scenario = _scenario(case)
    chosen = {}
    if persona:
        chosen = persona_decisions(persona, scenario)
    elif decisions:
        record = read_decisions(decisions)
        if record.problem:
            typer.echo(record.problem, err=True)
            raise typer.Exit(1)
        chosen = record.choices
    if runs > 1:
        frame = simulate_many(scenario, chosen, runs, seed=seed or 0)
        typer.echo(frame.drop(columns=["run", "seed"]).describe().T[["mean", "std", "min", "max"]].to_string())
        return
    result = play(scenario, chosen, seed)
    typer.echo(result.timeline_frame().query("kind != 'contact'").to_string(index=False))
    typer.echo(json.dumps(result.outcomes.as_dict(), indent=2))


@app.command()
def schema(check: bool = typer.Option(False, "--check", help="Fail if the committed schema is stale.")) -> None:
    """Write the scenario JSON Schema (scenarios/scenario.schema.json) for editors."""
    from scenarios.schema import scenario_schema_text

    text = scenario_schema_text()
    if check:
        if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text:
            typer.echo(f"{SCHEMA_PATH} is stale: run 'casework schema'", err=True)
            raise typer.Exit(1)
        typer.echo(f"{SCHEMA_PATH}: up to date")
        return
    SCHEMA_PATH.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {SCHEMA_PATH}")


@app.command()
def validity(
    cases: List[str] = typer.Argument(None, help="Case ids or scenario files (default: every library case)."),
    identities: int = typer.Option(200, min=1, help="Trainee identities whose shuffled orders the blind strategies see."),
    check: bool = typer.Option(False, "--check", help="Fail when a case misses the thresholds."),
) -> None:
    """Play cases with blind strategies and personas: does the score separate practice from guessing?

    A blind strategy off chance is listed with the points behind it: the option picked, each option's length, credit.
    """
    from scenarios.authoring.validity import case_validity, validity_table
    from scenarios.loader import ScenarioError, library

    try:
        rows = [case_validity(_scenario(c), identities) for c in (cases or library())]
    except (ScenarioError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo("Share of the decision points earned (blind strategies on the trainees' shuffled orders).\n")
    typer.echo(validity_table(rows))
    problems = [p for r in rows for p in r.problems()]
    for p in problems:
        typer.echo(p, err=True)
    if check and problems:
        raise typer.Exit(1)


hub_app = typer.Typer(help="Run a class on JupyterHub (one machine; run as root).", no_args_is_help=True)
roster_app = typer.Typer(help="The class roster: one account per trainee and coach.", no_args_is_help=True)
app.add_typer(hub_app, name="hub")
app.add_typer(roster_app, name="roster")
HUB_ROOT = typer.Option(Path("/srv/casework"), "--root", help="The hub's folder (state and exchange).")


def _hub_settings(root: Path):
    from deploy.hub import HubSettings

    try:
        return HubSettings.load(root)
    except FileNotFoundError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@hub_app.command("start")
def hub_start(
    root: Path = HUB_ROOT,
    envs: Path = typer.Option(Path("/opt/casework"), help="Where the trainee and coach environments go."),
    ip: str = typer.Option("127.0.0.1", help="Bind address; 0.0.0.0 serves the classroom network."),
    port: int = typer.Option(8000, help="The port trainees open in their browser."),
    authenticator: str = typer.Option("firstuse", help="firstuse, native, or an authenticator class's import path."),
    idle_timeout: int = typer.Option(3600, help="Seconds without activity before a server is stopped."),
    memory_limit: str = typer.Option("4G", help="Address space per process of a trainee's server."),
    prepare_only: bool = typer.Option(False, "--prepare-only", help="Set everything up, do not start the hub."),
    rebuild_course: bool = typer.Option(False, "--rebuild-course", help="Build the course again (keeps the gradebook)."),
    lti_issuer: str = typer.Option("", help="lti13: the LMS's issuer (Canvas: https://canvas.instructure.com; "
                                           "Moodle: the site's address). Kept for later starts."),
    lti_client_id: str = typer.Option("", help="lti13: the client id the LMS gave the tool."),
    lti_deployment_id: Optional[list[str]] = typer.Option(None, help="lti13: a deployment id the LMS gave (repeat "
                                                                     "for several)."),
    lti_login_url: str = typer.Option("", help="lti13: the LMS's OpenID Connect authorization endpoint."),
    lti_jwks_url: str = typer.Option("", help="lti13: the LMS's public key set."),
    lti_token_url: str = typer.Option("", help="lti13: the LMS's access token endpoint (roster and grades)."),
    lti_token_audience: str = typer.Option("", help="lti13: the token request's audience, if not the token URL."),
) -> None:
    """Set up the class's hub on this machine (accounts, environments, proxy, exchange, course) and start it."""
    import os

    from deploy.hub import HubSettings, hub_command, prepare_hub

    settings = HubSettings(root=root, envs=envs, ip=ip, port=port, authenticator=authenticator,
                           idle_timeout=idle_timeout, memory_limit=memory_limit, lti_issuer=lti_issuer,
                           lti_client_id=lti_client_id, lti_deployment_ids=list(lti_deployment_id or []),
                           lti_login_url=lti_login_url, lti_jwks_url=lti_jwks_url, lti_token_url=lti_token_url,
                           lti_token_audience=lti_token_audience)
    try:
        prepare_hub(settings, say=typer.echo, rebuild_course=rebuild_course)
    except (PermissionError, ValueError, RuntimeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"hub ready: http://{ip}:{port}/ (course {settings.course_id} in {settings.course_dir}); "
               + ("trainees start from the LMS; its registration values: casework lti key --url <the hub's address>"
                  if settings.authenticator == "lti13" else "add people with: casework roster add roster.csv"))
    if prepare_only:
        return
    os.chdir(settings.hub_dir)
    cmd = hub_command(settings)
    os.execv(cmd[0], cmd)


@hub_app.command("release")
def hub_release(assignment: str = typer.Argument(..., help="Assignment id."), root: Path = HUB_ROOT) -> None:
    """Release an assignment to the class through nbgrader's exchange."""
    from deploy.accounts import AccountError
    from deploy.hub import release

    try:
        typer.echo(release(_hub_settings(root), assignment) or f"released {assignment}")
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@hub_app.command("grade")
def hub_grade(assignment: str = typer.Argument(..., help="Assignment id."), root: Path = HUB_ROOT,
              all_: bool = typer.Option(False, "--all", help="Regrade every submission, not only new and changed ones.")) -> None:
    """Collect an assignment's submissions and grade the new and changed ones on the coach's side (no feedback yet)."""
    from deploy.accounts import AccountError
    from deploy.hub import collect_and_grade

    try:
        typer.echo(collect_and_grade(_hub_settings(root), assignment, everyone=all_))
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@hub_app.command("feedback")
def hub_feedback(assignment: str = typer.Argument(..., help="Assignment id."),
                 trainees: Optional[list[str]] = typer.Argument(None, help="Only these trainees (default: everyone graded)."),
                 final_only: bool = typer.Option(False, "--final-only", help="Only trainees whose every answer is graded."),
                 root: Path = HUB_ROOT) -> None:
    """Write and release the feedback of an assignment to the class (or to the trainees named)."""
    from deploy.accounts import AccountError
    from deploy.hub import release_feedback

    try:
        typer.echo(release_feedback(_hub_settings(root), assignment, trainees or [], final_only=final_only))
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@hub_app.command("release-key")
def hub_release_key(assignment: str = typer.Argument(..., help="Assignment id."),
                    withdraw: bool = typer.Option(False, "--withdraw", help="Hold the key back again."),
                    root: Path = HUB_ROOT) -> None:
    """Release an assignment's key to feedback (as the grader), once the class has finished the case."""
    from deploy.accounts import AccountError
    from deploy.hub import release_key as hub_release

    try:
        typer.echo(hub_release(_hub_settings(root), assignment, withdraw=withdraw).rstrip())
    except AccountError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@roster_app.command("reset")
def roster_reset(username: str = typer.Argument(..., help="The account whose password to forget."),
                 root: Path = HUB_ROOT) -> None:
    """Forget a first-use password (someone else logged in first, or it was forgotten): the next login sets it."""
    from deploy.roster import reset_password

    done = reset_password(_hub_settings(root), username)
    typer.echo(f"{username}: the next login sets a new password" if done else f"{username} had no password yet")


lti_app = typer.Typer(help="LTI 1.3: the hub as a tool of the agency's LMS (run as root).", no_args_is_help=True)
app.add_typer(lti_app, name="lti")


@lti_app.command("key")
def lti_key(root: Path = HUB_ROOT, pem: bool = typer.Option(False, "--pem", help="PEM instead of a JWK."),
            url: str = typer.Option("", help="The hub's public address (https://hub.agency.org): also print the "
                                             "URLs the LMS asks for.")) -> None:
    """The tool's public key for the LMS (Canvas: Public JWK; Moodle: RSA key), and the tool's URLs."""
    import json

    from deploy.lti import LtiError, public_jwk, public_pem, tool_private_key, tool_urls

    try:
        private = tool_private_key(_hub_settings(root))
    except LtiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    if url:
        urls = tool_urls(url)
        typer.echo(f"OpenID Connect initiation / initiate login URL: {urls['login']}\n"
                   f"Redirect URI(s): {urls['redirect']}\nTarget link URI / tool URL: {urls['target']}\n"
                   f"An assignment's link: {urls['assignment']}\nPublic JWK URL / keyset URL: {urls['jwks']}")
    typer.echo(public_pem(private).rstrip() if pem else json.dumps(public_jwk(private), indent=1))


@lti_app.command("roster")
def lti_roster(root: Path = HUB_ROOT) -> None:
    """Names and Role Provisioning: every active member of the LMS course gets their hub account and role."""
    from deploy.lti import LtiError
    from deploy.lti_roster import add_lms_roster

    settings = _hub_settings(root)
    try:
        people, problems = add_lms_roster(settings, say=typer.echo)
    except LtiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    trainees = sum(p.role == "trainee" for p in people)
    typer.echo(f"{trainees} trainee(s), {len(people) - trainees} coach(es) from the LMS")
    if problems:
        raise typer.Exit(1)


@lti_app.command("grades")
def lti_grades(root: Path = HUB_ROOT,
               assignment: Optional[str] = typer.Option(None, help="Only this assignment (default: every one).")) -> None:
    """Assignment and Grade Services: post the final scores that changed to the LMS's line items (a pending hand
    grade is never sent; a failure is kept and sent next time)."""
    from deploy.lti import LtiError, grades_ledger, lms_courses, service_connector
    from grading.coach.evidence import collect
    from grading.exports.lti import send_grades

    settings = _hub_settings(root)
    try:
        courses = lms_courses(settings)
        if not courses:
            raise LtiError("no LMS course has launched the hub with Assignment and Grade Services yet: open the tool "
                           "once from the course, with the LMS's grade services enabled for it")
        report = send_grades(collect(settings.course_dir), courses, service_connector(settings),
                             grades_ledger(settings), assignment=assignment)
    except LtiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    for line in report.lines():
        typer.echo(line)
    if report.failed:
        raise typer.Exit(1)


@roster_app.command("add")
def roster_add(roster: Path = typer.Argument(..., help="CSV: username, first_name, last_name, email, role."),
               root: Path = HUB_ROOT) -> None:
    """Make an account per person on the roster and register the trainees with nbgrader."""
    from deploy.roster import RosterError, add_roster, read_roster

    settings = _hub_settings(root)
    try:
        people = read_roster(roster)
    except RosterError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    made = add_roster(settings, people, say=typer.echo)
    typer.echo(f"{len(made['trainees'])} trainee(s), {len(made['coaches'])} coach(es); "
               "each sets a password at first login (first-use authenticator)")


@app.command()
def calibrate(
    families: int = typer.Option(100000, min=1, help="How many reports (families) to simulate."),
    seed: int = typer.Option(0, help="Random seed of the population (the first seed, with --seeds)."),
    seeds: int = typer.Option(1, min=1, help="Run this many populations and print the mean and the seed-to-seed spread."),
) -> None:
    """Simulate a population with the default parameters and print it beside the published national figures."""
    from simulator.calibration import calibrate as run
    from simulator.calibration import spread, spread_table, table_text

    what = "children in care live through simulator.care, the model trainees play"
    if seeds > 1:
        stats = spread(seeds, families, first_seed=seed)
        typer.echo(f"{families} families a population, seeds {seed}-{seed + seeds - 1}; mean "
                   f"{stats.loc['entries', 'mean']:.0f} entries into care; {what}\n")
        typer.echo(table_text(spread_table(stats)))
        return
    population, table = run(families, seed)
    typer.echo(f"{families} families, {len(population.episodes)} entries into care (seed {seed}); {what}\n")
    typer.echo(table_text(table))


@app.command()
def catalog(
    check: bool = typer.Option(False, "--check", help="Fail if the page is stale or a citation does not resolve."),
    out: Optional[Path] = typer.Option(None, help="Where the page goes (default: scenarios/CATALOG.md)."),
) -> None:
    """Write scenarios/CATALOG.md, the readable page of the practice-behaviour catalog."""
    from scenarios.catalog import CATALOG_PAGE, catalog_markdown, citation_problems, load_catalog, seeds_dir

    page = out or CATALOG_PAGE
    text = catalog_markdown()
    problems = citation_problems(load_catalog()) if seeds_dir().exists() else []
    for problem in problems:
        typer.echo(f"citation: {problem}", err=True)
    if check:
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            typer.echo(f"{page} is stale: run 'casework catalog'", err=True)
            raise typer.Exit(1)
        typer.echo(f"{page}: up to date")
        raise typer.Exit(1 if problems else 0)
    page.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {page}")


course_app = typer.Typer(help="The course file, curriculum/course.yaml: its course map, and adding an assignment.",
                         no_args_is_help=True)
app.add_typer(course_app, name="course")
COURSE_FILE_OPTION = typer.Option(None, "--course-file", help="The course file (default: curriculum/course.yaml).")


@course_app.command("map")
def course_map(
    check: bool = typer.Option(False, "--check", help="Fail if the course map is stale."),
    course_file: Optional[Path] = COURSE_FILE_OPTION,
    readme: Optional[Path] = typer.Option(None, help="The page that holds the map (default: README.md beside the "
                                                     "course file)."),
) -> None:
    """Write the course map (the module table and sections) into curriculum/README.md from course.yaml."""
    from grading.course import MANIFEST, load_course
    from grading.course_map import CourseMapError, render_readme

    course_file = course_file or MANIFEST
    page = readme or course_file.parent / "README.md"
    spec = load_course(course_file)
    try:
        old = page.read_text(encoding="utf-8")
        text = render_readme(old, spec, page)
    except (OSError, CourseMapError) as exc:
        typer.echo(str(exc) if isinstance(exc, CourseMapError) else f"{page}: cannot be read", err=True)
        raise typer.Exit(1)
    if check:
        if text != old:
            typer.echo(f"{page} is stale: run 'casework course map'", err=True)
            raise typer.Exit(1)
        typer.echo(f"{page}: up to date")
        return
    page.write_text(text, encoding="utf-8")
    typer.echo(f"wrote the course map in {page}")


@course_app.command("add")
def course_add(
    assignment_id: str = typer.Argument(..., help="The new assignment's id, e.g. 'assess-neglect'."),
    case: str = typer.Option(..., "--case", help="The id of its case under scenarios/cases/."),
    module: str = typer.Option(..., "--module", help="The module it belongs to (an id from course.yaml's modules)."),
    minutes: int = typer.Option(..., "--minutes", help="Its classroom time."),
    title: Optional[str] = typer.Option(None, "--title", help="Its title (default: the case's title)."),
    variant_of: Optional[str] = typer.Option(None, "--variant-of", help="The assignment whose case this one varies."),
    course_file: Optional[Path] = COURSE_FILE_OPTION,
) -> None:
    """Add an assignment to course.yaml, after its module's assignments, keeping the file's comments."""
    from grading.course import MANIFEST
    from grading.course_edit import add_assignment

    course_file = course_file or MANIFEST
    spec, added = add_assignment(assignment_id, case, module, minutes, title, variant_of, course_file)
    session = spec.module(module).session
    typer.echo(f"added {added.id} to {course_file} (module {module}; session {session} now takes "
               f"{spec.session_minutes()[session]} of {spec.session_cap} min)")
    typer.echo("next: 'casework course map' (the course map), then 'casework build-course'")


@app.command()
def new(
    name: str = typer.Argument(..., help="The case id, e.g. 'rivera-newborn' (lowercase, digits, dashes)."),
    folder: Optional[Path] = typer.Option(None, help="Where case folders live (default: scenarios/cases)."),
) -> None:
    """Start a case: a folder with scenario.yaml (a commented template), a README.md stub and assignment.md."""
    from scenarios.authoring import new_case
    from scenarios.lint import check_file

    try:
        case = new_case(name, folder) if folder else new_case(name)
    except (ValueError, FileExistsError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    left = len(check_file(case))
    typer.echo(f"created {case / 'scenario.yaml'}, {case / 'README.md'} and {case / 'assignment.md'} "
               "(the assignment's own words: optional)")
    typer.echo(f"Replace the {left} <...> placeholders (scenarios/AUTHORING.md explains each field), then:")
    typer.echo(f"  casework validate {case}\n  casework play {case}")


@app.command()
def coverage(
    paths: Optional[List[Path]] = typer.Argument(None, help="Scenario files or case folders (default: the library)."),
    minimum: Optional[int] = typer.Option(None, "--min", help="Fail if a behaviour is exercised fewer times than this."),
) -> None:
    """Which catalog behaviours the scenarios exercise, how often, and the gaps."""
    from rich.console import Console
    from rich.table import Table

    from scenarios.authoring import LIBRARY_TARGET, coverage as measure

    files = [p / "scenario.yaml" if p.is_dir() else p for p in paths] if paths else None
    cov = measure(files)
    target = LIBRARY_TARGET if minimum is None else minimum
    console = Console(highlight=False)
    for problem in cov.problems:
        console.print(problem, style="red")
    cases = Table(title=f"{len(cov.cases)} case(s)", title_justify="left")
    cases.add_column("case", no_wrap=True)
    for column in ("decision points", "practices", "behaviours"):
        cases.add_column(column)
    for c in cov.cases:
        cases.add_row(c.case, str(c.decision_points), f"{len(c.practices)}: {', '.join(c.practices)}", str(c.behaviours))
    console.print(cases)
    per_practice = cov.by_practice(target)
    for practice in dict.fromkeys(r.practice for r in cov.rows):
        met, total = per_practice[practice]
        # compact (no borders, single spaces) so the longest id fits an 80-column terminal
        table = Table(title=f"{practice}: {met} of {total} behaviours exercised {target}+ times", title_justify="left",
                      box=None, pad_edge=False, collapse_padding=True, header_style="bold")
        table.add_column("behaviour", no_wrap=True)
        for column in ("shown", "against", "all", "cases", ""):
            table.add_column(column, justify="right", no_wrap=True)
        for r in (r for r in cov.rows if r.practice == practice):
            gap = "" if r.exercised >= target else "[bold red]gap[/]"
            table.add_row(r.behaviour, str(r.demonstrated), str(r.contradicted), str(r.exercised), str(len(r.cases)), gap)
        console.print(table)
    gaps = cov.gaps(target)
    total = len(cov.rows)
    console.print(f"{total - len(gaps)} of {total} behaviours exercised at least {target} times. 'all' counts the "
                  "decision points and written answers that name a behaviour; 'shown' those where an option "
                  "demonstrates it (or a written answer evidences it), 'against' those where an option contradicts it.")
    if gaps:
        console.print(f"Gaps ({len(gaps)}): " + ", ".join(f"{g.behaviour} ({g.exercised})" for g in gaps))
    if cov.problems or (minimum is not None and gaps):  # a file that does not load fails the command
        raise typer.Exit(1)


@app.command()
def play(
    case: str = typer.Argument(..., help="A scenario file, a case folder, or a case id from the library."),
    persona: Optional[str] = typer.Option(None, help="Play as a scripted trainee (practice-model, directive, random)."),
    seed: Optional[int] = typer.Option(None, help="Random seed of the simulation (default: the scenario's)."),
    choose_: Optional[List[str]] = typer.Option(None, "--choose", help="POINT=OPTION[,OPTION]: choose this at a point "
                                                "(with --persona, to walk a path: --choose safety-decision=place-theo)."),
    out: Optional[Path] = typer.Option(
        None, "--out", metavar="FILE", help="Write the choices played to FILE (a folder: its decisions.json) in the format of a "
        "trainee's decisions.json, to test grading with them: put it beside the case's notebook as decisions.json, "
        "or play it again with casework simulate CASE --decisions FILE."),
) -> None:
    """Play a case in the terminal: each decision, its consequences, the simulated case, the score per practice."""
    from rich.console import Console

    from casework.play import parse_overrides, persona_chooser, play as play_case, prompt_chooser
    from scenarios.authoring.personas import PERSONAS
    from scenarios.lint import WARNING, Finding
    from scenarios.loader import ScenarioError, case_path, load_scenario

    notes: list = []  # what upgrading an older format decided (who a version-1 placement moves)
    try:
        scenario = load_scenario(case if Path(case).exists() else case_path(case), notes)
    except ScenarioError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    for note in notes:
        typer.echo(str(Finding(note.file, note.line, note.field, note.message, WARNING)), err=True)
    if out is not None and out.is_dir():
        from scenarios.decisions import DECISIONS_FILE

        out = out / DECISIONS_FILE
    if out is not None and not out.parent.is_dir():
        typer.echo(f"error: --out {out}: there is no folder {out.parent}", err=True)
        raise typer.Exit(1)
    console = Console(highlight=False)
    if persona:
        if persona not in PERSONAS:
            typer.echo(f"unknown persona {persona!r}; known: {', '.join(PERSONAS)}", err=True)
            raise typer.Exit(1)
        try:
            override = parse_overrides(scenario, choose_ or [])
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1)
        choose = persona_chooser(persona, scenario, seed or 0, override)
    else:
        choose = prompt_chooser(lambda question: typer.prompt(question), console)
    played = play_case(scenario, choose, console, seed)
    if out is not None:
        import datetime as dt

        from scenarios.decisions import FORMAT, FORMAT_VERSION, write_atomically

        record = {"format": FORMAT, "version": FORMAT_VERSION, "scenario": scenario.id,
                  "updated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                  "choices": played.choices}
        write_atomically(out, json.dumps(record, indent=2) + "\n")
        typer.echo(f"decisions: {out} ({len(played.choices)} decision point(s), as a trainee's decisions.json)")


@app.command("build-course")
def build_course(
    course: Path = typer.Option(Path("classroom/course"), help="Where to build the nbgrader course."),
    assignment: Optional[List[str]] = typer.Option(None, help="Build only these assignments."),
    course_file: Optional[Path] = typer.Option(None, help="The course file (default: curriculum/course.yaml)."),
) -> None:
    """Build the nbgrader course (source/, release/, keys/, gradebook) from the curriculum: each assignment's
    notebook is generated from its case and the case's assignment.md."""
    from grading.build import BuildError
    from grading.build import build_course as build

    try:
        ctx = build(course, assignment or None, course_file)
    except (BuildError, KeyError) as exc:
        typer.echo(f"error: {exc.args[0] if isinstance(exc, KeyError) else exc}", err=True)
        raise typer.Exit(1)
    for a in ctx.assignments:
        typer.echo(f"released {a.id}: {ctx.release(a)}")


@app.command()
def grade(
    assignment: str = typer.Argument(..., help="Assignment id."),
    course: Optional[Path] = COURSE_OPTION,
    all_: bool = typer.Option(False, "--all", help="Regrade every submission, not only new and changed ones."),
    on_hub: bool = typer.Option(False, "--on-hub", hidden=True, help="Name the hub's commands (casework hub grade)."),
) -> None:
    """Autograde the new and changed submissions of an assignment. Feedback waits for `casework feedback`."""
    from grading.grade import autograde, stale_cases, submitted_trainees

    course = _course(course)
    for sentence in stale_cases(course):
        typer.echo(f"note: {sentence}", err=True)
    from grading.coach.evidence import read_stored_scores

    graded_now: list[str] = []

    def graded(trainee: str) -> None:
        graded_now.append(trainee)
        stored = read_stored_scores(course, assignment, trainee) or {}
        typer.echo(f"graded {trainee}")
        for problem in [stored.get("problem")] + stored.get("problems", []):
            if problem:
                typer.echo(f"  {trainee}: {problem}", err=True)

    problems = autograde(course, assignment, progress=graded, changed_only=not all_)
    for trainee, problem in problems.items():
        typer.echo(f"{trainee}: {problem}", err=True)
    unchanged = len(submitted_trainees(course, assignment)) - len(graded_now)
    if unchanged:
        typer.echo(f"{unchanged} submission(s) unchanged since they were graded (regrade them with --all)")
    typer.echo(_next_after_grading(course, assignment, on_hub))


def _next_after_grading(course: Path, assignment: str, on_hub: bool) -> str:
    """The one next step after grading, from what is left: written answers still to grade by hand, or none."""
    from grading.grade import pending_hand_grades

    feedback = f"casework {'hub ' if on_hub else ''}feedback {assignment}"
    pending = pending_hand_grades(course, assignment)
    if not pending:
        return f"next: no submission of {assignment} is graded yet: grade again once trainees have submitted"
    waiting = {trainee: cells for trainee, cells in pending.items() if cells}
    if not waiting:
        return f"next: every written answer is graded: release the feedback: {feedback}"
    answers = sum(len(cells) for cells in waiting.values())
    return (f"next: grade the {answers} written answer(s) of {len(waiting)} trainee(s) still waiting in the formgrader "
            f"(Manual Grading), then: {feedback} (or now, for those with none waiting: {feedback} --final-only)")


@app.command("test-submission")
def test_submission(
    assignment: str = typer.Argument(..., help="Assignment id (built in the course)."),
    decisions: Path = typer.Option(..., help="A decisions file, as casework play --out writes it."),
    trainee: str = typer.Option("test-trainee", help="The name it is submitted under."),
    answers: Optional[str] = typer.Option(None, help="Write a persona's written answers (practice-model: the "
                                                     "exemplars; directive: a weak answer); default: none."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """Hand in a submission as a trainee would, from a decisions file: to try the grading and feedback of a
    new assignment on a scratch course (never on a class's course: it is a trainee's submission there)."""
    from scenarios.authoring.personas import PERSONAS, submit_decisions

    course = _course(course)
    if answers is not None and answers not in PERSONAS:
        typer.echo(f"error: no persona {answers!r}; personas: {', '.join(PERSONAS)}", err=True)
        raise typer.Exit(1)
    try:
        folder = submit_decisions(course, assignment, trainee, decisions, answers)
    except (OSError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"submitted {assignment} as {trainee}: {folder}")
    typer.echo(f"next: casework grade {assignment} --course {course}, then casework feedback {assignment} "
               f"--course {course}")


@app.command()
def feedback(
    assignment: str = typer.Argument(..., help="Assignment id."),
    trainees: Optional[list[str]] = typer.Argument(None, help="Only these trainees (default: everyone graded)."),
    final_only: bool = typer.Option(False, "--final-only", help="Leave out trainees with an answer still to grade."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """Write the feedback trainees get: final scores, and "waiting for your coach" where a hand grade is pending."""
    from grading.grade import generate_feedback, pending_hand_grades

    course = _course(course)
    pending = pending_hand_grades(course, assignment)
    chosen = list(trainees or sorted(pending))
    unknown = [t for t in chosen if t not in pending]
    if unknown:
        typer.echo(f"error: not graded for {assignment}: {', '.join(unknown)} (run: casework grade {assignment})", err=True)
        raise typer.Exit(1)
    if final_only:
        held = [t for t in chosen if pending[t]]
        chosen = [t for t in chosen if not pending[t]]
        for t in held:
            typer.echo(f"{t}: held back, {len(pending[t])} answer(s) still to grade")
    files = generate_feedback(course, assignment, chosen) if chosen else []
    for t in chosen:
        state = f"provisional, {len(pending[t])} answer(s) waiting for your grade" if pending[t] else "final"
        typer.echo(f"{t}: feedback written ({state})")
    typer.echo(f"feedback: {len(files)} file(s) under {course / 'feedback'}")
    _key_reminder(course, assignment)


def _key_reminder(course: Path, assignment: str) -> None:
    """Say whether feedback carries the key, and what to do when it is held back."""
    from grading.release import feedback_holds_key_back, key_release

    try:
        released = key_release(course, assignment)
    except ValueError:
        return
    if released:
        typer.echo(f"the key is released ({released['released_at']}, by {released['released_by']}): feedback carries "
                   "the practice model's reasons and futures")
    elif not feedback_holds_key_back(course):
        typer.echo("warning: this course was built before feedback could hold the key back, so its feedback carries "
                   "the practice model's reasons and futures: rebuild the course (casework build-course, or "
                   "casework hub start --rebuild-course), which keeps the gradebook", err=True)
    else:
        typer.echo(f"the key is held back: run casework release-key {assignment} after the last trainee has "
                   "submitted, then write the feedback again")


@app.command("release-key")
def release_key(
    assignment: str = typer.Argument(..., help="Assignment id."),
    withdraw: bool = typer.Option(False, "--withdraw", help="Hold the key back again."),
    by: Optional[str] = typer.Option(None, "--by", help="Who releases it (default: this account, or sudo's)."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """Release an assignment's key to feedback, once the class has finished the case: the practice model's reasons
    ("why:") and futures appear in feedback written from then on (--withdraw holds them back again)."""
    from grading.pipeline.context import build_manifest
    from grading.release import feedback_written, key_release, release_key as record, withdraw_key

    course = _course(course)
    if assignment not in build_manifest(course):
        typer.echo(f"error: {assignment!r} is not an assignment of the course in {course} "
                   "(its keys/assignments.json); check the id, or rebuild the course", err=True)
        raise typer.Exit(1)
    written = feedback_written(course, assignment)
    if withdraw:
        if not withdraw_key(course, assignment):
            typer.echo(f"the key of {assignment} was not released: feedback already holds it back")
            return
        typer.echo(f"the key of {assignment} is held back again: feedback written from now on has no reasons "
                   "(why:) and no practice model's futures")
        if written:
            typer.echo(f"{len(written)} trainee(s) already have feedback written with the key ({', '.join(written)}); "
                       f"to take it out of theirs, write it again: casework feedback {assignment}, and release it "
                       "again (what a trainee has already fetched stays with them)")
        return
    before = key_release(course, assignment)
    done = record(course, assignment, by=by)
    again = f" (it was released {before['released_at']}, by {before['released_by']})" if before else ""
    typer.echo(f"released the key of {assignment}: {done['released_at']}, by {done['released_by']}{again}")
    typer.echo("feedback written from now on carries the practice model's reasons (why:) and its futures")
    if written:
        typer.echo(f"next: {len(written)} trainee(s) already have feedback written ({', '.join(written)}); write it "
                   f"again so that theirs carries the key: casework feedback {assignment} "
                   f"(on a hub: casework hub feedback {assignment}, which releases it too)")
    else:
        typer.echo(f"next: write the feedback: casework feedback {assignment} "
                   f"(on a hub: casework hub feedback {assignment}, which releases it too)")


@app.command()
def recover(
    assignment: str = typer.Argument(..., help="Assignment id."),
    trainee: str = typer.Argument(..., help="The trainee whose decisions.json is missing or damaged."),
    course: Optional[Path] = COURSE_OPTION,
    yes: bool = typer.Option(False, "--yes", help="Regrade from the log without asking."),
) -> None:
    """Show what a trainee's decision log holds against decisions.json and, once you confirm, regrade from the log."""
    from grading.recover import compare, confirm

    course = _course(course)
    try:
        found = compare(course, assignment, trainee)
    except (LookupError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"{trainee}, {assignment} ({found.scenario})")
    typer.echo(f"decisions.json: {found.file_problem or 'readable'}")
    for title, in_file, in_log in found.rows:
        mark = " " if in_file == in_log else "*"
        typer.echo(f" {mark} {title}: file {', '.join(in_file) or '-'} | log {', '.join(in_log) or '-'}")
    if not found.log_choices:
        typer.echo("The log holds no choices for this case: nothing to recover.", err=True)
        raise typer.Exit(1)
    if not found.differs:
        typer.echo("The log and the file agree: nothing to recover.")
        return
    if not yes and not typer.confirm("Regrade this submission from the log's choices?"):
        raise typer.Exit(1)
    path = confirm(course, assignment, trainee)
    typer.echo(f"regraded from the log; recovery kept in {path}")


report_app = typer.Typer(help="Coaches' reports: the review of every submission, a trainee's coaching report, cohort analytics.")
app.add_typer(report_app, name="report")
REPORTS_OPTION = typer.Option(None, help="Where to write the reports (default: reports/ beside the course).")


def _reports(course: Path, out: Optional[Path], ctx: Optional[typer.Context] = None) -> Path:
    outer = (ctx.obj or {}).get("out") if ctx is not None and isinstance(ctx.obj, dict) else None
    return out or outer or (course.resolve().parent / "reports")


@report_app.callback(invoke_without_command=True)
def report(ctx: typer.Context, course: Optional[Path] = COURSE_OPTION, out: Optional[Path] = REPORTS_OPTION) -> None:
    """Without a subcommand: the scores table, the coach's review of every submission, and the cohort analytics."""
    ctx.obj = {"course": course, "out": out}  # --course and --out given here hold for the subcommand too
    if ctx.invoked_subcommand is not None:
        return
    course = _course(course, ctx)
    out = _reports(course, out)
    from grading.coach.analytics import cohort_analytics
    from grading.coach.evidence import collect
    from grading.coach.report import cohort_report, scores_table
    from grading.grade import stale_cases

    for sentence in stale_cases(course):
        typer.echo(f"note: {sentence}", err=True)
    data = collect(course, progress=True)  # the course read once, for every report below
    typer.echo(scores_table(course, data).to_string())
    typer.echo(f"coach's report: {cohort_report(course, out, data)}")
    outputs = cohort_analytics(course, out / "cohort", progress=True, data=data)
    for problem in outputs.problems:
        typer.echo(f"skipped: {problem}", err=True)
    typer.echo(f"cohort analytics: {outputs.html}")


@report_app.command("debrief")
def report_debrief(
    ctx: typer.Context,
    assignment: str = typer.Argument(..., help="Assignment id."),
    course: Optional[Path] = COURSE_OPTION,
    out: Optional[Path] = REPORTS_OPTION,
) -> None:
    """Write the class debrief of an assignment (what the room chose, where its plans lead) as one HTML file."""
    from service.cases import Refused
    from service.pages import write_report
    from service.store import STORE_FILE, configured_url

    course = _course(course, ctx)
    if configured_url(course) is None and not (course / STORE_FILE).exists():
        typer.echo(f"{course} keeps no record of the trainees' plays (no {STORE_FILE}): the debrief reads the "
                   "record the case service keeps while the class plays", err=True)
        raise typer.Exit(1)
    try:
        path = write_report(course, assignment, _reports(course, out, ctx))
    except Refused as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo(f"debrief: {path}")


@report_app.command("trainee")
def report_trainee(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="The trainee's id in the gradebook."),
    assignment: Optional[str] = typer.Option(None, help="Only this assignment."),
    course: Optional[Path] = COURSE_OPTION,
    out: Optional[Path] = REPORTS_OPTION,
    runs: int = typer.Option(40, help="Simulated futures per plan."),
) -> None:
    """Write one trainee's coaching report (HTML with inline plots, built from that trainee's data alone)."""
    from grading.coach.coaching import trainee_report

    course = _course(course, ctx)
    out = _reports(course, out, ctx)
    try:
        path = trainee_report(course, name, out / "trainees", assignment=assignment, runs=runs)
    except KeyError as exc:
        typer.echo(str(exc.args[0]), err=True)
        raise typer.Exit(1)
    typer.echo(f"coaching report: {path}")


@report_app.command("cohort")
def report_cohort(
    ctx: typer.Context,
    course: Optional[Path] = COURSE_OPTION,
    out: Optional[Path] = REPORTS_OPTION,
    home_page: Optional[str] = typer.Option(
        None, help="Also write xAPI statements, naming trainees as accounts on this LMS (e.g. https://canvas.myagency.org)."),
) -> None:
    """Write the cohort analytics: heat map, distributions, growth, item analysis, calibration, bias probes, CSV/Excel (and xAPI)."""
    from grading.coach.analytics import cohort_analytics

    if home_page is not None:
        _home_page(home_page)
    course = _course(course, ctx)
    out = _reports(course, out, ctx)
    outputs = cohort_analytics(course, out / "cohort", progress=True, home_page=home_page)
    for problem in outputs.problems:
        typer.echo(f"skipped: {problem}", err=True)
    for label, path in [("cohort analytics", outputs.html), ("Canvas gradebook import", outputs.lms_csv),
                        ("Moodle grade import", outputs.moodle_csv), ("graded cells", outputs.cells_csv),
                        ("workbook", outputs.excel), ("xAPI statements", outputs.xapi)]:
        if path is not None:
            typer.echo(f"{label}: {path}")


def _home_page(home_page: Optional[str]) -> str:
    """The LMS address of the xAPI statements, checked (a one-line error and exit code 1 if it cannot be used)."""
    from grading.exports.xapi import XapiError, check_home_page

    try:
        return check_home_page(home_page)
    except XapiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)


@report_app.command("xapi")
def report_xapi(
    ctx: typer.Context,
    home_page: Optional[str] = typer.Option(
        None, help="Required: the LMS address on which trainees have their accounts (e.g. https://canvas.myagency.org)."),
    course: Optional[Path] = COURSE_OPTION,
    out: Optional[Path] = typer.Option(None, help="The file to write (default: reports/cohort/xapi-statements.jsonl)."),
    gzip: bool = typer.Option(False, "--gzip", help="Also write the file gzipped (<file>.gz)."),
    previous: Optional[Path] = typer.Option(
        None, help="The export sent last time, whose superseded statements are voided (default: the file being replaced)."),
) -> None:
    """Write the xAPI statements for a learning record store: one per decision, one per graded practice area.

    Send the file; next week run this again and send the new file: it voids what changed since.
    """
    from grading.coach.evidence import collect
    from grading.exports.xapi import FILE_NAME, XapiError, write_statements

    home_page = _home_page(home_page)
    course = _course(course, ctx)
    if out is None:
        outer = (ctx.obj or {}).get("out") if isinstance(ctx.obj, dict) else None
        out = (outer or (course.resolve().parent / "reports")) / "cohort" / FILE_NAME
    if previous is not None and not previous.is_file():
        typer.echo(f"error: the previous export {previous} is not a file", err=True)
        raise typer.Exit(1)
    data = collect(course, progress=True, times=True)
    for p in data.problems.to_dict("records"):
        typer.echo(f"skipped: {p['trainee'] or '(course)'} / {p['assignment']}: {p['problem']}", err=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        done = write_statements(data, out, home_page=home_page, previous=previous, gzip=gzip)
    except XapiError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1)
    typer.echo(f"xAPI statements: {done.path} ({done.answered} answered, {done.scored} scored, "
               f"{done.voided} voiding, {done.newly_voided} of them new)")
    if done.gzip is not None:
        typer.echo(f"gzipped: {done.gzip}")


comments_app = typer.Typer(help="The comment bank: reusable coaching comments tied to practice behaviours.")
app.add_typer(comments_app, name="comments")


@comments_app.command("list")
def comments_list(
    behaviour: Optional[str] = typer.Option(None, help="Only comments on this behaviour id."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """List the bank in use (the course's own copy if it has one)."""
    from grading.coach.comments import bank_path, comments_for, load_bank

    course = _course(course)
    path = bank_path(course)
    bank = load_bank(path)
    shown = bank if behaviour is None else comments_for(bank, behaviour)
    typer.echo(f"# {path} ({len(shown)} of {len(bank)} comments)")
    for c in shown:
        typer.echo(f"{c.id}  [{c.behaviour}, {c.when}]  {c.text}")


@comments_app.command("add")
def comments_add(
    behaviour: str = typer.Argument(..., help="A behaviour id from scenarios/catalog.yaml."),
    when: str = typer.Argument(..., help="demonstrated, missed or contradicted."),
    text: str = typer.Argument(..., help="The comment."),
    comment_id: Optional[str] = typer.Option(None, "--id", help="An id (default: made from the behaviour)."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """Add a comment to the course's bank."""
    from grading.coach.comments import CommentBankError, add_comment

    course = _course(course)
    try:
        c = add_comment(course, behaviour, when, text, comment_id)
    except CommentBankError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo(f"added {c.id}")


@comments_app.command("edit")
def comments_edit(
    comment_id: str = typer.Argument(..., help="The comment's id."),
    text: Optional[str] = typer.Option(None, help="New text."),
    when: Optional[str] = typer.Option(None, help="demonstrated, missed or contradicted."),
    course: Optional[Path] = COURSE_OPTION,
) -> None:
    """Edit a comment in the course's bank."""
    from grading.coach.comments import CommentBankError, edit_comment

    course = _course(course)
    try:
        c = edit_comment(course, comment_id, text=text, when=when)
    except (CommentBankError, ValueError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo(f"edited {c.id}")


@comments_app.command("remove")
def comments_remove(comment_id: str = typer.Argument(..., help="The comment's id."), course: Optional[Path] = COURSE_OPTION) -> None:
    """Remove a comment from the course's bank."""
    from grading.coach.comments import CommentBankError, remove_comment

    course = _course(course)
    try:
        remove_comment(course, comment_id)
    except CommentBankError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1)
    typer.echo(f"removed {comment_id}")


@app.command()
def classroom(
    folder: Path = typer.Option(Path("classroom"), help="Where the course and the trainee folder go."),
    port: int = typer.Option(8888, help="JupyterLab port."),
    browser: bool = typer.Option(True, help="Open a browser."),
    start: bool = typer.Option(True, help="Start JupyterLab (otherwise only prepare the folders)."),
) -> None:
    """Build the course, release it to a trainee folder, and open JupyterLab on it."""
    from grading.classroom import prepare_classroom, start_jupyterlab
    from grading.course import load_course

    course_dir, placed = prepare_classroom(folder)
    typer.echo(f"course: {course_dir}")
    for p in placed:
        typer.echo(f"trainee copy: {p}")
    first = load_course().assignments[0]
    if start:
        raise typer.Exit(start_jupyterlab(folder.resolve() / "trainee", f"{first.id}/{first.notebook_name}", port,
                                          browser, course_dir))


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def serve(ctx: typer.Context) -> None:
    """Run the course's case service (a hub starts it as a service; make classroom starts it beside JupyterLab).

    Options: --course DIR (required), --db-url URL, --ip, --port, --local-token-file FILE, --local-user NAME.
    """
    from service.app import main

    main(list(ctx.args))


@app.command()
def demo(folder: Path = typer.Option(Path("demo"), help="Where to put the demo course.")) -> None:
    """Grade a scripted cohort end to end and show where the feedback and report are."""
    from grading.demo import run_demo

    result = run_demo(folder, say=typer.echo)
    for trainee, problem in result.problems.items():
        typer.echo(f"autograde problem for {trainee}: {problem}", err=True)
    if result.feedback:
        typer.echo(f"\nFeedback: {len(result.feedback)} pages under {result.course_dir / 'feedback'}, for example {result.feedback[0]}")
    typer.echo(f"\nCoach's report: {result.report}")
    from grading.course import load_course

    course = result.course_dir
    trainee = sorted(p.name for p in (course / "submitted").iterdir())[0]
    typer.echo("\nNext, as a coach would (each command names the demo's course):")
    first = load_course().assignments[0].id
    for command in (f"grade --course {course} {first}", f"feedback --course {course} {first} --final-only",
                    f"report --course {course} trainee {trainee}", f"report --course {course} cohort",
                    f"report --course {course} xapi --home-page https://canvas.myagency.org", f"report --course {course}"):
        typer.echo(f"  .venv/bin/casework {command}")


if __name__ == "__main__":
    app()
