"""The offers service's SQLModel metadata (with the shared naming convention) and column helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TEXT
from sqlmodel import SQLModel

from koko_shared.database.naming import NAMING_CONVENTION

SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata = SQLModel.metadata


def utcnow() -> datetime:
    return datetime.now(UTC)


def created_at_column() -> Any:
    return Column(DateTime(timezone=True), nullable=False, server_default=func.now())


def timestamp_column(*, nullable: bool = True) -> Any:
    return Column(DateTime(timezone=True), nullable=nullable)


def text_array_column() -> Any:
    return Column(ARRAY(TEXT), nullable=False, server_default="{}")


def jsonb_column(*, nullable: bool = False, default: str = "{}") -> Any:
    return Column(JSONB, nullable=nullable, server_default=default if not nullable else None)
