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

# %% [markdown]
# # Plan: specific, shared, and carried by people
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("plan")

# %% [markdown]
# ## What planning is for
#
# A plan turns the assessment into action. Two kinds matter here. The
# **safety plan** answers *who will do what, when, so the children are safe
# today and every day until the danger has passed*. The **case plan** answers
# *what will be different, who will help, and how we will all know*. NCCD asks
# for plans that are made together, understandable, achievable and written in
# terms of behaviour, and that show day by day how the child will be
# protected [NCCD, *Overarching Objectives of an Integrated Social Work Practice Model (Creation of detailed, collaborative plans for enhancing daily safety of children)*].
#
# Plans are built on the family's strengths and fitted to its needs, not
# drawn from a standard package [Maryland, *We PLAN: Tailoring Plans to Needs and Strengths*],
# and they carry review dates and measures from the start
# [Maryland, *We PLAN: Develop & Track Action-Driven Plans*]
# [Wisconsin, *Strategies for Core Practice Functions: Planning Strategies to Drive Change*].

# %%
show_practice("plan")

# %% [markdown]
# ## The principles behind planning
#
# - **Family-centred.** The family's words and ideas make the goals; a plan
#   brought ready-made for signature is the worker's plan, not theirs
#   [California, *V. Service Planning and Delivery Behaviors*].
# - **Outcomes-driven.** A goal that nobody can observe cannot be met or
#   missed; "attend parenting classes" measures attendance, not safety
#   [Wisconsin, *Required Skills: Planning*].
# - **Community-focused.** Safety that rests on a grandmother, a neighbour
#   and a friend from church lasts beyond the case; safety that rests on
#   professional visits ends when they do [NCCD, *What will I learn about the process?*].
# - **Strength-based.** A few priorities, in an order that fits around work,
#   school and caregiving, and built on what already works
#   [Maryland, *Our Core Practices: We Plan*].
#
# Two commitments shape every plan. **The least intrusive response**: look
# first for a way to keep the child safe at home or within the wider family,
# and turn to care away from home only when no plan can manage the danger
# [Wisconsin, *Values and Principles: Safety*]. **Permanency from the start**:
# when a child is in care, work toward a lasting family from the first weeks,
# with a back-up route (often relatives) pursued alongside reunification, so
# that the child does not wait for one plan to fail before the next begins
# [Wisconsin, *Values and Principles: Permanence and Stability*].

# %% [markdown]
# ## Worked example: from a danger statement to a plan
#
# *The family is fictional.* (Gloria Washington and her grandsons, from the
# Assess lesson.)
#
# **Danger statement.** *The school nurse and I are worried that if Gloria has
# to go into hospital again, Isaiah and Malik could be left at home with no
# adult for days, and Malik might be hurt cooking for them.*
#
# **Safety goal** (what people will be doing): *Whenever Gloria is admitted to
# hospital, for the next six months, the boys will stay with Mr Okoye next
# door, or with their aunt Bernice if he is away; Gloria will call one of them
# from the ambulance or the ward, and the boys will know both numbers by
# heart.*
#
# **Case plan goal** (what will be different): *By the summer, Gloria's
# blood sugar will be checked every morning with Malik's help and she will
# keep her clinic appointments; Malik will cook supper twice a week with a
# neighbour until he can do it safely on his own.*
#
# **Services**: a diabetes nurse who visits at home (the need: Gloria's
# health, which drives the risk); a cooking session at the youth club Malik
# already goes to. Not a parenting class: nothing in the assessment points to
# one.
#
# The plan is written at Gloria's kitchen table with Gloria, both boys, Mr
# Okoye and Bernice. At the end each person says back what they will do.
# Review in six weeks.

# %%
check("plan-observable-goal")

# %%
check("plan-whats-missing")

# %%
check("plan-more-services")

# %% [markdown]
# ## Practise: the Varga family's safety goal and case plan
#
# Back to the Varga family, the lessons' own vignette (never graded). First
# the **safety goal** that answers your danger statement from the Assess
# lesson: what everyone needs to see, for how long. Then the **case plan**:
# each goal in terms anyone could observe, the help that goes with it, who
# does what and by when. The check under the plan flags a goal with no owner or
# date, and goals that describe attending a service rather than a change
# [Maryland, *We PLAN: Develop & Track Action-Driven Plans*].
# Your work is kept in `lesson-work/plan/`.

# %%
varga = practice_case("varga-family", "plan")
varga.safety_goal(tool_id="plan-safety-goal")

# %%
varga.case_plan(tool_id="plan-case-plan")

# %% [markdown]
# ## Play with it: a plan made with the family, or for it
#
# The Varga family again. Both workers reach the same safety decision (a
# threat on the evenings Tomas is worn out and alone with the children, which
# can be managed at home with a plan). They differ in how the plan is made and
# what the case plan aims at:
#
# - **Made with the family**: a family meeting with Ilona and Owen agrees what
#   Tomas does when his temper rises and whom he calls; the goal says what
#   people will be seen doing on the hard evenings.
# - **Made for the family**: the worker writes the plan for the parents to
#   sign; the goal is finishing a course.
#
# Compare safety incidents, serious incidents and placements; then change one
# choice at a time to see which part of the plan does the most work.

# %%
before = {
    "on-the-doorstep": "name-the-worry",
    "how-i-was-brought-up": "hear-him-and-be-clear",
    "after-the-belt": "manage-it-at-home",
    "support-to-offer": ["family-centre-evenings", "thursday-fathers"],
}
compare_futures(
    "varga-family",
    {
        "Made with the family": {**before, "plan-for-hard-evenings": "meeting-with-their-people", "what-the-goal-says": "calm-evenings"},
        "Made for the family": {**before, "plan-for-hard-evenings": "worker-drafts-it", "what-the-goal-says": "finish-the-course"},
    },
    vary=["plan-for-hard-evenings", "what-the-goal-says"],
    runs=100,
    measure="safety_incidents",
)

# %% [markdown]
# ## Take it to your practice
#
# - Rewrite one goal from a plan you know so that a stranger could tell,
#   by watching, whether it is being met.
# - For each service in that plan, name the need from the assessment it
#   meets. Is any service there by habit?
# - Next: **Intervene**, where the plan meets waiting lists, bus routes and
#   real life.
