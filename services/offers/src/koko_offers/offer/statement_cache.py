"""Statements built once per shape of a request, their values bound per request (issue 18:
building the SQLAlchemy statement of a 20-offer page cost ~1.8 ms of CPU per request, its SQL
0.6 ms).

A *shape* is what decides a statement's structure (which filters are given, the ordering, the
read scope, ...); its values (codes, dates, the cursor's sort key, the page size) are *slots*,
named values the caller computes per request. The first request of a shape builds the statement
twice, from two made-up sets of slot values that differ in every slot, and compiles both: a bound
parameter whose value is the same slot's in both builds is bound from the request's slots from
then on; every other parameter must have the same value in both builds, and the SQL must be the
same. A shape whose statement depends on its values in any other way (a parameter computed from a
value that is no slot, SQL that changes with a value) is not cached: its statement is built per
request, as without this cache.

One entry per shape (and dialect), least recently used dropped first, bounded in bytes
(`OffersSettings.statement_cache_bytes`, split between the caches by `configure`): clients choose
the shapes (a search of 40 words is a shape of its own), and one statement of a 40-word search
holds ~40 times the memory of a one-word search's. An entry weighs `template_bytes` of its SQL's
length: a statement's SQLAlchemy objects, its compiled SQL and its driver statement with its
`IN`-list variants grow with its SQL (measured with tracemalloc in
`test_statement_cache_bytes.py`, which floods a cache and checks what stays in memory)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from threading import Lock
from typing import Any, cast

from sqlalchemy import CompoundSelect, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler

from koko_shared.bounded_cache import ByteLru
from koko_shared.database.driver_statements import DriverStatement

Slots = Mapping[str, Any]
_Key = tuple[str, str, Hashable]  # dialect, driver, shape
# A SELECT, or a UNION of them (the facet counts).
Statement = Select[Any] | CompoundSelect
# What a cached statement holds in memory per character of its SQL, and beside it: emptying the
# caches after a flood of requests frees 0.8 of what they weigh at these figures (at 40 bytes a
# character it freed 1.4 times the weight; test_statement_cache_bytes.py checks both bounds). A
# tier statement of a one-word search is ~1,600 characters.
BYTES_PER_SQL_CHARACTER = 64
TEMPLATE_BASE_BYTES = 4_096
# A shape found not to be cacheable is remembered as such, for its key alone.
UNCACHEABLE_BYTES = 256
DEFAULT_CACHE_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Template:
    """A statement of one shape and which of its parameters (by compiled name) take which
    slot."""

    statement: Statement
    bound: tuple[tuple[str, str], ...]
    # The compiled SQL's length (the entry's weight in its cache: `template_bytes`).
    sql_length: int = 0
    # Its driver statement per dialect, made on first use (`driver_statement`): kept with the
    # template, so that it leaves memory with it.
    drivers: dict[tuple[str, str], DriverStatement | None] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    def parameters(self, slots: Slots) -> dict[str, Any]:
        return {name: slots[slot] for name, slot in self.bound}


def template_bytes(sql_length: int) -> int:
    """What a template whose SQL has `sql_length` characters weighs in its cache."""
    return TEMPLATE_BASE_BYTES + BYTES_PER_SQL_CHARACTER * sql_length


def driver_statement(template: Template, dialect: Dialect) -> DriverStatement | None:
    """A template's statement sent as SQL text (`koko_shared.database.driver_statements`): only
    a select (the cache also holds the facets' UNION)."""
    key = (dialect.name, dialect.driver)
    if key not in template.drivers:
        statement = template.statement
        found = DriverStatement.of(statement, dialect) if isinstance(statement, Select) else None
        template.drivers[key] = found
    return template.drivers[key]


class StatementCache:
    """Templates by shape; `None` for a shape found not to be cacheable. At most `max_bytes`
    (`template_bytes` per template)."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.builds = 0  # statements built to find templates (read by tests)
        self.hits = 0  # requests answered by a template found before (read by tests)
        self._templates: ByteLru[Template | None] = ByteLru(max_bytes)
        self._lock = Lock()

    @property
    def max_bytes(self) -> int:
        return self._templates.max_bytes

    @property
    def bytes(self) -> int:
        """What the templates held weigh (`template_bytes`)."""
        with self._lock:
            return self._templates.bytes

    def configure(self, max_bytes: int) -> None:
        """A new bound (`offer.statement_caches`), emptying the cache when it changes."""
        with self._lock:
            if max_bytes != self._templates.max_bytes:
                self._templates = ByteLru(max_bytes)

    def template(
        self,
        dialect: Dialect,
        shape: Hashable,
        build: Callable[[Slots], Statement],
        samples: Callable[[], tuple[Slots, Slots]],
    ) -> Template | None:
        """The template of `shape`, found on first use from `build` called with each of the two
        sample slot sets `samples` gives (every slot different between them, no two slots alike
        in one)."""
        key = (dialect.name, dialect.driver, shape)
        with self._lock:
            if key in self._templates:
                found = self._templates.get(key)
                self.hits += found is not None
                return found
        found = self._find(dialect, build, samples())
        size = UNCACHEABLE_BYTES if found is None else template_bytes(found.sql_length)
        with self._lock:
            # A template too large to keep (more than a quarter of the bound) is answered but
            # not kept: the next request of its shape finds it again.
            self._templates.put(key, found, size)
        return found

    @property
    def cached_shapes(self) -> int:
        """Shapes with a template (not those found not to be cacheable)."""
        return len(self.shapes())

    def shapes(self) -> list[Hashable]:
        """The shapes with a template, least recently used first (read by tests)."""
        with self._lock:
            keys = [key for key, found in self._templates.items() if found is not None]
        return [cast(_Key, key)[2] for key in keys]

    def clear(self) -> None:
        with self._lock:
            self._templates.clear()

    def _find(
        self, dialect: Dialect, build: Callable[[Slots], Statement], samples: tuple[Slots, Slots]
    ) -> Template | None:
        first, second = samples
        self.builds += 2
        statement = build(first)
        compiled = statement.compile(dialect=dialect)
        other = build(second).compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler) or not isinstance(other, SQLCompiler):
            return None
        if compiled.string != other.string:
            return None
        values, other_values = _values(compiled), _values(other)
        if values.keys() != other_values.keys():
            return None
        bound: list[tuple[str, str]] = []
        for name, value in values.items():
            slots = [
                slot
                for slot in first
                if _same(first[slot], value) and _same(second[slot], other_values[name])
            ]
            if len(slots) == 1:
                bound.append((name, slots[0]))
            elif slots or not _same(value, other_values[name]):
                return None  # ambiguous, or a value computed from the slots
        return Template(statement, tuple(bound), len(compiled.string))


def _values(compiled: SQLCompiler) -> dict[str, Any]:
    return {
        name: bind.effective_value if bind.callable else bind.value
        for bind, name in compiled.bind_names.items()
    }


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same type (`1 == 1.0 == True`, which would pair a slot wrongly)."""
    if type(a) is not type(b):
        return False
    try:
        return bool(a == b)
    except Exception:  # e.g. SQL expressions as values: not a slot, not comparable
        return a is b
