"""`@authenticated`, `@requiresScopes` and `@policy` enforced at the gateway, before planning.

As Apollo Router and Hive Router do it (filter mode): the fields the caller may not see are
removed from the operation before it is planned, so no subgraph is asked for them; in the
response they are null (bubbling up to the nearest nullable parent) with an error
`UNAUTHORIZED_FIELD_OR_TYPE` at their path (`@` stands for every list item), or
`UNAUTHENTICATED` when the caller sent no credentials at all (signing in may reveal the
field). A field's requirements are its own directives plus those of the type it returns.

- `@authenticated`: the caller is authenticated;
- `@requiresScopes(scopes: [[a, b], [c]])`: one inner list whose scopes the caller all has;
- `@policy(policies: [[p]])`: the same over the policies the caller satisfies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    is_list_type,
    is_non_null_type,
)

from koko_gateway.execution.errors import GraphQLErrorDict, error
from koko_gateway.supergraph.directives import directive_arguments, named_definitions
from koko_shared.errors import ErrorCode

UNAUTHORIZED = ErrorCode.UNAUTHORIZED_FIELD_OR_TYPE
UNAUTHENTICATED = ErrorCode.UNAUTHENTICATED
_AUTHENTICATED = ("authenticated", "authenticated__authenticated")
_SCOPES = ("requiresScopes", "requiresScopes__requiresScopes")
_POLICY = ("policy", "policy__policy")


@dataclass(frozen=True, slots=True)
class Caller:
    """What the authorization directives are checked against, for one request."""

    authenticated: bool = False
    scopes: frozenset[str] = frozenset()
    policies: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Requirement:
    authenticated: bool = False
    scopes: tuple[tuple[str, ...], ...] = ()
    policies: tuple[tuple[str, ...], ...] = ()

    def allows(self, caller: Caller) -> bool:
        if self.authenticated and not caller.authenticated:
            return False
        if self.scopes and not any(set(group) <= caller.scopes for group in self.scopes):
            return False
        return not self.policies or any(set(g) <= caller.policies for g in self.policies)


@dataclass(slots=True)
class AuthorizationRules:
    """The supergraph's authorization directives, by type and by field coordinate."""

    types: dict[str, Requirement] = field(default_factory=dict)
    fields: dict[tuple[str, str], Requirement] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.types or self.fields)

    def requirements(self) -> list[Requirement]:
        return sorted({*self.types.values(), *self.fields.values()}, key=repr)

    def verdicts(self, caller: Caller) -> tuple[bool, ...]:
        """Which requirements the caller meets: with the query, the key of a cached plan."""
        return tuple(r.allows(caller) for r in self.requirements())


def _requirement(node: Any) -> Requirement | None:
    authenticated = False
    scopes: tuple[tuple[str, ...], ...] = ()
    policies: tuple[tuple[str, ...], ...] = ()
    for directive in getattr(node, "directives", None) or ():
        name = directive.name.value
        args = directive_arguments(directive)
        if name in _AUTHENTICATED:
            authenticated = True
        elif name in _SCOPES:
            scopes = tuple(tuple(str(s) for s in group) for group in args.get("scopes") or ())
        elif name in _POLICY:
            policies = tuple(tuple(str(p) for p in group) for group in args.get("policies") or ())
    if not (authenticated or scopes or policies):
        return None
    return Requirement(authenticated, scopes, policies)


def read_authorization(document: DocumentNode) -> AuthorizationRules:
    rules = AuthorizationRules()
    for type_name, definition in named_definitions(document):
        type_requirement = _requirement(definition)
        if type_requirement is not None:
            rules.types[type_name] = type_requirement
        for field_node in getattr(definition, "fields", None) or ():
            requirement = _requirement(field_node)
            if requirement is not None:
                rules.fields[(type_name, field_node.name.value)] = requirement
    return rules


@dataclass(slots=True)
class Filtered:
    operation: OperationDefinitionNode
    errors: list[GraphQLErrorDict]


def filter_operation(
    schema: GraphQLSchema,
    rules: AuthorizationRules,
    caller: Caller,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    root: Any,
) -> Filtered:
    """The operation without the fields `caller` may not see (fragment spreads inlined), and an
    error per removed field."""
    errors: list[GraphQLErrorDict] = []
    refusal = (
        ("Unauthorized field or type", UNAUTHORIZED)
        if caller.authenticated
        else ("Sign in to see this field", UNAUTHENTICATED)
    )

    def allowed(parent: Any, name: str) -> bool:
        requirement = rules.fields.get((parent.name, name))
        if requirement is not None and not requirement.allows(caller):
            return False
        definition = parent.fields.get(name)
        if definition is None:
            return True
        of_type = rules.types.get(get_named_type(definition.type).name)
        return of_type is None or of_type.allows(caller)

    def walk(parent: Any, selection_set: SelectionSetNode, path: tuple[Any, ...]) -> Any:
        kept: list[Any] = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                key = selection.alias.value if selection.alias else name
                if name.startswith("__") or not hasattr(parent, "fields"):
                    kept.append(selection)
                    continue
                if not allowed(parent, name):
                    errors.append(error(refusal[0], code=refusal[1], path=[*path, key]))
                    continue
                if selection.selection_set is None:
                    kept.append(selection)
                    continue
                type_ = parent.fields[name].type
                inner_path = (*path, key, *(["@"] if _is_list(type_) else []))
                inner = walk(get_named_type(type_), selection.selection_set, inner_path)
                kept.append(
                    FieldNode(
                        alias=selection.alias,
                        name=selection.name,
                        arguments=selection.arguments,
                        directives=selection.directives,
                        selection_set=inner,
                    )
                )
            elif isinstance(selection, FragmentSpreadNode | InlineFragmentNode):
                source: Any = selection
                if isinstance(selection, FragmentSpreadNode):
                    source = fragments[selection.name.value]
                condition = source.type_condition
                target: Any = schema.get_type(condition.name.value) if condition else parent
                kept.append(
                    InlineFragmentNode(
                        type_condition=condition,
                        directives=selection.directives,
                        selection_set=walk(target, source.selection_set, path),
                    )
                )
        if not kept:  # every field removed: keep the object, without asking for anything
            kept.append(FieldNode(name=NameNode(value="__typename")))
        return SelectionSetNode(selections=tuple(kept))

    filtered = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=walk(root, operation.selection_set, ()),
    )
    return Filtered(filtered, errors)


def _is_list(type_: Any) -> bool:
    return is_list_type(type_.of_type if is_non_null_type(type_) else type_)
