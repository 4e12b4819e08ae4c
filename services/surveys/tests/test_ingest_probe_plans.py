"""The statements ingest runs for every batch probe the rows they look for through an index
that names them, also while a new study's rows carry no planner statistics yet (right after
its first batch): a plan that reads every row of the study per probed id made the second
batch of a bulk load take seconds."""

from __future__ import annotations

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.submission import repository

from .conftest import Setup


async def _first_batch_then_plan(
    client: httpx.AsyncClient,
    setup: Setup,
    integrator: dict[str, str],
    session: AsyncSession,
    probed: list[str],
) -> str:
    """A study's first batch of 2,000 submissions (not analyzed yet), then the plan of the
    look-up of `probed` ids."""
    rows = [setup.row(n) for n in range(2000)]
    response = await client.post(setup.batch_url, json=rows, headers=integrator)
    assert response.json()["summary"]["created"] == 2000
    params = {"study": setup.study.id, "writer": "test-integrator", "ids": probed}
    explained = await session.execute(text("EXPLAIN " + repository.FIND), params)
    return "\n".join(row[0] for row in explained.all())


async def test_a_batchs_ids_are_probed_through_the_unique_key_of_the_writers_ids(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: a study's first batch, not analyzed yet; when: the next batch's ids are planned
    probed = [f"next-{n}" for n in range(2000)]
    plan = await _first_batch_then_plan(client, setup, integrator, session, probed)
    # then: each id is one search of the unique index (study, writer, submission id), not a
    # filter over the study's rows in another index
    assert "uq_submission_study_id_writer_submission_id" in plan, plan
    assert "ix_submission_study_updated" not in plan, plan
    assert "Seq Scan on submission s" not in plan, plan


async def test_whether_a_resent_submission_was_corrected_is_one_search_of_the_corrections(
    client: httpx.AsyncClient, setup: Setup, integrator: dict[str, str], session: AsyncSession
) -> None:
    # given: a study's first batch, not analyzed yet; when: a re-send of the same ids is planned
    # (every probe finds its row, so the "corrected" test runs for each)
    probed = [f"sub-{n}" for n in range(2000)]
    plan = await _first_batch_then_plan(client, setup, integrator, session, probed)
    # then: whether a later submission names it is a search of the corrections index, not a
    # filter over the study's rows or a hashed scan of every correction
    assert "ix_submission_correction" in plan, plan
    assert "ix_submission_study_updated" not in plan, plan
    assert "Seq Scan on submission c" not in plan, plan
