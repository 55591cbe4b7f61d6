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
# # Engage across a language: the Medina family
#
# In this assignment you are the caseworker assigned to a report about the
# Medina family. Lucía and Andrés speak Spanish at home; their eleven-year-old
# daughter Sofía speaks English and Spanish. You will decide how to talk with the
# family, explain why you are there, find the people who matter to them, make
# sense of their evenings, decide whether the children are safe, and build a
# plan and help that work in the family's own language. After each decision the
# case moves forward in simulated weeks, and you see what follows.
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
# - Your decisions are scored against the practice model in six areas (engage,
#   assess, plan, team, intervene, monitor), with partial credit; engaging
#   carries the most points. Two written answers are read and graded by your
#   coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("engage-language")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# Families can only work with you if they understand you and you understand
# them. The practice models ask workers to find out which language each person
# prefers, to use a qualified interpreter when the worker does not speak it, and
# never to ask a child of the family to interpret (Maryland, "Our Practice
# Principles (Culturally & Linguistically-Responsive)"; Wisconsin, "Required
# Skills: Communicating"). A child who interprets hears adult worries about her
# own family, and her parents are heard only through her.
#
# When you speak through an interpreter, talk to the parents, not to the
# interpreter; use short sentences without jargon or idioms; and check what
# the family has understood by asking them to say it in their own words.
#
# After the family tells you who matters to them, you can map those people on
# an ecomap. The map is for you: it is saved beside your decisions and is not
# graded.

# %% nbgrader={"grade": false, "grade_id": "decide-who-interprets", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("who-interprets")

# %% nbgrader={"grade": false, "grade_id": "decide-why-you-are-here", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("why-you-are-here")

# %% nbgrader={"grade": false, "grade_id": "decide-lucias-fear", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("lucias-fear")

# %% nbgrader={"grade": false, "grade_id": "decide-people-who-matter", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("people-who-matter")

# %% nbgrader={"grade": false, "grade_id": "ecomap", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.ecomap()

# %% nbgrader={"grade": false, "grade_id": "prompt-opening-words", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("opening-words")

# %% [markdown] nbgrader={"grade": true, "grade_id": "opening-words", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# Understanding a family in its own context means asking how the family itself
# sees its choices (its work, its customs, what it expects of children at each
# age) before you interpret what you see. Context explains a situation; it does
# not decide whether a child is safe. Keep both questions in view: **safety**
# (is a child in danger now, and can it be managed at home?) and **need** (what
# lies behind the worry, and what would help?).

# %% nbgrader={"grade": false, "grade_id": "decide-making-sense", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("making-sense")

# %% nbgrader={"grade": false, "grade_id": "decide-hearing-sofia", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("hearing-sofia")

# %% nbgrader={"grade": false, "grade_id": "decide-placement-rating", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("placement-rating")

# %% nbgrader={"grade": false, "grade_id": "decide-safety-decision", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-decision")

# %% nbgrader={"grade": false, "grade_id": "prompt-danger-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("danger-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "danger-statement", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "plan-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan
#
# A safety plan names who does what, when, so that the children are safe while
# the family works on what lies beneath. It is made with the family and the
# people around them, written in a language they read, and checked by asking
# each person to say their part back.

# %% nbgrader={"grade": false, "grade_id": "decide-evening-plan", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("evening-plan")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team
#
# Schools, clinics and other partners are part of the family's team. Working with
# them can make their help reachable (notices in the family's language, an
# interpreter at appointments); what you share with them is what the family has
# agreed they need to know.

# %% nbgrader={"grade": false, "grade_id": "decide-school-and-clinic", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("school-and-clinic")

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene
#
# Help works when it fits the family's need, language and schedule, and when the
# family can actually reach it. A warm referral (made with the family, to a
# provider you have briefed) and practical help with what stands in the way
# count for more than a long list of services.

# %% nbgrader={"grade": false, "grade_id": "decide-which-help", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("which-help")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# Reviewing a plan means asking the family and the children whether the help is
# helping, looking for real change in the children's days, naming the progress
# the family has made, and solving what gets in the way.

# %% nbgrader={"grade": false, "grade_id": "decide-six-weeks-on", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("six-weeks-on")

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

# %% nbgrader={"grade": true, "grade_id": "score-engage", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
case.check_decided("engage")

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 10, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-monitor", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("monitor")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
