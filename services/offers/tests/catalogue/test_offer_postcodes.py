"""Postcodes in the finder: offers at a location with a postcode, and a circle around a
postcode's centre (the mean position of its locations, as the HSDS feed's `proximity` uses)."""

from __future__ import annotations

from .conftest import Given, GraphQL, gid, ids

QUERY = """
query ($filter: OfferFilter) {
  offers(filter: $filter, first: 20, orderBy: TITLE) { edges { node { id } distanceKm } }
}
"""


async def test_postcodes_filter_by_the_location(given: Given, graphql: GraphQL) -> None:
    # given: two locations in 39104, one in 39106, an online offer without a location
    provider = await given.provider()
    centre = await given.location(provider, postal_code="39104", lat=52.12, lon=11.63)
    south = await given.location(provider, postal_code="39104", lat=52.10, lon=11.63)
    north = await given.location(provider, postal_code="39106", lat=52.16, lon=11.65)
    a = await given.offer("A Sprachcafé", location=centre)
    b = await given.offer("B Sprachcafé", location=south)
    c = await given.offer("C Sprachcafé", location=north)
    await given.offer("D Sprachcafé online")
    # when
    by_code = await graphql(QUERY, {"filter": {"postcodes": ["39104"]}})
    both = await graphql(QUERY, {"filter": {"postcodes": ["39104", "39106"]}})
    # then
    assert ids(by_code) == [gid("Offer", a.id), gid("Offer", b.id)]
    assert ids(both) == [gid("Offer", a.id), gid("Offer", b.id), gid("Offer", c.id)]


async def test_a_circle_around_a_postcode_uses_its_centre(given: Given, graphql: GraphQL) -> None:
    # given: 39104's centre is (52.11, 11.63), between its two locations; 39106 is ~5.6 km off
    provider = await given.provider()
    centre = await given.location(provider, postal_code="39104", lat=52.12, lon=11.63)
    south = await given.location(provider, postal_code="39104", lat=52.10, lon=11.63)
    north = await given.location(provider, postal_code="39106", lat=52.16, lon=11.65)
    a = await given.offer("A Sprachcafé", location=centre)
    await given.offer("B Sprachcafé", location=south)
    c = await given.offer("C Sprachcafé", location=north)
    near = {"postcode": "39104", "radiusKm": 2}
    wide = {"postcode": "39104", "radiusKm": 6}
    # when
    close = await graphql(QUERY, {"filter": {"near": near}})
    further = await graphql(QUERY, {"filter": {"near": wide}})
    # then: both 39104 locations are ~1.1 km from the centre; 39106 only within 6 km
    assert len(ids(close)) == 2 and gid("Offer", c.id) not in ids(close)
    distances = [edge["distanceKm"] for edge in close["data"]["offers"]["edges"]]
    assert all(abs(d - 1.11) < 0.05 for d in distances)
    assert gid("Offer", c.id) in ids(further) and gid("Offer", a.id) in ids(further)


async def test_bad_postcodes_are_clear_errors(given: Given, graphql: GraphQL) -> None:
    # given
    await given.offer("Sprachcafé")
    # when
    malformed = await graphql(QUERY, {"filter": {"postcodes": ["3910"]}})
    unknown = await graphql(QUERY, {"filter": {"near": {"postcode": "99999", "radiusKm": 5}}})
    both = await graphql(
        QUERY, {"filter": {"near": {"postcode": "39104", "lat": 52.1, "radiusKm": 5}}}
    )
    nothing = await graphql(QUERY, {"filter": {"near": {"radiusKm": 5}}})
    # then
    assert "five digits" in malformed["errors"][0]["message"]
    assert "no location with postcode 99999" in unknown["errors"][0]["message"]
    assert "either lat and lon or a postcode" in both["errors"][0]["message"]
    assert "needs lat and lon, or a postcode" in nothing["errors"][0]["message"]
    for body in (malformed, unknown, both, nothing):
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
