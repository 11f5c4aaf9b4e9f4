"""Alembic environment: async engines, batch mode for SQLite's limited ALTER TABLE."""

from __future__ import annotations

import asyncio
import contextlib

from alembic import context
from sqlalchemy import pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from models.base import Base
from models.entities import *  # noqa: F403  (registers every table on Base.metadata)

config = context.config
target_metadata = Base.metadata


# Two processes starting at once on an empty PostgreSQL database both ran the migrations and
# one died on a duplicate key; under this advisory lock the second waits, then finds the schema
# current (the version is read after the lock is taken). SQLite serialises writers itself.
MIGRATION_LOCK_KEY = 0x6775_7463_6D69_6772  # b"gutcmigr"


def _configure_and_run(connection: Connection) -> None:
    serialised = connection.dialect.name == "postgresql"
    if serialised:
        connection.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
        connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        if serialised:
            with contextlib.suppress(Exception):
                connection.rollback()
                connection.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
                connection.commit()


async def _run_async(url: str) -> None:
    # No app listeners here: batch mode must run without foreign_keys=ON (Alembic docs).
    engine = create_async_engine(url, poolclass=pool.NullPool)
    async with engine.connect() as connection:
        await connection.run_sync(_configure_and_run)
    await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure_and_run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set"
    asyncio.run(_run_async(url))


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
