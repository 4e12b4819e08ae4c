"""Actors of a region's network (Akteure): providers, administration units, Jobcenter, schools,
migrant organisations, initiatives ... with their fields of action, areas and contact role."""
