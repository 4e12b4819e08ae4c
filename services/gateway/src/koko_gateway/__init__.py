"""Koko gateway service."""
