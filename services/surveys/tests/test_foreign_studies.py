"""One 404 for an unknown study and for another region's existing one, on every REST route: a
caller without a role in the study's region cannot tell them apart (status and body alike),
even when the study's aggregates are public."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import BOERDE, MAGDEBURG
from koko_shared.testing.identity import TestTokens

from .conftest import create_setup

PSEUDONYM = "3f" * 8 + "0123456789abcdef" * 3


def _routes(study_id: str, wave_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    base = f"/v1/studies/{study_id}"
    return [
        ("POST", f"{base}/waves/{wave_id}/submissions:batch", {"json": []}),
        ("GET", f"{base}/submissions", {}),
        ("DELETE", f"{base}/subjects/{PSEUDONYM}", {}),
        (
            "POST",
            f"{base}/subjects/{PSEUDONYM}/consent-withdrawals",
            {"json": {"scope": "linkage"}},
        ),
        ("POST", f"{base}/instruments", {"files": {"file": ("form.csv", b"type,name\n")}}),
    ]


def _shape(response: httpx.Response, study_id: str) -> tuple[int, str, dict[str, Any]]:
    body = response.json()
    # the id the caller sent is echoed; everything else must be the same
    text = response.text.replace(study_id, "<id>")
    return response.status_code, response.headers["content-type"], {"body": text, **body}


async def test_unknown_and_foreign_studies_get_the_same_404_on_every_route(
    committing_client: httpx.AsyncClient,
    committing_sessionmaker: async_sessionmaker[AsyncSession],
    tokens: TestTokens,
) -> None:
    # given: a study of the Börde district with public aggregates, and callers of Magdeburg
    foreign = await create_setup(committing_sessionmaker, region=BOERDE, aggregates_public=True)
    unknown_study, unknown_wave = str(uuid.uuid4()), str(uuid.uuid4())
    callers = [
        tokens.for_role(Role.ANALYST, MAGDEBURG),
        tokens.for_role(Role.COORDINATOR, MAGDEBURG),
        tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(foreign.study.id),)),
    ]
    study_id, wave_id = str(foreign.study.id), str(foreign.wave1.id)
    for headers in callers:
        for (method, url, options), (_, unknown_url, _) in zip(
            _routes(study_id, wave_id), _routes(unknown_study, unknown_wave), strict=True
        ):
            # when
            existing = await committing_client.request(method, url, headers=headers, **options)
            missing = await committing_client.request(
                method, unknown_url, headers=headers, **options
            )
            # then
            assert existing.status_code == 404, (method, url, existing.text)
            seen = _shape(existing, study_id)
            expected = _shape(missing, unknown_study)
            assert seen[:2] == expected[:2]
            assert seen[2]["body"] == expected[2]["body"], (method, url)
