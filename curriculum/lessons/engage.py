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
# # Engage: the working relationship
#
# Run each cell in order (Shift+Enter). Nothing here is graded: the checks tell
# you at once how you did, and you can try as often as you like.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("engage")

# %% [markdown]
# ## What engagement is for
#
# Everything else in a case rests on the relationship between the worker and
# the family. A family that understands why you are there, that has been told
# the truth about your role and your powers, and that feels heard, can tell
# you what is really going on and can take part in keeping its children safe.
# A family that feels judged or cornered tends to say what it thinks you want
# to hear.
#
# The source models agree that engagement starts at the first knock on the
# door and never stops: it is built, or lost, in every contact
# [Maryland, *We ENGAGE*] [California, *CASEWORK COMPONENTS – WHAT WE DO: ENGAGEMENT*].
# Honesty, respect and empathy are the means; the aim is a working
# relationship good enough to do hard things together
# [NCCD, *Overarching Objectives of an Integrated Social Work Practice Model (Development of good working relationships)*].
# Wisconsin counts engaging as a skill a worker must be able to show, not only
# an attitude [Wisconsin, *Required Skills: Engaging*].
#
# The behaviours below come straight from the course's practice-behaviour
# catalog, so the lesson and the grading always use the same words.

# %%
show_practice("engage")

# %% [markdown]
# ## The principles behind engagement
#
# - **Family-centred.** The family knows its own life best. You explain your
#   role, the concern and the family's rights so that they can make real
#   choices, and you give weight to what they decide
#   [Maryland, *We ENGAGE: Partner and Collaborate*].
# - **Trauma-responsive.** A visit from child welfare can itself be
#   frightening. Anger, silence or "I know how this works" may be fear talking.
#   Slow down, be plain, and do not add pressure
#   [Maryland, *Our Practice Principles (Trauma-Responsive)*].
# - **Strength-based.** People take part more readily when their efforts are
#   noticed. Naming what is going well is not flattery; it is part of an
#   accurate picture [Wisconsin, *Required Skills: Engaging*].
# - **Culturally and linguistically responsive.** Find out which language and
#   which words each person prefers, and book a qualified interpreter rather
#   than leaning on a child [Wisconsin, *Required Skills: Communicating*].
#
# Being open about authority is part of respect, not the opposite of it: the
# family deserves to know what the agency is worried about and what it can do
# [Maryland, *We ENGAGE: Respect and Honor*].
#
# **A person's right to choose.** With an adult who can weigh their own
# decisions (an older person living alone, for example) or a youth old enough
# to weigh the options, the decision is theirs. The worker's part is to talk
# through the risks each of them sees and to find the least restrictive
# protection the person will accept, not to override them
# [Maryland, *Overview of our SSA Integrated Practice Model (Adult Services)*].

# %% [markdown]
# ## Worked example: two first visits
#
# *The family is fictional.*
#
# A school counsellor has called about Nia Price, who is seven. Nia has missed
# nine days of school this term and told her teacher that her dad "sleeps all
# day now". Her father, Darnell Price, has raised Nia and her brother Jordan
# (eleven) on his own since their mother died two years ago. The school also
# says that both children are polite, that Jordan walks Nia to class when they
# do come, and that Darnell came to every parents' evening last year.
#
# **Visit A.** The worker says: "I'm from child protective services. There's
# been a report about neglect. I need to look around and talk to the children
# alone." Darnell answers every question with "fine". The worker leaves with a
# list of worries and no idea why things changed this term.
#
# **Visit B.** The worker says: "My name is Ana Ruiz, I'm a caseworker with
# the county. Nia's school got in touch because she has missed a lot of days
# this term and they were worried about how things are at home. I'm here to
# understand how your family is doing and whether there's anything that would
# help. I'll explain what happens next and what your rights are, and you can
# ask me anything." Darnell is wary, but when she says that the school told
# her how reliably he came to parents' evenings, he says that things have gone
# wrong since he started night shifts in September.
#
# Visit B shows `engage.explain-purpose` (who, why, what next, rights),
# `engage.be-transparent-about-authority` (the real concern, stated plainly) and
# `engage.acknowledge-strengths` (a specific, sincere strength). None of this
# makes the worry smaller: Nia is still missing school. It makes it possible to
# find out why.

# %%
check("engage-opening-line")

# %% [markdown]
# ## Worked example: "You're here to take my kids"
#
# Half an hour into the visit, Darnell says: "I know how this goes. You people
# take kids." A worker has three easy answers ready, and only one of them keeps
# the conversation honest and open.

# %%
check("engage-fear-of-removal")

# %%
check("engage-child-interpreter")

# %% [markdown]
# ## Practise: the family's own view, and the people who matter
#
# Two tools help from the first visit. A **scaling question** asks for a
# number from 0 to 10 and, more importantly, the reasons behind it: it gives
# the family a simple way to say how things look to them, and "what would make
# it one point higher?" opens the conversation about what would help
# [California, *II. Engagement Behaviors*]. An **ecomap** draws the household
# with the people and places around it, so that you and the family can see
# who matters and who could help [Maryland, *We ENGAGE: Partner and Collaborate*].
#
# Practise both on the Varga family, a vignette written for these lessons and
# never graded. Leo, six, came to school with welts on the backs of his legs
# and told his teacher his dad used a belt after he ran into a car park. His
# father Tomas drives a delivery van, long days; his mother Erin works three
# evenings a week; Poppy is three. Your work is saved at once in
# `lesson-work/engage/` beside this notebook and comes back when you run the
# notebook again.

# %%
varga = practice_case("varga-family", "engage")
varga.scaling(
    "On a scale of 0 to 10, how well do Tomas and Erin understand why you came and what happens next?",
    low="they have no idea why you are here", high="they could explain it to Ilona themselves",
    tool_id="engage-understanding",
)

# %%
varga.ecomap(tool_id="engage-ecomap")

# %% [markdown]
# ## Play with it: the same family, two ways of engaging
#
# The simulator plays a case forward many times with different luck (a week
# of overtime here, a sleepless week there). Below, the Varga family meets two
# workers who make the same choices about everything except the first
# conversation.
#
# - **Collaborative**: says who she is and why she came, and answers Tomas's
#   anger by hearing what he wants for Leo while being honest that the belt is
#   something she has to act on.
# - **Directive**: asks to see Leo's legs before anything else, and sets out
#   the law as an ultimatum.
#
# Each style is played 100 times with the same luck, so the only difference is
# how the first conversation went. Try other choices in the drop-down lists,
# pick another outcome to compare, and press **Play the futures**. The text
# under the plot says the same as the plot in words.
#
# Things to notice: how far apart the two spreads are; whether the worse style
# is *always* worse (look at the overlap); how engagement early on shows up
# later as closure and fewer incidents.

# %%
# after the first conversation, both workers make the same choices for the rest of the case
rest_of_the_case = {
    "whose-accounts": ["each-parent-alone", "leo-at-school", "grandmother-ilona", "childminder-and-doctor"],
    "after-the-belt": "manage-it-at-home",
    "what-drives-it": "the-hours-before",
    "people-to-call-on": "map-their-people",
    "plan-for-hard-evenings": "meeting-with-their-people",
    "support-to-offer": ["family-centre-evenings", "leos-assessment", "thursday-fathers"],
    "what-the-goal-says": "calm-evenings",
}
compare_futures(
    "varga-family",
    {
        "Collaborative": {**rest_of_the_case, "on-the-doorstep": "name-the-worry", "how-i-was-brought-up": "hear-him-and-be-clear"},
        "Directive": {**rest_of_the_case, "on-the-doorstep": "see-leo-first", "how-i-was-brought-up": "set-out-the-law"},
    },
    vary=["on-the-doorstep", "how-i-was-brought-up"],
    runs=100,
    measure="engagement_mean",
)

# %% [markdown]
# *Everything after the first conversation is the same for both workers, so
# the difference you see comes from those first minutes: a family that trusts
# the worker takes up the help and carries the plan.*
#
# ## Take it to your practice
#
# - Write your own opening line for a first visit in your agency, with who,
#   why, what next and the family's rights, in under forty words.
# - Think of a family who was angry at your first visit. What might the anger
#   have been protecting?
# - Next: **Team** (who else belongs in this conversation), then **Assess**.
