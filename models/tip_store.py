"""Which tips a user has been shown, and when; and what else a tip's choice reads besides the
answers (the user's pauses)."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast as typed

from sqlalchemy import Date, Table, bindparam, cast, func, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.history import PausePeriod
from models.entities import Pause, TipDelivery

_SHOWN = typed(Table, TipDelivery.__table__)
_PAUSES = typed(Table, Pause.__table__)
# The tips shown lately and the pauses in one statement, built once: every tip chosen (each
# completed check-in's among them) reads both. Rows with a tip id are shown tips (id, latest
# date), the others pauses (first date, last date), oldest first. Core rows read what this
# transaction wrote: record_shown inserts at once, add_pause and end_pauses flush.
_SHOWN_AND_PAUSES = union_all(
    select(
        _SHOWN.c.tip_id,
        func.max(_SHOWN.c.local_date).label("day"),
        cast(null(), Date).label("last_day"),
    )
    .where(_SHOWN.c.user_id == bindparam("user_id"), _SHOWN.c.local_date >= bindparam("since"))
    .group_by(_SHOWN.c.tip_id),
    select(cast(null(), _SHOWN.c.tip_id.type), _PAUSES.c.first_date, _PAUSES.c.last_date).where(
        _PAUSES.c.user_id == bindparam("user_id")
    ),
).order_by("day")


async def shown_and_pauses(
    session: AsyncSession, user_id: int, since: date
) -> tuple[dict[str, date], tuple[PausePeriod, ...]]:
    """Tip id → the latest local date it was shown to this user, from ``since`` on; and the
    user's pauses, oldest first (as ``models.history_store.pauses_of``)."""
    shown: dict[str, date] = {}
    pauses: list[PausePeriod] = []
    for tip_id, day, last in await session.execute(
        _SHOWN_AND_PAUSES, {"user_id": user_id, "since": since}
    ):
        if tip_id is None:
            pauses.append(PausePeriod(day, last))
        else:
            shown[tip_id] = day
    return shown, tuple(pauses)


# Built once: every completed check-in records its tip (a plain INSERT, no unit of work).
_RECORD_SHOWN = _SHOWN.insert()


async def record_shown(
    session: AsyncSession, user_id: int, tip_id: str, local_date: date, context: str, now: datetime
) -> None:
    values = {
        "user_id": user_id,
        "tip_id": tip_id,
        "local_date": local_date,
        "context": context,
        "sent_at": now,
    }
    await session.execute(_RECORD_SHOWN, values)
