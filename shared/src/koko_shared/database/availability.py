"""Telling "the database is unreachable" and "every connection is busy" apart from a bug, so
clients get 503 and a code to retry.

An outage surfaces as many exception types (refused or reset sockets, a missing unix socket,
PostgreSQL shutting down or starting up), often wrapped by SQLAlchemy. A pool timeout is not an
outage: the database is fine and the service is at capacity (`is_pool_exhausted`), answered at
once with OVERLOADED so the crowd is shed instead of queued.
"""

from __future__ import annotations

import errno
import functools

import asyncpg
from sqlalchemy import exc as sa_exc

from koko_shared.i18n import problem_language, translate

# Seconds a client should wait before retrying (a restart or failover takes about this long).
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = "The database is unavailable; try again shortly."
# At capacity: a second is enough for the crowd to move on (the pool waits a fraction of it).
OVERLOADED_RETRY_AFTER_SECONDS = 1
OVERLOADED_MESSAGE = "The service is at capacity; try again in a moment."


@functools.lru_cache(maxsize=64)  # clients send few distinct Accept-Language headers
def overloaded_message(accept_language: str | None) -> tuple[str, str]:
    """OVERLOADED_MESSAGE in the language of a refusal (a top-level error: the client's best
    served language, English without Accept-Language) and that language. Cached: a refusal is
    rendered before any middleware, and a crowd must not cost a negotiation per refusal."""
    language = problem_language(accept_language)
    return translate(OVERLOADED_MESSAGE, language), language


_CONNECTION_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
    errno.ETIMEDOUT,
    errno.EPIPE,
    errno.ENOENT,  # the unix socket of a stopped local server is gone
}

# Everything the driver raises of its own (outages among them).
DRIVER_ERRORS: tuple[type[Exception], ...] = (asyncpg.PostgresError, asyncpg.InterfaceError)

_ASYNCPG_OUTAGES: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # SQLSTATE class 08
    asyncpg.CannotConnectNowError,  # starting up / shutting down
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.InterfaceError,
)


def is_database_unavailable(error: BaseException) -> bool:
    """True when `error` (or what it wraps) means the server cannot be reached right now."""
    return any(_is_outage(e) for e in _chain(error))


def is_pool_exhausted(error: BaseException) -> bool:
    """True when no pooled connection came free within the pool timeout (the service is busy)."""
    return any(isinstance(e, sa_exc.TimeoutError) for e in _chain(error))


def _chain(error: BaseException) -> list[BaseException]:
    """`error` and what it wraps (SQLAlchemy's `orig`, causes, contexts)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not e for e in seen):
        seen.append(current)
        wrapped = getattr(current, "orig", None)
        current = (
            wrapped
            if isinstance(wrapped, BaseException)
            else (current.__cause__ or current.__context__)
        )
    return seen


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, _ASYNCPG_OUTAGES):
        return True
    # Socket errors count only when raised inside the driver: a missing file or a refused
    # connection elsewhere (a webhook receiver, a font) is not a database outage.
    if isinstance(error, OSError) and (
        isinstance(error, ConnectionError | TimeoutError) or error.errno in _CONNECTION_ERRNOS
    ):
        return _raised_in_driver(error)
    return False


def _raised_in_driver(error: BaseException) -> bool:
    traceback = error.__traceback__
    while traceback is not None:
        if "asyncpg" in traceback.tb_frame.f_code.co_filename:
            return True
        traceback = traceback.tb_next
    return False
