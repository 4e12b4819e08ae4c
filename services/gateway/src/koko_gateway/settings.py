"""Gateway settings: env prefix GATEWAY_, on top of what every Koko service reads."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from koko_shared.settings import ServiceSettings


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    port: int = 8000
    # The composed supergraph to serve. In development, `compose_subgraphs`
    # ("offers=http://127.0.0.1:8001/graphql,...") composes it at start from the running
    # subgraphs' `_service { sdl }` instead.
    supergraph_file: Path | None = None
    compose_subgraphs: str = ""
    # Where each subgraph really is, overriding the supergraph's `join__graph(url:)` (like
    # Apollo Router's `override_subgraph_url`): "offers=http://offers:8001/graphql,surveys=...".
    subgraph_urls: str = ""
    subgraph_timeout_seconds: float = 10.0
    subgraph_retries: int = 1
    subgraph_max_connections: int = 100
    # Identical queries to one subgraph in flight at the same time (same document, variables,
    # caller and forwarded headers) are sent once and their answer shared; never mutations.
    deduplicate_subgraph_fetches: bool = True
    # Circuit breaker per subgraph: after this many timeouts or connection failures in a row
    # the subgraph is not asked for `subgraph_circuit_open_seconds`; its fields answer null at
    # once with SERVICE_UNAVAILABLE errors. Then one request probes it; success closes the
    # circuit. 0 turns the breaker off.
    subgraph_circuit_failures: int = 5
    subgraph_circuit_open_seconds: float = 10.0
    # Admission control (koko_shared.http.admission): GraphQL requests served at once follow
    # the time they take (adaptive, up to `max_concurrent_requests`, 0: 1,000); an excess request
    # waits at most `admission_queue_seconds` for a place, then it is answered 503 OVERLOADED
    # with Retry-After. A subgraph's own OVERLOADED answer is passed on the same way.
    adaptive_concurrency: bool = True
    # The operation limits (max_body_bytes, max_tokens, max_depth, max_aliases, max_cost,
    # max_page_size, max_entities) and the rate limit (rate_limit_per_minute,
    # rate_limit_redis_url) are read by ServiceSettings: GATEWAY_MAX_COST etc.
    # Automatic persisted queries (Apollo's APQ): clients register a query under its SHA-256 and
    # then send only the hash. At most `apq_cache_bytes` of queries are kept per replica (least
    # recently used dropped); with `apq_redis_url` ("redis://host:6379/0") replicas share them
    # in Redis for `apq_ttl_seconds`. Off in trusted-documents mode.
    apq_enabled: bool = True
    apq_cache_bytes: int = 32 * 1024 * 1024
    apq_redis_url: str = ""
    apq_ttl_seconds: int = 86_400
    persisted_operations_file: Path | None = None
    # Trusted operations mode: only operations from the manifest are executed.
    persisted_operations_only: bool = False
    introspection: bool | None = None
    # Cache-Control of complete answers to anonymous GET queries (persisted queries of finder
    # pages): shared caches and browsers keep them this long, and serve them stale this much
    # longer while they refresh (koko_gateway.app.cache_control).
    public_cache_max_age_seconds: int = Field(default=30, ge=0, le=86_400)
    public_cache_stale_seconds: int = Field(default=120, ge=0, le=86_400)
    # Complete answers to anonymous queries are kept for `public_cache_max_age_seconds` in this
    # much memory per replica and given to the next anonymous caller (0 = off;
    # koko_gateway.response_cache).
    response_cache_bytes: int = Field(default=32 * 1024 * 1024, ge=0)
    # With a Redis URL the replicas share the kept answers (signed, expiring with the public
    # max-age): one replica executes a search, the others answer it from Redis.
    response_cache_redis_url: str = ""
    # The query GraphiQL opens on (development); `make run` sets the example its banner prints.
    graphiql_default_query: str = Field(default="", max_length=4000)
    cors_origins: list[str] = ["*"]
    expose_subgraph_errors: bool | None = None
    # Memory for parsed and validated documents and for query plans, per replica (least recently
    # used dropped). Together with `apq_cache_bytes` this is what clients can make the gateway
    # keep; see services/gateway/README.md "Memory".
    document_cache_bytes: int = 64 * 1024 * 1024
    plan_cache_bytes: int = 64 * 1024 * 1024
    # The public REST paths proxied to the subgraphs (koko_gateway.rest_proxy): the largest body
    # (surveys ingest batches; each subgraph enforces its own per-route limit) and how long a
    # REST answer may take (exports and PDF reports take longer than GraphQL fetches).
    rest_max_body_bytes: int = 64 * 1024 * 1024
    rest_proxy_timeout_seconds: float = 60.0

    @property
    def introspection_enabled(self) -> bool:
        return self.introspection if self.introspection is not None else not self.is_production

    @property
    def subgraph_errors_exposed(self) -> bool:
        if self.expose_subgraph_errors is not None:
            return self.expose_subgraph_errors
        return not self.is_production
