"""The scheduler tick's due query with 1,000,000 users on PostgreSQL.

    .venv/bin/python bench/due_query_pg.py        # PostgreSQL at TEST_DATABASE_URL's server

Creates a throw-away database at the current schema and fills it with SQL (generate_series):
1,000,000 onboarded users with a morning and an evening schedule each (2,000,000 schedule rows),
spread evenly over the next 24 hours, so about 1,400 fall due each minute, as in steady state.
Two situations are timed with the real query (``models.schedule_store.due_schedules``, which on
PostgreSQL takes ``FOR UPDATE SKIP LOCKED`` row locks), each inside a transaction that is then
rolled back, for a 60-row batch (the free rate's batch) and a 1,000-row batch (paid broadcasts):

* steady state: what one tick finds due;
* a backlog: 100,000 schedules overdue at once (the bot was down, or everyone chose 08:00).

Writes bench/results/due-query-pg.json with the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bench.results_file import write_results  # noqa: E402

USERS = 1_000_000
BACKLOG = 100_000


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


async def fill(database_url: str, users: int, backlog: int, base: datetime) -> float:
    """Users and schedules by SQL; returns the seconds it took."""
    started = time.perf_counter()
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO users (id, chat_id, first_name, language_code, timezone,"
                " morning_time, evening_time, day_start_hour, watched_allergens,"
                " allergens_chosen, onboarding_step, awaiting_input, active, blocked_at,"
                " created_at, updated_at)"
                " SELECT g, g, 'User ' || g, 'en', 'UTC', time '08:00', time '21:00', 4,"
                " '[]', true, NULL, NULL, true, NULL, CAST(:base AS timestamptz),"
                " CAST(:base AS timestamptz)"
                " FROM generate_series(1, :users) AS g"
            ),
            {"users": users, "base": base},
        )
        # Each slot's next occurrence spread evenly over the coming 24 hours; the first
        # ``backlog`` users' morning check-ins are overdue instead.
        await connection.execute(
            text(
                "INSERT INTO schedules (user_id, slot, next_due_at, next_local_date)"
                " SELECT g, s.slot,"
                "   CASE WHEN s.slot = 'morning' AND g <= :backlog"
                "        THEN CAST(:base AS timestamptz) - make_interval(secs => 60 + g % 3600)"
                "        ELSE CAST(:base AS timestamptz)"
                "             + make_interval(secs => ((g * 2 + s.n) * 86400.0) / (:users * 2))"
                "   END,"
                "   CAST(CAST(:base AS timestamptz) AS date)"
                " FROM generate_series(1, :users) AS g,"
                "      (VALUES ('morning', 0), ('evening', 1)) AS s(slot, n)"
            ),
            {"users": users, "base": base, "backlog": backlog},
        )
    await outside_transaction(engine, "ANALYZE users", "ANALYZE schedules")
    await engine.dispose()
    return time.perf_counter() - started


async def outside_transaction(engine: Any, *statements: str) -> None:
    """Maintenance statements (ANALYZE, VACUUM), which PostgreSQL runs only in autocommit."""
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        for statement in statements:
            await connection.execute(text(statement))


async def move_schedules(database_url: str, update: str, params: dict[str, Any]) -> None:
    """One bulk UPDATE of schedules, then what autovacuum does in a running installation: the
    UPDATE leaves dead index entries that a fresh query would otherwise wade through."""
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.execute(text(update), params)
    await outside_transaction(engine, "VACUUM (ANALYZE) schedules")
    await engine.dispose()


async def count_due(database_url: str, now: datetime) -> int:
    engine = create_async_engine(database_url)
    async with engine.connect() as connection:
        due = await connection.scalar(
            text("SELECT count(*) FROM schedules WHERE next_due_at <= :now"), {"now": now}
        )
    await engine.dispose()
    return int(due or 0)


async def time_query(database_url: str, now: datetime, batch: int, runs: int) -> dict[str, Any]:
    from models.db import Database
    from models.schedule_store import due_schedules

    db = Database(database_url)
    samples: list[float] = []
    found = 0
    try:
        for run in range(runs + 1):  # the first run opens the connection: not timed
            async with db.sessions() as session, session.begin():
                started = time.perf_counter()
                rows = await due_schedules(session, now, batch)
                if run:
                    samples.append((time.perf_counter() - started) * 1000)
                found = len(rows)
                await session.rollback()
    finally:
        await db.dispose()
    samples.sort()
    return {
        "batch": batch,
        "rows": found,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
        "max_ms": round(samples[-1], 2),
        "runs": runs,
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=USERS)
    parser.add_argument("--backlog", type=int, default=BACKLOG)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    from models.migrate import upgrade

    name = f"gutcheck_due_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(args.admin_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.admin_url).set(database=name).render_as_string(hide_password=False)
    results: dict[str, Any] = {"users": args.users, "schedules": args.users * 2}
    try:
        upgrade(url)
        base = datetime.now(UTC).replace(microsecond=0)
        results["fill_seconds"] = round(await fill(url, args.users, args.backlog, base), 1)
        results["load_before"] = load_average()
        # Steady state: a 30-second tick after the backlog was sent finds the last 30 s due.
        steady_now = base + timedelta(hours=6)
        await move_schedules(
            url,
            "UPDATE schedules SET next_due_at = next_due_at + interval '1 day'"
            " WHERE next_due_at < :start",
            {"start": steady_now - timedelta(seconds=30)},
        )
        results["steady_due_rows"] = await count_due(url, steady_now)
        results["steady"] = [
            await time_query(url, steady_now, batch, args.runs) for batch in (60, 1000)
        ]
        # The backlog: put the overdue mornings back and look at the moment after them.
        await move_schedules(
            url,
            "UPDATE schedules SET next_due_at ="
            " CAST(:base AS timestamptz) - make_interval(secs => 60 + user_id % 3600)"
            " WHERE slot = 'morning'"
            " AND user_id <= :backlog",
            {"base": base, "backlog": args.backlog},
        )
        results["backlog_due_rows"] = args.backlog
        results["backlog"] = [await time_query(url, base, batch, args.runs) for batch in (60, 1000)]
        results["load_after"] = load_average()
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
    results["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    write_results("due-query-pg", results)


if __name__ == "__main__":
    asyncio.run(main())
