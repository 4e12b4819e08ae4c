"""Append-only change log: who changed what and when (HSDS metadata)."""
