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
# # Monitor and adapt: is the help helping?
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("monitor")

# %% [markdown]
# ## What monitoring is for
#
# A plan is a best guess made with what was known at the time. Monitoring is
# the habit of checking, again and again and with the family, whether the
# child is safe and whether the plan is bringing about real change, and of
# reworking it when it is not [California, *CASEWORK COMPONENTS – WHAT WE DO: MONITORING AND ADAPTING*]
# [Maryland, *We MONITOR & ADAPT*]. Wisconsin describes it as a
# self-correcting process: the family team measures how things are going and
# adapts what it does to what it learns
# [Wisconsin, *Strategies for Core Practice Functions: Tracking and Adjustment*].
#
# NCCD draws the key line: the aim is meaningful change in behaviour over
# time, not compliance [NCCD, *What will I learn about the process?*]. A
# parent can attend every session and nothing change for the child; a parent
# can miss sessions for a good reason and the children be much safer.

# %%
show_practice("monitor")

# %% [markdown]
# ## The principles behind monitoring
#
# - **Outcomes-driven.** Reviews look at what the plan said would be
#   different, and at the evidence that it is
#   [Maryland, *We MONITOR & ADAPT: Assess & Re-Assess*].
# - **Family-centred.** The family and the child are asked whether the help
#   is helping, and their answer counts
#   [Maryland, *We MONITOR & ADAPT: Promote Active Collaboration and Participation*].
# - **Strength-based.** Progress is named and celebrated, in meetings and in
#   writing [Maryland, *Our Practice Principles (Individualized and Strength-Based)*].
# - **Accountability.** The family is told why the agency is still involved
#   and what would let it step back
#   [Maryland, *We MONITOR & ADAPT: Ensure Timely Progress & Closure*].

# %% [markdown]
# ## Worked example: the Moore family, six weeks on
#
# *The family is fictional.* (Keisha Moore and her twins, from the Team
# lesson.)
#
# The evening plan has held on most nights: Tanya has the twins three
# evenings, the church club two. Keisha says the twins are calmer at bedtime
# and she sleeps better knowing where they are. Then the church club closes for
# the summer, and twice in one week the twins' cousin (fourteen) was in charge
# again.
#
# **Counting.** "Keisha attended all four meetings; club attendance 80%. No
# concerns." This misses the two evenings and the reason for them.
#
# **Monitoring.** The worker asks Keisha and Tanya how the evenings have gone,
# hears about the summer closure, and calls a short meeting the same week.
# Denise, the back-up, takes the two club evenings until September; Keisha
# asks her manager for an earlier finish on Fridays. The worker writes the
# revised plan with dates, tells Keisha the twins' calm bedtimes are a real
# change worth noting, and says what would let the case close: the evening plan
# holding through the summer, with the family running it themselves.
#
# Behaviours seen: `monitor.track-behaviour-change`,
# `monitor.adapt-what-is-not-working`, `monitor.seek-family-feedback`,
# `monitor.celebrate-progress`, `monitor.clarify-path-to-closure`,
# `monitor.reassess-safety-and-risk`.

# %%
check("monitor-review-note")

# %%
check("monitor-club-closes")

# %%
check("monitor-when-we-close")

# %% [markdown]
# ## Play with it: a review that asks, or a review that decides
#
# The Yusuf family is a vignette written for these lessons (never graded).
# Halima, 29, has epilepsy; one winter morning a neighbour found her
# three-year-old Safiya outside on the walkway while Halima lay on the kitchen
# floor after a seizure. A morning plan was made with Halima, her brother
# Bilal, her neighbour Pauline and her friend Hodan. Ten weeks in, Halima had
# a seizure at the school gate, and nine-year-old Idris did what was agreed:
# he told the crossing guard, who rang Bilal. Two workers have done the same
# work up to now. At the review:
#
# - **Review with the family** goes over with Halima, and Idris in his own
#   way, how the seizure was handled and how the help feels, and adjusts it.
# - **The seizure means a move** treats the seizure as proof that the plan
#   failed, and proposes that Safiya stays with her uncle on weekdays.
#
# Both workers also face the foggy weeks earlier on, when Halima's new
# tablets left her muddled and she skipped doses; change how each handles them
# too. Compare engagement, then the table's other rows.

# %%
so_far = {
    "first-knock": "who-and-why",
    "that-morning": "threat-with-a-plan",
    "who-can-be-there": ["bilal-on-call", "pauline-next-door", "the-epilepsy-nurse", "hodan-on-the-school-run"],
    "the-morning-plan": "saturday-meeting",
    "help-around-the-seizures": ["nurse-review", "nursery-mornings", "young-carers-club"],
}
compare_futures(
    "yusuf-family",
    {
        "Review with the family": {**so_far, "foggy-weeks": "rework-it-together", "after-the-school-gate": "review-what-changed"},
        "The seizure means a move": {**so_far, "foggy-weeks": "report-the-doses", "after-the-school-gate": "the-seizure-shows-risk"},
    },
    vary=["foggy-weeks", "after-the-school-gate"],
    runs=100,
    measure="engagement_mean",
)

# %% [markdown]
# ## Practise: a scaling question at the review
#
# At a review, the same scaling question asked again shows movement in the
# family's own terms. Ask it of Halima, her brother Bilal and her neighbour
# Pauline, and of yourself; write down why each chose their number, and what
# would make it one point higher [Maryland, *We MONITOR & ADAPT: Promote Active Collaboration and Participation*].
# Your work is kept in `lesson-work/monitor/`.

# %%
yusuf = practice_case("yusuf-family", "monitor")
yusuf.scaling(
    "On a scale of 0 to 10, how well is the morning plan working for Halima and the children now?",
    low="nothing has changed for the better", high="it works and they would keep it as it is",
    tool_id="monitor-help-working",
)

# %% [markdown]
# *One review moves the odds a little. Monitoring is a habit repeated at every
# contact, and its effects add up over the life of a case.*
#
# ## Take it to your practice
#
# - Pick a plan you know. What is the one piece of evidence that would show
#   the plan's main goal is being met? When did someone last look for it?
# - Write the sentence you would use to tell a family what must change for
#   the case to close.
# - Next: **Plan the transition**.
