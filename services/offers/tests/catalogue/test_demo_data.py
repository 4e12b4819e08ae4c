"""The demo data: loads into an empty database, loads again without duplicates, and gives a
visitor something to find on every main path of the graph."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from koko_offers.demo import demo_provider_id, load_into
from koko_offers.demo.catalogue import OFFERS
from koko_offers.demo.synthetic import generate
from koko_shared.graphql.ids import to_global_id

from .conftest import GraphQL


async def test_demo_loads_once_and_is_searchable(session: AsyncSession, graphql: GraphQL) -> None:
    # given
    added = await load_into(session)
    # when
    again = await load_into(session)
    body = await graphql(
        """{
          search: offers(filter: {search: "Integrationskurs", regionArs: "150030000000"}) {
            totalCount edges { node { title provider { id } } } }
          all: offers(first: 100) { totalCount }
          freeB1: offers(filter: {levels: [B1], hasFreeSeats: true}) { totalCount }
          arabic: offers(filter: {search: "الاندماج"}) { totalCount }
          region(ars: "150030000000") { supply { courseTypeCode level upcomingStarts freeSeats } }
          courseTypes { code }
        }""",
        headers={"Accept-Language": "ar"},
    )
    # then
    assert added > len(OFFERS)
    assert again == 0
    data = body["data"]
    published = [o for o in OFFERS if o.status == "published"]
    assert data["all"]["totalCount"] == len(published)
    assert data["search"]["totalCount"] >= 5
    assert data["freeB1"]["totalCount"] >= 3
    assert data["arabic"]["totalCount"] >= 2
    supply = {(s["courseTypeCode"], s["level"]): s for s in data["region"]["supply"]}
    assert supply[("BAMF_IK_ALLG", "B1")]["upcomingStarts"] >= 2
    assert {"code": "BSK_B2"} in data["courseTypes"]
    provider_ids = {e["node"]["provider"]["id"] for e in data["search"]["edges"]}
    assert to_global_id("Provider", demo_provider_id()) in provider_ids


async def test_synthetic_catalogue_is_searchable(session: AsyncSession, graphql: GraphQL) -> None:
    # given
    summary = await generate(session, offers=400, seed=7)
    # when
    body = await graphql(
        """{
          all: offers(first: 1) { totalCount }
          kurs: offers(filter: {search: "kurs", regionArs: "150030000000"}, first: 5) {
            totalCount edges { node { title } } }
          near: offers(filter: {near: {lat: 52.12, lon: 11.63, radiusKm: 5}}, first: 5) {
            totalCount }
        }"""
    )
    # then
    data = body["data"]
    assert summary.offers == 400
    assert summary.course_runs > 100
    # demo offers plus about nine in ten synthetic ones are published
    assert 330 < data["all"]["totalCount"] < 400 + len(OFFERS)
    assert data["kurs"]["totalCount"] > 20
    assert all("kurs" in e["node"]["title"].lower() for e in data["kurs"]["edges"])
    assert data["near"]["totalCount"] > 20
