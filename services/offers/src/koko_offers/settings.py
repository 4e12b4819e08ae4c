"""Settings of the offers service (env prefix OFFERS_)."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from koko_shared.settings import ServiceSettings


class OffersSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="OFFERS_", extra="ignore")

    port: int = 8001
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
