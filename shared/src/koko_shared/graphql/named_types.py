"""A Strawberry type named by its module and name alone, for the one field of a pair of types
whose modules would otherwise import each other.

A course run names its offer and an offer lists its runs; a tie names its working group and a
group lists its ties. One side imports the other as usual (the run's module imports the offer's);
the other side names the type the way `strawberry.lazy` does (a `LazyType`: module and name,
imported when the schema is built) and builds its objects through the same name. Neither module
imports the other, not even for the type checker, so the house has no import circle (issue 21);
`Annotated["CourseRun", strawberry.lazy(...)]` alone still needs an `if TYPE_CHECKING:` import for
mypy, which is the circle. The field's Python return type says `object`: the schema's type is the
named one, given to Strawberry as `graphql_type`.

    RUNS = NamedType("CourseRun", "koko_offers.course_run.types")

    @strawberry.field(description="...", graphql_type=RUNS.many)
    async def course_runs(self, info: Info) -> list[object]:
        rows = await runs_of_offer(info.context).load(self.row.id)
        return [RUNS.resolved().from_row(row) for row in rows]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import GenericAlias
from typing import Any

from strawberry.types.lazy_type import LazyType


@dataclass(frozen=True, slots=True)
class NamedType:
    """The Strawberry type `name` of `module` (absolute), resolved on first use."""

    name: str
    module: str
    _lazy: LazyType[Any, Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lazy", LazyType(self.name, self.module))

    @property
    def one(self) -> Any:
        """The `graphql_type` of a field holding one such object or null."""
        return self._lazy | None

    @property
    def many(self) -> Any:
        """The `graphql_type` of a field holding a list of such objects."""
        return GenericAlias(list, (self._lazy,))

    def resolved(self) -> type[Any]:
        """The type's class (its module imported on first use), to build the field's objects."""
        return self._lazy.resolve_type()
