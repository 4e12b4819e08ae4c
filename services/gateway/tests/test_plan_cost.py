"""What a plan costs (`planning/cost.py`), the measure candidate plans are chosen by and compared
with Apollo's: subgraph requests (a Batch of entity fetches is one request), then sequential
steps (a Sequence adds, a Parallel takes the deepest, a Condition its dearer branch)."""

from __future__ import annotations

from pathlib import Path

from conftest import gateway_settings

from koko_gateway.gateway import Gateway
from koko_gateway.planning.cost import PlanCost, plan_cost
from koko_gateway.planning.nodes import Condition, EntityBatch, Parallel, Sequence

FEATURES = Path(__file__).parent / "features"


def _read(path: Path) -> str:
    return path.read_text()


async def _plan(case: str) -> tuple[PlanCost, object]:
    folder, name = case.split("/")
    sdl = _read(FEATURES / folder / "supergraph.graphql")
    query = _read(FEATURES / folder / "cases" / f"{name}.graphql")
    gateway = Gateway(sdl, gateway_settings())
    try:
        plan = gateway.plan(gateway.prepare(query, None), {}, query)
        return plan_cost(plan.node), plan.node
    finally:
        await gateway.aclose()


async def test_a_batch_is_one_request_and_a_sequence_adds_its_steps() -> None:
    # given/when: a root fetch, a catalog fetch, then two stock fetches sharing one request
    cost, node = await _plan("keys/locally_satisfiable_key_composite_key_resolvable_false")

    # then: three requests in three steps
    assert isinstance(node, Sequence) and isinstance(node.nodes[-1], EntityBatch)
    assert cost == PlanCost(fetches=3, depth=3)


async def test_parallel_root_fetches_are_one_step() -> None:
    # given/when: a shared root field whose fields two subgraphs resolve
    cost, node = await _plan("bp_shareable_root_parallel/two_root_fetches_in_parallel")

    # then: two requests, one step
    assert isinstance(node, Parallel)
    assert cost == PlanCost(fetches=2, depth=1)


async def test_a_condition_costs_its_dearer_branch() -> None:
    # given/when: a @requires field under @include(if: $test)
    cost, node = await _plan("bp_requires_conditional/included")

    # then: the root fetch, then the entity fetch under Include(if: $test) (its missing Else
    # branch costs nothing): two requests in two steps when $test is true, not one fetch
    assert isinstance(node, Sequence)
    condition = node.nodes[-1]
    assert isinstance(condition, Condition) and condition.else_clause is None
    assert plan_cost(condition) == PlanCost(fetches=1, depth=1)
    assert cost == PlanCost(fetches=2, depth=2)
