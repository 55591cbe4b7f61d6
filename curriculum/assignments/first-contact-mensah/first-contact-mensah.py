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
# # First contact: engage, assess, team, plan
#
# In this assignment you are the caseworker assigned to a new report. You will
# meet the Mensah family, decide how to begin, find out what is going on, make
# a safety decision, bring together the people around the family, and build a
# first plan with them. After each decision the case moves forward in
# simulated weeks, and you see what follows.
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
#   (engage, assess, team, plan), with partial credit. Two written answers are
#   read and graded by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("first-contact-mensah")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# The first minutes of a first visit shape everything after. Families who
# understand why you are there, who feel heard, and who are told the truth
# about your role are more likely to work with you, and a plan they helped make
# is a plan they can carry.

# %% nbgrader={"grade": false, "grade_id": "decide-at-the-door", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("at-the-door")

# %% nbgrader={"grade": false, "grade_id": "decide-take-my-kids", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("take-my-kids")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# Assessment asks two different questions. **Safety**: is a child in danger
# now, and if so, can the danger be managed at home? **Risk and need**: what
# is likely to happen over time, and what lies beneath the worries? Good
# assessment hears many voices, the child's included, and looks for strengths
# as carefully as for problems.

# %% nbgrader={"grade": false, "grade_id": "decide-whose-view", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("whose-view")

# %% nbgrader={"grade": false, "grade_id": "decide-safety-decision", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-decision")

# %% nbgrader={"grade": false, "grade_id": "decide-what-lies-beneath", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("what-lies-beneath")

# %% nbgrader={"grade": false, "grade_id": "decide-harm-rating", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("harm-rating")

# %% nbgrader={"grade": false, "grade_id": "prompt-danger-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("danger-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "danger-statement", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team
#
# A safety plan is only as strong as the people who carry it. Teaming means
# finding, with the family, the relatives, friends and neighbours who already
# care about the children, telling them the worries openly (with the family's
# agreement), and bringing them together with the professionals as one team
# that knows who does what.

# %% nbgrader={"grade": false, "grade_id": "decide-who-is-around", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("who-is-around")

# %% nbgrader={"grade": false, "grade_id": "decide-who-comes", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("who-comes")

# %% [markdown] nbgrader={"grade": false, "grade_id": "plan-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan
#
# A safety plan says who will do what, when, so that the children are safe
# while the family works on what lies beneath. A case plan says what will be
# different, in words everyone can see and measure. Both are made with the
# family and the people around them.

# %% nbgrader={"grade": false, "grade_id": "decide-make-the-safety-plan", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("make-the-safety-plan")

# %% nbgrader={"grade": false, "grade_id": "decide-which-services", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("which-services")

# %% nbgrader={"grade": false, "grade_id": "decide-plan-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("plan-goal")

# %% nbgrader={"grade": false, "grade_id": "prompt-safety-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("safety-goal")

# %% [markdown] nbgrader={"grade": true, "grade_id": "safety-goal", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
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

# %% nbgrader={"grade": true, "grade_id": "score-engage", "locked": true, "points": 4, "schema_version": 3, "solution": false, "task": false}
case.check_decided("engage")

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 8, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
