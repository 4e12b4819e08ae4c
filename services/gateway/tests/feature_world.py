"""Data and expected responses for a feature folder, from one generated "world".

Usage: `.venv/bin/python services/gateway/tests/feature_world.py <feature folder>` writes the
folder's `data.json` and every case's expected response `cases/<case>.json`. Used for the cases
ported from Apollo's query planner tests (folders `bp_*`), whose subgraphs come without data.

The world is one object graph over the API schema (deterministic values: `<field>-<n>`, numbers,
two items per list, implementations of an abstract type in turn). Each subgraph is served the
world as it sees it: only the fields it defines, without its `@external` fields (unless they are
key fields or provided by an enclosing `@provides`), so a plan that asks a subgraph for a field
it cannot resolve gets null instead of the value. A string field with `@requires` of top-level
fields is a template the test subgraph fills from the representation (`field<a,b>`), so the
values must really arrive. The expected response of a case is the client operation executed
against the world itself (graphql-core, no federation): an oracle independent of the planner.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
    InterfaceTypeDefinitionNode,
    ObjectTypeDefinitionNode,
    ObjectTypeExtensionNode,
    UnionTypeDefinitionNode,
    get_named_type,
    graphql_sync,
    parse,
    value_from_ast_untyped,
)

from koko_gateway.supergraph.api_schema import build_api_schema
from koko_gateway.supergraph.model import load_supergraph

_DEPTH = 5
_LIST = 2

Provided = dict[str, Any]


def _field_set(text: str) -> Provided:
    """`a b { c }` as {"a": {}, "b": {"c": {}}} (inline fragments flattened)."""

    def walk(selection_set: Any) -> Provided:
        out: Provided = {}
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                out[node.name.value] = walk(node.selection_set) if node.selection_set else {}
            else:
                out.update(walk(node.selection_set))
        return out

    return walk(parse("{" + text + "}").definitions[0].selection_set)  # type: ignore[attr-defined]


def _args(node: Any, name: str) -> list[dict[str, Any]]:
    return [
        {a.name.value: value_from_ast_untyped(a.value) for a in d.arguments or ()}
        for d in node.directives or ()
        if d.name.value == name
    ]


class Subgraph:
    """What one subgraph defines: per type, its fields' types (as SDL names), keys, externals,
    provides and top-level requires."""

    def __init__(self, sdl: str) -> None:
        self.fields: dict[str, dict[str, str]] = {}
        self.keys: dict[str, set[str]] = {}
        self.external: set[tuple[str, str]] = set()
        self.provides: dict[tuple[str, str], Provided] = {}
        self.requires: dict[tuple[str, str], list[str]] = {}
        # Abstract type -> the object types this subgraph can return for it.
        self.possible: dict[str, set[str]] = {}
        kinds = ObjectTypeDefinitionNode | ObjectTypeExtensionNode | InterfaceTypeDefinitionNode
        for definition in parse(sdl).definitions:
            if isinstance(definition, UnionTypeDefinitionNode):
                members = {t.name.value for t in definition.types or ()}
                self.possible.setdefault(definition.name.value, set()).update(members)
            if not isinstance(definition, kinds):
                continue
            name = definition.name.value
            if isinstance(definition, ObjectTypeDefinitionNode | ObjectTypeExtensionNode):
                for interface in definition.interfaces or ():
                    self.possible.setdefault(interface.name.value, set()).add(name)
            fields = self.fields.setdefault(name, {})
            for key in _args(definition, "key"):
                self.keys.setdefault(name, set()).update(_field_set(str(key["fields"])))
            for field in definition.fields or ():
                fields[field.name.value] = get_named_type_name(field.type)
                where = (name, field.name.value)
                if _args(field, "external"):
                    self.external.add(where)
                for provides in _args(field, "provides"):
                    self.provides[where] = _field_set(str(provides["fields"]))
                for requires in _args(field, "requires"):
                    required = _field_set(str(requires["fields"]))
                    if all(not sub for sub in required.values()):
                        self.requires[where] = list(required)


def get_named_type_name(type_node: Any) -> str:
    while hasattr(type_node, "type"):
        type_node = type_node.type
    return str(type_node.name.value)


class World:
    def __init__(self, schema: GraphQLSchema, subgraphs: dict[str, Subgraph]) -> None:
        self.schema = schema
        self.subgraphs = subgraphs
        self.count: dict[str, int] = {}
        self.objects: dict[str, list[dict[str, Any]]] = {}
        self.turn: dict[str, int] = {}
        self.requires = {w: r for s in subgraphs.values() for w, r in s.requires.items()}
        query = schema.query_type
        assert query is not None
        self.root = self._fields(query, {}, 0, 0)
        # Mutation fields answer like query fields (one root value for both).
        if schema.mutation_type is not None:
            self.root.update(self._fields(schema.mutation_type, {}, 0, 0))

    def _value(self, type_: Any, owner: str, field: str, index: int, depth: int) -> Any:
        if isinstance(type_, GraphQLNonNull):
            value = self._value(type_.of_type, owner, field, index, depth)
            if value is None:  # too deep: reuse an object made before
                named = get_named_type(type_)
                value = next(iter(self._instances(named)), None)
            return value
        if isinstance(type_, GraphQLList):
            return [self._value(type_.of_type, owner, field, i, depth) for i in range(_LIST)]
        if isinstance(type_, GraphQLScalarType):
            return _scalar(type_.name, owner, field, index)
        if isinstance(type_, GraphQLEnumType):
            return list(type_.values)[index % len(type_.values)]
        if depth >= _DEPTH:
            return None
        if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
            possible = self._returnable(type_, owner, field)
            turn = self.turn.get(type_.name, 0)
            self.turn[type_.name] = turn + 1
            type_ = possible[turn % len(possible)]
        assert isinstance(type_, GraphQLObjectType)
        number = self.count.get(type_.name, 0) + 1
        self.count[type_.name] = number
        obj = self._fields(type_, {"__typename": type_.name}, number, depth + 1)
        self.objects.setdefault(type_.name, []).append(obj)
        return obj

    def _returnable(self, abstract: Any, owner: str, field: str) -> list[Any]:
        """The object types of `abstract` that every subgraph resolving `owner.field` can return
        (all of them when none is common)."""
        possible = list(self.schema.get_possible_types(abstract))
        for sub in self.subgraphs.values():
            returned = sub.fields.get(owner, {}).get(field)
            if returned is None or (owner, field) in sub.external:
                continue
            known = sub.possible.get(returned)
            if known is not None:
                possible = [t for t in possible if t.name in known] or possible
        return possible

    def _instances(self, named: Any) -> list[dict[str, Any]]:
        names = (
            [t.name for t in self.schema.get_possible_types(named)]
            if isinstance(named, GraphQLInterfaceType | GraphQLUnionType)
            else [named.name]
        )
        return [o for n in names for o in self.objects.get(n, [])]

    def _fields(
        self, type_: GraphQLObjectType, obj: dict[str, Any], number: int, depth: int
    ) -> dict[str, Any]:
        later = []
        for name, field in type_.fields.items():
            if (type_.name, name) in self.requires and get_named_type(field.type).name == "String":
                later.append(name)
                continue
            obj[name] = self._value(field.type, type_.name, name, number, depth)
        for name in later:
            required = self.requires[(type_.name, name)]
            obj[name] = f"{name}<{','.join(str(obj.get(r)) for r in required)}>"
        return obj

    # -- what each subgraph is served -------------------------------------------------------------

    def data(self, name: str) -> dict[str, Any]:
        sub = self.subgraphs[name]
        out: dict[str, Any] = {}
        root = {
            field: self._project(sub, self.root.get(field), sub.provides.get(("Query", field)), 0)
            for field in sub.fields.get("Query", {})
            if field in self.root
        }
        if root:
            out["Query"] = root
        mutations = {
            field: self._project(sub, self.root.get(field), None, 0)
            for field in sub.fields.get("Mutation", {})
            if field in self.root
        }
        if mutations:
            out["Mutation"] = mutations
        for type_name in sub.fields:
            if type_name in ("Query", "Mutation") or type_name not in self.objects:
                continue
            out[type_name] = [self._project(sub, o, None, 0) for o in self.objects[type_name]]
        return out

    def _project(self, sub: Subgraph, value: Any, provided: Provided | None, depth: int) -> Any:
        if isinstance(value, list):
            return [self._project(sub, v, provided, depth) for v in value]
        if not isinstance(value, dict) or depth > _DEPTH + 1:
            return value if not isinstance(value, dict) else None
        type_name = value["__typename"]
        if type_name not in sub.fields:  # an implementation, where the interface is an object
            world_type = self.schema.get_type(type_name)
            known = [i.name for i in getattr(world_type, "interfaces", ()) if i.name in sub.fields]
            type_name = known[0] if known else type_name
        fields = sub.fields.get(type_name, {})
        keys = sub.keys.get(type_name, set())
        out: dict[str, Any] = {"__typename": type_name}
        for field in fields:
            if field not in value:
                continue
            where = (type_name, field)
            if where in sub.external and field not in keys and field not in (provided or {}):
                continue
            if where in sub.requires and isinstance(value[field], str):
                holes = ",".join("{" + r + "}" for r in sub.requires[where])
                out[field] = f"{field}<{holes}>"
                continue
            inner = (provided or {}).get(field) or sub.provides.get(where)
            out[field] = self._project(sub, value[field], inner, depth + 1)
        return out

    def expected(self, query: str, variables: dict[str, Any] | None) -> dict[str, Any]:
        for type_ in self.schema.type_map.values():
            if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
                type_.resolve_type = lambda value, *_: value.get("__typename")
        result = graphql_sync(self.schema, query, root_value=self.root, variable_values=variables)
        assert not result.errors, result.errors
        return {"data": result.data}


def _scalar(name: str, owner: str, field: str, index: int) -> Any:
    if name == "ID":
        return f"{owner}-{index}"
    if name == "Int":
        return 10 * index + len(field)
    if name == "Float":
        return index + 0.5
    if name == "Boolean":
        return index % 2 == 1
    return f"{field}-{index}"


def main(folder: Path) -> None:
    schema = build_api_schema(load_supergraph((folder / "supergraph.graphql").read_text()))
    subgraphs = {p.stem: Subgraph(p.read_text()) for p in sorted(folder.glob("subgraphs/*"))}
    world = World(schema, subgraphs)
    data = {name: world.data(name) for name in subgraphs}
    (folder / "data.json").write_text(json.dumps(data, indent=1) + "\n")
    for case in sorted(folder.glob("cases/*.graphql")):
        given = case.with_suffix(".variables.json")
        variables = json.loads(given.read_text()) if given.exists() else None
        expected = world.expected(case.read_text(), variables)
        text = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
        case.with_suffix(".json").write_text(text)


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        main(Path(argument))
