"""Assembling HSDS services from catalogue rows in batches: one query per related table per
batch (runs, locations, translations), never one per service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.hsds import repository
from koko_offers.hsds.mapping import locations, services, taxonomies
from koko_offers.hsds.params import ServiceFilter
from koko_offers.hsds.repository import Row, Where
from koko_offers.offer.search_text import prepare_search

STREAM_BATCH = 500


@dataclass(frozen=True, slots=True)
class CodeLists:
    categories: dict[str, Row]
    course_types: dict[UUID, Row]

    @classmethod
    async def load(cls, session: AsyncSession) -> CodeLists:
        categories = {row["code"]: row for row in await repository.categories(session)}
        course_types = {row["id"]: row for row in await repository.course_types(session)}
        return cls(categories, course_types)

    def category_with_descendants(self, code: str) -> list[str]:
        codes = [code]
        frontier = [code]
        while frontier:
            children = [c for c, row in self.categories.items() if row["parent_code"] in frontier]
            frontier = [c for c in children if c not in codes]
            codes.extend(frontier)
        return codes

    def term_filter(self, term: str) -> tuple[list[str] | None, list[UUID] | None]:
        """A taxonomy term id (or code) as category codes and course type ids to match; an
        unknown term matches nothing."""
        for code in self.categories:
            if term in (code, taxonomies.category_term_id(code)):
                return self.category_with_descendants(code), None
        matching = [
            type_id
            for type_id, row in self.course_types.items()
            if term in (str(type_id), row["code"])
        ]
        return None, matching or []


async def where_for(
    session: AsyncSession, criteria: ServiceFilter, codes: CodeLists, *, located_only: bool = False
) -> Where:
    """The filter as SQL. A search is prepared, matches and ranks as the catalogue search does
    (`offer.search_text`). `located_only` keeps the services that have a location."""
    category_codes: list[str] | None = None
    course_type_ids: list[UUID] | None = None
    if criteria.taxonomy_term_id is not None:
        category_codes, course_type_ids = codes.term_filter(criteria.taxonomy_term_id)
        if category_codes is None and course_type_ids is None:
            category_codes = []
    text = await prepare_search(session, criteria.search)
    return repository.service_where(
        criteria,
        category_codes=category_codes,
        course_type_ids=course_type_ids,
        located_only=located_only,
        text=text,
    )


async def find_service_at_location(
    session: AsyncSession, service_at_location_id: UUID
) -> tuple[Row, UUID] | None:
    """The published service and location a service_at_location id stands for. The ids are
    name-based (uuid5 of service and location), so the pairs are derived and compared: one
    query over (offer, location) pairs, no service rows built; not indexed, so it grows with
    the catalogue (not measured at 100,000 offers)."""
    wanted = str(service_at_location_id)
    for offer_id, location_id in await repository.service_location_pairs(session):
        if locations.service_at_location_id(str(offer_id), str(location_id)) == wanted:
            row = await repository.service(session, offer_id)
            return (row, location_id) if row is not None else None
    return None


async def full_services(
    session: AsyncSession, rows: Sequence[Row], *, language: str, codes: CodeLists
) -> list[dict[str, Any]]:
    if not rows:
        return []
    offer_ids = [row["id"] for row in rows]
    runs = await repository.runs_of(session, offer_ids)
    location_ids = {row["location_id"] for row in rows if row["location_id"]}
    location_ids |= {r["location_id"] for rs in runs.values() for r in rs if r["location_id"]}
    location_rows = await repository.locations(session, list(location_ids))
    offer_texts = await repository.translations(session, "offer", offer_ids, language)
    location_texts = await repository.translations(
        session, "location", list(location_ids), language
    )
    location_objects = {
        loc_id: locations.location(row, location_texts.get(loc_id))
        for loc_id, row in location_rows.items()
    }
    return [
        services.service_full(
            row,
            translated=offer_texts.get(row["id"], {}),
            runs=runs.get(row["id"], []),
            locations=location_objects,
            language=language,
            categories=codes.categories,
            course_types=codes.course_types,
        )
        for row in rows
    ]


async def list_items(
    session: AsyncSession, rows: Sequence[Row], *, language: str
) -> list[dict[str, Any]]:
    texts = await repository.translations(session, "offer", [r["id"] for r in rows], language)
    return [services.service_list_item(row, texts.get(row["id"], {})) for row in rows]


async def stream_services(
    session: AsyncSession,
    where: Where,
    *,
    language: str,
    codes: CodeLists,
    batch_size: int = STREAM_BATCH,
) -> AsyncIterator[list[dict[str, Any]]]:
    """The whole matching catalogue in keyset batches."""
    after: UUID | None = None
    while True:
        rows = await repository.services_after(session, where, after=after, limit=batch_size)
        if not rows:
            return
        yield await full_services(session, rows, language=language, codes=codes)
        if len(rows) < batch_size:
            return
        after = rows[-1]["id"]
        # Rows of a batch are plain mappings; nothing is kept between batches.
        session.expunge_all()
