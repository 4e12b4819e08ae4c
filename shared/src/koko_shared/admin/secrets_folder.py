"""`koko-admin secrets init`: every secret of a single-host installation (docker compose),
generated on first start into a folder (a volume), never written into a file of the repository.

Existing secrets are kept, so restarts change nothing; `koko.env` (every variable, for the
operator) is rewritten from them each time.

With `split`, each container gets a folder of its own (a volume of its own in compose) holding
only what it needs, the same split as in deploy/kubernetes: its `koko.env` to source
(`set -a; . koko.env`) and the key files it names. The gateway gets the identity signing key and
no database password, pseudonym key or webhook key; offers its database URL, the webhook key and
the identity public keys; surveys its database URL, the pseudonym keys and the identity public
keys; postgres its superuser password; database-setup the admin URL and the two role passwords;
backup the two database URLs; demo the two database URLs and the pseudonym keys. The `idp`
folder holds what is not secret and all three services read: the API key hashes
(`api-keys.json`) and the demo identity provider's public JWKS.
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


# Where each container finds its own folder, and the shared `idp` folder (compose mounts).
MOUNT = "/run/koko-secrets"
IDP_MOUNT = "/run/koko-idp"
# Container -> (its key files, the variables of its koko.env).
SPLIT: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "postgres": (("postgres-password",), ()),
    "database-setup": (
        (),
        ("KOKO_ADMIN_DATABASE_URL", "OFFERS_DB_PASSWORD", "SURVEYS_DB_PASSWORD"),
    ),
    "gateway": ((identity_keys.PRIVATE_KEY_FILE,), ("GATEWAY_IDENTITY_PRIVATE_KEY_FILE",)),
    "offers": (
        (identity_keys.PUBLIC_KEYS_FILE,),
        ("OFFERS_DATABASE_URL", "OFFERS_WEBHOOK_SECRET_KEY", "OFFERS_IDENTITY_PUBLIC_KEYS_FILE"),
    ),
    "surveys": (
        (identity_keys.PUBLIC_KEYS_FILE, "pseudonym-keys.json"),
        (
            "SURVEYS_DATABASE_URL",
            "SURVEYS_PSEUDONYM_KEYS_FILE",
            "SURVEYS_IDENTITY_PUBLIC_KEYS_FILE",
        ),
    ),
    "backup": ((), ("OFFERS_DATABASE_URL", "SURVEYS_DATABASE_URL")),
    "demo": (
        ("pseudonym-keys.json",),
        ("OFFERS_DATABASE_URL", "SURVEYS_DATABASE_URL", "SURVEYS_PSEUDONYM_KEYS_FILE"),
    ),
}
# The services that read API keys and demo tokens (not secret: hashes and a public JWKS).
IDP_READERS = {"gateway": "GATEWAY", "offers": "OFFERS", "surveys": "SURVEYS"}


def init(folder: Path, *, postgres_host: str = "postgres", split: Path | None = None) -> list[str]:
    """Create the missing secrets in `folder` (0600 each) and write `koko.env`; with `split`,
    write each container's share into `split/<container>/` and the shared `split/idp/`; return
    the names of the secrets created now."""
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
    key_files.write_private(folder / "koko.env", _env(variables))
    if split is not None:
        _write_split(folder, split, variables)
    return created


def _env(variables: dict[str, str]) -> str:
    return "".join(f"{name}={shlex.quote(text)}\n" for name, text in variables.items())


def _write_split(folder: Path, split: Path, variables: dict[str, str]) -> None:
    idp = split / "idp"
    idp.mkdir(parents=True, exist_ok=True)
    if not (idp / "api-keys.json").exists():
        key_files.write_private(idp / "api-keys.json", "{}")
    for container, (files, names) in SPLIT.items():
        target = split / container
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            key_files.write_private(target / name, (folder / name).read_text())
        share = {name: variables[name].replace(str(folder), MOUNT) for name in names}
        prefix = IDP_READERS.get(container)
        if prefix is not None:
            share[f"{prefix}_API_KEYS_FILE"] = f"{IDP_MOUNT}/api-keys.json"
            share[f"{prefix}_JWKS_FILE"] = f"{IDP_MOUNT}/jwks.json"
        key_files.write_private(target / "koko.env", _env(share))
