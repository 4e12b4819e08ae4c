"""The subgraphs' /graphql: Strawberry's ASGI view speaking GraphQL over HTTP as the gateway does
(koko_shared.graphql.over_http): `application/graphql-response+json` negotiated by `Accept`, 415
for a POST that is not JSON, 400 for parameters of the wrong JSON type, 405 with `Allow: POST`
for a mutation over GET, and GraphQL request errors answered without `data`, with 200 under
`application/json` and 400 under `application/graphql-response+json`. Errors are GraphQL errors
(`errors[].extensions.code`), never plain text.

The view is a plain Starlette route (`GraphQLRoute`), not FastAPI's dependency injection around
Strawberry's router: the service hands it `open_context`, an async context manager that resolves
the actor, opens the request's session and transaction and yields the GraphQL context. The
execution runs inside it, so the transaction commits before the response is sent and rolls back
when the execution raises, as the dependency with `yield` did. Resolving that dependency tree took
about a fifth of the CPU of a bare `{ __typename }` (issue 18, subgraph overhead; measured in
docs/benchmarks.md). An error raised while opening the context (a credential that does not
verify, a database that is down) reaches the app's exception handlers as before."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter, HTTPException
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from koko_shared.errors import ErrorCode, language_headers
from koko_shared.graphql.over_http import (
    ALLOW_POST,
    BAD_REQUEST,
    CONTENT_TYPES,
    GET_MUTATION_MESSAGE,
    JSON,
    NotWellFormed,
    check_content_type,
    error_body,
    negotiate,
    not_acceptable,
    parse_body,
    parse_query_string,
    request_error_status,
)
from koko_shared.i18n import problem_language, served_language

# The request's context, opened around its execution: (request, the response's headers) -> context.
ContextOpener = Callable[[Request, Response], AbstractAsyncContextManager[Any]]
GRAPHQL_METHODS = frozenset({"GET", "POST"})

# The media type negotiated for the request being answered (set in `run`, read when encoding).
_MEDIA_TYPE: ContextVar[str] = ContextVar("graphql_media_type", default=JSON)
# The response whose headers the request's context set (Content-Language), read when answering.
_SUB_RESPONSE: ContextVar[Response] = ContextVar("graphql_sub_response")
_CODES = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}


def _refusal(exc: NotWellFormed, media_type: str, accept_language: str | None) -> Response:
    """The refusal of a request that is not well-formed, in the request's language (a top-level
    error: English without Accept-Language)."""
    return Response(
        orjson.dumps(error_body(exc.message_in(problem_language(accept_language)), exc.code)),
        status_code=exc.status,
        media_type=CONTENT_TYPES[media_type],
        headers={**exc.headers, "Vary": "Accept"},
    )


def _empty_sub_response() -> Response:
    """A response that only carries headers (and a status, if one is set) to the answer."""
    response = Response()
    response.status_code = None  # type: ignore[assignment]
    del response.headers["content-length"]
    return response


def answer_language(request: Request, response: Response) -> str:
    """The language the request is answered in (its Accept-Language among the served ones),
    named in the response's headers."""
    language = served_language(request.headers.get("accept-language"))
    response.headers.update(language_headers(language))
    return language


class GraphQLRoute(Route):
    """The route of /graphql: GET and POST only (anything else is the app's 405 problem with
    `Allow`, HEAD included, as FastAPI's routes answered it), and `scope["route"]` set as
    FastAPI's routes set it, so the telemetry labels requests by the route's path."""

    def __init__(self, path: str, view: KokoGraphQLView) -> None:
        super().__init__(path, endpoint=view, name="graphql", include_in_schema=False)
        self.methods = set(GRAPHQL_METHODS)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match != Match.NONE:
            child_scope["route"] = self
        return match, child_scope


class KokoGraphQLView(GraphQL[Any, None]):
    """Strawberry's ASGI view of `schema`, its context opened by `open_context` around each
    execution. Queries and mutations only: the subgraphs have no subscriptions."""

    def __init__(
        self, schema: BaseSchema, open_context: ContextOpener, *, graphql_ide: bool = False
    ) -> None:
        super().__init__(schema, graphql_ide="graphiql" if graphql_ide else None)
        self.open_context = open_context

    def route(self, path: str = "/graphql") -> GraphQLRoute:
        return GraphQLRoute(path, self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        sub_response = _empty_sub_response()
        token = _SUB_RESPONSE.set(sub_response)
        try:
            async with self.open_context(request, sub_response) as context:
                response = await self.run(request, context, None)
        finally:
            _SUB_RESPONSE.reset(token)
        await response(scope, receive, send)

    async def get_sub_response(self, request: Request | Any) -> Response:
        return _SUB_RESPONSE.get()

    async def run(  # type: ignore[override]
        self, request: Any, context: Any = UNSET, root_value: Any = UNSET
    ) -> Any:
        media_type = negotiate(request.headers.get("accept"))
        accept_language = request.headers.get("accept-language")
        if media_type is None and not self.should_render_graphql_ide(
            self.request_adapter_class(request)
        ):
            return _refusal(not_acceptable(), JSON, accept_language)
        token = _MEDIA_TYPE.set(media_type or JSON)
        try:
            return await super().run(request, context, root_value)
        except NotWellFormed as exc:
            return _refusal(exc, media_type or JSON, accept_language)
        except HTTPException as exc:
            code = _CODES.get(exc.status_code, BAD_REQUEST)
            refusal = NotWellFormed(exc.reason, status=exc.status_code, code=code)
            return _refusal(refusal, JSON, accept_language)
        finally:
            _MEDIA_TYPE.reset(token)

    async def parse_http_body(  # type: ignore[override]
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData:
        if request.method == "GET":
            params = request.query_params
            data = parse_query_string(
                {name: value for name, value in params.items() if isinstance(value, str)}
            )
        else:
            check_content_type(request.content_type)
            data = parse_body(await request.get_body())
        return GraphQLRequestData(
            query=data.get("query"),
            variables=data.get("variables"),
            operation_name=data.get("operationName"),
            extensions=data.get("extensions"),
        )

    async def execute_single(  # type: ignore[override]
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Any,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        get = request_adapter.method == "GET"
        allowed = {OperationType.QUERY} if get else OperationType.from_http("POST")
        try:
            return await self.schema.execute(
                request_data.query,
                root_value=root_value,
                variable_values=request_data.variables,
                context_value=context,
                operation_name=request_data.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=request_data.extensions,
            )
        except InvalidOperationTypeError as exc:
            if get:
                raise NotWellFormed(
                    GET_MUTATION_MESSAGE,
                    status=405,
                    code=ErrorCode.METHOD_NOT_ALLOWED,
                    headers=ALLOW_POST,
                ) from exc
            raise NotWellFormed(exc.as_http_error_reason(request_adapter.method)) from exc
        except CannotGetOperationTypeError as exc:
            # The operation named is not in the document: a GraphQL request error.
            message = exc.as_http_error_reason()
            error = GraphQLError(message, extensions={"code": ErrorCode.BAD_USER_INPUT.value})
            return ExecutionResult(data=None, errors=[error])
        except MissingQueryError as exc:
            raise NotWellFormed("The request has no query.") from exc

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        response = process_result(result)
        if result.data is None and result.errors and all(e.path is None for e in result.errors):
            # A GraphQL request error (nothing was executed): the response has no `data`.
            response.pop("data", None)
        return response

    def encode_json(self, data: object) -> bytes:
        """The response as UTF-8 JSON through orjson: Strawberry's `json.dumps` (ASCII escapes)
        cost a 20-offer page about 1 % of its CPU, five times orjson's. A value orjson refuses
        (an integer beyond 64 bits from a custom scalar) is encoded as Strawberry would."""
        try:
            return orjson.dumps(data)
        except TypeError:
            return json.dumps(data, separators=(",", ":")).encode()

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        media_type = _MEDIA_TYPE.get()
        status = sub_response.status_code or 200
        if status == 200 and isinstance(response_data, dict) and "data" not in response_data:
            status = request_error_status(media_type)
        response = Response(
            self.encode_json(response_data),
            status_code=status,
            media_type=CONTENT_TYPES[media_type],
        )
        response.headers.raw.extend(sub_response.headers.raw)
        # The media type follows Accept (the context may have set Vary: Accept-Language).
        vary = response.headers.get("vary")
        response.headers["Vary"] = f"Accept, {vary}" if vary else "Accept"
        return response
