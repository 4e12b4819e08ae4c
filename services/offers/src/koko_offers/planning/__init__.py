"""Course planning across providers: upcoming starts, gaps, clashes and utilisation of a region."""
