"""Settings common to every Koko service; each service subclasses with its own env prefix."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    # Prometheus metrics are served on their own port, never on the public one: by default the
    # service's port + 1000 (gateway 9000, offers 9001, surveys 9002) on loopback; containers set
    # the host to 0.0.0.0 and leave the port unpublished. 0 turns the metrics server off.
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None
    # Explicit database of this service; if empty, derived from KOKO_DATABASE_URL / DATABASE_URL,
    # and if that is empty too, an embedded PostgreSQL in `data_dir` is started.
    database_url: str = ""
    # A read replica of that database (e.g. CloudNativePG's `<cluster>-ro` service) for public
    # reads that tolerate lag (koko_shared.database.read_replica); empty: the primary serves them.
    database_read_url: str = ""
    # Connections per process (and as many again in overflow), and how long a request waits for
    # one before it is refused with 503 OVERLOADED and Retry-After: a crowd is shed in a fraction
    # of a second instead of queueing for the 30 s of SQLAlchemy's default (issue 18).
    database_pool_size: int = Field(default=10, ge=1, le=500)
    database_pool_timeout_seconds: float = Field(default=0.5, gt=0, le=60)
    # Memory of compiled SQL statements kept per engine (koko_shared.database.compiled_cache):
    # clients choose the shapes of searches, so the cache is bounded by what it holds.
    database_compiled_cache_bytes: int = Field(default=32 * 1024 * 1024, ge=0)
    # Admission control (koko_shared.http.admission): at most this many requests are served at
    # once (0: sized by the service, a subgraph from its pool: pool size + overflow, so an
    # admitted request does not wait for a connection); an excess request waits at most
    # `admission_queue_seconds` for a place, then it is refused with 503 OVERLOADED and
    # Retry-After. With `adaptive_concurrency` the limit follows the time requests take
    # (koko_shared.http.admission.GradientLimit), up to `max_concurrent_requests`.
    max_concurrent_requests: int = Field(default=0, ge=0, le=100_000)
    admission_queue_seconds: float = Field(default=0.025, gt=0, le=10)
    adaptive_concurrency: bool = False
    data_dir: Path = Field(default_factory=default_data_dir)
    # The identity the gateway passes to subgraphs is signed with Ed25519 (see
    # koko_shared.auth.identity). The gateway holds the private key (PEM text, or a file);
    # subgraphs hold the public keys as a JWKS (text, or a file), several during a rotation.
    # In development and test, when none is set, a key pair is generated in
    # `data_dir/identity/` and used by all services sharing that folder. In production a
    # missing key, or a key published in the repository, stops the service from starting.
    identity_private_key: str = ""
    identity_private_key_file: Path | None = None
    identity_public_keys: str = ""
    identity_public_keys_file: Path | None = None
    # Development only: the subgraph also answers requests without the gateway's identity
    # (bearer tokens and API keys sent straight to it, e.g. Swagger UI on the subgraph's port).
    # Off by default; a production service refuses to start with it on. Without it a subgraph
    # answers 401 to everything but health, readiness and metrics that the gateway did not sign
    # (koko_shared.http.gateway_guard).
    development_direct_access: bool = False
    # OIDC: issuer and JWKS (URL, or a file for development and tests).
    jwt_issuer: str = "https://koko.invalid/dev-idp"
    jwt_audience: str = "koko"
    jwks_url: str = ""
    jwks_file: Path | None = None
    # An unknown key id fetches the JWKS again at most this often (koko_shared.auth.jwks).
    jwks_min_refresh_seconds: float = 30.0
    # API keys: a JSON file mapping sha256(key) to the actor it stands for.
    api_keys_file: Path | None = None
    log_json: bool = False
    # Request bodies and headers (koko_shared.http): a body larger than this is cut off with
    # 413 while it streams; a body or header block that stops arriving is answered 408.
    max_body_bytes: int = 1_000_000
    body_idle_timeout_seconds: float = 10.0
    body_total_timeout_seconds: float = 60.0
    header_read_timeout_seconds: float = 10.0
    # Requests per minute per client (koko_shared.rate_limit), at the gateway and at every
    # subgraph (requests carrying the gateway's identity were counted at the gateway). With a
    # Redis URL ("redis://host:6379/0") all replicas and services count in one budget.
    rate_limit_per_minute: int = 1_200
    rate_limit_redis_url: str = ""
    # uvicorn answers 503 beyond this many open connections (None: no limit).
    limit_concurrency: int | None = None
    # Worker processes of the service (uvicorn's workers), each with its own database pool,
    # admission limit and caches; the metrics port serves their sum (koko_shared.http.
    # worker_metrics). A Python service serves on one core per process: on one machine, as many
    # as it has cores to spare (the load benchmark's offers service, docs/benchmarks.md); in a
    # cluster, replicas instead.
    workers: int = Field(default=1, ge=1, le=64)
    graphiql: bool | None = None
    # Operation limits on GraphQL requests, the same in the gateway and in every subgraph
    # (subgraphs are reachable inside the cluster). See koko_shared.graphql.limits.
    # (The request body limit is `max_body_bytes` above, enforced by koko_shared.http.)
    # Bytes of one GraphQL document (UTF-8), comments and white space included: the token limit
    # below does not count comments.
    max_document_bytes: int = 65_536
    # Lexical tokens in one document (the parser stops there; comments are not tokens).
    max_tokens: int = 5_000
    # Nesting of data fields; introspection nesting does not count.
    max_depth: int = 15
    # Aliased fields, counted every time a fragment is spread.
    max_aliases: int = 30
    # Estimated cost: every field 1, times the page size (`first`/`last`) or 10 for other lists
    # of the enclosing fields; introspection fields count 1 each.
    max_cost: int = 20_000
    # Largest `first`/`last`.
    max_page_size: int = 100
    # Largest number of `_entities` representations in one request to a subgraph.
    max_entities: int = 2_000

    @model_validator(mode="after")
    def _refuse_direct_access_in_production(self) -> ServiceSettings:
        if self.is_production and self.development_direct_access:
            prefix = str(self.model_config.get("env_prefix", ""))
            raise ValueError(
                f"{prefix}DEVELOPMENT_DIRECT_ACCESS is on in production: a subgraph must answer "
                "the gateway only"
            )
        return self

    @property
    def metrics_listen_port(self) -> int | None:
        """The port metrics are served on, or None when they are off."""
        if self.metrics_port is None:
            return self.port + 1000
        return self.metrics_port or None

    @property
    def is_production(self) -> bool:
        return self.environment == Environment.PRODUCTION

    @property
    def graphiql_enabled(self) -> bool:
        return self.graphiql if self.graphiql is not None else not self.is_production
