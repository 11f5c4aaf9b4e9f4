"""Which tips a user has been shown, and when."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import TipDelivery

_SHOWN = cast(Table, TipDelivery.__table__)
# Built once: every completed check-in's tip reads it (record_shown flushes, so a Core read
# sees every delivery of this transaction).
_LAST_SHOWN = (
    select(_SHOWN.c.tip_id, func.max(_SHOWN.c.local_date))
    .where(_SHOWN.c.user_id == bindparam("user_id"), _SHOWN.c.local_date >= bindparam("since"))
    .group_by(_SHOWN.c.tip_id)
)


async def last_shown(session: AsyncSession, user_id: int, since: date) -> dict[str, date]:
    """Tip id → the latest local date it was shown to this user, from ``since`` on."""
    rows = await session.execute(_LAST_SHOWN, {"user_id": user_id, "since": since})
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
