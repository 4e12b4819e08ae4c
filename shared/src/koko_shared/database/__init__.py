"""Database access: embedded server, URLs, engine, request-owned transactions, migrations."""
