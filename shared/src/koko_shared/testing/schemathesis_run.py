"""schemathesis as an integrator or attacker runs it (`schemathesis run --checks all --mode all`),
against a live service from a test: every phase (examples, coverage, fuzzing, stateful), every
check, positive and negative data, generated deterministically (schemathesis's own mode, no
random seed) with bounded examples so a CI run is reproducible. The outcome is read from the
run's JUnit report: one entry per operation."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PHASES = "examples,coverage,fuzzing,stateful"
# schemathesis's own default for accepted positive data, and 422 (content refused).
BEYOND_SCHEMA_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
# schemathesis's own default for refused negative data, and 200 (rows rejected one by one).
PER_ROW_STATUSES = [
    *("200", "400", "401", "403", "404", "405", "406", "409", "415", "422", "428", "429", "5xx")
]


class StatusCounter:
    """ASGI wrapper that counts the statuses a live app answered (did the run get past lookups
    and authorization, did anything succeed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.statuses: Counter[int] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.statuses[message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counting_send)

    def count(self, low: int, high: int) -> int:
        return sum(n for status, n in self.statuses.items() if low <= status <= high)


@dataclass(frozen=True, slots=True)
class FuzzRun:
    operations: int  # operations the run reported on
    failures: list[str]  # one entry per failing operation, with schemathesis's own explanation
    output: str  # the CLI's console output (for the assertion message)


def run_schemathesis(
    schema_url: str,
    *,
    headers: dict[str, str],
    include_path_regex: str | None = None,
    exclude_path_regex: str | None = None,
    max_examples: int = 10,
    parameters: dict[str, str] | None = None,
    beyond_schema: dict[str, str] | None = None,
    per_row: dict[str, str] | None = None,
    seed: int | None = None,
    timeout: float = 240,
) -> FuzzRun:
    """Run the CLI in a subprocess (its own event loop and threads, like any outside client).
    `parameters` fixes path or query parameters to real ids in the generated positive cases
    (schemathesis still sends invalid and unknown ones in its negative and coverage cases).
    `beyond_schema` names operations (path or "METHOD path": why) whose input is checked against
    something OpenAPI cannot state (a spreadsheet's contents, the answers a study's instrument
    allows, an opaque cursor from an earlier page): there, and only there, a schema-valid request
    may still be refused with 422. `per_row` names
    batch operations (path: why) that answer a body with malformed rows 200 with each such row
    rejected in its result (partial mode), as documented: there a schema-violating body may be
    a 200."""
    with tempfile.TemporaryDirectory(prefix="koko-schemathesis-") as folder:
        report = Path(folder) / "junit.xml"
        config = Path(folder) / "schemathesis.toml"
        config.write_text(
            _config(parameters or {}, tuple(beyond_schema or ()), tuple(per_row or ()))
        )
        command = [
            sys.executable,
            "-m",
            "schemathesis.cli",
            "--config-file",
            str(config),
            "run",
            schema_url,
            "--checks",
            "all",
            "--mode",
            "all",
            "--phases",
            PHASES,
            "--max-examples",
            str(max_examples),
        ]
        # The suite's run is deterministic; a hunt for new cases passes seeds of its own.
        command += ["--generation-deterministic"] if seed is None else ["--seed", str(seed)]
        command += [
            "--suppress-health-check",
            "all",
            "--workers",
            "1",
            "--no-color",
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
            "--continue-on-failure",
            "--request-timeout",
            "30",
        ]
        for name, value in headers.items():
            command += ["--header", f"{name}: {value}"]
        if include_path_regex:
            command += ["--include-path-regex", include_path_regex]
        if exclude_path_regex:
            command += ["--exclude-path-regex", exclude_path_regex]
        finished = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=folder,
            check=False,
        )
        output = finished.stdout + finished.stderr
        if not report.exists():
            return FuzzRun(
                0, [f"schemathesis wrote no report (exit {finished.returncode})"], output
            )
        return _read_report(report, output)


def _config(
    parameters: dict[str, str], beyond_schema: tuple[str, ...], per_row: tuple[str, ...]
) -> str:
    lines = ["[parameters]"]
    lines += [f'"{name}" = "{value}"' for name, value in parameters.items()]
    for path in dict.fromkeys([*beyond_schema, *per_row]):
        # "GET /path" narrows the exception to one method of the path.
        method, _, bare = path.rpartition(" ")
        lines += ["[[operations]]", f'include-path = "{bare}"']
        if method:
            lines += [f'include-method = "{method}"']
        if path in beyond_schema:
            lines += [
                "[operations.checks.positive_data_acceptance]",
                f"expected-statuses = {BEYOND_SCHEMA_STATUSES}",
            ]
        if path in per_row:
            lines += [
                "[operations.checks.negative_data_rejection]",
                f"expected-statuses = {PER_ROW_STATUSES}",
            ]
    return "\n".join(lines) + "\n"


def _read_report(report: Path, output: str) -> FuzzRun:
    root = ElementTree.parse(report).getroot()
    operations = 0
    failures: list[str] = []
    for case in root.iter("testcase"):
        operations += 1
        for problem in (*case.iter("failure"), *case.iter("error")):
            text = problem.get("message") or problem.text or ""
            failures.append(f"{case.get('name')}: {text.strip()}")
    return FuzzRun(operations, failures, output)
