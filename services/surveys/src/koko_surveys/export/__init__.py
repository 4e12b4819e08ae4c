"""Microdata exports to analysts and the panel view an admin grants."""
