"""Queries behind the scheduler tick: whose next occurrence is due, and moving schedules on.
Claiming and recording what is sent lives in ``models.delivery_store``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.statuses import DeliveryKind, Status
from models.entities import Checkin, OutboxMessage, Schedule, User
from models.upsert import insert_for


@dataclass(frozen=True)
class DueSchedule:
    """A schedule whose time has come, with the user settings needed to decide what to send."""

    user_id: int
    slot: str
    next_due_at: datetime
    next_local_date: date
    timezone: str
    morning_time: time
    evening_time: time
    day_start_hour: int
    summary_weekday: int
    summary_time: time


@dataclass(frozen=True)
class ScheduleUpdate:
    user_id: int
    slot: str
    next_due_at: datetime | None
    next_local_date: date | None


async def due_schedules(session: AsyncSession, now: datetime, limit: int) -> list[DueSchedule]:
    """Schedules due at ``now``, oldest first; on PostgreSQL rows other workers hold are skipped."""
    stmt = (
        select(
            Schedule.user_id,
            Schedule.slot,
            Schedule.next_due_at,
            Schedule.next_local_date,
            User.timezone,
            User.morning_time,
            User.evening_time,
            User.day_start_hour,
            User.summary_weekday,
            User.summary_time,
        )
        .join(User, User.id == Schedule.user_id)
        .where(Schedule.next_due_at <= now)
        .order_by(Schedule.next_due_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Schedule, skip_locked=True)
    rows = await session.execute(stmt)
    return [
        DueSchedule(
            user_id=user_id,
            slot=slot,
            next_due_at=due,
            next_local_date=local_date,
            timezone=zone or "",
            morning_time=morning,
            evening_time=evening,
            day_start_hour=day_start,
            summary_weekday=weekday,
            summary_time=summary_at,
        )
        for (
            user_id,
            slot,
            due,
            local_date,
            zone,
            morning,
            evening,
            day_start,
            weekday,
            summary_at,
        ) in rows.all()
        if due is not None and local_date is not None
    ]


_SCHEDULE_TABLE = cast(Table, Schedule.__table__)
_UPDATE_SCHEDULE = (
    update(_SCHEDULE_TABLE)
    .where(
        _SCHEDULE_TABLE.c.user_id == bindparam("b_user_id"),
        _SCHEDULE_TABLE.c.slot == bindparam("b_slot"),
    )
    .values(next_due_at=bindparam("b_due"), next_local_date=bindparam("b_date"))
)


async def update_schedules(session: AsyncSession, updates: Sequence[ScheduleUpdate]) -> None:
    """Move many schedules on in one executemany (one compiled statement, any batch size)."""
    if not updates:
        return
    await session.execute(
        _UPDATE_SCHEDULE,
        [
            {
                "b_user_id": item.user_id,
                "b_slot": item.slot,
                "b_due": item.next_due_at,
                "b_date": item.next_local_date,
            }
            for item in updates
        ],
    )


async def upsert_schedule(session: AsyncSession, item: ScheduleUpdate) -> None:
    stmt = insert_for(session, Schedule).values(
        user_id=item.user_id,
        slot=item.slot,
        next_due_at=item.next_due_at,
        next_local_date=item.next_local_date,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Schedule.user_id, Schedule.slot],
        set_={
            "next_due_at": stmt.excluded.next_due_at,
            "next_local_date": stmt.excluded.next_local_date,
        },
    )
    await session.execute(stmt)


async def clear_schedules(session: AsyncSession, user_id: int) -> None:
    """Stop every check-in of a user (bot blocked) without forgetting the settings."""
    await session.execute(
        update(Schedule)
        .where(Schedule.user_id == user_id)
        .values(next_due_at=None, next_local_date=None)
    )


async def last_claimed_dates(session: AsyncSession, user_id: int) -> dict[str, date]:
    """The latest local date already claimed, per slot (weekly summaries included)."""
    checkins = await session.execute(
        select(Checkin.slot, func.max(Checkin.local_date))
        .where(Checkin.user_id == user_id)
        .group_by(Checkin.slot)
    )
    latest = {slot: day for slot, day in checkins.all() if day is not None}
    weekly = await session.execute(
        select(func.max(OutboxMessage.ref_date)).where(
            OutboxMessage.user_id == user_id, OutboxMessage.kind == DeliveryKind.WEEKLY.value
        )
    )
    last_weekly = weekly.scalar_one_or_none()
    if last_weekly is not None:
        latest[DeliveryKind.WEEKLY.value] = (
            last_weekly  # the summary's schedule slot is named so too
        )
    return latest


async def next_due_by_slot(session: AsyncSession, user_id: int) -> dict[str, datetime | None]:
    """Every slot this user has a schedule row for, with its next due instant."""
    rows = await session.execute(
        select(Schedule.slot, Schedule.next_due_at).where(Schedule.user_id == user_id)
    )
    return {row.slot: row.next_due_at for row in rows}


async def scheduled_slots(session: AsyncSession) -> set[str]:
    """Slot names any user has a schedule for."""
    rows = await session.execute(select(Schedule.slot).distinct())
    return set(rows.scalars())


async def earliest_due(session: AsyncSession, until: datetime) -> datetime | None:
    """The next moment something is due by ``until``: a schedule or a scheduled reminder."""
    schedule = await session.execute(
        select(func.min(Schedule.next_due_at)).where(
            Schedule.next_due_at.is_not(None), Schedule.next_due_at <= until
        )
    )
    reminder = await session.execute(
        select(func.min(OutboxMessage.due_at)).where(
            OutboxMessage.status == Status.SCHEDULED, OutboxMessage.due_at <= until
        )
    )
    candidates = [schedule.scalar_one_or_none(), reminder.scalar_one_or_none()]
    due = [moment for moment in candidates if moment is not None]
    return min(due) if due else None
