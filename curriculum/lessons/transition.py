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
# # Plan the transition: safety that lasts when the agency steps back
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("transition")

# %% [markdown]
# ## What transition planning is for
#
# Every case ends, and many change hands along the way: a new worker, a move
# between carers, a return home, a young person's eighteenth birthday.
# Transition planning makes those changes safe. Its central idea is a shift
# from formal to informal support: by the time the agency leaves, the child's
# safety should rest on the family and the people around it, not on
# professional visits [California, *CASEWORK COMPONENTS – WHAT WE DO: TRANSITION*]
# [NCCD, *What will I learn about the process?*].
#
# Maryland asks workers to start planning for the transition at the beginning,
# to keep the family's lasting relationships at the centre, and to leave a
# plan for what to do if things go wrong
# [Maryland, *We PLAN FOR TRANSITION (introduction)*]
# [Maryland, *We PLAN FOR TRANSITION: Ensure sustained success*]. California
# adds the preparation of children and families for changes of placement and
# worker [California, *VI. Transition Behaviors*].

# %%
show_practice("transition")

# %% [markdown]
# ## The principles behind transition
#
# - **Community-focused.** Relatives, neighbours, faith groups and local
#   services are the supports that stay
#   [Maryland, *We PLAN FOR TRANSITION: Support Lasting Relationships and Connections*].
# - **Outcomes-driven.** Closure is earned by safety that holds without the
#   agency, checked with the family and network, not by a date on a calendar
#   [Maryland, *Our Core Practices: Transition*].
# - **Trauma-responsive.** Moves and endings are losses. Children need to
#   know what is happening, to say goodbye, and to keep their routines and
#   belongings [Maryland, *We PLAN FOR TRANSITION: Promote Physical and Psychological Safety and Stability*].
# - **Strength-based, for older youth.** A young person leaving care needs a
#   plan for housing, money, school and work, and caring adults who will stay
#   [Wisconsin, *Values and Principles: Fostering Connections for Youth*].

# %% [markdown]
# ## Worked example: closing the Washington case
#
# *The family is fictional.* (Gloria Washington and her grandsons, from the
# Assess and Plan lessons.)
#
# Six months on, Gloria's blood sugar is steadier, and when she was admitted
# overnight in March the plan worked: she called Mr Okoye from the ambulance,
# and the boys slept at his flat. Malik now cooks supper twice a week on his
# own, safely.
#
# **From the start.** In the first month the worker asked Gloria: "When I'm no
# longer coming round, who will you call if you're admitted?" The plan was
# built so that Mr Okoye and Bernice, not the agency, did the work.
#
# **Before closing.** At a last family meeting, Gloria explains the plan to
# the worker in her own words. Together they list what could go wrong (Mr
# Okoye moves away, a long admission, Malik's exams) and agree what happens
# in each case and whom Gloria will call. Bernice will phone every Sunday. The
# boys are already at the youth club, and Gloria has joined a diabetes support
# group at her church. A follow-up call is set for two months after closure.
#
# Behaviours seen: `transition.plan-early`,
# `transition.sustain-safety-after-closure`,
# `transition.make-contingency-plan`,
# `transition.link-to-community-supports`.
#
# **A different transition.** Jaylen, 17, has lived with the same foster
# family for three years and wants to stay in the town after eighteen. His
# worker starts a transition assessment with him a year ahead: housing,
# money, finishing school, a part-time job, and the adults who will stay in his
# life (his football coach, his aunt, his foster parents). That is
# `transition.prepare-youth-for-adulthood`.

# %%
check("transition-when-to-start")

# %%
check("transition-ready-to-close")

# %%
check("transition-child-moving")

# %% [markdown]
# ## Play with it: stepping back with a plan, or with a letter
#
# The Yusuf family again, from the Monitor lesson (a vignette, never graded).
# Halima's new tablets suit her, the mornings have been covered for six weeks,
# Safiya loves her nursery, and Idris goes to the young carers' club on
# Saturdays. The unit expects the case to close. Two workers have done
# everything the same up to here:
#
# - **Plan for after**: goes over with Halima, Bilal, Pauline and Hodan what
#   could go wrong (a run of seizures, the nursery's summer break), whom Halima
#   calls for each, and when someone will check in.
# - **Closing letter**: writes to say the case is closing, with the duty
#   team's number in case anything goes wrong again.
#
# Compare *Incidents after the case closed*, then *Safety incidents*. Try also
# changing whom the worker brought in for the mornings at the start: those
# people are the network that carries safety after closure. Small differences
# are normal here: look at the table, and at how often each style has no
# incident at all.

# %%
so_far = {
    "first-knock": "who-and-why",
    "that-morning": "threat-with-a-plan",
    "the-morning-plan": "saturday-meeting",
    "help-around-the-seizures": ["nurse-review", "nursery-mornings", "young-carers-club"],
    "foggy-weeks": "rework-it-together",
    "after-the-school-gate": "review-what-changed",
    "idris-asks": "talk-it-through",
}
mornings = ["bilal-on-call", "pauline-next-door", "the-epilepsy-nurse", "hodan-on-the-school-run"]
compare_futures(
    "yusuf-family",
    {
        "Plan for after": {**so_far, "who-can-be-there": mornings, "handing-it-over": "what-if-it-slips"},
        "Closing letter": {**so_far, "who-can-be-there": mornings, "handing-it-over": "closure-by-post"},
    },
    vary=["who-can-be-there", "handing-it-over"],
    runs=100,
    measure="incidents_after_closure",
)

# %% [markdown]
# ## Practise: who carries the Yusuf family's mornings after closure?
#
# Build the family's safety network as it should stand on the day the case
# closes: who calls or knocks in the mornings, whom Halima calls after a
# seizure, who takes Safiya to nursery when Halima cannot, who notices first if
# things slip, and who Idris can talk to. Give each person a role that is
# theirs, not a professional's [Maryland, *We PLAN FOR TRANSITION: Support Lasting Relationships and Connections*].
# Your work is kept in `lesson-work/transition/`.

# %%
yusuf = practice_case("yusuf-family", "transition")
yusuf.safety_network(tool_id="transition-network")

# %% [markdown]
# ## Take it to your practice
#
# - For a case you expect to close this year, write down who, other than a
#   professional, will notice first if things start to slip.
# - Draft the question you would ask a family in the first month about life
#   after the agency.
# - Next: the **Capstone**, where one case runs from the report to closure.
