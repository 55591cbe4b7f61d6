"""Scripted trainees: fill a released assignment the way a kind of worker would.

- ``practice-model`` follows the practice model (the best-credited options);
- ``directive`` is compliance-driven and directive (options whose stance is directive);
- ``cautious`` takes the most cautious, safety-first option (removal when in doubt);
- ``avoidant`` takes the friendliest option that avoids the hard conversation;
- ``random`` chooses at random (seeded), as a baseline.

The two plausible-but-wrong personas (cautious, avoidant) follow the author's
``approach`` tags where an option carries their stance and the practice model
elsewhere: they are wrong exactly where a worker of that kind would be.

Personas read the author's scenario (with its key), so they live with the
author's tools: ``casework play``, ``simulate`` and ``test-submission``, the
validity check (:mod:`scenarios.authoring.validity`), the course build (the
practice model's reference futures), the demo, the tests and the benchmarks
use them. They need the case format and the one path logic
(:func:`simulator.play.follow`); only :func:`submit_decisions`, which hands in
on a built course, reads the course's frozen key, through
:mod:`grading.pipeline.context` imported inside it: grading (its build and
demo) imports this module, and this module never imports grading when it loads.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Callable, Union

import nbformat

from scenarios.decisions import DecisionBook
from scenarios.models import Approach, DecisionPoint, Scenario

Policy = Callable[[DecisionPoint, random.Random], list[str]]


def _credit(option) -> float:
    return option.key.credit if option.key else 0.0


def practice_model(dp: DecisionPoint, rng: random.Random) -> list[str]:
    """Choose as the practice model recommends."""
    if dp.kind != "multiple":
        return [max(dp.options, key=_credit).id]
    return [o.id for o in dp.options if _credit(o) > 0]


def directive(dp: DecisionPoint, rng: random.Random) -> list[str]:
    """Choose the directive, compliance-first options (the least credited where none is directive)."""
    chosen = [o.id for o in dp.options if o.approach == Approach.directive]
    if not chosen:
        chosen = [min(dp.options, key=_credit).id]
    return chosen[:1] if dp.kind != "multiple" else chosen


def _stance(dp: DecisionPoint, stances: tuple[Approach, ...]) -> list[str]:
    for stance in stances:
        chosen = [o.id for o in dp.options if o.approach == stance]
        if chosen:
            return chosen[:1] if dp.kind != "multiple" else chosen
    return practice_model(dp, random.Random(0))


def cautious(dp: DecisionPoint, rng: random.Random) -> list[str]:
    """Choose the most cautious, safety-first option (removal when in doubt); else the practice model's."""
    return _stance(dp, (Approach.cautious,))


def avoidant(dp: DecisionPoint, rng: random.Random) -> list[str]:
    """Choose the kind option that avoids the hard conversation; else the practice model's."""
    return _stance(dp, (Approach.passive,))


def at_random(dp: DecisionPoint, rng: random.Random) -> list[str]:
    """Choose at random: one option, or any non-empty subset."""
    if dp.kind != "multiple":
        return [rng.choice(dp.options).id]
    chosen = [o.id for o in dp.options if rng.random() < 0.5]
    return chosen or [rng.choice(dp.options).id]


PERSONAS: dict[str, Policy] = {
    "practice-model": practice_model, "directive": directive, "cautious": cautious, "avoidant": avoidant,
    "random": at_random,
}

def rated_one_level_higher(scenario: Scenario, decisions: dict[str, list[str]]) -> dict[str, list[str]]:
    """A scripted bias, for demonstrating a bias probe (never a model of a real trainee): the same decisions, except
    that at each rating point (``kind: rating``) the level one above the one chosen, by its forecast (the top level
    stays the top)."""
    out = {k: list(v) for k, v in decisions.items()}
    for dp in scenario.decision_points:
        if dp.kind != "rating" or len(out.get(dp.id, [])) != 1:
            continue
        levels = sorted(dp.options, key=lambda o: o.forecast)
        at = next((i for i, o in enumerate(levels) if o.id == out[dp.id][0]), None)
        if at is not None:
            out[dp.id] = [levels[min(at + 1, len(levels) - 1)].id]
    return out


WEAK_ANSWER = "The mother is not complying. If she does not follow the rules the children will be removed."


def persona_decisions(persona: str, scenario: Scenario, seed: int = 0) -> dict[str, list[str]]:
    """The decisions a persona makes in a scenario."""
    try:
        policy = PERSONAS[persona]
    except KeyError:
        raise ValueError(f"unknown persona {persona!r}; known: {', '.join(PERSONAS)}") from None
    rng = random.Random(f"{seed}:{persona}:{scenario.id}")
    if not any(o.when is not None for dp in scenario.decision_points for o in dp.options):
        return {dp.id: policy(dp, rng) for dp in scenario.decision_points}
    # options open only on some paths: choose, point by point, among those open where the case has gone
    # (the one path logic: simulator.play.follow)
    from simulator.play import follow

    out: dict[str, list[str]] = {}
    for dp in scenario.decision_points:
        moment = follow(scenario, out).moment(dp.id)
        open_ids = set(moment.options) if moment.options else {o.id for o in dp.options}
        offered = [o for o in dp.options if o.id in open_ids]
        out[dp.id] = policy(dp.model_copy(update={"options": offered}) if len(offered) < len(dp.options) else dp, rng)
    return out


def play_through(service, trainee: str, assignment: str, persona: str, scenario: Scenario, seed: int = 0,
                 finish: bool = False) -> dict:
    """Play an assignment through the course's case service as a persona would: at each moment the case
    reaches, choose among the options it offers there. ``service`` is a :class:`service.cases.CaseService`
    (or anything with its ``open``/``decide``/``finish``); returns the last answer."""
    wanted = persona_decisions(persona, scenario, seed)
    answer = service.open(trainee, assignment)
    for _ in range(len(scenario.decision_points) + 1):
        pending = answer["view"]["pending"]
        if pending is None:
            break
        moment = next(m for m in answer["view"]["moments"] if m["id"] == pending["id"])
        offered = [o["id"] for o in moment["options"]]
        chosen = [c for c in wanted.get(pending["id"], []) if c in offered] or offered[:1]
        if moment["kind"] != "multiple":
            chosen = chosen[:1]
        answer = service.decide(trainee, assignment, pending["id"], chosen)
        if answer.get("refused"):
            raise RuntimeError(f"{persona} at {pending['id']}: {answer['refused']}")
    if finish:
        answer = service.finish(trainee, assignment)
    return answer


def persona_answers(persona: str, scenario: Scenario) -> dict[str, str]:
    """The written answers a persona gives."""
    if persona == "practice-model":
        return {w.id: w.exemplar.strip() or "(no exemplar)" for w in scenario.written_answers}
    if persona == "directive":
        return {w.id: WEAK_ANSWER for w in scenario.written_answers}
    return {}


def fill_answers(notebook: Path, answers: dict[str, str]) -> None:
    """Write answers into the notebook's hand-graded cells, by grade id."""
    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    nbformat.write(nb, notebook)


def submit_as(
    course_dir: Union[str, Path], assignment: str, trainee: str, persona: str, scenario: Scenario, seed: int = 0
) -> Path:
    """Make a submission in ``submitted/<trainee>/<assignment>/`` as a persona would."""
    release = Path(course_dir) / "release" / assignment
    folder = Path(course_dir) / "submitted" / trainee / assignment
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(release, folder)
    DecisionBook(folder, scenario.id, {}).write_all(persona_decisions(persona, scenario, seed))
    for notebook in folder.glob("*.ipynb"):
        fill_answers(notebook, persona_answers(persona, scenario))
    return folder


def submit_decisions(course_dir: Union[str, Path], assignment: str, trainee: str, decisions: Union[str, Path],
                     answers: Union[str, None] = None) -> Path:
    """Hand in ``submitted/<trainee>/<assignment>/`` from a decisions file (``casework play --out``): the released
    notebook, the file as its ``decisions.json``, and a persona's written answers when ``answers`` names one
    (from the course's frozen key: the exemplars for practice-model). For an author trying a scratch course."""
    import json

    from grading.pipeline.context import frozen_key

    course_dir = Path(course_dir)
    release = course_dir / "release" / assignment
    if not release.is_dir():
        raise ValueError(f"no released assignment {assignment!r} in {course_dir} (casework build-course first)")
    text = Path(decisions).read_text(encoding="utf-8")
    try:
        json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{decisions} is not a decisions file (not JSON: {exc})") from None
    folder = course_dir / "submitted" / trainee / assignment
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(release, folder)
    (folder / "decisions.json").write_text(text, encoding="utf-8")
    if answers:
        key = frozen_key(course_dir, assignment)
        words = {w.id: (w.exemplar.strip() or "(no exemplar)") if answers == "practice-model" else WEAK_ANSWER
                 for w in key.written_answers} if answers in ("practice-model", "directive") else {}
        for notebook in folder.glob("*.ipynb"):
            fill_answers(notebook, words)
    return folder
