"""`gutcheck db copy --to postgresql+asyncpg://…`: an SQLite installation moves to PostgreSQL
with every row, verified per table, and the bot carries on there (new ids do not collide)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from bot.clock import FakeClock
from models.base import Base
from models.db import Database
from models.entities import Checkin, DayEntry, OutboxMessage, Pause, User
from sandbox.emulator import BotApiEmulator
from tests.cli.test_cli import gutcheck
from tests.conftest import (
    POSTGRES_URL,
    _create_postgres_database,
    _drop_postgres_database,
    postgres_url_for,
)
from tests.db.helpers import add_user
from tests.e2e.harness import bot_running

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not POSTGRES_URL.startswith("postgresql"),
        reason="TEST_DATABASE_URL does not point at PostgreSQL",
    ),
]
USERS = (4001, 4002, 4003)


@pytest_asyncio.fixture
async def empty_postgres() -> AsyncIterator[str]:
    name = await _create_postgres_database()
    try:
        yield postgres_url_for(name)
    finally:
        await _drop_postgres_database(name)


async def _counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        async with db.transaction() as session:
            return {
                table.name: int(
                    (await session.execute(select(func.count()).select_from(table))).scalar_one()
                )
                for table in Base.metadata.sorted_tables
            }
    finally:
        await db.dispose()


async def _a_day_of_use(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'gutcheck.db'}"
    clock = FakeClock(datetime(2025, 6, 2, 5, 0, tzinfo=UTC))
    async with (
        BotApiEmulator(token="123456789:TEST-token-for-the-gut-check-emulator") as emulator,
        bot_running(emulator, clock, url) as h,
    ):
        for user_id in USERS:
            emulator.add_user(user_id)
            await add_user(h.services.db, h.services.scheduler, clock, user_id, reminder_minutes=90)
        await h.advance(timedelta(hours=1, seconds=5))
        morning = h.last(USERS[0])
        await h.tap(USERS[0], morning, "7.5")
        await h.say(USERS[2], "/pause 3")
        await h.advance(timedelta(hours=2))  # USERS[1]'s reminder
    return url


async def test_copy_moves_every_row_and_verifies_the_counts(
    tmp_path: Path, empty_postgres: str
) -> None:
    source = await _a_day_of_use(tmp_path)
    before = await _counts(source)
    assert before["users"] == 3
    assert before["checkins"] >= 3
    assert before["day_entries"] >= 1
    assert before["outbox"] >= 1
    assert before["pauses"] == 1

    result = await asyncio.to_thread(
        gutcheck, "db", "copy", "--to", empty_postgres, env={"DATABASE_URL": source}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "verified: every table holds the same number of rows" in result.stdout
    assert "users: 3 rows copied" in result.stdout
    assert await _counts(empty_postgres) == before

    target = Database(empty_postgres)
    try:
        async with target.transaction() as session:
            entry = await session.get(DayEntry, (USERS[0], date(2025, 6, 2)))
            assert entry is not None
            assert entry.sleep_hours == 7.5
            assert (await session.get(User, USERS[1])) is not None
            # Sequences moved past the copied ids: the bot's next rows get fresh ones.
            highest = await session.scalar(select(func.max(Checkin.id)))
            checkin = Checkin(
                user_id=USERS[1],
                local_date=date(2025, 6, 3),
                slot="morning",
                origin="scheduled",
                status="claimed",
                created_at=datetime(2025, 6, 3, 6, tzinfo=UTC),
            )
            session.add(checkin)
            await session.flush()
            assert checkin.id > (highest or 0)
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) >= 1
            assert await session.scalar(select(func.count()).select_from(Pause)) == 1
    finally:
        await target.dispose()

    again = await asyncio.to_thread(
        gutcheck, "db", "copy", "--to", empty_postgres, env={"DATABASE_URL": source}, cwd=tmp_path
    )
    assert again.returncode == 2
    assert "already holds rows" in again.stderr
    assert "Traceback" not in again.stderr
