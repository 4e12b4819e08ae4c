"""The surveys service's own SQLModel registry and metadata (shared naming convention), so its
tables never mix with another service's metadata in the same process."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from koko_shared.database.naming import service_metadata

metadata = service_metadata()
_registry = registry(metadata=metadata)


class SurveysModel(SQLModel, registry=_registry):
    """Base class of every surveys table."""
