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
# *Lesson, ungraded. About 45 minutes in class.*
#
# **By the end of this lesson you can**
#
# - look for evidence of changed behaviour and safer daily care at each
#   review, rather than counting sessions attended;
# - reassess safety and risk when circumstances change, and update the plan;
# - change a strategy that is not working, with the family and team, without
#   waiting for the next scheduled review;
# - ask the family and the child whether the help feels useful, and name the
#   progress they have made;
# - tell the family plainly what still has to change for the case to close.
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, practice_case, show_practice

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
check(
    "Which review note tracks behaviour change?",
    [
        "\"Keisha attended 4 of 4 meetings. Compliant.\"",
        "\"The twins have had an adult with them on 18 of 20 evenings; the two gaps followed the club's summer closure and are now covered by Denise.\"",
        "\"No new reports received this month.\"",
    ],
    1,
    [
        "Attendance says nothing about who was with the twins in the evenings.",
        "It measures the thing the plan was meant to change, names the gap and how it was fixed.",
        "No news is not evidence; nobody may have been looking.",
    ],
)

# %%
check(
    "The church club closes for the summer, three weeks before the next scheduled review. What do you do?",
    [
        "Wait for the review; the plan runs until then.",
        "Reassess with the family now, and agree a change to the plan with dates.",
        "Tell Keisha she must find another club herself before the review.",
    ],
    1,
    [
        "A change in circumstances is a reason to reassess straight away, not at the next date on the calendar.",
        "Circumstances changed, so the worker reviews the cause with the family and team and revises the plan promptly.",
        "The plan is the team's; leaving one person to fix it alone is not adapting it together.",
    ],
)

# %%
check(
    "Keisha asks: \"When will you be out of our lives?\" What is the best answer?",
    [
        "\"That's for my supervisor to decide.\"",
        "\"When the twins have had an adult with them every evening through the summer, with your family running the plan, I'll recommend closing. We'll look at it together in August.\"",
        "\"Soon, don't worry.\"",
    ],
    1,
    [
        "True that others may sign off, but the family deserves to know the conditions.",
        "It names the specific change that would let the case close, and when it will be checked.",
        "Vague reassurance gives the family nothing to work toward.",
    ],
)

# %% [markdown]
# ## Play with it: a review that asks, or a review that decides
#
# Walter Lindqvist, from the Intervene assignment, is 81 and wants to stay in
# his farmhouse. Ten weeks in, things are better, and last week he slipped in
# the bathroom, pressed his alarm pendant and his neighbour came in ten
# minutes. Two workers have done the same work up to now. At the review:
#
# - **Review with Walter** goes over what has changed with him (and his
#   daughter on the phone), asks how the help feels, and adjusts it.
# - **The fall means a move** treats the fall as proof the plan failed.
#
# Both workers also face the missed eye-clinic appointments earlier on; change
# how each handles them too. Compare engagement, then the table's other rows.

# %%
so_far = {
    "at-the-storm-door": "plain-purpose-and-rights",
    "how-he-manages": "show-me",
    "whose-view": ["practice-nurse", "karin-with-consent", "luis", "doctor-capacity"],
    "his-choice": "his-choice-with-safety-first",
    "around-the-kitchen-table": "walter-chooses-the-team",
    "what-help-first": ["furnace-repair", "home-health-nurse", "meals", "alarm-pendant"],
    "making-the-referrals": "warm-from-his-kitchen",
    "the-waiting-list": "appeal-and-bridge",
}
compare_futures(
    "lindqvist-home-safely",
    {
        "Review with Walter": {**so_far, "missed-appointments": "bring-the-clinic-closer", "is-the-help-helping": "review-with-walter"},
        "The fall means a move": {**so_far, "missed-appointments": "record-non-compliance", "is-the-help-helping": "fall-means-move"},
    },
    vary=["missed-appointments", "is-the-help-helping"],
    runs=100,
    measure="engagement_mean",
)

# %% [markdown]
# ## Practise: a scaling question at the review
#
# At a review, the same scaling question asked again shows movement in the
# family's own terms. Ask it of Walter, his daughter Karin and his neighbour
# Luis, and of yourself; write down why each chose their number, and what
# would make it one point higher [Maryland, *We MONITOR & ADAPT: Promote Active Collaboration and Participation*].
# Your work is kept in `lesson-work/monitor/`.

# %%
walter = practice_case("lindqvist-home-safely", "monitor")
walter.scaling(
    "On a scale of 0 to 10, how well is the help working for Walter now?",
    low="nothing has changed for the better", high="it works and he would keep it as it is",
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
