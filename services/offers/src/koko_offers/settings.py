"""Settings of the offers service (env prefix OFFERS_)."""

from __future__ import annotations

from ipaddress import ip_network
from typing import Annotated

from cryptography.fernet import Fernet
from fastapi import Depends, Request
from pydantic import Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from koko_shared.secrets import refuse_weak_fernet_key
from koko_shared.settings import ServiceSettings

# Encrypts webhook signing secrets outside production only; production refuses to start with it.
DEVELOPMENT_WEBHOOK_SECRET_KEY = "jckBV5-z81JFQqV8S4eZmqheF_vwADGHEqVZColQsTc="


class OffersSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OFFERS_", extra="ignore")

    port: int = 8001
    # Memory of the search's statements cached per shape of a request (relevance tiers, keyset
    # pages, facet counts: `offer.statement_caches`), least recently used dropped beyond it.
    statement_cache_bytes: int = 128 * 1024 * 1024
    # Memory of the searches prepared per vocabulary version (`offer.search_text_cache`): their
    # words, synonym readings and label readings, least recently used dropped beyond it.
    prepared_search_cache_bytes: int = Field(default=8 * 1024 * 1024, ge=0)
    # Memory of the planner's answers for the tier statements of searches and of the ends of
    # their walks, kept while the offer table's planner inputs stay the same
    # (`offer.search_plans`), least recently used dropped beyond it.
    search_plan_cache_bytes: int = Field(default=2 * 1024 * 1024, ge=0)
    # Offers not confirmed by their provider for this many days are flagged stale (per-region
    # settings override it).
    stale_after_days: int = 30
    # Webhook dispatcher (runs in every replica; rows are claimed with FOR UPDATE SKIP LOCKED).
    webhook_dispatcher_enabled: bool = True
    webhook_poll_seconds: float = 1.0
    webhook_batch_size: int = 20
    webhook_timeout_seconds: float = 10.0
    # A claimed delivery whose replica died is retried after this lease.
    webhook_lease_seconds: float = 60.0
    # Retries back off exponentially: base * 2^(attempt - 1), at most max; then the delivery fails.
    webhook_retry_base_seconds: float = 10.0
    webhook_retry_max_seconds: float = 3600.0
    webhook_max_attempts: int = 15
    # Delivered and failed deliveries are kept this long (partners list and replay them).
    webhook_retention_days: int = 30
    # Networks (CIDR) webhooks may be sent to although they are internal, e.g. ["127.0.0.1/32"]
    # for a receiver on the developer's machine. Empty: only public internet addresses.
    webhook_allowed_networks: list[str] = []
    webhook_max_subscriptions_per_owner: int = 20
    # All accounts of one partner organisation (the grant's `organization`) in one region.
    webhook_max_subscriptions_per_organization: int = 20
    # Fernet keys (comma-separated; the first encrypts, all decrypt) for signing secrets at rest.
    # Generate one with `python -c "from cryptography.fernet import Fernet;
    # print(Fernet.generate_key().decode())"`.
    webhook_secret_key: str = DEVELOPMENT_WEBHOOK_SECRET_KEY

    # Public addresses (JSON-LD `@id`, GeoJSON links). `public_base_url` is the API as the
    # public reaches it (e.g. https://koko.example.de); empty: taken from the request, where
    # X-Forwarded-Proto/-Host count only from `trusted_proxies` (CIDR networks).
    public_base_url: str = ""
    trusted_proxies: list[str] = []
    # The page for people about one offer on the municipality's website, with `{id}` (UUID),
    # `{globalId}` and `{lang}`; empty: the provider's own page of the offer.
    public_offer_url_template: str = ""
    # What a self-payer pays per teaching unit of a BAMF integration course (Kostenbeitrag);
    # shown as the per-unit price of courses without funding. None: no amount is stated.
    integration_course_unit_fee_eur: float | None = None
    # The gateway's public address, from inside the installation: the monitoring report reads
    # its figures through the public GraphQL API there, anonymously.
    gateway_url: str = "http://127.0.0.1:8000"

    @field_validator("trusted_proxies", "webhook_allowed_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ip_network(network, strict=False)  # ValueError names the bad entry
        return value

    @field_validator("public_offer_url_template")
    @classmethod
    def _template(cls, value: str) -> str:
        try:
            value.format(id="x", globalId="x", lang="de")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(
                "public_offer_url_template may only use {id}, {globalId} and {lang}"
            ) from exc
        return value

    @field_validator("webhook_secret_key")
    @classmethod
    def _fernet_keys(cls, value: str) -> str:
        for key in value.split(","):
            if key.strip():
                Fernet(key.strip().encode())  # ValueError: not 32 url-safe base64-encoded bytes
        return value

    @model_validator(mode="after")
    def _refuse_development_webhook_key(self) -> OffersSettings:
        keys = [k.strip() for k in self.webhook_secret_key.split(",") if k.strip()]
        if not self.is_production:
            return self
        if not keys or DEVELOPMENT_WEBHOOK_SECRET_KEY in keys:
            raise ValueError(
                "webhook_secret_key (OFFERS_WEBHOOK_SECRET_KEY) must be set to a key of your own "
                "in production: it encrypts the webhook signing secrets"
            )
        for position, key in enumerate(keys, start=1):
            refuse_weak_fernet_key(
                f"webhook_secret_key (OFFERS_WEBHOOK_SECRET_KEY, key {position})", key
            )
        return self


def offers_settings(request: Request) -> OffersSettings:
    """The settings the app was created with (configure_service_app keeps them on the app)."""
    settings: OffersSettings = request.app.state.settings
    return settings


# REST handlers take the settings from here, typed, instead of reading `app.state` themselves.
OffersSettingsDep = Annotated[OffersSettings, Depends(offers_settings)]
