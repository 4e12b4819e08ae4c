"""Demo data and demo credentials, for `make run` and the compose `demo` profile.

The services' own demo loaders fill their databases (idempotent); a development identity
provider signs a token for each demo person, and machine keys are added to the API keys file.
The services' loaders are found through the entry point group `koko.demo`: each image holds
only its own service, the admin image all.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

from sqlalchemy.engine import URL

from koko_shared.admin import key_files
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider
from koko_shared.auth.tokens import API_KEY_PREFIX, hash_api_key
from koko_shared.demo_regions import BOERDE, MAGDEBURG, SACHSEN_ANHALT

# Each service registers its demo loader under its name in this entry point group
# (`[project.entry-points."koko.demo"]` in its pyproject), so this library imports no service.
DEMO_ENTRY_POINTS = "koko.demo"


@dataclass(frozen=True, slots=True)
class DemoFacts:
    """What a service's demo tells the credentials and `make run`'s printout."""

    provider_id: str | None = None
    study_ids: tuple[str, ...] = ()
    ingest_path: str | None = None


DemoLoader = Callable[[URL], Awaitable[DemoFacts]]


def demo_loaders() -> dict[str, DemoLoader]:
    """The demo loaders of the installed services, by service name."""
    return {point.name: point.load() for point in entry_points(group=DEMO_ENTRY_POINTS)}


async def load_demo(service: str, url: URL) -> DemoFacts:
    """Load the demo of `service` into the database at `url` (idempotent)."""
    loaders = demo_loaders()
    if service not in loaders:
        installed = ", ".join(sorted(loaders)) or "none"
        raise LookupError(f"no demo of {service!r} is installed (installed: {installed})")
    return await loaders[service](url)


def credentials(
    idp_dir: Path,
    *,
    issuer: str,
    audience: str,
    api_keys_file: Path,
    provider_id: str | None,
    study_ids: list[str],
) -> dict[str, str]:
    """JWTs for people and API keys for machines, one per demo role. The keys are added to
    `api_keys_file` as hashes; the services trust `idp_dir/jwks.json` as their JWKS file."""
    idp = DevIdentityProvider(idp_dir, issuer=issuer, audience=audience)
    people = {
        "coordinator (Magdeburg)": Actor(
            "demo-coordinator", (Grant(Role.COORDINATOR, MAGDEBURG),), "Koordinatorin Magdeburg"
        ),
        "coordinator (Landkreis Börde)": Actor(
            "demo-coordinator-boerde", (Grant(Role.COORDINATOR, BOERDE),), "Koordinator Börde"
        ),
        "provider (Magdeburg)": Actor(
            "demo-provider",
            (Grant(Role.PROVIDER, MAGDEBURG, organization=provider_id),),
            "Träger Magdeburg",
        ),
        "analyst (Magdeburg)": Actor(
            "demo-analyst", (Grant(Role.ANALYST, MAGDEBURG),), "Bildungsmonitoring"
        ),
        "admin": Actor("demo-admin", (Grant(Role.ADMIN, "*"),), "Administrator"),
    }
    result = {label: idp.token(actor) for label, actor in people.items()}
    machines = {
        "integrator API key (demo studies)": Actor(
            "demo-integrator", (Grant(Role.INTEGRATOR, SACHSEN_ANHALT, studies=tuple(study_ids)),)
        ),
        "partner API key (Jobcenter feed)": Actor(
            "demo-partner", (Grant(Role.PARTNER, MAGDEBURG),)
        ),
    }
    with key_files.editing(api_keys_file) as keys:
        # Earlier demo entries go (their grants may name other studies); the keys come back the
        # same, so scripts written against one `make run` keep working after a restart.
        for digest in [d for d, e in keys.items() if e.get("subject", "").startswith("demo-")]:
            del keys[digest]
        for label, actor in machines.items():
            key = demo_api_key(idp, actor.subject)
            keys[hash_api_key(key)] = {
                "subject": actor.subject,
                "koko_grants": [grant.to_claim() for grant in actor.grants],
            }
            result[label] = key
    return result


def demo_api_key(idp: DevIdentityProvider, subject: str) -> str:
    """The demo key of `subject` on this installation: derived from the development identity
    provider's signing key (created once per data folder, never shared), so it stays the same
    across restarts and differs between installations. Knowing a key reveals nothing of the
    signing key (HMAC-SHA256)."""
    digest = hmac.new(idp.secret(), f"koko demo api key\0{subject}".encode(), hashlib.sha256)
    return API_KEY_PREFIX + base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def write_credentials(path: Path, found: dict[str, str], *, base_url: str) -> None:
    width = max(len(label) for label in found)
    lines = [
        "Koko demo credentials (header  Authorization: Bearer <token>). Demo only: anyone",
        "holding this file acts as these people. Tokens expire; load the demo again for new ones.",
        f"GraphQL: {base_url}/graphql",
        "",
    ]
    lines += [f"{label.ljust(width)}  {token}" for label, token in found.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    key_files.write_private(path, "\n".join(lines) + "\n")
