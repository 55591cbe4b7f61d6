# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] nbgrader={"grade": false, "grade_id": "intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# # Monitor and adapt in kinship care: the Tate family
#
# In this assignment you take over the case of Ava (7) and Eli (3), who have
# lived with their grandmother Loretta for eight weeks, while their mother
# Brianna works to bring them home. You will follow the case over months:
# family time, the grandmother's own needs, a treatment plan that is not
# working, a slip at a visit, a disagreement in the family, a court review and
# the question every child in care asks. After each decision the case moves
# forward in simulated weeks, and you see what follows.
#
# **How it works**
#
# - Run each cell in order (Shift+Enter). Decisions are made with the buttons
#   and boxes that appear; every choice is **kept by the course at once** (a
#   copy goes to `decisions.json` beside this notebook). A moment appears when
#   the case reaches it, so you can run all cells at any time. If the kernel
#   restarts, run the cells again: your choices come back.
# - You may change your mind until you decide at the next decision point:
#   then the case has moved on and the earlier choice is final (as in a real
#   case). Every change is kept in the course's record. The options are
#   listed in an order of your own, so your neighbour's screen will differ.
# - Your decisions are scored against the practice model in four areas
#   (engage, intervene, monitor, team), with partial credit; monitoring and
#   adapting carries the most points. Two written answers are read and graded
#   by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("monitor-kinship")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage: a new worker
#
# A change of worker is itself a transition for the family. Families who have
# already told their hardest story once should not have to tell it again to
# every new face; they need to know who you are, what happens next, and how to
# raise a concern if they disagree with you.

# %% nbgrader={"grade": false, "grade_id": "decide-taking-over", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("taking-over")

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene: family time and the relative caregiver
#
# While children live away from home, frequent, ordinary time with their
# parents keeps the bond alive and is where parents show change (Maryland,
# "We INTERVENE: Inform & Preserve"). A relative who takes children in
# overnight often does so at real cost to money, housing, health and sleep;
# the arrangement lasts when the caregiver's own needs are asked about and met.

# %% nbgrader={"grade": false, "grade_id": "decide-family-time", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("family-time")

# %% nbgrader={"grade": false, "grade_id": "decide-what-loretta-needs", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("what-loretta-needs")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# Monitoring asks, again and again, whether the children are safe and whether
# the plan is producing real change, and changes the plan when it is not. The
# practice models ask the worker to look for changed behaviour rather than
# attendance, to reassess safety whenever circumstances change, to end or
# replace what is not helping without delay, to ask the family whether the
# help is helping, to name progress, and to tell the family plainly what would
# let the case close (Maryland, "We MONITOR & ADAPT: Assess & Re-Assess";
# Wisconsin, "Strategies for Core Practice Functions: Tracking and Adjustment").

# %% nbgrader={"grade": false, "grade_id": "decide-sessions-missed", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("sessions-missed")

# %% nbgrader={"grade": false, "grade_id": "decide-a-worrying-visit", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("a-worrying-visit")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team: when the family disagrees
#
# A father who wants more time and a grandmother who fears he will let the
# child down both care about Eli. Prepare each person, hear each view at the
# meeting, look for common ground, and give way on what does not touch safety.

# %% nbgrader={"grade": false, "grade_id": "decide-devon-and-loretta", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("devon-and-loretta")

# %% [markdown] nbgrader={"grade": false, "grade_id": "review-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt: the review and the way home
#
# Before you decide what goes into the court report, you can ask where each
# person would put things today. The scaling question below is for you: it is
# saved beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "scaling", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.scaling(
    "On a scale of 0 to 10, where 10 means everyone is confident Ava and Eli would be safe living with "
    "Brianna again, and 0 means they could not go home at all, where would you put things today?",
    low="the children could not go home",
    high="confident the children are safe at home with Brianna and her people",
    tool_id="scaling-home",
)

# %% nbgrader={"grade": false, "grade_id": "decide-court-review", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("court-review")

# %% nbgrader={"grade": false, "grade_id": "prompt-monitoring-note", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("monitoring-note")

# %% [markdown] nbgrader={"grade": true, "grade_id": "monitoring-note", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% nbgrader={"grade": false, "grade_id": "decide-when-are-we-going-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("when-are-we-going-home")

# %% nbgrader={"grade": false, "grade_id": "prompt-the-way-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("the-way-home")

# %% [markdown] nbgrader={"grade": true, "grade_id": "the-way-home", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% nbgrader={"grade": false, "grade_id": "decide-how-is-it-working", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("how-is-it-working")

# %% [markdown] nbgrader={"grade": false, "grade_id": "play-out-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How the case unfolds
#
# The simulation now follows the family for a year. Move the slider to walk
# through the case week by week: watch when the children go home, and what
# happens after. Nothing here is certain: the same decisions can lead to
# different futures, as the second cell shows by playing your plan many times
# with different luck.

# %% nbgrader={"grade": false, "grade_id": "play-out", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.play_out()

# %% nbgrader={"grade": false, "grade_id": "futures", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.futures()

# %% [markdown] nbgrader={"grade": false, "grade_id": "scores-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Your scores
#
# The cells below check that your decisions are recorded. Your coach's grading
# scores each practice area from the course's record of your decisions; the feedback you get back
# explains each score.

# %% nbgrader={"grade": true, "grade_id": "score-engage", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("engage")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-monitor", "locked": true, "points": 15, "schema_version": 3, "solution": false, "task": false}
case.check_decided("monitor")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
