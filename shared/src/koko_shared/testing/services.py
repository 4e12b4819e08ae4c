"""Whether the machine's optional services (Redis) are there: tests that need one skip without."""

from __future__ import annotations

import socket

import pytest

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3):
            return True
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_running(), reason="no Redis on 127.0.0.1:6379")
