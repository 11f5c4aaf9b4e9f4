"""Queries behind the scheduler tick: who is due, claiming check-ins, moving schedules on.

Claiming is idempotent: a check-in row is unique on (user, local date, slot), so a second
claim of the same occurrence inserts nothing and nothing is sent twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import cast

from sqlalchemy import Table, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import Checkin, Schedule, User
from models.upsert import affected_rows, insert_for


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


@dataclass(frozen=True)
class ScheduleUpdate:
    user_id: int
    slot: str
    next_due_at: datetime | None
    next_local_date: date | None


@dataclass(frozen=True)
class ClaimRequest:
    user_id: int
    slot: str
    local_date: date
    due_at: datetime


@dataclass(frozen=True)
class ClaimedCheckin:
    """A check-in this process has claimed and must now send."""

    checkin_id: int
    user_id: int
    chat_id: int
    slot: str
    local_date: date
    language_code: str | None
    first_name: str | None


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
        )
        for user_id, slot, due, local_date, zone, morning, evening, day_start in rows.all()
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


async def delete_schedules(session: AsyncSession, user_id: int, slots: Iterable[str]) -> None:
    await session.execute(
        delete(Schedule).where(Schedule.user_id == user_id, Schedule.slot.in_(list(slots)))
    )


async def last_claimed_dates(session: AsyncSession, user_id: int) -> dict[str, date]:
    """The latest local date that already has a check-in, per slot."""
    rows = await session.execute(
        select(Checkin.slot, func.max(Checkin.local_date))
        .where(Checkin.user_id == user_id)
        .group_by(Checkin.slot)
    )
    return {slot: day for slot, day in rows.all() if day is not None}


_CLAIM_COLUMNS = (Checkin.id, Checkin.user_id, Checkin.slot, Checkin.local_date)


async def _describe_claims(
    session: AsyncSession, claimed: Sequence[tuple[int, int, str, date]]
) -> list[ClaimedCheckin]:
    if not claimed:
        return []
    user_ids = {user_id for _, user_id, _, _ in claimed}
    users = await session.execute(
        select(User.id, User.chat_id, User.language_code, User.first_name).where(
            User.id.in_(user_ids)
        )
    )
    by_id = {row[0]: row for row in users.all()}
    return [
        ClaimedCheckin(
            checkin_id=checkin_id,
            user_id=user_id,
            chat_id=by_id[user_id][1],
            slot=slot,
            local_date=local_date,
            language_code=by_id[user_id][2],
            first_name=by_id[user_id][3],
        )
        for checkin_id, user_id, slot, local_date in claimed
    ]


async def claim_checkins(
    session: AsyncSession, requests: Sequence[ClaimRequest], now: datetime, lease_until: datetime
) -> list[ClaimedCheckin]:
    """Insert one queued check-in per request; occurrences already claimed are left alone.

    An executemany with RETURNING: the statement compiles once whatever the batch size (a
    multi-VALUES insert of 1,000 rows spent most of its time in the SQL compiler).
    """
    if not requests:
        return []
    table = Checkin.__table__
    stmt = (
        insert_for(session, table)
        .on_conflict_do_nothing(index_elements=[table.c.user_id, table.c.local_date, table.c.slot])
        .returning(table.c.id, table.c.user_id, table.c.slot, table.c.local_date)
    )
    rows = [
        {
            "user_id": item.user_id,
            "slot": item.slot,
            "local_date": item.local_date,
            "due_at": item.due_at,
            "origin": "scheduled",
            "status": "queued",
            "lease_until": lease_until,
            "send_attempts": 0,
            "created_at": now,
        }
        for item in requests
    ]
    claimed = [tuple(row) for row in (await session.execute(stmt, rows)).all()]
    return await _describe_claims(session, claimed)


async def reclaim_abandoned(
    session: AsyncSession, now: datetime, lease_until: datetime, due_since: datetime, limit: int
) -> list[ClaimedCheckin]:
    """Queued check-ins whose lease ran out (a crash or a restart before sending): claim them
    again for this process, if they are still within the catch-up window."""
    candidates = (
        select(Checkin.id)
        .where(
            Checkin.status == "queued",
            Checkin.lease_until <= now,
            Checkin.due_at >= due_since,
        )
        .order_by(Checkin.due_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    ids = list((await session.execute(candidates)).scalars())
    if not ids:
        return []
    result = await session.execute(
        update(Checkin)
        .where(Checkin.id.in_(ids), Checkin.status == "queued", Checkin.lease_until <= now)
        .values(lease_until=lease_until)
        .returning(*_CLAIM_COLUMNS)
    )
    return await _describe_claims(session, list(result.all()))


async def expire_abandoned(session: AsyncSession, now: datetime, due_before: datetime) -> int:
    """Queued check-ins too old to send any more are given up (never sent)."""
    result = await session.execute(
        update(Checkin)
        .where(
            Checkin.status == "queued",
            Checkin.lease_until <= now,
            Checkin.due_at < due_before,
        )
        .values(status="expired", lease_until=None)
    )
    return affected_rows(result)


async def mark_sent(session: AsyncSession, checkin_id: int, message_id: int, now: datetime) -> None:
    await mark_sent_many(session, [(checkin_id, message_id, now)])


_CHECKIN_TABLE = cast(Table, Checkin.__table__)
_MARK_SENT = (
    update(_CHECKIN_TABLE)
    .where(_CHECKIN_TABLE.c.id == bindparam("b_id"))
    .values(
        status="sent",
        message_id=bindparam("b_message_id"),
        sent_at=bindparam("b_sent_at"),
        lease_until=None,
    )
)


async def mark_sent_many(session: AsyncSession, sent: Sequence[tuple[int, int, datetime]]) -> None:
    """Record delivered check-ins: (check-in id, Telegram message id, when)."""
    if not sent:
        return
    await session.execute(
        _MARK_SENT,
        [{"b_id": cid, "b_message_id": mid, "b_sent_at": at} for cid, mid, at in sent],
    )


async def mark_failed(session: AsyncSession, checkin_id: int, status: str) -> None:
    await session.execute(
        update(Checkin).where(Checkin.id == checkin_id).values(status=status, lease_until=None)
    )


async def release_claims(
    session: AsyncSession, checkin_ids: Sequence[int], retry_at: datetime
) -> None:
    """Hand queued check-ins back so the next tick (of any process) sends them from ``retry_at``."""
    if not checkin_ids:
        return
    await session.execute(
        update(Checkin)
        .where(Checkin.id.in_(list(checkin_ids)), Checkin.status == "queued")
        .values(lease_until=retry_at, send_attempts=Checkin.send_attempts + 1)
    )
