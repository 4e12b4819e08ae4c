"""The gateway's own HTTP/1.1 client for subgraph fetches, against raw loopback servers that behave
the ways real servers and proxies do: keep-alive, idle close, chunking, close-delimited bodies,
silence, refusal."""

from __future__ import annotations

import asyncio

import pytest
from raw_http import ok, read_request, serve
from servers import free_port

from koko_gateway.execution.http import HttpPool, HttpTimeout, HttpTransportError
from koko_shared.testing.waiting import wait_until_async


async def echo_keep_alive(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int
) -> None:
    while True:
        body = await read_request(reader)
        writer.write(ok(body))
        await writer.drain()


async def test_connections_are_reused() -> None:
    async with serve(echo_keep_alive) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        for i in range(5):
            response = await pool.post(f"body {i}".encode(), {}, retry_stale=True)
            assert (response.status_code, response.content) == (200, f"body {i}".encode())
        pool.close_connections()
    assert len(connections) == 1


async def test_concurrency_is_bounded_by_max_connections() -> None:
    async with serve(echo_keep_alive) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=2)
        answers = await asyncio.gather(
            *(pool.post(str(i).encode(), {}, retry_stale=True) for i in range(20))
        )
        pool.close_connections()
    assert [a.content for a in answers] == [str(i).encode() for i in range(20)]
    assert len(connections) <= 2


async def test_a_connection_the_server_closed_while_idle_is_not_reused() -> None:
    async def one_request_then_close(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int
    ) -> None:
        body = await read_request(reader)
        writer.write(ok(body))
        await writer.drain()

    async with serve(one_request_then_close) as (url, connections):
        pool = HttpPool(url, timeout=5, max_connections=10)
        for i in range(3):
            # the server's close reaches the pooled connection (through the kernel)
            await wait_until_async(
                lambda: not any(c.reusable for c in pool._idle),
                seconds=10,
                what="the server's close arrived",
            )
            response = await pool.post(str(i).encode(), {}, retry_stale=False)
            assert response.content == str(i).encode()
        pool.close_connections()
    assert len(connections) == 3


async def test_a_reused_connection_dropped_before_answering_is_retried_only_if_allowed() -> None:
    async def second_request_dropped(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, number: int
    ) -> None:
        body = await read_request(reader)
        writer.write(ok(body))
        await writer.drain()
        if number == 0:
            await read_request(reader)  # the race: read, then close without an answer
            return
        while True:
            body = await read_request(reader)
            writer.write(ok(body))
            await writer.drain()

    async with serve(second_request_dropped) as (url, _):
        pool = HttpPool(url, timeout=5, max_connections=10)
        await pool.post(b"first", {}, retry_stale=True)
        assert (await pool.post(b"query", {}, retry_stale=True)).content == b"query"
        pool.close_connections()

    async with serve(second_request_dropped) as (url, _):
        pool = HttpPool(url, timeout=5, max_connections=10)
        await pool.post(b"first", {}, retry_stale=False)
        with pytest.raises(HttpTransportError):
            await pool.post(b"mutation", {}, retry_stale=False)
        pool.close_connections()


async def test_chunked_and_close_delimited_bodies() -> None:
    async def chunked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
        await read_request(reader)
        writer.write(
            b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
            b'5\r\n{"dat\r\n9\r\na": null}\r\n0\r\n\r\n'
        )
        await writer.drain()
        await read_request(reader)
        writer.write(b'HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n{"data": 1}')
        await writer.drain()

    async with serve(chunked) as (url, _):
        pool = HttpPool(url, timeout=5, max_connections=10)
        assert (await pool.post(b"", {}, retry_stale=True)).content == b'{"data": null}'
        assert (await pool.post(b"", {}, retry_stale=True)).content == b'{"data": 1}'
        pool.close_connections()


async def test_headers_and_host_reach_the_server() -> None:
    seen: list[bytes] = []

    async def record(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, _: int) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head)
        writer.write(ok(b"{}"))
        await writer.drain()

    async with serve(record) as (url, _):
        pool = HttpPool(url, timeout=5, max_connections=10)
        await pool.post(
            b"{}", {"koko-identity": "abc.def", "accept-language": "ar"}, retry_stale=True
        )
        pool.close_connections()
    port = url.split(":")[2].split("/")[0]
    head = seen[0].decode().lower()
    assert head.startswith("post /graphql http/1.1\r\n")
    assert f"host: 127.0.0.1:{port}\r\n" in head
    assert "koko-identity: abc.def\r\n" in head and "accept-language: ar\r\n" in head
    with pytest.raises(HttpTransportError):
        await pool.post(b"{}", {"x-evil": "a\r\nx-injected: 1"}, retry_stale=True)


async def test_silence_times_out_and_the_connection_is_not_reused() -> None:
    async def silent_first(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter, number: int
    ) -> None:
        if number == 0:
            await read_request(reader)
            await reader.read()  # silent until the client gives up and closes
            return
        await echo_keep_alive(reader, writer, number)

    async with serve(silent_first) as (url, connections):
        pool = HttpPool(url, timeout=0.3, max_connections=10)
        # (the server never answers: only the pool's own timeout ends this exchange; the outer
        # deadline is a safety net that fails the test with another error if it does not)
        with pytest.raises(HttpTimeout):
            await asyncio.wait_for(pool.post(b"slow", {}, retry_stale=True), 60)
        assert (await pool.post(b"next", {}, retry_stale=True)).content == b"next"
        pool.close_connections()
    assert len(connections) == 2


async def test_nobody_listening() -> None:
    pool = HttpPool(f"http://127.0.0.1:{free_port()}/graphql", timeout=2, max_connections=10)
    with pytest.raises(HttpTransportError):
        await pool.post(b"{}", {}, retry_stale=True)


def test_urls() -> None:
    with pytest.raises(ValueError):
        HttpPool("offers:8001", timeout=1, max_connections=1)
    pool = HttpPool("https://surveys.example/gql?x=1", timeout=1, max_connections=1)
    assert (pool.host, pool.port, pool.ssl is not None) == ("surveys.example", 443, True)
