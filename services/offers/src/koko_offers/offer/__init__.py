"""Offers (HSDS services): what a provider offers, for whom, where, at what cost."""
