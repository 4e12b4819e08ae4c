"""SQLAlchemy's cache of compiled statements, bounded in bytes.

SQLAlchemy keeps every statement it compiles under the statement's cache key, by default the
last 500 of them (`query_cache_size`). Clients choose the shapes of many statements (a search of
eight words and every filter compiles to 20 kB of SQL, a facet count of it to more), and one
entry holds the compiled statement and its cache key, which grow with the SQL: 500 entries of
flooded shapes hold hundreds of megabytes. This cache holds at most `database_compiled_cache_bytes`
(`ServiceSettings`), weighing an entry by its SQL's length (`entry_bytes`, measured with
tracemalloc in services/offers/tests/catalogue/test_statement_cache_bytes.py), least recently
used dropped first. It is given to the engine as the `compiled_cache` execution option, which is
how SQLAlchemy lets a caller choose the cache (it calls `get` and sets items)."""

from __future__ import annotations

from collections.abc import Hashable
from threading import Lock
from typing import Any

from koko_shared.bounded_cache import ByteLru

# What an entry holds in memory per character of its SQL (compiled statement, its cache key and
# what SQLAlchemy memoizes on them), and beside it: at 48 bytes a character, emptying the cache
# after a flood freed 1.6 times the weight; at these figures less than the weight
# (services/offers/tests/catalogue/test_statement_cache_bytes.py).
BYTES_PER_SQL_CHARACTER = 96
ENTRY_BASE_BYTES = 4_096


def entry_bytes(compiled: Any) -> int:
    """What a compiled statement weighs in the cache."""
    return ENTRY_BASE_BYTES + BYTES_PER_SQL_CHARACTER * len(getattr(compiled, "string", "") or "")


class CompiledCache:
    """A mapping of cache keys to compiled statements, at most `max_bytes` of them."""

    def __init__(self, max_bytes: int) -> None:
        self._entries: ByteLru[Any] = ByteLru(max_bytes)
        self._lock = Lock()

    @property
    def max_bytes(self) -> int:
        return self._entries.max_bytes

    @property
    def bytes(self) -> int:
        with self._lock:
            return self._entries.bytes

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            found = self._entries.get(key)
        return default if found is None else found

    def __setitem__(self, key: Hashable, compiled: Any) -> None:
        size = entry_bytes(compiled)
        with self._lock:
            self._entries.put(key, compiled, size)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
