"""Engine and session factory: one short transaction per unit of work."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry, PoolResetState

from models import sqlite_driver
from models.database_url import DatabaseUrlError, parse_database_url, sqlite_file
from models.sqlite_driver import statements_on_loop

SQLITE_BUSY_TIMEOUT_MS = 10_000

_in_transaction: ContextVar[bool] = ContextVar("gutcheck_in_transaction", default=False)


def ensure_sqlite_folder(database_url: str) -> None:
    """Create the folder of a SQLite database file (code that names its own path: tests,
    benchmarks, the sandbox). The ``gutcheck`` command checks an operator's path first with
    :func:`models.database_url.prepare_sqlite_folder`, which creates folders only under the
    working directory or /data."""
    path = sqlite_file(parse_database_url(database_url))
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUrlError(
            f"cannot create the folder {path.parent} for the SQLite database: {error.strerror}"
        ) from None


def _configure_sqlite(engine: AsyncEngine) -> None:
    """WAL, foreign keys, a busy timeout, and BEGIN IMMEDIATE.

    The sqlite3 driver's legacy mode runs SELECTs outside any transaction (lost updates) and a
    deferred BEGIN fails on the read-to-write upgrade; BEGIN IMMEDIATE serialises writers.
    """

    @event.listens_for(engine.sync_engine, "do_connect")
    def _do_connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        # aiosqlite with one trip to its thread per statement (models.sqlite_driver).
        return dialect.dbapi.connect(*cargs, async_creator_fn=sqlite_driver.connect, **cparams)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(sqlite_driver.BEGIN_IMMEDIATE)

    @event.listens_for(engine.sync_engine.pool, "reset")
    def _on_reset(
        dbapi_connection: Any, record: ConnectionPoolEntry, state: PoolResetState
    ) -> None:
        # The pool's own reset is a ROLLBACK on every return: one more trip to aiosqlite's
        # thread after each committed transaction. The driver knows whether a transaction is
        # open (a plain read of sqlite3's flag), so roll back only then.
        if state.asyncio_safe and not state.terminate_only and _sqlite_in_transaction(record):
            dbapi_connection.rollback()


def _sqlite_in_transaction(record: ConnectionPoolEntry) -> bool:
    return bool(getattr(record.driver_connection, "in_transaction", True))


def create_engine(database_url: str, **kwargs: Any) -> AsyncEngine:
    ensure_sqlite_folder(database_url)
    if database_url.startswith("sqlite"):
        # Rolled back only when a transaction is open: see _configure_sqlite's reset.
        kwargs.setdefault("pool_reset_on_return", None)
    engine = create_async_engine(database_url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


SessionFactory = async_sessionmaker[AsyncSession]
# What a transaction hands to store functions; services pass it along without knowing it is
# SQLAlchemy's (SQL lives only in models/).
Session = AsyncSession


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


class Database:
    """The engine plus its session factory, created at start-up and disposed at shutdown.

    On SQLite, transactions of this process take turns on an asyncio lock: SQLite allows one
    writer at a time anyway, and waiting on the lock is far cheaper than SQLite's busy handler
    sleeping and retrying when many coroutines start transactions at once.
    """

    def __init__(self, database_url: str, **engine_kwargs: Any) -> None:
        self.url = database_url
        self.engine = create_engine(database_url, **engine_kwargs)
        self.sessions = create_session_factory(self.engine)
        self._writer = asyncio.Lock() if self.engine.dialect.name == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self, *, brief: bool = False) -> AsyncIterator[AsyncSession]:
        """A session inside one committed-or-rolled-back transaction. Transactions must not
        nest: a service opens one, and the queries it calls share its session.

        ``brief``: a person is waiting on it and it runs a few short, indexed statements (a
        button press, a typed answer). On SQLite those then run on the event loop's thread
        once the transaction has begun, skipping a hand-off to aiosqlite's thread each
        (:mod:`models.sqlite_driver`); elsewhere it changes nothing."""
        if _in_transaction.get():
            raise RuntimeError("nested Database.transaction(): pass the session down instead")
        token = _in_transaction.set(True)
        try:
            with statements_on_loop() if brief else nullcontext():
                async with self._turn(), self.sessions() as session, session.begin():
                    yield session
        finally:
            _in_transaction.reset(token)

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        if self._writer is None:
            yield
            return
        async with self._writer:
            yield

    async def dispose(self) -> None:
        await self.engine.dispose()
