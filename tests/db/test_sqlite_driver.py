"""SQLite through models.sqlite_driver (one trip to aiosqlite's thread per statement, none in a
brief transaction): what SQLAlchemy reads from a cursor is what plain aiosqlite gives, and a
brief transaction never blocks the event loop waiting for another process's lock."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models.db import Database
from models.sqlite_driver import OneTripConnection


@pytest.mark.parametrize("brief", [False, True], ids=["on the thread", "brief, on the loop"])
async def test_rows_counts_ids_and_errors_come_back_as_from_aiosqlite(
    tmp_path: Path, brief: bool
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    try:
        async with db.transaction(brief=brief) as session:
            raw = await (await session.connection()).get_raw_connection()
            assert isinstance(raw.driver_connection, OneTripConnection)
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
            inserted = await session.execute(text("INSERT INTO t (name) VALUES (:n)"), {"n": "a"})
            assert inserted.lastrowid == 1
            assert inserted.rowcount == 1
            many = await session.execute(
                text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}]
            )
            assert many.rowcount == 2
            changed = await session.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
            assert changed.rowcount == 2
            rows = await session.execute(text("SELECT id, name FROM t ORDER BY id"))
            assert rows.all() == [(1, "a"), (2, "b!"), (3, "c!")]
            assert (await session.execute(text("SELECT id FROM t WHERE id > 9"))).first() is None

        async def insert_then_collide() -> None:
            async with db.transaction(brief=brief) as session:
                await session.execute(text("INSERT INTO t (name) VALUES ('b')"))
                await session.execute(text("INSERT INTO t (name) VALUES ('a')"))

        with pytest.raises(IntegrityError):
            await insert_then_collide()
        # The failed transaction was rolled back whole and its connection is usable again.
        async with db.transaction(brief=brief) as session:
            count = await session.execute(text("SELECT count(*) FROM t"))
            assert count.scalar_one() == 3
    finally:
        await db.dispose()


async def test_a_streamed_result_comes_back_whole_and_in_order_in_batches(tmp_path: Path) -> None:
    """`gutcheck db copy` streams each table in batches (fetchmany); single rows too."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'stream.db'}")
    try:
        async with db.transaction() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            await session.execute(
                text("INSERT INTO t (id) VALUES (:i)"), [{"i": i} for i in range(1, 2501)]
            )
        async with db.transaction() as session:
            result = await session.stream(text("SELECT id FROM t ORDER BY id"))
            batches = [[row.id for row in batch] async for batch in result.partitions(1000)]
            assert [len(batch) for batch in batches] == [1000, 1000, 500]
            assert [i for batch in batches for i in batch] == list(range(1, 2501))
            single = await session.stream(text("SELECT id FROM t WHERE id <= 2 ORDER BY id"))
            assert [row.id async for row in single] == [1, 2]
    finally:
        await db.dispose()


async def _thread_running_statements(session: AsyncSession) -> int:
    """The thread that runs this session's statements, asked of SQLite itself."""
    raw = await (await session.connection()).get_raw_connection()
    sqlite = raw.driver_connection._conn  # type: ignore[union-attr]
    sqlite.create_function("thread_id", 0, threading.get_ident)
    return int((await session.execute(text("SELECT thread_id()"))).scalar_one())


async def test_a_brief_transaction_runs_on_the_loop_and_others_on_the_thread(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'where.db'}")
    loop_thread = threading.get_ident()
    try:
        async with db.transaction(brief=True) as session:
            assert await _thread_running_statements(session) == loop_thread
        async with db.transaction() as session:
            assert await _thread_running_statements(session) != loop_thread
    finally:
        await db.dispose()


async def test_a_brief_transaction_waits_for_another_process_without_blocking_the_loop(
    tmp_path: Path,
) -> None:
    """Another process (an operator's `gutcheck` command, say) holds SQLite's write lock: the
    brief transaction waits its turn on aiosqlite's thread while the loop keeps answering."""
    path = tmp_path / "locked.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    try:
        async with db.transaction() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (id) VALUES (1)")

        ticks = 0

        async def ticking() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        async def brief_insert() -> float:
            async with db.transaction(brief=True) as session:
                await session.execute(text("INSERT INTO t (id) VALUES (2)"))
            return time.monotonic()

        ticker = asyncio.create_task(ticking())
        insert = asyncio.create_task(brief_insert())
        await asyncio.sleep(0.4)
        assert not insert.done()
        assert ticks >= 10  # the loop ran on while the insert waited for the lock
        released = time.monotonic()
        other.execute("COMMIT")
        assert await asyncio.wait_for(insert, 5) >= released
        ticker.cancel()
        other.close()
        async with db.transaction(brief=True) as session:
            ids = (await session.execute(text("SELECT id FROM t ORDER BY id"))).scalars().all()
            assert ids == [1, 2]
    finally:
        await db.dispose()
