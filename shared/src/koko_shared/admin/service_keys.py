"""Keys of the services themselves: the Fernet key that encrypts webhook signing secrets at rest
(`OFFERS_WEBHOOK_SECRET_KEY`: comma-separated, the first encrypts, every one decrypts)."""

from __future__ import annotations

from cryptography.fernet import Fernet

from koko_shared.admin.api_keys import AdminError


def new_webhook_key() -> str:
    return Fernet.generate_key().decode()


def rotated_webhook_keys(current: str) -> str:
    """A new key in front of the current ones: new secrets are encrypted with it, secrets stored
    before stay readable with the old keys, which therefore stay in the list."""
    keys = [k.strip() for k in current.split(",") if k.strip()]
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            raise AdminError("the current value holds something that is not a Fernet key") from None
    return ",".join([new_webhook_key(), *keys])
