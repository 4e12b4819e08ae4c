"""Search synonyms: what a newcomer types ("Deutschkurs", "German course") and the catalogue
words it also means ("Integrationskurs"), kept as data coordinators extend."""
