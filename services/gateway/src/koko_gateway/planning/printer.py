"""The plan printer: a query plan as text, in the layout of Apollo's `prettyFormatQueryPlan`
(`Sequence`, `Parallel`, `Flatten(path:)`, `Fetch(service:)` with `representation => selection`).

Used by the golden plan tests (`tests/features/*/cases/*.plan`) and for debugging. One addition:
entity fetches of one level to one subgraph that share a request print inside `Batch(service:)`.
"""

from __future__ import annotations

from graphql import print_ast

from koko_gateway.planning.nodes import (
    Condition,
    EntityBatch,
    FetchNode,
    Flatten,
    Parallel,
    PlanNode,
    SelectionTree,
    Sequence,
)

_INDENT = "  "


def print_plan(node: PlanNode | None) -> str:
    lines = ["QueryPlan {"]
    if node is not None:
        lines += _node(node, 1)
    lines.append("}")
    return "\n".join(lines) + "\n"


def _node(node: PlanNode, depth: int) -> list[str]:
    pad = _INDENT * depth
    if isinstance(node, Flatten):
        return _flatten(node.node, depth)
    if isinstance(node, FetchNode):
        return _fetch(node, depth)
    if isinstance(node, EntityBatch):
        inner = [line for fetch in node.fetches for line in _flatten(fetch, depth + 1)]
        return [f'{pad}Batch(service: "{node.service_name}") {{', *inner, f"{pad}}},"]
    if isinstance(node, Condition):
        return _condition(node, depth)
    label = "Sequence" if isinstance(node, Sequence) else "Parallel"
    assert isinstance(node, Sequence | Parallel)
    inner = [line for child in node.nodes for line in _node(child, depth + 1)]
    return [f"{pad}{label} {{", *inner, f"{pad}}},"]


def _condition(node: Condition, depth: int) -> list[str]:
    pad = _INDENT * depth
    inner = _INDENT * (depth + 1)
    if node.if_clause is not None and node.else_clause is not None:
        return [
            f"{pad}Condition(if: ${node.variable}) {{",
            f"{inner}Then {{",
            *_node(node.if_clause, depth + 2),
            f"{inner}}} Else {{",
            *_node(node.else_clause, depth + 2),
            f"{inner}}}",
            f"{pad}}},",
        ]
    label = "Include" if node.if_clause is not None else "Skip"
    branch = node.if_clause if node.if_clause is not None else node.else_clause
    assert branch is not None
    return [f"{pad}{label}(if: ${node.variable}) {{", *_node(branch, depth + 1), f"{pad}}},"]


def _flatten(fetch: FetchNode, depth: int) -> list[str]:
    pad = _INDENT * depth
    path = ".".join(fetch.merge_path)
    return [f'{pad}Flatten(path: "{path}") {{', *_fetch(fetch, depth + 1), f"{pad}}},"]


def _fetch(fetch: FetchNode, depth: int) -> list[str]:
    pad = _INDENT * depth
    lines = [f'{pad}Fetch(service: "{fetch.service_name}") {{']
    body = _INDENT * (depth + 1)
    if fetch.entity_type is not None:
        assert fetch.representation is not None
        lines += _typed_block(fetch.entity_type, fetch.representation, depth + 1)
        lines[-1] += " =>"
        lines += _typed_block(fetch.entity_type, fetch.selection, depth + 1)
        for rewrite in fetch.context_rewrites:
            source = ".".join((*fetch.merge_path[: rewrite.depth], *rewrite.path))
            lines.append(f"{body}${rewrite.variable}: {rewrite.type} = {source}")
    else:
        lines += [f"{body}{{", *_selections(fetch.selection, depth + 2), f"{body}}}"]
    lines.append(f"{pad}}},")
    return lines


def _typed_block(type_name: str, tree: SelectionTree, depth: int) -> list[str]:
    pad = _INDENT * depth
    inner = _INDENT * (depth + 1)
    return [
        f"{pad}{{",
        f"{inner}... on {type_name} {{",
        *_selections(tree, depth + 2),
        f"{inner}}}",
        f"{pad}}}",
    ]


def _selections(tree: SelectionTree, depth: int) -> list[str]:
    pad = _INDENT * depth
    lines: list[str] = []
    for selection in tree.fields.values():
        text = selection.name
        if selection.response_key != selection.name:
            text = f"{selection.response_key}: {text}"
        if selection.arguments:
            text += "(" + ", ".join(print_ast(a) for a in selection.arguments) + ")"
        if selection.condition is not None:
            variable, include = selection.condition
            text += f" @{'include' if include else 'skip'}(if: ${variable})"
        if selection.selection is None:
            lines.append(pad + text)
            continue
        lines += [f"{pad}{text} {{", *_selections(selection.selection, depth + 1), f"{pad}}}"]
    for type_name, fragment in tree.fragments.items():
        if fragment.is_empty():
            continue
        lines += [f"{pad}... on {type_name} {{", *_selections(fragment, depth + 1), f"{pad}}}"]
    return lines
