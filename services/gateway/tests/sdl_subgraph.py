"""A test subgraph served from its SDL and a data file: plain graphql-core over real HTTP.

Each feature folder under `features/` declares its subgraphs as SDL (what the composer reads) and
their data in `data.json`: `{subgraph: {"Query": {root field: value}, Type: [records]}}` (and
`"Mutation"`: what each mutation field answers).
The server answers like a federation subgraph library would:
- it validates every operation against the subgraph's OWN schema (an invalid subgraph query is
  an error, as in a real subgraph);
- `_entities` finds each representation's record by one of the type's `@key`s (for an
  interface, among the records of its implementations) and returns null for unknown ones;
- a field with `@requires` fails unless the representation carries the required fields, and a
  string value with `{name}` placeholders is formatted with the representation, so the tests
  see that the required values really arrived;
- a root field answers `Query["<field> <arguments as sorted JSON>"]` when there is such an
  entry (`"node {\"id\": \"a1\"}"`), else `Query["<field>"]`;
- a field with arguments (and no `@requires`) formats its `{argument}` placeholders with the
  arguments it was called with, so the tests see the arguments (and context values) arrive.
"""

from __future__ import annotations

import json
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLSchema,
    GraphQLUnionType,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    graphql,
    parse,
    value_from_ast_untyped,
)
from graphql.utilities import build_ast_schema

REPRESENTATION = "__representation"


def _directive_args(node: Any, name: str) -> list[dict[str, Any]]:
    return [
        {a.name.value: value_from_ast_untyped(a.value) for a in d.arguments or ()}
        for d in node.directives or ()
        if d.name.value == name
    ]


def _top_level(field_set: str) -> list[str]:
    selection = parse("{" + field_set + "}").definitions[0].selection_set  # type: ignore[attr-defined]
    names: list[str] = []
    for node in selection.selections:
        if isinstance(node, FieldNode):
            names.append(node.name.value)
        else:  # inline fragment: its fields are flattened into the representation
            names += [s.name.value for s in node.selection_set.selections]
    return names


class SdlSubgraph:
    def __init__(self, sdl: str, data: dict[str, Any]) -> None:
        document = parse(sdl)
        self.data = data
        self.keys: dict[str, list[list[str]]] = {}
        requires: dict[tuple[str, str], list[str]] = {}
        with_arguments: list[tuple[str, str]] = []
        for definition in document.definitions:
            if isinstance(
                definition,
                ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode,
            ):
                name = definition.name.value
                for args in _directive_args(definition, "key"):
                    if args.get("resolvable", True):
                        self.keys.setdefault(name, []).append(_top_level(str(args["fields"])))
                for field_node in definition.fields or ():
                    if field_node.arguments:
                        with_arguments.append((name, field_node.name.value))
                    for args in _directive_args(field_node, "requires"):
                        requires[(name, field_node.name.value)] = _top_level(str(args["fields"]))
        self.schema = self._schema(document, sdl)
        for (type_name, field_name), names in requires.items():
            owner = self.schema.get_type(type_name)
            if isinstance(owner, GraphQLObjectType):
                owner.fields[field_name].resolve = _requires_resolver(names)
        for type_name, field_name in with_arguments:
            if (type_name, field_name) in requires or type_name == "Query":
                continue
            owner = self.schema.get_type(type_name)
            if isinstance(owner, GraphQLObjectType):
                owner.fields[field_name].resolve = _arguments_resolver
        for type_ in self.schema.type_map.values():
            if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
                type_.resolve_type = _resolve_type

    def _schema(self, document: DocumentNode, sdl: str) -> GraphQLSchema:
        entities = [n for n in self.keys if not self._is_interface(document, n)]
        extra = "scalar _Any\ntype _Service { sdl: String }\n"
        if entities:
            extra += f"union _Entity = {' | '.join(entities)}\n"
        has_query = any(
            getattr(getattr(d, "name", None), "value", None) == "Query"
            for d in document.definitions
        )
        root = "type Query" if not has_query else "extend type Query"
        extra += f"{root} {{ _service: _Service!"
        extra += " _entities(representations: [_Any!]!): [_Entity]! }\n" if entities else " }\n"
        schema = build_ast_schema(parse(sdl + "\n" + extra), assume_valid_sdl=True)
        query = schema.query_type
        assert query is not None
        if entities:
            query.fields["_entities"].resolve = self._entities
        query.fields["_service"].resolve = lambda *_: {"sdl": sdl}
        for name, field in query.fields.items():
            if not name.startswith("_"):
                field.resolve = _root_resolver(self.data.get("Query", {}))
        for field in schema.mutation_type.fields.values() if schema.mutation_type else ():
            field.resolve = _root_resolver(self.data.get("Mutation", {}))
        return schema

    @staticmethod
    def _is_interface(document: DocumentNode, name: str) -> bool:
        return any(
            isinstance(d, InterfaceTypeDefinitionNode) and d.name.value == name
            for d in document.definitions
        )

    def _entities(self, _root: Any, info: GraphQLResolveInfo, representations: list[Any]) -> Any:
        return [self._find(rep, info.schema) for rep in representations]

    def _find(self, rep: dict[str, Any], schema: GraphQLSchema) -> dict[str, Any] | None:
        type_name = rep["__typename"]
        type_ = schema.get_type(type_name)
        buckets = [type_name]
        if isinstance(type_, GraphQLInterfaceType):
            buckets += [t.name for t in schema.get_possible_types(type_)]
        for bucket in buckets:
            for record in self.data.get(bucket, []):
                for key in self.keys.get(type_name, []) + self.keys.get(bucket, []):
                    if all(k in rep and _matches(record.get(k), rep[k]) for k in key):
                        return {"__typename": bucket, **record, REPRESENTATION: rep}
        return None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        request = json.loads(body)
        result = await graphql(
            self.schema, request["query"], variable_values=request.get("variables")
        )
        payload: dict[str, Any] = {"data": result.data}
        if result.errors:
            payload["errors"] = [e.formatted for e in result.errors]
        content = json.dumps(payload).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": content})


def _matches(value: Any, sent: Any) -> bool:
    """A key field's value matches the representation's: a nested key (`user { id }`) by the
    fields both carry (the representation may carry more for @requires)."""
    if isinstance(value, dict) and isinstance(sent, dict):
        shared = [k for k in sent if k in value and k != "__typename"]
        return bool(shared) and all(_matches(value[k], sent[k]) for k in shared)
    return bool(value == sent)


def _resolve_type(value: Any, *_: Any) -> str | None:
    return value.get("__typename") if isinstance(value, dict) else None


def _root_resolver(values: dict[str, Any]) -> Any:
    def resolve(_root: Any, info: GraphQLResolveInfo, **args: Any) -> Any:
        # A value for these arguments (`"node {\"id\": \"a1\"}"`), else the field's value.
        per_arguments = f"{info.field_name} {json.dumps(args, sort_keys=True)}"
        return values.get(per_arguments, values.get(info.field_name))

    return resolve


def _requires_resolver(names: list[str]) -> Any:
    def resolve(obj: dict[str, Any], info: GraphQLResolveInfo, **_args: Any) -> Any:
        rep = obj.get(REPRESENTATION) or {}
        missing = [n for n in names if n not in rep]
        if missing:
            raise ValueError(f"{info.field_name}: required fields missing: {', '.join(missing)}")
        value = obj.get(info.field_name)
        if isinstance(value, str) and "{" in value:
            return value.format(
                **{k: json.dumps(v) if isinstance(v, dict | list) else v for k, v in rep.items()}
            )
        return value

    return resolve


def _arguments_resolver(obj: dict[str, Any], info: GraphQLResolveInfo, **args: Any) -> Any:
    value = obj.get(info.field_name)
    if isinstance(value, str) and "{" in value:
        return value.format(**{k: "null" if v is None else v for k, v in args.items()})
    return value
