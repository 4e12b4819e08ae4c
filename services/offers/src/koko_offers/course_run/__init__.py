"""Course runs (CourseInstance): dated runs of an offer with capacity and free seats."""
