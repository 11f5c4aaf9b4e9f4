"""Reading and writing a user's answers, one row per local date."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Row, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.answers import Allergen, DayAnswers, ProbioticKind, Symptoms
from bot.domain.checkin_flow import DayRecord
from models.base import json_list
from models.entities import DayEntry
from models.upsert import insert_for

E = TypeVar("E", Allergen, ProbioticKind)


def _known(values: object, kind: type[E]) -> tuple[E, ...]:
    known = {item.value for item in kind}
    return tuple(kind(value) for value in json_list(values) if value in known)


def _tolerance(values: object) -> tuple[tuple[ProbioticKind, bool], ...]:
    stored = values if isinstance(values, dict) else {}
    return tuple(
        (kind, stored[kind.value])
        for kind in ProbioticKind
        if isinstance(stored.get(kind.value), bool)
    )


# Every column of a day, selected as plain rows: histories are read often (each completed
# check-in's tip reads up to 90 days), and rows skip the ORM's per-object bookkeeping.
_DAY_COLUMNS = tuple(attr.class_attribute for attr in inspect(DayEntry).column_attrs)


def record_from_row(row: DayEntry | Row[Any]) -> DayRecord:
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


def _copy_into(row: DayEntry, record: DayRecord, now: datetime) -> None:
    answers = record.answers
    row.sleep_hours = answers.sleep_hours
    row.probiotics = answers.probiotics
    row.probiotic_kinds = [kind.value for kind in answers.probiotic_kinds]
    row.probiotic_kinds_done = record.kinds_done
    row.probiotic_tolerated = answers.probiotic_tolerated
    row.probiotic_tolerance = {kind.value: sat for kind, sat in answers.probiotic_tolerance}
    row.vitamin_c = answers.vitamin_c
    row.vitamin_d = answers.vitamin_d
    row.allergens_asked = [allergen.value for allergen in answers.allergens_asked]
    row.allergens_exposed = [allergen.value for allergen in answers.allergens_exposed]
    row.allergens_answered = answers.allergens_answered
    row.symptoms = answers.symptoms.value if answers.symptoms else None
    row.note = answers.note
    row.note_answered = record.note_done
    row.skipped = answers.skipped
    row.updated_at = now


async def lock_day(
    session: AsyncSession, user_id: int, local_date: date, now: datetime
) -> DayEntry:
    """The day's row, created if missing and locked for this transaction (so two quick taps
    cannot overwrite each other's answers). The row usually exists (every press after the
    day's first), so it is looked for first: one statement instead of two."""
    locked = (
        select(DayEntry)
        .where(DayEntry.user_id == user_id, DayEntry.local_date == local_date)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    row = (await session.execute(locked)).scalar_one_or_none()
    if row is not None:
        return row
    await session.execute(
        insert_for(session, DayEntry)
        .values(
            user_id=user_id,
            local_date=local_date,
            probiotic_kinds=[],
            probiotic_tolerance={},
            allergens_asked=[],
            allergens_exposed=[],
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[DayEntry.user_id, DayEntry.local_date])
    )
    return (await session.execute(locked)).scalar_one()


async def save_day(session: AsyncSession, row: DayEntry, record: DayRecord, now: datetime) -> None:
    _copy_into(row, record, now)
    await session.flush()


async def read_day(session: AsyncSession, user_id: int, local_date: date) -> DayRecord:
    row = (
        await session.execute(
            select(DayEntry).where(DayEntry.user_id == user_id, DayEntry.local_date == local_date)
        )
    ).scalar_one_or_none()
    return record_from_row(row) if row else DayRecord(answers=DayAnswers(local_date=local_date))


async def read_days(
    session: AsyncSession, user_id: int, first: date, last: date
) -> list[DayRecord]:
    """Stored days in ``[first, last]``, oldest first (days without answers are absent)."""
    rows = await session.execute(
        select(*_DAY_COLUMNS)
        .where(
            DayEntry.user_id == user_id,
            DayEntry.local_date >= first,
            DayEntry.local_date <= last,
        )
        .order_by(DayEntry.local_date)
    )
    return [record_from_row(row) for row in rows]
