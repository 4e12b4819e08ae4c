"""What a query selects below a field, for resolvers that fetch more at once when it is asked
for (a page's related rows in the page's statement instead of a dataloader round each)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from strawberry.types import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection


def selected_below(info: Info, path: Sequence[str]) -> frozenset[str]:
    """The names of the fields selected at `path` (field names, e.g. `("edges", "node")`)
    below the field being resolved, through fragments and aliases. Fields under `@skip` or
    `@include` count as selected: a caller may fetch something not needed, never miss
    something needed."""
    # `selected_fields` holds the field being resolved itself (once per node naming it).
    level: list[Selection] = [
        child for field in _fields(info.selected_fields) for child in field.selections
    ]
    for name in path:
        level = [
            child for field in _fields(level) if field.name == name for child in field.selections
        ]
    return frozenset(field.name for field in _fields(level))


def _fields(selections: Iterable[Selection]) -> Iterable[SelectedField]:
    """The fields among `selections`, those of fragments included."""
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, FragmentSpread | InlineFragment):
            yield from _fields(selection.selections)
