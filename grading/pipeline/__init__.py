"""The steps nbgrader runs on a submission (preprocessors), in one place.

The lists below are written into each course's ``nbgrader_config.py`` at build,
so the order of the steps is declared once, here.
"""

# nbgrader's sanitising pass (submitted -> autograded): ours first, then nbgrader's own
SANITIZE_STEPS = [
    "grading.pipeline.submission.SanitiseSubmission",
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# nbgrader's grading pass: no Execute step, the trainee's code never runs at grading
AUTOGRADE_STEPS = [
    "grading.pipeline.answers.SanitiseAnswers",
    "grading.pipeline.coach_grades.RememberCoachGrades",
    "grading.pipeline.score.ScoreDecisions",
    "grading.pipeline.playout.PlayOutCase",
    "nbgrader.preprocessors.SaveAutoGrades",
    "grading.pipeline.coach_grades.RestoreCoachGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
    "grading.pipeline.rubrics.InsertRubrics",
]
# feedback: scores and messages, never a rubric; the key's reasons and the practice model's futures only once
# the coach has released the key (casework release-key)
FEEDBACK_STEPS = [
    "grading.pipeline.rubrics.RemoveRubrics",
    "nbgrader.preprocessors.GetGrades",
    "grading.pipeline.feedback.HoldBackKey",
    "grading.pipeline.feedback.NameFeedbackCells",
    "nbgrader.preprocessors.ClearHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
