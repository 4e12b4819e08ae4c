"""Surveys export and presence benchmark: the time of a microdata export (k over every column,
local suppression, the analyst's earlier exports as strata) for waves of 1,000 to 10,000 people,
and whether a writer can tell a known from an unknown pseudonym by the time of an erasure, a
consent withdrawal or a dry run (medians of interleaved requests).

Run: `.venv/bin/python tests/benchmarks/surveys_export_bench.py [--sizes 1000 3000 10000]`.
Uses a throwaway database on the embedded server (or DATABASE_URL) and the surveys service in
its own uvicorn process. With `--write-docs` it rewrites the "Surveys exports and presence"
section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import platform
import random
import re
import statistics
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from scratch import scratch_folder
from surveys_ingest_bench import (
    AUDIENCE,
    ISSUER,
    free_port,
    gateway_transport,
    service_env,
    setup_study,
    start_server,
    wait_ready,
)

from koko_shared.auth.actor import Role
from koko_shared.demo_regions import AREAS, MAGDEBURG
from koko_shared.testing.database import fresh_database
from koko_shared.testing.identity import TestTokens
from koko_surveys.app import SPEC

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "benchmarks.md"
K1 = b"bench-export-k1"
CONSENT = [
    {
        "scope": "participation",
        "textVersion": "v1",
        "legalBasis": "consent",
        "givenAt": "2025-01-01T00:00:00Z",
    }
]


def pseudonym(name: str) -> str:
    return hmac.new(K1, name.encode(), hashlib.sha256).hexdigest()


def people(count: int, version: str, rng: random.Random) -> list[dict[str, Any]]:
    """School leavers drawn like the demo's: areas, sex, age, origin and answers at random."""
    rows = []
    for n in range(count):
        rows.append(
            {
                "submissionId": f"p-{n}",
                "subject": pseudonym(f"person-{n}"),
                "instrumentVersion": version,
                "attributes": {
                    "regionArs": MAGDEBURG,
                    "areaCode": rng.choice(AREAS).code,
                    "sex": rng.choices("fmd", weights=[47, 52, 1])[0],
                    "birthYear": rng.randint(2004, 2009),
                    "originGroup": rng.choices(
                        ["SYR", "UKR", "AFG", "EU", "OTHER"], weights=[30, 30, 15, 10, 15]
                    )[0],
                },
                "consents": CONSENT,
                "answers": {
                    "destination": rng.choices(
                        ["school", "prep", "training", "university", "work", "searching"],
                        weights=[20, 25, 25, 3, 7, 15],
                    )[0],
                    "certificate": rng.choice(["none", "hsa", "rsa", "abi"]),
                    "german_level": rng.choice(["A2", "B1", "B2", "C1"]),
                    "months_in_germany": rng.randint(6, 96),
                },
            }
        )
    return rows


async def timed(client: httpx.AsyncClient, method: str, url: str, **kwargs: Any) -> float:
    started = time.perf_counter()
    response = await client.request(method, url, **kwargs)
    elapsed = time.perf_counter() - started
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:300]}")
    return elapsed


async def export_times(
    client: httpx.AsyncClient, study: Any, analyst: dict[str, str]
) -> dict[str, Any]:
    url = f"/v1/studies/{study.id}/submissions"
    started = time.perf_counter()
    first = await client.get(url, params={"wave": "w1"}, headers=analyst)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = await client.get(url, params={"wave": "w1"}, headers=analyst)
    second_seconds = time.perf_counter() - started
    if first.status_code != 200 or second.status_code != 200:
        raise RuntimeError(first.text[:300] + second.text[:300])
    summary = first.json()["summary"]
    values = max(summary["records"] + summary["withheld"], 1) * len(summary["keyColumns"])
    return {
        "first": first_seconds,
        "second": second_seconds,
        "generalisation": summary["generalisation"],
        "withheld": summary["withheld"],
        "blanked": summary["suppressedValues"] / values,
        "columns": len(summary["keyColumns"]),
    }


async def presence_times(
    client: httpx.AsyncClient,
    study: Any,
    wave: Any,
    version: str,
    writer_a: dict[str, str],
    writer_b: dict[str, str],
    rounds: int,
) -> dict[str, tuple[float, float]]:
    """Median ms for a known and an unknown pseudonym, requests interleaved."""
    base = f"/v1/studies/{study.id}/subjects"
    batch = f"/v1/studies/{study.id}/waves/{wave.id}/submissions:batch?mode=dry_run"
    samples: dict[str, tuple[list[float], list[float]]] = {
        "dry run by another writer": ([], []),
        "consent withdrawal": ([], []),
        "erasure": ([], []),
    }
    for n in range(rounds):
        known, unknown = pseudonym(f"person-{n}"), pseudonym(f"nobody-{n}")
        pair = [(0, known), (1, unknown)] if n % 2 == 0 else [(1, unknown), (0, known)]
        for index, subject in pair:
            row = {
                "submissionId": f"probe-{n}-{index}",
                "subject": subject,
                "instrumentVersion": version,
                "consents": CONSENT,
                "answers": {"destination": "work"},
            }
            samples["dry run by another writer"][index].append(
                await timed(client, "POST", batch, content=orjson.dumps([row]), headers=writer_b)
            )
            samples["consent withdrawal"][index].append(
                await timed(
                    client,
                    "POST",
                    f"{base}/{subject}/consent-withdrawals",
                    json={"scope": "linkage"},
                    headers=writer_b,
                )
            )
        # (the withdrawal recorded the unknown pseudonym: erasure gets one never seen)
        erase = {0: known, 1: pseudonym(f"never-seen-{n}")}
        for index, _ in pair:
            samples["erasure"][index].append(
                await timed(client, "DELETE", f"{base}/{erase[index]}", headers=writer_a)
            )
    return {
        name: (statistics.median(known) * 1000, statistics.median(unknown) * 1000)
        for name, (known, unknown) in samples.items()
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 3_000, 10_000])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()

    rng = random.Random(2016)
    async with fresh_database("surveys_export_bench", SPEC.migrations_dir) as url:
        folder = scratch_folder("surveys-export-bench-")
        tokens = TestTokens(folder, issuer=ISSUER, audience=AUDIENCE)
        port = free_port()
        server = start_server(port, service_env(url, tokens, folder), None)
        analyst = tokens.for_role(Role.ANALYST, MAGDEBURG)
        exports: dict[int, dict[str, Any]] = {}
        try:
            # (a shared machine under load can take long to import the service)
            await wait_ready(f"http://127.0.0.1:{port}", seconds=120)
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}",
                timeout=600,
                transport=gateway_transport(folder, tokens),
            ) as c:
                for size in args.sizes:
                    study, waves, version = await setup_study(url, 0)
                    wave = waves[0]
                    writer_a = tokens.for_role(
                        Role.INTEGRATOR, MAGDEBURG, studies=(str(study.id),), subject="writer-a"
                    )
                    path = f"/v1/studies/{study.id}/waves/{wave.id}/submissions:batch"
                    data = people(size, version, rng)
                    for start in range(0, size, 2_000):
                        body = orjson.dumps(data[start : start + 2_000])
                        await timed(c, "POST", path, content=body, headers=writer_a)
                    exports[size] = await export_times(c, study, analyst)
                    print(size, exports[size], flush=True)
                writer_b = tokens.for_role(
                    Role.INTEGRATOR, MAGDEBURG, studies=(str(study.id),), subject="writer-b"
                )
                presence = await presence_times(
                    c, study, wave, version, writer_a, writer_b, args.rounds
                )
                print(presence, flush=True)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    table = render(exports, presence, args.rounds)
    print(table)
    if args.write_docs:
        write_docs(table)


def render(
    exports: dict[int, dict[str, Any]], presence: dict[str, tuple[float, float]], rounds: int
) -> str:
    load = os.getloadavg()[0]
    lines = [
        f"Run {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} vCPUs, Python "
        f"{platform.python_version()}, load average {load:.1f} at the end (shared machine); "
        "one uvicorn worker, requests over loopback.\n",
        "| people in the wave | key columns | first export | second export (1 earlier "
        "export as strata) | step | values blanked | withheld |",
        "|---:|---:|---:|---:|---|---:|---:|",
    ]
    for size, r in exports.items():
        lines.append(
            f"| {size:,} | {r['columns']} | {r['first']:.2f} s | {r['second']:.2f} s | "
            f"{r['generalisation']} | {r['blanked']:.1%} | {r['withheld']} |"
        )
    lines += [
        "",
        f"Presence ({rounds} known and {rounds} unknown pseudonyms, interleaved; median ms):",
        "",
        "| request | known pseudonym | unknown pseudonym | difference |",
        "|---|---:|---:|---:|",
    ]
    for name, (known, unknown) in presence.items():
        lines.append(f"| {name} | {known:.1f} | {unknown:.1f} | {known - unknown:+.1f} |")
    return "\n".join(lines) + "\n"


SECTION_INTRO = """## Surveys exports and presence

`tests/benchmarks/surveys_export_bench.py` loads waves of school leavers drawn at random like
the demo's (14 areas, 3 sexes, 6 birth years, 5 origin groups, 4 answers with 4–7 values and
months in Germany) through the batch endpoint, then times the analyst's export of the wave (the
first page, which computes and stores the whole export) twice: the second export checks k
against the first as strata. It then times erasure, consent withdrawal and a dry run by another
writer for pseudonyms with and without data, interleaved.

```
.venv/bin/python tests/benchmarks/surveys_export_bench.py --write-docs
```

"""

SECTION_NOTES = """
Notes:
- Randomly drawn attributes and answers are a hard case for k-anonymity over every column: real
  answers correlate, drawn ones do not, so nearly every record is unique before protection. The
  analyst's `columns` (fewer columns, in the order of importance) lowers the blanks a lot.
- The time is Python: loading the wave, one pass of local suppression per generalisation step
  tried (the coarsest first; finer ones only when the coarsest stays within the 5 % budget),
  storing one record per person. Pages after the first read stored rows.
- Erasure of a known pseudonym deletes rows (cascades over submissions, consents, export
  records); the same statements run for an unknown one and delete nothing. The difference is the
  cost of those deletions; a writer sees it only against the noise of the network and the load.
"""


def write_docs(table: str) -> None:
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    section = SECTION_INTRO + "### Results\n\n" + table + SECTION_NOTES
    pattern = re.compile(r"^## Surveys exports and presence\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text)
    else:
        text = text.rstrip() + "\n\n" + section
    DOCS.write_text(text)


if __name__ == "__main__":
    asyncio.run(main())
