"""The tick's claim step against a real database: idempotent, restart-safe, per user."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.domain.statuses import DeliveryKind
from bot.services.scheduling import CheckinScheduler
from models.checkin_store import open_checkin
from models.db import Database
from models.delivery_store import mark_sent
from models.entities import Checkin, DayEntry, Schedule
from models.user_store import set_active
from tests.db.helpers import add_user

CATCH_UP = timedelta(hours=3)
LEASE = timedelta(minutes=2)
MONDAY_0700_BERLIN = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
MONDAY_MORNING_DUE = datetime(2025, 6, 2, 6, 1, tzinfo=UTC)  # 08:01 Berlin: the 08:00 one is due


def scheduler_for(db: Database, clock: FakeClock) -> CheckinScheduler:
    return CheckinScheduler(db, clock, catch_up=CATCH_UP, lease=LEASE)


@pytest.fixture
def scheduler(db: Database, clock: FakeClock) -> CheckinScheduler:
    """A scheduler on Monday 2 June 2025 at 07:00 in Berlin, before the first check-in."""
    clock.set(MONDAY_0700_BERLIN)
    return scheduler_for(db, clock)


async def count_checkins(db: Database) -> int:
    async with db.transaction() as session:
        return int((await session.execute(select(func.count()).select_from(Checkin))).scalar_one())


async def test_due_checkin_is_claimed_once_and_the_schedule_moves_on(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)
    assert await scheduler.claim_batch(100) == []
    clock.set(datetime(2025, 6, 2, 6, 0, 30, tzinfo=UTC))  # 08:00:30 Berlin
    claimed = await scheduler.claim_batch(100)
    assert [(c.user_id, c.slot, c.local_date) for c in claimed] == [
        (1, "morning", date(2025, 6, 2))
    ]
    assert await scheduler.claim_batch(100) == []
    async with db.transaction() as session:
        schedule = await session.get(Schedule, (1, "morning"))
        assert schedule is not None
        assert schedule.next_due_at == datetime(2025, 6, 3, 6, 0, tzinfo=UTC)
        assert schedule.next_local_date == date(2025, 6, 3)


async def test_two_schedulers_racing_never_claim_the_same_checkin(
    db: Database, clock: FakeClock
) -> None:
    clock.set(MONDAY_0700_BERLIN)
    first, second = scheduler_for(db, clock), scheduler_for(db, clock)
    for user_id in range(1, 41):
        await add_user(db, first, clock, user_id)
    clock.set(MONDAY_MORNING_DUE)
    results = await asyncio.gather(*(s.claim_batch(7) for s in [first, second] * 8))
    claimed = [c.delivery_id for batch in results for c in batch]
    assert len(claimed) == len(set(claimed)) == 40
    assert await count_checkins(db) == 40


async def test_a_checkin_opened_on_demand_is_not_sent_again_by_the_scheduler(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)
    async with db.transaction() as session:
        await open_checkin(session, 1, date(2025, 6, 2), "morning", clock.now())
    clock.set(MONDAY_MORNING_DUE)
    assert await scheduler.claim_batch(100) == []


async def test_a_claim_abandoned_by_a_crash_is_sent_after_its_lease_then_never_again(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)
    clock.set(MONDAY_MORNING_DUE)
    (claimed,) = await scheduler.claim_batch(100)  # ...and the process dies before sending
    clock.advance(LEASE - timedelta(seconds=1))
    assert await scheduler.claim_batch(100) == []  # still leased to the dead process
    clock.advance(timedelta(seconds=2))
    (again,) = await scheduler.claim_batch(100)
    assert again.delivery_id == claimed.delivery_id
    async with db.transaction() as session:
        await mark_sent(session, DeliveryKind.CHECKIN, again.delivery_id, 99, clock.now())
    clock.advance(LEASE * 3)
    assert await scheduler.claim_batch(100) == []


async def test_an_abandoned_claim_older_than_the_catch_up_window_is_given_up(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1, evening=time(23, 30))
    clock.set(MONDAY_MORNING_DUE)
    await scheduler.claim_batch(100)
    clock.advance(CATCH_UP + timedelta(minutes=1))
    assert await scheduler.claim_batch(100) == []
    async with db.transaction() as session:
        status = (await session.execute(select(Checkin.status))).scalar_one()
    assert status == "expired"


async def test_downtime_sends_recent_checkins_once_and_skips_old_ones(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)  # 08:00 and 21:00 Berlin
    # Down from before 08:00 until 22:00 Berlin: the morning one is 14 h late, the evening 1 h.
    clock.set(datetime(2025, 6, 2, 20, 0, tzinfo=UTC))
    claimed = await scheduler.claim_batch(100)
    assert [(c.slot, c.local_date) for c in claimed] == [("evening", date(2025, 6, 2))]


async def test_users_who_blocked_the_bot_are_not_due(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)
    async with db.transaction() as session:
        await set_active(session, 1, False, clock.now())
        await scheduler.stop_user(session, 1)
    clock.set(MONDAY_MORNING_DUE)
    assert await scheduler.claim_batch(100) == []


async def test_a_user_with_a_broken_zone_is_unscheduled_not_crashing_the_tick(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    await add_user(db, scheduler, clock, 1)
    await add_user(db, scheduler, clock, 2)
    async with db.transaction() as session:
        from models.entities import User

        broken = await session.get(User, 1)
        assert broken is not None
        broken.timezone = "Mars/Olympus_Mons"
    clock.set(MONDAY_MORNING_DUE)
    claimed = await scheduler.claim_batch(100)
    assert [c.user_id for c in claimed] == [2]


async def test_silence_backs_off_at_claim_time_and_an_answer_resets_it(
    db: Database, clock: FakeClock, scheduler: CheckinScheduler
) -> None:
    """The silence rule on the real database (SQLite and PostgreSQL): three unanswered days,
    then the morning check-in gives way to one pause offer and reminders stay off."""
    await add_user(db, scheduler, clock, 1, reminder_minutes=90)

    async def claim_at(when: datetime) -> list[tuple[DeliveryKind, str, int]]:
        clock.set(when)
        claimed = await scheduler.claim_batch(100)
        async with db.transaction() as session:
            for item in claimed:
                await mark_sent(session, item.kind, item.delivery_id, 1, when)
        return [(item.kind, item.slot, item.reminder_minutes) for item in claimed]

    for day in range(3):  # Mon–Wed: both check-ins, with reminders
        morning = datetime(2025, 6, 2 + day, 6, 0, 30, tzinfo=UTC)
        assert await claim_at(morning) == [(DeliveryKind.CHECKIN, "morning", 90)]
        assert await claim_at(morning + timedelta(hours=13)) == [
            (DeliveryKind.CHECKIN, "evening", 90)
        ]
    thursday = datetime(2025, 6, 5, 6, 0, 30, tzinfo=UTC)
    assert await claim_at(thursday) == [(DeliveryKind.PAUSE_OFFER, "silence", 90)]
    assert await claim_at(thursday + timedelta(hours=13)) == [(DeliveryKind.CHECKIN, "evening", 0)]
    friday = thursday + timedelta(days=1)
    assert await claim_at(friday) == []  # the offer is not repeated, the morning stays quiet
    # An answer (Friday, 12:00): Saturday is back to normal.
    async with db.transaction() as session:
        session.add(
            DayEntry(
                user_id=1,
                local_date=date(2025, 6, 5),
                probiotic_kinds=[],
                allergens_asked=[],
                allergens_exposed=[],
                vitamin_c=True,
                updated_at=friday + timedelta(hours=4),
            )
        )
    await claim_at(friday + timedelta(hours=13))
    saturday = friday + timedelta(days=1)
    assert await claim_at(saturday) == [(DeliveryKind.CHECKIN, "morning", 90)]
