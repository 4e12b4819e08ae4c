"""A region's settings (`region.settings`, merged over its parents'): the planning thresholds
(`planning`, with defaults) and the days after which an unconfirmed offer is stale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_type.models import CEFR_LEVELS
from koko_offers.region import repository as region_repository
from koko_shared.errors import InvalidInput

DEFAULT_GAP_WEEKS = 8
DEFAULT_CLASH_MIN_PROVIDERS = 2


async def region_settings(session: AsyncSession, region_ars: str) -> dict[str, Any]:
    """The region's settings merged over its parents' (a district inherits the state's)."""
    chain: list[dict[str, Any]] = []
    ars: str | None = region_ars
    while ars is not None and len(chain) < 6:
        region = await region_repository.get(session, ars)
        if region is None:
            break
        chain.append(region.settings or {})
        ars = region.parent_ars
    merged: dict[str, Any] = {}
    for settings in reversed(chain):
        for key, value in settings.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
    return merged


def stale_after_days(settings: dict[str, object], default: int) -> int:
    value = settings.get("stale_after_days", default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInput("region setting stale_after_days must be a positive integer")
    return value


@dataclass(frozen=True, slots=True)
class Expectation:
    """A course start expected in every area/town: a course type (or any of a family) and level."""

    course_type_code: str | None = None
    family: str | None = None
    level: str | None = None


@dataclass(frozen=True, slots=True)
class PlanningSettings:
    gap_weeks: int = DEFAULT_GAP_WEEKS
    clash_min_providers: int = DEFAULT_CLASH_MIN_PROVIDERS
    # None: every integration-course target level that had starts anywhere in the region.
    expected: tuple[Expectation, ...] | None = None
    # None: every area (or town outside areas) where such a course started in the past year.
    areas: tuple[str, ...] | None = None


def planning_settings(region_settings: dict[str, Any]) -> PlanningSettings:
    """Read the "planning" block; a malformed block is the coordinator's mistake, reported."""
    raw = region_settings.get("planning") or {}
    if not isinstance(raw, dict):
        raise InvalidInput("region settings 'planning' must be an object", field="settings")
    gap_weeks = _positive_int(raw.get("gap_weeks", DEFAULT_GAP_WEEKS), "gap_weeks")
    clash = _positive_int(
        raw.get("clash_min_providers", DEFAULT_CLASH_MIN_PROVIDERS), "clash_min_providers"
    )
    expected: tuple[Expectation, ...] | None = None
    if raw.get("expected") is not None:
        items = raw["expected"]
        if not isinstance(items, list):
            raise InvalidInput("planning.expected must be a list", field="settings")
        expected = tuple(_expectation(item) for item in items)
    areas = raw.get("areas")
    return PlanningSettings(
        gap_weeks=gap_weeks,
        clash_min_providers=max(clash, 2),
        expected=expected,
        areas=tuple(str(a) for a in areas) if isinstance(areas, list) else None,
    )


def _positive_int(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidInput(
            "planning.{name} must be a positive integer", field="settings", params={"name": name}
        )
    return value


def _expectation(item: Any) -> Expectation:
    if not isinstance(item, dict):
        raise InvalidInput("planning.expected entries must be objects", field="settings")
    level = item.get("level")
    if level is not None and level not in CEFR_LEVELS:
        raise InvalidInput(
            "'{level}' is not a CEFR level", field="settings", params={"level": level}
        )
    return Expectation(
        course_type_code=item.get("courseTypeCode") or item.get("course_type_code"),
        family=item.get("family"),
        level=level,
    )
