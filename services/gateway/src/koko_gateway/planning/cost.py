"""What a query plan costs: its fetches (requests to subgraphs) and its sequential steps (the round
trips on its longest path), compared in that order, as candidate plans are compared and as Apollo's
are. Entity fetches to one subgraph that share one request (a Batch) count as one fetch: Apollo
plans those as one fetch with one type condition per entity type."""

from __future__ import annotations

from dataclasses import dataclass

from koko_gateway.planning.nodes import (
    Condition,
    EntityBatch,
    FetchNode,
    Flatten,
    Parallel,
    PlanNode,
    Sequence,
)


@dataclass(frozen=True, order=True, slots=True)
class PlanCost:
    fetches: int
    depth: int


def plan_cost(node: PlanNode | None) -> PlanCost:
    """Requests to subgraphs and sequential steps: a Sequence adds its children's steps, a
    Parallel takes the deepest, a Condition its dearer branch."""
    if node is None:
        return PlanCost(0, 0)
    if isinstance(node, FetchNode):
        return PlanCost(1, 1)
    if isinstance(node, Flatten):
        return plan_cost(node.node)
    if isinstance(node, EntityBatch):
        return PlanCost(1, 1)
    if isinstance(node, Condition):  # one branch runs: the dearer one counts
        branches = [plan_cost(node.if_clause), plan_cost(node.else_clause)]
        return PlanCost(max(b.fetches for b in branches), max(b.depth for b in branches))
    parts = [plan_cost(child) for child in node.nodes]
    fetches = sum(p.fetches for p in parts)
    if isinstance(node, Sequence):
        return PlanCost(fetches, sum(p.depth for p in parts))
    assert isinstance(node, Parallel)
    return PlanCost(fetches, max((p.depth for p in parts), default=0))
