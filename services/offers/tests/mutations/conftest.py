"""Fixtures of the mutation tests: a small catalogue in the test's rolled-back transaction (two
providers in Magdeburg, one in Landkreis Börde, each with a location, an offer and a run), tokens
for the roles that write, and a GraphQL helper that reads back from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, TypeVar
from uuid import UUID

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from koko_offers.change_log.models import ChangeLogEntry
from koko_offers.course_run.models import CourseRun
from koko_offers.course_type.models import CourseType
from koko_offers.location.models import Location
from koko_offers.offer.models import Offer
from koko_offers.pathway.models import Pathway, PathwayStep
from koko_offers.provider.models import Provider
from koko_offers.region.models import Area, Region
from koko_offers.taxonomy.models import Category
from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG, REGIONS
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

T = TypeVar("T", bound=SQLModel)
START = date.today() + timedelta(days=30)


def gid(type_name: str, local: UUID) -> str:
    return to_global_id(type_name, local)


@dataclass
class World:
    """The rows every mutation test starts from."""

    provider_a: Provider  # Magdeburg
    provider_b: Provider  # Magdeburg, another organization
    provider_boerde: Provider  # Landkreis Börde
    location_a: Location
    location_boerde: Location
    offer_a: Offer
    offer_boerde: Offer
    run_a: CourseRun
    pathway: Pathway
    step: PathwayStep
    course_type: CourseType


@dataclass
class Api:
    client: httpx.AsyncClient
    tokens: TestTokens
    session: AsyncSession

    # --- who is asking ---------------------------------------------------------------------

    def provider(self, provider: Provider, region: str | None = None) -> dict[str, str]:
        return self.tokens.for_role(
            Role.PROVIDER,
            region or provider.region_ars,
            organization=str(provider.id),
            subject=f"provider-{provider.name}",
        )

    def coordinator(self, region: str = MAGDEBURG) -> dict[str, str]:
        return self.tokens.for_role(Role.COORDINATOR, region, subject=f"coordinator-{region}")

    def admin(self) -> dict[str, str]:
        return self.tokens.for_role(Role.ADMIN, "*", subject="admin")

    # --- requests ---------------------------------------------------------------------------

    async def graphql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        language: str = "en",
    ) -> dict[str, Any]:
        response = await self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={**(headers or {}), "Accept-Language": language},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def mutate(
        self,
        name: str,
        input: dict[str, Any],
        headers: dict[str, str] | None,
        selection: str,
        language: str = "en",
    ) -> dict[str, Any]:
        """Run mutation `name` with `input`; its payload."""
        input_type = name[0].upper() + name[1:] + "Input"
        if name.startswith("offer") and name in ("offerConfirm", "offerPublish", "offerArchive"):
            input_type = "OfferVersionInput"
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} "
            "errors { field code message } } }"
        )
        data = await self.graphql(query, {"input": input}, headers, language)
        payload: dict[str, Any] = data[name]
        return payload

    # --- reading back -----------------------------------------------------------------------

    async def fresh(self, model: type[T], key: Any) -> T | None:
        return await self.session.get(model, key, populate_existing=True)

    async def count(self, model: type[SQLModel]) -> int:
        result = await self.session.execute(select(func.count()).select_from(model))
        return int(result.scalar_one())

    async def changes(self, entity: str, entity_id: UUID) -> list[ChangeLogEntry]:
        rows = await self.session.execute(
            select(ChangeLogEntry)
            .where(
                ChangeLogEntry.entity == entity,  # type: ignore[arg-type]
                ChangeLogEntry.entity_id == entity_id,  # type: ignore[arg-type]
            )
            .order_by(ChangeLogEntry.id)  # type: ignore[arg-type]
            .execution_options(populate_existing=True)
        )
        return list(rows.scalars())

    async def snapshot(self, table: str) -> list[tuple[Any, ...]]:
        """Every row of a table, to prove a refused mutation changed nothing."""
        rows = await self.session.execute(text(f"SELECT * FROM {table} ORDER BY 1, 2"))
        return [tuple(row) for row in rows]


async def _world(session: AsyncSession) -> World:
    for region in REGIONS:
        if await session.get(Region, region.ars) is None:
            session.add(
                Region(
                    ars=region.ars,
                    name=region.name,
                    level=region.level,
                    parent_ars=region.parent_ars,
                )
            )
            await session.flush()
    session.add(Area(region_ars=MAGDEBURG, code="altstadt", name="Altstadt"))
    session.add(Category(code="language_course", label={"de": "Sprachkurse"}))
    session.add(Category(code="counselling", label={"de": "Beratung"}))
    course_type = CourseType(
        code="BAMF_IK_ALLG",
        family="integration_course",
        label={"de": "Allgemeiner Integrationskurs"},
        entry_level="A1",
        target_level="B1",
        teaching_units=700,
        valid_from=date(2020, 1, 1),
    )
    session.add(course_type)
    session.add(
        CourseType(
            code="BAMF_IK_OLD",
            family="integration_course",
            label={"de": "Ausgelaufen"},
            valid_from=date(2010, 1, 1),
            valid_to=date(2015, 1, 1),
        )
    )
    provider_a = Provider(region_ars=MAGDEBURG, name="VHS Magdeburg", kind="vhs")
    provider_b = Provider(region_ars=MAGDEBURG, name="Sprachschule Elbe", kind="free_provider")
    provider_boerde = Provider(region_ars=BOERDE, name="KVHS Börde", kind="vhs")
    session.add_all([provider_a, provider_b, provider_boerde])
    await session.flush()
    location_a = Location(
        provider_id=provider_a.id, region_ars=MAGDEBURG, name="Haus A", city="Magdeburg"
    )
    location_boerde = Location(
        provider_id=provider_boerde.id, region_ars=BOERDE, name="Haus B", city="Haldensleben"
    )
    session.add_all([location_a, location_boerde])
    await session.flush()
    offer_a = Offer(
        region_ars=MAGDEBURG,
        provider_id=provider_a.id,
        location_id=location_a.id,
        category_code="language_course",
        course_type_id=course_type.id,
        title="Integrationskurs am Vormittag",
        description="Deutsch von A1 bis B1.",
        status="published",
    )
    offer_boerde = Offer(
        region_ars=BOERDE,
        provider_id=provider_boerde.id,
        category_code="counselling",
        title="Migrationsberatung",
    )
    session.add_all([offer_a, offer_boerde])
    await session.flush()
    run_a = CourseRun(
        offer_id=offer_a.id,
        region_ars=MAGDEBURG,
        location_id=location_a.id,
        start_date=START,
        end_date=START + timedelta(days=180),
        capacity_max=20,
        seats_booked=5,
        status="open",
    )
    pathway = Pathway(region_ars=MAGDEBURG, title="Weg in die Ausbildung", goal="training")
    session.add_all([run_a, pathway])
    await session.flush()
    step = PathwayStep(pathway_id=pathway.id, position=1, title="Sprachkurs")
    session.add(step)
    await session.flush()
    for row in (offer_a, offer_boerde, run_a):
        await session.refresh(row)
    return World(
        provider_a=provider_a,
        provider_b=provider_b,
        provider_boerde=provider_boerde,
        location_a=location_a,
        location_boerde=location_boerde,
        offer_a=offer_a,
        offer_boerde=offer_boerde,
        run_a=run_a,
        pathway=pathway,
        step=step,
        course_type=course_type,
    )


@pytest.fixture
async def world(session: AsyncSession) -> World:
    return await _world(session)


@pytest.fixture
def api(client: httpx.AsyncClient, tokens: TestTokens, session: AsyncSession) -> Api:
    return Api(client=client, tokens=tokens, session=session)
