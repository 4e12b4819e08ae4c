"""The surveys service's own SQLModel registry and metadata (shared naming convention), so its
tables never mix with another service's metadata in the same process."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TEXT
from sqlalchemy.orm import registry
from sqlmodel import SQLModel

from koko_shared.database.naming import service_metadata

metadata = service_metadata()
_registry = registry(metadata=metadata)


class SurveysModel(SQLModel, registry=_registry):
    """Base class of every surveys table."""


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_column() -> Any:
    return Column(DateTime(timezone=True), nullable=False, server_default=func.now())


def timestamp_column(*, nullable: bool = True) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


def text_array_column(default: str = "{}") -> Any:
    return Column(ARRAY(TEXT), nullable=False, server_default=default)


def jsonb_column(*, nullable: bool = False, default: str = "{}") -> Any:
    return Column(JSONB, nullable=nullable, server_default=None if nullable else default)
