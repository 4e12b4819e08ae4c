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
