"""Reading and writing a user's answers, one row per local date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Row, Table, and_, bindparam, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms
from bot.domain.checkin_flow import DayRecord
from models.base import json_list
from models.entities import DayEntry
from models.upsert import insert_for

E = TypeVar("E", Allergen, ProbioticKind)


# Built once: every press reads its day's lists through these.
_VALUES: dict[type, frozenset[str]] = {
    kind: frozenset(item.value for item in kind) for kind in (Allergen, ProbioticKind)
}


def _known(values: object, kind: type[E]) -> tuple[E, ...]:
    known = _VALUES[kind]
    return tuple(kind(value) for value in json_list(values) if value in known)


def _tolerance(values: object) -> tuple[tuple[ProbioticKind, bool], ...]:
    stored = values if isinstance(values, dict) else {}
    return tuple(
        (kind, stored[kind.value])
        for kind in ProbioticKind
        if isinstance(stored.get(kind.value), bool)
    )


# Every column of a day, read as plain rows through statements built once: a press reads and
# writes its day, and each completed check-in's tip reads up to 90 days. Plain Core rows skip
# the ORM's per-object bookkeeping, and a prebuilt statement skips building the expression and
# its cache key on every call (together about a third of a statement's CPU on SQLite).
_DAYS = cast(Table, DayEntry.__table__)
# Named apart from the columns, so an UPDATE's SET can take every column by its own name.
_IS_DAY = and_(_DAYS.c.user_id == bindparam("day_user"), _DAYS.c.local_date == bindparam("day"))
_READ_DAY = select(*_DAYS.c).where(_IS_DAY)
_LOCK_DAY = _READ_DAY.with_for_update()
_READ_DAYS = (
    select(*_DAYS.c)
    .where(
        _DAYS.c.user_id == bindparam("user_id"),
        _DAYS.c.local_date >= bindparam("first"),
        _DAYS.c.local_date <= bindparam("last"),
    )
    .order_by(_DAYS.c.local_date)
)
# What "how each food sat" reads, and only the days with probiotics or fermented foods: a tip
# looks back 90 days for it, and full rows (six JSON columns each) made that look-back most of
# a long-time user's press.
_READ_FOOD_DAYS = (
    select(
        _DAYS.c.local_date,
        _DAYS.c.probiotic_kinds,
        _DAYS.c.probiotic_tolerated,
        _DAYS.c.probiotic_tolerance,
    )
    .where(
        _DAYS.c.user_id == bindparam("user_id"),
        _DAYS.c.local_date >= bindparam("first"),
        _DAYS.c.local_date <= bindparam("last"),
        _DAYS.c.probiotics == true(),
    )
    .order_by(_DAYS.c.local_date)
)
# SET takes the columns named in the parameters: every answer column (all but the key).
_SAVE_DAY = _DAYS.update().where(_IS_DAY)

DayRow = Row[Any]
"""A day's stored row (every column), as :func:`lock_day` returns it."""


def record_from_row(row: DayRow) -> DayRecord:
    answers = DayAnswers(
        local_date=row.local_date,
        sleep_hours=row.sleep_hours,
        probiotics=row.probiotics,
        probiotic_kinds=_known(row.probiotic_kinds, ProbioticKind),
        probiotic_tolerated=row.probiotic_tolerated,
        probiotic_tolerance=_tolerance(row.probiotic_tolerance),
        vitamin_c=row.vitamin_c,
        vitamin_d=row.vitamin_d,
        allergens_asked=_known(row.allergens_asked, Allergen),
        allergens_exposed=_known(row.allergens_exposed, Allergen),
        allergens_answered=row.allergens_answered,
        symptoms=Symptoms(row.symptoms) if row.symptoms else None,
        note=row.note,
        skipped=row.skipped,
    )
    return DayRecord(
        answers=answers, kinds_done=row.probiotic_kinds_done, note_done=row.note_answered
    )


def _stored_values(record: DayRecord, now: datetime) -> dict[str, Any]:
    answers = record.answers
    return {
        "sleep_hours": answers.sleep_hours,
        "probiotics": answers.probiotics,
        "probiotic_kinds": [kind.value for kind in answers.probiotic_kinds],
        "probiotic_kinds_done": record.kinds_done,
        "probiotic_tolerated": answers.probiotic_tolerated,
        "probiotic_tolerance": {kind.value: sat for kind, sat in answers.probiotic_tolerance},
        "vitamin_c": answers.vitamin_c,
        "vitamin_d": answers.vitamin_d,
        "allergens_asked": [allergen.value for allergen in answers.allergens_asked],
        "allergens_exposed": [allergen.value for allergen in answers.allergens_exposed],
        "allergens_answered": answers.allergens_answered,
        "symptoms": answers.symptoms.value if answers.symptoms else None,
        "note": answers.note,
        "note_answered": record.note_done,
        "skipped": answers.skipped,
        "updated_at": now,
    }


async def lock_day(session: AsyncSession, user_id: int, local_date: date, now: datetime) -> DayRow:
    """The day's row, created if missing and locked for this transaction (so two quick taps
    cannot overwrite each other's answers). The row usually exists (every press after the
    day's first), so it is looked for first: one statement. A missing row is inserted and
    returned by the same statement; only when another transaction inserted it in between
    (PostgreSQL) is it read again, locked."""
    key = {"day_user": user_id, "day": local_date}
    row = (await session.execute(_LOCK_DAY, key)).one_or_none()
    if row is not None:
        return row
    empty_day = {
        "user_id": user_id,
        "local_date": local_date,
        "probiotic_kinds": [],
        "probiotic_tolerance": {},
        "allergens_asked": [],
        "allergens_exposed": [],
        "updated_at": now,
    }
    inserted = (await session.execute(_insert_day(session), empty_day)).one_or_none()
    if inserted is not None:
        return inserted
    return (await session.execute(_LOCK_DAY, key)).one()


_INSERT_DAY: dict[str, Any] = {}


def _insert_day(session: AsyncSession) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING`` every column, built once per dialect."""
    dialect = session.get_bind().dialect.name
    if dialect not in _INSERT_DAY:
        # On the table, not the entity: a plain INSERT, without the ORM's bulk-insert path.
        _INSERT_DAY[dialect] = (
            insert_for(session, _DAYS)
            .on_conflict_do_nothing(index_elements=[_DAYS.c.user_id, _DAYS.c.local_date])
            .returning(*_DAYS.c)
        )
    return _INSERT_DAY[dialect]


async def save_day(session: AsyncSession, row: DayRow, record: DayRecord, now: datetime) -> None:
    """Write ``record`` into the day ``row`` that :func:`lock_day` returned (and locked)."""
    key = {"day_user": row.user_id, "day": row.local_date}
    await session.execute(_SAVE_DAY, {**_stored_values(record, now), **key})


async def read_day(session: AsyncSession, user_id: int, local_date: date) -> DayRecord:
    key = {"day_user": user_id, "day": local_date}
    row = (await session.execute(_READ_DAY, key)).one_or_none()
    return record_from_row(row) if row else DayRecord(answers=DayAnswers(local_date=local_date))


async def read_days(
    session: AsyncSession, user_id: int, first: date, last: date
) -> list[DayRecord]:
    """Stored days in ``[first, last]``, oldest first (days without answers are absent)."""
    rows = await session.execute(_READ_DAYS, {"user_id": user_id, "first": first, "last": last})
    return [record_from_row(row) for row in rows]


async def read_food_days(
    session: AsyncSession, user_id: int, first: date, last: date
) -> list[DayAnswers]:
    """The days in ``[first, last]`` with probiotics or fermented foods, oldest first, with
    only their food answers filled in (what ``DayAnswers.tolerance_by_kind`` reads)."""
    rows = await session.execute(
        _READ_FOOD_DAYS, {"user_id": user_id, "first": first, "last": last}
    )
    return [
        DayAnswers(
            local_date=row.local_date,
            probiotics=True,
            probiotic_kinds=_known(row.probiotic_kinds, ProbioticKind),
            probiotic_tolerated=row.probiotic_tolerated,
            probiotic_tolerance=_tolerance(row.probiotic_tolerance),
        )
        for row in rows
    ]
