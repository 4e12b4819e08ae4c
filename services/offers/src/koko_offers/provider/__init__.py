"""Providers (Träger): the organizations that run offers."""
