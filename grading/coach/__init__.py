"""grading.coach."""
