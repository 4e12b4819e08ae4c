"""How every mutation runs: inside a savepoint of the request's transaction, so that a failing
mutation leaves nothing behind, with expected failures returned as typed payload errors.

Services validate before they write; database constraint violations are turned into domain
errors here as a safety net, never shown as internal errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from koko_shared.errors import Conflict, DomainError, InvalidInput, TranslatableError
from koko_shared.graphql.schema import MutationError

T = TypeVar("T")

UNIQUE_VIOLATION = "23505"


def sqlstate_of(error: DBAPIError) -> str:
    """The SQLSTATE of a database error (asyncpg keeps it on the cause of the DBAPI error)."""
    cause = getattr(error.orig, "__cause__", None) or error.orig
    return str(getattr(cause, "sqlstate", "") or "")


def is_client_data_error(error: DBAPIError) -> bool:
    """IntegrityError (23xxx) and DataError (22xxx) come from the client's input; anything else
    (a lost connection, ...) is ours."""
    return sqlstate_of(error).startswith(("22", "23"))


def stored_data_error(error: DBAPIError) -> DomainError:
    """A constraint the database enforced, for services without a finer mapping."""
    if sqlstate_of(error) == UNIQUE_VIOLATION:
        return Conflict("conflicts with stored data")
    return InvalidInput("breaks a rule of the stored data")


async def run_mutation(
    session: AsyncSession,
    operation: Callable[[], Awaitable[T]],
    *,
    database_error: Callable[[DBAPIError], DomainError] = stored_data_error,
) -> tuple[T, None] | tuple[None, DomainError]:
    """Run one mutation in a savepoint. On an expected failure everything it wrote is rolled
    back and the domain error is returned; unexpected errors propagate (masked at the top)."""
    try:
        async with session.begin_nested():
            return await operation(), None
    except DomainError as error:
        return None, error
    except DBAPIError as error:
        if not is_client_data_error(error):
            raise
        return None, database_error(error)


def input_path(field: str | None, argument: str | None = "input") -> list[str] | None:
    """The `path` of a dotted input field: `steps.2.offerId` -> ["input", "steps", "2",
    "offerId"] (without the argument for mutations whose fields are arguments themselves)."""
    if field is None:
        return None
    parts = field.split(".")
    return [argument, *parts] if argument else parts


def mutation_errors(
    failure: DomainError | Sequence[TranslatableError] | None,
    language: str,
    *,
    argument: str | None = "input",
) -> list[MutationError]:
    """The `errors` of every mutation payload: a domain error (or a service's violations) as
    MutationErrors in the request language; empty when there is no failure. `argument` is the
    mutation argument the fields lie in (None when the fields are the arguments)."""
    if failure is None:
        return []
    items: Sequence[TranslatableError] = (
        failure.errors if isinstance(failure, DomainError) else failure
    )
    return [
        MutationError(
            field=item.field,
            path=input_path(item.field, argument),
            code=item.code,
            message=item.message_in(language),
        )
        for item in items
    ]
