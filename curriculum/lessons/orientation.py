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
# # Orientation: how this course works, and the practice model as a whole
#
# Run each cell in order with Shift+Enter (or the ▶ button). A cell that shows
# buttons is waiting for you; nothing happens until you choose.

# %%
from curriculum.toolkit import check, compare_levers, lesson, show_model, show_practice, show_principles

lesson.objectives("orientation")

# %% [markdown]
# ## How the course works
#
# The course is a series of modules, one for each core practice, with an
# orientation at the start and a capstone case at the end. Each module has two
# notebooks.
#
# - **A lesson** (like this one), which is never graded. It explains the
#   practice, shows worked examples, asks short questions that answer back at
#   once, and lets you play with a simulated family.
# - **An assignment**, which is graded. You are the caseworker on a fictional
#   family's case. You play it forward week by week, making decisions with
#   buttons and boxes, and after each decision you see what follows.
#
# In an assignment:
#
# 1. **Every choice is saved the moment you make it**, in a file called
#    `decisions.json` beside the notebook, with a log of every change. If the
#    kernel restarts or you close the tab, run the notebook again from the top
#    and your choices come back. You can change your mind at any time; the
#    last choice counts.
# 2. **Some answers are written.** A danger statement, a safety goal or a
#    reflection goes in an answer cell. Your coach reads and grades these by
#    hand, with a rubric.
# 3. **Validate before you hand in.** The Validate button in the toolbar runs
#    the notebook and tells you if a decision or an answer is missing. It does
#    not tell you your score.
# 4. **Feedback** comes back per practice area (engage, assess, plan, ...),
#    with partial credit: a choice can be partly right. It explains your
#    practice in words; it never shows an answer key. In a class on the
#    course's server, your assignments come and go through the
#    **Assignments** list (the page you land on; **Nbgrader → Assignment
#    List** opens it again). Feedback comes once your coach has graded your
#    work and sent it back: the line under the assignment then says
#    "feedback available to fetch". Press **Fetch Feedback**, then
#    "view feedback", and open the `.html` file in the folder it shows.
# 5. **Coaching.** Your coach sees your scores by practice behaviour and your
#    written answers, and uses them to talk through your choices with you.
#    Practice models put coaching and supervision at the centre of how workers
#    learn [Maryland, *Workforce Development – Training & Coaching*]
#    [California, *PRACTICE ELEMENTS – HOW WE DO IT: Workforce Development and Support*].
#
# All the families in this course are fictional, and they are written the way
# we want you to write about real families: people first, strengths alongside
# worries.

# %%
check("orientation-kernel-crash")

# %%
check("orientation-validate-button")

# %% [markdown]
# ## The practice model as a whole
#
# This course teaches one way of working drawn from five public practice
# models: California's Core Practice Model, Maryland's Integrated Practice
# Model, Wisconsin's Child Welfare Practice Model, Massachusetts' Integrated
# Casework Practice Model and NCCD's integrated practice. They use different
# words, but they describe the same cycle of work
# [Maryland, *Our Core Practices: We Engage*]
# [California, *CASEWORK COMPONENTS – WHAT WE DO: ENGAGEMENT*]
# [Wisconsin, *Strategies for Core Practice Functions (overarching strategy paragraph)*]:
#
# **engage** the family, **team** with the people around it, **assess** safety,
# risk, strengths and needs, **plan** with the family, **intervene** with help
# that fits, **monitor and adapt** the plan, and **plan the transition** to a
# life without the agency. None of these is a stage you finish: a good worker
# keeps engaging while assessing, keeps assessing while monitoring, and
# starts thinking about the transition in the first weeks.
#
# NCCD describes the same idea as joining research-based decision tools with
# strengths-based, solution-focused work, so that judgement is both rigorous
# and humane [NCCD, *What is integrated practice?*].

# %%
show_model()

# %% [markdown]
# ## The principles behind every practice
#
# Seven commitments run through all the practices. When two good actions
# compete, the principles help you choose. Each module shows which principles
# each behaviour serves.

# %%
show_principles()

# %% [markdown]
# ## Foundational behaviours
#
# Some habits belong to every contact, whatever stage the case is at: honesty,
# respect, reliability, and awareness of your own reactions and biases
# [California, *I. Foundational Behaviors*] [Maryland, *Our Values*].

# %%
show_practice("foundation")

# %%
check("orientation-case-notes")

# %% [markdown]
# ## The simulator: many futures, not one
#
# Cases are uncertain. A rent increase, a sleepless week or a supportive
# neighbour can change how things go, whatever the worker does. So the
# simulator plays a case many times, each with its own luck, and shows you the
# spread of what could happen. A good decision does not guarantee a good
# outcome; it makes good outcomes more likely and bad ones rarer.
#
# How does a decision change the odds? The simulator describes a family with a
# handful of **levers**: how much the family trusts the worker, how strong the
# safety plan is and how many people carry it, how able the caregivers are to
# keep the children safe on their own, how much pressure the household is
# under. Each option in an assignment moves some of these levers, and the
# family's weeks play out from there.
#
# Below is the Varga family, a vignette the lessons use and never grade: a
# school has seen welts on six-year-old Leo's legs, and his father says he used
# a belt after Leo ran into a car park. It is shown with **no decision made at
# all**. On the left, the family as the report finds them; on the right, the
# same family with the levers you set. At first both sides are the same, so
# both panels show the same spread: that spread is luck alone. Move a slider,
# press **Play the futures**, and watch what moves. Try several outcomes in
# the *Compare* list. Which lever makes serious incidents rarest?

# %%
compare_levers(
    "varga-family",
    ["safety_plan", "network_support", "protective_capacity", "stress", "working_relationship"],
    runs=60,
    measure="serious_incidents",
)

# %% [markdown]
# ## Before the next module
#
# - Open the first assignment, run it from the top, and make your first
#   decision; close the tab, reopen it and run it again to see your choice
#   come back.
# - Read the principle you find hardest to live up to in your own agency, and
#   note one situation where it was tested.
