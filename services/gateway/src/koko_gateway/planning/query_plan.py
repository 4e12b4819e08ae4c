"""What the planner produces (`QueryPlan`) and the choices one candidate plan is built with
(`Strategy`; `choice.py` compares the candidates by cost)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import FragmentDefinitionNode, OperationDefinitionNode

from koko_gateway.planning.nodes import FetchNode, PlanNode


@dataclass(slots=True)
class QueryPlan:
    node: PlanNode | None
    fetches: list[FetchNode]
    operation: OperationDefinitionNode
    fragments: Mapping[str, FragmentDefinitionNode]
    # The response shaper's field plans for this operation, per @skip/@include values, kept
    # with the plan so that repeated operations skip field collection entirely.
    shape_plans: dict[Any, Any] = field(default_factory=dict)
    # Errors the plan answers with itself: fields removed by the authorization directives.
    errors: list[Any] = field(default_factory=list)
    # Planned for the request's @skip/@include values only (else: Condition nodes cover all).
    per_values: bool = False


@dataclass(frozen=True, slots=True)
class Strategy:
    """The choices that make one candidate plan (`choice.py` compares them by cost)."""

    # A field of another subgraph under a shared root field: select the root field there too,
    # in parallel, rather than jump there by key.
    reselect_shared_roots: bool = False
    # Root fields several subgraphs resolve: response key -> the subgraph to ask.
    root_graphs: Mapping[str, str] = field(default_factory=dict)
