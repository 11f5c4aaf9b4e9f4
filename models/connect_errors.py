"""Turning a failure to reach the database into one line an operator can act on."""

from __future__ import annotations

import socket

from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

try:  # asyncpg is installed with the postgresql-asyncpg extra; SQLite-only trims may lack it
    import asyncpg  # type: ignore[import-untyped]
except ImportError:  # pragma: no cover
    asyncpg = None


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or opened; the message is the line to show."""


def where(database_url: str) -> str:
    """The database's location without its password, for messages."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"SQLite database {url.database}"
    host = url.host or "localhost"
    port = f":{url.port}" if url.port else ""
    return f"PostgreSQL at {host}{port}/{url.database}"


def describe(error: BaseException, database_url: str) -> str | None:
    """One line for a connection failure, or ``None`` when ``error`` is something else (a bug,
    which should keep its traceback)."""
    place = where(database_url)
    cause: BaseException = error
    if isinstance(error, DBAPIError) and error.orig is not None:
        cause = error.orig
        # SQLAlchemy's asyncpg adapter wraps the driver's own exception once more.
        inner = getattr(cause, "__cause__", None)
        if inner is not None:
            cause = inner
    if isinstance(cause, ConnectionRefusedError):
        return f"cannot reach the {place}: connection refused (is the server running?)"
    if isinstance(cause, socket.gaierror):
        return f"cannot reach the {place}: unknown host"
    if isinstance(cause, TimeoutError):
        return f"cannot reach the {place}: it did not answer in time"
    if asyncpg is not None:
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return f"the {place} does not exist: create it (createdb) or fix DATABASE_URL"
        refused = asyncpg.InvalidAuthorizationSpecificationError | asyncpg.InvalidPasswordError
        if isinstance(cause, refused):
            return f"the {place} refused the user name or password in DATABASE_URL"
        if isinstance(cause, asyncpg.PostgresError | asyncpg.InterfaceError):
            return f"cannot use the {place}: {cause}"
    if isinstance(cause, OSError):
        return f"cannot reach the {place}: {cause.strerror or cause}"
    if isinstance(error, OperationalError | InterfaceError):
        return f"cannot open the {place}: {cause}"
    return None
