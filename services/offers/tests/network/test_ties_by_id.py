"""Ties by id (`node(id:)`, as many as a request names): set-based (one statement per kind
however many ids, the same tie asked twice loaded once) and as visible as ties are elsewhere."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from koko_offers.tie.models import Tie
from koko_shared.demo_regions import MAGDEBURG

from .conftest import Api, Net, gid

TIE = "... on Tie { id kind source { name } }"


async def test_ties_by_id_load_in_a_fixed_number_of_statements(
    api: Api, net: Net, engine: AsyncEngine
) -> None:
    # given four published ties between published actors and one to the unpublished school
    ties = [
        Tie(
            region_ars=MAGDEBURG,
            kind="working_contact",
            source_actor_id=source.id,
            target_actor_id=target.id,
            valid_from=date(2025, 1, day),
            published=True,
        )
        for day, (source, target) in enumerate(
            [(net.vhs_actor, net.jobcenter), (net.jobcenter, net.vhs_actor)] * 2
            + [(net.vhs_actor, net.school_actor)],
            start=1,
        )
    ]
    api.session.add_all(ties)
    await api.session.flush()
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])

    async def entities(wanted: list[Tie]) -> tuple[list[Any], int]:
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            fields = (
                f'n{i}: node(id: "{gid("Tie", t.id)}") {{ {TIE} }}' for i, t in enumerate(wanted)
            )
            data = await api.graphql("{ " + " ".join(fields) + " }")
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        return [data[f"n{i}"] for i in range(len(wanted))], len(
            [s for s in statements if "SAVEPOINT" not in s.upper()]
        )

    # when one tie is asked for, then all five and the first once more
    one, for_one = await entities(ties[:1])
    many, for_many = await entities([*ties, ties[0]])

    # then the answers are in the order asked, the tie to the unpublished school is hidden ...
    assert one == [
        {
            "id": gid("Tie", ties[0].id),
            "kind": "WORKING_CONTACT",
            "source": {"name": "Volkshochschule Magdeburg"},
        }
    ]
    assert [e and e["id"] for e in many] == [
        *(gid("Tie", t.id) for t in ties[:4]),
        None,
        gid("Tie", ties[0].id),
    ]
    # ... and six representations cost the statements one does (ties, actors, their sources)
    assert for_many == for_one
