"""Retries: 429 and 503 are retried with backoff, Retry-After (seconds or an HTTP date) wins,
the same Idempotency-Key goes with every attempt; other answers are not retried. The service
is played by an httpx transport that answers a fixed sequence (the client's own logic is
under test here; tests/e2e runs the command against a real surveys service)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx

from koko_client.cli import EXIT_OK, EXIT_REFUSED, EXIT_ROWS_FAILED, EXIT_UNAVAILABLE, exit_code
from koko_client.client import SurveysClient, retry_after_seconds
from koko_client.models import Mode

OK = {
    "mode": "partial",
    "summary": {"created": 1, "unchanged": 0, "conflict": 0, "rejected": 1},
    "results": [
        {"row": 1, "submissionId": "a", "status": "created", "errors": []},
        {
            "row": 2,
            "submissionId": "b",
            "status": "rejected",
            "errors": [{"field": "answers.x", "code": "INVALID_VALUE", "message": "bad"}],
        },
    ],
}
BUSY = {"type": "https://koko.example/problems/RATE_LIMITED", "title": "slow down", "status": 429}


def _service(answers: list[httpx.Response], seen: list[httpx.Request]) -> httpx.MockTransport:
    replies: Iterator[httpx.Response] = iter(answers)

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return next(replies)

    return httpx.MockTransport(handle)


def _client(transport: httpx.MockTransport, slept: list[float], attempts: int = 6) -> SurveysClient:
    return SurveysClient(
        "http://koko.test",
        "koko_key",
        transport=transport,
        sleep=slept.append,
        max_attempts=attempts,
    )


def test_429_and_503_are_retried_honouring_retry_after() -> None:
    # given a service that is busy twice, then answers
    seen: list[httpx.Request] = []
    slept: list[float] = []
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    transport = _service(
        [
            httpx.Response(429, json=BUSY, headers={"Retry-After": "7"}),
            httpx.Response(503, headers={"Retry-After": later}),
            httpx.Response(200, json=OK),
        ],
        seen,
    )
    # when
    with _client(transport, slept) as client:
        outcome = client.submit_batch(
            "s", "w", b"[]", content_type="application/json", idempotency_key="k-1"
        )
    # then: three attempts with the same key, waits from Retry-After
    assert outcome.status_code == 200 and outcome.attempts == 3
    assert slept[0] == 7
    assert 25 <= slept[1] <= 30
    assert {r.headers["idempotency-key"] for r in seen} == {"k-1"}
    assert {r.url.path for r in seen} == {"/v1/studies/s/waves/w/submissions:batch"}
    assert exit_code(outcome) == EXIT_ROWS_FAILED


def test_without_retry_after_the_wait_grows_and_the_client_gives_up() -> None:
    seen: list[httpx.Request] = []
    slept: list[float] = []
    transport = _service([httpx.Response(503, json=BUSY | {"status": 503})] * 4, seen)
    with _client(transport, slept, attempts=4) as client:
        outcome = client.submit_batch(
            "s", "w", b"a", content_type="text/csv", idempotency_key="k", mode=Mode.ATOMIC
        )
    assert outcome.attempts == 4 and len(seen) == 4
    assert slept == sorted(slept) and slept[0] >= 0.5 and slept[-1] >= 2.0
    assert seen[0].url.params["mode"] == "atomic"
    assert exit_code(outcome) == EXIT_UNAVAILABLE


def test_a_refusal_is_not_retried_and_a_refused_atomic_batch_shows_its_rows() -> None:
    seen: list[httpx.Request] = []
    refused = {
        "type": "https://koko.example/problems/BATCH_REJECTED",
        "title": "1 of 2 rows failed; atomic mode stored nothing",
        "status": 422,
        **OK,
        "mode": "atomic",
    }
    transport = _service([httpx.Response(422, json=refused)], seen)
    with _client(transport, []) as client:
        outcome = client.submit_batch(
            "s", "w", b"[]", content_type="application/json", idempotency_key="k"
        )
    assert len(seen) == 1
    assert outcome.problem is not None and outcome.problem.code == "BATCH_REJECTED"
    assert outcome.rows is not None and [r.status for r in outcome.rows.results] == [
        "created",
        "rejected",
    ]
    assert exit_code(outcome) == EXIT_REFUSED


def test_a_batch_of_good_rows_exits_zero() -> None:
    good = OK | {"results": OK["results"][:1]}
    transport = _service([httpx.Response(200, json=good)], [])
    with _client(transport, []) as client:
        outcome = client.submit_batch(
            "s", "w", b"[]", content_type="application/json", idempotency_key="k"
        )
    assert exit_code(outcome) == EXIT_OK


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert retry_after_seconds("12", now) == 12
    assert retry_after_seconds("Sun, 06 Dec 2026 09:00:30 GMT", now) == 30
    assert retry_after_seconds("Sun, 06 Dec 2026 08:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None
