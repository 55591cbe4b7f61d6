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
# *Lesson, ungraded. About 45 minutes in class.*
#
# **By the end of this lesson you can**
#
# - talk with a family about life after the agency from the first weeks of a
#   case, and build toward it;
# - check, before closing, that the family's own network is carrying the
#   safety plan and that the family can explain how the children will stay safe;
# - agree with the family what they will do, and whom they will call, if
#   things slip after closure;
# - make sure the family is already linked to the community supports it will
#   keep using;
# - prepare a child for a move or a change of worker, and an older youth for
#   adult life.
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, practice_case, show_practice

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
check(
    "When should transition planning start?",
    [
        "When the case is ready to close.",
        "From the first weeks of the case.",
        "After the last service has finished.",
    ],
    1,
    [
        "By then there is no time to build the network and habits that will carry safety afterwards.",
        "The models ask for it early, so that the whole case builds the family's own capacity toward the point the agency steps back.",
        "Services ending is not the same as safety being carried by the family's own people.",
    ],
)

# %%
check(
    "Which check shows the Washington case is ready to close?",
    [
        "All services have been completed.",
        "Gloria can explain how the boys will be cared for if she is admitted again, and Mr Okoye and Bernice are already doing their parts.",
        "There have been no new reports for three months.",
    ],
    1,
    [
        "Finishing services is not evidence that anyone will keep the boys safe next time.",
        "The family can say how safety works without the agency, and the network is already carrying it.",
        "No reports is not the same as a plan that works; nobody may have been looking.",
    ],
)

# %%
check(
    "Eli, 6, is moving from a foster home back to his father next week. Which step matters most for him?",
    [
        "Keep the move quiet until the day, so he does not worry.",
        "Tell him what will happen and when, talk about missing his foster carers, let him take his things and say goodbye, and give his father his routines.",
        "Move him quickly on a school day so that life stays normal.",
    ],
    1,
    [
        "Surprises make moves more frightening, not less.",
        "Explaining, making room for loss, keeping belongings and passing on routines all make the move safer for him.",
        "Speed without preparation adds to the loss.",
    ],
)

# %% [markdown]
# ## Play with it: stepping back with a plan, or with a letter
#
# Walter Lindqvist again. The help is in place, the house is warm, the church
# group and his neighbour look in. The unit expects the case to close. Two
# workers have done everything the same up to here:
#
# - **Plan for after**: goes over with Walter, his daughter, his neighbour and
#   his pastor what could go wrong next winter, who does what, and when
#   someone will check in.
# - **Closing letter**: sends a letter saying the case will reopen if there is
#   a new report.
#
# Compare *Incidents after the case closed*, then *Safety incidents*. Try also
# changing who chose the team at the kitchen-table meeting: the team is the
# network that carries safety after closure. Small differences are normal
# here: look at the table, and at how often each style has no incident at all.

# %%
so_far = {
    "at-the-storm-door": "plain-purpose-and-rights",
    "how-he-manages": "show-me",
    "whose-view": ["practice-nurse", "karin-with-consent", "luis", "doctor-capacity"],
    "his-choice": "his-choice-with-safety-first",
    "what-help-first": ["furnace-repair", "home-health-nurse", "meals", "alarm-pendant"],
    "making-the-referrals": "warm-from-his-kitchen",
    "missed-appointments": "bring-the-clinic-closer",
    "the-waiting-list": "appeal-and-bridge",
    "is-the-help-helping": "review-with-walter",
}
compare_futures(
    "lindqvist-home-safely",
    {
        "Plan for after": {**so_far, "around-the-kitchen-table": "walter-chooses-the-team", "stepping-back": "plan-for-after"},
        "Closing letter": {**so_far, "around-the-kitchen-table": "walter-chooses-the-team", "stepping-back": "closing-letter"},
    },
    vary=["around-the-kitchen-table", "stepping-back"],
    runs=100,
    measure="incidents_after_closure",
)

# %% [markdown]
# ## Practise: who carries Walter's safety after closure?
#
# Build Walter's safety network as it should stand on the day the case
# closes: who looks in, who he calls if the furnace fails or he falls, who
# notices first if things slip. Give each person a role that is theirs, not a
# professional's [Maryland, *We PLAN FOR TRANSITION: Support Lasting Relationships and Connections*].
# Your work is kept in `lesson-work/transition/`.

# %%
walter = practice_case("lindqvist-home-safely", "transition")
walter.safety_network(tool_id="transition-network")

# %% [markdown]
# ## Take it to your practice
#
# - For a case you expect to close this year, write down who, other than a
#   professional, will notice first if things start to slip.
# - Draft the question you would ask a family in the first month about life
#   after the agency.
# - Next: the **Capstone**, where one case runs from the report to closure.
