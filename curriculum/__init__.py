"""The course trainees take: notebooks, and the widget toolkit they use."""
