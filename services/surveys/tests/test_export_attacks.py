"""Issue 16, finding 6 replayed against the export through REST: waves linked by a pseudonym,
a new person's row isolated by comparing two exports, ids that link exports. Each attack reads
what the service publishes and counts groups itself."""

from __future__ import annotations

import random

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.graphql.ids import to_global_id
from koko_shared.testing.identity import TestTokens

from .conftest import MAGDEBURG, Setup, create_setup, graphql_data, pseudonym
from .exports import all_records, export, multiset_difference, smallest_group

ALIKE = {"regionArs": MAGDEBURG, "areaCode": "02", "sex": "f", "birthYear": 2007}
GRANT = """mutation($input: StudyPanelAccessInput!) { studyPanelAccessGrant(input: $input) {
  panelAccess { analyst grantedBy } errors { code } } }"""


def both_waves(setup: Setup, people: range) -> tuple[list[dict], list[dict]]:
    first = [setup.row(n, attributes=ALIKE) for n in people]
    second = [
        setup.row(
            1000 + n,
            subject=pseudonym(f"person-{n}"),
            attributes=ALIKE,
            answers={"destination": "work"},
        )
        for n in people
    ]
    return first, second


async def test_waves_are_linked_only_with_the_panel_view(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    tokens: TestTokens,
    session: AsyncSession,
) -> None:
    # given: six people interviewed in both waves
    first, second = both_waves(setup, range(6))
    await client.post(setup.batch_url, json=first, headers=integrator)
    await client.post(setup.url(setup.wave2), json=second, headers=integrator)
    stored = await session.execute(
        text("SELECT id, pseudonym FROM subject WHERE study_id = :s"), {"s": setup.study.id}
    )
    secrets = {str(v) for row in stored for v in row}
    secrets |= {pseudonym(f"person-{n}") for n in range(6)}
    # when: each wave on its own, then both at once
    one, w1 = await all_records(client, setup.study.id, analyst, wave="w1")
    two, w2 = await all_records(client, setup.study.id, analyst, wave="w2")
    linked_refused = await export(client, setup.study.id, analyst, wave=["w1", "w2"])
    # then: nothing in the two exports links a record of one to a record of the other
    assert {r["id"] for r in w1}.isdisjoint({r["id"] for r in w2})
    for body in (one, two):
        assert not any(secret in str(body) for secret in secrets)
        assert "sub-" not in str(body), "client submission ids link waves and sources"
    assert linked_refused.status_code == 403
    assert "panel view" in linked_refused.json()["title"]

    # when: an admin grants this analyst the panel view
    admin = tokens.for_role(Role.ADMIN, MAGDEBURG, subject="admin-1")
    study_id = to_global_id("Study", setup.study.id)
    coordinator_grant = await graphql_data(
        client,
        GRANT,
        {"input": {"studyId": study_id, "analyst": "test-analyst"}},
        tokens.for_role(Role.COORDINATOR, MAGDEBURG),
    )
    granted = await graphql_data(
        client, GRANT, {"input": {"studyId": study_id, "analyst": "test-analyst"}}, admin
    )
    body, linked = await all_records(client, setup.study.id, analyst, wave=["w1", "w2"])
    other = tokens.for_role(Role.ANALYST, MAGDEBURG, subject="another-analyst")
    other_linked = await export(client, setup.study.id, other, wave=["w1", "w2"])
    # then: one record per person with both waves, k over all of it; only for that analyst
    assert coordinator_grant["studyPanelAccessGrant"]["errors"] == [{"code": "FORBIDDEN"}]
    assert granted["studyPanelAccessGrant"]["panelAccess"] == [
        {"analyst": "test-analyst", "grantedBy": "admin-1"}
    ]
    assert body["linked"] is True and len(linked) == 6
    assert all(set(r["waves"]) == {"w1", "w2"} for r in linked)
    assert smallest_group(linked) >= 5
    assert other_linked.status_code == 403
    audit = await session.execute(
        text(
            "SELECT actor, detail FROM audit_entry WHERE study_id = :s "
            "AND action = 'study.panel_access_granted'"
        ),
        {"s": setup.study.id},
    )
    assert [(row.actor, row.detail) for row in audit] == [("admin-1", {"analyst": "test-analyst"})]


async def test_comparing_two_exports_does_not_isolate_a_new_person(
    sessionmaker: async_sessionmaker[AsyncSession],
    client: httpx.AsyncClient,
    tokens: TestTokens,
) -> None:
    # given (finding 6: a new person's whole row was isolated by comparing two exports, 20 of
    # 20): in each of five trials ten people form two groups of random profiles; the analyst
    # exports; one new person arrives, alike with one of the groups (so without the check
    # their group would simply grow by one)
    analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
    rng = random.Random(16)
    isolated = 0
    for _trial in range(5):
        setup = await create_setup(sessionmaker)
        writer = tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))
        profiles = [
            (
                {**ALIKE, "sex": rng.choice("fmd"), "birthYear": rng.randint(1990, 2010)},
                {"destination": rng.choice(["school", "training", "work"]), "age": 17},
            )
            for _ in range(2)
        ]
        base = [
            setup.row(n, attributes=profiles[n % 2][0], answers=profiles[n % 2][1])
            for n in range(10)
        ]
        await client.post(setup.batch_url, json=base, headers=writer)
        _, before = await all_records(client, setup.study.id, analyst, wave="w1")
        attributes, answers = rng.choice(profiles)
        new = setup.row(50, attributes=attributes, answers=answers)
        await client.post(setup.batch_url, json=[new], headers=writer)
        # when
        body, after = await all_records(client, setup.study.id, analyst, wave="w1")
        # then: the difference of the two exports names no group smaller than k
        difference = multiset_difference(after, before)
        isolated += any(0 < abs(change) < 5 for change in difference.values())
        assert (len(before), len(after)) == (10, 10)
        assert body["summary"]["withheld"] == 1
        assert body["summary"]["earlierExportsChecked"] == 1
    assert isolated == 0


async def test_new_people_enter_an_analysts_exports_k_at_a_time(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    tokens: TestTokens,
) -> None:
    # given: ten alike, exported; then one new alike person, then four more
    await client.post(
        setup.batch_url,
        json=[setup.row(n, attributes=ALIKE) for n in range(10)],
        headers=integrator,
    )
    _, first = await all_records(client, setup.study.id, analyst, wave="w1")
    await client.post(setup.batch_url, json=[setup.row(10, attributes=ALIKE)], headers=integrator)
    _, second = await all_records(client, setup.study.id, analyst, wave="w1")
    more = [setup.row(n, attributes=ALIKE) for n in range(11, 15)]
    await client.post(setup.batch_url, json=more, headers=integrator)
    # when
    _, third = await all_records(client, setup.study.id, analyst, wave="w1")
    newcomer = tokens.for_role(Role.ANALYST, MAGDEBURG, subject="newcomer-analyst")
    _, fresh = await all_records(client, setup.study.id, newcomer, wave="w1")
    # then: the one new person waits until they can leave with four others; an analyst with no
    # earlier export gets everyone at once
    assert (len(first), len(second), len(third), len(fresh)) == (10, 10, 15, 15)
    assert multiset_difference(second, first) == {}
    assert list(multiset_difference(third, second).values()) == [5]


async def test_ids_are_fresh_per_export_and_pages_belong_to_their_export(
    app,
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    analyst: dict[str, str],
    tokens: TestTokens,
    session: AsyncSession,
) -> None:  # type: ignore[no-untyped-def]
    # given
    app.state.settings = app.state.settings.model_copy(update={"export_page_size": 4})
    await client.post(
        setup.batch_url,
        json=[setup.row(n, attributes=ALIKE) for n in range(10)],
        headers=integrator,
    )
    # when
    _, one = await all_records(client, setup.study.id, analyst, wave="w1")
    first_page = (await export(client, setup.study.id, analyst, wave="w1")).json()
    _, two = await all_records(client, setup.study.id, analyst, wave="w1")
    other = tokens.for_role(Role.ANALYST, MAGDEBURG, subject="another-analyst")
    foreign = await export(client, setup.study.id, other, after=first_page["nextCursor"])
    by_former_name = await export(client, setup.study.id, analyst, cursor=first_page["nextCursor"])
    by_name = await export(client, setup.study.id, analyst, after=first_page["nextCursor"])
    both = await export(
        client, setup.study.id, analyst, after=first_page["nextCursor"], cursor="other"
    )
    await session.execute(
        text("UPDATE microdata_export SET created_at = now() - interval '25 hours'")
    )
    expired = await export(client, setup.study.id, analyst, after=first_page["nextCursor"])
    # then: the same released records, no id in common; a page is its export's, for 24 hours
    assert len(one) == len(two) == 10 and len({r["id"] for r in one}) == 10
    assert {r["id"] for r in one}.isdisjoint({r["id"] for r in two})
    assert multiset_difference(one, two) == {}
    assert len(first_page["items"]) == 4 and first_page["nextCursor"]
    assert foreign.status_code == 404 and expired.status_code == 404
    # the former parameter name reads the same page; beside `after` it is ignored
    assert by_former_name.status_code == by_name.status_code == both.status_code == 200
    assert by_former_name.json()["items"] == by_name.json()["items"] == both.json()["items"]
    reads = await session.execute(
        text(
            "SELECT count(*) FROM audit_entry WHERE study_id = :s "
            "AND action = 'microdata.page_read'"
        ),
        {"s": setup.study.id},
    )
    # two further pages of each of the two full reads, and the page read three more times
    assert reads.scalar_one() == 7
