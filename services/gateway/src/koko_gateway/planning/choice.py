"""Cost-based choice among candidate plans. Where a choice is open (a root field several
subgraphs resolve), the operation is planned once per strategy: which subgraph answers each such
root field and, for queries, whether a field of another subgraph under a shared root field is
fetched by selecting the root field there too (in parallel) instead of by key afterwards. The
plan with the fewest fetches, then the fewest sequential steps, is kept (ties: the first, the
greedy plan); a choice that cannot be planned is dropped. Without such a choice the operation is
planned once."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from typing import Any

from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)

from koko_gateway.planning.collect import collect_fields
from koko_gateway.planning.condition_merge import merge_branches, plan_fetches
from koko_gateway.planning.cost import plan_cost
from koko_gateway.planning.fetch_groups import PlanningError
from koko_gateway.planning.nodes import Condition, PlanNode
from koko_gateway.planning.planner import Planner
from koko_gateway.planning.printer import print_plan
from koko_gateway.planning.query_plan import QueryPlan, Strategy
from koko_gateway.supergraph.model import Supergraph

# At most this many root-field assignments are tried (each with and without re-selection).
_MAX_ASSIGNMENTS = 8
# Up to this many @skip/@include variables, one plan covers all their values (2^n plans made).
_MAX_CONDITIONS = 3


def plan_operation(
    schema: GraphQLSchema,
    supergraph: Supergraph,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    labels: frozenset[str] = frozenset(),
    condition_variables: tuple[str, ...] = (),
) -> QueryPlan:
    """The operation's plan for every value of its @skip/@include variables (a Condition node per
    variable whose value changes the plan), or, beyond _MAX_CONDITIONS variables or when one
    combination cannot be planned, for the values in `variables` only (`per_values`)."""
    args = (schema, supergraph, operation, fragments)
    if not condition_variables:
        return _cheapest(*args, variables, labels)
    if len(condition_variables) > _MAX_CONDITIONS:
        return _for_these_values(_cheapest(*args, variables, labels))
    plans: dict[tuple[bool, ...], QueryPlan] = {}
    for values in product((True, False), repeat=len(condition_variables)):
        assigned = {**variables, **dict(zip(condition_variables, values, strict=True))}
        try:
            plans[values] = _cheapest(*args, assigned, labels)
        except PlanningError:
            return _for_these_values(_cheapest(*args, variables, labels))
    node = _fold(condition_variables, (), plans, operation)
    return QueryPlan(node, plan_fetches(node), operation, fragments)


def _for_these_values(plan: QueryPlan) -> QueryPlan:
    plan.per_values = True
    return plan


def _fold(
    names: tuple[str, ...],
    values: tuple[bool, ...],
    plans: dict[tuple[bool, ...], QueryPlan],
    operation: OperationDefinitionNode,
) -> PlanNode | None:
    """Condition nodes over the plans per value combination; a variable whose value leaves the
    plan unchanged gets none, one whose plans differ only in one fetch's fields and the fetches
    after it is passed on to that fetch (`condition_merge.py`)."""
    if len(values) == len(names):
        return plans[values].node
    then = _fold(names, (*values, True), plans, operation)
    otherwise = _fold(names, (*values, False), plans, operation)
    if print_plan(then) == print_plan(otherwise):
        return then
    variable = names[len(values)]
    merged = merge_branches(variable, then, otherwise, operation)
    return merged if merged is not None else Condition(variable, then, otherwise)


def _cheapest(
    schema: GraphQLSchema,
    supergraph: Supergraph,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    labels: frozenset[str] = frozenset(),
) -> QueryPlan:
    def plan(strategy: Strategy) -> QueryPlan:
        return Planner(schema, supergraph, operation, fragments, variables, labels, strategy).plan()

    shared = _shared_root_fields(schema, supergraph, operation, fragments, variables, labels)
    if not shared:
        return plan(Strategy())
    best: QueryPlan | None = None
    failure: PlanningError | None = None
    try:
        best = plan(Strategy())
    except PlanningError as exc:  # another choice of subgraphs may plan it
        failure = exc
    keys = list(shared)
    assignments: list[dict[str, str]] = [{}]
    combinations = 1
    for graphs in shared.values():
        combinations *= len(graphs)
    if combinations <= _MAX_ASSIGNMENTS:
        assignments += [
            dict(zip(keys, chosen, strict=True)) for chosen in product(*shared.values())
        ]
    best_cost = plan_cost(best.node) if best is not None else None
    is_query = operation.operation == OperationType.QUERY
    for reselect in (False, True) if is_query else (False,):
        for assignment in assignments:
            if not reselect and not assignment:
                continue  # the greedy plan, already made
            try:
                candidate = plan(Strategy(reselect, assignment))
            except PlanningError:
                continue
            cost = plan_cost(candidate.node)
            if best_cost is None or cost < best_cost:
                best, best_cost = candidate, cost
    if best is None:
        assert failure is not None
        raise failure
    return best


def _shared_root_fields(
    schema: GraphQLSchema,
    supergraph: Supergraph,
    operation: OperationDefinitionNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
    labels: frozenset[str],
) -> dict[str, list[str]]:
    """Root fields that several subgraphs resolve: response key -> subgraphs."""
    is_mutation = operation.operation == OperationType.MUTATION
    root = schema.mutation_type if is_mutation else schema.query_type
    if root is None or operation.operation == OperationType.SUBSCRIPTION:
        return {}
    routing = supergraph.routing(root.name)
    if routing is None:
        return {}
    shared: dict[str, list[str]] = {}
    fields = collect_fields(schema, root, [operation.selection_set], fragments, variables)
    for key, nodes in fields.items():
        graphs = routing.field_graphs(nodes[0].name.value, labels)
        if len(graphs) > 1:
            shared[key] = list(graphs)
    return shared
