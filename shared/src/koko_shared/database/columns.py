"""Column helpers every service's tables use: timestamps with time zone, text arrays and JSONB
with server defaults, and the current time in UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TEXT


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
