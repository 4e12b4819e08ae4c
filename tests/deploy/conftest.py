"""Fixtures of the deployment tests."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from koko_shared.testing.throwaway_server import ThrowawayServer


@pytest.fixture
async def server() -> AsyncIterator[ThrowawayServer]:
    """A private PostgreSQL cluster the test may stop and start (never the shared server)."""
    server = await asyncio.to_thread(ThrowawayServer)
    await asyncio.to_thread(server.start)
    yield server
    await asyncio.to_thread(server.remove)
