"""The ``casework`` command: thin wrappers over the project's plain functions."""
