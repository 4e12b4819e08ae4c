"""Surveys test fixtures: one migrated database per session, one rolled-back transaction per
test, the app over ASGI, tokens for every role and a ready study with two waves."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.database.engine import create_sessionmaker
from koko_shared.demo_regions import MAGDEBURG
from koko_shared.settings import Environment
from koko_shared.testing.fixtures import AUDIENCE, ISSUER, service_fixtures
from koko_shared.testing.gateway_edge import gateway_client
from koko_shared.testing.identity import TestTokens
from koko_surveys.app import SPEC, create_app
from koko_surveys.indicator import service as indicator_service
from koko_surveys.instrument import service as instrument_service
from koko_surveys.settings import SurveysSettings
from koko_surveys.study import service as study_service
from koko_surveys.study.models import Study
from koko_surveys.wave import service as wave_service
from koko_surveys.wave.models import Wave

TEST_KEYS = '{"1": "' + "ab" * 32 + '"}'
K1 = b"municipality-trusted-unit-key"
COORDINATOR = Actor(subject="coordinator", grants=(Grant(Role.COORDINATOR, MAGDEBURG),))

QUESTIONS: list[dict[str, Any]] = [
    {
        "name": "destination",
        "type": "select_one",
        "required": True,
        "label": {"de": "Verbleib", "en": "Destination"},
        "choices": [
            {"code": code, "label": {"de": code}}
            for code in ("school", "training", "work", "prep", "other")
        ],
    },
    {"name": "age", "type": "integer", "constraint": ". >= 10 and . <= 40"},
    {"name": "other_text", "type": "text", "relevant": "${destination} = 'other'"},
    {
        "name": "german_level",
        "type": "select_one",
        "choices": [{"code": c} for c in ("none", "A1", "A2", "B1", "B2", "C1")],
    },
    {"name": "seeking_course", "type": "boolean"},
    {
        "name": "languages",
        "type": "select_multiple",
        "choices": [{"code": c} for c in ("de", "ar", "uk")],
    },
    {"name": "interview_date", "type": "date"},
    {"name": "satisfaction", "type": "scale", "minimum": 1, "maximum": 5},
    {"name": "hours", "type": "decimal"},
]


def pseudonym(source_id: str) -> str:
    """What an integration script sends: HMAC-SHA256(K1, normalized source id)."""
    return hmac.new(K1, source_id.strip().lower().encode(), hashlib.sha256).hexdigest()


@dataclass
class Setup:
    study: Study
    wave1: Wave
    wave2: Wave
    version: str  # "code@1"

    @property
    def batch_url(self) -> str:
        return f"/v1/studies/{self.study.id}/waves/{self.wave1.id}/submissions:batch"

    def url(self, wave: Wave) -> str:
        return f"/v1/studies/{self.study.id}/waves/{wave.id}/submissions:batch"

    def row(self, n: int, **overrides: Any) -> dict[str, Any]:
        row: dict[str, Any] = {
            "submissionId": f"sub-{n}",
            "subject": pseudonym(f"person-{n}"),
            "instrumentVersion": self.version,
            "attributes": {"regionArs": MAGDEBURG, "areaCode": "01", "sex": "f", "birthYear": 2007},
            "consents": [
                {
                    "scope": "participation",
                    "textVersion": "v1",
                    "legalBasis": "consent",
                    "givenAt": "2025-01-10T10:00:00Z",
                }
            ],
            "answers": {"destination": "training", "age": 17},
        }
        row.update(overrides)
        return row


database_url, engine, sessionmaker, session, tokens = service_fixtures(SPEC, pool_size=12)


@pytest.fixture(scope="session")
def settings(tokens: TestTokens, tmp_path_factory: pytest.TempPathFactory) -> SurveysSettings:
    data_dir: Path = tmp_path_factory.mktemp("surveys-data")
    return SurveysSettings(
        environment=Environment.TEST,
        jwt_issuer=ISSUER,
        jwt_audience=AUDIENCE,
        jwks_file=tokens.jwks_file,
        data_dir=data_dir,
        pseudonym_keys=TEST_KEYS,
    )


def _app(
    settings: SurveysSettings,
    maker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    url: URL,
) -> FastAPI:
    app = create_app(settings)
    app.state.sessionmaker = maker
    app.state.engine = engine
    app.state.database_url = url
    return app


@pytest.fixture
def app(
    settings: SurveysSettings,
    sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> FastAPI:
    return _app(settings, sessionmaker, engine, database_url)


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The subgraph as the gateway calls it: each request carries the gateway's signed identity
    for the caller its token stands for (koko_shared.testing.gateway_edge)."""
    async with gateway_client(app, "surveys", "http://surveys.test") as client:
        yield client


@pytest.fixture
def committing_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Real transactions (for concurrency tests); data must use unique codes."""
    return create_sessionmaker(engine)


@pytest.fixture
async def committing_client(
    settings: SurveysSettings,
    committing_sessionmaker: async_sessionmaker[AsyncSession],
    engine: AsyncEngine,
    database_url: URL,
) -> AsyncIterator[httpx.AsyncClient]:
    app = _app(settings, committing_sessionmaker, engine, database_url)
    async with gateway_client(app, "surveys", "http://surveys.test") as client:
        yield client


SetupFactory = Callable[..., Awaitable[Setup]]


async def create_setup(
    maker: async_sessionmaker[AsyncSession],
    *,
    region: str = MAGDEBURG,
    wave2_consents: list[str] | None = None,
    **study_options: Any,
) -> Setup:
    today = date.today()
    actor = Actor(subject="coordinator", grants=(Grant(Role.COORDINATOR, region),))
    async with maker() as session, session.begin():
        study = await study_service.create_study(
            session,
            actor,
            region_ars=region,
            code=f"verbleib-{uuid.uuid4().hex[:8]}",
            title={"de": "Verbleib Schulabgänger"},
            kind="destination",
            **study_options,
        )
        instrument, version = await instrument_service.publish_version(
            session, actor, study, code="verbleib", questions=QUESTIONS
        )
        await study_service.add_cohort(session, study, code="2024", label="Schuljahr 2023/24")
        wave1 = await wave_service.create_wave(
            session,
            actor,
            study,
            code="w1",
            label="Welle 1",
            position=1,
            reference_date=today - timedelta(days=30),
            field_opens_date=today - timedelta(days=60),
            field_closes_date=today + timedelta(days=30),
            instrument_version_ids=[version.id],
        )
        wave2 = await wave_service.create_wave(
            session,
            actor,
            study,
            code="w2",
            label="Welle 2",
            position=2,
            reference_date=today,
            field_opens_date=today - timedelta(days=10),
            field_closes_date=today + timedelta(days=60),
            instrument_version_ids=[version.id],
            required_consent_scopes=wave2_consents or ["participation"],
        )
        await indicator_service.define_indicator(
            session,
            actor,
            study,
            indicator_service.NewIndicator(
                code="training_rate",
                label={"de": "Anteil in Ausbildung"},
                numerator={"question": "destination", "equals": "training"},
                denominator={"answered": "destination"},
                public=True,
            ),
        )
    return Setup(
        study=study, wave1=wave1, wave2=wave2, version=f"{instrument.code}@{version.version}"
    )


@pytest.fixture
async def setup(sessionmaker: async_sessionmaker[AsyncSession]) -> Setup:
    return await create_setup(sessionmaker)


async def graphql_data(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The `data` of a GraphQL request that must succeed without top-level errors."""
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers or {}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


@pytest.fixture
def integrator(tokens: TestTokens, setup: Setup) -> dict[str, str]:
    return tokens.for_role(Role.INTEGRATOR, MAGDEBURG, studies=(str(setup.study.id),))


@pytest.fixture
def analyst(tokens: TestTokens) -> dict[str, str]:
    return tokens.for_role(Role.ANALYST, MAGDEBURG)
