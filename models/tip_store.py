"""Which tips a user has been shown, and when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import TipDelivery


async def last_shown(session: AsyncSession, user_id: int, since: date) -> dict[str, date]:
    """Tip id → the latest local date it was shown to this user, from ``since`` on."""
    rows = await session.execute(
        select(TipDelivery.tip_id, func.max(TipDelivery.local_date))
        .where(TipDelivery.user_id == user_id, TipDelivery.local_date >= since)
        .group_by(TipDelivery.tip_id)
    )
    return dict(rows.all())


async def record_shown(
    session: AsyncSession, user_id: int, tip_id: str, local_date: date, context: str, now: datetime
) -> None:
    session.add(
        TipDelivery(
            user_id=user_id, tip_id=tip_id, local_date=local_date, context=context, sent_at=now
        )
    )
    await session.flush()
