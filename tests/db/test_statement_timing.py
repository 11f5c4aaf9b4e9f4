"""The metrics' statement histogram counts every statement a worker runs, on SQLite (brief
transactions included, which run on the event loop's thread) and PostgreSQL when configured;
a failed statement is left out and does not disturb the ones after it."""

from __future__ import annotations

import pytest
from prometheus_client import CollectorRegistry, Histogram
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.fleet.db_timing import time_statements
from models.db import Database


def _count(registry: CollectorRegistry) -> float:
    value = registry.get_sample_value("test_statement_seconds_count")
    return 0.0 if value is None else value


@pytest.mark.parametrize("brief", [False, True])
async def test_each_statement_is_timed_once_and_a_failed_one_not_at_all(
    db: Database, brief: bool
) -> None:
    registry = CollectorRegistry()
    histogram = Histogram("test_statement_seconds", "statements", registry=registry)
    time_statements(db.engine, histogram)
    async with db.transaction(brief=brief) as session:
        await session.execute(text("SELECT 1"))  # the transaction has begun
        before = _count(registry)
        for _ in range(3):
            await session.execute(text("SELECT 1"))
        assert _count(registry) == before + 3

    async def failing() -> None:
        async with db.transaction(brief=brief) as session:
            await session.execute(text("SELECT * FROM no_such_table"))

    with pytest.raises(DBAPIError):
        await failing()
    after_failure = _count(registry)
    async with db.transaction(brief=brief) as session:
        await session.execute(text("SELECT 1"))
    # BEGIN may count as a statement of its own (SQLite's BEGIN IMMEDIATE): at least one more.
    assert _count(registry) >= after_failure + 1
    total = registry.get_sample_value("test_statement_seconds_sum")
    assert total is not None
    assert total >= 0
