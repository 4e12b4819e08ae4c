"""Runs a query plan: root and `_entities` fetches in dependency order, merging as they land."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from koko_gateway.execution.errors import FetchFailure, GraphQLErrorDict, Path
from koko_gateway.execution.fetcher import SubgraphClient, SubgraphFetchError
from koko_gateway.execution.merge import deep_merge, objects_at, representation
from koko_gateway.planning.nodes import (
    Condition,
    ContextRewrite,
    EntityBatch,
    FetchNode,
    Flatten,
    Parallel,
    PlanNode,
    Sequence,
    restore_aliases,
)
from koko_shared.errors import ErrorCode


@dataclass(slots=True)
class ExecutionResult:
    data: dict[str, Any] = field(default_factory=dict)
    errors: list[GraphQLErrorDict] = field(default_factory=list)


class Executor:
    def __init__(
        self,
        clients: Mapping[str, SubgraphClient],
        variables: Mapping[str, Any],
        headers: dict[str, str],
        operation_name: str | None,
        coerced: Mapping[str, Any] | None = None,
    ) -> None:
        self.clients = clients
        self.variables = variables
        # The variables with their defaults applied: what Condition nodes read.
        self.coerced = variables if coerced is None else coerced
        self.headers = headers
        self.operation_name = operation_name
        self.result = ExecutionResult()

    async def run(self, node: PlanNode | None) -> ExecutionResult:
        if node is not None:
            await self._run(node)
        return self.result

    async def _run(self, node: PlanNode) -> None:
        if isinstance(node, Flatten):
            await self._fetch(node.node)
        elif isinstance(node, FetchNode):
            await self._fetch(node)
        elif isinstance(node, EntityBatch):
            await self._batch(node)
        elif isinstance(node, Sequence):
            for child in node.nodes:
                await self._run(child)
        elif isinstance(node, Parallel):
            await asyncio.gather(*(self._run(child) for child in node.nodes))
        elif isinstance(node, Condition):
            # As @skip/@include read it (collect.py): a missing or null variable is false.
            branch = node.if_clause if self.coerced.get(node.variable) else node.else_clause
            if branch is not None:
                await self._run(branch)

    async def _fetch(self, fetch: FetchNode) -> None:
        variables = {n: self.variables[n] for n in fetch.variable_names if n in self.variables}
        if fetch.context_rewrites:
            await self._fetch_in_contexts(fetch, variables)
            return
        if fetch.entity_type is None:
            targets: list[tuple[dict[str, Any], Path]] = [(self.result.data, [])]
            positions: list[list[int]] = [[0]]
        else:
            targets, positions, representations = self._representations(fetch)
            if not representations:
                return
            variables["representations"] = representations
        await self._request(fetch, variables, targets, positions)

    async def _fetch_in_contexts(self, fetch: FetchNode, variables: dict[str, Any]) -> None:
        """An entity fetch with @fromContext arguments: one request per distinct set of context
        values, each read from the ancestor of the objects it is sent."""
        parts: dict[bytes, tuple[dict[str, Any], list[tuple[dict[str, Any], Path]]]] = {}
        for obj, path in self._inputs(fetch):
            values = {
                r.variable: _context_value(self.result.data, path, r)
                for r in fetch.context_rewrites
            }
            identity = orjson.dumps(values, option=orjson.OPT_SORT_KEYS)
            parts.setdefault(identity, (values, []))[1].append((obj, path))
        requests = []
        for values, objects in parts.values():
            targets, positions, representations = self._representations(fetch, objects)
            if representations:
                own = {**variables, **values, "representations": representations}
                requests.append(self._request(fetch, own, targets, positions))
        await asyncio.gather(*requests)

    async def _request(
        self,
        fetch: FetchNode,
        variables: dict[str, Any],
        targets: list[tuple[dict[str, Any], Path]],
        positions: list[list[int]],
    ) -> None:
        client = self.clients[fetch.graph]
        try:
            payload = await client.request(
                fetch.operation,
                variables,
                self.headers,
                operation_name=self.operation_name,
                retryable=not fetch.is_mutation,
            )
        except SubgraphFetchError as exc:
            self._mark_failed(
                fetch, targets, FetchFailure(fetch.service_name, exc.message, exc.code)
            )
            return
        data = payload.get("data")
        errors = payload.get("errors") or []
        if fetch.rewrites and isinstance(data, dict):
            restore_aliases(data.get("_entities") if fetch.entity_type else data, fetch.selection)
        if fetch.entity_type is None:
            if isinstance(data, dict):
                deep_merge(self.result.data, data)
            elif errors:
                # The subgraph nulled its whole response; its errors carry the paths.
                self._mark_failed(fetch, targets, None)
            self._add_errors(fetch, errors, lambda path: path)
            return
        entities = data.get("_entities") if isinstance(data, dict) else None
        self._apply_entities(fetch, targets, positions, entities, errors, "_entities")

    async def _batch(self, batch: EntityBatch) -> None:
        variables = {n: self.variables[n] for n in batch.variable_names if n in self.variables}
        prepared = []
        for index, fetch in enumerate(batch.fetches):
            targets, positions, representations = self._representations(fetch)
            prepared.append((fetch, targets, positions))
            variables[f"r{index}"] = representations
        if not any(targets for _, targets, _ in prepared):
            return
        try:
            payload = await self.clients[batch.graph].request(
                batch.operation,
                variables,
                self.headers,
                operation_name=self.operation_name,
                retryable=True,
            )
        except SubgraphFetchError as exc:
            for fetch, targets, _ in prepared:
                self._mark_failed(
                    fetch, targets, FetchFailure(fetch.service_name, exc.message, exc.code)
                )
            return
        data = payload.get("data")
        errors = [e for e in payload.get("errors") or [] if isinstance(e, dict)]
        for index, (fetch, targets, positions) in enumerate(prepared):
            alias = f"_{index}"
            entities = data.get(alias) if isinstance(data, dict) else None
            if fetch.rewrites:
                restore_aliases(entities, fetch.selection)
            own_errors = [
                e for e in errors if isinstance(e.get("path"), list) and e["path"][:1] == [alias]
            ]
            if index == 0:
                own_errors += [e for e in errors if not isinstance(e.get("path"), list)]
            if targets:
                self._apply_entities(fetch, targets, positions, entities, own_errors, alias)

    def _apply_entities(
        self,
        fetch: FetchNode,
        targets: list[tuple[dict[str, Any], Path]],
        positions: list[list[int]],
        entities: Any,
        errors: list[Any],
        field: str,
    ) -> None:
        if not isinstance(entities, list) or len(entities) != len(positions):
            message = _first_message(errors) if errors else "invalid _entities response"
            self._mark_failed(
                fetch, targets, FetchFailure(fetch.service_name, message, ErrorCode.SUBGRAPH_ERROR)
            )
            return
        for index, entity in enumerate(entities):
            if isinstance(entity, dict):
                for target in positions[index]:
                    deep_merge(targets[target][0], entity)

        def to_client_path(path: list[Any]) -> list[Any]:
            # [field, i, *rest] -> the first object that sent representation i.
            if (
                len(path) >= 2
                and path[0] == field
                and isinstance(path[1], int)
                and 0 <= path[1] < len(positions)
                and positions[path[1]]
            ):
                return [*targets[positions[path[1]][0]][1], *path[2:]]
            return targets[0][1] if targets else []

        self._add_errors(fetch, errors, to_client_path)

    def _inputs(self, fetch: FetchNode) -> list[tuple[dict[str, Any], Path]]:
        """The objects at the fetch's path it is sent (by `__typename`)."""
        return [
            (obj, path)
            for obj, path in objects_at(self.result.data, fetch.merge_path)
            if obj.get("__typename") in fetch.input_types
        ]

    def _representations(
        self, fetch: FetchNode, objects: list[tuple[dict[str, Any], Path]] | None = None
    ) -> tuple[list[tuple[dict[str, Any], Path]], list[list[int]], list[dict[str, Any]]]:
        """Objects to enrich, and their deduplicated representations (one `_entities` call)."""
        assert fetch.entity_type is not None and fetch.representation is not None
        targets: list[tuple[dict[str, Any], Path]] = []
        positions: list[list[int]] = []
        representations: list[dict[str, Any]] = []
        seen: dict[bytes, int] = {}
        source = objects_at(self.result.data, fetch.merge_path) if objects is None else objects
        for obj, path in source:
            if obj.get("__typename") not in fetch.input_types:
                continue
            rep = representation(obj, fetch.representation, fetch.entity_type)
            if rep is None:
                continue
            target = len(targets)
            targets.append((obj, path))
            identity = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
            index = seen.get(identity)
            if index is None:
                index = seen[identity] = len(representations)
                representations.append(rep)
                positions.append([])
            positions[index].append(target)
        return targets, positions, representations

    def _mark_failed(
        self,
        fetch: FetchNode,
        targets: list[tuple[dict[str, Any], Path]],
        failure: FetchFailure | None,
    ) -> None:
        for obj, _ in targets:
            for key in fetch.response_keys:
                if key != "__typename" and key not in obj:
                    obj[key] = failure

    def _add_errors(self, fetch: FetchNode, errors: list[Any], to_client_path: Any) -> None:
        for raw in errors:
            if not isinstance(raw, dict):
                continue
            err: GraphQLErrorDict = {"message": str(raw.get("message", "subgraph error"))}
            path = raw.get("path")
            if isinstance(path, list):
                err["path"] = to_client_path(path)
            extensions = dict(raw.get("extensions") or {})
            extensions["serviceName"] = fetch.service_name
            err["extensions"] = extensions
            self.result.errors.append(err)


def _context_value(data: dict[str, Any], path: Path, rewrite: ContextRewrite) -> Any:
    """The value of a contextual argument for the object at `path`: read in its ancestor (the
    object at the first `rewrite.depth` steps of the path); null where it is missing."""
    value: Any = data
    for step in [*path[: rewrite.depth], *rewrite.path]:
        if isinstance(step, int):
            value = value[step] if isinstance(value, list) and step < len(value) else None
        else:
            value = value.get(step) if isinstance(value, dict) else None
        if value is None or isinstance(value, FetchFailure):
            return None
    return value


def _first_message(errors: list[Any]) -> str:
    for raw in errors:
        if isinstance(raw, dict) and raw.get("message"):
            return str(raw["message"])
    return "subgraph error"
