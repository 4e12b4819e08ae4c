"""Tests that need a tool outside Python: `@pytest.mark.requires_tool("chromium")`.

On a laptop a missing tool skips the test with the package to install. In CI
(`KOKO_REQUIRE_TOOLS=1`, which `.ci/run` sets after installing every tool) a missing tool fails the
test instead: a skip there would turn a check green that never ran. Loaded for every test folder
through `-p koko_shared.testing.tools` in the root pyproject's pytest options.
"""

from __future__ import annotations

import ctypes.util
import os
import shutil
import socket
from collections.abc import Callable

import pytest

REQUIRE_TOOLS = "KOKO_REQUIRE_TOOLS"
# The first variable of its kind (Node only); honoured as a synonym so older scripts keep working.
REQUIRE_NODE = "KOKO_REQUIRE_NODE"


def _on_path(*commands: str) -> Callable[[], bool]:
    return lambda: all(shutil.which(command) is not None for command in commands)


def redis_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.3):
            return True
    except OSError:
        return False


def _pango() -> bool:
    return ctypes.util.find_library("pango-1.0") is not None and (
        ctypes.util.find_library("pangoft2-1.0") is not None
    )


def _root_with_unshare() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


# Each tool: how to tell it is there, and what installs it (Debian's package names).
TOOLS: dict[str, tuple[Callable[[], bool], str]] = {
    "chromium": (_on_path("chromium"), "apt-get install chromium"),
    "docker-compose": (_on_path("docker-compose"), "apt-get install docker-compose"),
    "kubectl": (_on_path("kubectl"), "kubectl from the Kubernetes apt repository"),
    "node": (_on_path("node", "npm"), "apt-get install nodejs npm"),
    "pango": (_pango, "apt-get install libpango-1.0-0 libpangoft2-1.0-0"),
    "redis": (redis_running, "apt-get install redis-server (listening on 127.0.0.1:6379)"),
    "root-unshare": (_root_with_unshare, "run as root with util-linux's unshare"),
}


def required() -> bool:
    """Whether a missing tool fails the test (CI) rather than skipping it."""
    return bool(os.environ.get(REQUIRE_TOOLS) or os.environ.get(REQUIRE_NODE))


def tool_missing(name: str) -> None:
    """Fail (CI) or skip (elsewhere) the running test because `name` is not on this machine."""
    _check, install = TOOLS[name]
    if required():
        pytest.fail(f"{name} is missing but {REQUIRE_TOOLS} is set (CI): {install}")
    pytest.skip(f"{name} is not on this machine ({install}; CI installs it)")


def require_tool(name: str) -> None:
    """Inside a test or fixture: go on only where `name` is there."""
    check, _install = TOOLS[name]
    if not check():
        tool_missing(name)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"requires_tool(name): needs one of {sorted(TOOLS)}; skips without it, fails in CI",
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("requires_tool"):
        (name,) = mark.args
        if name not in TOOLS:
            pytest.fail(f"unknown tool {name!r}; known: {sorted(TOOLS)}")
        require_tool(name)
