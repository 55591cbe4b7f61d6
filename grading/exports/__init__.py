"""What the coach's side writes for other systems: LMS gradebook files, xAPI statements."""
