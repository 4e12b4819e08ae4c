"""Report queries of the HSDS API over the catalogue tables (read-only). Rows are plain mappings:
the ndjson export streams the whole catalogue and must not build ORM objects for it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.feeds.hsds.params import ServiceFilter
from koko_offers.offer import repository as offer_repository
from koko_shared.auth.actor import ars_prefix

# Plain dicts: the export reads each column many times, and dict access is cheapest.
Row = dict[str, Any]

# Offers whose course runs changed count as modified too: seats and schedules are service data.
_MODIFIED = (
    "GREATEST(o.updated_at, (SELECT max(cr.updated_at) FROM course_run cr "
    "WHERE cr.offer_id = o.id))"
)

_SERVICE_COLUMNS = f"""
    o.id, o.provider_id, o.location_id, o.region_ars, o.category_code, o.course_type_id,
    o.title, o.description, o.url, o.contact_email, o.contact_phone, o.status, o.format,
    o.fee_note, o.eligibility_note, o.min_age, o.max_age, o.childcare, o.last_confirmed_at,
    o.last_confirmed_by, o.instruction_languages, o.support_languages, o.cost_options,
    o.target_groups, o.updated_at, {_MODIFIED} AS modified_at,
    p.name AS organization_name, p.description AS organization_description,
    p.email AS organization_email, p.website AS organization_website
"""


@dataclass(slots=True)
class Where:
    """A WHERE clause over `offer o` built from AND-combined filters."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) if self.clauses else "true"


# Renders SQLAlchemy statements with `:name` parameters, as the text() queries here use them.
_NAMED_PARAMETERS = postgresql.dialect(paramstyle="named")  # type: ignore[no-untyped-call]


def search_clause(where: Where, words: Sequence[str], *, look_alike: bool) -> None:
    """Narrow to the offers the catalogue search matches (the GraphQL `filter.search`: full text
    with German stems and word beginnings, parts of compound words in the title; look-alike
    titles as the fallback), through its own indexes."""
    compiled = offer_repository.matching_ids(words, look_alike=look_alike).compile(
        dialect=_NAMED_PARAMETERS, compile_kwargs={"render_postcompile": True}
    )
    # text() would read the `::` of casts after a parameter as part of its name: escape them.
    sql = str(compiled).replace("::", "\\:\\:")
    where.clauses.append(f"o.id IN ({sql})")
    where.params.update(compiled.params)


def service_where(
    criteria: ServiceFilter,
    *,
    category_codes: Sequence[str] | None,
    course_type_ids: Sequence[UUID] | None,
    look_alike: bool = False,
) -> Where:
    where = Where()
    if criteria.modified_after is not None:
        # Delta syncs also learn about archived offers (as inactive) so that they can drop them.
        where.clauses.append("o.status IN ('published', 'archived')")
        where.clauses.append(
            "(o.updated_at >= :modified_after OR EXISTS (SELECT 1 FROM course_run cr "
            "WHERE cr.offer_id = o.id AND cr.updated_at >= :modified_after))"
        )
        where.params["modified_after"] = criteria.modified_after
    else:
        where.clauses.append("o.status = 'published'")
    if criteria.region_ars is not None:
        where.clauses.append("o.region_ars LIKE :region_prefix || '%'")
        where.params["region_prefix"] = ars_prefix(criteria.region_ars)
    if criteria.organization_id is not None:
        where.clauses.append("o.provider_id = :organization_id")
        where.params["organization_id"] = criteria.organization_id
    if category_codes is not None or course_type_ids is not None:
        alternatives = []
        if category_codes:
            alternatives.append("o.category_code = ANY(:category_codes)")
            where.params["category_codes"] = list(category_codes)
        if course_type_ids:
            alternatives.append("o.course_type_id = ANY(:course_type_ids)")
            where.params["course_type_ids"] = list(course_type_ids)
        where.clauses.append("(" + " OR ".join(alternatives) + ")" if alternatives else "false")
    words = offer_repository.search_words(criteria.search) if criteria.search else []
    if words:
        search_clause(where, words, look_alike=look_alike)
    if criteria.postcode is not None and criteria.proximity is None:
        where.clauses.append(
            "EXISTS (SELECT 1 FROM location l WHERE l.id = o.location_id "
            "AND l.postal_code = :postcode)"
        )
        where.params["postcode"] = criteria.postcode
    if criteria.proximity is not None:
        if criteria.postcode is not None:
            centre = (
                "(SELECT ll_to_earth(avg(pc.lat), avg(pc.lon)) FROM location pc "
                "WHERE pc.postal_code = :postcode AND pc.lat IS NOT NULL)"
            )
            where.params["postcode"] = criteria.postcode
        else:
            centre = "ll_to_earth(:lat, :lon)"
            where.params.update(lat=criteria.proximity.lat, lon=criteria.proximity.lon)
        where.clauses.append(
            "EXISTS (SELECT 1 FROM location l WHERE l.id = o.location_id AND l.lat IS NOT NULL "
            f"AND earth_distance({centre}, l.earth) <= :meters)"
        )
        where.params["meters"] = criteria.proximity.meters
    return where


async def any_service(session: AsyncSession, where: Where) -> bool:
    result = await session.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM offer o JOIN provider p ON p.id = o.provider_id "
            f"WHERE {where.sql})"
        ),
        where.params,
    )
    return bool(result.scalar_one())


async def count_services(session: AsyncSession, where: Where) -> int:
    result = await session.execute(
        text(
            "SELECT count(*) FROM offer o JOIN provider p ON p.id = o.provider_id "
            f"WHERE {where.sql}"
        ),
        where.params,
    )
    return int(result.scalar_one())


async def services_page(
    session: AsyncSession, where: Where, *, limit: int, offset: int
) -> list[Row]:
    result = await session.execute(
        text(
            f"SELECT {_SERVICE_COLUMNS} FROM offer o JOIN provider p ON p.id = o.provider_id "
            f"WHERE {where.sql} ORDER BY o.id LIMIT :limit OFFSET :offset"
        ),
        {**where.params, "limit": limit, "offset": offset},
    )
    return [dict(row) for row in result.mappings()]


async def services_after(
    session: AsyncSession, where: Where, *, after: UUID | None, limit: int
) -> list[Row]:
    """One keyset batch of the ndjson export: constant memory however large the catalogue."""
    keyset = "AND o.id > :after_id" if after is not None else ""
    result = await session.execute(
        text(
            f"SELECT {_SERVICE_COLUMNS} FROM offer o JOIN provider p ON p.id = o.provider_id "
            f"WHERE {where.sql} {keyset} ORDER BY o.id LIMIT :limit"
        ),
        {**where.params, "after_id": after, "limit": limit},
    )
    return [dict(row) for row in result.mappings()]


async def service(session: AsyncSession, service_id: UUID) -> Row | None:
    result = await session.execute(
        text(
            f"SELECT {_SERVICE_COLUMNS} FROM offer o JOIN provider p ON p.id = o.provider_id "
            "WHERE o.id = :id AND o.status = 'published'"
        ),
        {"id": service_id},
    )
    row = result.mappings().first()
    return dict(row) if row is not None else None


async def services_by_ids(session: AsyncSession, offer_ids: Sequence[UUID]) -> dict[UUID, Row]:
    """Published offers by id (for feeds that start from course runs)."""
    if not offer_ids:
        return {}
    result = await session.execute(
        text(
            f"SELECT {_SERVICE_COLUMNS} FROM offer o JOIN provider p ON p.id = o.provider_id "
            "WHERE o.id = ANY(:ids) AND o.status = 'published'"
        ),
        {"ids": list(offer_ids)},
    )
    return {row["id"]: dict(row) for row in result.mappings()}


async def runs_of(session: AsyncSession, offer_ids: Sequence[UUID]) -> dict[UUID, list[Row]]:
    """Current course runs (not finished or cancelled) per offer, by start date."""
    result = await session.execute(
        text(
            """
            SELECT id, offer_id, location_id, start_date, end_date, schedule_rrule, weekly_slots,
                   time_of_day, capacity_max, seats_booked, free_seats, waitlist_length,
                   capacity_updated_at, updated_at, childcare, status
            FROM course_run
            WHERE offer_id = ANY(:ids) AND status NOT IN ('finished', 'cancelled')
            ORDER BY offer_id, start_date, id
            """
        ),
        {"ids": list(offer_ids)},
    )
    grouped: dict[UUID, list[Row]] = defaultdict(list)
    for row in result.mappings():
        grouped[row["offer_id"]].append(dict(row))
    return grouped


async def locations(session: AsyncSession, location_ids: Sequence[UUID]) -> dict[UUID, Row]:
    if not location_ids:
        return {}
    result = await session.execute(
        text(
            """
            SELECT id, provider_id, name, street, postal_code, city, lat, lon, barrier_free,
                   transit_note, appointment_only, opening_hours
            FROM location WHERE id = ANY(:ids)
            """
        ),
        {"ids": list(location_ids)},
    )
    return {row["id"]: dict(row) for row in result.mappings()}


async def translations(
    session: AsyncSession, entity: str, entity_ids: Sequence[UUID], language: str
) -> dict[UUID, dict[str, str]]:
    """{entity_id: {field: text}} in one language (German lives on the entities themselves)."""
    if language == "de" or not entity_ids:
        return {}
    result = await session.execute(
        text(
            "SELECT entity_id, field, text FROM translation "
            "WHERE entity = :entity AND entity_id = ANY(:ids) AND language = :language"
        ),
        {"entity": entity, "ids": list(entity_ids), "language": language},
    )
    grouped: dict[UUID, dict[str, str]] = defaultdict(dict)
    for row in result.mappings():
        grouped[row["entity_id"]][row["field"]] = row["text"]
    return grouped


async def categories(session: AsyncSession) -> list[Row]:
    result = await session.execute(
        text("SELECT code, parent_code, position, label FROM category ORDER BY position, code")
    )
    return [dict(row) for row in result.mappings()]


async def course_types(session: AsyncSession) -> list[Row]:
    result = await session.execute(
        text(
            "SELECT id, code, family, kursnet_code, label, entry_level, target_level, "
            "teaching_units, valid_from, valid_to FROM course_type ORDER BY code, valid_from"
        )
    )
    return [dict(row) for row in result.mappings()]


_PUBLIC_ORGANIZATION = (
    "EXISTS (SELECT 1 FROM offer po WHERE po.provider_id = p.id AND po.status = 'published')"
)
_ORGANIZATION_COLUMNS = (
    "p.id, p.name, p.description, p.email, p.website, p.phone, p.kind, "
    "p.bamf_provider_number, p.kursnet_provider_id, p.updated_at, p.region_ars"
)


def organization_where(
    *, search: str | None, region_ars: str | None, modified_after: Any | None
) -> Where:
    where = Where(clauses=[_PUBLIC_ORGANIZATION])
    if search is not None:
        where.clauses.append("koko_unaccent(p.name) ILIKE '%' || koko_unaccent(:search) || '%'")
        where.params["search"] = search.replace("%", "\\%").replace("_", "\\_")
    if region_ars is not None:
        where.clauses.append("p.region_ars LIKE :region_prefix || '%'")
        where.params["region_prefix"] = ars_prefix(region_ars)
    if modified_after is not None:
        where.clauses.append("p.updated_at >= :modified_after")
        where.params["modified_after"] = modified_after
    return where


async def count_organizations(session: AsyncSession, where: Where) -> int:
    result = await session.execute(
        text(f"SELECT count(*) FROM provider p WHERE {where.sql}"), where.params
    )
    return int(result.scalar_one())


async def organizations_page(
    session: AsyncSession, where: Where, *, limit: int, offset: int
) -> list[Row]:
    result = await session.execute(
        text(
            f"SELECT {_ORGANIZATION_COLUMNS} FROM provider p WHERE {where.sql} "
            "ORDER BY p.id LIMIT :limit OFFSET :offset"
        ),
        {**where.params, "limit": limit, "offset": offset},
    )
    return [dict(row) for row in result.mappings()]


async def organization(session: AsyncSession, organization_id: UUID) -> Row | None:
    result = await session.execute(
        text(
            f"SELECT {_ORGANIZATION_COLUMNS} FROM provider p "
            f"WHERE p.id = :id AND {_PUBLIC_ORGANIZATION}"
        ),
        {"id": organization_id},
    )
    row = result.mappings().first()
    return dict(row) if row is not None else None


async def published_offers_of(session: AsyncSession, provider_id: UUID) -> list[Row]:
    result = await session.execute(
        text(
            "SELECT id, title, description, status FROM offer "
            "WHERE provider_id = :id AND status = 'published' ORDER BY title, id"
        ),
        {"id": provider_id},
    )
    return [dict(row) for row in result.mappings()]


async def locations_of(session: AsyncSession, provider_id: UUID) -> list[Row]:
    result = await session.execute(
        text(
            """
            SELECT id, provider_id, name, street, postal_code, city, lat, lon, barrier_free,
                   transit_note, appointment_only, opening_hours
            FROM location l WHERE provider_id = :id AND EXISTS (
                SELECT 1 FROM offer o WHERE o.location_id = l.id AND o.status = 'published')
            ORDER BY name, id
            """
        ),
        {"id": provider_id},
    )
    return [dict(row) for row in result.mappings()]
