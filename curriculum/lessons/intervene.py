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
# *Lesson, ungraded. About 45 minutes in class.*
#
# **By the end of this lesson you can**
#
# - make a referral the family has agreed to, brief the provider on the reason
#   and the hoped-for result, and check that the first appointment happened;
# - choose services with evidence behind them that work in the family's
#   language and respect its culture;
# - ask what gets in the way when sessions are missed, and arrange practical
#   help instead of recording non-compliance;
# - press for a service that is needed but not available, and keep the family
#   informed;
# - keep a child in care connected to family, siblings and belongings.
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, practice_case, show_practice

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
check(
    "Darnell has missed two counselling sessions. What is the best next step?",
    [
        "Record non-compliance and tell him the court will hear about it.",
        "Ask him what got in the way, and arrange a time, place or practical help that works.",
        "Close the referral: he is clearly not ready.",
    ],
    1,
    [
        "Recording non-compliance without asking why loses the chance to fix a simple barrier, and uses authority as a threat.",
        "Most missed sessions have a practical reason that can be solved together.",
        "Giving up on a service because of a barrier nobody asked about leaves the need unmet.",
    ],
)

# %%
check(
    "Which is a warm referral?",
    [
        "Giving Darnell a printed list of counselling services.",
        "Faxing the referral form from the office and telling Darnell to expect a call.",
        "Agreeing the provider with Darnell, calling them together, briefing them on the reason and hoped-for result, and checking the first session happened.",
    ],
    2,
    [
        "A list puts the whole task on a parent who is already struggling.",
        "A form is a start, but the family has no part in it and nobody checks it led anywhere.",
        "The family chooses, the provider knows why, and the worker follows up.",
    ],
)

# %%
check(
    "Eight-year-old Amira has been placed with a foster family across the county. Which arrangement best keeps her connected?",
    [
        "Visits with her mother once a month at the agency office, to let her settle first.",
        "Frequent visits with her mother and brother, phone calls in between, her own belongings with her, and a search for relatives who could care for her.",
        "No contact for the first month, so that she bonds with the foster family.",
    ],
    1,
    [
        "Long gaps and an office setting make separation harder for a child, not easier.",
        "Frequent, meaningful contact, her treasured things, and looking to kin first all protect her connections.",
        "Cutting contact adds loss to loss; connections are part of her safety and well-being.",
    ],
)

# %% [markdown]
# ## Practise: where help can come from
#
# Draw the Harlow family's ecomap again, this time with intervening in mind.
# Add the services and community places that could help (the recovery clinic,
# the home-visiting nurse, Mia's preschool, a recovery meeting Jess used to
# go to), rate each connection, and look for the weak links: which help is
# there on paper but hard to reach, and what would make it easier?
# [Maryland, *We INTERVENE: Identify and Link*]. Your work is kept in
# `lesson-work/intervene/`.

# %%
harlow = practice_case("harlow-first-contact", "intervene")
harlow.ecomap(tool_id="intervene-ecomap")

# %% [markdown]
# ## Play with it: services that fit, or a standard package
#
# The Harlow family. Both workers have engaged well and made a safety plan
# with the family. They differ in the help they offer:
#
# - **Fitted help**: the recovery clinic with bus passes and a ride from
#   Carol, and nurse home visits that also cover Theo's check-ups.
# - **Standard package**: a general parenting class across town and weekly
#   drug tests.
#
# Compare *Service sessions attended*, then *Protective capacity at the end*
# and *Weeks on waiting lists*. Tick and untick services to see what each
# adds. Notice that fitted services may have a waiting list; the table shows
# how long families waited.

# %%
before = {
    "at-the-door": "name-role-purpose",
    "take-my-kids": "acknowledge-and-ask",
    "safety-decision": "safe-with-plan",
    "make-the-safety-plan": "family-meeting",
}
compare_futures(
    "harlow-first-contact",
    {
        "Fitted help": {**before, "which-services": ["recovery-with-rides", "home-visits"]},
        "Standard package": {**before, "which-services": ["parenting-class", "tests-only"]},
    },
    vary=["which-services"],
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
