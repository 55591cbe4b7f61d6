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
# # The practice tools, on the Novak family
#
# *A tour, ungraded. About 30 minutes; use it before the modules that rely on the tools.*
#
# The practice models ask workers to think with the family using shared,
# structured tools: a map of worries and strengths, clear statements of harm
# and danger, safety goals, scaling questions, a network around the child, a
# picture of the family's connections, a structured safety and risk
# assessment, and a plan anyone can check
# [NCCD, *Overarching Objectives of an Integrated Social Work Practice Model (Use of critical thinking and decision-support tools)*]
# [Massachusetts, *ICPM: Key Features (3. Use of new research based assessment and planning tools)*].
# This notebook puts each of them in your hands, on the Novak family, a
# vignette written for the lessons and never graded. Finn, four, has type 1
# diabetes and has been admitted to hospital twice with dangerously high blood
# sugar after night-time insulin was missed; his brother Oskar, twelve, has
# been doing the three o'clock checks; their mother Jana works two jobs.
#
# **How the tools work**
#
# - Every change is saved at once, in `lesson-work/practice-tools/` beside this
#   notebook (in `decisions.json`, with a log). Text is saved when you leave the
#   field: press Tab or click elsewhere. Restart the kernel and run the cells
#   again: your work comes back.
# - Everything works from the keyboard: Tab moves between fields, Space ticks a
#   box, the arrow keys move through options and sliders, Enter presses a button.
# - Nothing here is graded, and nothing you write changes your decisions in an
#   assignment.

# %%
from curriculum.toolkit import practice_case

case = practice_case("novak-family", "practice-tools")
case.show_family()

# %% [markdown]
# ## 1. Mapping: worries, what is working well, what needs to happen
#
# Lay out what worries people and what is going well side by side, in words
# the family would use, then agree what needs to happen. The case file's
# worries and strengths are filled in as a starting point: rewrite them as you
# would with Jana, and add what you would ask about
# [Maryland, *We ASSESS: Engage & Partner To Gather Information*].

# %%
case.three_columns(from_case_file=True)

# %% [markdown]
# ## 2. Harm, danger, and the safety goal
#
# A **harm statement** says what has already happened and what it meant for a
# child. A **danger statement** says what people fear will happen if nothing
# changes. A **safety goal** answers the danger: what everyone needs to see,
# for how long, to be confident the children are safe. Each builder asks four
# questions and puts your answers together; edit the result until it reads
# well aloud, then copy it into your written answer
# [NCCD, *Overarching Objectives of an Integrated Social Work Practice Model (Creation of detailed, collaborative plans for enhancing daily safety of children)*].
#
# In the Novak case a child has been hurt: Finn has been in hospital twice
# with ketoacidosis. The harm statement says what happened to him and what it
# meant; the danger statement says what people fear about the nights ahead.

# %%
case.harm_statement()

# %%
case.danger_statement()

# %%
case.safety_goal()

# %% [markdown]
# ## 3. Scaling questions
#
# Ask Jana, her mother Vera, Finn's preschool teacher and yourself for a number
# from 0 to 10, and write down why each person chose it. The gaps between the numbers
# are where the conversation starts; "what would make it one number higher?"
# is where the plan starts
# [Maryland, *We TEAM UP: Promoting Strengths & Protective Factors through Relationships*].

# %%
case.scaling()

# %% [markdown]
# A scaling question can be about anything that matters to the plan. Give
# each question its own `tool_id` so its answers are kept apart.

# %%
case.scaling(
    "How confident are you, from 0 to 10, that an adult will wake for Finn's alarm every night this month?",
    low="not confident at all", high="completely confident", tool_id="scaling-night-alarm",
)

# %% [markdown]
# ## 4. The safety network and the family team
#
# Who could stand around Finn, Lily and Oskar, and what would each person do?
# Tick who is in the safety network (people who carry part of the plan day to
# day) and who sits on the family team, give each a role, and add anyone the
# family names. A network of people from the family's own life lasts after the agency
# leaves [NCCD, *What will I learn about the process?*]
# [Maryland, *We PLAN: Build & Connect*].

# %%
case.safety_network()

# %% [markdown]
# ## 5. The ecomap
#
# The household in the middle, and the people and places around it. Rate each
# connection; add the preschool, the diabetes team, or anyone else who
# matters. The map's description, written under it, is also its text for
# screen readers
# [Maryland, *We PLAN: Build & Connect*].

# %%
case.ecomap()

# %% [markdown]
# ## 6. Structured safety and risk assessment
#
# Keep two questions apart: is a child in danger now (safety), and how likely
# is harm in the months ahead (risk)? Mark each threat from what you know, tick
# the protective capacities you have seen, and give your own decision and
# reasons. Here the case file's structured risk assessment is shown beside
# yours, so you can compare; where you differ, say why
# [California, *III. Assessment Behaviors*].

# %%
case.assessment(compare=True)

# %% [markdown]
# ## 7. The case plan
#
# Each goal says what will be different in terms anyone could see, the help
# that goes with it, who does what, who owns it and by when. The check under
# the plan flags a goal without an owner or a date, and goals that describe
# attending a service rather than a change
# [Maryland, *We PLAN: Develop & Track Action-Driven Plans*]
# [Wisconsin, *Strategies for Core Practice Functions: Planning Strategies to Drive Change*].

# %%
case.case_plan()

# %% [markdown]
# ## What to take from the tour
#
# The tools do not decide anything; they make your thinking visible, to the
# family, to your supervisor and to you. Used with the family, each one is a
# conversation: the map is theirs as much as yours, the statements are read
# aloud to them, the numbers are theirs, and the plan is written in their
# words.
