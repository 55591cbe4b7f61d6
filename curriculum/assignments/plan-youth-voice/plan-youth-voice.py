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
# # Plan with a young person: the Brooks family
#
# In this assignment you are the caseworker assigned to a report about Imani
# Brooks, fifteen, and her father Derek. After a row about coming home late,
# Derek grabbed Imani's arm and locked her out, and she says she will not go
# home. You will hear Imani and her father, decide where she is safe tonight,
# help her lead her own family meeting, and build a plan with them whose goals,
# priorities, safety steps and reviews start from Imani's own words. After each
# decision the case moves forward in simulated weeks, and you see what follows.
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
# - Your decisions are scored against the practice model in seven areas
#   (engage, assess, team, plan, intervene, monitor, transition), with partial
#   credit; planning carries the most points. Two written answers are read and
#   graded by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("plan-youth-voice")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# A young person decides in the first minutes whether you are worth talking
# to. Be honest about what you can and cannot promise, let her tell it her way,
# and ask what she wants.

# %% nbgrader={"grade": false, "grade_id": "decide-meeting-imani", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("meeting-imani")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# First, safety: is Imani in danger tonight, and can it be managed within her
# family? Then the story behind it: each person's account, in their own words,
# and what lies beneath the rows.

# %% nbgrader={"grade": false, "grade_id": "decide-tonight", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("tonight")

# %% nbgrader={"grade": false, "grade_id": "decide-dereks-side", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("dereks-side")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team
#
# A youth-led meeting is prepared with the young person: she chooses who comes,
# where, and what she says first, and she is supported to say it. When she and
# her parent disagree, each view is said and heard before anyone looks for
# common ground.

# %% nbgrader={"grade": false, "grade_id": "decide-imanis-meeting", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("imanis-meeting")

# %% nbgrader={"grade": false, "grade_id": "decide-rules-at-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("rules-at-home")

# %% [markdown] nbgrader={"grade": false, "grade_id": "plan-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan
#
# The practice models ask workers to explore with young people their worries,
# their wishes and where they feel safe, and to plan with them rather than for
# them (California, "PRACTICE ELEMENTS – HOW WE DO IT: Inquiry/Exploration";
# Maryland, "We PLAN"). A plan a fifteen-year-old helped write is a plan she can
# carry. In this part:
#
# - **Goals** start from the family's own words and say what people will be
#   seen doing differently, not which services they attend.
# - **Priorities**: a few things, in a realistic order, at a pace that fits
#   school, sport and shifts.
# - **Safety steps** name who does what when a row starts, and who the young
#   person can turn to.
# - **Checking and reviewing**: everyone can say the plan back in their own
#   words, and review dates are set from the start.

# %% nbgrader={"grade": false, "grade_id": "decide-plan-goals", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("plan-goals")

# %% nbgrader={"grade": false, "grade_id": "decide-what-first", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("what-first")

# %% nbgrader={"grade": false, "grade_id": "decide-going-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("going-home")

# %% nbgrader={"grade": false, "grade_id": "decide-check-and-review", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("check-and-review")

# %% nbgrader={"grade": false, "grade_id": "prompt-plan-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("plan-goal")

# %% [markdown] nbgrader={"grade": true, "grade_id": "plan-goal", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene
#
# Help fits when it meets the need behind the worry (here, grief and a father
# and daughter who cannot talk), when the young person has a say in who helps,
# and when it fits around her life.

# %% nbgrader={"grade": false, "grade_id": "decide-help", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("help")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# A review asks the family, and the young person first, whether the help is
# helping; it changes what is not working and names the progress made. The
# scaling question is for you: where would Imani put things today? It is saved
# beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "decide-first-review", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-review")

# %% nbgrader={"grade": false, "grade_id": "decide-review-in-care", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("review-in-care")

# %% nbgrader={"grade": false, "grade_id": "scaling", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.scaling(
    "On a scale of 0 to 10, where 10 means Imani feels safe and settled at home and 0 means she feels as "
    "unsafe as the night she was locked out, where would Imani put things today?",
    low="as unsafe as the night she was locked out",
    high="safe and settled at home",
    tool_id="scaling-home",
)

# %% [markdown] nbgrader={"grade": false, "grade_id": "transition-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition
#
# With an older youth, stepping back includes looking ahead: the next years of
# school, work and independence, and the adults who will stay in her life after
# the agency has gone.

# %% nbgrader={"grade": false, "grade_id": "decide-looking-ahead", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("looking-ahead")

# %% nbgrader={"grade": false, "grade_id": "decide-looking-ahead-in-care", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("looking-ahead-in-care")

# %% nbgrader={"grade": false, "grade_id": "prompt-youth-voice-reflection", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("youth-voice-reflection")

# %% [markdown] nbgrader={"grade": true, "grade_id": "youth-voice-reflection", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "play-out-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How the case unfolds
#
# The simulation now follows the family for a year. Move the slider to walk
# through the case week by week. Nothing here is certain: the same decisions
# can lead to different futures, as the second cell shows by playing your plan
# many times with different luck.

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

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-monitor", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("monitor")

# %% nbgrader={"grade": true, "grade_id": "score-transition", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("transition")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
