"""Report queries of the HSDS API over the catalogue tables (read-only), in SQLAlchemy Core.
Rows are plain mappings: the ndjson export streams the whole catalogue and must not build ORM
objects for it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.hsds.params import ServiceFilter
from koko_offers.location import repository as location_repository
from koko_offers.location.models import Location
from koko_offers.offer import text_search
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_offers.region import repository as region_repository
from koko_offers.taxonomy.models import Category
from koko_offers.translation.models import Translation

# Plain dicts: the export reads each column many times, and dict access is cheapest.
Row = dict[str, Any]

_o = Offer.__table__.alias("o")  # type: ignore[attr-defined]
_p = Provider.__table__.alias("p")  # type: ignore[attr-defined]
_run = CourseRun.__table__  # type: ignore[attr-defined]
_location = Location.__table__  # type: ignore[attr-defined]
_translation = Translation.__table__  # type: ignore[attr-defined]


def _columns(table: Any, names: str) -> list[Any]:
    """The columns of `table` named in the space-separated `names`."""
    return [table.c[name] for name in names.split()]


def _modified_at() -> ColumnElement[datetime]:
    """When a service last changed as a feed client sees it: the offer, its provider, its
    location, or one of its course runs (seats and schedules are service data)."""
    runs = select(func.max(_run.c.updated_at)).where(_run.c.offer_id == _o.c.id)
    location = select(_location.c.updated_at).where(_location.c.id == _o.c.location_id)
    return func.greatest(
        _o.c.updated_at, _p.c.updated_at, location.scalar_subquery(), runs.scalar_subquery()
    )


def _changed_since(moment: datetime) -> ColumnElement[bool]:
    run_changed = exists().where(_run.c.offer_id == _o.c.id, _run.c.updated_at >= moment)
    location_changed = exists().where(
        _location.c.id == _o.c.location_id, _location.c.updated_at >= moment
    )
    return or_(_o.c.updated_at >= moment, _p.c.updated_at >= moment, location_changed, run_changed)


_OFFER_COLUMNS = (
    "id provider_id location_id region_ars category_code course_type_id title "
    "description url contact_email contact_phone status format fee_note "
    "eligibility_note min_age max_age childcare last_confirmed_at last_confirmed_by "
    "instruction_languages support_languages cost_options target_groups updated_at"
)
_SERVICE_COLUMNS = [
    *_columns(_o, _OFFER_COLUMNS),
    _modified_at().label("modified_at"),
    _p.c.name.label("organization_name"),
    _p.c.description.label("organization_description"),
    _p.c.email.label("organization_email"),
    _p.c.website.label("organization_website"),
]


@dataclass(slots=True)
class Where:
    """AND-combined conditions over the offer `o` joined with its provider `p`, and the order
    of pages (by id; by relevance for a search)."""

    conditions: list[ColumnElement[bool]] = field(default_factory=list)
    order: list[ColumnElement[Any]] = field(default_factory=lambda: [_o.c.id])

    @property
    def clause(self) -> ColumnElement[bool]:
        return and_(true(), *self.conditions)


def _services() -> Select[Any]:
    return select(*_SERVICE_COLUMNS).select_from(_o.join(_p, _p.c.id == _o.c.provider_id))


def _from_services(*columns: Any) -> Select[Any]:
    return select(*columns).select_from(_o.join(_p, _p.c.id == _o.c.provider_id))


def _proximity_condition(criteria: ServiceFilter) -> ColumnElement[bool]:
    assert criteria.proximity is not None
    located = _location.alias("l")
    earth: ColumnElement[Any] = literal_column("l.earth")
    if criteria.postcode is not None:
        mean = location_repository.postcode_centre(criteria.postcode).subquery("centre")
        centre: Any = select(func.ll_to_earth(*mean.c)).scalar_subquery()
    else:
        centre = func.ll_to_earth(criteria.proximity.lat, criteria.proximity.lon)
    return exists().where(
        located.c.id == _o.c.location_id,
        located.c.lat.is_not(None),
        func.earth_distance(centre, earth) <= criteria.proximity.meters,
    )


def service_where(
    criteria: ServiceFilter,
    *,
    category_codes: Sequence[str] | None,
    course_type_ids: Sequence[UUID] | None,
    text: text_search.SearchText | None = None,
    located_only: bool = False,
) -> Where:
    """The services matching `criteria`. A search (`text`, prepared from `criteria.search`)
    matches and ranks as the catalogue search does (the GraphQL `filter.search`: the same
    readings, conditions and relevance order). `located_only` keeps services that have a
    location (for service_at_locations)."""
    where = Where()
    if criteria.modified_after is not None:
        # Delta syncs also learn about archived offers (as inactive) so that they can drop them.
        where.conditions.append(_o.c.status.in_(["published", "archived"]))
        where.conditions.append(_changed_since(criteria.modified_after))
    else:
        where.conditions.append(_o.c.status == "published")
    if criteria.region_ars is not None:
        where.conditions.append(region_repository.within(_o.c.region_ars, criteria.region_ars))
    if criteria.organization_id is not None:
        where.conditions.append(_o.c.provider_id == criteria.organization_id)
    if category_codes is not None or course_type_ids is not None:
        alternatives: list[ColumnElement[bool]] = []
        if category_codes:
            alternatives.append(_o.c.category_code.in_(list(category_codes)))
        if course_type_ids:
            alternatives.append(_o.c.course_type_id.in_(list(course_type_ids)))
        where.conditions.append(or_(*alternatives) if alternatives else false())
    if text is not None:
        where.conditions.append(text_search.match(text, _o))
        where.order = text_search.relevance_order(text, _o)
    if criteria.postcode is not None and criteria.proximity is None:
        where.conditions.append(
            exists().where(
                _location.c.id == _o.c.location_id, _location.c.postal_code == criteria.postcode
            )
        )
    if criteria.proximity is not None:
        where.conditions.append(_proximity_condition(criteria))
    if located_only:
        where.conditions.append(_o.c.location_id.is_not(None))
    return where


async def count_services(session: AsyncSession, where: Where) -> int:
    query = _from_services(func.count()).where(where.clause)
    return int((await session.execute(query)).scalar_one())


async def services_version(session: AsyncSession, where: Where) -> tuple[int, datetime | None]:
    """How many services match and when the latest of them changed: what the ndjson export's
    validator is made of, since a stream cannot be hashed before it is sent."""
    query = _from_services(func.count(), func.max(_modified_at())).where(where.clause)
    count, modified = (await session.execute(query)).one()
    return int(count), modified


async def services_page(
    session: AsyncSession, where: Where, *, limit: int, offset: int
) -> list[Row]:
    query = _services().where(where.clause).order_by(*where.order).limit(limit).offset(offset)
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def services_after(
    session: AsyncSession, where: Where, *, after: UUID | None, limit: int
) -> list[Row]:
    """One keyset batch of the ndjson export: constant memory however large the catalogue."""
    query = _services().where(where.clause)
    if after is not None:
        query = query.where(_o.c.id > after)
    query = query.order_by(_o.c.id).limit(limit)
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def service(session: AsyncSession, service_id: UUID) -> Row | None:
    query = _services().where(_o.c.id == service_id, _o.c.status == "published")
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row is not None else None


async def services_by_ids(session: AsyncSession, offer_ids: Sequence[UUID]) -> dict[UUID, Row]:
    """Published offers by id (for feeds that start from course runs)."""
    if not offer_ids:
        return {}
    query = _services().where(_o.c.id.in_(list(offer_ids)), _o.c.status == "published")
    return {row["id"]: dict(row) for row in (await session.execute(query)).mappings()}


async def service_location_pairs(session: AsyncSession) -> list[tuple[UUID, UUID]]:
    """(offer id, location id) of every published offer at each of its locations: its own and
    those of its current course runs (as a full service lists them)."""
    offers = Offer.__table__  # type: ignore[attr-defined]
    published = offers.c.status == "published"
    own = select(offers.c.id, offers.c.location_id).where(
        published, offers.c.location_id.is_not(None)
    )
    of_runs = (
        select(_run.c.offer_id, _run.c.location_id)
        .join(offers, offers.c.id == _run.c.offer_id)
        .where(
            published,
            _run.c.location_id.is_not(None),
            _run.c.status.not_in(["finished", "cancelled"]),
        )
    )
    rows = await session.execute(own.union(of_runs))
    return [(offer_id, location_id) for offer_id, location_id in rows]


_RUN_COLUMNS = (
    "id offer_id location_id start_date end_date schedule_rrule weekly_slots "
    "time_of_day capacity_max seats_booked free_seats waitlist_length "
    "capacity_updated_at updated_at childcare status"
)
_LOCATION_COLUMNS = (
    "id provider_id name street postal_code city lat lon barrier_free transit_note "
    "appointment_only opening_hours updated_at"
)


async def runs_of(session: AsyncSession, offer_ids: Sequence[UUID]) -> dict[UUID, list[Row]]:
    """Current course runs (not finished or cancelled) per offer, by start date."""
    query = (
        select(*_columns(_run, _RUN_COLUMNS))
        .where(
            _run.c.offer_id.in_(list(offer_ids)), _run.c.status.not_in(["finished", "cancelled"])
        )
        .order_by(_run.c.offer_id, _run.c.start_date, _run.c.id)
    )
    grouped: dict[UUID, list[Row]] = defaultdict(list)
    for row in (await session.execute(query)).mappings():
        grouped[row["offer_id"]].append(dict(row))
    return grouped


def _locations() -> Select[Any]:
    return select(*_columns(_location, _LOCATION_COLUMNS))


async def locations(session: AsyncSession, location_ids: Sequence[UUID]) -> dict[UUID, Row]:
    if not location_ids:
        return {}
    query = _locations().where(_location.c.id.in_(list(location_ids)))
    return {row["id"]: dict(row) for row in (await session.execute(query)).mappings()}


async def translations(
    session: AsyncSession, entity: str, entity_ids: Sequence[UUID], language: str
) -> dict[UUID, dict[str, str]]:
    """{entity_id: {field: text}} in one language (German lives on the entities themselves)."""
    if language == "de" or not entity_ids:
        return {}
    query = select(_translation.c.entity_id, _translation.c.field, _translation.c.text).where(
        _translation.c.entity == entity,
        _translation.c.entity_id.in_(list(entity_ids)),
        _translation.c.language == language,
    )
    grouped: dict[UUID, dict[str, str]] = defaultdict(dict)
    for row in (await session.execute(query)).mappings():
        grouped[row["entity_id"]][row["field"]] = row["text"]
    return grouped


async def categories(session: AsyncSession) -> list[Row]:
    table = Category.__table__  # type: ignore[attr-defined]
    query = select(table.c.code, table.c.parent_code, table.c.position, table.c.label).order_by(
        table.c.position, table.c.code
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def course_types(session: AsyncSession) -> list[Row]:
    table = CourseType.__table__  # type: ignore[attr-defined]
    names = (
        "id code family kursnet_code label entry_level target_level teaching_units "
        "valid_from valid_to"
    )
    query = select(*_columns(table, names)).order_by(table.c.code, table.c.valid_from)
    return [dict(row) for row in (await session.execute(query)).mappings()]


def _public_organization() -> ColumnElement[bool]:
    offers = Offer.__table__.alias("po")  # type: ignore[attr-defined]
    return exists().where(offers.c.provider_id == _p.c.id, offers.c.status == "published")


_ORGANIZATION_COLUMNS = (
    "id name description email website phone kind bamf_provider_number "
    "kursnet_provider_id updated_at region_ars"
)


def _organizations() -> Select[Any]:
    return select(*_columns(_p, _ORGANIZATION_COLUMNS))


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def organization_where(
    *, search: str | None, region_ars: str | None, modified_after: datetime | None
) -> Where:
    where = Where([_public_organization()])
    if search is not None:
        pattern = "%" + func.koko_unaccent(_escape_like(search), type_=String) + "%"
        where.conditions.append(func.koko_unaccent(_p.c.name).ilike(pattern, escape="\\"))
    if region_ars is not None:
        where.conditions.append(region_repository.within(_p.c.region_ars, region_ars))
    if modified_after is not None:
        where.conditions.append(_p.c.updated_at >= modified_after)
    return where


async def count_organizations(session: AsyncSession, where: Where) -> int:
    query = select(func.count()).select_from(_p).where(where.clause)
    return int((await session.execute(query)).scalar_one())


async def organizations_page(
    session: AsyncSession, where: Where, *, limit: int, offset: int
) -> list[Row]:
    query = _organizations().where(where.clause).order_by(_p.c.id).limit(limit).offset(offset)
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def organization(session: AsyncSession, organization_id: UUID) -> Row | None:
    query = _organizations().where(_p.c.id == organization_id, _public_organization())
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row is not None else None


async def published_offers_of(session: AsyncSession, provider_id: UUID) -> list[Row]:
    offers = Offer.__table__  # type: ignore[attr-defined]
    query = (
        select(
            offers.c.id,
            offers.c.title,
            offers.c.description,
            offers.c.status,
            offers.c.updated_at,
        )
        .where(offers.c.provider_id == provider_id, offers.c.status == "published")
        .order_by(offers.c.title, offers.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def locations_of(session: AsyncSession, provider_id: UUID) -> list[Row]:
    offers = Offer.__table__.alias("lo")  # type: ignore[attr-defined]
    used = exists().where(offers.c.location_id == _location.c.id, offers.c.status == "published")
    query = (
        _locations()
        .where(_location.c.provider_id == provider_id, used)
        .order_by(_location.c.name, _location.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]
