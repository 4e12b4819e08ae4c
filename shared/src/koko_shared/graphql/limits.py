"""Operation limits in linear time: depth, aliases, estimated cost, page sizes and `_entities`
representations, measured in one pass over the document with each fragment measured once.

Used by the gateway (before validation, cached per query text) and by every subgraph (the
`OperationLimits` extension in `koko_shared.graphql.limits_extension`), so the same limits hold
wherever a GraphQL operation enters Koko.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from koko_shared.errors import ErrorCode
from koko_shared.i18n import Message

LIMIT_CODE = ErrorCode.OPERATION_LIMIT_EXCEEDED
PARSE_CODE = ErrorCode.GRAPHQL_PARSE_FAILED
# How graphql-core's parser words a document over `max_tokens`.
TOKEN_LIMIT_PREFIX = "Syntax Error: Document contains more than"
PAGE_ARGUMENTS = ("first", "last")
ENTITIES_FIELD = "_entities"
REPRESENTATIONS_ARGUMENT = "representations"
# Fields named in the plural without a page argument are assumed to be lists of this many
# items when estimating cost.
DEFAULT_LIST_SIZE = 10
CONNECTION_LISTS = frozenset(("edges", "nodes"))
INTROSPECTION_ROOTS = ("__schema", "__type")
# Introspection fields that return lists of types' members. Nesting them (`types { fields {
# type { fields { ... } } } }`) multiplies the answer by the schema size at each level; the
# standard introspection query nests them once. graphql-js refuses three levels; so do we.
INTROSPECTION_LISTS = frozenset(("fields", "inputFields", "interfaces", "possibleTypes"))
# Costs are capped so that a hostile document cannot make the arithmetic itself expensive.
_COST_CAP = 10**15


class LimitSettings(Protocol):
    max_document_bytes: int
    max_tokens: int
    max_depth: int
    max_aliases: int
    max_cost: int
    max_page_size: int
    max_entities: int


@dataclass(frozen=True, slots=True)
class Limits:
    max_document_bytes: int = 65_536
    max_tokens: int = 5_000
    max_depth: int = 15
    max_aliases: int = 30
    max_cost: int = 20_000
    max_page_size: int = 100
    max_entities: int = 2_000
    max_introspection_lists: int = 2

    @classmethod
    def from_settings(cls, settings: LimitSettings) -> Limits:
        return cls(
            max_document_bytes=settings.max_document_bytes,
            max_tokens=settings.max_tokens,
            max_depth=settings.max_depth,
            max_aliases=settings.max_aliases,
            max_cost=settings.max_cost,
            max_page_size=settings.max_page_size,
            max_entities=settings.max_entities,
        )


def document_too_large(query: str, limits: Limits) -> Message | None:
    """The refusal of a document over `max_document_bytes` (UTF-8), else None. Comments and
    white space count here, which the token limit does not see. Like every limit's refusal it
    is a catalogue message, rendered in the language of the request that broke the limit."""
    # A character is at most four bytes: most documents are judged without encoding them.
    if len(query) * 4 <= limits.max_document_bytes:
        return None
    size = len(query.encode("utf-8", "surrogatepass"))
    if size <= limits.max_document_bytes:
        return None
    return Message(
        "The document has {size} bytes; the limit is {limit}.",
        size=size,
        limit=limits.max_document_bytes,
    )


@dataclass(slots=True)
class OperationShape:
    """What the limits need to know about one operation. `cost` is an upper bound: page sizes
    given as variables count as the largest allowed page unless their values were known."""

    depth: int = 0
    aliases: int = 0
    cost: int = 0
    introspection_lists: int = 0
    # Page arguments (`first`/`last`) given as literals, and the variables used as page sizes.
    page_literals: list[int] = field(default_factory=list)
    page_variables: set[str] = field(default_factory=set)
    # Numbers of `_entities` representations given as literals, and the variables holding them.
    entity_literals: list[int] = field(default_factory=list)
    entity_variables: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Summary:
    """One selection set measured with a multiplier of 1: reused wherever a fragment is spread."""

    depth: int = 0  # levels of data fields below (and including) this set
    aliases: int = 0  # aliased fields, counted once per time they are reached
    cost: int = 0
    introspection_lists: int = 0
    page_literals: set[int] = field(default_factory=set)
    page_variables: set[str] = field(default_factory=set)
    entity_literals: set[int] = field(default_factory=set)
    entity_variables: set[str] = field(default_factory=set)

    def absorb(self, other: _Summary, *, extra_depth: int, times: int) -> None:
        self.depth = max(self.depth, other.depth + extra_depth)
        self.aliases = min(_COST_CAP, self.aliases + other.aliases)
        self.cost = min(_COST_CAP, self.cost + other.cost * times)
        self.introspection_lists = max(self.introspection_lists, other.introspection_lists)
        self.page_literals |= other.page_literals
        self.page_variables |= other.page_variables
        self.entity_literals |= other.entity_literals
        self.entity_variables |= other.entity_variables


class _Measurer:
    def __init__(
        self,
        fragments: Mapping[str, FragmentDefinitionNode],
        limits: Limits,
        variables: Mapping[str, Any] | None,
    ) -> None:
        self.fragments = fragments
        self.limits = limits
        self.variables = variables
        # (fragment name, inside introspection) -> summary; None while being measured (a cycle,
        # which validation refuses anyway, counts as nothing here).
        self.memo: dict[tuple[str, bool], _Summary | None] = {}

    def _list_size(self, selection: FieldNode, summary: _Summary) -> int | None:
        size: int | None = None
        for argument in selection.arguments or ():
            name = argument.name.value
            value = argument.value
            if name in PAGE_ARGUMENTS:
                if isinstance(value, IntValueNode):
                    size = int(value.value)
                    summary.page_literals.add(size)
                elif isinstance(value, VariableNode):
                    summary.page_variables.add(value.name.value)
                    known = (self.variables or {}).get(value.name.value)
                    size = known if isinstance(known, int) else self.limits.max_page_size
            elif name == REPRESENTATIONS_ARGUMENT and selection.name.value == ENTITIES_FIELD:
                if isinstance(value, ListValueNode):
                    size = len(value.values)
                    summary.entity_literals.add(size)
                elif isinstance(value, VariableNode):
                    summary.entity_variables.add(value.name.value)
                    known = (self.variables or {}).get(value.name.value)
                    size = len(known) if isinstance(known, list) else self.limits.max_entities
        return size

    def selection_set(self, selection_set: SelectionSetNode, introspection: bool) -> _Summary:
        summary = _Summary()
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                self._field(selection, introspection, summary)
            elif isinstance(selection, InlineFragmentNode):
                inner = self.selection_set(selection.selection_set, introspection)
                summary.absorb(inner, extra_depth=0, times=1)
            elif isinstance(selection, FragmentSpreadNode):
                inner_or_none = self.fragment(selection.name.value, introspection)
                if inner_or_none is not None:
                    summary.absorb(inner_or_none, extra_depth=0, times=1)
        return summary

    def fragment(self, name: str, introspection: bool) -> _Summary | None:
        key = (name, introspection)
        if key in self.memo:
            return self.memo[key]
        definition = self.fragments.get(name)
        if definition is None:
            return None
        self.memo[key] = None
        summary = self.selection_set(definition.selection_set, introspection)
        self.memo[key] = summary
        return summary

    def _field(self, selection: FieldNode, introspection: bool, summary: _Summary) -> None:
        if selection.alias is not None:
            summary.aliases = min(_COST_CAP, summary.aliases + 1)
        name = selection.name.value
        if introspection or name in INTROSPECTION_ROOTS:
            # Introspection answers are bounded by the schema, not by data: each field costs
            # one, lists do not multiply and nesting does not count as data depth. Only the
            # nesting of member lists is limited (see INTROSPECTION_LISTS).
            summary.cost = min(_COST_CAP, summary.cost + 1)
            if selection.selection_set is not None:
                inner = self.selection_set(selection.selection_set, True)
                lists = inner.introspection_lists + (1 if name in INTROSPECTION_LISTS else 0)
                inner.introspection_lists = lists
                summary.absorb(inner, extra_depth=0, times=1)
            return
        summary.depth = max(summary.depth, 1)
        summary.cost = min(_COST_CAP, summary.cost + 1)
        size = self._list_size(selection, summary)
        if selection.selection_set is None:
            return
        if size is None:
            # A Relay connection's `edges`/`nodes` hold the page its `first`/`last` counted.
            plural = name.endswith("s") and name not in CONNECTION_LISTS
            size = DEFAULT_LIST_SIZE if plural else 1
        if name == ENTITIES_FIELD:
            inner = self._entity_selection_set(selection.selection_set)
        else:
            inner = self.selection_set(selection.selection_set, False)
        summary.absorb(inner, extra_depth=1, times=max(1, size))

    def _entity_selection_set(self, selection_set: SelectionSetNode) -> _Summary:
        """`_entities` returns one object type per representation, so the type conditions under
        it are alternatives: the cost per item is the dearest type's, not the sum of all."""
        common = _Summary()
        by_type: dict[str, _Summary] = {}
        for selection in selection_set.selections:
            type_name: str | None = None
            if isinstance(selection, InlineFragmentNode) and selection.type_condition is not None:
                type_name = selection.type_condition.name.value
            elif isinstance(selection, FragmentSpreadNode):
                definition = self.fragments.get(selection.name.value)
                type_name = definition.type_condition.name.value if definition else None
            single = SelectionSetNode(selections=(selection,))
            target = common if type_name is None else by_type.setdefault(type_name, _Summary())
            target.absorb(self.selection_set(single, False), extra_depth=0, times=1)
        dearest = max((s.cost for s in by_type.values()), default=0)
        for alternative in by_type.values():
            alternative.cost = 0
            common.absorb(alternative, extra_depth=0, times=1)
        common.cost = min(_COST_CAP, common.cost + dearest)
        return common


def measure(
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    limits: Limits,
    variables: Mapping[str, Any] | None = None,
) -> OperationShape:
    """Measure one operation in time linear in the document: every fragment once."""
    measurer = _Measurer(fragments, limits, variables)
    try:
        summary = measurer.selection_set(operation.selection_set, False)
    except RecursionError:
        # Only a document nested thousands of levels deep gets here: far over any depth limit.
        return OperationShape(depth=limits.max_depth + 1_000)
    return OperationShape(
        depth=summary.depth,
        aliases=summary.aliases,
        cost=summary.cost,
        introspection_lists=summary.introspection_lists,
        page_literals=sorted(summary.page_literals),
        page_variables=summary.page_variables,
        entity_literals=sorted(summary.entity_literals),
        entity_variables=summary.entity_variables,
    )


def check(shape: OperationShape, limits: Limits, variables: Mapping[str, Any]) -> list[Message]:
    """Messages for every limit this operation breaks with these variables (catalogue messages:
    `message_in(language)` renders one, `str()` gives the English)."""
    problems: list[Message] = []
    if shape.depth > limits.max_depth:
        problems.append(
            Message(
                "Operation depth {depth} exceeds the limit of {limit}.",
                depth=shape.depth,
                limit=limits.max_depth,
            )
        )
    if shape.aliases > limits.max_aliases:
        problems.append(
            Message(
                "Operation uses {aliases} aliases; the limit is {limit}.",
                aliases=shape.aliases,
                limit=limits.max_aliases,
            )
        )
    if shape.introspection_lists > limits.max_introspection_lists:
        problems.append(
            Message(
                "Introspection nests {lists} member lists (fields, inputFields, interfaces, "
                "possibleTypes); the limit is {limit}.",
                lists=shape.introspection_lists,
                limit=limits.max_introspection_lists,
            )
        )
    sizes = list(shape.page_literals)
    sizes.extend(v for name in shape.page_variables if isinstance(v := variables.get(name), int))
    too_big = [s for s in sizes if s > limits.max_page_size or s < 0]
    if too_big:
        problems.append(
            Message(
                "Page size {size} is not allowed: `first` and `last` must be at most {limit} "
                "and must not be negative.",
                size=max(too_big, key=abs),
                limit=limits.max_page_size,
            )
        )
    entities = list(shape.entity_literals)
    entities.extend(
        len(v) for name in shape.entity_variables if isinstance(v := variables.get(name), list)
    )
    if entities and max(entities) > limits.max_entities:
        problems.append(
            Message(
                "{count} entity representations in one request; the limit is {limit}.",
                count=max(entities),
                limit=limits.max_entities,
            )
        )
    if shape.cost > limits.max_cost:
        problems.append(cost_too_high(shape.cost, limits.max_cost))
    return problems


def cost_too_high(cost: int, limit: int) -> Message:
    return Message(
        "Estimated operation cost {cost} exceeds the limit of {limit}.", cost=cost, limit=limit
    )


def too_many_tokens(limit: int) -> Message:
    """graphql-core's refusal of a document over `max_tokens`, as a catalogue message."""
    return Message(
        "Syntax Error: Document contains more than {limit} tokens. Parsing aborted.", limit=limit
    )
