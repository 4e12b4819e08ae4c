"""A crowd for load_bench.py, closed or open loop.

Closed loop (`run_block`): each client sends a request on its own keep-alive connection, waits
for the answer, records it and sends the next; a refused client pauses first. The crowd can never
send faster than it is answered, and a refusal leaves a client idle.

Open loop (`run_open_block`): requests arrive at a constant rate whatever the answers, as wrk2 and
k6's constant-arrival-rate send them; each is timed from the moment it was due (no coordinated
omission), on an idle keep-alive connection or a new one (at most `max_connections`; an arrival
finding none is counted as `dropped`, the generator's own limit).

A small raw HTTP/1.1 client on asyncio streams instead of httpx: httpx spends about a
millisecond of CPU per request, which at a few hundred requests per second would take a good
part of the CPU the benchmark measures. What the crowd itself spends is measured
(`Block.client_cpu_seconds`) and reported.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson


class Closed(Exception):
    """The server closed the connection (or answered something that is not HTTP/1.1)."""


@dataclass
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes


class Connection:
    """One keep-alive HTTP/1.1 connection (Content-Length answers only: what uvicorn sends
    for complete responses)."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> Answer:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        head = f"POST {path} HTTP/1.1\r\nhost: {self.host}:{self.port}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        head += f"content-length: {len(body)}\r\n\r\n"
        self.writer.write(head.encode() + body)
        try:
            raw = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self.close()
            raise Closed from exc
        lines = raw[:-4].split(b"\r\n")
        parts = lines[0].split(b" ", 2)
        if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
            self.close()
            raise Closed
        answer_headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            answer_headers[name.strip().lower()] = value.strip()
        length = int(answer_headers.get(b"content-length", b"0"))
        try:
            content = await self.reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self.close()
            raise Closed from exc
        if answer_headers.get(b"connection", b"").lower() == b"close":
            self.close()
        return Answer(int(parts[1]), answer_headers, content)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


@dataclass
class Block:
    """What one block of the crowd saw."""

    concurrency: int
    seconds: float = 0.0
    answered_ms: list[float] = field(default_factory=list)  # 200 with data and no errors
    refused_ms: list[float] = field(default_factory=list)  # 503 / 429
    statuses: Counter[int] = field(default_factory=Counter)
    partial: int = 0  # 200 with errors (a subgraph failed or refused part of the work)
    broken: int = 0  # connection closed, other statuses
    retry_after: int = 0  # refusals that carried Retry-After
    client_cpu_seconds: float = 0.0
    load: str = ""
    rate: float = 0.0  # open loop: requests due per second (0: closed loop)
    dropped: int = 0  # open loop: due requests the generator had no connection for
    measured_from: float = 0.0  # time.perf_counter() when the counted part began

    def record(self, answer: Answer, took_ms: float) -> None:
        refused = answer.status in (429, 503)
        self.statuses[answer.status] += 1
        if answer.status == 200:
            document = orjson.loads(answer.body)
            if document.get("errors") or document.get("data") is None:
                self.partial += 1
            else:
                self.answered_ms.append(took_ms)
        elif refused:
            self.refused_ms.append(took_ms)
            self.retry_after += b"retry-after" in answer.headers
        else:
            self.broken += 1

    @property
    def goodput(self) -> float:
        return len(self.answered_ms) / self.seconds if self.seconds else 0.0

    def p(self, values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.broken


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


async def run_block(
    host: str,
    port: int,
    request: Callable[[random.Random], bytes],
    headers: dict[str, str],
    *,
    concurrency: int,
    duration: float,
    warmup: float,
    refused_pause: float = 0.0,
    seed: int = 1,
) -> Block:
    """`concurrency` clients for `warmup` + `duration` seconds; only the last `duration` count.
    A refused client waits `refused_pause` seconds before its next request (0: at once, the
    harshest crowd)."""
    block = Block(concurrency)
    started = time.perf_counter()
    measure_from = started + warmup
    block.measured_from = measure_from
    stop_at = measure_from + duration
    cpu_at_start: list[float] = []

    async def client(index: int) -> None:
        rng = random.Random(seed * 100_003 + index)
        connection = Connection(host, port)
        try:
            while True:
                now = time.perf_counter()
                if now >= stop_at:
                    return
                if now >= measure_from and not cpu_at_start:
                    cpu_at_start.append(time.process_time())
                    block.load = loadavg()
                body = request(rng)
                sent = time.perf_counter()
                try:
                    answer = await connection.post("/graphql", body, headers)
                except (Closed, OSError):
                    if sent >= measure_from:
                        block.broken += 1
                    await asyncio.sleep(0.01)
                    continue
                took_ms = (time.perf_counter() - sent) * 1000
                if sent >= measure_from and time.perf_counter() <= stop_at:
                    block.record(answer, took_ms)
                refused = answer.status in (429, 503)
                if refused and refused_pause > 0:
                    await asyncio.sleep(refused_pause * (0.5 + rng.random()))
        finally:
            connection.close()

    await asyncio.gather(*(client(i) for i in range(concurrency)))
    block.seconds = duration
    if cpu_at_start:
        block.client_cpu_seconds = time.process_time() - cpu_at_start[0]
    return block


async def run_open_block(
    host: str,
    port: int,
    request: Callable[[random.Random], bytes],
    headers: dict[str, str],
    *,
    rate: float,
    duration: float,
    warmup: float,
    max_connections: int = 1000,
    seed: int = 1,
) -> Block:
    """Requests due at `rate` per second for `warmup` + `duration` seconds; those due in the last
    `duration` seconds count (answers arriving after the end too: they were due in time)."""
    block = Block(0, rate=rate)
    rng = random.Random(seed)
    idle: list[Connection] = []
    opened = 0
    tasks: set[asyncio.Task[None]] = set()
    started = time.perf_counter()
    measure_from = started + warmup
    block.measured_from = measure_from
    cpu_at_start: list[float] = []

    async def send(due: float, connection: Connection, body: bytes, counted: bool) -> None:
        reused = connection.writer is not None
        try:
            answer = await connection.post("/graphql", body, headers)
        except (Closed, OSError):
            if not reused:
                block.broken += counted
                return
            # The server closed the idle keep-alive connection (uvicorn: after 5 s); ask again
            # on a new one, as HTTP clients do for a request that is safe to repeat.
            connection.close()
            try:
                answer = await connection.post("/graphql", body, headers)
            except (Closed, OSError):
                block.broken += counted
                return
        idle.append(connection)
        if counted:
            block.record(answer, (time.perf_counter() - due) * 1000)

    total = int((warmup + duration) * rate)
    for index in range(total):
        due = started + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        counted = due >= measure_from
        if counted and not cpu_at_start:
            cpu_at_start.append(time.process_time())
            block.load = loadavg()
        if idle:
            connection = idle.pop()
        elif opened < max_connections:
            connection = Connection(host, port)
            opened += 1
        else:
            block.dropped += counted
            continue
        task = asyncio.create_task(send(due, connection, request(rng), counted))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    for connection in idle:
        connection.close()
    block.seconds = duration
    if cpu_at_start:
        block.client_cpu_seconds = time.process_time() - cpu_at_start[0]
    return block


def search_request(terms: tuple[str, ...], regions: tuple[str, ...]) -> Callable[..., bytes]:
    """A public offer search: a word, often a region, one of a few page sizes, with or without
    the exact count: the traffic of the public finder."""
    query = (
        "query Search($filter: OfferFilter, $first: Int) { offers(first: $first, filter:"
        " $filter) { totalCount edges { node { id title provider { name } nextStart } } } }"
    )

    def make(rng: random.Random) -> bytes:
        offer_filter: dict[str, object] = {"search": rng.choice(terms)}
        if rng.random() < 0.7:
            offer_filter["regionArs"] = rng.choice(regions)
        variables = {"filter": offer_filter, "first": rng.choice((10, 20, 30))}
        return orjson.dumps({"query": query, "variables": variables})

    return make
