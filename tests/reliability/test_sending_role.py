"""Several ``gutcheck run`` processes on one database: one holds the sending role (polls and
sends scheduled messages), the others stand by and take over when it dies.

On PostgreSQL the role is an advisory lock; on SQLite a lock file next to the database. Both
backends run every test here (PostgreSQL when TEST_DATABASE_URL points at one).
"""

from __future__ import annotations

import asyncio
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from models.db import create_engine
from models.migrate import head_revision
from sandbox.emulator import BotApiEmulator
from tests.reliability.conftest import DatabaseFactory, Figures, prepare_due
from tests.reliability.world import (
    TOKEN,
    BotProcess,
    DatabaseUnderTest,
    bot_environment,
    chats_with_messages,
    delivered,
    wait_until,
    wait_until_async,
)

pytestmark = pytest.mark.slow

HOLDS = "this process holds the sending role"
STANDBY = "standby: another Gut Check process holds the sending role"
TICK_SECONDS = 1
SEND_WORKERS = 16
LEASE_SECONDS = 10
START_SECONDS = 60


def role_env(emulator: BotApiEmulator, database: DatabaseUnderTest, **extra: str) -> dict[str, str]:
    return bot_environment(
        emulator,
        database.url,
        SCHEDULER_TICK_SECONDS=str(TICK_SECONDS),
        SEND_LEASE_SECONDS=str(LEASE_SECONDS),
        SEND_WORKERS=str(SEND_WORKERS),
        LOG_LEVEL="INFO",
        **extra,
    )


def conflicts(emulator: BotApiEmulator) -> int:
    return sum(request.status == 409 for request in emulator.requests_for("getUpdates"))


async def test_a_second_polling_process_stands_by_and_takes_over_when_the_first_dies(
    tmp_path: Path, databases: DatabaseFactory
) -> None:
    database = await databases("bot")
    # Migrated, with one user whose check-in is far away: nothing scheduled yet.
    await prepare_due(database, 1_000, 1, datetime.now(UTC) + timedelta(hours=6))
    person = 4242
    due_users = range(2_000, 2_020)
    async with BotApiEmulator(token=TOKEN, bot_username="GutCheckBot") as emulator:
        emulator.add_user(person, first_name="Ada")
        for user_id in due_users:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = role_env(emulator, database)
        with BotProcess(env, tmp_path / "first.log", cwd=tmp_path) as first:
            assert await wait_until(lambda: HOLDS in first.log(), START_SECONDS), first.log()
            with BotProcess(env, tmp_path / "second.log", cwd=tmp_path) as second:
                assert await wait_until(lambda: STANDBY in second.log(), START_SECONDS), (
                    second.log()
                )
                # The leader polls: a person who writes gets an answer.
                emulator.send_message(person, "/start")
                assert await wait_until(lambda: emulator.chat(person).sent_by_bot > 0, 30)

                await first.kill()
                answered = emulator.chat(person).sent_by_bot
                emulator.send_message(person, "/help")
                assert await wait_until(lambda: emulator.chat(person).sent_by_bot > answered, 30), (
                    second.log()[-3000:]
                )

                # ...and it sends scheduled check-ins too: users who fall due now get theirs.
                await prepare_due(database, due_users[0], len(due_users), datetime.now(UTC))
                assert await wait_until(
                    lambda: all(emulator.chat(u).sent_by_bot == 1 for u in due_users), 30
                ), second.log()[-3000:]
                log = second.log()

    assert log.count(STANDBY) == 1  # one line while waiting, not one per tick
    assert HOLDS in log
    assert conflicts(emulator) == 0  # never two getUpdates callers at once
    assert "Traceback" not in log


async def test_killing_the_leader_mid_fanout_loses_nothing_and_repeats_only_in_flight_sends(
    tmp_path: Path, databases: DatabaseFactory, report_figures: Figures
) -> None:
    users = 2_000
    first_user = 7_000_000
    user_ids = range(first_user, first_user + users)
    database = await databases("fleet")
    # Due a little ahead, so that all three workers are up when the fan-out starts.
    due = (datetime.now(UTC) + timedelta(seconds=12)).replace(microsecond=0)
    await prepare_due(database, first_user, users, due)
    kill_at = random.Random(20261206).randint(300, 1_500)
    async with BotApiEmulator(token=TOKEN, enforce_rate_limits=False) as emulator:
        for user_id in user_ids:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = role_env(emulator, database, TELEGRAM_PAID_BROADCAST="true")
        with (
            BotProcess(env, tmp_path / "worker-1.log", cwd=tmp_path) as one,
            BotProcess(env, tmp_path / "worker-2.log", cwd=tmp_path) as two,
            BotProcess(env, tmp_path / "worker-3.log", cwd=tmp_path) as three,
        ):
            workers = [one, two, three]
            assert await wait_until(
                lambda: (
                    sum(HOLDS in w.log() for w in workers) == 1
                    and sum(STANDBY in w.log() for w in workers) == 2
                ),
                START_SECONDS,
            ), [w.log()[-1500:] for w in workers]
            assert await wait_until(lambda: delivered(emulator) >= kill_at, START_SECONDS + 30)
            leader = next(w for w in workers if HOLDS in w.log())
            await leader.kill()
            killed = time.monotonic()
            await asyncio.sleep(0.2)  # requests already on their way are answered
            delivered_at_kill = delivered(emulator)
            recorded_at_kill = sum(row.status == "sent" for row in (await database.read()).checkins)
            survivors = [w for w in workers if w is not leader]
            # A standby asks at every tick (1 s here); measured, and reported with the figures.
            assert await wait_until(lambda: any(HOLDS in w.log() for w in survivors), 30)
            takeover_seconds = time.monotonic() - killed

            async def everyone_sent_and_recorded() -> bool:
                return chats_with_messages(emulator) >= users and (
                    await database.unsent_checkins() == 0
                )

            done = await wait_until_async(everyone_sent_and_recorded, LEASE_SECONDS + 60)
            await asyncio.sleep(0.3)  # a duplicate in flight would arrive meanwhile
            logs = [w.log() for w in survivors]

    per_user = [emulator.chat(user_id).sent_by_bot for user_id in user_ids]
    duplicates = sum(n - 1 for n in per_user if n > 1)
    losses = per_user.count(0)
    unrecorded = delivered_at_kill - recorded_at_kill
    new_leaders = sum(HOLDS in log for log in logs)
    backend = "SQLite" if database.path is not None else "PostgreSQL"
    report_figures(
        f"Killing the leader: 3 workers, {users} users due at once ({backend})",
        [
            "killed at  recorded  unrecorded  take-over s  dup  lost  new leaders",
            f"{delivered_at_kill:>9} {recorded_at_kill:>9} {unrecorded:>11}"
            f" {takeover_seconds:>12.2f} {duplicates:>4} {losses:>5} {new_leaders:>12}",
        ],
    )
    assert done, f"not finished: {losses} users without a check-in"
    assert losses == 0
    assert unrecorded <= SEND_WORKERS
    assert duplicates == unrecorded  # only what Telegram had accepted and nobody recorded
    assert new_leaders == 1  # exactly one standby took over; the other kept standing by
    assert all("Traceback" not in log for log in logs)


@pytest.mark.postgres
async def test_two_processes_starting_on_an_empty_postgres_database_both_start(
    tmp_path: Path, databases: DatabaseFactory
) -> None:
    database = await databases("empty")
    if database.path is not None:
        pytest.skip("SQLite serialises migrations itself (one writer at a time)")
    async with BotApiEmulator(token=TOKEN, bot_username="GutCheckBot") as emulator:
        env = role_env(emulator, database)
        with (
            BotProcess(env, tmp_path / "a.log", cwd=tmp_path) as a,
            BotProcess(env, tmp_path / "b.log", cwd=tmp_path) as b,
        ):
            both = await wait_until(
                lambda: "Application started" in a.log() and "Application started" in b.log(),
                START_SECONDS,
            )
            logs = [a.log(), b.log()]
            exit_codes = [a.exit_code(), b.exit_code()]
    assert both, logs
    assert exit_codes == [None, None]  # both still running
    # Alembic logs each migration it applies: the first revision was applied once, in all.
    assert sum(log.count("Running upgrade  -> 0001") for log in logs) == 1, logs
    engine = create_engine(database.url)
    try:
        async with engine.connect() as connection:
            versions = await connection.execute(text("SELECT version_num FROM alembic_version"))
            assert [row[0] for row in versions] == [head_revision()]
    finally:
        await engine.dispose()


async def test_two_processes_at_the_free_rate_stay_within_telegrams_limit(
    tmp_path: Path, databases: DatabaseFactory
) -> None:
    """Each process alone sends at 30/s; two used to send at 60/s and drew hundreds of 429s.
    With the sending role only one of them sends scheduled messages."""
    users = 240  # eight seconds at the cap
    first_user = 7_500_000
    database = await databases("pair")
    due = (datetime.now(UTC) + timedelta(seconds=8)).replace(microsecond=0)
    await prepare_due(database, first_user, users, due)
    async with BotApiEmulator(token=TOKEN) as emulator:  # Telegram's flood limits enforced
        for user_id in range(first_user, first_user + users):
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = role_env(emulator, database)
        with (
            BotProcess(env, tmp_path / "one.log", cwd=tmp_path) as one,
            BotProcess(env, tmp_path / "two.log", cwd=tmp_path) as two,
        ):
            everyone = await wait_until(lambda: chats_with_messages(emulator) >= users, 90)
            await asyncio.sleep(0.5)
            logs = [one.log(), two.log()]
        statuses = emulator.stats(per_chat=False)["statuses"]
        per_user = [emulator.chat(u).sent_by_bot for u in range(first_user, first_user + users)]
    assert everyone, logs
    assert sum(HOLDS in log for log in logs) == 1
    assert "429" not in statuses, statuses
    assert set(per_user) == {1}
