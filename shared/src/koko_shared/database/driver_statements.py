"""Core selects compiled once and sent as SQL text on the session's connection (issue 18:
SQLAlchemy spent about 1 ms of CPU per statement of a 20-offer page, computing the statement's
cache key, building an execution context and ORM rows, where the driver needs 0.1 ms).

`DriverStatement.of(select, dialect)` compiles a select of columns once: its SQL, for each
position the bound parameter's name, the values of parameters the caller does not pass, and the
bind and result processors of the columns' types (JSON decoded, ...), as SQLAlchemy would apply
them. An `IN` list (an expanding parameter) becomes one placeholder per value, as SQLAlchemy
renders it per execution; the SQL is kept per number of values (for the last `EXPANSIONS_KEPT`
numbers, so that a statement's memory stays a bound multiple of its SQL). `rows` executes it with
`exec_driver_sql` inside the session's transaction (taking the session's turn like every other
statement) and answers plain rows (sequences by position). An empty `IN` list (SQLAlchemy
renders a special expression) is executed the usual way; a statement with values rendered into
its SQL (`literal_execute`) or for a dialect without numbered placeholders is refused (`None`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ARRAY, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None
_PLACEHOLDER = re.compile(r"\$(\d+)|__\[POSTCOMPILE_(\w+)\]")
# SQL texts of `IN`-list lengths kept per statement (a page's ids: 1 to 101 of them).
EXPANSIONS_KEPT = 8


@dataclass(frozen=True, slots=True)
class DriverStatement:
    statement: Select[Any]
    sql: str
    names: tuple[str, ...]
    expanding: frozenset[str]
    fixed: Mapping[str, Any]
    binds: tuple[Processor, ...]
    types: tuple[TypeEngine[Any], ...]
    dialect: Dialect
    # The SQL per number of values of each `IN` list, and the result processors, found on the
    # first execution from the driver's column types.
    expanded: dict[tuple[int, ...], str] = field(default_factory=dict)
    results: list[tuple[Processor, ...]] = field(default_factory=list)

    @classmethod
    def of(cls, statement: Select[Any], dialect: Dialect) -> DriverStatement | None:
        compiled = statement.compile(dialect=dialect)
        if not isinstance(compiled, SQLCompiler) or dialect.paramstyle != "numeric_dollar":
            return None
        if compiled.literal_execute_params:
            return None
        names = tuple(compiled.positiontup or ())
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        if set(names) - by_name.keys():
            return None
        if not all(bind.expanding for bind in compiled.post_compile_params):
            return None
        expanding = frozenset(compiled.bind_names[bind] for bind in compiled.post_compile_params)
        binds = tuple(
            by_name[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
        )
        types = tuple(column.type.dialect_impl(dialect) for column in statement.selected_columns)
        return cls(
            statement, compiled.string, names, expanding, compiled.params, binds, types, dialect
        )

    def values(self, parameters: Mapping[str, Any]) -> tuple[Any, ...]:
        """The positional values: `parameters` by name, the compiled values for the others,
        an `IN` list's values one by one."""
        fixed, expanding = self.fixed, self.expanding
        values: list[Any] = []
        for name, process in zip(self.names, self.binds, strict=True):
            value = parameters[name] if name in parameters else fixed[name]
            items = value if name in expanding else (value,)
            if process is not None:
                items = [None if v is None else process(v) for v in items]
            values.extend(items)
        return tuple(values)

    def text(self, parameters: Mapping[str, Any]) -> str | None:
        """The SQL for the number of values of each `IN` list; None for an empty list."""
        if not self.expanding:
            return self.sql
        lengths = tuple(
            len(parameters[n] if n in parameters else self.fixed[n])
            for n in self.names
            if n in self.expanding
        )
        if 0 in lengths:
            return None
        sql = self.expanded.pop(lengths, None) or self._expand(lengths)
        self.expanded[lengths] = sql  # the most recent last
        while len(self.expanded) > EXPANSIONS_KEPT:
            del self.expanded[next(iter(self.expanded))]
        return sql

    def _expand(self, lengths: tuple[int, ...]) -> str:
        numbers: dict[str, str] = {}
        plain: list[str] = []  # the new number of each `$n` of the compiled SQL, by n - 1
        counts = iter(lengths)
        position = 0
        for name in self.names:
            count = next(counts) if name in self.expanding else 1
            placeholders = [f"${position + i + 1}" for i in range(count)]
            position += count
            if name in self.expanding:
                numbers[name] = ", ".join(placeholders)
            else:
                plain.append(placeholders[0])

        def renumber(match: re.Match[str]) -> str:
            if match.group(1) is not None:
                return plain[int(match.group(1)) - 1]
            return numbers[match.group(2)]

        return _PLACEHOLDER.sub(renumber, self.sql)

    async def explain(self, session: AsyncSession, parameters: Mapping[str, Any]) -> Any:
        """The planner's plan for these values (`EXPLAIN (FORMAT JSON)`, not executed), as the
        driver returns it; None for an empty `IN` list (then the caller compiles the statement
        itself)."""
        sql = self.text(parameters)
        if sql is None:
            return None
        values = self.values(parameters)

        def run(sync: Session) -> Any:
            return (
                sync.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", values).scalar()
            )

        return await session.run_sync(run)

    async def rows(self, session: AsyncSession, parameters: Mapping[str, Any]) -> list[Any]:
        """The statement's rows in the session's transaction, each value processed as
        SQLAlchemy would."""
        sql = self.text(parameters)
        if sql is None:
            return list((await session.execute(self.statement, dict(parameters))).all())
        values = self.values(parameters)

        def run(sync: Session) -> list[tuple[Any, ...]]:
            result = sync.connection().exec_driver_sql(sql, values)
            if not self.results:
                description = result.cursor.description
                self.results.append(
                    tuple(
                        _result_processor(type_, self.dialect, column[1])
                        for type_, column in zip(self.types, description, strict=True)
                    )
                )
            return list(result)

        rows = await session.run_sync(run)
        active = [(i, process) for i, process in enumerate(self.results[0]) if process]
        if not active:
            return rows
        processed = []
        for row in rows:
            plain: list[Any] = list(row)
            for index, process in active:
                if plain[index] is not None:
                    plain[index] = process(plain[index])
            processed.append(plain)
        return processed


def _result_processor(type_: TypeEngine[Any], dialect: Dialect, coltype: Any) -> Processor:
    """SQLAlchemy's result processor of `type_`, but none for an array whose items need none:
    the driver's lists are what it would return (a copy of each list)."""
    if isinstance(type_, ARRAY) and not type_.as_tuple:
        try:
            items_need_none = (
                type_.item_type.dialect_impl(dialect).result_processor(dialect, None) is None
            )
        except Exception:  # an item type that needs the driver's column type
            items_need_none = False
        if items_need_none:
            return None
    process: Processor = type_.result_processor(dialect, coltype)
    return process
