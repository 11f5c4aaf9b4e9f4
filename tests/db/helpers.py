"""Building database state for tests."""

from __future__ import annotations

from datetime import datetime, time

from bot.clock import Clock
from bot.services.scheduling import CheckinScheduler
from models.db import Database
from models.entities import User


async def add_user(
    db: Database,
    scheduler: CheckinScheduler,
    clock: Clock,
    user_id: int,
    *,
    zone: str = "Europe/Berlin",
    morning: time = time(8, 0),
    evening: time = time(21, 0),
    allergens: tuple[str, ...] = (),
    reminder_minutes: int = 0,
    now: datetime | None = None,
) -> User:
    """An onboarded user whose schedules are planned from ``clock.now()``. Reminders are off
    unless asked for, so tests count only the messages they are about."""
    moment = now or clock.now()
    async with db.transaction() as session:
        user = User(
            id=user_id,
            chat_id=user_id,
            first_name=f"User {user_id}",
            language_code="en",
            timezone=zone,
            morning_time=morning,
            evening_time=evening,
            day_start_hour=4,
            watched_allergens=list(allergens),
            allergens_chosen=True,
            reminder_minutes=reminder_minutes,
            onboarding_step=None,
            active=True,
            created_at=moment,
            updated_at=moment,
        )
        session.add(user)
        await session.flush()
        await scheduler.plan(session, user, fill_today=False)
    return user
