"""Suggestions while a newcomer types into a finder's search box (autocomplete)."""
