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
    GraphQLScalarType,
    GraphQLSchema,
    SelectionSetNode,
    is_abstract_type,
    is_interface_type,
)

from koko_gateway.execution.errors import FetchFailure, GraphQLErrorDict, Path, error
from koko_gateway.planning.collect import Fields, collect_fields, sub_selections
from koko_shared.i18n import translate

_BUBBLE = object()  # a null that must propagate to the nearest nullable parent
_ABSENT = object()
_TYPENAME, _INTROSPECTION, _VALUE = 0, 1, 2

# Response paths are built lazily as linked (parent, key) pairs: only an error needs the list.
LazyPath = tuple[Any, str | int] | None


def _materialize(path: LazyPath) -> Path:
    keys: Path = []
    while path is not None:
        path, key = path
        keys.append(key)
    keys.reverse()
    return keys


class _FieldPlan:
    """One response key of one (type, selection) pair, resolved once per (query plan, @skip/
    @include values) instead of once per object: list items and repeated requests share it."""

    __slots__ = (
        "child",
        "item_non_null",
        "item_type",
        "key",
        "kind",
        "name",
        "nodes",
        "non_null",
        "object_type",
        "scalar",
        "sub",
        "type",
    )

    def __init__(self, key: str, kind: int, nodes: list[FieldNode], type_: Any = None) -> None:
        self.key = key
        self.kind = kind
        self.nodes = nodes
        self.name = nodes[0].name.value
        self.type = type_
        self.non_null = isinstance(type_, GraphQLNonNull)
        nullable = type_.of_type if self.non_null else type_
        # A plain scalar is copied as it is when present: the fast path for most fields.
        self.scalar = isinstance(nullable, GraphQLScalarType)
        self.sub = sub_selections(nodes) if type_ is not None and not self.scalar else []
        # Fast paths for `T` and `[T]` of an object type T (any nullability).
        self.object_type: GraphQLObjectType | None = None
        self.item_type: Any = None
        self.item_non_null = False
        if isinstance(nullable, GraphQLObjectType):
            self.object_type = nullable
        elif isinstance(nullable, GraphQLList):
            self.item_type = nullable.of_type
            self.item_non_null = isinstance(self.item_type, GraphQLNonNull)
            base = self.item_type.of_type if self.item_non_null else self.item_type
            if isinstance(base, GraphQLObjectType):
                self.object_type = base
        self.child: list[_FieldPlan] | None = None  # the object type's plan, set on first use


class Shaper:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        errors: list[GraphQLErrorDict],
        *,
        expose_failures: bool,
        plans: dict[Any, Any] | None = None,
        language: str = "en",
    ) -> None:
        """`plans` may be shared by every request of one query plan: the field plans depend only
        on the selection (by node identity), the fragments and the @skip/@include values.
        `language`: of the gateway's own messages (koko_shared.i18n catalogues)."""
        self.language = language
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.errors = errors
        self.expose_failures = expose_failures
        self._plans: dict[tuple[str, tuple[int, ...]], list[_FieldPlan]] = (
            plans if plans is not None else {}
        )
        self._error_paths = [_explained_path(e) for e in errors]

    def shape(
        self, root_type: GraphQLObjectType, selection_set: SelectionSetNode, data: dict[str, Any]
    ) -> dict[str, Any] | None:
        shaped = self._object(root_type, data, [selection_set], None)
        return None if shaped is _BUBBLE else shaped  # type: ignore[return-value]

    def _plan(
        self, type_: GraphQLObjectType, selection_sets: list[SelectionSetNode]
    ) -> list[_FieldPlan]:
        key = (type_.name, tuple(map(id, selection_sets)))
        plan = self._plans.get(key)
        if plan is None:
            plan = []
            fields: Fields = collect_fields(
                self.schema, type_, selection_sets, self.fragments, self.variables
            )
            for response_key, nodes in fields.items():
                name = nodes[0].name.value
                if name == "__typename":
                    plan.append(_FieldPlan(response_key, _TYPENAME, nodes))
                elif name in ("__schema", "__type"):
                    plan.append(_FieldPlan(response_key, _INTROSPECTION, nodes))
                else:
                    field_def = type_.fields.get(name)
                    if field_def is not None:
                        plan.append(_FieldPlan(response_key, _VALUE, nodes, field_def.type))
            self._plans[key] = plan
        return plan

    def _object(
        self,
        type_: GraphQLObjectType,
        raw: dict[str, Any],
        selection_sets: list[SelectionSetNode],
        path: LazyPath,
    ) -> Any:
        return self._fill(type_, raw, self._plan(type_, selection_sets), path)

    def _fill(
        self, type_: GraphQLObjectType, raw: dict[str, Any], plan: list[_FieldPlan], path: LazyPath
    ) -> Any:
        out: dict[str, Any] = {}
        for field in plan:
            key = field.key
            if field.kind != _VALUE:
                out[key] = type_.name if field.kind == _TYPENAME else raw.get(key)
                continue
            value = raw.get(key, _ABSENT)
            if value is None or value is _ABSENT or value.__class__ is FetchFailure:
                value = self._value(field.type, value, field, (path, key))
                if value is _BUBBLE:
                    return _BUBBLE
                out[key] = value
                continue
            if field.scalar:
                out[key] = value
                continue
            object_type = field.object_type
            if object_type is not None:
                child = field.child
                if child is None:
                    child = field.child = self._plan(object_type, field.sub)
                if field.item_type is None and value.__class__ is dict:
                    value = self._fill(object_type, value, child, (path, key))
                    if value is _BUBBLE:
                        if field.non_null:
                            return _BUBBLE
                        value = None
                    out[key] = value
                    continue
                if field.item_type is not None and value.__class__ is list:
                    value = self._object_list(field, object_type, child, value, (path, key))
                    if value is _BUBBLE:
                        if field.non_null:
                            return _BUBBLE
                        value = None
                    out[key] = value
                    continue
            value = self._value(field.type, value, field, (path, key))
            if value is _BUBBLE:
                return _BUBBLE
            out[key] = value
        return out

    def _object_list(
        self,
        field: _FieldPlan,
        object_type: GraphQLObjectType,
        child: list[_FieldPlan],
        raw: list[Any],
        path: LazyPath,
    ) -> Any:
        items: list[Any] = []
        for index, item in enumerate(raw):
            if item.__class__ is dict:
                value = self._fill(object_type, item, child, (path, index))
                if value is _BUBBLE:
                    if field.item_non_null:
                        return _BUBBLE
                    value = None
            else:
                value = self._value(field.item_type, item, field, (path, index))
                if value is _BUBBLE:
                    return _BUBBLE
            items.append(value)
        return items

    def _value(self, type_: Any, raw: Any, field: _FieldPlan, path: LazyPath) -> Any:
        if isinstance(raw, FetchFailure):
            self._failure(raw, path)
            raw = None
            reported = True
        else:
            reported = False
        if isinstance(type_, GraphQLNonNull):
            if raw is None or raw is _ABSENT:
                if not reported:
                    self._null_in_non_null(field, path)
                return _BUBBLE
            inner = self._inner(type_.of_type, raw, field, path)
            return _BUBBLE if inner is None or inner is _BUBBLE else inner
        if raw is None or raw is _ABSENT:
            return None
        inner = self._inner(type_, raw, field, path)
        return None if inner is _BUBBLE else inner

    def _inner(self, type_: Any, raw: Any, field: _FieldPlan, path: LazyPath) -> Any:
        if isinstance(type_, GraphQLList):
            if not isinstance(raw, list):
                return None
            item_type = type_.of_type
            base = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
            scalar_items = isinstance(base, GraphQLScalarType)
            items = []
            for index, item in enumerate(raw):
                if scalar_items and item is not None and item.__class__ is not FetchFailure:
                    items.append(item)
                    continue
                value = self._value(item_type, item, field, (path, index))
                if value is _BUBBLE:
                    return _BUBBLE
                items.append(value)
            return items
        if isinstance(type_, GraphQLObjectType):
            if not isinstance(raw, dict):
                return None
            return self._object(type_, raw, field.sub, path)
        if isinstance(type_, GraphQLScalarType):
            return raw
        if isinstance(type_, GraphQLEnumType):
            if raw not in type_.values:
                self.errors.append(
                    error(
                        f"Enum {type_.name} cannot represent value: {raw!r}",
                        path=_materialize(path),
                    )
                )
                return None
            return raw
        if is_abstract_type(type_):
            if not isinstance(raw, dict):
                return None
            runtime = self.schema.get_type(str(raw.get("__typename", "")))
            if runtime is type_ and is_interface_type(type_):
                # An @interfaceObject's object, its concrete type not asked for: the planner
                # fetched only fields of the interface itself.
                return self._object(type_, raw, field.sub, path)  # type: ignore[arg-type]
            if not isinstance(runtime, GraphQLObjectType) or not self.schema.is_sub_type(
                type_, runtime
            ):
                # e.g. an @inaccessible type: clients must not see it.
                self.errors.append(
                    error(
                        f"Abstract type {type_.name} resolved to an unknown type.",
                        path=_materialize(path),
                    )
                )
                return None
            return self._object(runtime, raw, field.sub, path)
        return raw

    def _failure(self, failure: FetchFailure, path: LazyPath) -> None:
        message = (
            (
                failure.message
                if isinstance(failure.message, str)
                else failure.message.message_in(self.language)
            )
            if self.expose_failures
            else translate(
                "The subgraph '{service}' could not answer this field.",
                self.language,
                service=failure.service,
            )
        )
        keys = _materialize(path)
        self.errors.append(
            error(message, path=keys, code=failure.code, serviceName=failure.service)
        )
        self._error_paths.append(tuple(keys))

    def _null_in_non_null(self, field: _FieldPlan, path: LazyPath) -> None:
        keys = _materialize(path)
        here = tuple(keys)
        for reported in self._error_paths:
            size = min(len(reported), len(here))
            if reported[:size] == here[:size]:
                return  # the subgraph already explained this null
        self.errors.append(
            error(f"Cannot return null for non-nullable field {field.name}.", path=keys)
        )
        self._error_paths.append(here)


def _explained_path(reported: GraphQLErrorDict) -> tuple[str | int, ...]:
    """The part of the response an error explains the nulls of. A subgraph error without a path
    (the subgraph refused the whole request, e.g. a variable it could not coerce) explains every
    null it leaves: the client gets one error for one mistake."""
    path = reported.get("path")
    return tuple(path) if isinstance(path, list) else ()
