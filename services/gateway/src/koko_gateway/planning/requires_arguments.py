"""`@requires` of fields with arguments (`price(currency: "EUR")`): the required field is selected
under an alias in the fetch before (so that the same field with other arguments, required by
another field or selected by the client, keeps its own value), renamed back to the field's name in
the representation, and a field requiring the same field with other arguments goes to its own
`_entities` fetch, as Apollo's query planner does."""

from __future__ import annotations

from typing import Any

from graphql import FieldNode, NameNode, SelectionSetNode, print_ast

from koko_gateway.planning.fetch_groups import FetchGroup, PlanningError
from koko_gateway.planning.nodes import SelectionTree
from koko_gateway.planning.steps import PlanningSteps


def _arguments(arguments: Any) -> str:
    return ",".join(print_ast(a) for a in arguments or ())


def aliased_requires(
    dest: SelectionTree, requires: SelectionSetNode
) -> tuple[SelectionSetNode, dict[str, str]]:
    """The field set with its top-level fields that take arguments aliased (`price__requires_0`),
    reusing a selection of `dest` with the same arguments; and alias -> field name."""
    renames: dict[str, str] = {}
    selections: list[Any] = []
    for selection in requires.selections:
        if isinstance(selection, FieldNode) and selection.arguments and selection.alias is None:
            name, arguments = selection.name.value, _arguments(selection.arguments)
            key = next(
                (
                    k
                    for k, f in dest.fields.items()
                    if f.name == name and k != name and _arguments(f.arguments) == arguments
                ),
                None,
            )
            if key is None:
                counter = 0
                while f"{name}__requires_{counter}" in dest.fields:
                    counter += 1
                key = f"{name}__requires_{counter}"
            renames[key] = name
            selection = FieldNode(
                alias=NameNode(value=key),
                name=selection.name,
                arguments=selection.arguments,
                directives=selection.directives,
                selection_set=selection.selection_set,
            )
        selections.append(selection)
    return SelectionSetNode(selections=tuple(selections)), renames


def requires_conflict(group: FetchGroup, requires: SelectionSetNode) -> bool:
    """Whether `group`'s representation already carries a required field of the same name with
    other arguments (the representation can hold only one value per name)."""
    for selection in requires.selections:
        if not isinstance(selection, FieldNode) or not selection.arguments:
            continue
        name, arguments = selection.name.value, _arguments(selection.arguments)
        for key, sent in group.representation.fields.items():
            if (sent.rewrite_to or key) == name and _arguments(sent.arguments) != arguments:
                return True
    return False


def group_for_requires(
    planner: PlanningSteps, group: FetchGroup, parent: Any, requires: SelectionSetNode
) -> FetchGroup:
    """`group`, or a sibling entity group (same subgraph, type and path) whose representation
    can carry these required fields: an existing one or a new one."""
    if group.parent is None or group.parent_dest is None or not requires_conflict(group, requires):
        return group
    above, dest = group.parent, group.parent_dest
    for reuse_key, sibling in above.children.items():
        if (
            reuse_key[0] == group.graph
            and sibling.parent_type == group.parent_type
            and sibling.merge_path == group.merge_path
            and sibling.parent_dest is dest
            and not requires_conflict(sibling, requires)
        ):
            return sibling
    routing = planner.supergraph.routing(group.parent_type)
    keys = routing.keys_in(group.graph) if routing else []
    if not keys:
        raise PlanningError(f"{group.parent_type} has no key in subgraph {group.graph}")
    path = group.merge_path
    sibling = planner.new_group(group.graph, group.parent_type, path, entity=True)
    sibling.parent, sibling.parent_dest, sibling.parent_provided = (
        above,
        dest,
        group.parent_provided,
    )
    sibling.input_types = set(group.input_types)
    sibling.depends_on.add(above.id)
    above.children[(group.graph, group.parent_type, (*path, f"#{sibling.id}"))] = sibling
    planner.send_key(above, sibling, parent, keys[0], dest, path, group.parent_provided)
    return sibling
