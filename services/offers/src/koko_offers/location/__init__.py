"""Locations where offers take place."""
