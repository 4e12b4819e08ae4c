"""Telling "the database is unreachable" apart from a bug, so clients get 503 and a code to retry.

An outage surfaces as many exception types (refused or reset sockets, a missing unix socket,
PostgreSQL shutting down or starting up, a pool timeout), often wrapped by SQLAlchemy.
"""

from __future__ import annotations

import errno

import asyncpg
from sqlalchemy import exc as sa_exc

# Seconds a client should wait before retrying (a restart or failover takes about this long).
RETRY_AFTER_SECONDS = 5
UNAVAILABLE_MESSAGE = "The database is unavailable; try again shortly."

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
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _is_outage(current):
            return True
        wrapped = getattr(current, "orig", None)
        current = (
            wrapped
            if isinstance(wrapped, BaseException)
            else (current.__cause__ or current.__context__)
        )
    return False


def _is_outage(error: BaseException) -> bool:
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free
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
