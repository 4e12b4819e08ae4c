"""Translations of every human-readable field into any BCP-47 language, with their states."""
