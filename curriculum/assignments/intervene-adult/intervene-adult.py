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
# # Intervene with an adult who chooses: Walter Lindqvist
#
# In this assignment you are an adult protective services worker. A mail
# carrier is worried about Walter Lindqvist, an 81-year-old widower who lives
# alone with his dog in a cold farmhouse. You will meet a man who is clear
# about what he wants, weigh his right to choose against the dangers you see,
# bring together the people he trusts, and then put help in place that he can
# actually use: chosen with him, referred warmly, with the barriers removed and
# with advocacy when the system says no. After each decision the case moves
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
# - Your decisions are scored against the practice model in six areas
#   (engage, assess, team, intervene, monitor, transition), with partial
#   credit; intervening carries the most points. Two written answers are read
#   and graded by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# Walter is fictional. The simulator's words "child" and "placement" stand here
# for Walter and for a move into residential care. The practice behaviours come
# from the state practice models the course is built on (see the course map);
# Maryland's model covers adult services as well as child welfare.

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("intervene-adult")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# An adult who can weigh his own choices has the right to make them, including
# choices that carry risk. Adult services aim to keep people safe in the least
# restrictive setting, in their own community, with their dignity and privacy
# intact (in our words, from Maryland's account of its adult services). That
# starts at the door: say who you are and why you came, and make clear that the
# decisions about his life are his.

# %% nbgrader={"grade": false, "grade_id": "decide-at-the-storm-door", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("at-the-storm-door")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# Look at how Walter actually manages, not only at how the house looks. Ask
# what lies behind each worry (failing sight is not carelessness), hear the
# people who know him with his permission, and separate two questions: which
# dangers need action now, and which risks are his to take.

# %% nbgrader={"grade": false, "grade_id": "decide-how-he-manages", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("how-he-manages")

# %% nbgrader={"grade": false, "grade_id": "decide-whose-view", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("whose-view")

# %% [markdown] nbgrader={"grade": false, "grade_id": "rating-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# Before the decision, say how likely you think harm is. A rating is a
# forecast: choose the level that fits what you have seen and heard, not the
# one that feels safest to write down.

# %% nbgrader={"grade": false, "grade_id": "decide-risk-to-walter", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("risk-to-walter")

# %% nbgrader={"grade": false, "grade_id": "decide-his-choice", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("his-choice")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team
#
# The people who already care about Walter (a daughter two hours away, a
# neighbour, his church) are the ones who will still be there when the agency
# has gone. He chooses who is on his team. When they disagree with him, each
# view is heard, and the team looks for what they share.
#
# Before you decide, you can map the people and services around Walter. The
# map is for you: it is saved beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "ecomap", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.ecomap()

# %% nbgrader={"grade": false, "grade_id": "decide-around-the-kitchen-table", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("around-the-kitchen-table")

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene
#
# Intervening puts the plan into action. The practice models ask the worker to
# choose help that fits the person and works, to make referrals early and
# warmly (agreed with the person, the provider briefed, the first appointment
# followed up), to ask what gets in the way when appointments are missed and
# fix it rather than record "non-compliance", and to press for help that is
# needed but out of reach (California, "PRACTICE ELEMENTS – HOW WE DO IT:
# Advocacy"; Maryland, "We INTERVENE: Identify and Link"; Wisconsin, "Required
# Skills: Advocating").

# %% nbgrader={"grade": false, "grade_id": "decide-what-help-first", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("what-help-first")

# %% nbgrader={"grade": false, "grade_id": "decide-making-the-referrals", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("making-the-referrals")

# %% nbgrader={"grade": false, "grade_id": "decide-missed-appointments", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("missed-appointments")

# %% nbgrader={"grade": false, "grade_id": "decide-the-waiting-list", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("the-waiting-list")

# %% nbgrader={"grade": false, "grade_id": "prompt-walters-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("walters-goal")

# %% [markdown] nbgrader={"grade": true, "grade_id": "walters-goal", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# Is the help helping? Judge it by what has changed in Walter's days (his
# sugars, his meals, what happened when he fell), ask him what works for him,
# change what does not, and say plainly what he has achieved.

# %% nbgrader={"grade": false, "grade_id": "decide-is-the-help-helping", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("is-the-help-helping")

# %% [markdown] nbgrader={"grade": false, "grade_id": "transition-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition
#
# Adult services aim to leave a person safe in the community without
# permanent agency involvement. Before stepping back, agree with Walter and his
# people what they will do when something goes wrong, and make sure he is
# already connected to the community that will carry on.

# %% nbgrader={"grade": false, "grade_id": "decide-stepping-back", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("stepping-back")

# %% nbgrader={"grade": false, "grade_id": "prompt-weighing-choice-and-safety", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("weighing-choice-and-safety")

# %% [markdown] nbgrader={"grade": true, "grade_id": "weighing-choice-and-safety", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "play-out-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How the case unfolds
#
# The simulation now follows Walter for a year. Move the slider to walk
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

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 9, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 12, "schema_version": 3, "solution": false, "task": false}
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
