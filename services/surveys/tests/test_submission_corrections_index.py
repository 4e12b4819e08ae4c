"""Whether a stored submission was corrected is answered from the partial index of corrections
(migration 0008), not by reading every submission of the writer in the study."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from koko_surveys.submission.repository import _CORRECTED


async def test_the_corrected_check_reads_the_index_of_corrections(session: AsyncSession) -> None:
    # given: the check as the repository writes it, for one stored submission
    statement = f"SELECT s.id FROM submission s WHERE s.id = gen_random_uuid() AND {_CORRECTED}"
    # when: planned without sequential scans (an empty test table would be read whole anyway)
    await session.execute(text("SET LOCAL enable_seqscan = off"))
    plan = "\n".join(row[0] for row in (await session.execute(text("EXPLAIN " + statement))).all())
    # then: the corrections are probed through their partial index
    assert "ix_submission_correction" in plan, plan
