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
# # Assess: a balanced picture of safety, risk, strengths and needs
#
# Run each cell in order. Nothing here is graded.

# %%
from curriculum.toolkit import check, compare_futures, lesson, practice_case, show_practice

lesson.objectives("assess")

# %% [markdown]
# ## What assessment is for
#
# Assessment answers two different questions, and keeping them apart is the
# first skill. **Safety**: is anything threatening the child right now that
# needs a response today? **Risk and need**: how likely is harm in the coming
# months, and what lies behind the worry? Massachusetts builds its practice
# around separate danger, safety and risk judgements, each supported by
# research-based tools [Massachusetts, *Determine Whether There Are Danger Factors Impacting Safety of Child*].
# NCCD joins such tools with strengths-based work so that conclusions are both
# consistent and grounded in the family's real life
# [NCCD, *Overarching Objectives of an Integrated Social Work Practice Model (Use of critical thinking and decision-support tools)*].
#
# It starts with the right response. Massachusetts' differential response
# sends a screened-in report either to an investigation or to a family
# assessment, depending on how serious the allegation is and whether a child
# is in immediate danger; the family should be told plainly which path it is
# on and what that means [Massachusetts, *ICPM: Key Features (Differential Response)*].
#
# Assessment never finishes. It starts at the first contact and is revisited
# whenever something changes [Maryland, *We ASSESS (introduction)*]
# [California, *III. Assessment Behaviors*]. It draws on many voices: each
# family member, the child in a way that suits their age, the network and the
# professionals who know the family [Wisconsin, *Strategies for Core Practice Functions: Assessment*].

# %%
show_practice("assess")

# %% [markdown]
# ## The principles behind assessment
#
# - **Outcomes-driven.** Conclusions are stated, with the facts behind them,
#   so that others can check them and so that progress can later be measured
#   against them [Maryland, *We ASSESS: Analyzing Findings to Create a Comprehensive Report & Sharing Results*].
# - **Strength-based.** What already keeps the child safe (a grandmother who
#   comes every evening, a steady routine) is evidence too, and the plan will
#   be built on it [Wisconsin, *Required Skills: Assessing*].
# - **Trauma-responsive.** Behaviour that worries us often has a history:
#   pain, loss, violence, or past contact with the system. Look beneath it
#   [California, *CASEWORK COMPONENTS – WHAT WE DO: ASSESSMENT*].
# - **Culturally responsive.** Ask how the family's culture and circumstances
#   shape its parenting before you interpret what you see
#   [Maryland, *We ASSESS: Engage & Partner To Gather Information*].

# %% [markdown]
# ## Worked example: Gloria Washington and her grandsons
#
# *The family is fictional.*
#
# Gloria Washington, 67, has raised her grandsons Isaiah (9) and Malik (13)
# for four years, since their mother went to prison. A school nurse reports
# that Malik came to school with a burn on his hand from cooking, and that the
# boys were alone at home for two nights last month while Gloria was in
# hospital with her diabetes.
#
# The worker hears Gloria, each boy separately (Malik at school, Isaiah at
# home with a drawing), the school nurse, and, with Gloria's agreement, her
# neighbour Mr Okoye.
#
# | What we are worried about | What is working well | What needs to happen |
# |---|---|---|
# | If Gloria goes into hospital again, nobody has agreed to look after the boys. | The boys go to school every day, clean and fed. | An agreed plan for who cares for the boys if Gloria is admitted. |
# | Malik (13) cooks on a gas stove alone; he burned his hand. | Malik is proud of cooking for his brother; Isaiah says he feels safe with Gloria. | Gloria's health care arranged so admissions are rarer. |
# | Gloria's blood sugar has been hard to control this year. | Mr Okoye has known the boys since they were small and offers to help. | Someone to teach Malik to cook safely. |
#
# **Danger now?** Gloria is home, well and caring for the boys; there is no
# present danger that needs action today. **Risk?** Without a plan, another
# hospital stay would leave the boys alone again, so risk of future harm is
# real. That is a risk to plan for, not a reason for removal.
#
# **A danger statement** the family could hear: *"The school nurse and I are
# worried that if Gloria has to go into hospital again, Isaiah and Malik could
# be left at home with no adult for days, and Malik might be hurt cooking for
# them, or nobody would notice if one of them was ill or in trouble."*

# %%
check("assess-danger-or-risk")

# %%
check("assess-danger-statement")

# %%
check("assess-tool-and-judgement")

# %% [markdown]
# ## Practise: map, state, scale and assess the Varga family
#
# Four tools, one after another, on the Varga family (the vignette from the
# Engage and Team lessons, never graded: welts on six-year-old Leo's legs from
# his father's belt). Your work is kept in `lesson-work/assess/`.
#
# 1. **The three columns.** The case file's worries and strengths are filled
#    in to start you off; rewrite them in words Tomas and Erin would use, and
#    add what you would still ask about [Maryland, *We ASSESS: Engage & Partner To Gather Information*].
# 2. **A danger statement**, built from four questions: who is worried, what
#    might happen, in what circumstances, and with what impact on the children.
# 3. **A scaling question** about the children's safety, answered from
#    several people's points of view; where the numbers differ, ask why.
# 4. **The structured safety and risk assessment**: mark each threat from
#    what you know, tick the protective capacities you have seen, and give your
#    own decision and reasons [California, *III. Assessment Behaviors*].

# %%
varga = practice_case("varga-family", "assess")
varga.three_columns(from_case_file=True, tool_id="assess-three-columns")

# %%
varga.danger_statement(tool_id="assess-danger-statement")

# %%
varga.scaling(tool_id="assess-safety-scaling")

# %%
varga.assessment(tool_id="assess-structured")

# %% [markdown]
# ## Play with it: a safety decision and its costs
#
# Back to the Varga family. Tomas has told you he used the belt twice this
# year, both times after a long shift, alone with the children, when Leo ran
# into the road. Two workers agree that a safety threat is present. They
# differ in the safety decision:
#
# - **Safe with a plan**: the threat is managed at home with a plan made with
#   Tomas, Erin and the people around them.
# - **Placement**: Leo and Poppy go into foster care today.
#
# Start with *Weeks the child spent in care*, then compare *Safety
# incidents* and *Placement moves*. A placement prevents some incidents at
# home; it also brings weeks apart from family and moves between carers. The
# simulator counts both, as a worker must. Try the other options too,
# including "no present danger", and the different ways of making sense of
# the belt.

# %%
opening = {"on-the-doorstep": "name-the-worry", "how-i-was-brought-up": "hear-him-and-be-clear"}
compare_futures(
    "varga-family",
    {
        "Safe with a plan": {**opening, "after-the-belt": "manage-it-at-home", "plan-for-hard-evenings": "meeting-with-their-people"},
        "Placement": {**opening, "after-the-belt": "place-both-children", "plan-for-hard-evenings": "meeting-with-their-people"},
    },
    vary=["after-the-belt", "what-drives-it"],
    runs=100,
    measure="weeks_in_care",
)

# %% [markdown]
# ## Take it to your practice
#
# - Take one of your current cases and write its danger statement in under
#   sixty words. Would the parent recognise it as fair?
# - List three things that already keep that child safe. Are they in your
#   case notes?
# - Next: **Plan**, where the danger statement becomes a safety goal.
