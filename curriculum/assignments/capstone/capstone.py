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
# # Capstone: the whole life of a case
#
# In this assignment you carry one family's case from the night it is reported
# to the day the agency steps back, about twenty months of simulated time. You
# will use every core practice of the course: you engage the family, build a
# team around them, assess, plan, arrange help, keep checking what is working
# and change what is not, and plan the transition so that the children stay
# safe after you have gone. Life happens in between: the family loses its home,
# the school and the family disagree, and things slip once.
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
# - Between decisions the case moves forward in simulated weeks, sometimes
#   months; read what happened before you decide again.
# - Your decisions are scored against the practice model in seven areas
#   (engage, team, assess, plan, intervene, monitor and adapt, transition),
#   with partial credit. Two written answers, a danger statement near the
#   start and a closing summary at the end, are graded by your coach.
# - The practice tools (the ecomap, the case plan builder, the scaling
#   question) are for your own thinking: they are saved beside your decisions
#   and are not graded.
# - When you are done, use **Validate** in the toolbar to check that nothing is
#   missing, then submit as your trainer explains.
#
# The family is fictional. The practice behaviours come from the state practice
# models the course is built on (see the course map).

# %% nbgrader={"grade": false, "grade_id": "setup", "locked": true, "schema_version": 3, "solution": false, "task": false}
from curriculum.toolkit import CaseSession

case = CaseSession.open("capstone")
case.show_family()

# %% [markdown] nbgrader={"grade": false, "grade_id": "part-1-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 1. The report and the first visit (week 0 to week 1)
#
# **Engage.** A father who has not slept, a frightened twelve-year-old and a
# boy who finds strangers hard: the first minutes decide whether this family
# tells you how the nights really go. Say who you are and why you have come,
# make room for what they are carrying, and look for what they already do well.
#
# **Assess.** Hear everyone, each child in the way that suits them, and keep
# two questions apart: is a child in danger now, and can that danger be managed
# at home; and what is likely to happen over time, and why.

# %% nbgrader={"grade": false, "grade_id": "decide-first-visit", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-visit")

# %% nbgrader={"grade": false, "grade_id": "decide-since-layla", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("since-layla")

# %% nbgrader={"grade": false, "grade_id": "decide-whose-view", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("whose-view")

# %% nbgrader={"grade": false, "grade_id": "decide-safety-decision", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-decision")

# %% nbgrader={"grade": false, "grade_id": "prompt-danger-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("danger-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "danger-statement", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "part-2-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 2. The team and the plans (weeks 1 to 5)
#
# **Team.** Professionals go home at night; the people who already love a
# family are the ones who can be there. Find them with the family, tell them
# the worries openly with the family's agreement, and bring them together with
# the school and the services as one team. The ecomap below is a place to
# sketch the family's connections before you decide.
#
# **Plan.** A safety plan says who does what, on which night, and what happens
# if someone cannot come. A case plan picks a few priorities, in order, with
# goals everyone can see and dates to review them. And from the first weeks,
# the family should know what would let the agency step back.

# %% nbgrader={"grade": false, "grade_id": "ecomap", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.ecomap()

# %% nbgrader={"grade": false, "grade_id": "decide-safety-network", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-network")

# %% nbgrader={"grade": false, "grade_id": "decide-safety-plan", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("safety-plan")

# %% nbgrader={"grade": false, "grade_id": "decide-findings", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("findings")

# %% nbgrader={"grade": false, "grade_id": "case-plan-tool", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.case_plan()

# %% nbgrader={"grade": false, "grade_id": "decide-first-case-plan", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-case-plan")

# %% nbgrader={"grade": false, "grade_id": "decide-how-long", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("how-long")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part-3-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 3. Help that fits (weeks 6 to 12)
#
# **Intervene.** Choose help because it meets a need the assessment found, say
# why you chose it, make the referral early and well prepared, and press for
# what is not there. When a parent misses appointments, ask what is in the way
# before you write anything down, and keep your own promises first.

# %% nbgrader={"grade": false, "grade_id": "decide-the-help", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("the-help")

# %% nbgrader={"grade": false, "grade_id": "decide-missed-sessions", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("missed-sessions")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part-4-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 4. Watching what changes (months 4 to 11)
#
# **Monitor and adapt.** At each review, look for what people are doing
# differently, not for how many sessions they attended; ask the family whether
# the help is helping; and say out loud what they have achieved. When life
# changes (a move, new shifts, a slip), reassess safety and change the plan
# with the team before it fails.
#
# The same months test the team and the family's voice: a disagreement with
# the school, and a twelve-year-old who wants a say in her own life. The
# scaling question is for you: where would each person put things today?

# %% nbgrader={"grade": false, "grade_id": "decide-first-review", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("first-review")

# %% nbgrader={"grade": false, "grade_id": "scaling", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.scaling(
    "On a scale of 0 to 10, where 10 means everyone is confident Sami and Nour are safe on the nights Karim "
    "works without the agency checking, and 0 means the nights are as dangerous as when Sami was found, "
    "where would you put things today?",
    low="the nights are as dangerous as the night on the ring road",
    high="confident the nights are safe without the agency",
    tool_id="scaling-nights",
)

# %% nbgrader={"grade": false, "grade_id": "decide-after-the-move-in-care", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("after-the-move-in-care")

# %% nbgrader={"grade": false, "grade_id": "decide-after-the-move", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("after-the-move")

# %% nbgrader={"grade": false, "grade_id": "decide-school-meeting", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("school-meeting")

# %% nbgrader={"grade": false, "grade_id": "decide-nours-voice", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("nours-voice")

# %% nbgrader={"grade": false, "grade_id": "decide-car-park", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("car-park")

# %% [markdown] nbgrader={"grade": false, "grade_id": "part-5-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Part 5. Handing over (months 13 to 17)
#
# **Transition.** Every change, a new worker included, is a loss for a child
# who needs things to stay the same; prepare him for it. Before the agency
# leaves, check that the family's own people are already carrying the safety
# plan, agree with them what to do if things slip, and make sure the family is
# linked to the supports it will keep after you have gone.

# %% nbgrader={"grade": false, "grade_id": "decide-new-worker", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("new-worker")

# %% nbgrader={"grade": false, "grade_id": "decide-stepping-back", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.decide("stepping-back")

# %% nbgrader={"grade": false, "grade_id": "prompt-closure-statement", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.show_prompt("closure-statement")

# %% [markdown] nbgrader={"grade": true, "grade_id": "closure-statement", "locked": false, "points": 3, "schema_version": 3, "solution": true, "task": false}
# YOUR ANSWER HERE

# %% [markdown] nbgrader={"grade": false, "grade_id": "play-out-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## How the case unfolds
#
# The simulation follows the family for 96 weeks: through your last decision
# and on for months after the agency has stepped back, when the children's
# safety rests on the family and its people. Move the slider to walk through
# the case week by week. Nothing here is certain: the same decisions can lead
# to different futures, as the second cell shows by playing your case many
# times with different luck.

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

# %% nbgrader={"grade": true, "grade_id": "score-engage", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("engage")

# %% nbgrader={"grade": true, "grade_id": "score-team", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("team")

# %% nbgrader={"grade": true, "grade_id": "score-assess", "locked": true, "points": 8, "schema_version": 3, "solution": false, "task": false}
case.check_decided("assess")

# %% nbgrader={"grade": true, "grade_id": "score-plan", "locked": true, "points": 6, "schema_version": 3, "solution": false, "task": false}
case.check_decided("plan")

# %% nbgrader={"grade": true, "grade_id": "score-intervene", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("intervene")

# %% nbgrader={"grade": true, "grade_id": "score-monitor", "locked": true, "points": 5, "schema_version": 3, "solution": false, "task": false}
case.check_decided("monitor")

# %% nbgrader={"grade": true, "grade_id": "score-transition", "locked": true, "points": 7, "schema_version": 3, "solution": false, "task": false}
case.check_decided("transition")

# %% [markdown] nbgrader={"grade": false, "grade_id": "replay-intro", "locked": true, "schema_version": 3, "solution": false, "task": false}
# ## Replay as practice (after you submit)
#
# Once you have submitted, you can play the case again with other choices to
# see where they lead. The replay is never graded, nothing in it is locked,
# and it is kept apart from your submitted decisions (in `practice-replay/`).

# %% nbgrader={"grade": false, "grade_id": "replay", "locked": true, "schema_version": 3, "solution": false, "task": false}
case.replay()
