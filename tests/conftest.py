"""Shared fixtures: a fresh database per test (SQLite always; PostgreSQL too when
TEST_DATABASE_URL points at one), a controllable clock, and the Bot API emulator for the tests
that drive the real application (e2e, reliability, fleet)."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from bot.clock import FakeClock
from models.base import Base
from models.db import Database
from models.entities import *  # noqa: F403  (every table on Base.metadata)

if TYPE_CHECKING:
    from sandbox.emulator import BotApiEmulator

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")

BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                not POSTGRES_URL.startswith("postgresql"),
                reason="TEST_DATABASE_URL does not point at PostgreSQL",
            ),
        ],
    ),
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Hypothesis tests (hundreds of generated cases each) are marked ``property``, so the
    quick loop (`make test-fast`) can leave them to the full suite."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.property)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 6, 2, 5, 0, tzinfo=UTC))  # Monday 07:00 in Berlin


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    # Imported here: the emulator brings in python-telegram-bot, which unit tests never need.
    from sandbox.emulator import BotApiEmulator
    from tests.e2e.harness import TOKEN

    async with BotApiEmulator(token=TOKEN, bot_username="GutCheckBot") as running:
        yield running


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'gutcheck.db'}"


def _admin_url() -> str:
    return POSTGRES_URL


async def _create_postgres_database() -> str:
    """A throw-away database per test, so tests never see each other's rows."""
    name = f"gutcheck_test_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return name


async def _drop_postgres_database(name: str) -> None:
    engine = create_async_engine(_admin_url(), isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


def postgres_url_for(name: str) -> str:
    return str(make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False))


@pytest_asyncio.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield sqlite_url(tmp_path)
        return
    name = await _create_postgres_database()
    try:
        yield postgres_url_for(name)
    finally:
        await _drop_postgres_database(name)


@pytest_asyncio.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    async with database.engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    try:
        yield database
    finally:
        await database.dispose()
