"""Many onboarded users due at one instant, written straight into a SQLite file.

For the fan-out benchmark and the reliability tests, which need tens of thousands of users in
seconds: one ``executemany`` per table instead of the ORM. The rows are what onboarding stores
(zone UTC, the day starting at midnight, no allergens watched), with everyone's morning
check-in at ``due`` itself, so it is due whenever the caller runs the bot after ``due``.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time
from pathlib import Path

from models.migrate import upgrade


def stamp(moment: datetime) -> str:
    """How ``UtcDateTime`` stores an instant in SQLite: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def seed_due_users(path: Path, first_user: int, users: int, due: datetime) -> None:
    """Migrate a fresh SQLite file and add ``users`` users (ids from ``first_user``) whose
    morning check-in is due at ``due``."""
    upgrade(f"sqlite+aiosqlite:///{path}")
    due = due.astimezone(UTC)
    due_text = stamp(due)
    morning = due.time().isoformat(timespec="microseconds")
    ids = range(first_user, first_user + users)
    # evening time, day start, allergens, allergens chosen, onboarding step, awaiting input,
    # active, blocked at, created at, updated at
    evening_onward = ("21:00:00.000000", 0, "[]", 1, None, None, 1, None, due_text, due_text)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO users (id, chat_id, first_name, language_code, timezone,"
                " morning_time, evening_time, day_start_hour, watched_allergens,"
                " allergens_chosen, onboarding_step, awaiting_input, active, blocked_at,"
                " created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (user_id, user_id, f"User {user_id}", "en", "UTC", morning, *evening_onward)
                    for user_id in ids
                ),
            )
            connection.executemany(
                "INSERT INTO schedules (user_id, slot, next_due_at, next_local_date)"
                " VALUES (?, ?, ?, ?)",
                ((user_id, "morning", due_text, due.date().isoformat()) for user_id in ids),
            )
    finally:
        connection.close()


async def seed_due_users_at(database_url: str, first_user: int, users: int, due: datetime) -> None:
    """The same users as :func:`seed_due_users`, in any database the bot supports (PostgreSQL
    for the multi-process tests), through SQLAlchemy Core: the database must be migrated."""
    from sqlalchemy import insert

    from models.db import create_engine
    from models.entities import Schedule, User

    due = due.astimezone(UTC)
    ids = range(first_user, first_user + users)
    user_rows = [
        {
            "id": user_id,
            "chat_id": user_id,
            "first_name": f"User {user_id}",
            "language_code": "en",
            "timezone": "UTC",
            "morning_time": due.time().replace(tzinfo=None),
            "evening_time": time(21, 0),
            "day_start_hour": 0,
            "watched_allergens": [],
            "allergens_chosen": True,
            "active": True,
            "created_at": due,
            "updated_at": due,
        }
        for user_id in ids
    ]
    schedule_rows = [
        {"user_id": user_id, "slot": "morning", "next_due_at": due, "next_local_date": due.date()}
        for user_id in ids
    ]
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(User), user_rows)
            await connection.execute(insert(Schedule), schedule_rows)
    finally:
        await engine.dispose()
