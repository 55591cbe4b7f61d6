"""Play a scenario in the terminal, for authors testing a case without building a course.

Each decision point is shown with numbered options; the choice comes from a
person at the keyboard or from a scripted trainee (a persona). After each
choice the author sees the consequence, the points it earned, and what the
simulated case did until the next decision; at the end, the outcomes and the
score per practice area. The grading key is shown: this is the author's view.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from grading.key import AnswerKey
from grading.scoring import DecisionScore, practice_scores, score_point
from scenarios.authoring.personas import persona_decisions
from scenarios.conditions import holds, text_for
from scenarios.models import DecisionPoint, Scenario
from simulator import simulate
from simulator.play import OFF_PATH, follow, refusal

Chooser = Callable[[DecisionPoint], list[str]]
# kinds of timeline entry left out of the short outcome after each decision (routine, or already shown)
QUIET = {"contact", "decision"}


@dataclass
class PlayResult:
    """What one play-through chose and scored."""

    choices: dict[str, list[str]] = field(default_factory=dict)
    scores: list[DecisionScore] = field(default_factory=list)
    by_practice: dict[str, tuple[float, float]] = field(default_factory=dict)
    outcomes: dict = field(default_factory=dict)


def parse_choice(text: str, dp: DecisionPoint) -> list[str]:
    """Option ids from what was typed: '2' at a single-choice point, '1,3' (or '1 3') at a multiple-choice one."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts:
        raise ValueError("Type the number of an option" + (", or several separated by commas." if dp.kind == "multiple" else "."))
    numbers = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= len(dp.options):
            raise ValueError(f"There is no option {part!r}: type a number from 1 to {len(dp.options)}.")
        if int(part) not in numbers:
            numbers.append(int(part))
    if dp.kind != "multiple" and len(numbers) > 1:
        raise ValueError("Choose one option here (this decision takes a single choice).")
    return [dp.options[n - 1].id for n in numbers]


def prompt_chooser(ask: Callable[[str], str], console: Console) -> Chooser:
    """Ask at the keyboard (``ask`` shows a prompt and returns the line typed) until the answer is valid."""

    def choose(dp: DecisionPoint) -> list[str]:
        question = "Your choice (numbers separated by commas)" if dp.kind == "multiple" else "Your choice"
        while True:
            try:
                return parse_choice(ask(question), dp)
            except ValueError as exc:
                console.print(escape(str(exc)), style="yellow")

    return choose


def persona_chooser(persona: str, scenario: Scenario, seed: int = 0, override: Optional[dict[str, list[str]]] = None) -> Chooser:
    """Choose as a scripted trainee (see ``scenarios.authoring.personas``), except where ``override`` says (to walk a path)."""
    decided = dict(persona_decisions(persona, scenario, seed), **(override or {}))
    return lambda dp: decided[dp.id]


def parse_overrides(scenario: Scenario, items: list[str]) -> dict[str, list[str]]:
    """``["safety-decision=place-theo", "whose-view=jess,mia"]`` -> choices, checked against the case."""
    out = {}
    for item in items:
        point, _, options = item.partition("=")
        try:
            dp = scenario.decision_point(point.strip())
        except KeyError:
            raise ValueError(f"--choose {item}: the case has no decision point {point.strip()!r}") from None
        chosen = [o.strip() for o in options.split(",") if o.strip()]
        unknown = [o for o in chosen if o not in {x.id for x in dp.options}]
        if not chosen or unknown:
            raise ValueError(f"--choose {item}: {point.strip()!r} has options {', '.join(o.id for o in dp.options)}")
        out[dp.id] = chosen
    return out


def _show_point(console: Console, scenario: Scenario, dp: DecisionPoint, state=None) -> None:
    console.rule(f"Week {dp.week:g} · {dp.practice.value} · {escape(dp.title)}")
    situation = text_for(dp.situation, dp.situations, state)
    if situation.strip():
        console.print(escape(" ".join(situation.split())))
    multiple = " [italic](choose all that apply)[/italic]" if dp.kind == "multiple" else ""
    console.print(f"[bold]{escape(' '.join(dp.prompt.split()))}[/bold]{multiple} [dim]({dp.points:g} points)[/dim]")
    options = Table.grid(padding=(0, 1))
    options.add_column(justify="right", no_wrap=True)
    options.add_column()
    for n, option in enumerate(dp.options, 1):
        closed = option.when is not None and state is not None and not holds(option.when, state)
        label = escape(" ".join(option.label.split()))
        options.add_row(f"  {n}.", f"[dim]{label} (not open on this path)[/dim]" if closed else label)
    console.print(options)


def _show_choice(console: Console, dp: DecisionPoint, chosen: list[str], score: Optional[DecisionScore], after=None) -> None:
    for n, option in enumerate(dp.options, 1):
        if option.id not in chosen:
            continue
        stance = f" [dim]({option.approach.value})[/dim]" if option.approach else ""
        console.print(f"[bold]Chosen {n}:[/bold] {escape(_short(option.label))}{stance}")
        consequence = text_for(option.consequence, option.consequences, after)
        if consequence.strip():
            console.print(f"  → {escape(' '.join(consequence.split()))}")
    if score is None:
        return
    console.print(f"[bold]Score:[/bold] {score.earned:g} of {score.possible:g} points" + (f" ({score.note})" if score.note else ""))
    if score.demonstrated:
        console.print(f"  demonstrates: {', '.join(score.demonstrated)}")
    if score.contradicted:
        console.print(f"  contradicts: {', '.join(score.contradicted)}")
    for why in score.rationale:
        console.print(f"  [dim]{escape(' '.join(why.split()))}[/dim]")


def _short(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _show_events(console: Console, events) -> None:
    visits = sum(1 for e in events if e.kind == "contact")
    for e in events:
        if e.kind in QUIET:
            continue
        detail = f": {e.detail}" if e.detail else ""
        console.print(f"  week {e.week:>5.1f}  {escape(e.title + detail)}")
    if visits:
        console.print(f"  [dim]{visits} home visit(s)[/dim]")


def _state_line(result, scenario: Optional[Scenario] = None) -> str:
    if not result.weekly:
        return ""
    s = result.weekly[-1]
    home = "child at home" if s.child_at_home else "child in care"
    if scenario is not None and scenario.service == "adult":
        home = "at home" if s.child_at_home else "away from home (hospital, respite or a move)"
    states = list(result.after.values()) or list(result.states.values())
    if scenario is not None and states and scenario.service == "child":
        # name who lives where, as the case stands after the last choice
        names = {m.id: m.name.split()[0] for m in scenario.family.members}
        away = [names.get(c, c) for c in sorted(states[-1].placed)]
        home = f"{', '.join(away)} in care" if away else ("the children at home" if s.child_at_home else home)
    return (f"engagement {s.engagement:.2f} · protective capacity {s.protective_capacity:.2f} · "
            f"safety plan {s.safety_plan:.2f} · network {s.network_support:.2f} · {home}")


def play(scenario: Scenario, choose: Chooser, console: Console, seed: Optional[int] = None) -> PlayResult:
    """Play every decision point in order, then the rest of the case; return the choices and scores."""
    seed = scenario.seed if seed is None else seed
    key = AnswerKey.from_scenario(scenario) if scenario.has_key() else None
    points = {p.id: p for p in key.points} if key else {}
    out = PlayResult()
    console.rule(f"[bold]{escape(scenario.title)}[/bold]")
    console.print(escape(" ".join(scenario.summary.split())))
    console.print(f"[dim]Report from {escape(scenario.report.source)}: {escape(', '.join(scenario.report.concerns))}. "
                  f"Seed {seed}.[/dim]")
    if key is None:
        console.print("[yellow]This copy has no grading key, so choices are not scored.[/yellow]")
    decision_points = scenario.decision_points
    for index, dp in enumerate(decision_points):
        # the one path logic (the case service's and grading's): what comes up, and which options are open
        now = follow(scenario, out.choices, seed)
        if now.moment(dp.id).status == OFF_PATH:
            console.rule(f"[dim]Week {dp.week:g} · {escape(dp.title)}: does not come up on this path[/dim]")
            continue
        state = now.result.states.get(dp.id)
        _show_point(console, scenario, dp, state)
        chosen = choose(dp)
        problem = refusal(scenario, dp, chosen, state)
        if problem:
            console.print(f"[red]{escape(problem)} It scores nothing, and the case goes on as if nothing was "
                          "chosen here.[/red]")
            chosen = []
        out.choices[dp.id] = chosen
        score = score_point(points[dp.id], chosen) if dp.id in points and chosen else None
        if score:
            out.scores.append(score)
        after = simulate(scenario, out.choices, seed, stop_at_undecided=True).after.get(dp.id)
        _show_choice(console, dp, chosen, score, after)
        if index + 1 < len(decision_points):
            end = decision_points[index + 1].week
            if end == dp.week:
                console.print("[dim]The conversation goes on.[/dim]")
                continue
            partial = simulate(scenario, out.choices, seed, stop_at_undecided=True)
            console.print(f"[bold]Until week {end:g}:[/bold]")
            _show_events(console, [e for e in partial.timeline if dp.week <= e.week < end])
            console.print(f"  [dim]{_state_line(partial, scenario)}[/dim]")
    result = simulate(scenario, out.choices, seed)
    last = decision_points[-1].week
    console.rule("What followed")
    later = [e for e in result.timeline if e.week >= last and e.kind != "stressor"]
    _show_events(console, later)
    stressors = sum(1 for e in result.timeline if e.week >= last and e.kind == "stressor")
    if stressors:
        console.print(f"  [dim]{stressors} stressor(s) hit the household[/dim]")
    console.print(f"  [dim]at the end: {_state_line(result, scenario)}[/dim]")
    out.outcomes = result.outcomes.as_dict()
    _show_outcomes(console, out.outcomes, adult=scenario.service == "adult")
    if key:
        from grading.scoring import score_record
        from scenarios.decisions import DecisionFile

        on_path = {d.id for d in decision_points} - set(result.skipped)
        areas = score_record(key, DecisionFile(scenario=scenario.id, choices=out.choices), on_path).areas
        out.by_practice = {a: (v.earned, v.possible) for a, v in areas.items()}
        _show_scores(console, out.by_practice)
    if scenario.written_answers:
        console.print("[bold]Written answers[/bold] (graded by a coach, not scored here): " + "; ".join(
            f"{escape(w.title)} ({w.points:g} points)" for w in scenario.written_answers))
    return out


def _show_outcomes(console: Console, o: dict, adult: bool = False) -> None:
    table = Table(title="Outcomes", title_justify="left", show_header=False)
    placed = f"yes ({o['placement_setting']}), {o['weeks_in_care']:g} weeks in care" if o["placed"] else "no"
    closed = f"yes, week {o['weeks_to_closure']:g}" if o["closed"] else "no"
    where = [
        ("a court asked to decide for them", "yes" if o.get("protective_petition") else "no"),
        ("where they live at the end", o.get("adult_setting") or "their own home"),
        ("their own choices respected", "yes" if o.get("adult_choices_respected") else "no"),
        ("the least restrictive safe setting", "yes" if o.get("least_restrictive") else "no"),
        ("services taken up", str(o.get("services_accepted", 0))),
    ] if adult else [("child placed", placed), ("reunified", "yes" if o["reunified"] else "no")]
    for label, value in [
        ("weeks simulated", f"{o['weeks_simulated']:g}"),
        ("safety incidents", f"{o['safety_incidents']} ({o['serious_incidents']} serious)"),
        *where,
        ("case closed", closed),
        ("engagement (mean / final)", f"{o['engagement_mean']:.2f} / {o['engagement_final']:.2f}"),
        ("service sessions attended", str(o["sessions_attended"])),
    ]:
        table.add_row(label, value)
    console.print(table)


def _show_scores(console: Console, by_practice: dict[str, tuple[float, float]]) -> None:
    table = Table(title="Score by practice area", title_justify="left")
    table.add_column("practice")
    for column in ("earned", "possible", "%"):
        table.add_column(column, justify="right")
    earned_all = possible_all = 0.0
    for practice, (earned, possible) in by_practice.items():
        table.add_row(practice, f"{earned:g}", f"{possible:g}", f"{100 * earned / possible:.0f}")
        earned_all, possible_all = round(earned_all + earned, 2), possible_all + possible
    table.add_row("[bold]total[/bold]", f"[bold]{earned_all:g}[/bold]", f"{possible_all:g}",
                  f"{100 * earned_all / possible_all:.0f}" if possible_all else "-")
    console.print(table)
