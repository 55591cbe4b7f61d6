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
# # Team: nobody keeps a child safe alone
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("team")

# %% [markdown]
# ## What teaming is for
#
# A caseworker visits for an hour a week at most. The people who are there at
# bedtime, at the school gate and at two in the morning are the family's own
# people. Teaming brings them together with the professionals involved so that
# information, decisions and responsibility are shared, and so that the work
# outlasts the worker [Maryland, *We TEAM UP*]
# [California, *PRACTICE ELEMENTS – HOW WE DO IT: Teaming*].
#
# NCCD's integrated practice puts a particular weight on the informal network:
# the aim is that a child's safety comes to rest on people who will still be
# in the child's life after the case closes, not on professional visits that
# will stop [NCCD, *What will I learn about the process?*]. Wisconsin lists
# teaming among the skills a worker must show, including forming the team
# with the family and keeping it working together
# [Wisconsin, *Required Skills: Teaming*].

# %%
show_practice("team")

# %% [markdown]
# ## The principles behind teaming
#
# - **Family-centred.** The family chooses who its people are. A relative the
#   worker orders into a role is not a network member; a neighbour the mother
#   trusts may be [Maryland, *We TEAM UP: Building Unity & Ownership in Decision-Making*].
# - **Community-focused.** Faith groups, schools, clubs and neighbours are real
#   partners, alongside formal services [Maryland, *Our Practice Principles (Community-Focused)*].
# - **Outcomes-driven.** A meeting that ends without named tasks and dates has
#   not finished its work [Maryland, *We TEAM UP: Share Information & Responsibility*].
# - **Trauma-responsive, and private.** Family matters are shared with the
#   network only after the family has agreed what is said and to whom
#   [Maryland, *We TEAM UP: Respect and Honor*].

# %% [markdown]
# ## Worked example: the Moore family's first meeting
#
# *The family is fictional.*
#
# Keisha Moore, 31, works evening shifts at a distribution centre. Her twins,
# Ava and Eli, are three. A neighbour called because on several evenings the
# twins were looked after by Keisha's nephew, who is fourteen, and one evening
# Eli was found in the corridor in his pyjamas. The twins are healthy and
# cheerful, go to a nursery they love, and Keisha has kept the same job for
# five years. Her sister Tanya lives ten minutes away; her church runs an
# evening club.
#
# **Preparing.** The worker, Sam Whitfield, asks Keisha whom she wants at a
# meeting. She names Tanya, her nephew's mother Denise, and Mrs Allen from
# church. Sam goes through with her what will be said about the evening Eli
# was found, and lets her choose a Saturday morning at Tanya's flat.
#
# **The meeting.** Sam opens by stating its purpose: an evening plan so the
# twins are always with an adult. Tanya says Keisha should give up the
# evening job. Sam makes sure Keisha's view is heard (the job pays the rent),
# and steers the group back to what everyone agrees on: the twins need an
# adult every evening. The group settles on Tanya for three evenings, the
# church club for two, and Denise as the back-up if either falls through. Each
# person says back in their own words what they will do.
#
# Behaviours seen: `team.build-family-team`, `team.hold-family-team-meetings`,
# `team.mobilise-safety-network`, `team.work-through-disagreement`,
# `team.agree-roles-and-share-information`.
#
# **When a child may belong to a tribe.** Ask at the first contact whether a
# child is, or may be eligible to be, a member of a tribe. If so, the tribe is
# told promptly and joins the team as a full partner, and its views on
# services and on placement (including its placement preferences under the
# Indian Child Welfare Act) carry real weight
# [California, *PRACTICE ELEMENTS – HOW WE DO IT: Teaming*]
# [Wisconsin, *Values and Principles: Cultural Responsiveness*]. The team
# assignment in this module is built around such a family.

# %%
check("team-who-chooses")

# %%
check("team-disagreement")

# %%
check("team-private-history")

# %% [markdown]
# ## Practise: build the Varga family's safety network
#
# The Varga family is a vignette written for these lessons (never graded):
# Leo, six, came to school with welts from his father's belt; Tomas, a
# delivery driver, says he used it twice this year, both times alone with the
# children after a long shift. Who could stand around Leo and Poppy, and what
# would each person do? Tick who belongs in the safety network (people who
# carry part of the plan day to day) and who sits on the family team, give
# each person a role, and add anyone Tomas and Erin might name. Think about how
# each person will hear about the worries, and what the parents have agreed
# they can be told
# [Maryland, *We TEAM UP: Promoting Strengths & Protective Factors through Relationships*].
# Your work is kept in `lesson-work/team/`.

# %%
varga = practice_case("varga-family", "team")
varga.safety_network(tool_id="team-network")

# %% [markdown]
# ## Play with it: a plan made with the network, or for it
#
# The Varga family again. Both workers make the same opening moves and see the
# same safety threat (Tomas, worn out after a long shift and alone with the
# children, may use the belt again). They differ in whom they hear and how the
# safety plan is made:
#
# - **With the network**: hears each parent alone and, with their agreement,
#   Tomas's mother Ilona, and holds a family meeting where Ilona and Tomas's
#   friend Owen agree what happens on the hard evenings.
# - **Worker alone**: talks only to the childminder and the doctor and writes
#   the plan alone for the parents to sign.
#
# Change the choices, compare safety incidents, then serious incidents and
# placements. The table beneath the plot lists the other outcomes.

# %%
opening = {"on-the-doorstep": "name-the-worry", "how-i-was-brought-up": "hear-him-and-be-clear",
           "after-the-belt": "manage-it-at-home"}
compare_futures(
    "varga-family",
    {
        "With the network": {**opening, "whose-accounts": ["each-parent-alone", "grandmother-ilona"],
                             "plan-for-hard-evenings": "meeting-with-their-people"},
        "Worker alone": {**opening, "whose-accounts": ["childminder-and-doctor"], "plan-for-hard-evenings": "worker-drafts-it"},
    },
    vary=["whose-accounts", "plan-for-hard-evenings"],
    runs=100,
    measure="safety_incidents",
)

# %% [markdown]
# ## Take it to your practice
#
# - For a family you know, list five people who are in the children's lives
#   every week. How many of them know what the agency is worried about?
# - Write the one sentence you would use to open a family meeting.
# - Next: **Assess**, where the team's views become part of a balanced picture.
