"""The small library shared by Koko services."""
