"""Releases: frozen sets of a study's submissions, the only source of figures for readers
without the analyst role."""
