"""Alembic environment of the surveys service."""

from koko_shared.database.alembic_env import run_migrations
from koko_surveys.models import metadata

run_migrations(metadata)
