"""What a client filters offers by (`OfferCriteria`) and the SQL conditions it stands for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    cast,
    exists,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY, TEXT
from sqlmodel import col

from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.location.models import Location
from koko_offers.offer import repository
from koko_offers.offer.models import Offer
from koko_offers.offer.records import OfferRecord, Related
from koko_offers.offer.visibility import ReadScope
from koko_offers.region import repository as region_repository
from koko_offers.region.models import Area
from koko_offers.taxonomy.models import Category


class OfferOrder(StrEnum):
    RELEVANCE = "relevance"
    TITLE = "title"
    UPDATED_AT = "updated_at"
    NEXT_START = "next_start"
    DISTANCE = "distance"


@dataclass(frozen=True, slots=True)
class GeoCircle:
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True, slots=True)
class OfferCriteria:
    """What a client filters offers by. Empty sequences and None mean "no restriction"."""

    search: str | None = None
    category_codes: Sequence[str] = ()  # a category matches its descendants too
    course_type_codes: Sequence[str] = ()
    levels: Sequence[str] = ()  # CEFR target level of the course type
    region_ars: str | None = None  # the region and every region inside it
    area_codes: Sequence[str] = ()
    postcodes: Sequence[str] = ()  # of the offer's location
    starts_from: date | None = None
    starts_to: date | None = None
    has_free_seats: bool | None = None
    childcare: bool | None = None
    target_groups: Sequence[str] = ()
    languages: Sequence[str] = ()  # of instruction or of support
    provider_ids: Sequence[UUID] = ()
    near: GeoCircle | None = None
    statuses: Sequence[str] = ("published",)
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class OfferHit:
    offer: Offer | OfferRecord  # an ORM entity or, on keyset pages, the plain row
    distance_km: float | None
    # The relations the page shows, when its statement fetched them (keyset pages).
    related: Related | None = None


def next_start(today: date) -> Any:
    return (
        select(func.min(col(CourseRun.start_date)))
        .where(
            col(CourseRun.offer_id) == col(Offer.id),
            col(CourseRun.start_date) >= today,
            col(CourseRun.status) != "cancelled",
        )
        .scalar_subquery()
    )


def _category_with_descendants(codes: Sequence[str]) -> Any:
    tree = (
        select(col(Category.code))
        .where(col(Category.code).in_(list(codes)))
        # Anonymous: one statement may hold several (the facet samples of `offer.facets`).
        .cte(recursive=True)
    )
    tree = tree.union_all(
        select(col(Category.code)).where(col(Category.parent_code) == tree.c.code)
    )
    return select(tree.c.code)


# ll_to_earth(lat, lon), stored by the database (migration 0007); not mapped on the model.
_LOCATION_EARTH: ColumnElement[Any] = literal_column("location.earth")


def _earth_point(lat: Any, lon: Any) -> Any:
    return func.ll_to_earth(lat, lon)


def course_type_ids(codes: Sequence[str], levels: Sequence[str]) -> Select[Any]:
    """Ids of the course types with one of `codes` and one of the target `levels` (each only
    when given): the course-type filter of offers and of course runs."""
    course_types = select(col(CourseType.id))
    if codes:
        course_types = course_types.where(col(CourseType.code).in_(list(codes)))
    if levels:
        course_types = course_types.where(col(CourseType.target_level).in_(list(levels)))
    return course_types


def area_location_ids(area_codes: Sequence[str], region_ars: str | None) -> Select[Any]:
    """Ids of the locations in one of the areas (Sozialräume) `area_codes`, of areas inside
    `region_ars` when given: the area filter of offers and of course runs."""
    locations = (
        select(col(Location.id))
        .join(Area, col(Area.id) == col(Location.area_id))
        .where(col(Area.code).in_(list(area_codes)))
    )
    if region_ars:
        locations = locations.where(region_repository.within(col(Area.region_ars), region_ars))
    return locations


def filter_conditions(
    criteria: OfferCriteria, scope: ReadScope, *, near_joined: bool = False
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [repository.readable(scope)]
    if criteria.statuses:
        conditions.append(col(Offer.status).in_(list(criteria.statuses)))
    if criteria.region_ars:
        conditions.append(region_repository.within(col(Offer.region_ars), criteria.region_ars))
    if criteria.category_codes:
        conditions.append(
            col(Offer.category_code).in_(_category_with_descendants(criteria.category_codes))
        )
    if criteria.course_type_codes or criteria.levels:
        conditions.append(
            col(Offer.course_type_id).in_(
                course_type_ids(criteria.course_type_codes, criteria.levels)
            )
        )
    if criteria.area_codes:
        conditions.append(
            col(Offer.location_id).in_(area_location_ids(criteria.area_codes, criteria.region_ars))
        )
    if criteria.postcodes:
        located = select(col(Location.id)).where(
            col(Location.postal_code).in_(list(criteria.postcodes))
        )
        conditions.append(col(Offer.location_id).in_(located))
    if criteria.childcare is not None:
        conditions.append(col(Offer.childcare).is_(criteria.childcare))
    if criteria.target_groups:
        conditions.append(
            col(Offer.target_groups).op("&&")(cast(list(criteria.target_groups), ARRAY(TEXT)))
        )
    if criteria.languages:
        languages = cast(list(criteria.languages), ARRAY(TEXT))
        conditions.append(
            or_(
                col(Offer.instruction_languages).op("&&")(languages),
                col(Offer.support_languages).op("&&")(languages),
            )
        )
    if criteria.provider_ids:
        conditions.append(col(Offer.provider_id).in_(list(criteria.provider_ids)))
    conditions.extend(_run_conditions(criteria))
    if criteria.near is not None and not near_joined:
        nearby = locations_near(criteria.near).subquery("nearby")
        conditions.append(col(Offer.location_id).in_(select(nearby.c.id)))
    return conditions


def _run_conditions(criteria: OfferCriteria) -> list[ColumnElement[bool]]:
    """Date window and free seats refer to the same run: an offer matches when one of its runs
    starts in the window and has free seats."""
    window = criteria.starts_from is not None or criteria.starts_to is not None
    if criteria.has_free_seats:
        return [free_seats_condition(criteria, col(Offer.id), OFFER_FREE_SEATS_UNTIL)]
    conditions: list[ColumnElement[bool]] = []
    if window:
        conditions.append(_run_exists(criteria))
    if criteria.has_free_seats is False:
        conditions.append(~free_seats_condition(criteria, col(Offer.id), OFFER_FREE_SEATS_UNTIL))
    return conditions


# Stored by the database (migration 0016), not mapped on the models: the last day a run takes
# registrations (NULL: never), and the last day one of an offer's runs with free seats does.
RUN_REGISTRATION_OPEN_UNTIL: ColumnElement[Any] = literal_column(
    "course_run.registration_open_until"
)
OFFER_FREE_SEATS_UNTIL: ColumnElement[Any] = literal_column("offer.free_seats_until")


def free_seats_condition(
    criteria: OfferCriteria, offer_id: Any, free_seats_until: Any
) -> ColumnElement[bool]:
    """The offer `offer_id` (a column) has a run with free seats that accepts registrations
    (in the criteria's start window, when given): the free-seats filter and facet. Without a
    window the offer's `free_seats_until` (a column, kept by the writes of runs) answers alone;
    within one, it rules out offers without such a run, and the runs with free seats in the
    window are probed (`ix_course_run_free_seats`, index-only). Never NULL."""
    open_today = func.coalesce(free_seats_until >= criteria.today, False)
    if criteria.starts_from is None and criteria.starts_to is None:
        return open_today
    return and_(open_today, _run_exists(criteria, free_seats=True, offer_id=offer_id))


def _run_exists(
    criteria: OfferCriteria, *, free_seats: bool = False, offer_id: Any = None
) -> ColumnElement[bool]:
    owner = col(Offer.id) if offer_id is None else offer_id
    run: list[ColumnElement[bool]] = [col(CourseRun.offer_id) == owner]
    if criteria.starts_from is not None:
        run.append(col(CourseRun.start_date) >= criteria.starts_from)
    if criteria.starts_to is not None:
        run.append(col(CourseRun.start_date) <= criteria.starts_to)
    if free_seats:
        # The predicate of ix_course_run_free_seats, and registrations accepted today
        # (`course_run.registration.accepts_registrations`; tested to agree).
        run.append(criteria.today <= RUN_REGISTRATION_OPEN_UNTIL)
        run.append(RUN_REGISTRATION_OPEN_UNTIL.is_not(None))
        # No maximum means the provider did not limit the seats.
        run.append(or_(col(CourseRun.free_seats) > 0, col(CourseRun.capacity_max).is_(None)))
    else:
        run.append(col(CourseRun.status) != "cancelled")
    return exists().where(*run)


def within_circle(near: GeoCircle, centre: Any, point: Any) -> list[ColumnElement[bool]]:
    """`point` (an earth point) lies within the circle around `centre` (its earth point): a box
    the GiST index ix_location_earth answers, then the exact distance."""
    radius_m = near.radius_km * 1000
    return [
        func.earth_box(centre, radius_m).op("@>")(point),
        func.earth_distance(centre, point) <= radius_m,
    ]


def locations_near(near: GeoCircle) -> Select[Any]:
    """Locations within the circle and their distance in km, found through the GiST index
    ix_location_earth; the distance is computed once per location, not per offer."""
    centre = _earth_point(near.lat, near.lon)
    point = _LOCATION_EARTH
    distance_m = func.earth_distance(centre, point)
    return select(
        col(Location.id).label("id"), cast(distance_m / 1000.0, Float).label("distance_km")
    ).where(*within_circle(near, centre, point))
