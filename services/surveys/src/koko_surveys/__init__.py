"""Koko surveys service."""
