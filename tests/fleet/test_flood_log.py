"""A 429 storm the bot rides out is one WARNING, not an ERROR with a traceback per message."""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

import pytest

from bot.app import runtime
from bot.clock import FakeClock
from bot.fleet.flood_log import FloodStorms, RateLimiterLogFilter
from sandbox.emulator import BotApiEmulator
from tests.conftest import sqlite_url
from tests.db.helpers import add_user
from tests.e2e.harness import bot_running

USERS = range(3001, 3031)


def test_one_warning_per_storm_and_a_new_storm_after_a_quiet_minute(
    caplog: pytest.LogCaptureFixture,
) -> None:
    now = [0.0]
    storms = FloodStorms(quiet_seconds=60, monotonic=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="bot.flood"):
        for _ in range(50):
            storms.note_flood(3)
            now[0] += 1
        now[0] += 61
        storms.note_flood(5)
    warnings = [r for r in caplog.records if r.name == "bot.flood"]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    assert "waiting 3 s" in warnings[0].getMessage()
    assert storms.storms == 2


def test_the_rate_limiter_lines_are_turned_into_reports() -> None:
    storms = FloodStorms()
    log_filter = RateLimiterLogFilter(storms)

    def record(level: int, message: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord(
            "telegram.ext.AIORateLimiter", level, __file__, 1, message, args, None
        )

    assert not log_filter.filter(
        record(logging.INFO, "Rate limit hit. Retrying after %f seconds", 1.1)
    )
    assert not log_filter.filter(
        record(logging.ERROR, "Rate limit hit after maximum of %d retries", 3)
    )
    assert log_filter.filter(record(logging.INFO, "something else"))
    assert storms.storms == 1


@pytest.mark.e2e
async def test_a_storm_during_a_fanout_is_one_warning_and_no_error(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as h:
        for user_id in USERS:
            emulator.add_user(user_id)
            await add_user(h.services.db, h.services.scheduler, clock, user_id)
        # More refusals than the rate limiter's retries: the dispatcher waits them out too.
        emulator.fail_next("sendMessage", error_code=429, retry_after=1, times=12)
        with caplog.at_level(logging.INFO):
            await h.advance(timedelta(hours=1, seconds=5))
        for user_id in USERS:
            assert len(h.bot_messages(user_id)) == 1
    flood = [r for r in caplog.records if r.name == "bot.flood"]
    assert len(flood) == 1
    assert flood[0].levelno == logging.WARNING
    rate_limiter = [r for r in caplog.records if r.name == "telegram.ext.AIORateLimiter"]
    assert rate_limiter == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert runtime(h.app).metrics.flood_waits._value.get() == 12  # all counted in /metrics
