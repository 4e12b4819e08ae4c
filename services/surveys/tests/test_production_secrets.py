"""Production surveys refuses to start with weak pseudonym keys or without a database URL
(issue 17): one clear error naming the setting and the key version."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest

from koko_shared.auth.identity_keys import generate_key_pair
from koko_shared.secrets import InsecureConfiguration
from koko_shared.settings import Environment
from koko_surveys.app import create_app
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import load_keys

from .conftest import TEST_KEYS


def _keys(*keys: bytes) -> str:
    return json.dumps({str(version): key.hex() for version, key in enumerate(keys, start=1)})


@pytest.mark.parametrize(
    ("weak", "words"),
    [
        (bytes(32), "all zeros"),
        (b"\x5a" * 48, "pattern of 1 byte repeated"),
        (b"pseudonym" * 4, "pattern of 9 bytes repeated"),
        (bytes.fromhex("ab" * 32), "published in the Koko repository"),
    ],
    ids=["all zeros", "one byte repeated", "short pattern", "committed test key"],
)
def test_production_refuses_a_weak_pseudonym_key(weak: bytes, words: str) -> None:
    # given: a strong current key and a weak older version beside it
    settings = SurveysSettings(
        environment=Environment.PRODUCTION, pseudonym_keys=_keys(weak, secrets.token_bytes(32))
    )
    # when / then
    with pytest.raises(InsecureConfiguration, match=r"SURVEYS_PSEUDONYM_KEYS \(key version 1\)"):
        load_keys(settings)
    with pytest.raises(InsecureConfiguration, match=words):
        load_keys(settings)


def test_a_weak_key_in_the_key_file_names_the_file_setting(tmp_path: Path) -> None:
    path = tmp_path / "pseudonym-keys.json"
    path.write_text(_keys(bytes(32)))
    settings = SurveysSettings(environment=Environment.PRODUCTION, pseudonym_keys_file=path)
    with pytest.raises(InsecureConfiguration, match=r"SURVEYS_PSEUDONYM_KEYS_FILE.*all zeros"):
        load_keys(settings)


def test_a_key_shorter_than_hmac_sha256_needs_is_refused_everywhere() -> None:
    for environment in (Environment.PRODUCTION, Environment.DEVELOPMENT):
        settings = SurveysSettings(
            environment=environment, pseudonym_keys=_keys(secrets.token_bytes(31))
        )
        with pytest.raises(ValueError, match=r"SURVEYS_PSEUDONYM_KEYS.*32 bytes"):
            load_keys(settings)


def test_outside_production_the_test_keys_are_accepted_and_in_production_a_random_one() -> None:
    assert load_keys(SurveysSettings(environment=Environment.TEST, pseudonym_keys=TEST_KEYS))
    strong = SurveysSettings(
        environment=Environment.PRODUCTION, pseudonym_keys=_keys(secrets.token_bytes(32))
    )
    assert load_keys(strong).current_version == 1


def test_production_without_a_database_url_refuses_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given: strong keys, but no database URL anywhere
    for name in ("DATABASE_URL", "KOKO_DATABASE_URL", "SURVEYS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    _, public = generate_key_pair(tmp_path / "identity")
    settings = SurveysSettings(
        environment=Environment.PRODUCTION,
        pseudonym_keys=_keys(secrets.token_bytes(32)),
        identity_public_keys_file=public,
        jwks_url="https://idp.example.org/jwks",
        data_dir=tmp_path,
    )
    # when / then
    with pytest.raises(InsecureConfiguration, match="SURVEYS_DATABASE_URL is not set"):
        create_app(settings)
    # and with one it starts
    url = "postgresql://koko_surveys:pw@db.example.org:5432/koko_surveys"
    assert create_app(settings.model_copy(update={"database_url": url})).state.settings
