"""The stores a button press goes through, against a real database (SQLite, and PostgreSQL
when configured): the day's row read, locked and written back, and what a tip's choice reads."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

from bot.clock import FakeClock
from bot.domain.answers import Allergen, ProbioticKind, Symptoms
from bot.domain.history import PausePeriod
from bot.domain.insights import food_tolerance
from bot.services.scheduling import CheckinScheduler
from models.answer_store import (
    lock_day,
    read_day,
    read_days,
    read_look_back,
    record_from_row,
    save_day,
)
from models.db import Database
from models.history_store import add_pause, end_pauses, pauses_of
from models.tip_store import record_shown, shown_and_pauses
from tests.db.helpers import add_user

DAY = date(2025, 6, 2)
USER = 71


async def _user(db: Database, clock: FakeClock) -> None:
    scheduler = CheckinScheduler(db, clock, catch_up=timedelta(hours=3), lease=timedelta(minutes=2))
    await add_user(db, scheduler, clock, USER)


async def test_a_day_is_created_locked_written_and_read_back_whole(
    db: Database, clock: FakeClock
) -> None:
    await _user(db, clock)
    async with db.transaction() as session:
        row = await lock_day(session, USER, DAY, clock.now())
        empty = record_from_row(row)
        assert empty.answers.local_date == DAY
        assert empty.answers.sleep_hours is None
        answers = replace(
            empty.answers,
            sleep_hours=7.5,
            probiotics=True,
            probiotic_kinds=(ProbioticKind.KIMCHI,),
            probiotic_tolerance=((ProbioticKind.KIMCHI, True),),
            allergens_asked=(Allergen.DAIRY,),
            allergens_exposed=(Allergen.DAIRY,),
            allergens_answered=True,
            symptoms=Symptoms.MILD,
            note="fine",
        )
        written = replace(empty, answers=answers, kinds_done=True, note_done=True)
        await save_day(session, row, written, clock.now())
        # Read back in the same transaction (a press's tip reads its own day's answers) ...
        assert await read_day(session, USER, DAY) == written
    # ... and after commit, alone and as part of the user's history.
    async with db.transaction() as session:
        assert await read_day(session, USER, DAY) == written
        again = await lock_day(session, USER, DAY, clock.now())
        assert record_from_row(again) == written
        assert await read_days(session, USER, DAY - timedelta(days=89), DAY) == [written]
        assert await read_days(session, USER, DAY + timedelta(days=1), DAY + timedelta(2)) == []


async def test_two_first_answers_of_a_new_day_take_turns_and_both_are_kept(
    db: Database, clock: FakeClock
) -> None:
    """Two quick taps on a day with no row yet: the first creates and locks it; the second
    waits for it (on PostgreSQL, its insert runs into the first's row), then builds on it."""
    await _user(db, clock)
    first_has_the_day = asyncio.Event()
    release_first = asyncio.Event()

    async def first_tap() -> None:
        async with db.transaction(brief=True) as session:
            row = await lock_day(session, USER, DAY, clock.now())
            first_has_the_day.set()
            await release_first.wait()
            record = record_from_row(row)
            slept = replace(record, answers=replace(record.answers, sleep_hours=7.0))
            await save_day(session, row, slept, clock.now())

    async def second_tap() -> None:
        await first_has_the_day.wait()
        async with db.transaction(brief=True) as session:
            row = await lock_day(session, USER, DAY, clock.now())
            record = record_from_row(row)
            assert record.answers.sleep_hours == 7.0  # the first tap's answer, committed
            took_c = replace(record, answers=replace(record.answers, vitamin_c=True))
            await save_day(session, row, took_c, clock.now())

    taps = asyncio.gather(first_tap(), second_tap())
    await first_has_the_day.wait()
    await asyncio.sleep(0.2)  # the second tap is waiting for the day by now
    release_first.set()
    await taps
    async with db.transaction() as session:
        stored = await read_day(session, USER, DAY)
    assert (stored.answers.sleep_hours, stored.answers.vitamin_c) == (7.0, True)


async def test_the_food_look_back_reads_the_same_tolerance_as_the_full_days(
    db: Database, clock: FakeClock
) -> None:
    """A tip's 90-day look back at how each food sat reads only the food answers of days with
    probiotics; what it concludes is what the full days say."""
    await _user(db, clock)
    kinds = list(ProbioticKind)
    async with db.transaction() as session:
        for back in range(30):
            day = DAY - timedelta(days=back)
            row = await lock_day(session, USER, day, clock.now())
            record = record_from_row(row)
            had = back % 4 != 3  # some days without probiotics, with a tolerance left over
            eaten = (kinds[back % len(kinds)], kinds[(back + 1) % len(kinds)])
            answers = replace(
                record.answers,
                sleep_hours=6.5,
                probiotics=had,
                probiotic_kinds=eaten,
                probiotic_tolerated=None if back % 5 == 0 else back % 3 != 0,
                probiotic_tolerance=((eaten[0], back % 2 == 0),) if back % 3 == 1 else (),
                allergens_asked=(Allergen.DAIRY,),
                allergens_exposed=(Allergen.DAIRY,) if back % 2 else (),
            )
            await save_day(session, row, replace(record, answers=answers), clock.now())
    first, week_first = DAY - timedelta(days=89), DAY - timedelta(days=6)
    async with db.transaction() as session:
        full = [r.answers for r in await read_days(session, USER, first, DAY)]
        look_back = await read_look_back(session, USER, first, week_first, DAY)
        assert look_back.week == await read_days(session, USER, week_first, DAY)
    earlier = [d for d in full if d.local_date < week_first]
    assert [d.local_date for d in look_back.food_days] == [
        d.local_date for d in earlier if d.probiotics
    ]
    week = [record.answers for record in look_back.week]
    assert food_tolerance([*look_back.food_days, *week]) == food_tolerance(full)
    assert food_tolerance(full)  # the comparison is about something


async def test_tips_shown_lately_and_pauses_come_back_in_one_read(
    db: Database, clock: FakeClock
) -> None:
    await _user(db, clock)
    now = clock.now()
    async with db.transaction() as session:
        assert await shown_and_pauses(session, USER, DAY - timedelta(days=7)) == ({}, ())
        await record_shown(session, USER, "sleep-1", DAY - timedelta(days=9), "morning", now)
        await record_shown(session, USER, "sleep-1", DAY - timedelta(days=3), "morning", now)
        await record_shown(session, USER, "sleep-1", DAY - timedelta(days=1), "evening", now)
        await record_shown(session, USER, "fiber-2", DAY - timedelta(days=8), "weekly", now)
        await record_shown(session, USER, "fiber-3", DAY, "on_demand", now)
        await add_pause(session, USER, DAY - timedelta(days=20), DAY - timedelta(days=15), now)
        await add_pause(session, USER, DAY - timedelta(days=40), DAY - timedelta(days=30), now)
        await add_pause(session, USER, DAY - timedelta(days=2), None, now)
        # Ended in the same transaction: the read sees it ended.
        await end_pauses(session, USER, DAY)
        shown, pauses = await shown_and_pauses(session, USER, DAY - timedelta(days=7))
    assert shown == {"sleep-1": DAY - timedelta(days=1), "fiber-3": DAY}
    assert pauses == (
        PausePeriod(DAY - timedelta(days=40), DAY - timedelta(days=30)),
        PausePeriod(DAY - timedelta(days=20), DAY - timedelta(days=15)),
        PausePeriod(DAY - timedelta(days=2), DAY - timedelta(days=1)),
    )
    async with db.transaction() as session:
        assert pauses == tuple(await pauses_of(session, USER))
        assert await shown_and_pauses(session, USER + 1, DAY - timedelta(days=7)) == ({}, ())
