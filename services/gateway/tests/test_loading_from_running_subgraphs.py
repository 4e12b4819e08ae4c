"""Development composition from running subgraphs (`GATEWAY_COMPOSE_SUBGRAPHS`): the subgraphs
answer the gateway only, so the gateway asks each for its SDL with its signed identity."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from koko_gateway.loading import fetch_subgraph_sdls
from koko_gateway.settings import GatewaySettings
from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.identity_keys import identity_signer
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.url import server_url
from koko_shared.settings import Environment
from koko_shared.testing.database import data_dir_for_tests

from .servers import ServerThread


@pytest.fixture
def offers(tmp_path: Path) -> Iterator[str]:
    """The real offers subgraph over HTTP (its requests open a session on the test server's
    maintenance database; the SDL reads nothing from it)."""
    app = create_app(OffersSettings(environment=Environment.TEST, data_dir=tmp_path))
    engine = create_engine(server_url(data_dir_for_tests()), pool_size=1)
    app.state.sessionmaker = create_sessionmaker(engine)
    server = ServerThread(app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


async def test_the_gateway_asks_running_subgraphs_for_their_sdl_as_itself(
    offers: str, tmp_path: Path
) -> None:
    # given: the gateway's key pair, shared through the data folder as in `make run`
    signer = identity_signer(GatewaySettings(environment=Environment.TEST, data_dir=tmp_path))
    # when
    (sdl,) = await fetch_subgraph_sdls([("offers", offers)], signer)
    # then
    assert "type Offer" in sdl


async def test_without_the_gateways_identity_a_running_subgraph_refuses(offers: str) -> None:
    with pytest.raises(httpx.HTTPStatusError) as refused:
        await fetch_subgraph_sdls([("offers", offers)], None)
    assert refused.value.response.status_code == 401
