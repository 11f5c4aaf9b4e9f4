"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL,
and can be run twice (a restart) without harm."""

from __future__ import annotations

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import pool
from sqlalchemy.ext.asyncio import create_async_engine

from models.base import Base
from models.migrate import current_revision, head_revision, upgrade


async def schema_differences(url: str) -> list[object]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}),
                    Base.metadata,
                )
            )
    finally:
        await engine.dispose()


async def test_migrations_match_the_models(database_url: str) -> None:
    await asyncio.to_thread(upgrade, database_url)
    assert await current_revision(database_url) == head_revision()
    assert await schema_differences(database_url) == []


async def test_upgrading_twice_is_harmless(database_url: str) -> None:
    await asyncio.to_thread(upgrade, database_url)
    await asyncio.to_thread(upgrade, database_url)
    assert await current_revision(database_url) == head_revision()
