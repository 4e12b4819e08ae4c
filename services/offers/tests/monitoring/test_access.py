"""Who may ask for the monitoring report and what is refused before anything is asked of the
gateway: anonymous 401, other regions and other roles 403, hostile parameters 422, all as
problem+json; an unreachable gateway is a 503 problem, never a 500."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from koko_offers.settings import OffersSettings
from koko_shared.auth.actor import Role
from koko_shared.testing.identity import TestTokens

MAGDEBURG = "150030000000"
BOERDE = "150830000000"
STUDY = "U3R1ZHk6MTIz"
URL = "/reports/monitoring"


def _params(**changes: str) -> dict[str, str]:
    return {"region": MAGDEBURG, "study": STUDY, **changes}


async def test_anonymous_callers_are_asked_to_sign_in(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, params=_params())
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("role", "region"),
    [(Role.COORDINATOR, BOERDE), (Role.PROVIDER, MAGDEBURG), (Role.ANALYST, MAGDEBURG)],
)
async def test_only_coordinators_of_the_region_get_it(
    client: httpx.AsyncClient, tokens: TestTokens, role: Role, region: str
) -> None:
    response = await client.get(URL, params=_params(), headers=tokens.for_role(role, region))
    assert response.status_code == 403, response.text
    assert response.json()["type"] == "urn:koko:problem:FORBIDDEN"


@pytest.mark.parametrize(
    "changes",
    [
        {"region": "15003"},
        {"region": "' OR 1=1 --"},
        {"study": "x" * 500},
        {"study": "<script>"},
        {"study": "a b"},
        {"release": "../../graphql"},
        {"release": "{__schema{types{name}}}"},
        {"question": "destination) { id }"},
        {"date": "0001-01-01"},
        {"date": "9999-12-31"},
        {"date": "06.12.2026"},
        {"format": "xlsx"},
        {"lang": "fr"},
        {"lang": "de\r\nX-Injected: 1"},
    ],
)
async def test_hostile_parameters_are_refused(
    client: httpx.AsyncClient, tokens: TestTokens, changes: dict[str, str]
) -> None:
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    response = await client.get(URL, params=_params(**changes), headers=coordinator)
    assert response.status_code in (400, 422), response.text
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_an_unreachable_gateway_is_a_503_problem(
    app: FastAPI, client: httpx.AsyncClient, tokens: TestTokens, settings: OffersSettings
) -> None:
    # given a gateway address where nothing listens
    app.state.settings = settings.model_copy(update={"gateway_url": "http://127.0.0.1:9"})
    coordinator = tokens.for_role(Role.COORDINATOR, MAGDEBURG)
    # when
    response = await client.get(URL, params=_params(), headers=coordinator)
    # then
    assert response.status_code == 503, response.text
    assert response.json()["type"] == "urn:koko:problem:SERVICE_UNAVAILABLE"
