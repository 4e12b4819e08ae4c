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
request, as without this cache. Bounded LRU; one entry per shape (and dialect)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from threading import Lock
from typing import Any

from sqlalchemy import CompoundSelect, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler

from koko_shared.database.driver_statements import DriverStatement

Slots = Mapping[str, Any]
# A SELECT, or a UNION of them (the facet counts).
Statement = Select[Any] | CompoundSelect


@dataclass(frozen=True, slots=True)
class Template:
    """A statement of one shape and which of its parameters (by compiled name) take which
    slot."""

    statement: Statement
    bound: tuple[tuple[str, str], ...]

    def parameters(self, slots: Slots) -> dict[str, Any]:
        return {name: slots[slot] for name, slot in self.bound}


@lru_cache(maxsize=1024)
def driver_statement(template: Template, dialect: Dialect) -> DriverStatement | None:
    """A template's statement sent as SQL text (`koko_shared.database.driver_statements`): only
    a select (the cache also holds the facets' UNION)."""
    if not isinstance(template.statement, Select):
        return None
    return DriverStatement.of(template.statement, dialect)


class StatementCache:
    """Templates by shape; `None` for a shape found not to be cacheable."""

    def __init__(self, max_shapes: int = 256) -> None:
        self.max_shapes = max_shapes
        self.builds = 0  # statements built to find templates (read by tests)
        self.hits = 0  # requests answered by a template found before (read by tests)
        self._templates: OrderedDict[tuple[str, str, Hashable], Template | None] = OrderedDict()
        self._lock = Lock()

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
                self._templates.move_to_end(key)
                found = self._templates[key]
                self.hits += found is not None
                return found
        found = self._find(dialect, build, samples())
        with self._lock:
            self._templates[key] = found
            while len(self._templates) > self.max_shapes:
                self._templates.popitem(last=False)
        return found

    @property
    def cached_shapes(self) -> int:
        """Shapes with a template (not those found not to be cacheable)."""
        with self._lock:
            return sum(1 for found in self._templates.values() if found is not None)

    def shapes(self) -> list[Hashable]:
        """The shapes with a template, least recently used first (read by tests)."""
        with self._lock:
            return [shape for (_, _, shape), found in self._templates.items() if found is not None]

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
        if str(compiled) != str(other):
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
        return Template(statement, tuple(bound))


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
