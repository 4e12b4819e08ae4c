"""Logged errors: the traceback is in every log line format, request secrets are not."""

from __future__ import annotations

import json

import pytest
import structlog

from koko_shared.telemetry import configure_logging, logger

# Built at run time, so the source lines a traceback shows do not hold it.
SECRET = "".join(reversed("9876543210_yek_ipa_terces_okok"))


def _fail_with_a_secret_in_a_local() -> None:
    headers = {"authorization": f"Bearer {SECRET}"}
    raise RuntimeError(f"failed with {len(headers)} headers")


@pytest.mark.parametrize("json_lines", [False, True])
def test_an_unhandled_error_is_logged_with_its_traceback_and_without_locals(
    json_lines: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    # given: logging as in development (console) or production (JSON lines)
    configure_logging(json=json_lines, service="test")
    try:
        # when: an error is logged whose frame holds a request's credentials
        try:
            _fail_with_a_secret_in_a_local()
        except RuntimeError:
            logger.exception("unhandled error", path="/x")
        output = capsys.readouterr().out
    finally:
        structlog.reset_defaults()
    # then: the traceback is there, the credentials are not
    assert "_fail_with_a_secret_in_a_local" in output
    assert "RuntimeError" in output
    assert SECRET not in output
    if json_lines:
        assert "Traceback" in json.loads(output.strip().splitlines()[-1])["exception"]
