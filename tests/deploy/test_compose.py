"""docker compose in production mode: no secret in the file, secrets generated on first start
that the services accept in production, and a demo profile that writes working credentials."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from koko_gateway.settings import GatewaySettings
from koko_offers.settings import OffersSettings
from koko_shared.admin import secrets_folder
from koko_shared.admin.cli import _parser, main
from koko_shared.auth.actor import Actor
from koko_shared.auth.identity_keys import identity_signer, identity_verifier
from koko_shared.auth.tokens import TokenVerifier
from koko_shared.testing.database import fresh_database
from koko_surveys.app import SPEC as SURVEYS_SPEC
from koko_surveys.settings import SurveysSettings
from koko_surveys.subject.pseudonym import load_keys

ROOT = Path(__file__).resolve().parents[2]
ISSUER = "https://koko.invalid/dev-idp"


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def _sourced(env_file: Path, mount: Path | None = None) -> dict[str, str]:
    """The variables a container has after `set -a && . koko.env`; with `mount`, the paths of
    the container's own folder (/run/koko-secrets) as they are on this machine."""
    sourced = subprocess.run(
        ["sh", "-c", f"set -a && . {env_file} && env"],
        capture_output=True, text=True, check=True, env={"PATH": os.environ["PATH"]},
    ).stdout  # fmt: skip
    env = dict(line.split("=", 1) for line in sourced.splitlines() if "=" in line)
    env.pop("PATH", None)
    env.pop("PWD", None)
    env.pop("SHLVL", None)
    env.pop("_", None)
    if mount is not None:
        env = {k: v.replace(secrets_folder.MOUNT, str(mount)) for k, v in env.items()}
    return env


def test_no_secret_is_written_in_the_compose_file() -> None:
    text = (ROOT / "docker-compose.yml").read_text().lower()
    assert "change-me" not in text
    for name, service in compose()["services"].items():
        for variable, value in (service.get("environment") or {}).items():
            assert not re.search(r"secret|password|_key", variable.lower()), (name, variable, value)
        if name in ("offers", "surveys", "gateway"):
            assert service["environment"][f"{name.upper()}_ENVIRONMENT"] == "production"


def test_the_one_shot_commands_are_koko_admin_commands() -> None:
    services = compose()["services"]
    assert services["demo"]["profiles"] == ["demo"]
    admin_calls = [services["secrets"]["command"]]
    for name in ("database-setup", "demo"):
        script = services[name]["command"][0].replace("$$", "$")
        for part in script.split("&&"):
            words = shlex.split(part.replace("> /dev/null", ""))
            if words and words[0] == "koko-admin":
                admin_calls.append(words)
    assert len(admin_calls) == 4
    for words in admin_calls:
        _parser().parse_args(words[1:])


def test_secrets_made_on_first_start_are_kept_and_accepted_in_production(
    tmp_path: Path,
) -> None:
    # given the first start
    folder = tmp_path / "koko-secrets"
    created = secrets_folder.init(folder)
    assert "identity-signing-key.pem" in created and "postgres-password" in created
    for path in folder.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
    before = {p.name: p.read_text() for p in folder.iterdir()}
    # when the stack starts again, then nothing changes
    assert secrets_folder.init(folder) == []
    assert {p.name: p.read_text() for p in folder.iterdir()} == before

    # and the services, sourcing koko.env as their entrypoints do, start in production mode
    env = _sourced(folder / "koko.env")
    assert env["OFFERS_DATABASE_URL"].startswith("postgresql://koko_offers:")
    assert env["SURVEYS_DATABASE_URL"].startswith("postgresql://koko_surveys:")
    production = {"environment": "production", "jwks_url": "https://idp.example.org/jwks"}
    offers = OffersSettings(
        **production,
        identity_public_keys_file=Path(env["OFFERS_IDENTITY_PUBLIC_KEYS_FILE"]),
        webhook_secret_key=env["OFFERS_WEBHOOK_SECRET_KEY"],
    )
    surveys = SurveysSettings(
        **production,
        identity_public_keys_file=Path(env["SURVEYS_IDENTITY_PUBLIC_KEYS_FILE"]),
        pseudonym_keys_file=Path(env["SURVEYS_PSEUDONYM_KEYS_FILE"]),
    )
    gateway = GatewaySettings(
        **production, identity_private_key_file=Path(env["GATEWAY_IDENTITY_PRIVATE_KEY_FILE"])
    )
    # the gateway's identity verifies at both subgraphs, which hold only the public key
    signed = identity_signer(gateway).sign(Actor("kim"), "offers")
    assert identity_verifier(offers, "offers").verify(signed).subject == "kim"
    assert "PRIVATE" not in Path(env["SURVEYS_IDENTITY_PUBLIC_KEYS_FILE"]).read_text()
    identity_verifier(surveys, "surveys")
    assert load_keys(surveys).current_version == 1


async def test_demo_profile_loads_data_and_writes_working_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from koko_offers.app import SPEC as OFFERS_SPEC

    folder = tmp_path / "koko-secrets"
    secrets_folder.init(folder)
    monkeypatch.setenv("SURVEYS_PSEUDONYM_KEYS_FILE", str(folder / "pseudonym-keys.json"))
    async with (
        fresh_database("compose_demo_offers", OFFERS_SPEC.migrations_dir) as offers,
        fresh_database("compose_demo_surveys", SURVEYS_SPEC.migrations_dir) as surveys,
    ):
        monkeypatch.setenv("OFFERS_DATABASE_URL", offers.render_as_string(hide_password=False))
        monkeypatch.setenv("SURVEYS_DATABASE_URL", surveys.render_as_string(hide_password=False))
        # when the demo one-shot runs
        code = await asyncio.to_thread(
            main,
            ["demo", "load", "--idp-dir", str(folder / "dev-idp"),
             "--api-keys-file", str(folder / "api-keys.json"),
             "--credentials-file", str(folder / "demo-credentials.txt"),
             "--issuer", ISSUER, "--audience", "koko"],
        )  # fmt: skip
    assert code == 0
    # then the credentials file holds a token per demo role that the services accept
    text = (folder / "demo-credentials.txt").read_text()
    assert (folder / "demo-credentials.txt").stat().st_mode & 0o077 == 0
    tokens = dict(
        re.split(r"\s{2,}", line.strip(), maxsplit=1)
        for line in text.splitlines()
        if line.startswith(("coordinator", "provider", "analyst", "admin", "integrator", "partner"))
    )
    assert len(tokens) == 7
    verifier = TokenVerifier(
        issuer=ISSUER,
        audience="koko",
        jwks_file=folder / "dev-idp" / "jwks.json",
        api_keys_file=folder / "api-keys.json",
    )
    assert (await verifier.verify(tokens["admin"])).subject == "demo-admin"
    integrator = await verifier.verify(tokens["integrator API key (demo studies)"])
    assert integrator.grants[0].studies  # the demo studies' ids
    partner = await verifier.verify(tokens["partner API key (Jobcenter feed)"])
    assert partner.subject == "demo-partner"


@pytest.mark.requires_tool("docker-compose")
def test_the_demo_profile_validates() -> None:
    result = subprocess.run(
        ["docker-compose", "--profile", "demo", "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)
    assert "demo" in rendered["services"]
    assert {name for name, s in rendered["services"].items() if s.get("ports")} == {"gateway"}


LONG_RUNNING = ("postgres", "offers", "surveys", "gateway", "backup")
ONE_SHOTS = ("secrets", "database-setup", "demo")


def _volumes(service: dict[str, Any]) -> dict[str, str]:
    """Named volume -> where the service mounts it."""
    mounts = {}
    for entry in service.get("volumes", []):
        name, target = entry.split(":")[:2]
        mounts[name] = target
    return mounts


def test_each_container_mounts_only_its_own_share_of_the_secrets() -> None:
    services = compose()["services"]
    # the volume with every secret is the `secrets` one-shot's alone
    assert [n for n, s in services.items() if "secrets" in _volumes(s)] == ["secrets"]
    for name, (_, _) in secrets_folder.SPLIT.items():
        mounts = _volumes(services[name])
        own = f"secrets-{name}"
        assert mounts[own] == secrets_folder.MOUNT, name
        others = {v for v in mounts if v.startswith("secrets") and v != own}
        assert not others, (name, others)
        # the one-shot that writes the shares mounts each of them
        assert _volumes(services["secrets"])[own] == f"/run/koko-split/{name}"
    for name in ("gateway", "offers", "surveys"):
        assert _volumes(services[name])["idp"] == secrets_folder.IDP_MOUNT
        assert services[name]["volumes"] == [
            f"secrets-{name}:{secrets_folder.MOUNT}:ro",
            f"idp:{secrets_folder.IDP_MOUNT}:ro",
        ]


def test_the_gateway_and_each_service_receive_only_the_secrets_they_need(
    tmp_path: Path,
) -> None:
    # given: the secrets of a first start, split per container
    folder, split = tmp_path / "koko-secrets", tmp_path / "split"
    secrets_folder.init(folder, split=split)
    value = {p.name: p.read_text().strip() for p in folder.iterdir() if p.is_file()}
    secret = {
        "postgres superuser password": value["postgres-password"],
        "offers database password": value["offers-db-password"],
        "surveys database password": value["surveys-db-password"],
        "webhook encryption key": value["webhook-secret-key"],
        "pseudonym keys": value["pseudonym-keys.json"],
        "identity signing key": value["identity-signing-key.pem"],
    }
    needs = {
        "gateway": {"identity signing key"},
        "offers": {"offers database password", "webhook encryption key"},
        "surveys": {"surveys database password", "pseudonym keys"},
        "postgres": {"postgres superuser password"},
        "database-setup": {
            "postgres superuser password",
            "offers database password",
            "surveys database password",
        },
        "backup": {"offers database password", "surveys database password"},
        "demo": {"offers database password", "surveys database password", "pseudonym keys"},
    }
    for container, wanted in needs.items():
        # when: what the container can read in its own folder
        share = "".join(p.read_text() for p in (split / container).iterdir() if p.is_file())
        # then
        holds = {label for label, text in secret.items() if text in share}
        assert holds == wanted, container
        for path in (split / container).iterdir():
            assert path.stat().st_mode & 0o077 == 0, path
    # and the shared folder holds nothing secret: API key hashes only (none yet)
    assert {p.name for p in (split / "idp").iterdir() if p.is_file()} == {"api-keys.json"}


def _kubernetes_secret_variables(deployment: str) -> set[str]:
    """The variables of a Kubernetes deployment that come from a Secret: by secretKeyRef, or a
    path into a mounted Secret volume (`_FILE` suffixes dropped)."""
    text = (ROOT / f"deploy/kubernetes/base/{deployment}.yaml").read_text()
    document = next(d for d in yaml.safe_load_all(text) if d and d["kind"] == "Deployment")
    pod = document["spec"]["template"]["spec"]
    secret_volumes = {v["name"] for v in pod["volumes"] if "secret" in v}
    container = pod["containers"][0]
    secret_paths = [
        m["mountPath"] for m in container.get("volumeMounts", []) if m["name"] in secret_volumes
    ]
    found = set()
    for entry in container["env"]:
        from_secret = "secretKeyRef" in entry.get("valueFrom", {})
        in_secret_volume = any(str(entry.get("value", "")).startswith(p) for p in secret_paths)
        if from_secret or in_secret_volume:
            found.add(entry["name"].removesuffix("_FILE"))
    return found - {f"{deployment.upper()}_API_KEYS"}


def test_compose_splits_the_secrets_as_kubernetes_does(tmp_path: Path) -> None:
    # given
    split = tmp_path / "split"
    secrets_folder.init(tmp_path / "koko-secrets", split=split)
    for name in ("gateway", "offers", "surveys"):
        # when: the variables the container's koko.env gives it (API keys and the demo JWKS
        # are the shared, non-secret `idp` folder)
        env = _sourced(split / name / "koko.env", split / name)
        prefix = name.upper()
        names = {
            k.removesuffix("_FILE")
            for k in env
            if k not in (f"{prefix}_API_KEYS_FILE", f"{prefix}_JWKS_FILE")
        }
        # then
        assert names == _kubernetes_secret_variables(name), name


def test_services_restart_and_name_their_images() -> None:
    services = compose()["services"]
    for name in LONG_RUNNING:
        assert services[name]["restart"] == "unless-stopped", name
    for name in ONE_SHOTS:
        assert services[name]["restart"] == "no", name
    for name in ("offers", "surveys", "gateway"):
        assert services[name]["image"] == f"koko/{name}:${{KOKO_VERSION:-latest}}"
    for name in ("secrets", "database-setup", "backup", "demo"):
        assert services[name]["image"] == "koko/admin:${KOKO_VERSION:-latest}"


def test_the_backup_service_dumps_both_databases_with_its_own_secrets() -> None:
    backup = compose()["services"]["backup"]
    script = backup["command"][0]
    for service in ("offers", "surveys"):
        call = f"koko-admin database backup --service {service} --to /backups"
        assert call in script
        _parser().parse_args([*call.split()[1:], "--keep-days", "14"])
    assert _volumes(backup) == {"secrets-backup": secrets_folder.MOUNT, "backups": "/backups"}
    assert "backups" in compose()["volumes"]
