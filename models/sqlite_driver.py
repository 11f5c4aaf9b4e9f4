"""aiosqlite with one trip to its thread per statement, and none in a brief transaction.

aiosqlite runs each sqlite3 call on the connection's own thread, and SQLAlchemy's adapter makes
four such calls per statement (open a cursor, execute, fetch the rows, close the cursor): four
hand-offs between the event loop and the thread, each a queue put, a thread wake-up and a
callback back on the loop. A button press runs about seven statements, so those hand-offs were
a large share of its CPU. Here a statement is opened, executed, fetched and closed in one call
on the thread; the cursor SQLAlchemy sees holds the results. Everything else (transactions,
the thread, closing) is aiosqlite's own.

A brief transaction a person is waiting on (a button press: a handful of indexed statements,
see :func:`statements_on_loop`) skips the thread altogether: its ``BEGIN IMMEDIATE``, its
statements and its ``COMMIT`` run directly on the event loop's thread. Each takes tens of
microseconds, less than a hand-off, and a hand-off also waits for the loop's thread to let go
of the GIL. Nothing there waits for a lock: ``BEGIN IMMEDIATE`` is tried without SQLite's busy
timeout and, if another process holds the write lock, taken on the thread instead, where
waiting is harmless; inside a begun write transaction in WAL mode no statement waits. A
``COMMIT`` that fills the WAL up to SQLite's auto-checkpoint (about every 250 presses) copies
it into the database file there, a few milliseconds. Bulk work (claims, exports, copies) keeps
every statement on the thread, so the loop stays free while SQLite works.

Used by :func:`models.db.create_engine` for SQLite databases (``do_connect``).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from typing import Any, cast

import aiosqlite

BEGIN_IMMEDIATE = "BEGIN IMMEDIATE"
"""How every transaction begins (:func:`models.db.create_engine`): the only statement that waits
for SQLite's write lock."""

_on_loop: ContextVar[bool] = ContextVar("gutcheck_sqlite_statements_on_loop", default=False)


@contextmanager
def statements_on_loop() -> Iterator[None]:
    """Within this block, transactions run on the event loop's thread (see the module
    docstring). Only for a few short, indexed statements."""
    token = _on_loop.set(True)
    try:
        yield
    finally:
        _on_loop.reset(token)


# What a statement leaves behind: description, rowcount, lastrowid, and every row.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Outcome:
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _begin_without_waiting(connection: sqlite3.Connection) -> _Outcome | None:
    """``BEGIN IMMEDIATE`` if SQLite's write lock is free right now, else None (another
    process holds it)."""
    (timeout,) = connection.execute("PRAGMA busy_timeout").fetchone()
    connection.execute("PRAGMA busy_timeout=0")
    try:
        return _run(connection, BEGIN_IMMEDIATE, (), False)
    except sqlite3.OperationalError as error:
        # The primary code: extended ones (SQLITE_BUSY_RECOVERY, …) are busy too.
        if error.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY:
            raise
        return None
    finally:
        connection.execute(f"PRAGMA busy_timeout={int(timeout)}")


class OneTripCursor:
    """The part of aiosqlite's ``Cursor`` that SQLAlchemy's adapter uses, with the statement's
    results already read on the connection's thread."""

    def __init__(self, connection: OneTripConnection) -> None:
        self._connection = connection
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None
        self.arraysize = 1
        self._rows: deque[Any] = deque()

    async def __aenter__(self) -> OneTripCursor:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    def _keep(self, outcome: _Outcome) -> OneTripCursor:
        self.description, self.rowcount, self.lastrowid, rows = outcome
        # A deque: streamed results are taken from the front a row or a batch at a time.
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Any = ()) -> OneTripCursor:
        parameters = () if parameters is None else parameters
        return self._keep(await self._connection.run(sql, parameters, many=False))

    async def executemany(self, sql: str, parameters: Any) -> OneTripCursor:
        return self._keep(await self._connection.run(sql, parameters, many=True))

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = self.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> Sequence[Any]:
        taken, self._rows = list(self._rows), deque()
        return taken

    async def close(self) -> None:
        self._rows.clear()


class OneTripConnection(aiosqlite.Connection):
    """An aiosqlite connection whose cursors run each statement in one trip to its thread."""

    def cursor(self) -> OneTripCursor:  # type: ignore[override]
        return OneTripCursor(self)

    async def run(self, sql: str, parameters: Any, *, many: bool) -> _Outcome:
        """Run one statement and return what it left behind: on the connection's thread, or
        on the loop's within :func:`statements_on_loop` (see the module docstring)."""
        if _on_loop.get():
            if sql == BEGIN_IMMEDIATE and not self._conn.in_transaction:
                begun = _begin_without_waiting(self._conn)
                if begun is not None:
                    return begun
            elif self._conn.in_transaction:
                return _run(self._conn, sql, parameters, many)
        queue = cast(Callable[..., Awaitable[_Outcome]], self._execute)
        return await queue(_run, self._conn, sql, parameters, many)

    async def commit(self) -> None:
        if _on_loop.get():
            self._conn.commit()
            return
        await super().commit()


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """As ``aiosqlite.connect`` (SQLAlchemy passes the same arguments)."""
    connection = OneTripConnection(partial(sqlite3.connect, database, **kwargs), 64)
    # As SQLAlchemy does for aiosqlite's own connections: the thread never blocks exit.
    connection._thread.daemon = True
    return connection
