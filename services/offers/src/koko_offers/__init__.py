"""Koko offers service."""
