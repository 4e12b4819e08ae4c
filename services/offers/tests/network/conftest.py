"""Fixtures of the actor network tests: a small network in the test's rolled-back transaction
(Magdeburg with two Stadtteile, a provider-actor, a second provider not yet in the network, an
unpublished actor and a published Jobcenter; an actor in Landkreis Börde), and the GraphQL
helper of the mutation tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.actor.models import Actor
from koko_offers.provider.models import Provider
from koko_offers.region.models import Area, Region
from koko_offers.working_group.models import WorkingGroup
from koko_shared.demo_regions import BOERDE, MAGDEBURG, REGIONS
from koko_shared.testing.identity import TestTokens
from services.offers.tests.mutations.conftest import Api, gid

__all__ = ["Api", "Net", "gid"]
NEUE_NEUSTADT, NEUSTAEDTER_SEE = "04", "05"


@dataclass
class Net:
    vhs: Provider  # Magdeburg, in the network as `vhs_actor`
    school: Provider  # Magdeburg, its actor `school_actor` is not published
    free: Provider  # Magdeburg, not in the network
    kvhs: Provider  # Börde
    vhs_actor: Actor
    school_actor: Actor
    jobcenter: Actor  # no provider, published
    boerde_actor: Actor
    group: WorkingGroup  # Magdeburg, published


async def _net(session: AsyncSession) -> Net:
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
    session.add_all(
        [
            Area(region_ars=MAGDEBURG, code=NEUE_NEUSTADT, name="Neue Neustadt"),
            Area(region_ars=MAGDEBURG, code=NEUSTAEDTER_SEE, name="Neustädter See"),
        ]
    )
    vhs = Provider(region_ars=MAGDEBURG, name="Volkshochschule Magdeburg", kind="vhs")
    school = Provider(region_ars=MAGDEBURG, name="Schule am See", kind="school")
    free = Provider(region_ars=MAGDEBURG, name="Sprachschule Elbe", kind="free_provider")
    kvhs = Provider(region_ars=BOERDE, name="KVHS Börde", kind="vhs")
    session.add_all([vhs, school, free, kvhs])
    await session.flush()
    vhs_actor = Actor(
        region_ars=MAGDEBURG,
        provider_id=vhs.id,
        kind="vhs",
        fields_of_action=["language"],
        published=True,
    )
    school_actor = Actor(
        region_ars=MAGDEBURG,
        provider_id=school.id,
        kind="school",
        fields_of_action=["education"],
        contact_person="Erika Beispiel",
        contact_consent_date=date(2026, 1, 5),
    )
    jobcenter = Actor(
        region_ars=MAGDEBURG,
        name="Jobcenter Magdeburg",
        kind="jobcenter",
        fields_of_action=["work"],
        published=True,
    )
    boerde_actor = Actor(
        region_ars=BOERDE,
        provider_id=kvhs.id,
        kind="vhs",
        fields_of_action=["language"],
        published=True,
    )
    session.add_all([vhs_actor, school_actor, jobcenter, boerde_actor])
    await session.flush()
    group = WorkingGroup(
        region_ars=MAGDEBURG,
        kind="working_group",
        name="AG Sprache",
        fields_of_action=["language"],
        published=True,
    )
    session.add(group)
    await session.flush()
    for row in (vhs_actor, school_actor, jobcenter, boerde_actor, group):
        await session.refresh(row)
    return Net(vhs, school, free, kvhs, vhs_actor, school_actor, jobcenter, boerde_actor, group)


@pytest.fixture
async def net(session: AsyncSession) -> Net:
    return await _net(session)


@pytest.fixture
def api(client: httpx.AsyncClient, tokens: TestTokens, session: AsyncSession) -> Api:
    return Api(client=client, tokens=tokens, session=session)
