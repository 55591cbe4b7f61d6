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
# *Lesson, ungraded. About 45 minutes in class.*
#
# **By the end of this lesson you can**
#
# - ask a family whom they want on their team, and add the professionals the
#   situation needs, no more;
# - find the relatives, friends and neighbours who could form a safety
#   network, and agree with the family how they hear about the worries;
# - prepare and run a family meeting in which every voice is heard and each
#   person leaves knowing what they will do and by when;
# - work through a disagreement without giving way on safety.
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, practice_case, show_practice

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
check(
    "Who should decide who sits on the Moore family's team?",
    [
        "The caseworker, who knows which professionals are needed.",
        "Keisha, with the worker adding the professionals the situation requires.",
        "Whoever the referral names.",
    ],
    1,
    [
        "Professionals belong on the team, but leaving the family out of choosing it loses the people who matter to them.",
        "The family names its people; the worker sizes the team to the safety concerns by adding the professionals needed.",
        "The referrer's view is one source of information, not a guide to the family's relationships.",
    ],
)

# %%
check(
    "Tanya insists Keisha should quit her evening job. The evening plan covers the twins either way. What does the worker do?",
    [
        "Back Tanya: the job is the root of the problem.",
        "Make sure Keisha's view is heard, note the disagreement, and keep the meeting on what all agree on: an adult with the twins every evening.",
        "Stop the meeting until the family agrees among themselves.",
    ],
    1,
    [
        "Taking a side on a matter that does not affect safety costs you Keisha's trust and her part in the plan.",
        "The worker can give way where safety is not at stake and look for the common ground.",
        "Disagreement is normal in a team; the worker's job is to help work through it, not to wait it out.",
    ],
)

# %%
check(
    "Mrs Allen from church asks the worker about Keisha's history with the agency. Keisha has not talked about it with her. What do you say?",
    [
        "Tell her: she is on the team and needs the full picture.",
        "Say it is Keisha's to share, and offer to ask Keisha what she would like the team to know.",
        "Say there is no history, to protect Keisha.",
    ],
    1,
    [
        "Being on the team does not give anyone a right to private history the family has not agreed to share.",
        "Private information goes to the network only with the family's agreement, and you say so honestly.",
        "Saying something untrue damages trust with everyone on the team.",
    ],
)

# %% [markdown]
# ## Practise: build the Harlow family's safety network
#
# Who could stand around Mia and Theo, and what would each person do? Tick
# who belongs in the safety network (people who carry part of the plan day to
# day) and who sits on the family team, give each person a role, and add
# anyone Jess might name. Think about how each person will hear about the
# worries, and what Jess has agreed they can be told
# [Maryland, *We TEAM UP: Promoting Strengths & Protective Factors through Relationships*].
# Your work is kept in `lesson-work/team/`.

# %%
harlow = practice_case("harlow-first-contact", "team")
harlow.safety_network(tool_id="team-network")

# %% [markdown]
# ## Play with it: a plan made with the network, or for it
#
# The Harlow family again, from your first assignment. Both workers make the
# same opening moves and see the same safety threat (Jess alone and drowsy
# with a baby at night). They differ in whom they hear and how the safety plan
# is made:
#
# - **With the network**: talks to Carol (with Jess's agreement) and holds a
#   family meeting where Carol, Denise and, if Jess wishes, Sam agree who is
#   with the children each night.
# - **Worker alone**: talks only to the professionals and writes the plan
#   alone for Jess to sign.
#
# Change the choices, compare safety incidents, then serious incidents and
# placements. The table beneath the plot lists the other outcomes.

# %%
opening = {"at-the-door": "name-role-purpose", "take-my-kids": "acknowledge-and-ask", "safety-decision": "safe-with-plan"}
compare_futures(
    "harlow-first-contact",
    {
        "With the network": {**opening, "whose-view": ["jess-privately", "carol"], "make-the-safety-plan": "family-meeting"},
        "Worker alone": {**opening, "whose-view": ["clinic-and-preschool"], "make-the-safety-plan": "worker-writes"},
    },
    vary=["whose-view", "make-the-safety-plan"],
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
