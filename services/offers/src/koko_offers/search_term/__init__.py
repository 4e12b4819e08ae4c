"""The dictionary of the catalogue's words: what a search word that no offer contains is
corrected to."""
