"""The gateway engine: a loaded supergraph, its subgraph clients, and `execute` for one request."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, cast

import httpx
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    execute_sync,
    print_schema,
    specified_rules,
)
from graphql.execution.values import get_variable_values
from graphql.validation import NoSchemaIntrospectionCustomRule

from koko_gateway.circuit_breaker import CircuitBreaker
from koko_gateway.execution.errors import GraphQLErrorDict, error
from koko_gateway.execution.executor import Executor
from koko_gateway.execution.fetcher import SubgraphClient
from koko_gateway.execution.shaping import Shaper
from koko_gateway.loading import override_subgraph_urls
from koko_gateway.metrics import GatewayMetrics, MeasuredClient
from koko_gateway.planning.authorization import Caller, filter_operation, read_authorization
from koko_gateway.planning.choice import plan_operation
from koko_gateway.planning.fetch_groups import PlanningError
from koko_gateway.planning.override import OverrideLabels
from koko_gateway.planning.query_plan import QueryPlan
from koko_gateway.preparation import Preparation, PreparedOperation, RequestError, Response
from koko_gateway.response_cache import ResponseCache, shared_answers
from koko_gateway.settings import GatewaySettings
from koko_gateway.supergraph.api_schema import build_api_schema
from koko_gateway.supergraph.demand import estimate_cost
from koko_gateway.supergraph.model import Supergraph, load_supergraph
from koko_shared.bounded_cache import ByteLru, approximate_size
from koko_shared.errors import CLIENT_ERROR_CODES, ErrorCode
from koko_shared.graphql.limits import (
    DEFAULT_LIST_SIZE,
    LIMIT_CODE,
    Limits,
    check,
    cost_too_high,
)
from koko_shared.graphql.over_http import GET_MUTATION_MESSAGE
from koko_shared.i18n import Message, problem_language, served_language, translate
from koko_shared.telemetry import logger

# A cached plan is weighed at this multiple of what it holds when it is made (see `plan`).
PLAN_SIZE_FACTOR = 3
PLAN_MODULES = ("koko_gateway",)


class Gateway:
    def __init__(
        self,
        supergraph_sdl: str,
        settings: GatewaySettings,
        *,
        transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
        metrics: GatewayMetrics | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.supergraph: Supergraph = override_subgraph_urls(
            load_supergraph(supergraph_sdl), settings.subgraph_urls
        )
        self.schema: GraphQLSchema = build_api_schema(self.supergraph)
        # Plans are made on the API schema plus the @inaccessible fields that keys and
        # @requires may name.
        self.planning_schema = build_api_schema(self.supergraph, keep_inaccessible=True)
        self.override_labels = OverrideLabels(self.supergraph.override_labels())
        self.authorization = read_authorization(self.supergraph.document)
        # What authorised clients download as /graphql/schema.graphql.
        self.schema_sdl = print_schema(self.schema)
        self.limits = Limits.from_settings(settings)
        self.clients = {
            graph: SubgraphClient(
                subgraph.name,
                subgraph.url,
                timeout=settings.subgraph_timeout_seconds,
                retries=settings.subgraph_retries,
                max_connections=settings.subgraph_max_connections,
                deduplicate=settings.deduplicate_subgraph_fetches,
                transport=(transports or {}).get(subgraph.name),
            )
            for graph, subgraph in self.supergraph.subgraphs.items()
        }
        for client in self.clients.values():
            client.breaker = CircuitBreaker(
                client.name,
                failure_threshold=settings.subgraph_circuit_failures,
                open_seconds=settings.subgraph_circuit_open_seconds,
                clock=clock,
            )
        if metrics is not None:
            self.clients = {
                graph: cast(SubgraphClient, MeasuredClient(client, metrics))
                for graph, client in self.clients.items()
            }
        rules = list(specified_rules)
        if not settings.introspection_enabled:
            rules.append(NoSchemaIntrospectionCustomRule)
        self.rules = rules
        # Both caches are bounded in bytes (koko_shared.bounded_cache): a flood of distinct
        # documents replaces older entries instead of growing the process.
        self.preparation = Preparation(
            self.schema, rules, self.limits, max_bytes=settings.document_cache_bytes
        )
        self.operations = self.preparation.cache
        self.plans: ByteLru[QueryPlan] = ByteLru(settings.plan_cache_bytes)
        self.responses = ResponseCache(
            settings.response_cache_bytes,
            settings.public_cache_max_age_seconds,
            shared=shared_answers(settings),
        )

    async def aclose(self) -> None:
        for client in self.clients.values():
            await client.aclose()
        await self.responses.aclose()

    # -- preparing and planning ----------------------------------------------------------------

    def prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        return self.preparation.prepare(query, operation_name)

    def plan(
        self,
        prepared: PreparedOperation,
        variables: Mapping[str, Any],
        query: str,
        labels: frozenset[str] = frozenset(),
        caller: Caller | None = None,
    ) -> QueryPlan:
        name = prepared.operation.name.value if prepared.operation.name else None
        conditions = tuple(bool(variables.get(v)) for v in prepared.condition_variables)
        caller = caller or Caller()
        verdicts = self.authorization.verdicts(caller) if self.authorization else ()
        # One plan for every value of the @skip/@include variables (Condition nodes), unless
        # it was planned for these values only (`per_values`).
        key: tuple[Any, ...] = (query, name, None, labels, verdicts)
        plan = self.plans.get(key) or self.plans.get((query, name, conditions, labels, verdicts))
        if plan is None:
            operation, errors = prepared.operation, []
            if self.authorization:
                root = self.schema.get_root_type(prepared.operation.operation)
                filtered = filter_operation(
                    self.schema,
                    self.authorization,
                    caller,
                    prepared.operation,
                    prepared.fragments,
                    root,
                )
                operation, errors = filtered.operation, filtered.errors
            plan = plan_operation(
                self.planning_schema,
                self.supergraph,
                operation,
                prepared.fragments,
                variables,
                labels,
                prepared.condition_variables,
            )
            if plan.per_values:
                key = (query, name, conditions, labels, verdicts)
            # Shaped along the client's own operation: removed fields come out null.
            plan.operation, plan.fragments, plan.errors = (
                prepared.operation,
                prepared.fragments,
                errors,
            )
            # The plan's own objects (its AST pieces counted in the document cache), thrice: the
            # response shaper's field plans join the plan later (test_memory_bounds.py).
            size = approximate_size(key, plan, modules=PLAN_MODULES)
            self.plans.put(key, plan, PLAN_SIZE_FACTOR * size)
        return plan

    # -- executing -----------------------------------------------------------------------------

    async def execute(
        self,
        query: str,
        *,
        operation_name: str | None = None,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        allow_mutations: bool = True,
        caller: Caller | None = None,
        shared: bool = False,
        fresh: bool = False,
    ) -> Response:
        """Execute an operation. `shared`: the caller is anonymous, so a complete answer to a
        query may be kept and given to the next anonymous caller (koko_gateway.response_cache)
        unless it asks for a `fresh` one."""
        try:
            prepared = self.prepare(query, operation_name)
            if not allow_mutations and prepared.operation.operation != OperationType.QUERY:
                raise RequestError(
                    [Message(GET_MUTATION_MESSAGE)], status=405, code=ErrorCode.METHOD_NOT_ALLOWED
                )
            inputs = variables or {}
            cache_key = None
            if (
                shared
                and self.responses.enabled
                and prepared.operation.operation == OperationType.QUERY
            ):
                language = served_language((headers or {}).get("accept-language"))
                cache_key = ResponseCache.key(query, operation_name, inputs, language)
                kept = None if fresh else await self.responses.get(cache_key)
                if kept is not None:
                    return kept
            coerced_or_errors = get_variable_values(
                self.schema, prepared.operation.variable_definitions or (), inputs, max_errors=20
            )
            if isinstance(coerced_or_errors, list):
                raise RequestError(
                    [e.message for e in coerced_or_errors], code=ErrorCode.BAD_USER_INPUT
                )
            coerced = coerced_or_errors.coerced
            problems = check(prepared.shape, self.limits, coerced)
            if not problems and self.supergraph.costs:
                problems = self._demand(prepared, coerced)
            if problems:
                raise RequestError(problems, code=LIMIT_CODE)
            plan = self.plan(prepared, coerced, query, self.override_labels.draw(), caller)
        except RequestError as exc:
            return exc.response(problem_language((headers or {}).get("accept-language")))
        except PlanningError as exc:
            return Response(
                400, {"errors": [error(str(exc), code=ErrorCode.QUERY_PLANNING_FAILED)]}
            )

        executor = Executor(self.clients, inputs, headers or {}, operation_name, coerced)
        result = await executor.run(plan.node)
        if prepared.introspection_keys:
            result.data.update(self._introspect(prepared, inputs))
        root_type = (
            self.schema.mutation_type
            if prepared.operation.operation == OperationType.MUTATION
            else self.schema.query_type
        )
        assert root_type is not None
        for err in result.errors:
            extensions = err.get("extensions") or {}
            if extensions.get("code") == ErrorCode.IDENTITY_INVALID:
                logger.error(
                    "a subgraph refused the gateway's identity: check that its "
                    "IDENTITY_PUBLIC_KEYS hold this gateway's public key",
                    subgraph=extensions.get("serviceName"),
                    reason=err.get("message"),
                )
        language = problem_language((headers or {}).get("accept-language"))
        errors = (
            [*_in_language(plan.errors, language), *self._mask(result.errors)]
            if plan.errors
            else self._mask(result.errors)
        )
        # Shaped along the plan's own document: its field plans are cached with it.
        shaper = Shaper(
            self.schema,
            plan.fragments,
            coerced,
            errors,
            expose_failures=self.settings.subgraph_errors_exposed,
            language=language,
            plans=plan.shape_plans.setdefault(
                tuple(bool(coerced.get(v)) for v in prepared.condition_variables), {}
            ),
        )
        data = shaper.shape(root_type, plan.operation.selection_set, result.data)
        body: dict[str, Any] = {"data": data}
        if errors:
            body["errors"] = errors
        executed = prepared.operation.name.value if prepared.operation.name else None
        response = Response(200, body, executed)
        if cache_key is not None:
            await self.responses.put(cache_key, response)
        return response

    def _demand(self, prepared: PreparedOperation, variables: Mapping[str, Any]) -> list[Message]:
        """The cost limit on the supergraph's own @cost/@listSize weights, when it has any."""
        cost = estimate_cost(
            self.schema,
            self.supergraph.costs,
            prepared.operation,
            prepared.fragments,
            variables,
            DEFAULT_LIST_SIZE,
        )
        if cost > self.limits.max_cost:
            return [cost_too_high(cost, self.limits.max_cost)]
        return []

    def _introspect(self, prepared: PreparedOperation, variables: dict[str, Any]) -> dict[str, Any]:
        selections = [
            s
            for s in prepared.operation.selection_set.selections
            if isinstance(s, FieldNode) and s.name.value in ("__schema", "__type")
        ]
        operation = OperationDefinitionNode(
            operation=OperationType.QUERY,
            variable_definitions=prepared.operation.variable_definitions,
            selection_set=SelectionSetNode(selections=tuple(selections)),
            directives=(),
        )
        document = DocumentNode(definitions=(operation, *prepared.fragments.values()))
        result = execute_sync(self.schema, document, variable_values=variables)
        return dict(result.data or {})

    def _mask(self, errors: list[GraphQLErrorDict]) -> list[GraphQLErrorDict]:
        if self.settings.subgraph_errors_exposed:
            return errors
        masked: list[GraphQLErrorDict] = []
        for err in errors:
            extensions = err.get("extensions") or {}
            code = extensions.get("code")
            if code in CLIENT_ERROR_CODES:
                masked.append(err)
                continue
            safe_extensions = {"code": ErrorCode.INTERNAL_SERVER_ERROR.value}
            if "serviceName" in extensions:
                safe_extensions["serviceName"] = extensions["serviceName"]
            safe: GraphQLErrorDict = {
                "message": "Internal server error",
                "extensions": safe_extensions,
            }
            if "path" in err:
                safe["path"] = err["path"]
            masked.append(safe)
        return masked


def _in_language(errors: list[GraphQLErrorDict], language: str) -> list[GraphQLErrorDict]:
    """A cached plan's errors (fields the caller may not see; their messages are msgids) in the
    request's language."""
    if language == "en":
        return errors
    return [{**e, "message": translate(e["message"], language)} for e in errors]
