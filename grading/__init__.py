"""Course build, scoring, nbgrader glue, feedback and coach reports."""
