"""Tests wait for other processes through one helper, and never sleep to let time pass or to
force an interleaving (koko_shared.testing.waiting, koko_shared.testing.clock)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from koko_shared.testing.waiting import wait_until, wait_until_async

ROOT = Path(__file__).resolve().parents[2]
TEST_FOLDERS = [
    ROOT / "shared" / "tests",
    *(ROOT / "services").glob("*/tests"),
    *(p for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name != "benchmarks"),
]
# Sleeps that stay, each with its reason. A subgraph field that answers after the gateway's real
# HTTP timeout has fired (the gateway's timeout is what is tested, and it reads the real clock);
# a worker held stopped past the 5 s within which uvicorn's supervisor, another process on the
# real clock, used to kill it (nothing to poll: that nothing happens is what is tested).
ALLOWED_SLEEPS = {
    ("services/gateway/tests/subgraphs/reviews.py", "asyncio.sleep(4)"),
    ("tests/e2e/test_service_workers.py", "asyncio.sleep(7)"),
}


def test_the_first_true_value_is_returned() -> None:
    answers = iter([None, 0, "ready"])
    assert wait_until(lambda: next(answers), seconds=10, what="ready", interval=0) == "ready"


def test_a_condition_that_never_holds_fails_saying_what() -> None:
    with pytest.raises(TimeoutError, match="the server started: not within 0 s"):
        wait_until(lambda: False, seconds=0, what="the server started")


def test_a_failing_condition_ends_the_wait_at_once() -> None:
    def exited() -> bool:
        raise RuntimeError("the process exited")

    with pytest.raises(RuntimeError, match="exited"):
        wait_until(exited, seconds=3600, what="never")


async def test_the_async_form_awaits_a_coroutine_condition() -> None:
    answers = iter([False, True])

    async def probe() -> bool:
        return next(answers)

    assert await wait_until_async(probe, seconds=10, what="probe", interval=0) is True
    with pytest.raises(TimeoutError, match="probe: not within 0 s"):
        await wait_until_async(lambda: False, seconds=0, what="probe")


def _sleeps(path: Path) -> list[str]:
    """Calls of `sleep(...)` whose argument is not the literal 0 (a bare yield to the loop)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else None
        if name != "sleep" or not node.args:
            continue
        argument = node.args[0]
        if isinstance(argument, ast.Constant) and argument.value == 0:
            continue
        found.append(ast.unparse(node))
    return found


def test_no_test_sleeps_so_polling_goes_through_the_one_helper() -> None:
    # given: every Python file of the test folders (the benchmarks pace load on purpose)
    sleeps = set()
    for folder in TEST_FOLDERS:
        for path in folder.rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            sleeps |= {(relative, call) for call in _sleeps(path)}
    # then: none but the allowed ones; a loop that polls must pause between looks, and the
    # only pause left is inside wait_until / wait_until_async
    assert sleeps == ALLOWED_SLEEPS
