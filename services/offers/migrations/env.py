"""Alembic environment of the offers service."""

from koko_offers.models import metadata
from koko_shared.database.alembic_env import run_migrations

run_migrations(metadata)
