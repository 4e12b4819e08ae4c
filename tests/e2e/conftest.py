"""The whole system for end-to-end tests: offers and surveys as real processes on fresh,
migrated databases with the demo data, and the gateway in front of them, all over HTTP."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import URL

from koko_offers.app import SPEC as OFFERS_SPEC
from koko_offers.demo import load_demo as load_offers_demo
from koko_shared.auth.actor import Actor
from koko_shared.auth.identity import IDENTITY_HEADER, IdentitySigner
from koko_shared.auth.identity_keys import generate_key_pair, key_id, load_private_key
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.testing.database import fresh_database
from koko_shared.testing.gateway_edge import AsGateway
from koko_shared.testing.identity import TestTokens
from koko_surveys.app import SPEC as SURVEYS_SPEC
from koko_surveys.demo import load_demo as load_surveys_demo
from tests.e2e.processes import ServiceProcess, free_port

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH = ROOT / "deploy" / "supergraph.graphql"
ISSUER = "https://idp.test/koko-e2e"
AUDIENCE = "koko"
# The surveys demo is pseudonymised in this process and served by the surveys process: one key.
PSEUDONYM_KEYS = '{"1": "' + "e2" * 32 + '"}'


@dataclass
class System:
    gateway: ServiceProcess
    offers: ServiceProcess
    surveys: ServiceProcess
    tokens: TestTokens
    offers_database: URL
    surveys_database: URL
    # The gateway's identity signing key (tests play an attacker who stole it).
    identity_key: Path

    async def query(
        self,
        query: str,
        variables: dict[str, object] | None = None,
        *,
        headers: dict[str, str] | None = None,
        timeout_seconds: float = 30,
    ) -> dict[str, object]:
        async with httpx.AsyncClient(timeout=timeout_seconds) as client:
            response = await client.post(
                f"{self.gateway.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers=headers or {},
            )
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    def signer(self) -> IdentitySigner:
        """The gateway's own signer (its key from the system's data folder)."""
        key = load_private_key(self.identity_key.read_bytes())
        return IdentitySigner(key, key_id(key.public_key()))

    def as_gateway(self, service: str) -> AsGateway:
        """A transport that calls `service` as the gateway does: the caller's token verified,
        the gateway's identity for that caller signed (subgraphs answer the gateway only)."""
        verifier = TokenVerifier(issuer=ISSUER, audience=AUDIENCE, jwks_file=self.tokens.jwks_file)
        return AsGateway(
            httpx.AsyncHTTPTransport(), verifier=verifier, signer=self.signer(), service=service
        )

    async def subgraph(
        self,
        service: str,
        query: str,
        variables: dict[str, object] | None = None,
        *,
        headers: dict[str, str] | None = None,
        actor: Actor | None = None,
    ) -> dict[str, Any]:
        """Ask one subgraph without the gateway's planning (what the gateway's answer must agree
        with), as the gateway asks it: subgraphs answer the gateway's identity only. With
        `headers` (a caller's token) the identity of that caller, with `actor` of that actor,
        otherwise of an anonymous caller."""
        process = {"offers": self.offers, "surveys": self.surveys}[service]
        sent = dict(headers or {})
        if actor is not None:
            sent[IDENTITY_HEADER] = self.signer().sign(actor, service)
        async with httpx.AsyncClient(timeout=30, transport=self.as_gateway(service)) as client:
            response = await client.post(
                f"{process.url}/graphql",
                json={"query": query, "variables": variables or {}},
                headers=sent,
            )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        return body["data"]  # type: ignore[no-any-return]


async def _load(url: URL, loader: object) -> None:
    engine = create_engine(url, pool_size=2)
    try:
        await loader(create_sessionmaker(engine))  # type: ignore[operator]
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("e2e")
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
async def system(e2e_dir: Path) -> AsyncIterator[System]:
    tokens = TestTokens(e2e_dir / "idp", issuer=ISSUER, audience=AUDIENCE)
    async with (
        fresh_database("e2e_offers", OFFERS_SPEC.migrations_dir) as offers_db,
        fresh_database("e2e_surveys", SURVEYS_SPEC.migrations_dir) as surveys_db,
    ):
        await _load(offers_db, load_offers_demo)
        previous = os.environ.get("SURVEYS_PSEUDONYM_KEYS")
        os.environ["SURVEYS_PSEUDONYM_KEYS"] = PSEUDONYM_KEYS
        try:
            await _load(surveys_db, load_surveys_demo)
        finally:
            if previous is None:
                del os.environ["SURVEYS_PSEUDONYM_KEYS"]
            else:
                os.environ["SURVEYS_PSEUDONYM_KEYS"] = previous
        ports = {"offers": free_port(), "surveys": free_port(), "gateway": free_port()}
        # The gateway signs with the private key, the subgraphs hold only the public JWKS.
        identity_key, identity_public_keys = generate_key_pair(e2e_dir / "identity")

        def service_env(prefix: str, database: URL | None) -> dict[str, str]:
            env = {
                f"{prefix}_ENVIRONMENT": "test",
                f"{prefix}_JWT_ISSUER": ISSUER,
                f"{prefix}_JWT_AUDIENCE": AUDIENCE,
                f"{prefix}_JWKS_FILE": str(tokens.jwks_file),
                f"{prefix}_DATA_DIR": str(e2e_dir / "data"),
                f"{prefix}_PORT": str(ports[prefix.lower()]),
                f"{prefix}_METRICS_PORT": str(free_port()),
            }
            if database is not None:
                env[f"{prefix}_DATABASE_URL"] = database.render_as_string(hide_password=False)
            return env

        offers = ServiceProcess(
            "offers",
            "koko_offers.cli",
            ports["offers"],
            service_env("OFFERS", offers_db)
            | {
                "OFFERS_IDENTITY_PUBLIC_KEYS_FILE": str(identity_public_keys),
                # The monitoring report reads the public API through the gateway.
                "OFFERS_GATEWAY_URL": f"http://127.0.0.1:{ports['gateway']}",
            },
            e2e_dir / "offers.log",
        )
        surveys = ServiceProcess(
            "surveys",
            "koko_surveys.cli",
            ports["surveys"],
            service_env("SURVEYS", surveys_db)
            | {
                "SURVEYS_PSEUDONYM_KEYS": PSEUDONYM_KEYS,
                "SURVEYS_IDENTITY_PUBLIC_KEYS_FILE": str(identity_public_keys),
            },
            e2e_dir / "surveys.log",
        )
        gateway = ServiceProcess(
            "gateway",
            "koko_gateway.cli",
            ports["gateway"],
            service_env("GATEWAY", None)
            | {
                "GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(identity_key),
                # The committed supergraph routes to the default ports; this run's are others.
                "GATEWAY_SUBGRAPH_URLS": f"offers=http://127.0.0.1:{ports['offers']}/graphql,"
                f"surveys=http://127.0.0.1:{ports['surveys']}/graphql",
                "GATEWAY_RATE_LIMIT_PER_MINUTE": "0",
                # A subgraph that comes back is asked again after a second.
                "GATEWAY_SUBGRAPH_CIRCUIT_OPEN_SECONDS": "1",
            },
            e2e_dir / "gateway.log",
            args=["--supergraph", str(SUPERGRAPH), "--port", str(ports["gateway"])],
        )
        started: list[ServiceProcess] = []
        try:
            for process in (offers, surveys, gateway):
                process.start()
                started.append(process)
            yield System(gateway, offers, surveys, tokens, offers_db, surveys_db, identity_key)
        finally:
            for process in reversed(started):
                process.stop()
