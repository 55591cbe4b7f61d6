"""The course-side case service: it holds every trainee's case, decides, records, and answers with what may be seen."""
