"""Settings common to every Koko service; each service subclasses with its own env prefix."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_IDENTITY_SECRET = "koko-development-identity-secret-do-not-use"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


def default_data_dir() -> Path:
    """Data folder outside the source tree, reused between runs (embedded PostgreSQL, dev keys)."""
    return Path.home() / ".local" / "share" / "koko"


class ServiceSettings(BaseSettings):
    """Fields every service reads. Subclasses set `model_config` with their env prefix."""

    model_config = SettingsConfigDict(env_prefix="KOKO_", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    host: str = "127.0.0.1"
    port: int = 8000
    # Explicit database of this service; if empty, derived from KOKO_DATABASE_URL / DATABASE_URL,
    # and if that is empty too, an embedded PostgreSQL in `data_dir` is started.
    database_url: str = ""
    data_dir: Path = Field(default_factory=default_data_dir)
    # Shared secret with which the gateway signs the identity it passes to subgraphs.
    identity_secret: str = DEVELOPMENT_IDENTITY_SECRET
    # OIDC: issuer and JWKS (URL, or a file for development and tests).
    jwt_issuer: str = "https://koko.invalid/dev-idp"
    jwt_audience: str = "koko"
    jwks_url: str = ""
    jwks_file: Path | None = None
    # API keys: a JSON file mapping sha256(key) to the actor it stands for.
    api_keys_file: Path | None = None
    log_json: bool = False
    # Request bodies and headers (koko_shared.http): a body larger than this is cut off with
    # 413 while it streams; a body or header block that stops arriving is answered 408.
    max_body_bytes: int = 1_000_000
    body_idle_timeout_seconds: float = 10.0
    body_total_timeout_seconds: float = 60.0
    header_read_timeout_seconds: float = 10.0
    # uvicorn answers 503 beyond this many open connections (None: no limit).
    limit_concurrency: int | None = None
    graphiql: bool | None = None

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> ServiceSettings:
        if (
            self.environment == Environment.PRODUCTION
            and self.identity_secret == DEVELOPMENT_IDENTITY_SECRET
        ):
            raise ValueError(
                "identity_secret still has its development default; set a real secret in production"
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.environment == Environment.PRODUCTION

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else not self.is_production
