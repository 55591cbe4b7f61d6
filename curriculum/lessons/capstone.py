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
# # Capstone: the whole life of a case
#
# *Lesson, ungraded. About 50 minutes in class.*
#
# **By the end of this lesson you can**
#
# - follow one case from the report to closure and after, and say which
#   practice is at work at each moment;
# - explain how an early choice (an interpreter at the door, a family meeting)
#   shows up months later in safety, engagement and closure;
# - read the spread of simulated futures for a whole way of working, and say
#   what it does and does not tell you;
# - bring every practice together for the capstone assignment.
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import case_life, check, compare_futures, practice_case, show_case_path, show_model

# %% [markdown]
# ## The practices are one cycle
#
# The modules took the practices one at a time. In a real case they overlap
# and feed each other: engagement makes honest assessment possible; the team
# you gather carries the safety plan; the assessment decides which help fits;
# monitoring tells you when the plan must change; and transition is what the
# whole case has been building toward from the first week
# [Maryland, *Our Core Practices: We Engage*]
# [California, *CASEWORK COMPONENTS – WHAT WE DO: TRANSITION*]
# [Wisconsin, *Strategies for Core Practice Functions (overarching strategy paragraph)*].
# NCCD sums up the destination: safety that no longer rests on professionals
# but on the family and the people committed to the child
# [NCCD, *What will I learn about the process?*].

# %%
show_model()

# %% [markdown]
# ## One case, start to finish: the Medina family
#
# You met the Medina family in the Engage module. A toddler, Daniela, was
# found alone on the stairwell one evening while both parents were at work and
# her eleven-year-old sister Sofía was minding three children. The parents,
# Lucía and Héctor, speak Spanish at home. The family is fictional.
#
# Here is every decision point in the case, in order, with the practice each
# belongs to. Notice how the practices interleave: engagement is not finished
# when assessment starts, and the team appears in the middle of the case, not
# only at the start.

# %%
show_case_path("medina-evenings")

# %% [markdown]
# ### The case played once, week by week
#
# Below, one worker plays the whole case in the way the course has taught:
# an interpreter at the door, a plain explanation, the family's fear heard,
# the people who matter found with the family, the evenings understood in
# context, Sofía heard on her own, a safety plan made with the family, partners
# engaged in Spanish, help that fits, and a review that asks and celebrates.
#
# Move the slider to walk through the case. Watch for the moments where each
# practice shows up in the story: the visits, the stressors the family meets,
# the services starting, and the closure. Under the plot, the same picture is
# described in words.

# %%
practice_model_way = {
    "who-interprets": "phone-interpreter",
    "why-you-are-here": "plain-purpose",
    "lucias-fear": "hear-her",
    "people-who-matter": ["ecomap-in-spanish", "ask-the-children", "name-strengths"],
    "making-sense": "context-and-needs",
    "hearing-sofia": "sofia-alone",
    "safety-decision": "safe-with-plan",
    "evening-plan": "family-meeting-plan",
    "school-and-clinic": "partners-in-spanish",
    "which-help": ["evening-programme", "navigator", "fix-the-door"],
    "six-weeks-on": "ask-and-celebrate",
}
case_life("medina-evenings", practice_model_way)

# %%
check(
    "Sofía (11) was minding three children when Daniela got out. Which practices does hearing Sofía on her own, away from her parents, serve?",
    [
        "Only assess: it is information gathering.",
        "Assess (the child's own view), engage (she is a member of the family too) and plan (her worries shape the evening plan).",
        "None: children that young should not be asked.",
    ],
    1,
    [
        "It is assessment, but not only: what she says also shapes the relationship and the plan.",
        "One conversation serves several practices at once; that is why they are a cycle, not a list.",
        "Children's views, heard in a way that suits their age, are part of every practice model in this course.",
    ],
)

# %%
check(
    "The evening plan was made at a family meeting with Lucía, Héctor, their neighbour and an interpreter. Months later, what is the main way that choice shows up in the case?",
    [
        "It makes the file look complete.",
        "The people who agreed to the evening rota are still doing it after the agency closes the case.",
        "It shortens the assessment.",
    ],
    1,
    [
        "Paperwork is not the point of planning with the family.",
        "A plan the family and its network made is a plan they keep carrying: that is the transition the whole case builds toward.",
        "The assessment came before; the meeting builds on it.",
    ],
)

# %% [markdown]
# ## Play with it: two whole ways of working
#
# Now the whole case under two workers, each played many times. On the
# left, the way above. On the right, a worker who lets the eleven-year-old
# interpret, hands over a leaflet, and then works *for* the family: a plan in
# English, assessments sent to the school without the family's knowledge, an
# English class, and an attendance warning.
#
# Change any choice in either column and press **Play the futures**. Try
# changing one decision at a time on the left to see which early choices carry
# the most weight later. Compare *Safety incidents*, *Average engagement* and
# the table's *Case closed* row.

# %%
directive_way = {
    "who-interprets": "sofia-interprets",
    "why-you-are-here": "rights-leaflet",
    "lucias-fear": "different-case",
    "people-who-matter": ["professionals-only"],
    "making-sense": "neglect-label",
    "hearing-sofia": "sofia-in-front",
    "safety-decision": "sign-or-placement",
    "evening-plan": "english-plan",
    "school-and-clinic": "send-the-assessment",
    "which-help": ["english-class"],
    "six-weeks-on": "attendance-warning",
}
compare_futures(
    "medina-evenings",
    {"The way above": practice_model_way, "Working for the family": directive_way},
    vary=list(practice_model_way),
    runs=80,
    measure="engagement_mean",
)

# %% [markdown]
# **What the futures do not tell you.** The simulator is a teaching model,
# not a prediction about any real family. It shows how choices shift the odds
# in one fictional case, with the uncertainty real cases carry. Real families
# are more varied than any model; the practice models ask you to bring your
# judgement, your supervisor and the family's own view to every decision
# [Massachusetts, *What is a Casework Practice Model? (professional discretion)*].

# %%
check(
    "In the futures above, a few runs of the better way still had a safety incident. What does that mean?",
    [
        "The practice model does not work.",
        "Good practice lowers the odds of harm and raises the odds of closure, but no way of working removes all risk; that is why we keep monitoring.",
        "The simulator is broken.",
    ],
    1,
    [
        "Compare the spreads, not single runs: the better way does better across the futures.",
        "Cases carry real uncertainty; practice changes the odds, and monitoring catches what slips.",
        "Different luck in different runs is what the simulator is built to show.",
    ],
)

# %% [markdown]
# ## Bring it together: the case at closure
#
# Fill in a three-column map of the Medina family as it might look at closure,
# in words the family would use: what people still worry about, what is
# working well, and what needs to happen to keep it that way. Your map is kept
# in `lesson-work/capstone/` beside this notebook.

# %%
medina = practice_case("medina-evenings", "capstone")
medina.three_columns(tool_id="capstone-at-closure")

# %% [markdown]
# ## Before the capstone assignment
#
# - For each of the seven practices, write one sentence about how it showed
#   up in the Medina case.
# - Think about a case of your own that closed. Who was carrying the child's
#   safety on the day it closed? Who is carrying it now?
