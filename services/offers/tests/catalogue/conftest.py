"""Fixtures of the catalogue read tests: a builder of regions, providers, offers and runs that
writes through the SQLModel models and keeps the search vectors current, and a GraphQL helper."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from koko_offers.app import create_app
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.demo import load_reference
from koko_offers.location.models import Location
from koko_offers.offer import repository as offer_repository
from koko_offers.offer.models import Offer
from koko_offers.provider.models import Provider
from koko_offers.settings import OffersSettings
from koko_offers.translation.models import Translation
from koko_shared.database.engine import create_sessionmaker
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.testing.gateway_edge import gateway_client

TODAY = date.today()


@dataclass
class Given:
    """Builds a small catalogue in the test's rolled-back transaction on top of the code lists
    and demo regions (`koko_offers.demo.load_reference`); everything else is made on demand."""

    session: AsyncSession
    _course_types: dict[str, CourseType] = field(default_factory=dict)
    _areas: dict[str, UUID] = field(default_factory=dict)  # Magdeburg's, by code

    async def _regions(self) -> None:
        if not self._areas:
            self._areas = {
                code: area_id
                for (region_ars, code), area_id in (await load_reference(self.session)).items()
                if region_ars == MAGDEBURG
            }

    async def course_type(self, code: str, level: str, label: str) -> CourseType:
        await self._regions()
        if code not in self._course_types:
            row = CourseType(
                code=code,
                family="integration_course" if code.startswith("BAMF") else "job_language_course",
                label={"de": label},
                target_level=level,
                valid_from=date(2020, 1, 1),
            )
            self.session.add(row)
            await self.session.flush()
            self._course_types[code] = row
        return self._course_types[code]

    async def provider(self, name: str = "VHS Magdeburg", region: str = "150030000000") -> Provider:
        await self._regions()
        row = Provider(region_ars=region, name=name, kind="vhs")
        self.session.add(row)
        await self.session.flush()
        return row

    async def location(
        self,
        provider: Provider,
        *,
        area: str | None = None,
        lat: float = 52.13,
        lon: float = 11.63,
        postal_code: str | None = None,
    ) -> Location:
        row = Location(
            postal_code=postal_code,
            provider_id=provider.id,
            region_ars=provider.region_ars,
            area_id=self._areas[area] if area else None,
            name=f"{provider.name} Haus",
            city="Magdeburg",
            lat=lat,
            lon=lon,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def offer(
        self,
        title: str,
        *,
        provider: Provider | None = None,
        course_type: CourseType | None = None,
        category: str = "language_course",
        location: Location | None = None,
        **fields: Any,
    ) -> Offer:
        provider = provider or await self.provider()
        row = Offer(
            region_ars=provider.region_ars,
            provider_id=provider.id,
            location_id=location.id if location else None,
            category_code=category,
            course_type_id=course_type.id if course_type else None,
            title=title,
            status=fields.pop("status", "published"),
            **fields,
        )
        self.session.add(row)
        await self.session.flush()
        await offer_repository.refresh_search_vectors(self.session, [row.id])
        return row

    async def run(
        self,
        offer: Offer,
        starts_in_days: int,
        *,
        capacity: int | None = 16,
        booked: int = 4,
        **fields: Any,
    ) -> CourseRun:
        row = CourseRun(
            offer_id=offer.id,
            region_ars=offer.region_ars,
            start_date=TODAY + timedelta(days=starts_in_days),
            capacity_max=capacity,
            seats_booked=booked,
            status=fields.pop("status", "open"),
            **fields,
        )
        self.session.add(row)
        await self.session.flush()
        return row

    async def translation(
        self, offer: Offer, language: str, field: str, text: str, **kw: Any
    ) -> None:
        self.session.add(
            Translation(
                entity="offer",
                entity_id=offer.id,
                field=field,
                language=language,
                text=text,
                source_hash="0" * 64,
                **kw,
            )
        )
        await self.session.flush()
        await offer_repository.refresh_search_vectors(self.session, [offer.id])

    async def yoga_around(self) -> None:
        """150 shorter and 150 longer titles than the tests' matches ("Yoga", no test's word),
        then ANALYZE, sorting and table scans priced out: the planner walks the rank index, and
        a short walk from either end of the rank order finds no match."""
        for n in range(150):
            await self.offer(f"Yoga {n}")
            await self.offer(f"Yoga {'y' * 60} {n}")
        await self.session.execute(text("ANALYZE offer"))
        await self.session.execute(text("SET LOCAL enable_sort = off"))
        await self.session.execute(text("SET LOCAL enable_seqscan = off"))


@pytest.fixture
async def given(session: AsyncSession) -> Given:
    return Given(session)


GraphQL = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def graphql(client: httpx.AsyncClient) -> GraphQL:
    """POST a query; returns the response body (data and errors)."""

    async def post(
        query: str, variables: dict[str, Any] | None = None, headers: dict[str, str] | None = None
    ) -> dict[str, Any]:
        response = await client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return post


def ids(body: dict[str, Any], field: str = "offers") -> list[str]:
    return [edge["node"]["id"] for edge in body["data"][field]["edges"]]


def gid(type_name: str, local: UUID) -> str:
    from koko_shared.graphql.ids import to_global_id

    return to_global_id(type_name, local)


def assert_bound_is_a_setting(settings: OffersSettings, field: str, cache: Any) -> None:
    """An app built with another value of the cache bound `field` bounds the process's `cache`
    by it; an app built with `settings` puts the bound back."""
    try:
        create_app(settings.model_copy(update={field: 54_321}))
        assert cache.max_bytes == 54_321
    finally:
        create_app(settings)
    assert cache.max_bytes == getattr(settings, field)


def app_client(settings: OffersSettings, engine: AsyncEngine, url: Any) -> httpx.AsyncClient:
    """A client of an offers app on `engine`'s committed database, through the gateway's edge,
    with the sessions the service makes in production."""
    app = create_app(settings)
    app.state.sessionmaker, app.state.engine = create_sessionmaker(engine), engine
    app.state.database_url = url
    return gateway_client(app, "offers", "http://offers.test")
