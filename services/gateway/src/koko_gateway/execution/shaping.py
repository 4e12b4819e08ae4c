"""The final pass: the client's response exactly per its selection, from the merged data.

Aliases, `__typename`, skip/include and fragments are applied here; nulls in non-null positions
bubble to the nearest nullable parent, and fields whose fetch failed become null with an error
at their path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    SelectionSetNode,
    is_abstract_type,
)

from koko_gateway.execution.errors import FetchFailure, GraphQLErrorDict, Path, error
from koko_gateway.planning.collect import Fields, collect_fields, sub_selections

_BUBBLE = object()  # a null that must propagate to the nearest nullable parent
_ABSENT = object()


class Shaper:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        errors: list[GraphQLErrorDict],
        *,
        expose_failures: bool,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.errors = errors
        self.expose_failures = expose_failures
        self._fields_cache: dict[tuple[str, tuple[int, ...]], Fields] = {}
        self._error_paths = [tuple(e["path"]) for e in errors if isinstance(e.get("path"), list)]

    def shape(
        self, root_type: GraphQLObjectType, selection_set: SelectionSetNode, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        shaped = self._object(root_type, data, [selection_set], [])
        return None if shaped is _BUBBLE else shaped  # type: ignore[return-value]

    def _fields(self, type_: GraphQLObjectType, selection_sets: list[SelectionSetNode]) -> Fields:
        key = (type_.name, tuple(id(s) for s in selection_sets))
        fields = self._fields_cache.get(key)
        if fields is None:
            fields = collect_fields(
                self.schema, type_, selection_sets, self.fragments, self.variables
            )
            self._fields_cache[key] = fields
        return fields

    def _object(
        self,
        type_: GraphQLObjectType,
        raw: dict[str, Any],
        selection_sets: list[SelectionSetNode],
        path: Path,
    ) -> Any:
        out: dict[str, Any] = {}
        for key, nodes in self._fields(type_, selection_sets).items():
            name = nodes[0].name.value
            if name == "__typename":
                out[key] = type_.name
                continue
            if name in ("__schema", "__type"):
                out[key] = raw.get(key)
                continue
            field_def = type_.fields.get(name)
            if field_def is None:
                continue
            value = self._value(field_def.type, raw.get(key, _ABSENT), nodes, [*path, key])
            if value is _BUBBLE:
                return _BUBBLE
            out[key] = value
        return out

    def _value(self, type_: Any, raw: Any, nodes: list[FieldNode], path: Path) -> Any:
        if isinstance(raw, FetchFailure):
            self._failure(raw, path)
            raw = None
            reported = True
        else:
            reported = False
        if isinstance(type_, GraphQLNonNull):
            if raw is None or raw is _ABSENT:
                if not reported:
                    self._null_in_non_null(nodes, path)
                return _BUBBLE
            inner = self._inner(type_.of_type, raw, nodes, path)
            return _BUBBLE if inner is None or inner is _BUBBLE else inner
        if raw is None or raw is _ABSENT:
            return None
        inner = self._inner(type_, raw, nodes, path)
        return None if inner is _BUBBLE else inner

    def _inner(self, type_: Any, raw: Any, nodes: list[FieldNode], path: Path) -> Any:
        if isinstance(type_, GraphQLList):
            if not isinstance(raw, list):
                return None
            items = []
            for index, item in enumerate(raw):
                value = self._value(type_.of_type, item, nodes, [*path, index])
                if value is _BUBBLE:
                    return _BUBBLE
                items.append(value)
            return items
        if isinstance(type_, GraphQLObjectType):
            if not isinstance(raw, dict):
                return None
            return self._object(type_, raw, sub_selections(nodes), path)
        if is_abstract_type(type_):
            if not isinstance(raw, dict):
                return None
            runtime = self.schema.get_type(str(raw.get("__typename", "")))
            if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(
                type_, runtime
            ):
                # e.g. an @inaccessible type: clients must not see it.
                self.errors.append(
                    error(f"Abstract type {type_.name} resolved to an unknown type.", path=path)
                )
                return None
            return self._object(runtime, raw, sub_selections(nodes), path)
        if isinstance(type_, GraphQLEnumType) and raw not in type_.values:
            self.errors.append(
                error(f"Enum {type_.name} cannot represent value: {raw!r}", path=path)
            )
            return None
        return raw

    def _failure(self, failure: FetchFailure, path: Path) -> None:
        message = (
            failure.message
            if self.expose_failures
            else f"The subgraph '{failure.service}' could not answer this field."
        )
        self.errors.append(
            error(message, path=path, code=failure.code, serviceName=failure.service)
        )
        self._error_paths.append(tuple(path))

    def _null_in_non_null(self, nodes: list[FieldNode], path: Path) -> None:
        here = tuple(path)
        for reported in self._error_paths:
            size = min(len(reported), len(here))
            if reported[:size] == here[:size]:
                return  # the subgraph already explained this null
        self.errors.append(
            error(f"Cannot return null for non-nullable field {nodes[0].name.value}.", path=path)
        )
        self._error_paths.append(here)
