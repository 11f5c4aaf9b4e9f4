"""Claiming and recording scheduled messages: check-in prompts (``checkins``) and the other
scheduled messages (``outbox``: reminders, weekly summaries).

Both follow one life cycle. A claim is a row unique per occurrence, written as ``queued`` with a
lease before anything is sent, so a second claim of the same occurrence inserts nothing. A
worker sends, then records ``sent`` with the Telegram message id. A claim whose lease ran out
(the process died) is claimed again by the next run, if still within the catch-up window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.statuses import DeliveryKind, Origin, Status
from models.entities import Checkin, DayEntry, OutboxMessage, Pause, User
from models.upsert import affected_rows, insert_for


@dataclass(frozen=True)
class ClaimRequest:
    user_id: int
    slot: str
    local_date: date
    due_at: datetime


@dataclass(frozen=True)
class ClaimedDelivery:
    """A scheduled message this process has claimed and must now send."""

    kind: DeliveryKind
    delivery_id: int  # checkins.id for check-ins, outbox.id otherwise
    user_id: int
    chat_id: int
    slot: str
    local_date: date
    language_code: str | None
    first_name: str | None
    reminder_minutes: int


_CHECKINS = cast(Table, Checkin.__table__)
_OUTBOX = cast(Table, OutboxMessage.__table__)


def _table(kind: DeliveryKind) -> Table:
    return _CHECKINS if kind is DeliveryKind.CHECKIN else _OUTBOX


async def _describe(
    session: AsyncSession, kind: DeliveryKind, claimed: Sequence[tuple[int, int, str, date]]
) -> list[ClaimedDelivery]:
    """Add what sending needs (chat, language, name) to claimed rows."""
    if not claimed:
        return []
    user_ids = {user_id for _, user_id, _, _ in claimed}
    rows = await session.execute(
        select(
            User.id, User.chat_id, User.language_code, User.first_name, User.reminder_minutes
        ).where(User.id.in_(user_ids))
    )
    users = {row[0]: row for row in rows.all()}
    return [
        ClaimedDelivery(
            kind=kind,
            delivery_id=delivery_id,
            user_id=user_id,
            chat_id=users[user_id][1],
            slot=slot,
            local_date=local_date,
            language_code=users[user_id][2],
            first_name=users[user_id][3],
            reminder_minutes=users[user_id][4],
        )
        for delivery_id, user_id, slot, local_date in claimed
    ]


async def skipped_days(
    session: AsyncSession, keys: Iterable[tuple[int, date]]
) -> set[tuple[int, date]]:
    """Which of these (user, local date) pairs the user chose to skip."""
    wanted = list(set(keys))
    if not wanted:
        return set()
    rows = await session.execute(
        select(DayEntry.user_id, DayEntry.local_date).where(
            DayEntry.skipped.is_(True),
            tuple_(DayEntry.user_id, DayEntry.local_date).in_(wanted),
        )
    )
    return {(user_id, day) for user_id, day in rows.all()}


async def claim_checkins(
    session: AsyncSession,
    requests: Sequence[ClaimRequest],
    now: datetime,
    lease_until: datetime,
    skipped: set[tuple[int, date]] = frozenset(),  # type: ignore[assignment]
) -> list[ClaimedDelivery]:
    """Claim one check-in per request. A skipped day is claimed as ``skipped`` (never sent);
    occurrences already claimed are left alone. One executemany with RETURNING: it compiles
    once whatever the batch size."""
    if not requests:
        return []
    stmt = (
        insert_for(session, _CHECKINS)
        .on_conflict_do_nothing(
            index_elements=[_CHECKINS.c.user_id, _CHECKINS.c.local_date, _CHECKINS.c.slot]
        )
        .returning(_CHECKINS.c.id, _CHECKINS.c.user_id, _CHECKINS.c.slot, _CHECKINS.c.local_date)
    )
    rows = [
        {
            "user_id": item.user_id,
            "slot": item.slot,
            "local_date": item.local_date,
            "due_at": item.due_at,
            "origin": Origin.SCHEDULED,
            "status": Status.SKIPPED
            if (item.user_id, item.local_date) in skipped
            else Status.QUEUED,
            "lease_until": None if (item.user_id, item.local_date) in skipped else lease_until,
            "send_attempts": 0,
            "created_at": now,
        }
        for item in requests
    ]
    claimed = [
        (row[0], row[1], row[2], row[3])
        for row in (await session.execute(stmt, rows)).all()
        if (row[1], row[3]) not in skipped
    ]
    return await _describe(session, DeliveryKind.CHECKIN, claimed)


async def claim_outbox(
    session: AsyncSession,
    kind: DeliveryKind,
    requests: Sequence[ClaimRequest],
    now: datetime,
    lease_until: datetime,
) -> list[ClaimedDelivery]:
    """Claim scheduled messages that are sent at once (weekly summaries, pause offers)."""
    if not requests:
        return []
    stmt = (
        insert_for(session, _OUTBOX)
        .on_conflict_do_nothing(
            index_elements=[
                _OUTBOX.c.user_id,
                _OUTBOX.c.kind,
                _OUTBOX.c.ref_date,
                _OUTBOX.c.ref_slot,
            ]
        )
        .returning(_OUTBOX.c.id, _OUTBOX.c.user_id, _OUTBOX.c.ref_slot, _OUTBOX.c.ref_date)
    )
    rows = [
        {
            "user_id": item.user_id,
            "kind": kind.value,
            "ref_date": item.local_date,
            "ref_slot": item.slot,
            "status": Status.QUEUED,
            "due_at": item.due_at,
            "lease_until": lease_until,
            "send_attempts": 0,
            "created_at": now,
        }
        for item in requests
    ]
    claimed = [tuple(row) for row in (await session.execute(stmt, rows)).all()]
    return await _describe(session, kind, claimed)


async def schedule_reminders(
    session: AsyncSession, reminders: Sequence[ClaimRequest], now: datetime
) -> None:
    """Plan one reminder per sent check-in (sent only if the check-in is still unanswered)."""
    if not reminders:
        return
    stmt = insert_for(session, _OUTBOX).on_conflict_do_nothing(
        index_elements=[_OUTBOX.c.user_id, _OUTBOX.c.kind, _OUTBOX.c.ref_date, _OUTBOX.c.ref_slot]
    )
    await session.execute(
        stmt,
        [
            {
                "user_id": item.user_id,
                "kind": DeliveryKind.REMINDER.value,
                "ref_date": item.local_date,
                "ref_slot": item.slot,
                "status": Status.SCHEDULED,
                "due_at": item.due_at,
                "send_attempts": 0,
                "created_at": now,
            }
            for item in reminders
        ],
    )


async def snooze_reminder(
    session: AsyncSession,
    user_id: int,
    local_date: date,
    slot: str,
    due_at: datetime,
    now: datetime,
) -> None:
    """(Re-)arm the reminder of one check-in for ``due_at``."""
    stmt = insert_for(session, _OUTBOX).values(
        user_id=user_id,
        kind=DeliveryKind.REMINDER.value,
        ref_date=local_date,
        ref_slot=slot,
        status=Status.SCHEDULED,
        due_at=due_at,
        send_attempts=0,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[_OUTBOX.c.user_id, _OUTBOX.c.kind, _OUTBOX.c.ref_date, _OUTBOX.c.ref_slot],
        set_={"status": Status.SCHEDULED, "due_at": due_at, "lease_until": None},
    )
    await session.execute(stmt)


async def cancel_reminders(
    session: AsyncSession, user_id: int, local_date: date | None = None
) -> None:
    """Drop reminders not yet sent (the day was skipped, the user paused or left)."""
    stmt = update(_OUTBOX).where(
        _OUTBOX.c.user_id == user_id,
        _OUTBOX.c.kind == DeliveryKind.REMINDER.value,
        _OUTBOX.c.status == Status.SCHEDULED,
    )
    if local_date is not None:
        stmt = stmt.where(_OUTBOX.c.ref_date == local_date)
    await session.execute(stmt.values(status=Status.CANCELLED))


async def claim_due_reminders(
    session: AsyncSession, now: datetime, lease_until: datetime, limit: int
) -> list[ClaimedDelivery]:
    """Reminders whose time has come, if their check-in is still waiting: never after an
    answer, a skip, a pause, or the user blocking the bot."""
    candidates = (
        select(_OUTBOX.c.id, _OUTBOX.c.user_id, _OUTBOX.c.ref_slot, _OUTBOX.c.ref_date)
        .where(
            _OUTBOX.c.kind == DeliveryKind.REMINDER.value,
            _OUTBOX.c.status == Status.SCHEDULED,
            _OUTBOX.c.due_at <= now,
        )
        .order_by(_OUTBOX.c.due_at)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    due = [tuple(row) for row in (await session.execute(candidates)).all()]
    if not due:
        return []
    keys = [(user_id, day, slot) for _, user_id, slot, day in due]
    waiting = await _still_waiting(session, keys)
    send = [row for row in due if (row[1], row[3], row[2]) in waiting]
    drop = [row[0] for row in due if (row[1], row[3], row[2]) not in waiting]
    if drop:
        await session.execute(
            update(_OUTBOX).where(_OUTBOX.c.id.in_(drop)).values(status=Status.CANCELLED)
        )
    if send:
        await session.execute(
            update(_OUTBOX)
            .where(_OUTBOX.c.id.in_([row[0] for row in send]))
            .values(status=Status.QUEUED, lease_until=lease_until)
        )
    return await _describe(session, DeliveryKind.REMINDER, send)


async def _still_waiting(
    session: AsyncSession, keys: Sequence[tuple[int, date, str]]
) -> set[tuple[int, date, str]]:
    open_checkins = await session.execute(
        select(Checkin.user_id, Checkin.local_date, Checkin.slot)
        .join(User, User.id == Checkin.user_id)
        .where(
            tuple_(Checkin.user_id, Checkin.local_date, Checkin.slot).in_(keys),
            Checkin.completed_at.is_(None),
            Checkin.status == Status.SENT,
            User.active.is_(True),
        )
    )
    waiting = {(u, d, s) for u, d, s in open_checkins.all()}
    if not waiting:
        return waiting
    skipped = await skipped_days(session, [(u, d) for u, d, _ in waiting])
    paused = await paused_days(session, [(u, d) for u, d, _ in waiting])
    return {(u, d, s) for u, d, s in waiting if (u, d) not in skipped and (u, d) not in paused}


async def paused_days(
    session: AsyncSession, keys: Iterable[tuple[int, date]]
) -> set[tuple[int, date]]:
    wanted = set(keys)
    if not wanted:
        return set()
    rows = await session.execute(
        select(Pause.user_id, Pause.first_date, Pause.last_date).where(
            Pause.user_id.in_({user_id for user_id, _ in wanted})
        )
    )
    pauses = rows.all()
    return {
        (user_id, day)
        for user_id, day in wanted
        for pause_user, first, last in pauses
        if pause_user == user_id and first <= day and (last is None or day <= last)
    }


async def reclaim_abandoned(
    session: AsyncSession, now: datetime, lease_until: datetime, due_since: datetime, limit: int
) -> list[ClaimedDelivery]:
    """Claims whose lease ran out (a crash, or a restart before sending): claim them again for
    this process, if still within the catch-up window."""
    claimed: list[ClaimedDelivery] = []
    for kind, table, slot_column, date_column in (
        (DeliveryKind.CHECKIN, _CHECKINS, _CHECKINS.c.slot, _CHECKINS.c.local_date),
        (None, _OUTBOX, _OUTBOX.c.ref_slot, _OUTBOX.c.ref_date),
    ):
        remaining = limit - len(claimed)
        if remaining <= 0:
            break
        columns: list[Any] = [table.c.id, table.c.user_id, slot_column, date_column]
        if kind is None:
            columns.append(table.c.kind)
        candidates = (
            select(*columns)
            .where(
                table.c.status == Status.QUEUED,
                table.c.lease_until <= now,
                table.c.due_at >= due_since,
            )
            .order_by(table.c.due_at)
            .limit(remaining)
        )
        if session.get_bind().dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        rows = (await session.execute(candidates)).all()
        if not rows:
            continue
        await session.execute(
            update(table)
            .where(table.c.id.in_([row[0] for row in rows]))
            .values(lease_until=lease_until)
        )
        if kind is not None:
            claimed += await _describe(session, kind, [tuple(row) for row in rows])
            continue
        for outbox_kind in {row[4] for row in rows}:
            of_kind = [tuple(row[:4]) for row in rows if row[4] == outbox_kind]
            claimed += await _describe(session, DeliveryKind(outbox_kind), of_kind)
    return claimed


async def expire_abandoned(session: AsyncSession, now: datetime, due_before: datetime) -> int:
    """Queued claims too old to send any more are given up (never sent)."""
    expired = 0
    for table in (_CHECKINS, _OUTBOX):
        result = await session.execute(
            update(table)
            .where(
                table.c.status == Status.QUEUED,
                table.c.lease_until <= now,
                table.c.due_at < due_before,
            )
            .values(status=Status.EXPIRED, lease_until=None)
        )
        expired += affected_rows(result)
    return expired


_MARK_SENT = {
    kind: (
        update(_table(kind))
        .where(_table(kind).c.id == bindparam("b_id"))
        .values(
            status=Status.SENT,
            message_id=bindparam("b_message_id"),
            sent_at=bindparam("b_sent_at"),
            lease_until=None,
        )
    )
    for kind in (DeliveryKind.CHECKIN, DeliveryKind.REMINDER)
}


async def mark_sent_many(
    session: AsyncSession, sent: Sequence[tuple[DeliveryKind, int, int, datetime]]
) -> None:
    """Record delivered messages: (kind, delivery id, Telegram message id, when)."""
    for table_kind in (DeliveryKind.CHECKIN, DeliveryKind.REMINDER):
        rows = [
            {"b_id": did, "b_message_id": mid, "b_sent_at": at}
            for kind, did, mid, at in sent
            if (kind is DeliveryKind.CHECKIN) == (table_kind is DeliveryKind.CHECKIN)
        ]
        if rows:
            await session.execute(_MARK_SENT[table_kind], rows)


async def mark_sent(
    session: AsyncSession, kind: DeliveryKind, delivery_id: int, message_id: int, now: datetime
) -> None:
    await mark_sent_many(session, [(kind, delivery_id, message_id, now)])


async def mark_failed(
    session: AsyncSession, kind: DeliveryKind, delivery_id: int, status: Status
) -> None:
    table = _table(kind)
    await session.execute(
        update(table).where(table.c.id == delivery_id).values(status=status, lease_until=None)
    )


async def release_claims(
    session: AsyncSession, claims: Sequence[tuple[DeliveryKind, int]], retry_at: datetime
) -> None:
    """Hand queued claims back so the next tick (of any process) sends them from ``retry_at``."""
    for table_kind in (DeliveryKind.CHECKIN, DeliveryKind.REMINDER):
        ids = [
            did
            for kind, did in claims
            if (kind is DeliveryKind.CHECKIN) == (table_kind is DeliveryKind.CHECKIN)
        ]
        if not ids:
            continue
        table = _table(table_kind)
        await session.execute(
            update(table)
            .where(table.c.id.in_(ids), table.c.status == Status.QUEUED)
            .values(lease_until=retry_at, send_attempts=table.c.send_attempts + 1)
        )


async def hand_back_all_claims(session: AsyncSession, now: datetime) -> int:
    """Make every unsent claim claimable now: called by a process that has just taken the
    sending role, when whoever claimed them can no longer send (bot.sending_role)."""
    handed_back = 0
    for table in (_CHECKINS, _OUTBOX):
        result = await session.execute(
            update(table)
            .where(table.c.status == Status.QUEUED, table.c.lease_until > now)
            .values(lease_until=now)
        )
        handed_back += int(getattr(result, "rowcount", 0) or 0)
    return handed_back
