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
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import case_life, check, compare_futures, lesson, practice_case, show_case_path, show_model

lesson.objectives("capstone")

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
# ## One case, start to finish: the Novak family
#
# The Novak family is a vignette written for this lesson; it is never graded.
# Finn, four, has type 1 diabetes, found five months ago, and has been
# admitted to hospital twice with dangerously high blood sugar after night-time
# insulin was missed. His brother Oskar, twelve, told a nurse that he does the
# three o'clock checks because their mother "doesn't wake up". Jana Novak
# works two jobs and has had one day of diabetes training. The family is
# fictional.
#
# Here is every decision point in the case, in order, with the practice each
# belongs to. Notice how the practices interleave: engagement is not finished
# when assessment starts, and the team appears in the middle of the case, not
# only at the start.

# %%
show_case_path("novak-family")

# %% [markdown]
# ### The case played once, week by week
#
# Below, one worker plays the whole case in the way the course has taught:
# a plain explanation by Finn's bed, Jana's fear heard, the children heard on
# their own, a night plan made with the family and the people it chose (and not
# resting on Oskar), the missed doses understood in context, help that fits,
# advocacy when the glucose sensor is refused, reviews that ask and celebrate,
# Oskar supported to speak for himself, and a closure the family's own people
# carry.
#
# Move the slider to walk through the case. Watch for the moments where each
# practice shows up in the story: the visits, the stressors the family meets,
# the services starting, and the closure. Under the plot, the same picture is
# described in words.

# %%
practice_model_way = {
    "by-finns-bed": "say-why-you-came",
    "not-on-purpose": "hear-what-it-takes",
    "whose-picture": ["jana-on-her-own", "oskar-and-lily", "diabetes-team", "vera-and-adam"],
    "discharge-day": "home-with-a-night-plan",
    "who-covers-the-nights": ["vera-two-nights", "nell-and-bev", "adam-by-video", "nurse-with-consent"],
    "the-night-plan": "sunday-at-the-flat",
    "behind-the-missed-checks": "needles-shifts-and-sleep",
    "goal-in-her-words": "every-night-covered",
    "help-that-fits-finn": ["educator-at-home", "the-sensor", "sibling-group", "work-adviser"],
    "the-sensor-refusal": "appeal-with-jana",
    "twelve-weeks-on": "look-at-the-nights",
    "oskars-turn": "help-him-say-it",
    "a-low-at-preschool": "what-the-low-showed",
    "closing-well": ["what-if-list", "diabetes-parents-group", "a-call-in-two-months"],
}
case_life("novak-family", practice_model_way)

# %%
check("capstone-one-conversation")

# %%
check("capstone-meeting-months-later")

# %% [markdown]
# ## Play with it: two whole ways of working
#
# Now the whole case under two workers, each played many times. On the
# left, the way above. On the right, a worker who opens with the hospital's
# records, asks Oskar to keep a secret log of his mother's checks, sends Finn
# to his grandmother's, and then works *for* the family: a rota written for
# them with Oskar as the back-up, a parenting course, weekly reviews across
# town, and a file handed to the hospital at closure.
#
# Change any choice in either column and press **Play the futures**. Try
# changing one decision at a time on the left to see which early choices carry
# the most weight later. Compare *Safety incidents*, *Average engagement*,
# *Weeks the child spent in care* and the table's *Case closed* row.

# %%
directive_way = {
    "by-finns-bed": "records-first",
    "not-on-purpose": "facts-of-the-case",
    "whose-picture": ["oskar-keeps-a-log"],
    "discharge-day": "finn-to-vera",
    "who-covers-the-nights": ["oskar-as-back-up", "professionals-plan-it"],
    "the-night-plan": "a-signed-rota",
    "behind-the-missed-checks": "not-a-priority",
    "goal-in-her-words": "training-complete",
    "help-that-fits-finn": ["parenting-course", "weekly-ward-checks"],
    "the-sensor-refusal": "buy-it-privately",
    "twelve-weeks-on": "slow-nights-mean-risk",
    "oskars-turn": "tell-jana-straight",
    "a-low-at-preschool": "keep-him-home",
    "closing-well": ["file-to-the-hospital", "close-after-review"],
}
compare_futures(
    "novak-family",
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
check("capstone-incidents-in-good-runs")

# %% [markdown]
# ## Bring it together: the case at closure
#
# Fill in a three-column map of the Novak family as it might look at closure,
# in words the family would use: what people still worry about, what is
# working well, and what needs to happen to keep it that way. Your map is kept
# in `lesson-work/capstone/` beside this notebook.

# %%
novak = practice_case("novak-family", "capstone")
novak.three_columns(tool_id="capstone-at-closure")

# %% [markdown]
# ## Before the capstone assignment
#
# - For each of the seven practices, write one sentence about how it showed
#   up in the Novak case.
# - Think about a case of your own that closed. Who was carrying the child's
#   safety on the day it closed? Who is carrying it now?
