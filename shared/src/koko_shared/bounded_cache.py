"""A least-recently-used cache bounded in bytes, and the size estimate its callers weigh entries by.

Caches that clients fill (persisted queries, parsed documents, query plans, later response
caches) are bounded by what they hold, not by how many entries: ten thousand small documents and
ten thousand 100 kB documents are not the same memory. The caller says what an entry weighs
(`approximate_size` for object graphs); the cache evicts the least recently used entries until
its total fits, and refuses an entry that alone would take more than its share.
"""

from __future__ import annotations

import functools
import sys
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

V = TypeVar("V")

# Bookkeeping of one entry beyond key and value: the ordered dict's slot and links.
ENTRY_OVERHEAD_BYTES = 200
# Object graphs are walked only through objects of these modules (and containers); anything else
# (schema types, functions, enums) is shared by every entry and counted shallowly.
WALKED_MODULES = ("graphql.language", "koko_gateway", "koko_shared.graphql")
_LEAVES = (str, bytes, int, float, bool, type(None))


class ByteLru(Generic[V]):
    """At most `max_bytes` of entries; one entry at most `max_entry_bytes` (a quarter of the
    total unless given), so a single huge entry cannot flush everything else."""

    def __init__(self, max_bytes: int, *, max_entry_bytes: int | None = None) -> None:
        self.max_bytes = max(0, max_bytes)
        self.max_entry_bytes = (
            max_entry_bytes if max_entry_bytes is not None else self.max_bytes // 4
        )
        self.bytes = 0
        self._entries: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries

    def get(self, key: Hashable) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        self._entries.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, value: V, size: int) -> bool:
        """Keep `value` under `key`, weighing `size` bytes (plus the entry's bookkeeping).
        False, and nothing kept, when the entry alone is larger than `max_entry_bytes`."""
        size += ENTRY_OVERHEAD_BYTES
        self.pop(key)
        if size > self.max_entry_bytes or size > self.max_bytes:
            return False
        self._entries[key] = (value, size)
        self.bytes += size
        while self.bytes > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.bytes -= dropped
        return True

    def items(self) -> list[tuple[Hashable, V]]:
        """The entries, least recently used first."""
        return [(key, value) for key, (value, _) in self._entries.items()]

    def pop(self, key: Hashable) -> V | None:
        entry = self._entries.pop(key, None)
        if entry is None:
            return None
        self.bytes -= entry[1]
        return entry[0]

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0


def approximate_size(
    *roots: object, modules: tuple[str, ...] = WALKED_MODULES, shared: Iterable[object] = ()
) -> int:
    """The bytes held by the object graphs under `roots`: every container, string and object of
    `modules` reached (by default graphql-core AST nodes, tokens and sources, and the gateway's
    plans) counted once; other objects shallowly; `shared` objects (held elsewhere and counted
    there) not at all. An estimate from `sys.getsizeof`, on the high side: attribute
    storage is counted as a full dictionary even where Python keeps it inline."""
    seen = {id(obj) for obj in shared}
    stack = list(roots)
    total = 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        total += sys.getsizeof(obj)
        if isinstance(obj, _LEAVES):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        elif type(obj).__module__.startswith(modules):
            names = _attribute_names(type(obj))
            if hasattr(obj, "__dict__"):
                total += _dict_size(len(names))
            stack.extend(getattr(obj, name) for name in names if hasattr(obj, name))
    return total


_attribute_names_of: dict[type, tuple[str, ...]] = {}


def _attribute_names(cls: type) -> tuple[str, ...]:
    """Attribute names read from the class, never from the instance: reading `__dict__` would
    make Python build the dictionary it otherwise keeps inline (the walk itself costing memory).
    """
    known = _attribute_names_of.get(cls)
    if known is None:
        known = _attribute_names_of[cls] = _read_attribute_names(cls)
    return known


def _read_attribute_names(cls: type) -> tuple[str, ...]:
    names: list[str] = list(getattr(cls, "keys", ()) or ())  # graphql-core AST nodes
    names += getattr(cls, "__dataclass_fields__", {}).keys()
    for klass in cls.__mro__:
        slots = getattr(klass, "__slots__", ())
        names += (slots,) if isinstance(slots, str) else slots
    annotations = getattr(cls, "__annotations__", {})
    names += [name for name in annotations if not name.startswith("_")]
    return tuple(dict.fromkeys(n for n in names if n not in ("__dict__", "__weakref__")))


@functools.cache
def _dict_size(keys: int) -> int:
    return sys.getsizeof(dict.fromkeys(range(keys)))
