"""Reading and updating individual check-ins (the prompts users answer)."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import Table, bindparam, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.statuses import DeliveryKind, Origin, Status
from models.entities import Checkin, OutboxMessage, User
from models.upsert import insert_for


async def get_checkin(
    session: AsyncSession, checkin_id: int, *, for_update: bool = False
) -> Checkin | None:
    stmt = select(Checkin).where(Checkin.id == checkin_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


# Built once (every button press on a check-in runs it): no expression or cache key to build.
_OWN_CHECKIN = (
    select(Checkin, User)
    .join(User, User.id == Checkin.user_id)
    .where(Checkin.id == bindparam("checkin_id"), Checkin.user_id == bindparam("user_id"))
    .with_for_update(of=Checkin)
)


async def get_own_checkin(
    session: AsyncSession, checkin_id: int, user_id: int
) -> tuple[Checkin, User] | None:
    """The check-in (locked for this transaction) and its user, in one query, only if the
    check-in belongs to ``user_id``. Only the check-in's row is locked, as ``get_checkin``
    does; the user's row stays free for other transactions."""
    params = {"checkin_id": checkin_id, "user_id": user_id}
    found = (await session.execute(_OWN_CHECKIN, params)).one_or_none()
    return None if found is None else (found[0], found[1])


_CHECKINS = cast(Table, Checkin.__table__)
# SET takes the columns named in the parameters (the key is named apart from them).
_SAVE_CHECKIN = _CHECKINS.update().where(_CHECKINS.c.id == bindparam("checkin_key"))
_CHECKIN_COLUMNS = frozenset(_CHECKINS.c.keys())


async def save_checkin(session: AsyncSession, checkin: Checkin) -> None:
    """Write what a press changed in ``checkin`` (from :func:`get_own_checkin`) with one
    prebuilt UPDATE, and take it out of the session so that the commit does not write it again.

    The ORM's flush of the same change (its unit of work) cost about three times the CPU of
    this statement, the largest single part of a press; the check-in is a plain row with no
    relationships, so the session has nothing else to do for it."""
    changed = {key: getattr(checkin, key) for key in inspect(checkin).committed_state}
    if not changed.keys() <= _CHECKIN_COLUMNS:
        return  # not a plain column change: the session's flush writes it, as it always did
    if changed:
        await session.execute(_SAVE_CHECKIN, {**changed, "checkin_key": checkin.id})
    session.expunge(checkin)


async def recent_open_checkins(
    session: AsyncSession, user_id: int, since: date, *, limit: int = 4
) -> list[Checkin]:
    """The user's newest check-ins since ``since`` that were sent and may still wait for an
    answer (sent or part answered, with a prompt message), newest first."""
    rows = await session.execute(
        select(Checkin)
        .where(
            Checkin.user_id == user_id,
            Checkin.local_date >= since,
            Checkin.status.in_((Status.SENT, Status.ANSWERED)),
            Checkin.message_id.is_not(None),
        )
        .order_by(Checkin.sent_at.desc())
        .limit(limit)
    )
    return list(rows.scalars())


async def find_checkin(
    session: AsyncSession, user_id: int, local_date: date, slot: str
) -> Checkin | None:
    return (
        await session.execute(
            select(Checkin).where(
                Checkin.user_id == user_id, Checkin.local_date == local_date, Checkin.slot == slot
            )
        )
    ).scalar_one_or_none()


async def open_checkin(
    session: AsyncSession, user_id: int, local_date: date, slot: str, now: datetime
) -> Checkin:
    """The check-in for this date and slot, created on demand if the scheduler has not yet
    claimed it (which also stops the scheduled one from being sent later)."""
    await session.execute(
        insert_for(session, Checkin)
        .values(
            user_id=user_id,
            local_date=local_date,
            slot=slot,
            origin=Origin.ON_DEMAND,
            status=Status.SENT,
            send_attempts=0,
            created_at=now,
            sent_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Checkin.user_id, Checkin.local_date, Checkin.slot])
    )
    checkin = await find_checkin(session, user_id, local_date, slot)
    assert checkin is not None
    if checkin.status in {Status.QUEUED, Status.EXPIRED, Status.FAILED}:
        # Shown now, so the scheduler must not send it again.
        checkin.status = Status.SENT
        checkin.lease_until = None
        checkin.sent_at = now
    return checkin


async def checkin_sent_since(session: AsyncSession, user_id: int, since: datetime) -> bool:
    """Whether a check-in prompt, or a reminder of one, reached this user after ``since``."""
    prompt = select(Checkin.id).where(Checkin.user_id == user_id, Checkin.sent_at > since)
    reminder = select(OutboxMessage.id).where(
        OutboxMessage.user_id == user_id,
        OutboxMessage.kind == DeliveryKind.REMINDER.value,
        OutboxMessage.sent_at > since,
    )
    for stmt in (prompt, reminder):
        if (await session.execute(stmt.limit(1))).first() is not None:
            return True
    return False
