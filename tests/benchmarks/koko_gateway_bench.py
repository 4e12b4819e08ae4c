"""Gateway benchmark on Koko's own subgraphs: three operations through Koko's gateway, through
@apollo/gateway 2.14 + @apollo/server 5, and straight against the subgraphs, all on the SAME running
offers and surveys processes (PostgreSQL, demo data plus a synthetic catalogue), side by side.

Run: `.venv/bin/python tests/benchmarks/koko_gateway_bench.py [--offers 2000 --repetitions 3
--duration 5 --concurrency 8]`. Targets are interleaved (each repetition runs every operation on
every target, in a rotating order) so that a neighbour's load spike hits all of them alike; the
load average is printed with every block. `--baseline-src DIR` adds Koko's gateway run from another
checkout's `services/gateway/src` (e.g. main's, to compare a change before/after in one run),
without response cache (beside "koko-gateway, no response cache");
`--koko-only` leaves out the Node gateways, `--operation TEXT` keeps the operations whose name holds
TEXT. `--profile N` instead runs each operation N times through
Koko's gateway in-process under cProfile (the subgraphs still over HTTP) and prints the top entries.

Needs Node + npm; @apollo/* is installed into the throwaway folder `.koko/bench-apollo`, never into
the product. Uses throwaway databases on the embedded server (or DATABASE_URL).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from gateway_bench import (
    APOLLO_DIR,
    APOLLO_SERVER,
    HIVE_DIR,
    HIVE_SERVER,
    Result,
    ensure_apollo,
    ensure_hive,
    free_port,
    load,
    wait_for,
)
from scratch import scratch_folder

from koko_shared.auth.identity_keys import generate_key_pair

ROOT = Path(__file__).resolve().parents[2]
SUPERGRAPH = ROOT / "deploy" / "supergraph.graphql"
MAGDEBURG = "150030000000"
# The gateway's identity key pair for this benchmark (the subgraphs get its public half).
IDENTITY_PRIVATE_KEY, IDENTITY_PUBLIC_KEYS = generate_key_pair(
    scratch_folder("koko-bench-identity-")
)

Call = Callable[[httpx.AsyncClient], Awaitable[bool]]

SEARCH = (
    '{ offers(first: 20, filter: {search: "Deutsch", regionArs: "MAGDEBURG"}) { totalCount'
    " edges { node { id title provider { name } nextStart } } } }"
).replace("MAGDEBURG", MAGDEBURG)
NESTED = (
    '{ region(ars: "MAGDEBURG") { name'
    " demand { level newcomers suppressed }"
    " languageCourseGap { level demand freeSeats gap }"
    " studies { title region { name level } } } }"
).replace("MAGDEBURG", MAGDEBURG)
LIST_100 = (
    "{ offers(first: 100) { edges { node { id title"
    " region { ars name demand { level newcomers suppressed } } } } } }"
)
OPERATIONS = {
    "offer search (1 subgraph)": SEARCH,
    "region: offers→surveys(@requires)→offers": NESTED,
    "100 offers + region demand (entities)": LIST_100,
}
ALL_OPERATIONS = tuple(OPERATIONS)  # `--operation` leaves out some of OPERATIONS


# -- what a client would do without a gateway ------------------------------------------------------


KOKO = "koko-gateway"
KOKO_DEDUP_ONLY = "koko-gateway, no response cache"
KOKO_NO_DEDUP = "koko-gateway, no dedup, no response cache"
APOLLO = "@apollo/gateway 2.14"
HIVE = "Hive Gateway 2.12 (Rust planner)"
KOKO_BASELINE = "koko-gateway, baseline src, no response cache"
# Gateways measured side by side, with the path of their GraphQL endpoint.
TARGETS = {
    KOKO: "graphql",
    KOKO_DEDUP_ONLY: "graphql",
    KOKO_NO_DEDUP: "graphql",
    APOLLO: "",
    HIVE: "graphql",
}


def _ok(response: httpx.Response) -> dict[str, Any] | None:
    if response.status_code != 200:
        return None
    body: dict[str, Any] = response.json()
    return None if body.get("errors") or body.get("data") is None else body["data"]


def direct_calls(offers: str, surveys: str) -> dict[str, Call]:
    async def search(client: httpx.AsyncClient) -> bool:
        return _ok(await client.post(offers, json={"query": SEARCH})) is not None

    async def nested(client: httpx.AsyncClient) -> bool:
        first = _ok(
            await client.post(
                offers,
                json={
                    "query": '{ region(ars: "' + MAGDEBURG + '") { ars name'
                    " supply { courseTypeCode level upcomingStarts freeSeats } } }"
                },
            )
        )
        if first is None:
            return False
        region = first["region"]
        rep = {"__typename": "Region", "ars": region["ars"], "supply": region["supply"]}
        second = _ok(
            await client.post(
                surveys,
                json={
                    "query": "query($r:[_Any!]!){_entities(representations:$r){...on Region{"
                    "demand{level newcomers suppressed}"
                    " languageCourseGap{level demand freeSeats gap}"
                    " studies{title region{ars}}}}}",
                    "variables": {"r": [rep]},
                },
            )
        )
        if second is None:
            return False
        regions = {s["region"]["ars"] for s in second["_entities"][0]["studies"] or []}
        third = _ok(
            await client.post(
                offers,
                json={
                    "query": "query($r:[_Any!]!){_entities(representations:$r)"
                    "{...on Region{name level}}}",
                    "variables": {
                        "r": [{"__typename": "Region", "ars": a} for a in sorted(regions)]
                    },
                },
            )
        )
        return third is not None

    async def list_100(client: httpx.AsyncClient) -> bool:
        first = _ok(
            await client.post(
                offers,
                json={
                    "query": "{ offers(first: 100) {"
                    " edges { node { id title region { ars name } } } } }"
                },
            )
        )
        if first is None:
            return False
        regions = sorted({e["node"]["region"]["ars"] for e in first["offers"]["edges"]})
        second = _ok(
            await client.post(
                surveys,
                json={
                    "query": "query($r:[_Any!]!){_entities(representations:$r)"
                    "{...on Region{demand{level newcomers suppressed}}}}",
                    "variables": {"r": [{"__typename": "Region", "ars": a} for a in regions]},
                },
            )
        )
        return second is not None

    every = dict(zip(ALL_OPERATIONS, (search, nested, list_100), strict=True))
    return {name: call for name, call in every.items() if name in OPERATIONS}


def gateway_call(url: str, query: str, expected: dict[str, Any]) -> Call:
    """A call that only counts as a success when the answer is exactly the reference answer."""

    reported = False

    async def call(client: httpx.AsyncClient) -> bool:
        nonlocal reported
        response = await client.post(url, json={"query": query})
        if response.status_code == 200 and response.json() == expected:
            return True
        if not reported:  # the first wrong answer of each target, to see why
            reported = True
            print(f"  wrong answer from {url}: {response.status_code} {response.text[:300]}")
        return False

    return call


# -- the system under test ------------------------------------------------------------------------


async def _prepare_databases(offers_count: int, stack: Any) -> tuple[Any, Any]:
    from sqlalchemy import text

    from koko_offers.app import SPEC as OFFERS_SPEC
    from koko_offers.generator import generate
    from koko_shared.database.engine import create_engine, create_sessionmaker
    from koko_shared.testing.database import fresh_database
    from koko_surveys.app import SPEC as SURVEYS_SPEC
    from koko_surveys.demo import load_demo as load_surveys_demo

    offers_db = await stack.enter_async_context(
        fresh_database("bench_offers", OFFERS_SPEC.migrations_dir)
    )
    surveys_db = await stack.enter_async_context(
        fresh_database("bench_surveys", SURVEYS_SPEC.migrations_dir)
    )
    engine = create_engine(offers_db, pool_size=2)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await generate(session, offers=offers_count, seed=42)
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()
    engine = create_engine(surveys_db, pool_size=2)
    try:
        await load_surveys_demo(create_sessionmaker(engine))
    finally:
        await engine.dispose()
    return offers_db, surveys_db


def _service_env(prefix: str, port: int, database: Any, data_dir: Path) -> dict[str, str]:
    return {
        f"{prefix}_ENVIRONMENT": "test",
        f"{prefix}_IDENTITY_PUBLIC_KEYS_FILE": str(IDENTITY_PUBLIC_KEYS),
        f"{prefix}_DATA_DIR": str(data_dir),
        f"{prefix}_PORT": str(port),
        # Reference gateways call the subgraphs without Koko's identity: let them in (test mode
        # only), and no per-client limit here.
        f"{prefix}_DEVELOPMENT_DIRECT_ACCESS": "true",
        f"{prefix}_RATE_LIMIT_PER_MINUTE": "0",
        f"{prefix}_METRICS_PORT": "0",
        f"{prefix}_LOG_JSON": "true",
        f"{prefix}_DATABASE_URL": database.render_as_string(hide_password=False),
    }


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def koko_settings_env(urls: dict[str, str]) -> dict[str, str]:
    return {
        "GATEWAY_ENVIRONMENT": "production",
        "GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(IDENTITY_PRIVATE_KEY),
        "GATEWAY_RATE_LIMIT_PER_MINUTE": "0",
        "GATEWAY_LOG_JSON": "true",
        "GATEWAY_SUBGRAPH_URLS": ",".join(f"{k}={v}" for k, v in urls.items()),
    }


async def profile(urls: dict[str, str], runs: int) -> None:
    """Koko's gateway in-process under cProfile; the subgraphs are the real processes."""
    from koko_gateway.gateway import Gateway
    from koko_gateway.settings import GatewaySettings

    os.environ.update(koko_settings_env(urls))
    gateway = Gateway(SUPERGRAPH.read_text(), GatewaySettings())
    from koko_gateway.security.identity import bind_identity
    from koko_shared.auth.actor import Actor
    from koko_shared.auth.identity_keys import identity_signer

    bind_identity(identity_signer(GatewaySettings()), Actor(subject="anonymous"))
    headers: dict[str, str] = {}
    for name, query in OPERATIONS.items():
        for _ in range(5):
            await gateway.execute(query, headers=headers)
        cpu = time.process_time()
        for _ in range(runs):
            await gateway.execute(query, headers=headers)
        cpu_ms = (time.process_time() - cpu) / runs * 1000
        print(f"\n=== {name}: {cpu_ms:.2f} ms gateway CPU per run without the profiler ===")
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(runs):
            await gateway.execute(query, headers=headers)
        profiler.disable()
        per_run = (time.perf_counter() - started) / runs * 1000
        print(f"\n=== {name}: {per_run:.2f} ms per run (wall, incl. subgraphs) ===")
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(18)
    await gateway.aclose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--offers", type=int, default=2000, help="synthetic offers to generate")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per block")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument("--baseline-src", type=Path, default=None, metavar="DIR")
    parser.add_argument("--koko-only", action="store_true")
    parser.add_argument("--operation", default="", metavar="TEXT")
    args = parser.parse_args()
    for name in [n for n in OPERATIONS if args.operation not in n]:
        del OPERATIONS[name]
    if args.koko_only:
        for target in (APOLLO, HIVE):
            del TARGETS[target]
    if args.baseline_src is not None:
        TARGETS[KOKO_BASELINE] = "graphql"
    if shutil.which("node") is None and not args.profile and not args.koko_only:
        print("koko_gateway_bench: node is required for @apollo/gateway")
        return 1
    return asyncio.run(run(args))


async def run(args: argparse.Namespace) -> int:
    from contextlib import AsyncExitStack

    from tests.e2e.processes import ServiceProcess

    workdir = scratch_folder("koko-gateway-bench-")
    if not args.profile and not args.koko_only:
        ensure_apollo()
        ensure_hive()
    async with AsyncExitStack() as stack:
        print(f"preparing databases ({args.offers} synthetic offers) ...", flush=True)
        offers_db, surveys_db = await _prepare_databases(args.offers, stack)
        ports = {"offers": free_port(), "surveys": free_port()}
        services = [
            ServiceProcess(
                name,
                f"koko_{name}.cli",
                ports[name],
                _service_env(name.upper(), ports[name], db, workdir / "data"),
                workdir / f"{name}.log",
            )
            for name, db in (("offers", offers_db), ("surveys", surveys_db))
        ]
        processes: list[subprocess.Popen[bytes]] = []
        try:
            for service in services:
                service.start()
            urls = {name: f"http://127.0.0.1:{port}/graphql" for name, port in ports.items()}
            if args.profile:
                await profile(urls, args.profile)
                return 0
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            ports_of = {target: free_port() for target in TARGETS}

            def koko(port: int, **extra: str) -> subprocess.Popen[bytes]:
                command = [sys.executable, "-m", "koko_gateway.cli", "--supergraph"]
                command += [str(SUPERGRAPH), "--host", "127.0.0.1", "--port", str(port)]
                env = {**os.environ, **koko_settings_env(urls), **extra}
                log = (workdir / f"gateway-{port}.log").open("wb")
                return subprocess.Popen(command, env=env, stdout=log, stderr=log)

            # Apollo and Hive read the subgraph URLs from the supergraph: this run's ports.
            node_supergraph = workdir / "supergraph-node.graphql"
            node_supergraph.write_text(
                SUPERGRAPH.read_text()
                .replace("http://127.0.0.1:8001/graphql", urls["offers"])
                .replace("http://127.0.0.1:8002/graphql", urls["surveys"])
            )

            def node(folder: Path, script: str, port: int) -> subprocess.Popen[bytes]:
                server_js = folder / "server.mjs"
                server_js.write_text(script)
                command = ["node", str(server_js), str(node_supergraph), str(port)]
                return subprocess.Popen(command, cwd=folder, **quiet)  # type: ignore[call-overload]

            baseline = {"PYTHONPATH": str(args.baseline_src.resolve())} if args.baseline_src else {}
            started = {
                KOKO: koko(ports_of[KOKO]),
                KOKO_DEDUP_ONLY: koko(ports_of[KOKO_DEDUP_ONLY], GATEWAY_RESPONSE_CACHE_BYTES="0"),
                KOKO_NO_DEDUP: koko(
                    ports_of[KOKO_NO_DEDUP],
                    GATEWAY_DEDUPLICATE_SUBGRAPH_FETCHES="false",
                    GATEWAY_RESPONSE_CACHE_BYTES="0",
                ),
            }
            if APOLLO in TARGETS:
                started[APOLLO] = node(APOLLO_DIR, APOLLO_SERVER, ports_of[APOLLO])
            if HIVE in TARGETS:
                started[HIVE] = node(HIVE_DIR, HIVE_SERVER, ports_of[HIVE])
            if baseline:
                started[KOKO_BASELINE] = koko(
                    ports_of[KOKO_BASELINE], GATEWAY_RESPONSE_CACHE_BYTES="0", **baseline
                )
            processes.extend(started.values())
            gateways = {
                target: f"http://127.0.0.1:{ports_of[target]}/{path}"
                for target, path in TARGETS.items()
            }
            for url in gateways.values():
                wait_for(url)
            pids: dict[str, Any] = {target: process.pid for target, process in started.items()}
            pids["subgraphs"] = [service.process.pid for service in services if service.process]
            results = await measure(args, urls, gateways, pids)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
            for service in services:
                service.stop()
    print()
    print(markdown(results, args))
    return 0


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        times = psutil.Process(pid).cpu_times()
        total += times.user + times.system
    return total


@dataclass
class Block:
    """One measured block: latencies, and the CPU the gateway and the subgraphs spent on it."""

    result: Result
    gateway_cpu_ms: float  # per request; 0 for the direct calls
    subgraph_cpu_ms: float  # per request, both subgraph processes
    load: str


async def measure(
    args: argparse.Namespace,
    urls: dict[str, str],
    gateways: dict[str, str],
    pids: dict[str, Any],
) -> dict[tuple[str, str], list[Block]]:
    # The reference answers, and proof that both gateways give exactly them.
    expected: dict[str, dict[str, Any]] = {}
    async with httpx.AsyncClient(timeout=30) as client:
        for name, query in OPERATIONS.items():
            answers = [
                (await client.post(url, json={"query": query})).json() for url in gateways.values()
            ]
            assert "errors" not in answers[0], answers[0]
            if answers[0] != answers[1]:
                print(f"WARNING: the gateways answer {name!r} differently")
            expected[name] = answers[0]
    direct = direct_calls(urls["offers"], urls["surveys"])
    results: dict[tuple[str, str], list[Block]] = {}
    for repetition in range(args.repetitions):
        for index, (name, query) in enumerate(OPERATIONS.items()):
            targets: list[tuple[str, Call]] = [("subgraphs directly", direct[name])]
            targets += [(g, gateway_call(u, query, expected[name])) for g, u in gateways.items()]
            shift = (repetition + index) % len(targets)
            for target, call in targets[shift:] + targets[:shift]:
                load_before = loadavg()
                gateway_pids = [pids[target]] if target in pids else []
                cpu: list[float] = []

                async def sample(
                    phase: str, cpu: list[float] = cpu, gateway_pids: list[int] = gateway_pids
                ) -> None:
                    if phase == "measure":
                        cpu[:] = [cpu_seconds(gateway_pids), cpu_seconds(pids["subgraphs"])]

                latencies, seconds, failures = await load(
                    call,
                    concurrency=args.concurrency,
                    duration=args.duration,
                    warmup=args.warmup,
                    on_phase=sample,
                )
                count = max(1, len(latencies))
                gateway_cpu = (cpu_seconds(gateway_pids) - cpu[0]) * 1000 / count
                subgraph_cpu = (cpu_seconds(pids["subgraphs"]) - cpu[1]) * 1000 / count
                result = Result(target, name, latencies, seconds, failures)
                block = Block(result, gateway_cpu, subgraph_cpu, load_before)
                results.setdefault((name, target), []).append(block)
                print(
                    f"rep {repetition + 1} {name:<42} {target:<22} p50 "
                    f"{result.percentile(0.5):7.2f} ms  p99 {result.percentile(0.99):7.2f}  "
                    f"rps {result.throughput:6.0f}  gw cpu {gateway_cpu:5.2f} ms/req  "
                    f"subgraph cpu {subgraph_cpu:5.2f} ms/req  failures {failures}"
                    f"  load {load_before}",
                    flush=True,
                )
    return results


def markdown(results: dict[tuple[str, str], list[Block]], args: argparse.Namespace) -> str:
    lines = [
        f"Concurrency {args.concurrency}, {args.repetitions} interleaved repetitions of"
        f" {args.duration:.0f} s per target and operation (after {args.warmup:.0f} s warm-up),"
        f" {os.cpu_count()} CPUs, {args.offers} synthetic offers + demo data; load average at the"
        f" end {loadavg()}. Percentiles over all repetitions pooled; `p50 per rep` shows the"
        " spread between repetitions.",
        "",
        "| operation | target | p50 ms | p95 ms | p99 ms | req/s | p50 per rep | overhead p50 ms"
        " | gateway CPU ms/req | subgraphs CPU ms/req | failures |",
        "|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name in OPERATIONS:
        base: Result | None = None
        for target in ("subgraphs directly", *TARGETS):
            blocks = results.get((name, target), [])
            if not blocks:
                continue
            runs = [b.result for b in blocks]
            pooled = Result(
                target,
                name,
                [x for r in runs for x in r.latencies_ms],
                sum(r.seconds for r in runs),
                sum(r.failures for r in runs),
            )
            if target == "subgraphs directly":
                base = pooled
            overhead = (
                ""
                if base is None or base is pooled
                else f"{pooled.percentile(0.5) - base.percentile(0.5):.2f}"
            )
            per_rep = " / ".join(f"{r.percentile(0.5):.1f}" for r in runs)
            lines.append(
                f"| {name} | {target} | {pooled.percentile(0.5):.2f} |"
                f" {pooled.percentile(0.95):.2f} | {pooled.percentile(0.99):.2f} |"
                f" {statistics.mean(r.throughput for r in runs):.0f} | {per_rep} | {overhead} |"
                f" {_cpu(blocks, 'gateway_cpu_ms')} | {_cpu(blocks, 'subgraph_cpu_ms')} |"
                f" {pooled.failures} |"
            )
    return "\n".join(lines)


def _cpu(blocks: list[Block], attribute: str) -> str:
    if blocks[0].result.target == "subgraphs directly" and attribute == "gateway_cpu_ms":
        return ""
    return f"{statistics.mean(getattr(b, attribute) for b in blocks):.2f}"


if __name__ == "__main__":
    sys.exit(main())
