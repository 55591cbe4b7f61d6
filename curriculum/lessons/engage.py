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
# *Lesson, ungraded. About 45 minutes in class.*
#
# **By the end of this lesson you can**
#
# - open a first visit by saying who you are, why you came and what happens
#   next, in words the family can follow;
# - answer fear or anger by listening and reflecting back, without promises
#   you cannot keep and without threats;
# - name a family's strengths sincerely and ask what they hope for, in their
#   own words;
# - explain, with the simulation, why the way you engage changes what a family
#   can do with your help over the following months.
#
# Run each cell in order (Shift+Enter). Nothing here is graded: the checks tell
# you at once how you did, and you can try as often as you like.

# %%
from curriculum.toolkit import check, compare_futures, practice_case, show_practice

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
check(
    "Which opening line best shows 'Explain role, reason and next steps'?",
    [
        "\"I'm just here for a routine check, nothing to worry about.\"",
        "\"I'm Ana Ruiz from the county. The school was worried about Nia's missed days. I'm here to understand how things are and what would help, and I'll explain what happens next and your rights.\"",
        "\"You know why I'm here. Let's not waste each other's time.\"",
    ],
    1,
    [
        "Kind in tone, but it hides the real reason for the visit, and the family will feel misled when it comes out.",
        "It says who, why (the actual concern) and what comes next, and it invites questions.",
        "It assumes the family knows the concern and starts from suspicion instead of explanation.",
    ],
)

# %% [markdown]
# ## Worked example: "You're here to take my kids"
#
# Half an hour into the visit, Darnell says: "I know how this goes. You people
# take kids." A worker has three easy answers ready, and only one of them keeps
# the conversation honest and open.

# %%
check(
    "What do you say?",
    [
        "\"Don't worry, nobody is taking your children.\"",
        "\"Cooperating fully is the best way to keep your kids.\"",
        "\"It makes sense to be worried about that. Most families I work with keep their children at home, with some help. What would you want me to understand about your family?\"",
    ],
    2,
    [
        "A promise you cannot be sure of keeping is not transparent about authority, however kind it sounds.",
        "This uses the agency's power as a lever; you get compliance, not engagement, and you learn less.",
        "It reflects the fear back, is honest about what usually happens, and asks for the family's own view.",
    ],
)

# %%
check(
    "Darnell's first language is English, but his mother, who minds the children after school, speaks mainly Haitian Creole. Jordan offers to translate for her. What do you do?",
    [
        "Accept: Jordan is eleven, bright, and knows the family best.",
        "Thank Jordan, and arrange a qualified Haitian Creole interpreter for a conversation with his grandmother.",
        "Talk to the grandmother in English slowly; she will pick up the main points.",
    ],
    1,
    [
        "A child should never interpret in a child-welfare conversation: it burdens him and filters what the adults can say.",
        "A qualified interpreter lets her speak for herself and protects Jordan from carrying adult worries.",
        "She cannot take part in decisions she cannot follow; her view matters to the children's safety.",
    ],
)

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
# Practise both on the Harlow family, from your first assignment. Your work
# is saved at once in `lesson-work/engage/` beside this notebook and comes back
# when you run the notebook again.

# %%
harlow = practice_case("harlow-first-contact", "engage")
harlow.scaling(
    "On a scale of 0 to 10, how well does Jess understand why you came and what happens next?",
    low="she has no idea why you are here", high="she could explain it to Carol herself",
    tool_id="engage-understanding",
)

# %%
harlow.ecomap(tool_id="engage-ecomap")

# %% [markdown]
# ## Play with it: the same family, two ways of engaging
#
# The simulator plays a case forward many times with different luck (a late
# rent payment here, a sleepless week there). Below, the Harlow family (the
# case from your first assignment) meets two workers who make the same
# choices about everything except the first conversation.
#
# - **Collaborative**: explains who she is and why she came, and answers fear
#   by listening and asking for the family's view.
# - **Directive**: reads out the allegations and tells the mother that
#   cooperating is the only way to keep her children.
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
    "whose-view": ["jess-privately", "mia", "carol", "clinic-and-preschool"],
    "safety-decision": "safe-with-plan",
    "what-lies-beneath": "explore-needs",
    "make-the-safety-plan": "family-meeting",
    "which-services": ["recovery-with-rides", "home-visits"],
    "plan-goal": "behavioural-goal",
}
compare_futures(
    "harlow-first-contact",
    {
        "Collaborative": {**rest_of_the_case, "at-the-door": "name-role-purpose", "take-my-kids": "acknowledge-and-ask"},
        "Directive": {**rest_of_the_case, "at-the-door": "read-allegations", "take-my-kids": "cooperate-or-else"},
    },
    vary=["at-the-door", "take-my-kids"],
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
