"""Whether the machine's optional services (Redis) are there: tests that need one skip without
(and fail in CI, see `koko_shared.testing.tools`)."""

from __future__ import annotations

import pytest

from koko_shared.testing.tools import redis_running

REDIS_URL = "redis://127.0.0.1:6379/0"

__all__ = ["REDIS_URL", "needs_redis", "redis_running"]

needs_redis = pytest.mark.requires_tool("redis")
