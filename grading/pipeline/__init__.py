"""The steps nbgrader runs on a submission (preprocessors), in one place.

The lists below are written into each course's ``nbgrader_config.py`` at build,
so the order of the steps is declared once, here.
"""
