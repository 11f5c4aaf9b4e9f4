"""``gutcheck db copy --to URL``: move an installation to another database (typically from
SQLite to PostgreSQL when one process is no longer enough), then verify row counts.

The target is migrated to the current schema first and must hold no rows. Every table is
copied in foreign-key order inside one transaction on the target, so a failure leaves it
empty; PostgreSQL's id sequences are moved past the copied ids. The source is read inside one
read transaction, a consistent snapshot even if the bot is still running (SQLite WAL); stop
the bot first anyway, or answers given during the copy stay behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, event, func, insert, pool, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from models.base import Base
from models.entities import *  # noqa: F403  (every table on Base.metadata)
from models.migrate import current_revision, head_revision, upgrade

CHUNK_ROWS = 2_000


class CopyRefused(Exception):
    """The copy cannot start (the message says why); nothing was written."""


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def matches(self) -> bool:
        return self.source == self.target


def _tables() -> list[Table]:
    return [table for table in Base.metadata.sorted_tables if table.name != "alembic_version"]


def _reading_engine(url: str) -> AsyncEngine:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    if engine.dialect.name == "sqlite":
        # The driver's legacy mode runs SELECTs outside any transaction; an explicit BEGIN
        # makes all the reads one snapshot.
        @event.listens_for(engine.sync_engine, "connect")
        def _autocommit(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine.sync_engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

    return engine


async def copy_database(
    source_url: str, target_url: str, *, progress: Callable[[str, int], None] | None = None
) -> list[TableCount]:
    if source_url == target_url:
        raise CopyRefused("the target is the database the bot uses now")
    head = head_revision()
    if await current_revision(source_url) != head:
        raise CopyRefused(
            "the source database is not at the current schema: run `gutcheck db upgrade` first"
        )
    upgrade(target_url)
    source = _reading_engine(source_url)
    target = create_async_engine(target_url, poolclass=pool.NullPool)
    try:
        async with source.connect() as reader, target.begin() as writer:
            await reader.begin()
            for table in _tables():
                if await _count(writer, table):
                    raise CopyRefused(
                        f"the target database already holds rows (table {table.name}); copy "
                        "into an empty database"
                    )
            for table in _tables():
                copied = await _copy_table(reader, writer, table)
                if progress is not None:
                    progress(table.name, copied)
            if writer.dialect.name == "postgresql":
                await _advance_sequences(writer)
            counts = [
                TableCount(table.name, await _count(reader, table), await _count(writer, table))
                for table in _tables()
            ]
            if not all(count.matches for count in counts):
                # Raising rolls the target back: better no copy than a partial one.
                raise CopyMismatch(counts)
        return counts
    finally:
        await source.dispose()
        await target.dispose()


class CopyMismatch(Exception):
    def __init__(self, counts: list[TableCount]) -> None:
        wrong = ", ".join(f"{c.table}: {c.source} → {c.target}" for c in counts if not c.matches)
        super().__init__(f"row counts differ after the copy ({wrong}); nothing was kept")
        self.counts = counts


async def _count(connection: AsyncConnection, table: Table) -> int:
    return int((await connection.execute(select(func.count()).select_from(table))).scalar_one())


async def _copy_table(reader: AsyncConnection, writer: AsyncConnection, table: Table) -> int:
    copied = 0
    result = await reader.stream(select(table).order_by(*table.primary_key.columns))
    async for chunk in result.mappings().partitions(CHUNK_ROWS):
        rows = [dict(row) for row in chunk]
        await writer.execute(insert(table), rows)
        copied += len(rows)
    return copied


async def _advance_sequences(writer: AsyncConnection) -> None:
    """Copied rows keep their ids; the next id a sequence hands out must be past them."""
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is not True and not (
                column.autoincrement == "auto" and len(table.primary_key.columns) == 1
            ):
                continue
            sequence = await writer.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": table.name, "column": column.name},
            )
            if sequence is None:
                continue
            await writer.execute(
                text(
                    f'SELECT setval(:sequence, COALESCE(MAX("{column.name}"), 1), '
                    f'MAX("{column.name}") IS NOT NULL) FROM "{table.name}"'
                ),
                {"sequence": sequence},
            )
