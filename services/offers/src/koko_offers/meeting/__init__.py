"""Meetings of working groups and round tables with their participants, topics, decisions and
follow-ups (owner, due date, status). Never public."""
