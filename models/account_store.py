"""Everything stored about one user, for export and for erasure; and the operator's counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.statuses import Status
from models.base import Base
from models.entities import Checkin, DayEntry, OutboxMessage, TipDelivery, User


async def checkins_of(session: AsyncSession, user_id: int) -> list[Checkin]:
    rows = await session.execute(
        select(Checkin).where(Checkin.user_id == user_id).order_by(Checkin.local_date)
    )
    return list(rows.scalars())


async def tips_shown_to(session: AsyncSession, user_id: int) -> list[TipDelivery]:
    rows = await session.execute(
        select(TipDelivery).where(TipDelivery.user_id == user_id).order_by(TipDelivery.sent_at)
    )
    return list(rows.scalars())


async def delete_everything(session: AsyncSession, user_id: int) -> None:
    """Remove every row about the user in every table. Foreign keys cascade too; deleting
    explicitly, children first, does not depend on that."""
    for table in reversed(Base.metadata.sorted_tables):
        if table.name == "users":
            continue
        if "user_id" in table.c:
            await session.execute(delete(table).where(table.c.user_id == user_id))
    await session.execute(delete(User).where(User.id == user_id))


@dataclass(frozen=True)
class OperatorCounts:
    users: int
    active_7d: int
    blocked: int
    checkins_sent_today: int
    checkins_answered_today: int
    send_failures_7d: int


async def operator_counts(
    session: AsyncSession, since: datetime, day_start: datetime
) -> OperatorCounts:
    """Counts only — never anyone's answers. ``since``: seven days ago; ``day_start``: the
    start of today (UTC)."""

    async def scalar(stmt: object) -> int:
        return int((await session.execute(stmt)).scalar_one() or 0)  # type: ignore[call-overload]

    return OperatorCounts(
        users=await scalar(select(func.count()).select_from(User)),
        active_7d=await scalar(
            select(func.count(distinct(DayEntry.user_id))).where(DayEntry.updated_at >= since)
        ),
        blocked=await scalar(select(func.count()).select_from(User).where(User.active.is_(False))),
        checkins_sent_today=await scalar(
            select(func.count()).select_from(Checkin).where(Checkin.sent_at >= day_start)
        ),
        checkins_answered_today=await scalar(
            select(func.count()).select_from(Checkin).where(Checkin.completed_at >= day_start)
        ),
        send_failures_7d=await _failures(session, since),
    )


async def _failures(session: AsyncSession, since: datetime) -> int:
    failed: Sequence[str] = (Status.FAILED, Status.BLOCKED, Status.EXPIRED)
    total = 0
    for table in (Checkin, OutboxMessage):
        result = await session.execute(
            select(func.count())
            .select_from(table)
            .where(table.status.in_(failed), table.created_at >= since)
        )
        total += int(result.scalar_one())
    return total
