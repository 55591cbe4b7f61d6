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
# # Assess safety when one adult hurts another: the Ellis family
#
# In this assignment you are the caseworker assigned to a police report about
# the Ellis family. Curtis has pushed his partner Nadia into a wall and smashed
# her phone; her children, Elijah and Grace, hid in a closet. You will make a
# safe first contact, hear Elijah, learn what Nadia already does to protect the
# children, understand Curtis's pattern of violence and control, make a safety
# decision, share your findings, hold Curtis to account, and build a safety plan
# with Nadia and the people around her. After each decision the case moves
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
# - Your decisions are scored against the practice model in five areas
#   (engage, assess, intervene, plan, monitor), with partial credit; assessing
#   carries the most points. Two written answers are read and graded by your
#   coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("assess-domestic-violence")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# When one adult is hurting another, the first contact must not add danger.
# Meet the person being hurt on their own, somewhere they say is safe, and be
# clear from the start that the worry is about the behaviour of the person
# using violence and what it means for the children.

# %% nbgrader={"grade": false, "grade_id": "decide-first-contact", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-contact")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# Assessment asks two different questions. **Safety**: is a child in danger
# now, and if so, can the danger be managed at home? **Risk and need**: what is
# likely to happen over time, and what lies beneath it?
#
# With domestic violence, keep three things in view:
#
# - **Whose behaviour is the danger.** The danger comes from the adult using
#   violence and control; describe that behaviour and its effect on the
#   children, and record it as his.
# - **What the protective parent already does.** Leaving with the children,
#   sending them to a neighbour, calling the police, keeping money aside: these
#   are protective actions, and the assessment should give them the same weight
#   as the worries.
# - **What is private.** What a victim tells you is never repeated to the person
#   using violence.
#
# Structured tools (a danger screen, a risk assessment) support your judgement
# and your supervisor's; they do not replace either.
#
# Before the safety decision, you can sort what you know into three columns:
# what you are worried about, what is working well, and what needs to happen.
# The map is for you: it is saved beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "decide-hearing-elijah", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("hearing-elijah")

# %% nbgrader={"grade": false, "grade_id": "decide-nadias-protection", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("nadias-protection")

# %% nbgrader={"grade": false, "grade_id": "decide-curtis-pattern", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("curtis-pattern")

# %% nbgrader={"grade": false, "grade_id": "decide-placement-rating", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("placement-rating")

# %% nbgrader={"grade": false, "grade_id": "three-columns", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.three_columns()

# %% nbgrader={"grade": false, "grade_id": "decide-safety-decision", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-decision")

# %% nbgrader={"grade": false, "grade_id": "decide-sharing-findings", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("sharing-findings")

# %% nbgrader={"grade": false, "grade_id": "prompt-danger-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("danger-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "danger-statement", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene: holding the person using violence to account
#
# Working with the person who uses violence is part of keeping the children
# safe: name what he did and its effect on the children, make clear that it is
# his to stop, and offer a real route to change. Couples counselling is not that
# route while one partner is afraid of the other.

# %% nbgrader={"grade": false, "grade_id": "decide-curtis-accountable", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("curtis-accountable")

# %% [markdown] nbgrader={"grade": false, "grade_id": "plan-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan
#
# A safety plan with a protective parent starts from what she already does and
# knows about the danger. It names who does what if the person using violence
# comes back, and it is carried by people she chooses. It never makes her
# answerable for his behaviour.

# %% nbgrader={"grade": false, "grade_id": "decide-safety-plan", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-plan")

# %% nbgrader={"grade": false, "grade_id": "prompt-safety-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("safety-goal")

# %% [markdown] nbgrader={"grade": true, "grade_id": "safety-goal", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "help-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene: help that fits
#
# Help works when it matches the need behind the worry: safety and practical
# help for the parent who has been hurt, support for children who have seen and
# heard violence, and a programme for the person who used it.

# %% nbgrader={"grade": false, "grade_id": "decide-which-help", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("which-help")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# When circumstances change, safety is assessed again. Change is judged by
# behaviour (what the person using violence now does and no longer does), not by
# attendance, and the protective parent's view stays at the centre.

# %% nbgrader={"grade": false, "grade_id": "decide-curtis-wants-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("curtis-wants-home")

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

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 15, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

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
