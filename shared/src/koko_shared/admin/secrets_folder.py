"""`koko-admin secrets init`: every secret of a single-host installation (docker compose),
generated on first start into a folder (a volume), never written into a file of the repository.

Existing secrets are kept, so restarts change nothing; `koko.env` is rewritten from them each
time for the services to source (`set -a; . koko.env`).
"""

from __future__ import annotations

import json
import secrets
import shlex
from pathlib import Path

from koko_shared.admin import key_files, service_keys
from koko_shared.auth import identity_keys


def _generators() -> dict[str, object]:
    return {
        "postgres-password": lambda: secrets.token_urlsafe(32),
        "offers-db-password": lambda: secrets.token_urlsafe(32),
        "surveys-db-password": lambda: secrets.token_urlsafe(32),
        "webhook-secret-key": service_keys.new_webhook_key,
        "pseudonym-keys.json": lambda: json.dumps({"1": secrets.token_hex(32)}),
        "api-keys.json": lambda: "{}",
    }


def init(folder: Path, *, postgres_host: str = "postgres") -> list[str]:
    """Create the missing secrets in `folder` (0600 each) and write `koko.env`; return the names
    of the secrets created now."""
    folder.mkdir(parents=True, exist_ok=True)
    created = []
    for name, generate in _generators().items():
        path = folder / name
        if not path.exists():
            key_files.write_private(path, generate())  # type: ignore[operator]
            created.append(name)
    # The gateway's identity signing key and the subgraphs' public key set (Ed25519).
    private_key = folder / identity_keys.PRIVATE_KEY_FILE
    public_keys = folder / identity_keys.PUBLIC_KEYS_FILE
    if not private_key.exists():
        identity_keys.generate_key_pair(folder)
        public_keys.chmod(0o600)
        created.append(private_key.name)
    value = {name: (folder / name).read_text().strip() for name in _generators()}
    server = f"{postgres_host}:5432"
    variables = {
        "KOKO_ADMIN_DATABASE_URL": f"postgresql://postgres:{value['postgres-password']}@{server}/postgres",
        "OFFERS_DB_PASSWORD": value["offers-db-password"],
        "SURVEYS_DB_PASSWORD": value["surveys-db-password"],
        "OFFERS_DATABASE_URL": (
            f"postgresql://koko_offers:{value['offers-db-password']}@{server}/koko_offers"
        ),
        "SURVEYS_DATABASE_URL": (
            f"postgresql://koko_surveys:{value['surveys-db-password']}@{server}/koko_surveys"
        ),
        "OFFERS_WEBHOOK_SECRET_KEY": value["webhook-secret-key"],
        "SURVEYS_PSEUDONYM_KEYS_FILE": str(folder / "pseudonym-keys.json"),
    }
    variables["GATEWAY_IDENTITY_PRIVATE_KEY_FILE"] = str(private_key)
    for prefix in ("OFFERS", "SURVEYS"):
        variables[f"{prefix}_IDENTITY_PUBLIC_KEYS_FILE"] = str(public_keys)
    for prefix in ("OFFERS", "SURVEYS", "GATEWAY"):
        variables[f"{prefix}_API_KEYS_FILE"] = str(folder / "api-keys.json")
        # Used only while no JWKS URL is set: the demo profile's identity provider.
        variables[f"{prefix}_JWKS_FILE"] = str(folder / "dev-idp" / "jwks.json")
    key_files.write_private(
        folder / "koko.env",
        "".join(f"{name}={shlex.quote(text)}\n" for name, text in variables.items()),
    )
    return created
