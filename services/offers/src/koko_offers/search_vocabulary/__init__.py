"""The version of what searches are prepared from (migration 0018)."""
