"""`make run`: the whole Koko system on one machine with demo data.

Starts (or reuses) the embedded PostgreSQL unless DATABASE_URL is set, migrates and fills each
service's database with demo data, starts offers, surveys and the gateway as child processes,
waits until all are ready and prints where to click and ready-made tokens for each demo role.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx
from sqlalchemy.engine import URL

from koko_shared.admin import demo
from koko_shared.database.migrate import upgrade_head
from koko_shared.http.server import workers_per_core
from koko_shared.service import ServiceSpec, provision_database
from koko_shared.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH = ROOT / "deploy" / "supergraph.graphql"
# Printed in the banner and opened in GraphiQL (GATEWAY_GRAPHIQL_DEFAULT_QUERY): one example.
EXAMPLE_QUERY = """{
  offers(filter: {search: "Integrationskurs"}, first: 5) {
    totalCount
    edges { node { title provider { name } } }
  }
}"""


@dataclass(frozen=True)
class Process:
    name: str
    port: int
    command: list[str]


async def migrate_both(settings: ServiceSettings) -> tuple[URL, URL]:
    """Each service's own role and database (created as the server's admin), migrated as that
    role: before the services start, so they find their schema at the newest revision."""
    from koko_offers.app import SPEC as OFFERS
    from koko_surveys.app import SPEC as SURVEYS

    return await _migrated(OFFERS, settings), await _migrated(SURVEYS, settings)


async def load_demos(offers: URL, surveys: URL) -> tuple[str | None, list[str], str | None]:
    """The demo data of both services (while they start): the demo provider's id, the demo
    study ids for the integrator key and the batch path of a wave open today."""
    offers_demo = await demo.load_demo("offers", offers)
    surveys_demo = await demo.load_demo("surveys", surveys)
    return offers_demo.provider_id, list(surveys_demo.study_ids), surveys_demo.ingest_path


async def _migrated(spec: ServiceSpec, settings: ServiceSettings) -> URL:
    url = await provision_database(spec, settings)
    await upgrade_head(spec.migrations_dir, url)
    return url


def demo_credentials(
    data_dir: Path, settings: ServiceSettings, provider_id: str | None, study_ids: list[str]
) -> dict[str, str]:
    """JWTs for people and API keys for machines, one per demo role."""
    return demo.credentials(
        data_dir / "dev-idp",
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        api_keys_file=data_dir / "dev-idp" / "api-keys.json",
        provider_id=provider_id,
        study_ids=study_ids,
    )


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
    # Absolute links in feeds (JSON-LD @id, GeoJSON) name the gateway, not the subgraph.
    env.setdefault("OFFERS_PUBLIC_BASE_URL", "http://127.0.0.1:8000")
    env.setdefault("OFFERS_GATEWAY_URL", "http://127.0.0.1:8000")  # the monitoring report
    env.setdefault("GATEWAY_GRAPHIQL_DEFAULT_QUERY", EXAMPLE_QUERY)
    # Offers in one worker per core (at most 4), as docs/operations.md advises for one host.
    env.setdefault("OFFERS_WORKERS", str(workers_per_core()))
    # Webhook receivers on this machine are admitted (deploy/local/webhook_receiver.py).
    env.setdefault("OFFERS_WEBHOOK_ALLOWED_NETWORKS", '["127.0.0.1/32"]')

    python = sys.executable
    gateway = Process(
        "gateway",
        8000,
        [python, "-m", "koko_gateway.cli", "--supergraph", str(SUPERGRAPH), "--port", "8000"],
    )
    subgraphs = [
        Process("offers", 8001, [python, "-m", "koko_offers.cli"]),
        Process("surveys", 8002, [python, "-m", "koko_surveys.cli"]),
    ]
    processes = [*subgraphs, gateway]
    # The gateway needs no database: it starts at once. The subgraphs start once their schema
    # is migrated, and load their modules while the demo data goes in.
    children = [start(gateway, env, log_dir)]
    print("Koko: preparing databases and demo data ...", flush=True)
    offers_url, surveys_url = asyncio.run(migrate_both(settings))
    children = [*(start(p, env, log_dir) for p in subgraphs), *children]
    provider_id, study_ids, ingest_path = asyncio.run(load_demos(offers_url, surveys_url))
    credentials = demo_credentials(data_dir, settings, provider_id, study_ids)

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
        "  (the subgraphs on 8001 and 8002 answer the gateway only: its signed identity;"
        " OFFERS_/SURVEYS_DEVELOPMENT_DIRECT_ACCESS=true opens their Swagger UI at /docs)",
        "  health                        http://127.0.0.1:8000/readyz",
        "  metrics (not public)          http://127.0.0.1:9000/metrics"
        "  (offers 9001, surveys 9002)",
        "",
        "Try in GraphiQL (it opens on this query):",
        "  " + " ".join(EXAMPLE_QUERY.split()),
        "",
        "Demo credentials (header  Authorization: Bearer <token>):",
    ]
    lines += [f"  {label.ljust(width)}  {token}" for label, token in credentials.items()]
    if ingest_path:
        lines += [
            "",
            "Post survey results with the integrator API key (JSON array, NDJSON or CSV):",
            f"  POST http://127.0.0.1:8000{ingest_path}",
            "  what to send (codebook):  GET http://127.0.0.1:8000"
            + ingest_path.replace("/submissions:batch", "/codebook"),
            "  from a file:  .venv/bin/koko-client submit FILE --study ID --wave ID "
            "--idempotency-key KEY [--dry-run]  (KOKO_TOKEN=<integrator key>)",
            "  (the demo API keys stay the same across restarts)",
        ]
    lines += [
        "",
        "Receive webhooks on this machine: start a receiver",
        "  .venv/bin/python deploy/local/webhook_receiver.py 9999",
        "subscribe it with the partner API key (in GraphiQL, header Authorization: Bearer <key>):",
        '  mutation { webhookSubscriptionCreate(input: {regionArs: "150030000000",',
        '    url: "http://127.0.0.1:9999/", eventTypes: [OFFER_UPDATED]})',
        "    { secret subscription { id } } }",
        "and send it a test ping: webhookSubscriptionPing(id: <subscription id>).",
        "",
        "Logs in .koko/logs/. Stop with Ctrl-C; the embedded PostgreSQL keeps running for the",
        "next start (and for the tests): `make stop` stops it.",
        "",
    ]
    print("\n".join(lines), flush=True)


if __name__ == "__main__":
    main()
