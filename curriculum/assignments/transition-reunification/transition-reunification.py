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
# # Coming home and closing well: the Mercer family
#
# In this assignment you are the caseworker as Simone (15) and Isaiah (8) go
# home to their father Daniel after nine months in foster care. Daniel has
# bipolar disorder and has been well for eight months. You will plan the move
# with the children, hear a teenager who fears having to parent again, help
# Daniel build a safety network that knows what to look for, agree what
# everyone does if the warning signs come back, link the family to help that
# lasts, and hand safety over to the family's own people before you say
# goodbye. After each decision the case moves forward in simulated weeks, and
# you see what follows.
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
# - Your decisions are scored against the practice model in five areas
#   (transition, assess, team, intervene, monitor), with partial credit;
#   planning the transition carries the most points. Two written answers are
#   read and graded by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("transition-reunification")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "transition-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition: moving home
#
# Even a longed-for move home is a loss: of carers, routines and a bedroom the
# children have grown used to. The practice models ask the worker to prepare
# children for every change of home or worker, to talk about the feelings it
# brings, to keep treasured people in their lives, and to plan for the end of
# agency involvement from the start (California, "VI. Transition Behaviors";
# Maryland, "We PLAN FOR TRANSITION: Promote Physical and Psychological Safety
# and Stability").

# %% nbgrader={"grade": false, "grade_id": "decide-moving-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("moving-home")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess: a teenager's worry
#
# Children who have looked after a parent or a younger sibling often carry the
# fear that they will have to do it again. Hearing that fear fully, in private
# and at the child's pace, tells you what the plan must never ask of them.

# %% nbgrader={"grade": false, "grade_id": "decide-simones-worry", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("simones-worry")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team: a safety network
#
# A plan that rests on agency visits ends the day the case closes. A plan that
# rests on relatives, friends and neighbours who know the worry and have agreed
# their part goes on (NCCD, "What will I learn about the process?"). Daniel
# decides what is shared about his illness, and with whom.
#
# You can sketch the network before you decide. The sketch is for you: it is
# saved beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "safety-network", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.safety_network()

# %% nbgrader={"grade": false, "grade_id": "decide-who-knows", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("who-knows")

# %% [markdown] nbgrader={"grade": false, "grade_id": "contingency-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition: if things slip
#
# Before the agency steps back, the family and its network name the situations
# most likely to be hard, agree who they call and what they do in each, and set
# a date to follow up (Maryland, "We PLAN FOR TRANSITION: Ensure sustained
# success").

# %% nbgrader={"grade": false, "grade_id": "decide-warning-signs", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("warning-signs")

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene: help that lasts
#
# Help chosen for a family about to close is help the family will keep using
# on its own: care that already works, community places near home, and for an
# older youth, help with her own path into adult life.

# %% nbgrader={"grade": false, "grade_id": "decide-help-that-lasts", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("help-that-lasts")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt: a hard week
#
# When circumstances change, safety is assessed again with the family, and the
# plan learns from what happened. A plan that worked deserves to be named as
# working.

# %% nbgrader={"grade": false, "grade_id": "decide-a-hard-week", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("a-hard-week")

# %% [markdown] nbgrader={"grade": false, "grade_id": "closure-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition: closing well
#
# The case is ready to close when the family and its network, not the agency,
# can show they are carrying the plan, and the family can say in its own words
# how the children will stay safe. An honest ending, with a follow-up date,
# helps children who have already said many goodbyes.
#
# Which of the next two moments comes up depends on where Simone and Isaiah
# live by then: at home, the case may be ready to close; still (or again) in
# care, the plan is the way home. The other one says it does not come up.

# %% nbgrader={"grade": false, "grade_id": "decide-ready-to-close", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("ready-to-close")

# %% nbgrader={"grade": false, "grade_id": "decide-not-home-yet", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("not-home-yet")

# %% nbgrader={"grade": false, "grade_id": "decide-last-visit", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("last-visit")

# %% nbgrader={"grade": false, "grade_id": "prompt-closure-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("closure-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "closure-statement", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% nbgrader={"grade": false, "grade_id": "prompt-childrens-voices", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("childrens-voices")

# %% [markdown] nbgrader={"grade": true, "grade_id": "childrens-voices", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "play-out-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How the case unfolds
#
# The simulation now follows the family for a year. Move the slider to walk
# through the case week by week: watch the return home, the closure, and the
# months after the agency has gone. Nothing here is certain: the same
# decisions can lead to different futures, as the second cell shows by playing
# your plan many times with different luck.

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

# %% nbgrader={"grade": true, "grade_id": "score-transition", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("transition")

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-monitor", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("monitor")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
