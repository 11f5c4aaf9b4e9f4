"""What happened on a user's past days: pauses and check-in counts (answers are read through
``models.answer_store``)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.history import PausePeriod
from bot.domain.statuses import Status
from models.entities import Checkin, Pause

_PAUSES = cast(Table, Pause.__table__)
# Built once: every completed check-in's tip reads it (add_pause and end_pauses flush, so a
# Core read sees this transaction's changes).
_PAUSES_OF = (
    select(_PAUSES.c.first_date, _PAUSES.c.last_date)
    .where(_PAUSES.c.user_id == bindparam("user_id"))
    .order_by(_PAUSES.c.first_date)
)


async def pauses_of(session: AsyncSession, user_id: int) -> list[PausePeriod]:
    rows = await session.execute(_PAUSES_OF, {"user_id": user_id})
    return [PausePeriod(first, last) for first, last in rows]


async def add_pause(
    session: AsyncSession, user_id: int, first: date, last: date | None, now: datetime
) -> None:
    session.add(Pause(user_id=user_id, first_date=first, last_date=last, created_at=now))
    await session.flush()


async def end_pauses(session: AsyncSession, user_id: int, today: date) -> bool:
    """End every pause still running: today is not paused any more. Returns whether any was."""
    running = list(
        (
            await session.execute(
                select(Pause).where(
                    Pause.user_id == user_id,
                    (Pause.last_date.is_(None)) | (Pause.last_date >= today),
                )
            )
        ).scalars()
    )
    for pause in running:
        if pause.first_date >= today:
            await session.delete(pause)
        else:
            pause.last_date = today - timedelta(days=1)
    await session.flush()
    return bool(running)


async def first_checkin_date(session: AsyncSession, user_id: int) -> date | None:
    """The local date of the first check-in that reached the user (scheduled or asked for):
    the user's record starts there. ``None`` before any was sent."""
    first = await session.scalar(
        select(func.min(Checkin.local_date)).where(
            Checkin.user_id == user_id, Checkin.sent_at.is_not(None)
        )
    )
    return first if isinstance(first, date) else None


async def checkin_counts(
    session: AsyncSession,
    user_id: int,
    first: date,
    last: date,
    sent_by: datetime | None = None,
) -> tuple[int, int]:
    """(check-ins sent, check-ins answered) for local dates in ``[first, last]``; with
    ``sent_by``, only those sent by then (a summary does not count a later check-in)."""
    conditions = [
        Checkin.user_id == user_id,
        Checkin.local_date >= first,
        Checkin.local_date <= last,
        Checkin.status.in_((Status.SENT, Status.ANSWERED)),
    ]
    if sent_by is not None:
        conditions.append(Checkin.sent_at <= sent_by)
    rows = await session.execute(
        select(
            func.count(),
            func.count(Checkin.completed_at),
        ).where(*conditions)
    )
    sent, answered = rows.one()
    return int(sent), int(answered)
