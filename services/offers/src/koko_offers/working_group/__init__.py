"""Working groups, round tables, steering groups and networks of a region, where actors meet."""
