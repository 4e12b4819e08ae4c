"""Requests to the surveys REST API: posting a batch, reading the codebook and your own
submissions. Every request is retried on 429 and 503 with backoff (Retry-After wins) and on
lost connections; for a batch that is safe because it carries an Idempotency-Key (a retry of a
request the service did store is answered with the stored answer)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx

from koko_client.models import (
    BATCH_PATH,
    CODEBOOK_PATH,
    OWN_SUBMISSIONS_PATH,
    BatchResult,
    Mode,
    OwnSubmission,
    OwnSubmissionPage,
    Problem,
)

RETRY_STATUSES = (429, 503)
_SUFFIXES = {
    ".csv": "text/csv",
    ".json": "application/json",
    ".ndjson": "application/x-ndjson",
    ".jsonl": "application/x-ndjson",
}


def content_type_of(path: Path) -> str:
    """The body type a file's name says it holds (.csv, .json, .ndjson / .jsonl)."""
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"{path.name}: name a .csv, .json, .ndjson or .jsonl file (or pass --format)"
        ) from None


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What the service answered in the end, after `attempts` requests."""

    status_code: int
    attempts: int
    result: BatchResult | None = None  # 200: every row's result
    problem: Problem | None = None  # 4xx/5xx: the problem (a refused atomic batch has rows)
    replayed: bool = False  # the answer was stored for this Idempotency-Key before

    @property
    def rows(self) -> BatchResult | None:
        return self.result or (self.problem.batch() if self.problem else None)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date; None when absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class SurveysClient:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        max_attempts: int = 6,
        backoff_seconds: float = 0.5,
        max_wait_seconds: float = 60.0,
        timeout_seconds: float = 120.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}", "User-Agent": "koko-client/0.1"},
            timeout=timeout_seconds,
            transport=transport,
        )
        self.max_attempts = max(1, max_attempts)
        self.backoff_seconds = backoff_seconds
        self.max_wait_seconds = max_wait_seconds
        self._sleep = sleep
        # Seconds waited before each retry (for the caller's log and for tests).
        self.waits: list[float] = []

    def __enter__(self) -> SurveysClient:
        return self

    def __exit__(self, *_: object) -> None:
        self._http.close()

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_wait_seconds)
        exponential = self.backoff_seconds * 2 ** (attempt - 1)
        return min(exponential * (1 + random.random() / 2), self.max_wait_seconds)

    def _send(self, method: str, path: str, **kwargs: Any) -> tuple[httpx.Response, int]:
        """The answer after retrying 429, 503 and lost connections; and the attempts made."""
        attempt = 0
        while True:
            attempt += 1
            try:
                response = self._http.request(method, path, **kwargs)
            except httpx.TransportError:
                if attempt >= self.max_attempts:
                    raise
                self.waits.append(self._wait(attempt, None))
                self._sleep(self.waits[-1])
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.max_attempts:
                wait = self._wait(attempt, retry_after_seconds(response.headers.get("retry-after")))
                self.waits.append(wait)
                self._sleep(wait)
                continue
            return response, attempt

    def own_submissions(
        self, study_id: str, wave_id: str, *, page_size: int = 100
    ) -> Iterator[OwnSubmission]:
        """Every submission your credential sent to the wave, page by page."""
        path = OWN_SUBMISSIONS_PATH.format(study_id=study_id, wave_id=wave_id)
        after: str | None = None
        while True:
            params: dict[str, Any] = {"first": page_size, **({"after": after} if after else {})}
            response, _ = self._send("GET", path, params=params)
            _raise_for_problem(response)
            page = OwnSubmissionPage.model_validate_json(response.content)
            yield from page.items
            if page.nextCursor is None:
                return
            after = page.nextCursor

    def codebook(self, study_id: str, wave_id: str, *, as_csv: bool = False) -> str:
        """The wave's codebook as JSON text, or as CSV (semicolons, for German Excel)."""
        path = CODEBOOK_PATH.format(study_id=study_id, wave_id=wave_id)
        response, _ = self._send("GET", path, params={"format": "csv" if as_csv else "json"})
        _raise_for_problem(response)
        return response.content.decode("utf-8-sig")

    def submit_batch(
        self,
        study_id: str,
        wave_id: str,
        body: bytes,
        *,
        content_type: str,
        idempotency_key: str,
        mode: Mode = Mode.PARTIAL,
    ) -> BatchOutcome:
        path = BATCH_PATH.format(study_id=study_id, wave_id=wave_id)
        headers = {"Content-Type": content_type, "Idempotency-Key": idempotency_key}
        response, attempts = self._send(
            "POST", path, content=body, params={"mode": mode.value}, headers=headers
        )
        return _outcome(response, attempts)


class ProblemError(Exception):
    """A read answered with a problem (e.g. 404: no such study or wave you may see)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.code}: {problem.title}")
        self.problem = problem


def _problem(response: httpx.Response) -> Problem:
    try:
        return Problem.model_validate_json(response.content)
    except ValueError:
        return Problem(
            type="about:blank",
            title=response.text[:200] or response.reason_phrase,
            status=response.status_code,
        )


def _raise_for_problem(response: httpx.Response) -> None:
    if response.status_code != 200:
        raise ProblemError(_problem(response))


def _outcome(response: httpx.Response, attempts: int) -> BatchOutcome:
    replayed = response.headers.get("idempotent-replayed") == "true"
    if response.status_code == 200:
        result = BatchResult.model_validate_json(response.content)
        return BatchOutcome(200, attempts, result=result, replayed=replayed)
    return BatchOutcome(
        response.status_code, attempts, problem=_problem(response), replayed=replayed
    )
