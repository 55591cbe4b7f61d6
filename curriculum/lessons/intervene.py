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
# # Intervene: help that fits, and help that arrives
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("intervene")

# %% [markdown]
# ## What intervening is for
#
# A plan on paper changes nothing. Intervening is the work of connecting the
# family with the formal and informal help the plan names, quickly and
# well, and of clearing what stands in the way: bus fares, childcare, shift
# patterns, a bad experience with a previous provider
# [Maryland, *We INTERVENE*] [Wisconsin, *Strategies for Core Practice Functions: Effective and Appropriate Intervention*].
#
# Help should have evidence that it works, and it should fit: the family's
# language, its culture and its timetable
# [Maryland, *We INTERVENE: Identify and Link*]. When what the family needs
# does not exist or has a waiting list, the worker advocates for it rather than
# settling for what is to hand [California, *PRACTICE ELEMENTS – HOW WE DO IT: Advocacy*]
# [Wisconsin, *Required Skills: Advocating*].

# %%
show_practice("intervene")

# %% [markdown]
# ## The principles behind intervening
#
# - **Strength-based and trauma-responsive.** A missed appointment is a
#   question, not a verdict: what got in the way?
#   [Maryland, *We INTERVENE: Identify and Link*]
# - **Culturally responsive.** A service in the wrong language, or one that
#   ignores the family's faith or customs, is not the right service, however
#   good its results elsewhere [Wisconsin, *Required Skills: Implementing*].
# - **Family-centred.** When a child must live away from home, contact with
#   parents, brothers and sisters and other important people is part of the
#   intervention, not a reward [Maryland, *We INTERVENE: Inform & Preserve*].
# - **Community-focused.** Informal help (a neighbour's lift, a faith group's
#   evening club) often reaches further than a formal service
#   [Maryland, *Our Practice Principles (Community-Focused)*].
#
# Three more behaviours round out the practice. **Early, voluntary help**: when
# a family's difficulties do not need the agency, or alongside a family
# assessment, link it to help in its own community (home visiting, a family
# resource centre) before problems deepen
# [California, *CASEWORK COMPONENTS – WHAT WE DO: PREVENTION*]. **Support for
# relatives and other caregivers** who take a child in: ask what they need
# (money, space, a break, help with contact with the parents) and link them to
# it, so that the arrangement lasts [Maryland, *We INTERVENE: Inform & Preserve*].
# **How to raise a concern**: make sure parents, children and caregivers know
# how to complain about or appeal a decision, and treat a complaint as useful
# information [Maryland, *We INTERVENE: Nurture & Protect*].

# %% [markdown]
# ## Worked example: Darnell Price's night shifts
#
# *The family is fictional.* (The Price family, from the Engage lesson.)
#
# Darnell and the worker, Ana Ruiz, agreed that the children miss school
# because Darnell sleeps through the morning after night shifts, and that he
# has been low since his wife died. The plan names two services: a grief
# counselling group, and help to move to day shifts or find morning cover.
#
# **A warm referral.** Ana calls the counselling group from Darnell's kitchen
# with his agreement, explains why he is coming and what he hopes for, and
# books a time that fits after his shift. She rings him the day after the
# first session to ask how it went.
#
# **A barrier.** Darnell misses the second session. Ana asks what happened:
# the session clashed with Nia's parents' evening, and he chose Nia. They move
# him to the Thursday group. The case notes say so, rather than "missed
# appointment".
#
# **Advocacy.** The employer has no day shifts until spring. Ana writes to the
# school about its breakfast club, which has a waiting list, explaining why a
# place for Nia and Jordan matters now. Two weeks later they have places, and
# Darnell's neighbour walks them there on his way to work.

# %%
check("intervene-missed-sessions")

# %%
check("intervene-warm-referral")

# %%
check("intervene-child-in-care")

# %% [markdown]
# ## Practise: where help can come from
#
# Draw the Varga family's ecomap again (the lessons' own vignette, never
# graded), this time with intervening in mind. Add the services and community
# places that could help (the family centre's evening programme, the child
# development clinic, the fathers' group Owen goes to, Leo's football club),
# rate each connection, and look for the weak links: which help is there on
# paper but hard to reach, and what would make it easier?
# [Maryland, *We INTERVENE: Identify and Link*]. Your work is kept in
# `lesson-work/intervene/`.

# %%
varga = practice_case("varga-family", "intervene")
varga.ecomap(tool_id="intervene-ecomap")

# %% [markdown]
# ## Play with it: services that fit, or a standard package
#
# The Varga family. Both workers have engaged well and made a safety plan
# with the family. They differ in the help they offer:
#
# - **Fitted help**: the family centre's evening programme ten minutes' walk
#   away, an assessment of Leo's running off at the child development clinic,
#   and the fathers' group where Owen already goes.
# - **Standard package**: an anger-management course downtown on weekday
#   mornings, when Tomas is at work, and unannounced weekly checks for marks.
#
# Compare *Service sessions attended*, then *Protective capacity at the end*
# and *Weeks on waiting lists*. Tick and untick services to see what each
# adds. Notice that fitted services may have a waiting list; the table shows
# how long families waited.

# %%
before = {
    "on-the-doorstep": "name-the-worry",
    "how-i-was-brought-up": "hear-him-and-be-clear",
    "after-the-belt": "manage-it-at-home",
    "plan-for-hard-evenings": "meeting-with-their-people",
}
compare_futures(
    "varga-family",
    {
        "Fitted help": {**before, "support-to-offer": ["family-centre-evenings", "leos-assessment", "thursday-fathers"]},
        "Standard package": {**before, "support-to-offer": ["downtown-anger-course", "weekly-checks"]},
    },
    vary=["support-to-offer"],
    runs=100,
    measure="sessions_attended",
)

# %% [markdown]
# ## Take it to your practice
#
# - Think of the last referral you made. Did you check that the first
#   appointment happened? What did the provider know about why the family came?
# - Name one service your area lacks. Whom would you write to about it?
# - Next: **Monitor and adapt**: is the help helping?
