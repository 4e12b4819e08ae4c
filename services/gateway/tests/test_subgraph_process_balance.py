"""The gateway's subgraph client spreads its requests over the processes behind one origin
(`koko-instance`, koko_shared.http.instance): least requests in flight per process, a new
connection while every idle one leads to a busy process, and only a few spare connections."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from raw_http import Handler, ok, read_request, serve

from koko_gateway.execution.http import HttpPool
from koko_shared.testing.waiting import wait_until_async


def instances_by_connection(
    instance_of: Callable[[int], str], gates: dict[int, asyncio.Event]
) -> Handler:
    """A server whose connection n is answered by process `instance_of(n)`; a request whose body
    is `hold` waits until the test sets its connection's gate."""

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, n: int) -> None:
        instance = instance_of(n)
        while True:
            body = await read_request(reader)
            if body == b"hold":
                await gates.setdefault(n, asyncio.Event()).wait()
            writer.write(ok(instance.encode(), f"koko-instance: {instance}"))
            await writer.drain()

    return handler


async def answered_by(pool: HttpPool, body: bytes = b"go") -> str:
    return (await pool.post(body, {}, retry_stale=True)).content.decode()


async def test_two_requests_at_once_go_to_two_processes() -> None:
    # given: three connections, two to process a and one to b, the two to a the newest idle
    # (a pool taking the newest idle connection would send the next two requests both to a)
    gates: dict[int, asyncio.Event] = {}
    server = instances_by_connection(lambda n: "b" if n == 1 else "a", gates)
    async with serve(server) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        first = [asyncio.create_task(answered_by(pool, b"hold")) for _ in range(3)]
        await wait_until_async(lambda: len(gates) == 3, seconds=5, what="three held")
        gates[1].set()
        await wait_until_async(
            lambda: sum(t.done() for t in first) == 1, seconds=5, what="b answered"
        )
        gates[0].set()
        gates[2].set()
        assert sorted(await asyncio.gather(*first)) == ["a", "a", "b"]
        # when: two requests at once
        second = await asyncio.gather(answered_by(pool), answered_by(pool))
        pool.close_connections()
    # then: one to each process, over the connections already open
    assert sorted(second) == ["a", "b"]
    assert len(connections) == 3


async def test_a_new_connection_is_opened_while_every_idle_one_leads_to_a_busy_process() -> None:
    # given: two idle connections, both to process a; a new connection reaches process b
    gates: dict[int, asyncio.Event] = {}
    server = instances_by_connection(lambda n: "a" if n < 2 else "b", gates)
    async with serve(server) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        assert await asyncio.gather(answered_by(pool), answered_by(pool)) == ["a", "a"]
        held = asyncio.create_task(answered_by(pool, b"hold"))
        await wait_until_async(lambda: len(gates) == 1, seconds=5, what="one held")
        # when: a second request while a is busy
        second = await answered_by(pool)
        gates[next(iter(gates))].set()
        assert await held == "a"
        pool.close_connections()
    # then: it went over a new connection, to the idle process
    assert second == "b"
    assert len(connections) == 3


async def test_a_crowd_on_one_process_opens_at_most_one_spare_connection() -> None:
    # given: one process behind the origin, always busy with three requests at once
    server = instances_by_connection(lambda n: "a", {})
    async with serve(server) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        for _ in range(20):
            answers = await asyncio.gather(*(answered_by(pool) for _ in range(3)))
            assert answers == ["a", "a", "a"]
        pool.close_connections()
    # then: the three connections the requests need and one spare (looking for another process)
    assert len(connections) == 4


async def test_processes_are_forgotten_with_their_connections() -> None:
    # given: a proxy in front of the subgraph that names a new process in every answer
    answers = iter(range(1_000_000))

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
        while True:
            await read_request(reader)
            writer.write(ok(b"{}", f"koko-instance: p{next(answers)}"))
            await writer.drain()

    async with serve(proxy) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        # when: 200 requests, four at a time
        for _ in range(50):
            await asyncio.gather(*(pool.post(b"{}", {}, retry_stale=True) for _ in range(4)))
        # then: the pool knows one process per open connection at most, not 200
        assert 0 < len(pool.in_flight) <= len(connections) <= 6
        assert set(pool.in_flight.values()) == {0}
        pool.close_connections()
    assert pool.in_flight == {}
