"""`koko-admin`, installed with the project: API keys are shown once and stored as hashes that
the services accept; pseudonym keys rotate by version."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from koko_offers.settings import OffersSettings
from koko_offers.webhook.signing import SecretBox
from koko_shared.admin.cli import main
from koko_shared.auth import identity_keys
from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.identity import IdentitySigner, IdentityVerifier
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.database.url import asyncpg_dsn
from koko_shared.errors import Unauthenticated
from koko_shared.settings import Environment
from koko_shared.testing.throwaway_server import ThrowawayServer
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import load_keys

KOKO_ADMIN = Path(sys.executable).parent / "koko-admin"
SACHSEN_ANHALT = "150000000000"


def verifier(keys_file: Path) -> TokenVerifier:
    return TokenVerifier(issuer="https://idp.test", audience="koko", api_keys_file=keys_file)


def test_create_prints_the_key_once_and_stores_only_its_hash(tmp_path: Path) -> None:
    # given an empty keys file and a study
    keys_file = tmp_path / "api-keys.json"
    study = str(uuid.uuid4())
    # when the installed command mints an integrator key
    result = subprocess.run(
        [
            str(KOKO_ADMIN), "api-key", "create", "--role", "integrator",
            "--region", SACHSEN_ANHALT, "--study", study,
            "--subject", "Landesamt import", "--keys-file", str(keys_file),
        ],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    # then the key is on stdout alone, and the file holds its hash, not the key
    assert result.returncode == 0, result.stderr
    key = result.stdout.strip()
    assert key.startswith("koko_") and len(key) > 40
    stored = keys_file.read_text()
    assert key not in stored
    assert keys_file.stat().st_mode & 0o077 == 0
    # and a service accepts it as that integrator of that study
    actor = asyncio.run(verifier(keys_file).verify(key))
    assert actor.subject == "Landesamt import"
    assert actor.grants == (Grant(Role.INTEGRATOR, SACHSEN_ANHALT, studies=(study,)),)


async def test_list_and_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # given two keys
    keys_file = tmp_path / "api-keys.json"
    args = ["--region", "150030000000", "--keys-file", str(keys_file)]
    assert main(["api-key", "create", "--role", "partner", "--subject", "Jobcenter", *args]) == 0
    jobcenter_key = capsys.readouterr().out.strip()
    assert main(["api-key", "create", "--role", "partner", "--subject", "Agentur", *args]) == 0
    agentur_key = capsys.readouterr().out.strip()

    # when they are listed
    assert main(["api-key", "list", "--keys-file", str(keys_file)]) == 0
    listing = capsys.readouterr().out
    # then each shows by id, subject and grant, and no key is shown again
    assert "Jobcenter" in listing and "Agentur" in listing and "partner 150030000000" in listing
    assert jobcenter_key not in listing and agentur_key not in listing
    jobcenter_id = next(line.split()[0] for line in listing.splitlines() if "Jobcenter" in line)

    # when one is revoked by its id
    assert main(["api-key", "revoke", "--id", jobcenter_id, "--keys-file", str(keys_file)]) == 0
    # then it is refused at once and the other still works
    with pytest.raises(Unauthenticated):
        await verifier(keys_file).verify(jobcenter_key)
    assert (await verifier(keys_file).verify(agentur_key)).subject == "Agentur"
    # and revoking it again finds nothing
    assert main(["api-key", "revoke", "--id", jobcenter_id, "--keys-file", str(keys_file)]) == 1
    # and a subject's keys go all at once
    assert main(["api-key", "revoke", "--subject", "Agentur", "--keys-file", str(keys_file)]) == 0
    assert json.loads(keys_file.read_text()) == {}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--role", "wizard", "--region", SACHSEN_ANHALT], "unknown role"),
        (["--role", "partner", "--region", "*"], "admin role only"),
        (["--role", "partner", "--region", "15"], "12-digit ARS"),
        (["--role", "integrator", "--region", SACHSEN_ANHALT, "--study", "x"], "not a study id"),
        (["--role", "partner", "--region", SACHSEN_ANHALT, "--organization", "o"], "provider"),
    ],
)
def test_create_refuses_bad_grants_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    keys_file = tmp_path / "api-keys.json"
    code = main(["api-key", "create", *options, "--subject", "s", "--keys-file", str(keys_file)])
    assert code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""
    assert not keys_file.exists()


def test_pseudonym_key_rotation_adds_versions_the_surveys_service_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keys_file = tmp_path / "pseudonym-keys.json"
    # when a key is added twice
    assert main(["pseudonym-key", "add", "--keys-file", str(keys_file)]) == 0
    assert main(["pseudonym-key", "add", "--keys-file", str(keys_file)]) == 0
    assert capsys.readouterr().out.split() == ["1", "2"]
    # then surveys loads both and keys new subjects with the newest
    settings = SurveysSettings(
        environment=Environment.TEST,
        pseudonym_keys_file=keys_file,
        data_dir=tmp_path,
    )
    keys = load_keys(settings)
    assert sorted(keys.keys) == [1, 2]
    assert keys.current_version == 2
    assert len(set(keys.keys.values())) == 2
    assert main(["pseudonym-key", "list", "--keys-file", str(keys_file)]) == 0
    assert capsys.readouterr().out.split() == ["1", "2"]


@pytest.mark.slow
def test_database_provision_then_migrate_as_the_service_role(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given an empty PostgreSQL server of our own
    server = ThrowawayServer()
    try:
        server.start()
        admin_url = server.url().render_as_string(hide_password=False)
        # when the DBA provisions the offers role and database, then the Job migrates
        assert main(["database", "provision", "--service", "offers", "--admin-url", admin_url]) == 0
        service_url = capsys.readouterr().out.strip()
        assert service_url.startswith("postgresql://koko_offers:")
        monkeypatch.setenv("OFFERS_DATABASE_URL", service_url)
        assert main(["database", "migrate", "--service", "offers"]) == 0
        # then the offers tables exist, owned by the role, and the outbox purge runs as it
        purge = subprocess.run(
            [sys.executable, "-m", "koko_offers.cli", "purge"],
            capture_output=True, text=True, timeout=120, check=False,
            env=os.environ | {"OFFERS_DATABASE_URL": service_url, "OFFERS_ENVIRONMENT": "test"},
        )  # fmt: skip
        assert purge.returncode == 0, purge.stderr
        assert "purged 0 finished webhook deliveries" in purge.stdout

        async def owner() -> str:
            conn = await asyncpg.connect(**asyncpg_dsn(make_url(service_url)))  # type: ignore[arg-type]
            try:
                return str(
                    await conn.fetchval(
                        "SELECT tableowner FROM pg_tables WHERE tablename = 'offer'"
                    )
                )
            finally:
                await conn.close()

        assert asyncio.run(owner()) == "koko_offers"
    finally:
        server.remove()


def test_webhook_key_generate_and_rotate_keep_old_secrets_readable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a key the offers settings accept and a secret encrypted with it
    assert main(["webhook-key", "generate"]) == 0
    first = capsys.readouterr().out.strip()
    OffersSettings(environment=Environment.TEST, webhook_secret_key=first)
    stored = SecretBox(first).encrypt("whsec_partner")
    # when it is rotated
    monkeypatch.setenv("OFFERS_WEBHOOK_SECRET_KEY", first)
    assert main(["webhook-key", "rotate", "--current-env", "OFFERS_WEBHOOK_SECRET_KEY"]) == 0
    rotated = capsys.readouterr().out.strip()
    # then a new key comes first, the old one stays, old secrets decrypt, new ones use the new key
    new, old = rotated.split(",")
    assert old == first and new != first
    box = SecretBox(rotated)
    assert box.decrypt(stored) == "whsec_partner"
    fresh = box.encrypt("whsec_new")
    assert SecretBox(new).decrypt(fresh) == "whsec_new"
    with pytest.raises(ValueError):
        SecretBox(first).decrypt(fresh)
    # and garbage is refused
    monkeypatch.setenv("OFFERS_WEBHOOK_SECRET_KEY", "not-a-key")
    assert main(["webhook-key", "rotate", "--current-env", "OFFERS_WEBHOOK_SECRET_KEY"]) == 2


def test_identity_key_rotation_never_refuses_a_signed_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "keys"
    actor = Actor("coordinator", (Grant(Role.COORDINATOR, "150030000000"),))

    def signer() -> IdentitySigner:
        key = identity_keys.load_private_key((folder / identity_keys.PRIVATE_KEY_FILE).read_bytes())
        return IdentitySigner(key, identity_keys.key_id(key.public_key()))

    def verifier() -> IdentityVerifier:
        public = (folder / identity_keys.PUBLIC_KEYS_FILE).read_text()
        return IdentityVerifier(identity_keys.load_public_keys(public), "offers")

    # given a key pair in use
    assert main(["identity-key", "generate", "--dir", str(folder)]) == 0
    old_id = capsys.readouterr().out.strip()
    old_signer = signer()
    assert main(["identity-key", "generate", "--dir", str(folder)]) == 2  # no silent replace
    # when it is rotated and the subgraphs get the new public set first
    assert main(["identity-key", "rotate", "--dir", str(folder)]) == 0
    new_id = capsys.readouterr().out.strip()
    assert new_id != old_id
    subgraph = verifier()
    # then gateways still on the old key and those on the new key are both accepted
    assert subgraph.verify(old_signer.sign(actor, "offers")).subject == "coordinator"
    assert subgraph.verify(signer().sign(actor, "offers")).subject == "coordinator"
    # and after pruning only the new key verifies
    assert main(["identity-key", "prune", "--dir", str(folder)]) == 0
    assert verifier().verify(signer().sign(actor, "offers")).subject == "coordinator"
    with pytest.raises(Unauthenticated):
        verifier().verify(old_signer.sign(actor, "offers"))


async def test_admin_url_names_the_embedded_servers_superuser(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # given the embedded server the tests (and `make run`) use
    from koko_shared.testing.database import data_dir_for_tests

    data_dir = data_dir_for_tests()
    capsys.readouterr()
    # when
    assert main(["database", "admin-url", "--data-dir", str(data_dir)]) == 0
    # (in the test process, logs of starting the server are bridged to stdout before the URL)
    url = make_url(capsys.readouterr().out.strip().splitlines()[-1])
    # then it connects as a superuser who may drop and create databases
    conn = await asyncpg.connect(**asyncpg_dsn(url))  # type: ignore[arg-type]
    try:
        assert await conn.fetchval("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    finally:
        await conn.close()
