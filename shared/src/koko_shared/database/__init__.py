"""Database access: embedded server, URL resolution, engine, request-owned transactions, migrations."""
