"""Walking and merging the gateway's working copy of the response (subgraph-shaped data)."""

from __future__ import annotations

from typing import Any

from koko_gateway.execution.errors import FetchFailure, Path
from koko_gateway.planning.nodes import LIST_MARKER, SelectionTree


def objects_at(
    data: dict[str, Any], merge_path: tuple[str, ...]
) -> list[tuple[dict[str, Any], Path]]:
    """Every object at `merge_path` (lists flattened at `@`), with its response path."""
    found: list[tuple[dict[str, Any], Path]] = []

    def walk(value: Any, index: int, path: Path) -> None:
        if index == len(merge_path):
            if isinstance(value, dict):
                found.append((value, path))
            return
        step = merge_path[index]
        if step == LIST_MARKER:
            if isinstance(value, list):
                for position, item in enumerate(value):
                    walk(item, index + 1, [*path, position])
            return
        if isinstance(value, dict):
            walk(value.get(step), index + 1, [*path, step])

    walk(data, 0, [])
    return found


def representation(
    obj: dict[str, Any], tree: SelectionTree, type_name: str
) -> dict[str, Any] | None:
    """The `_Any` representation of `obj` (key and required fields), None if one is missing."""
    built = _pick(obj, tree)
    if built is None:
        return None
    built["__typename"] = type_name
    return built


def _pick(obj: dict[str, Any], tree: SelectionTree) -> dict[str, Any] | None:
    picked: dict[str, Any] = {}
    for key, selection in tree.fields.items():
        if key == "__typename":
            if "__typename" in obj:
                picked[key] = obj[key]
            continue
        if key not in obj or isinstance(obj[key], FetchFailure):
            return None
        value = obj[key]
        if selection.selection is not None and value is not None:
            value = _pick_value(value, selection.selection)
            if value is _MISSING:
                return None
        # A required field selected under an alias is sent under its name.
        picked[key if selection.rewrite_to is None else selection.rewrite_to] = value
    for type_name, fragment in tree.fragments.items():
        if obj.get("__typename") == type_name:
            inner = _pick(obj, fragment)
            if inner is None:
                return None
            picked.update(inner)
    return picked


_MISSING = object()


def _pick_value(value: Any, tree: SelectionTree) -> Any:
    if isinstance(value, list):
        items = [_pick_value(item, tree) if item is not None else None for item in value]
        return _MISSING if any(item is _MISSING for item in items) else items
    if isinstance(value, dict):
        picked = _pick(value, tree)
        return _MISSING if picked is None else picked
    return value


def deep_merge(target: dict[str, Any], source: dict[str, Any]) -> None:
    for key, value in source.items():
        current = target.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            deep_merge(current, value)
        elif (
            isinstance(current, list)
            and isinstance(value, list)
            and len(current) == len(value)
            and any(isinstance(item, dict) for item in value)
        ):
            for mine, theirs in zip(current, value, strict=True):
                if isinstance(mine, dict) and isinstance(theirs, dict):
                    deep_merge(mine, theirs)
        else:
            target[key] = value
