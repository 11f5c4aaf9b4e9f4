"""SIGTERM in the middle of a fan-out (what ``docker stop`` and systemd send): the bot stops
claiming, lets the sends already in flight finish and be recorded, hands the other claims back
for immediate retry, and exits 0 within 10 s. After a restart every user has exactly one
check-in.

The restart keeps the default lease (120 s) and the test gives it 60 s: a claim that was not
handed back would only be retried after its lease ran out, and the test would see the loss.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from sandbox.emulator import BotApiEmulator
from tests.reliability.conftest import DatabaseFactory, Figures, prepare_due
from tests.reliability.world import (
    TOKEN,
    BotProcess,
    DatabaseUnderTest,
    bot_environment,
    chats_with_messages,
    delivered,
    due_a_minute_ago,
    wait_until,
)

FIRST_USER = 9_000_000
SEND_WORKERS = 16
SIGTERM_EXIT_SECONDS = 10
# The sends under way when the signal arrives answer this late (PTB waits up to 5 s).
IN_FLIGHT_SECONDS = 1.5
RESTART_DEADLINE_SECONDS = 60


@dataclass(frozen=True)
class Scenario:
    users: int
    paid_broadcast: bool  # 1,000 msg/s instead of 30
    signal_after_messages: int


@dataclass(frozen=True)
class Stop:
    exit_code: int | None
    exit_seconds: float
    delivered_at_signal: int
    delivered_at_exit: int
    log: str


async def sigterm(bot: BotProcess, emulator: BotApiEmulator) -> Stop:
    delivered_at_signal = delivered(emulator)
    signalled = time.monotonic()
    bot.terminate()
    exit_code = await bot.wait(SIGTERM_EXIT_SECONDS)
    exit_seconds = time.monotonic() - signalled
    return Stop(exit_code, exit_seconds, delivered_at_signal, delivered(emulator), bot.log())


async def world(databases: DatabaseFactory, users: int) -> DatabaseUnderTest:
    database = await databases("bot")
    await prepare_due(database, FIRST_USER, users, due_a_minute_ago())
    return database


def bot_env(emulator: BotApiEmulator, database: DatabaseUnderTest, *, paid: bool) -> dict[str, str]:
    return bot_environment(
        emulator,
        database.url,
        SCHEDULER_TICK_SECONDS="1",
        TELEGRAM_PAID_BROADCAST="true" if paid else "false",
        SEND_WORKERS=str(SEND_WORKERS),
        LOG_LEVEL="INFO",
    )


@pytest.mark.parametrize(
    "scenario",
    [
        pytest.param(Scenario(1_000, True, 200), id="1000-users-paid-broadcast"),
        pytest.param(Scenario(150, False, 40), id="150-users-30-per-second"),
    ],
)
async def test_sigterm_mid_fanout_finishes_in_flight_sends_and_hands_the_rest_back(
    scenario: Scenario, tmp_path: Path, report_figures: Figures, databases: DatabaseFactory
) -> None:
    database = await world(databases, scenario.users)
    user_ids = range(FIRST_USER, FIRST_USER + scenario.users)
    # Telegram's flood limits are enforced: the bot must pace itself while stopping too.
    async with BotApiEmulator(token=TOKEN) as emulator:
        for user_id in user_ids:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = bot_env(emulator, database, paid=scenario.paid_broadcast)

        with BotProcess(env, tmp_path / "stopped.log", cwd=tmp_path) as bot:
            assert await wait_until(
                lambda: delivered(emulator) >= scenario.signal_after_messages, 60
            )
            # The next sends answer late, so some are surely in flight at the signal.
            emulator.delay_next("sendMessage", seconds=IN_FLIGHT_SECONDS, times=SEND_WORKERS)
            await asyncio.sleep(0.2)
            stop = await sigterm(bot, emulator)
        stopped_at = datetime.now(UTC)

        assert stop.exit_code == 0, stop.log[-3000:]
        assert stop.exit_seconds <= SIGTERM_EXIT_SECONDS
        assert "Application is stopping" in stop.log  # PTB: no more updates, no more ticks
        assert "still being sent" not in stop.log  # the in-flight sends finished in time
        assert "Traceback" not in stop.log
        # The bot waited for the late answers instead of hanging up on them...
        assert all(r.status != 499 for r in emulator.requests_for("sendMessage"))
        # ...so every message that arrived is recorded, and none will be sent again.
        rows = (await database.read()).checkins
        sent = [row for row in rows if row.status == "sent"]
        handed_back = [row for row in rows if row.status == "queued"]
        assert len(sent) == stop.delivered_at_exit
        assert handed_back, "the signal came after the fan-out: nothing was interrupted"
        # Handed back for immediate retry, not left to a lease that runs for minutes.
        assert all(retry_at(row.lease_until) <= stopped_at for row in handed_back)

        with BotProcess(env, tmp_path / "restarted.log", cwd=tmp_path) as again:
            everyone = await wait_until(
                lambda: chats_with_messages(emulator) >= scenario.users, RESTART_DEADLINE_SECONDS
            )
            await asyncio.sleep(0.3)  # a duplicate in flight would arrive meanwhile
            second_stop = await sigterm(again, emulator)

        per_user = [emulator.chat(user_id).sent_by_bot for user_id in user_ids]
        report_figures(
            f"SIGTERM mid fan-out: {scenario.users} users, "
            f"{'paid broadcast' if scenario.paid_broadcast else '30 msg/s'}",
            [
                "sent before signal  sent while stopping  handed back  exit  exit after s"
                "  after restart: dup lost",
                f"{stop.delivered_at_signal:>18}"
                f" {stop.delivered_at_exit - stop.delivered_at_signal:>20}"
                f" {len(handed_back):>12} {stop.exit_code!s:>5} {stop.exit_seconds:>13.2f}"
                f" {sum(n - 1 for n in per_user if n > 1):>20} {per_user.count(0):>4}",
            ],
        )
        assert everyone, f"not everyone got the check-in after the restart: {per_user.count(0)}"
        assert set(per_user) == {1}
        assert second_stop.exit_code == 0, second_stop.log[-3000:]
        state = await database.read()
        assert state.integrity == "ok"
        assert {row.status for row in state.checkins} == {"sent"}


def retry_at(stored: str | None) -> datetime:
    assert stored is not None
    return datetime.fromisoformat(stored).replace(tzinfo=UTC)


async def test_sigterm_while_telegram_hangs_exits_in_time_and_hands_back_the_queued_claims(
    tmp_path: Path, report_figures: Figures, databases: DatabaseFactory
) -> None:
    users = 1_000
    database = await world(databases, users)
    async with BotApiEmulator(token=TOKEN) as emulator:
        for user_id in range(FIRST_USER, FIRST_USER + users):
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = bot_env(emulator, database, paid=True)
        with BotProcess(env, tmp_path / "stopped.log", cwd=tmp_path) as bot:
            assert await wait_until(lambda: delivered(emulator) >= 100, 60)
            # From now on Telegram takes every request and never answers in time.
            emulator.delay_next("sendMessage", seconds=60, times=100_000, deliver=False)
            await asyncio.sleep(1.0)  # every worker is now waiting for an answer
            stop = await sigterm(bot, emulator)
        stopped_at = datetime.now(UTC)
    queued = [row for row in (await database.read()).checkins if row.status == "queued"]
    still_leased = [row for row in queued if retry_at(row.lease_until) > stopped_at]
    report_figures(
        "SIGTERM while Telegram does not answer: 1000 users, paid broadcast",
        [
            "sent before signal  unsent claims  still leased  exit  exit after s",
            f"{stop.delivered_at_signal:>18} {len(queued):>14} {len(still_leased):>13}"
            f" {stop.exit_code!s:>5} {stop.exit_seconds:>12.2f}",
        ],
    )
    assert stop.exit_code == 0, stop.log[-3000:]
    assert stop.exit_seconds <= SIGTERM_EXIT_SECONDS
    # Only a send really in flight may keep its lease (it may have arrived).
    assert len(still_leased) <= SEND_WORKERS
    assert "handed back" in stop.log


async def test_sigterm_while_starting_up_exits_0(
    tmp_path: Path, databases: DatabaseFactory
) -> None:
    database = await world(databases, 1)
    async with BotApiEmulator(token=TOKEN) as emulator:
        env = bot_env(emulator, database, paid=False)
        with BotProcess(env, tmp_path / "bot.log", cwd=tmp_path) as bot:
            await asyncio.sleep(0.8)  # importing the application (about 1.5 s in all)
            stop = await sigterm(bot, emulator)
    assert stop.exit_code == 0
