"""Settings of the surveys service (env prefix SURVEYS_)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from pydantic_settings import SettingsConfigDict

from koko_shared.settings import ServiceSettings


class SurveysSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SURVEYS_", extra="ignore")

    port: int = 8002
    # Versioned re-keying keys, kept outside the database: JSON {"<version>": "<hex key>"}.
    # The highest version re-keys new subjects; older ones still find existing subjects.
    # Empty: read `pseudonym_keys_file`, else (development/test only) a key file generated in
    # `data_dir/surveys/pseudonym-keys.json`.
    pseudonym_keys: str = ""
    pseudonym_keys_file: Path | None = None
    # Limits of one bulk request.
    max_batch_rows: int = 10_000
    max_batch_bytes: int = 64 * 1024 * 1024
    # Rows of the GraphQL submission mutation (small writes only; bulk goes over REST).
    max_graphql_rows: int = 100
    # Export page size of the microdata export.
    export_page_size: int = 1_000
    # Hours the pages of an export can be read; `koko-surveys purge` then drops the released
    # rows (what each analyst received stays, for the next export's check).
    export_page_hours: int = 24


def surveys_settings(request: Request) -> SurveysSettings:
    """The settings the app was created with (configure_service_app keeps them on the app)."""
    settings: SurveysSettings = request.app.state.settings
    return settings


# REST handlers take the settings from here, typed, instead of reading `app.state` themselves.
SurveysSettingsDep = Annotated[SurveysSettings, Depends(surveys_settings)]
