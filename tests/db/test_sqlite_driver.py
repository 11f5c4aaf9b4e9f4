"""SQLite through models.sqlite_driver (one trip to aiosqlite's thread per statement): what
SQLAlchemy reads from a cursor is what plain aiosqlite gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from models.db import Database
from models.sqlite_driver import OneTripConnection


async def test_rows_counts_ids_and_errors_come_back_as_from_aiosqlite(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    try:
        async with db.transaction() as session:
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
        with pytest.raises(IntegrityError):
            async with db.transaction() as session:
                await session.execute(text("INSERT INTO t (name) VALUES ('a')"))
        # The failed transaction was rolled back and its connection is usable again.
        async with db.transaction() as session:
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
