"""Pathways (Prozessketten): ordered steps towards a goal such as vocational training."""
