"""Traces are recorded and exported only where the operator asks (`OTEL_TRACES_EXPORTER`);
otherwise the no-op provider stays and spans cost next to nothing."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from opentelemetry import trace
from koko_shared.telemetry import configure_tracing
installed = configure_tracing("offers")
with trace.get_tracer("koko-test").start_as_current_span("a-request") as span:
    recording = span.is_recording()
provider = trace.get_tracer_provider()
if hasattr(provider, "force_flush"):
    provider.force_flush()
print("installed", installed, "recording", recording, flush=True)
"""


def _run(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    environment.update(env)
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True, text=True, env=environment, timeout=120, check=True,
    )  # fmt: skip
    return finished.stdout


def test_without_an_exporter_spans_are_not_recorded() -> None:
    assert "installed False recording False" in _run()
    assert "installed False recording False" in _run(OTEL_TRACES_EXPORTER="none")


def test_the_console_exporter_prints_each_span_with_the_service() -> None:
    out = _run(OTEL_TRACES_EXPORTER="console")
    assert "installed True recording True" in out
    assert '"name": "a-request"' in out and '"service.name": "offers"' in out


def test_otlp_without_its_package_says_so_and_records_nothing() -> None:
    out = _run(OTEL_TRACES_EXPORTER="otlp")
    assert "opentelemetry-exporter-otlp is not installed" in out
    assert "installed False recording False" in out
