"""A service at capacity says so in the request's language, English without Accept-Language:
the admission guard's refusal (rendered before any middleware, from the raw header) and the
problem of a request whose pool wait timed out."""

from __future__ import annotations

import httpx
from fastapi import FastAPI
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.types import Receive, Scope, Send

from koko_shared.errors import install_problem_handlers
from koko_shared.http.admission import AdmissionGuard, ConcurrencyLimiter

GERMAN = "Der Dienst ist ausgelastet; versuchen Sie es gleich noch einmal."
ENGLISH = "The service is at capacity; try again in a moment."
LANGUAGES = ({"accept-language": "de"}, {"accept-language": "fr, ar;q=0.5"}, {})
ARABIC = "الخدمة بلغت أقصى طاقتها؛ حاول مرة أخرى بعد لحظة."


async def _never_reached(scope: Scope, receive: Receive, send: Send) -> None:
    raise AssertionError("a refused request reached the app")


async def test_the_admission_guard_refuses_in_the_request_language() -> None:
    # given: no place at all, so every request is refused at once
    limiter = ConcurrencyLimiter(0, queue_size=0, queue_seconds=0)
    guard = AdmissionGuard(_never_reached, limiter=limiter, refusal_delay=0)
    transport = httpx.ASGITransport(app=guard)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        # when
        answers = [await client.post("/graphql", headers=headers) for headers in LANGUAGES]
    # then: the problem's title and its GraphQL error in the language, which the response names
    expected_texts = (GERMAN, ARABIC, ENGLISH)
    for answer, expected, language in zip(answers, expected_texts, ("de", "ar", "en"), strict=True):
        assert answer.status_code == 503
        body = answer.json()
        assert (body["title"], body["errors"][0]["message"]) == (expected, expected)
        assert answer.headers["content-language"] == language


async def test_a_pool_timeout_is_answered_in_the_request_language() -> None:
    # given: a REST endpoint whose pool wait times out
    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/busy")
    async def busy() -> None:
        raise PoolTimeout("QueuePool limit reached")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        # when
        answers = [await client.get("/busy", headers=headers) for headers in LANGUAGES]
    # then
    assert [(a.status_code, a.json()["title"]) for a in answers] == [
        (503, GERMAN),
        (503, ARABIC),
        (503, ENGLISH),
    ]
    assert [a.headers["content-language"] for a in answers] == ["de", "ar", "en"]
