"""`make run`: the whole Koko system on one machine with demo data.

Starts (or reuses) the embedded PostgreSQL unless DATABASE_URL is set, migrates and fills each
service's database with demo data, starts offers, surveys and the gateway as child processes,
waits until all are ready and prints where to click and ready-made tokens for each demo role.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

from koko_shared.auth.actor import Actor, Grant, Role
from koko_shared.auth.dev_idp import DevIdentityProvider
from koko_shared.auth.tokens import hash_api_key, new_api_key
from koko_shared.database.engine import create_engine, create_sessionmaker
from koko_shared.database.migrate import upgrade_head
from koko_shared.demo_regions import BOERDE, MAGDEBURG, SACHSEN_ANHALT
from koko_shared.service import ServiceSpec, database_url, provision_database
from koko_shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH = ROOT / "deploy" / "supergraph.graphql"


@dataclass(frozen=True)
class Process:
    name: str
    port: int
    command: list[str]


async def prepare_offers(settings: ServiceSettings) -> str | None:
    """Migrate and load the offers demo; return a demo provider id for the provider token."""
    from koko_offers.app import SPEC
    from koko_offers.demo import demo_provider_id, load_demo

    await _prepare(SPEC, settings, load_demo)
    return str(demo_provider_id())


async def prepare_surveys(settings: ServiceSettings) -> tuple[list[str], str | None]:
    """Migrate and load the surveys demo; return the demo study ids for the integrator key and
    the batch path of a wave open today."""
    from koko_surveys.app import SPEC
    from koko_surveys.demo import load_demo
    from koko_surveys.demo.loader import demo_ingest_path, demo_studies

    await _prepare(SPEC, settings, load_demo)
    engine = create_engine(database_url(SPEC, settings), pool_size=1)
    try:
        async with create_sessionmaker(engine)() as session:
            studies = await demo_studies(session)
            ingest_path = await demo_ingest_path(session)
    finally:
        await engine.dispose()
    return [str(study.id) for study in studies], ingest_path


async def _prepare(spec: ServiceSpec, settings: ServiceSettings, load_demo: object) -> None:
    # The service's own role and database (created as the server's admin), migrated as that role.
    url = await provision_database(spec, settings)
    await upgrade_head(spec.migrations_dir, url)
    engine = create_engine(url, pool_size=4)
    try:
        await load_demo(create_sessionmaker(engine))  # type: ignore[operator]
    finally:
        await engine.dispose()


def demo_credentials(
    data_dir: Path, settings: ServiceSettings, provider_id: str | None, study_ids: list[str]
) -> dict[str, str]:
    """JWTs for people and API keys for machines, one per demo role."""
    idp = DevIdentityProvider(
        data_dir / "dev-idp", issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )
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
    credentials = {label: idp.token(actor) for label, actor in people.items()}
    machines = {
        "integrator API key (demo studies)": {
            "subject": "demo-integrator",
            "koko_grants": [
                {"role": "integrator", "region": SACHSEN_ANHALT, "studies": study_ids},
            ],
        },
        "partner API key (Jobcenter feed)": {
            "subject": "demo-partner",
            "koko_grants": [{"role": "partner", "region": MAGDEBURG}],
        },
    }
    keys_file = data_dir / "dev-idp" / "api-keys.json"
    stored: dict[str, object] = {}
    for label, entry in machines.items():
        key = new_api_key()
        stored[hash_api_key(key)] = entry
        credentials[label] = key
    keys_file.write_text(json.dumps(stored, indent=2))
    keys_file.chmod(0o600)
    return credentials


def start(process: Process, env: dict[str, str], log_dir: Path) -> subprocess.Popen[bytes]:
    log = (log_dir / f"{process.name}.log").open("ab")
    return subprocess.Popen(process.command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(processes: list[Process], children: list[subprocess.Popen[bytes]]) -> None:
    deadline = time.monotonic() + 90
    pending = {p.name: p for p in processes}
    while pending and time.monotonic() < deadline:
        for child, process in zip(children, processes, strict=True):
            if child.poll() is not None:
                log = f".koko/logs/{process.name}.log"
                raise SystemExit(f"{process.name} exited with {child.returncode}; see {log}")
        for name, process in list(pending.items()):
            try:
                if (
                    httpx.get(f"http://127.0.0.1:{process.port}/readyz", timeout=1).status_code
                    == 200
                ):
                    del pending[name]
            except httpx.HTTPError:
                pass
        time.sleep(0.3)
    if pending:
        raise SystemExit(f"not ready after 90 s: {', '.join(pending)} (see .koko/logs/)")


def main() -> None:
    settings = ServiceSettings()
    data_dir = settings.data_dir
    log_dir = ROOT / ".koko" / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = os.environ.copy()
    env.setdefault("KOKO_DATA_DIR", str(data_dir))
    for prefix in ("OFFERS", "SURVEYS", "GATEWAY"):
        env.setdefault(f"{prefix}_DATA_DIR", str(data_dir))

    print("Koko: preparing databases and demo data ...", flush=True)
    provider_id = asyncio.run(prepare_offers(settings))
    study_ids, ingest_path = asyncio.run(prepare_surveys(settings))
    credentials = demo_credentials(data_dir, settings, provider_id, study_ids)

    python = sys.executable
    processes = [
        Process("offers", 8001, [python, "-m", "koko_offers.cli"]),
        Process("surveys", 8002, [python, "-m", "koko_surveys.cli"]),
        Process(
            "gateway",
            8000,
            [python, "-m", "koko_gateway.cli", "--supergraph", str(SUPERGRAPH), "--port", "8000"],
        ),
    ]
    children = [start(p, env, log_dir) for p in processes]

    def stop(*_: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        wait_ready(processes, children)
        print_welcome(credentials, ingest_path)
        while all(child.poll() is None for child in children):
            time.sleep(1)
        raise SystemExit("a service stopped; see .koko/logs/")
    except KeyboardInterrupt:
        stop()
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()


def print_welcome(credentials: dict[str, str], ingest_path: str | None = None) -> None:
    width = max(len(label) for label in credentials)
    month = date.today().strftime("%Y-%m")
    lines = [
        "",
        "Koko is running with demo data (Magdeburg and Landkreis Börde).",
        "",
        "Everything public is served by the gateway on port 8000:",
        "  GraphQL (GraphiQL)            http://127.0.0.1:8000/graphql",
        "  HSDS feed                     http://127.0.0.1:8000/hsds/services",
        "  course starts (iCalendar)     http://127.0.0.1:8000/feeds/course-starts.ics?region=150030000000",
        "  monthly language courses      http://127.0.0.1:8000/reports/language-courses"
        f"?region=150030000000&month={month}&format=html  (also pdf, xlsx, csv)",
        "  REST API documents (OpenAPI)  http://127.0.0.1:8000/openapi/offers.json"
        "  http://127.0.0.1:8000/openapi/surveys.json",
        "  REST API docs (Swagger UI)    http://127.0.0.1:8001/docs  http://127.0.0.1:8002/docs"
        "  (subgraphs, local only)",
        "  health / metrics              http://127.0.0.1:8000/readyz  http://127.0.0.1:8000/metrics",
        "",
        "Try in GraphiQL:",
        '  { offers(filter: {search: "Integrationskurs"}) {totalCount edges {node {title}}} }',
        "",
        "Demo credentials (header  Authorization: Bearer <token>):",
    ]
    lines += [f"  {label.ljust(width)}  {token}" for label, token in credentials.items()]
    if ingest_path:
        lines += [
            "",
            "Post survey results with the integrator API key (JSON array, NDJSON or CSV):",
            f"  POST http://127.0.0.1:8000{ingest_path}",
        ]
    lines += [
        "",
        "Logs in .koko/logs/. Stop with Ctrl-C; the embedded PostgreSQL keeps running for the",
        "next start (and for the tests): `make stop` stops it.",
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
