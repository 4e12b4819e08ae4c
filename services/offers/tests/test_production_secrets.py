"""Production offers refuses to start with a weak webhook encryption key or without a database
URL (issue 17): one clear error naming the setting."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import ValidationError

from koko_offers.app import create_app
from koko_offers.settings import OffersSettings
from koko_shared.auth.identity_keys import generate_key_pair
from koko_shared.secrets import InsecureConfiguration
from koko_shared.settings import Environment

SETTING = r"OFFERS_WEBHOOK_SECRET_KEY"


def _fernet(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (_fernet(bytes(32)), "all zeros"),
        (_fernet(b"\xff" * 32), "pattern of 1 byte repeated"),
        (_fernet(b"0123456789abcdef" * 2), "pattern of 16 bytes repeated"),
        (_fernet(bytes(16) + base64.urlsafe_b64decode(Fernet.generate_key())[16:]), "signing half"),
        ("jckBV5-z81JFQqV8S4eZmqheF_vwADGHEqVZColQsTc=", "own"),  # the development key
    ],
    ids=["all zeros", "one byte repeated", "short pattern", "weak half", "committed"],
)
def test_production_refuses_a_weak_webhook_key(key: str, words: str) -> None:
    # given: a strong key first (the one that encrypts) and the weak one kept for decrypting
    keys = f"{Fernet.generate_key().decode()},{key}"
    # when / then
    with pytest.raises(ValidationError, match=rf"(?s){SETTING}.*{words}|{words}.*{SETTING}"):
        OffersSettings(environment=Environment.PRODUCTION, webhook_secret_key=keys)
    # and the same key is fine outside production
    OffersSettings(environment=Environment.TEST, webhook_secret_key=keys)


def test_production_accepts_a_generated_webhook_key() -> None:
    own = Fernet.generate_key().decode()
    settings = OffersSettings(environment=Environment.PRODUCTION, webhook_secret_key=own)
    assert settings.webhook_secret_key == own


def _production(tmp_path: Path, **overrides: object) -> OffersSettings:
    _, public = generate_key_pair(tmp_path / "identity")
    return OffersSettings(
        environment=Environment.PRODUCTION,
        webhook_secret_key=Fernet.generate_key().decode(),
        identity_public_keys_file=public,
        jwks_url="https://idp.example.org/jwks",
        data_dir=tmp_path,
        **overrides,  # type: ignore[arg-type]
    )


def test_production_without_a_database_url_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: no database URL anywhere (the embedded PostgreSQL would trust local connections)
    for name in ("DATABASE_URL", "KOKO_DATABASE_URL", "OFFERS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    # when / then
    with pytest.raises(InsecureConfiguration, match="OFFERS_DATABASE_URL is not set"):
        create_app(_production(tmp_path))


def test_production_with_a_database_url_starts(tmp_path: Path) -> None:
    url = "postgresql://koko_offers:pw@db.example.org:5432/koko_offers"
    app = create_app(_production(tmp_path, database_url=url))
    assert app.state.settings.database_url == url


def _start(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`koko-offers` as a container starts it, with only these settings."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "OFFERS_DATA_DIR": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", "koko_offers.cli"],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "words"),
    [
        (
            {"OFFERS_WEBHOOK_SECRET_KEY": _fernet(bytes(32))},
            "OFFERS_WEBHOOK_SECRET_KEY, key 1) is all zeros",
        ),
        ({"OFFERS_WEBHOOK_SECRET_KEY": Fernet.generate_key().decode()}, "OFFERS_DATABASE_URL"),
    ],
    ids=["all-zero webhook key", "no database URL"],
)
def test_the_process_refuses_to_start_with_one_line_naming_the_setting(
    tmp_path: Path, env: dict[str, str], words: str
) -> None:
    # given: production, the gateway's public keys, and one thing wrong
    _, public = generate_key_pair(tmp_path / "identity")
    production = {
        "OFFERS_ENVIRONMENT": "production",
        "OFFERS_IDENTITY_PUBLIC_KEYS_FILE": str(public),
        "OFFERS_JWKS_URL": "https://idp.example.org/jwks",
    }
    # when
    result = _start(production | env, tmp_path)
    # then
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("koko-offers: refusing to start: "), result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
