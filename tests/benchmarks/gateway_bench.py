"""Gateway benchmark: the same operations through Koko's gateway, through @apollo/gateway 2.14 +
@apollo/server 5, and straight against the subgraphs, at fixed concurrency.

Run: `.venv/bin/python tests/benchmarks/gateway_bench.py [--duration 10 --concurrency 16]`.
Needs Node + npm; @apollo/* is installed into the throwaway folder `.koko/bench-apollo`, never
into the product. Prints a Markdown table for docs/benchmarks.md (section "Gateway").
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
from scratch import scratch_folder

from koko_shared.auth.identity_keys import generate_key_pair

ROOT = Path(__file__).resolve().parents[2]
SUBGRAPH_DIR = ROOT / "services" / "gateway" / "tests"
APOLLO_DIR = ROOT / ".koko" / "bench-apollo"
APOLLO_PACKAGES = ["@apollo/gateway@2.14", "@apollo/server@5", "graphql@16"]
APOLLO_SERVER = """
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway } from "@apollo/gateway";
const gateway = new ApolloGateway({ supergraphSdl: readFileSync(process.argv[2], "utf8") });
const server = new ApolloServer({ gateway, introspection: false });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.argv[3]) } });
console.log(`apollo gateway at ${url}`);
"""

# Hive Gateway with its Rust query planner (a benchmark peer; FIELD-NOTES): installed into its own
# throwaway folder, `@graphql-tools/batch-execute` pinned as this registry needs. Its HTTP transport
# deduplicates identical in-flight subgraph requests by default (`deduplicateInflightRequests`).
HIVE_DIR = ROOT / ".koko" / "bench-hive"
HIVE_PACKAGES = [
    "@graphql-hive/gateway-runtime@2.12.1",
    "@graphql-hive/router-runtime@1.4.23",
    "@graphql-mesh/transport-http@1.2.1",
    "graphql@16",
]
HIVE_PACKAGE_JSON = (
    '{"name": "bench-hive", "private": true, "type": "module",'
    ' "overrides": {"@graphql-tools/batch-execute": "10.2.0"}}\n'
)
HIVE_SERVER = """
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createGatewayRuntime } from "@graphql-hive/gateway-runtime";
import { unifiedGraphHandler } from "@graphql-hive/router-runtime";
const gateway = createGatewayRuntime({
  supergraph: readFileSync(process.argv[2], "utf8"),
  unifiedGraphHandler,
  graphqlEndpoint: "/graphql",
  logging: false,
  landingPage: false,
});
createServer(gateway).listen(Number(process.argv[3]), "127.0.0.1", () => {
  console.log("hive gateway ready");
});
"""


def ensure_hive() -> None:
    installed = HIVE_DIR / "node_modules/@graphql-mesh/transport-http"
    ensure_node_packages(HIVE_DIR, HIVE_PACKAGES, installed, package_json=HIVE_PACKAGE_JSON)


# name -> (client operation, the subgraph calls a client would make without a gateway)
OPERATIONS = {
    "one subgraph": "{ products { id name price } }",
    "two fetches (entity + @requires)": "{ products { id name inStock shippingEstimate } }",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_subgraph(name: str, port: int) -> None:
    """Child process mode: one test subgraph under uvicorn."""
    import importlib

    import uvicorn
    from strawberry.asgi import GraphQL

    sys.path.insert(0, str(SUBGRAPH_DIR))
    schema = importlib.import_module(f"subgraphs.{name}").schema
    uvicorn.run(GraphQL(schema), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def wait_for(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


@dataclass
class Result:
    target: str
    operation: str
    latencies_ms: list[float]
    seconds: float
    failures: int

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(len(ordered) * p))] if ordered else float("nan")

    @property
    def throughput(self) -> float:
        return len(self.latencies_ms) / self.seconds


async def load(
    call: Callable[[httpx.AsyncClient], Awaitable[bool]],
    *,
    concurrency: int,
    duration: float,
    warmup: float,
    on_phase: Callable[[str], Awaitable[None]] | None = None,
) -> tuple[list[float], float, int]:
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker(until: float, record: bool) -> None:
            nonlocal failures
            while time.perf_counter() < until:
                started = time.perf_counter()
                ok = await call(client)
                if record:
                    latencies.append((time.perf_counter() - started) * 1000)
                    failures += 0 if ok else 1

        until = time.perf_counter() + warmup
        await asyncio.gather(*(worker(until, False) for _ in range(concurrency)))
        if on_phase is not None:
            await on_phase("measure")
        started = time.perf_counter()
        until = started + duration
        await asyncio.gather(*(worker(until, True) for _ in range(concurrency)))
        return latencies, time.perf_counter() - started, failures


def gateway_call(url: str, query: str) -> Callable[[httpx.AsyncClient], Awaitable[bool]]:
    async def call(client: httpx.AsyncClient) -> bool:
        response = await client.post(url, json={"query": query})
        body = response.json()
        return response.status_code == 200 and "errors" not in body and body.get("data") is not None

    return call


def direct_call(
    urls: dict[str, str], operation: str
) -> Callable[[httpx.AsyncClient], Awaitable[bool]]:
    """What a client would do without a gateway: the root fetch, then the entity fetch."""

    async def call(client: httpx.AsyncClient) -> bool:
        if operation == "one subgraph":
            response = await client.post(urls["products"], json={"query": OPERATIONS[operation]})
            return response.status_code == 200
        first = await client.post(
            urls["products"], json={"query": "{ products { __typename id name price weight } }"}
        )
        products = first.json()["data"]["products"]
        representations = [
            {"__typename": "Product", "id": p["id"], "price": p["price"], "weight": p["weight"]}
            for p in products
        ]
        second = await client.post(
            urls["inventory"],
            json={
                "query": "query($r:[_Any!]!){_entities(representations:$r)"
                "{...on Product{inStock shippingEstimate}}}",
                "variables": {"r": representations},
            },
        )
        return second.status_code == 200

    return call


def ensure_apollo() -> None:
    ensure_node_packages(APOLLO_DIR, APOLLO_PACKAGES, APOLLO_DIR / "node_modules/@apollo/gateway")


def ensure_node_packages(
    folder: Path,
    packages: list[str],
    installed: Path,
    *,
    package_json: str = '{"name": "bench", "private": true}\n',
) -> None:
    """npm packages of a benchmark peer in its own throwaway folder, installed once (`installed`
    is a path that exists once they are)."""
    if installed.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(package_json)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--silent", *packages],
        cwd=folder,
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--serve-subgraph", nargs=2, metavar=("NAME", "PORT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve_subgraph:
        serve_subgraph(args.serve_subgraph[0], int(args.serve_subgraph[1]))
        return 0
    if shutil.which("node") is None:
        print("gateway_bench: node is required for the composition and @apollo/gateway")
        return 1

    sys.path.insert(0, str(SUBGRAPH_DIR))
    from subgraphs import inventory, products

    from koko_gateway.supergraph.compose import SubgraphSource, compose_supergraph

    ensure_apollo()
    processes: list[subprocess.Popen[bytes]] = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    try:
        urls: dict[str, str] = {}
        for name in ("products", "inventory"):
            port = free_port()
            urls[name] = f"http://127.0.0.1:{port}/graphql"
            processes.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--serve-subgraph", name, str(port)],
                    **quiet,  # type: ignore[call-overload]
                )
            )
        for url in urls.values():
            wait_for(url)
        supergraph = compose_supergraph(
            [
                SubgraphSource("products", urls["products"], products.schema.as_str()),
                SubgraphSource("inventory", urls["inventory"], inventory.schema.as_str()),
            ]
        )
        workdir = scratch_folder("gateway-bench-")
        supergraph_file = workdir / "supergraph.graphql"
        supergraph_file.write_text(supergraph)

        koko_port, apollo_port = free_port(), free_port()
        koko_env = {
            **os.environ,
            "GATEWAY_ENVIRONMENT": "production",
            "GATEWAY_IDENTITY_PRIVATE_KEY_FILE": str(generate_key_pair(workdir / "identity")[0]),
            "GATEWAY_RATE_LIMIT_PER_MINUTE": "0",
            "GATEWAY_LOG_JSON": "true",
        }
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "koko_gateway.cli",
                    "--supergraph",
                    str(supergraph_file),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(koko_port),
                ],
                env=koko_env,
                **quiet,  # type: ignore[call-overload]
            )
        )
        server_js = APOLLO_DIR / "server.mjs"
        server_js.write_text(APOLLO_SERVER)
        processes.append(
            subprocess.Popen(
                ["node", str(server_js), str(supergraph_file), str(apollo_port)],
                cwd=APOLLO_DIR,
                **quiet,  # type: ignore[call-overload]
            )
        )
        gateways = {
            "koko-gateway": f"http://127.0.0.1:{koko_port}/graphql",
            "@apollo/gateway 2.14": f"http://127.0.0.1:{apollo_port}/",
        }
        for url in gateways.values():
            wait_for(url)

        results: list[Result] = []
        for operation, query in OPERATIONS.items():
            targets = {"subgraphs directly": direct_call(urls, operation)}
            targets |= {name: gateway_call(url, query) for name, url in gateways.items()}
            for target, call in targets.items():
                latencies, seconds, failures = asyncio.run(
                    load(
                        call,
                        concurrency=args.concurrency,
                        duration=args.duration,
                        warmup=args.warmup,
                    )
                )
                result = Result(target, operation, latencies, seconds, failures)
                results.append(result)
                print(
                    f"{operation:<34} {target:<22} p50 {result.percentile(0.5):7.2f} ms  "
                    f"rps {result.throughput:7.0f}  failures {failures}",
                    flush=True,
                )
        print()
        print(markdown(results, args))
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
    return 0


def markdown(results: list[Result], args: argparse.Namespace) -> str:
    lines = [
        f"Concurrency {args.concurrency}, {args.duration:.0f} s per run after {args.warmup:.0f} s"
        f" warm-up, {os.cpu_count()} CPUs; subgraphs: the gateway's Strawberry test subgraphs"
        " (products, inventory), each in its own uvicorn process.",
        "",
        "| operation | target | p50 ms | p95 ms | p99 ms | req/s | overhead p50 ms | failures |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    direct = {r.operation: r for r in results if r.target == "subgraphs directly"}
    for r in results:
        base = direct.get(r.operation)
        overhead = (
            ""
            if r.target == "subgraphs directly" or base is None
            else f"{r.percentile(0.5) - base.percentile(0.5):.2f}"
        )
        lines.append(
            f"| {r.operation} | {r.target} | {r.percentile(0.5):.2f} | {r.percentile(0.95):.2f} |"
            f" {r.percentile(0.99):.2f} | {r.throughput:.0f} | {overhead} | {r.failures} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
