"""aiosqlite with one trip to its thread per statement.

aiosqlite runs each sqlite3 call on the connection's own thread, and SQLAlchemy's adapter makes
four such calls per statement (open a cursor, execute, fetch the rows, close the cursor): four
hand-offs between the event loop and the thread, each a queue put, a thread wake-up and a
callback back on the loop. A button press runs about seven statements, so those hand-offs were
a large share of its CPU. Here a statement is opened, executed, fetched and closed in one call
on the thread; the cursor SQLAlchemy sees holds the results. Everything else (transactions,
the thread, closing) is aiosqlite's own.

Used by :func:`models.db.create_engine` for SQLite databases (``do_connect``).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, cast

import aiosqlite

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
        return self._keep(await self._connection.on_thread(sql, parameters, many=False))

    async def executemany(self, sql: str, parameters: Any) -> OneTripCursor:
        return self._keep(await self._connection.on_thread(sql, parameters, many=True))

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

    async def on_thread(self, sql: str, parameters: Any, *, many: bool) -> _Outcome:
        """Run one statement on the connection's thread and return what it left behind."""
        queue = cast(Callable[..., Awaitable[_Outcome]], self._execute)
        return await queue(_run, self._conn, sql, parameters, many)


def connect(database: str, **kwargs: Any) -> OneTripConnection:
    """As ``aiosqlite.connect`` (SQLAlchemy passes the same arguments)."""
    connection = OneTripConnection(partial(sqlite3.connect, database, **kwargs), 64)
    # As SQLAlchemy does for aiosqlite's own connections: the thread never blocks exit.
    connection._thread.daemon = True
    return connection
