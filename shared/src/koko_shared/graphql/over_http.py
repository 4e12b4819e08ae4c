"""The GraphQL over HTTP specification's rules, shared by the gateway and the subgraphs: which
media type a client accepts (`application/graphql-response+json` or `application/json`), which
request is well-formed (content type, JSON, parameter types) and which status a response gets.

https://graphql.github.io/graphql-over-http/draft/ — in short:
- `Accept` chooses the response media type; no `Accept`, `*/*` or `application/*` mean
  `application/json` (what older clients expect); nothing acceptable is a 406.
- A POST must say `Content-Type: application/json` (415 otherwise) and carry a JSON object whose
  `query`/`operationName` are strings, `variables`/`extensions` objects (or null): 400 otherwise.
- A GraphQL request error (parse, validation, variable coercion: no `data` in the response) is a
  200 under `application/json` and a 4xx under `application/graphql-response+json`; a response
  with `data` is a 200 under both.
- A mutation sent with GET is a 405 with `Allow: POST`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import orjson

from koko_shared.errors import ErrorCode
from koko_shared.i18n import translate

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
# What is sent as Content-Type: the spec asks for utf-8 and names it.
CONTENT_TYPES = {
    JSON: "application/json; charset=utf-8",
    GRAPHQL_RESPONSE_JSON: "application/graphql-response+json; charset=utf-8",
}
BAD_REQUEST = ErrorCode.BAD_REQUEST
GET_MUTATION_MESSAGE = "Only queries may be sent with GET; send mutations with POST."
ALLOW_POST = {"Allow": "POST"}


class NotWellFormed(Exception):
    """A request that is not a well-formed GraphQL-over-HTTP request: answered with `status`
    (400, 405, 406 or 415) under every media type. `message` is a msgid of the catalogues with
    `params` for its placeholders: `self.message` holds it in English, `message_in` in any
    language (a top-level error: the request's, English without Accept-Language)."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        code: ErrorCode = BAD_REQUEST,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.msgid = message
        self.params = dict(params or {})
        self.message = translate(message, "en", **self.params)
        super().__init__(self.message)
        self.status = status
        self.code = code
        self.headers = dict(headers or {})

    def message_in(self, language: str) -> str:
        return translate(self.msgid, language, **self.params)


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        ranges.append((media, max(0.0, min(quality, 1.0))))
    return ranges


def _quality(ranges: list[tuple[str, float]], media_type: str) -> float | None:
    """The q-value `ranges` give `media_type`: the most specific matching range wins."""
    kind = media_type.split("/")[0]
    best: tuple[int, float] | None = None
    for media, quality in ranges:
        if media == media_type:
            specificity = 2
        elif media == f"{kind}/*":
            specificity = 1
        elif media == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0]:
            best = (specificity, quality)
    return None if best is None else best[1]


@lru_cache(maxsize=64)  # clients send few distinct Accept headers
def negotiate(accept: str | None) -> str | None:
    """The response media type for an `Accept` header, or None when it accepts neither.

    Without `Accept`, and where only a wildcard matches, `application/json` (older clients).
    Named explicitly, the higher q-value wins; at equal q-values `graphql-response+json`."""
    if accept is None or not accept.strip():
        return JSON
    ranges = _media_ranges(accept)
    json_q = _quality(ranges, JSON)
    graphql_q = _quality(ranges, GRAPHQL_RESPONSE_JSON)
    named = {media for media, _ in ranges}
    candidates: list[tuple[float, int, str]] = []
    if graphql_q is not None and graphql_q > 0:
        # Chosen over application/json only when the client names it.
        candidates.append(
            (graphql_q, 1 if GRAPHQL_RESPONSE_JSON in named else -1, GRAPHQL_RESPONSE_JSON)
        )
    if json_q is not None and json_q > 0:
        candidates.append((json_q, 0, JSON))
    if not candidates:
        return None
    return max(candidates)[2]


def not_acceptable() -> NotWellFormed:
    return NotWellFormed(
        "This endpoint answers {graphql} or {json}; the Accept header allows neither.",
        status=406,
        code=ErrorCode.NOT_ACCEPTABLE,
        params={"graphql": GRAPHQL_RESPONSE_JSON, "json": JSON},
    )


def check_content_type(content_type: str | None) -> None:
    """A POST body must be JSON: `application/json`, with at most a utf-8 charset."""
    if not content_type:
        raise NotWellFormed(
            "A POST needs the header Content-Type: {json}.",
            status=415,
            code=ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            params={"json": JSON},
        )
    media, *parameters = (p.strip() for p in content_type.split(";"))
    charset = next(
        (
            value.strip().strip('"').lower()
            for name, _, value in (p.partition("=") for p in parameters)
            if name.strip().lower() == "charset"
        ),
        "utf-8",
    )
    if media.lower() != JSON or charset not in ("utf-8", "utf8"):
        raise NotWellFormed(
            "A POST body must be {json} (utf-8), not {content_type}.",
            status=415,
            code=ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            params={"json": JSON, "content_type": content_type},
        )


def parse_body(raw: bytes) -> dict[str, Any]:
    """The parameters of a POST body: a JSON object whose parameters have their types."""
    if not raw.strip():
        raise NotWellFormed("The request body is empty; send a JSON object with a query.")
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise NotWellFormed("The request body is not valid JSON.") from None
    if not isinstance(body, dict):
        raise NotWellFormed("The request body must be a JSON object.")
    check_parameters(body)
    return body


def parse_query_string(params: Mapping[str, str]) -> dict[str, Any]:
    """The parameters of a GET: `variables` and `extensions` are URL-encoded JSON objects."""
    body: dict[str, Any] = {
        name: params[name] for name in ("query", "operationName", "documentId") if name in params
    }
    for name in ("variables", "extensions"):
        value = params.get(name)
        if value:
            try:
                body[name] = orjson.loads(value)
            except orjson.JSONDecodeError:
                raise NotWellFormed(
                    "{name} must be a JSON object.", params={"name": name}
                ) from None
    check_parameters(body)
    return body


def check_parameters(body: Mapping[str, Any]) -> None:
    """`query`, `operationName`, `documentId` strings; `variables`, `extensions` objects; null
    allowed for each."""
    for name in ("query", "operationName", "documentId"):
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise NotWellFormed("{name} must be a string.", params={"name": name})
    for name in ("variables", "extensions"):
        value = body.get(name)
        if value is not None and not isinstance(value, dict):
            raise NotWellFormed("{name} must be a JSON object.", params={"name": name})


def request_error_status(media_type: str, status: int = 400) -> int:
    """The status of a GraphQL request error (no `data`: the document does not parse or
    validate, the variables do not coerce, a limit refuses it) of a well-formed request."""
    return 200 if media_type == JSON else status


def error_body(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}
