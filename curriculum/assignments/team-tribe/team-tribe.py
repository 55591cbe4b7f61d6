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
# # Team with a family and its tribe: the Whitford family
#
# In this assignment you are the caseworker assigned to a report about the
# Whitford family. Renee and her daughter Kaylee are members of the Tamarack Lake
# Tribe, and her son Jordan is eligible. You will meet a family in grief, bring
# the tribe and the family's own people onto the team, run a family team
# meeting, work through a disagreement, make active efforts to keep the family
# together, and prepare everyone for the agency stepping back. After each
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
#   (engage, team, assess, intervene, plan, monitor, transition), with partial
#   credit; teaming carries the most points. Two written answers are read and
#   graded by your coach.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional, and so is the Tamarack Lake Tribe: no real tribe's
# customs are described here. The practice behaviours come from the state
# practice models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("team-tribe")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "engage-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Engage
#
# Grief changes how people meet a stranger at the door. Say honestly why you
# have come, and let the pace of the first conversation follow the person in
# front of you.

# %% nbgrader={"grade": false, "grade_id": "decide-first-visit", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-visit")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team: the tribe as a partner
#
# The practice models ask workers to engage families together with their
# communities and tribes, and to rely on the strength of a family's cultural and
# tribal relationships (California, "PRACTICE ELEMENTS – HOW WE DO IT:
# Engagement" and "Teaming"; Wisconsin, "Values and Principles: Cultural
# Responsiveness").
#
# When a child may be a member of a federally recognised tribe, or eligible to
# join one with a parent who is a member, the federal Indian Child Welfare Act
# (ICWA) applies. In our own summary (your agency's policy, your state's law and
# any agreement with the tribe say exactly what applies to you):
#
# - **Ask every family, early**, whether a child may be a member of a tribe or
#   eligible to join. Membership is decided by the tribe, never by how a family
#   looks or what a worker assumes.
# - **Tell the tribe promptly.** The tribe may take part in the case and in any
#   court hearing, and its views on services and on placement carry real weight.
# - **Active efforts.** Before a child can be placed in foster care, the agency
#   must show active efforts to keep the family together: hands-on, timely help
#   that fits the family's culture (going with a parent to appointments, using
#   the tribe's own services, removing practical obstacles), not only referrals.
# - **Placement preferences.** If a child must live away from home, placement
#   follows an order of preference: the child's extended family first, then a
#   home the tribe approves, then another Native family's home, unless the tribe
#   has set its own order.

# %% nbgrader={"grade": false, "grade_id": "decide-ask-about-tribe", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("ask-about-tribe")

# %% nbgrader={"grade": false, "grade_id": "decide-who-is-on-the-team", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("who-is-on-the-team")

# %% [markdown] nbgrader={"grade": false, "grade_id": "assess-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Assess
#
# Assessment asks two different questions. **Safety**: is a child in danger
# now, and if so, can the danger be managed at home? **Risk and need**: what
# lies beneath the worries? Understanding a family's grief in its own terms,
# including its history and its community, is part of seeing it clearly.

# %% nbgrader={"grade": false, "grade_id": "decide-whats-happening", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("whats-happening")

# %% nbgrader={"grade": false, "grade_id": "decide-safety-decision", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-decision")

# %% [markdown] nbgrader={"grade": false, "grade_id": "team-meeting-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Team: the family team meeting
#
# A family team meeting is the family's meeting. Prepare the family, let them
# choose the time and place and how it begins, say the worries openly (with
# their agreement), hear every voice, and close with each person knowing what
# they will do and by when. When people disagree, make sure each view is said
# and understood before looking for common ground.
#
# Before the meeting, you can sketch the family's safety network and team: who
# is in it, and what each person might do. The sketch is for you: it is saved
# beside your decisions and is not graded.

# %% nbgrader={"grade": false, "grade_id": "safety-network", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.safety_network()

# %% nbgrader={"grade": false, "grade_id": "decide-team-meeting", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("team-meeting")

# %% nbgrader={"grade": false, "grade_id": "decide-where-in-care", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("where-in-care")

# %% nbgrader={"grade": false, "grade_id": "decide-where-on-weekdays", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("where-on-weekdays")

# %% [markdown] nbgrader={"grade": false, "grade_id": "intervene-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Intervene: active efforts
#
# Help counts when the family can reach it and it fits who they are. Under ICWA,
# the agency's efforts must be active: the worker and the tribe do things
# alongside the family, not only hand over a list.

# %% nbgrader={"grade": false, "grade_id": "decide-active-efforts", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("active-efforts")

# %% [markdown] nbgrader={"grade": false, "grade_id": "plan-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan
#
# A case plan goal says what will be different, in words everyone can see and
# measure: who will be doing what, for how long, and how the children will know.

# %% nbgrader={"grade": false, "grade_id": "decide-plan-goal", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("plan-goal")

# %% [markdown] nbgrader={"grade": false, "grade_id": "monitor-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Monitor and adapt
#
# When circumstances change, safety is assessed again, with the family and the
# tribe, and the plan changes with it.

# %% nbgrader={"grade": false, "grade_id": "decide-hospital-stay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("hospital-stay")

# %% nbgrader={"grade": false, "grade_id": "prompt-active-efforts-note", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("active-efforts-note")

# %% [markdown] nbgrader={"grade": true, "grade_id": "active-efforts-note", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "transition-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Plan the transition
#
# The agency leaves; the family, its network and its tribe stay. Before the
# case closes, or before children in care come home, make sure the supports the
# family will keep using are already in place, and agree with them what to do if
# things slip.

# %% nbgrader={"grade": false, "grade_id": "decide-stepping-back", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("stepping-back")

# %% nbgrader={"grade": false, "grade_id": "decide-coming-home", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("coming-home")

# %% nbgrader={"grade": false, "grade_id": "prompt-family-voice", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("family-voice")

# %% [markdown] nbgrader={"grade": true, "grade_id": "family-voice", "locked": false, "points": 2, "schema_version": 3, "solution": true, "task": false}
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

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 9, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 3, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 2, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

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
