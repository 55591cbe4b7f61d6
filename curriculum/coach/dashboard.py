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
# # Coach's dashboard
#
# For supervision: how a cohort, a module or one trainee is practising,
# behaviour by behaviour. Choose a trainee, a module and a behaviour; the
# plots and the evidence table follow. It reads the course's gradebook and
# every decision file (set `CASEWORK_COURSE` to the course folder; otherwise
# the current folder when it is a course, then `classroom/course`, then
# `demo/course`). Submissions that cannot be read are listed and skipped.
#
# This notebook shows every trainee's work and the answer key: keep it with
# the coaches.

# %%
import ipywidgets as widgets
from IPython.display import display

from grading.coach.analytics import dashboard_html
from grading.coach.evidence import behaviour_names, collect

from grading.course import find_course

course = find_course()  # a clear one-line error when there is none
data = collect(course)
names = behaviour_names()
print(f"{course}: {len(data.trainees)} trainees, {len(data.submissions)} submissions, {len(data.problems)} problems")

# %%
trainee = widgets.Dropdown(options=[("everyone", None)] + [(t, t) for t in data.trainees], description="Trainee")
module = widgets.Dropdown(options=[("all modules", None)] + [(m, m) for m in data.modules], description="Module")
behaviour = widgets.Dropdown(
    options=[("all behaviours", None)] + [(names.get(b, b), b) for b in names if b in set(data.evidence.behaviour)],
    description="Behaviour",
)
# an HTML widget rather than an Output widget: it renders the same in JupyterLab and in headless runs
view = widgets.HTML()


def render(_change=None):
    view.value = dashboard_html(data, trainee.value, module.value, behaviour.value)


for control in (trainee, module, behaviour):
    control.observe(render, names="value")
render()
display(widgets.VBox([widgets.HBox([trainee, module, behaviour]), view]))
