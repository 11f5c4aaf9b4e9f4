"""When users were last heard from, for the silence rule (:mod:`bot.domain.silence`): one
grouped query per fact for a whole batch of due check-ins."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Result, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import Checkin, DayEntry, Pause


@dataclass(frozen=True)
class HeardFrom:
    """The raw facts; turning the instant into a local date needs the user's zone."""

    last_answer_at: datetime | None  # the last time any answer (or skip) was saved
    first_checkin_date: date | None  # local date of the first check-in sent
    last_pause_date: date | None  # last day of the latest finished pause


def _pairs(result: Result[Any, Any]) -> dict[Any, Any]:
    return dict(result.all())


async def heard_from(session: AsyncSession, user_ids: Collection[int]) -> dict[int, HeardFrom]:
    if not user_ids:
        return {}
    ids = list(set(user_ids))
    answers = _pairs(
        await session.execute(
            select(DayEntry.user_id, func.max(DayEntry.updated_at))
            .where(DayEntry.user_id.in_(ids))
            .group_by(DayEntry.user_id)
        )
    )
    firsts = _pairs(
        await session.execute(
            select(Checkin.user_id, func.min(Checkin.local_date))
            .where(Checkin.user_id.in_(ids), Checkin.sent_at.is_not(None))
            .group_by(Checkin.user_id)
        )
    )
    pauses = _pairs(
        await session.execute(
            select(Pause.user_id, func.max(Pause.last_date))
            .where(Pause.user_id.in_(ids))
            .group_by(Pause.user_id)
        )
    )
    return {
        user_id: HeardFrom(answers.get(user_id), firsts.get(user_id), pauses.get(user_id))
        for user_id in ids
    }
