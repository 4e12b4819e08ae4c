"""Regions keyed by the official Regionalschlüssel (ARS) and the areas a city defines itself."""
