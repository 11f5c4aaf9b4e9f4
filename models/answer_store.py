"""Reading and writing a user's answers, one row per local date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar, cast

from sqlalchemy import Row, Table, and_, bindparam, null, select, true, union_all
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
_READ_DAYS = (
    select(*_DAYS.c)
    .where(
        _DAYS.c.user_id == bindparam("user_id"),
        _DAYS.c.local_date >= bindparam("first"),
        _DAYS.c.local_date <= bindparam("last"),
    )
    .order_by(_DAYS.c.local_date)
)
# A tip's look back, in one statement: the last week's days whole, and before them (up to 90
# days) only the food answers of days with probiotics or fermented foods. Full rows (six JSON
# columns each) for the older days made that look back most of a long-time user's press; the
# older part's other columns are NULL.
_FOOD_COLUMNS = ("local_date", "probiotic_kinds", "probiotic_tolerated", "probiotic_tolerance")
_READ_LOOK_BACK = union_all(
    select(*_DAYS.c).where(
        _DAYS.c.user_id == bindparam("user_id"),
        _DAYS.c.local_date >= bindparam("week_first"),
        _DAYS.c.local_date <= bindparam("last"),
    ),
    select(
        *(
            column if column.name in _FOOD_COLUMNS else null().label(column.name)
            for column in _DAYS.c
        )
    ).where(
        _DAYS.c.user_id == bindparam("user_id"),
        _DAYS.c.local_date >= bindparam("food_first"),
        _DAYS.c.local_date < bindparam("week_first"),
        _DAYS.c.probiotics == true(),
    ),
).order_by("local_date")
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
    cannot overwrite each other's answers), in one statement either way: an ``INSERT … ON
    CONFLICT DO UPDATE … RETURNING`` hands back the new row or the existing one. Its update
    changes nothing (``updated_at`` keeps its value) but takes the row's lock, as ``SELECT …
    FOR UPDATE`` would; a second transaction inserting the same day waits for the first and
    then gets its row."""
    empty_day = {
        "user_id": user_id,
        "local_date": local_date,
        "probiotic_kinds": [],
        "probiotic_tolerance": {},
        "allergens_asked": [],
        "allergens_exposed": [],
        "updated_at": now,
    }
    return (await session.execute(_claim_day(session), empty_day)).one()


_CLAIM_DAY: dict[str, Any] = {}


def _claim_day(session: AsyncSession) -> Any:
    """:func:`lock_day`'s statement, built once per dialect."""
    dialect = session.get_bind().dialect.name
    if dialect not in _CLAIM_DAY:
        # On the table, not the entity: a plain INSERT, without the ORM's bulk-insert path.
        _CLAIM_DAY[dialect] = (
            insert_for(session, _DAYS)
            .on_conflict_do_update(
                index_elements=[_DAYS.c.user_id, _DAYS.c.local_date],
                set_={"updated_at": _DAYS.c.updated_at},
            )
            .returning(*_DAYS.c)
        )
    return _CLAIM_DAY[dialect]


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


@dataclass(frozen=True)
class LookBack:
    """What a tip reads of a user's past (:func:`read_look_back`)."""

    week: list[DayRecord]
    """Stored days of the last week, oldest first, every answer."""
    food_days: list[DayAnswers]
    """Earlier days with probiotics or fermented foods, oldest first, with only their food
    answers filled in (what ``DayAnswers.tolerance_by_kind`` reads)."""


async def read_look_back(
    session: AsyncSession, user_id: int, food_first: date, week_first: date, last: date
) -> LookBack:
    """Days in ``[week_first, last]`` whole and the food days in ``[food_first, week_first)``,
    in one statement."""
    params = {"user_id": user_id, "food_first": food_first, "week_first": week_first}
    rows = await session.execute(_READ_LOOK_BACK, {**params, "last": last})
    look_back = LookBack(week=[], food_days=[])
    for row in rows:
        if row.local_date >= week_first:
            look_back.week.append(record_from_row(row))
        else:
            look_back.food_days.append(
                DayAnswers(
                    local_date=row.local_date,
                    probiotics=True,
                    probiotic_kinds=_known(row.probiotic_kinds, ProbioticKind),
                    probiotic_tolerated=row.probiotic_tolerated,
                    probiotic_tolerance=_tolerance(row.probiotic_tolerance),
                )
            )
    return look_back
