"""Next-due computation: one check-in per slot per local day, across DST in several zones."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.schedule import (
    SlotRule,
    decide_due,
    first_occurrence_after,
    latest_occurrence_until,
    logical_date,
    occurrence_for,
    reschedule,
)

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Australia/Lord_Howe",
    "UTC",
]
CATCH_UP = timedelta(hours=3)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def walk(rule: SlotRule, start: datetime, days: int) -> list[tuple[date, datetime]]:
    """Simulate the tick over ``days``: every occurrence the scheduler would send."""
    sent: list[tuple[date, datetime]] = []
    occurrence = first_occurrence_after(rule, start)
    end = start + timedelta(days=days)
    while occurrence.due_at < end:
        decision = decide_due(rule, occurrence.local_date, occurrence.due_at, CATCH_UP)
        assert decision.send is not None
        sent.append((decision.send.local_date, decision.send.due_at))
        assert decision.next.due_at > occurrence.due_at
        occurrence = decision.next
    return sent


@pytest.mark.parametrize("zone_name", ZONES)
@pytest.mark.parametrize("at", [time(2, 30), time(3, 0), time(8, 0), time(21, 0), time(0, 30)])
def test_exactly_one_checkin_per_local_day_for_two_years(zone_name: str, at: time) -> None:
    rule = SlotRule(zone=ZoneInfo(zone_name), at=at, day_start_hour=4)
    sent = walk(rule, utc(2025, 1, 1), days=730)
    dates = [day for day, _ in sent]
    assert len(dates) == len(set(dates)), "a local day got two check-ins"
    first, last = dates[0], dates[-1]
    assert dates == [first + timedelta(days=n) for n in range((last - first).days + 1)], (
        "a local day got no check-in"
    )


@pytest.mark.parametrize("zone_name", ZONES)
def test_checkin_happens_at_the_chosen_wall_clock_time_on_ordinary_days(zone_name: str) -> None:
    zone = ZoneInfo(zone_name)
    rule = SlotRule(zone=zone, at=time(8, 0))
    for day, due in walk(rule, utc(2025, 1, 1), days=365):
        local = due.astimezone(zone)
        assert local.date() == day
        assert local.time() == time(8, 0)


def test_spring_forward_gap_moves_the_checkin_to_after_the_gap() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    rule = SlotRule(zone=berlin, at=time(2, 30), day_start_hour=0)
    occurrence = occurrence_for(rule, date(2025, 3, 30))
    local = occurrence.due_at.astimezone(berlin)
    assert (local.hour, local.minute) == (3, 30)
    assert occurrence.due_at == utc(2025, 3, 30, 1, 30)


def test_fall_back_repeated_time_uses_the_first_occurrence_only() -> None:
    new_york = ZoneInfo("America/New_York")
    rule = SlotRule(zone=new_york, at=time(1, 30), day_start_hour=0)
    occurrence = occurrence_for(rule, date(2025, 11, 2))
    assert occurrence.due_at == utc(2025, 11, 2, 5, 30)  # 01:30 EDT, not 01:30 EST
    nxt = first_occurrence_after(rule, occurrence.due_at)
    assert nxt.local_date == date(2025, 11, 3)


def test_sydney_dst_changes_in_april_and_october() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    rule = SlotRule(zone=sydney, at=time(2, 30), day_start_hour=0)
    april = occurrence_for(rule, date(2025, 4, 6))  # 03:00 AEDT → 02:00 AEST: 02:30 twice
    assert april.due_at == datetime(2025, 4, 6, 2, 30, tzinfo=sydney).astimezone(UTC)
    october = occurrence_for(rule, date(2025, 10, 5))  # 02:00 → 03:00: 02:30 missing
    assert october.due_at.astimezone(sydney).time() == time(3, 30)


def test_chatham_quarter_hour_offsets() -> None:
    chatham = ZoneInfo("Pacific/Chatham")
    rule = SlotRule(zone=chatham, at=time(8, 0))
    occurrence = occurrence_for(rule, date(2025, 6, 1))
    assert occurrence.due_at.astimezone(chatham).time() == time(8, 0)
    assert occurrence.due_at.minute == 15  # UTC+12:45


def test_kolkata_half_hour_offset() -> None:
    rule = SlotRule(zone=ZoneInfo("Asia/Kolkata"), at=time(21, 0))
    assert occurrence_for(rule, date(2025, 6, 1)).due_at == utc(2025, 6, 1, 15, 30)


def test_logical_day_starts_at_the_day_start_hour() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    just_after_midnight = datetime(2025, 6, 2, 1, 30, tzinfo=berlin)
    assert logical_date(just_after_midnight, berlin, 4) == date(2025, 6, 1)
    assert logical_date(just_after_midnight, berlin, 0) == date(2025, 6, 2)
    assert logical_date(datetime(2025, 6, 2, 4, 0, tzinfo=berlin), berlin, 4) == date(2025, 6, 2)


def test_evening_after_midnight_belongs_to_the_day_that_just_ended() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    rule = SlotRule(zone=berlin, at=time(0, 30), day_start_hour=4)
    occurrence = occurrence_for(rule, date(2025, 6, 1))
    assert occurrence.due_at.astimezone(berlin) == datetime(2025, 6, 2, 0, 30, tzinfo=berlin)


def test_downtime_within_catch_up_window_still_sends_once() -> None:
    rule = SlotRule(zone=ZoneInfo("UTC"), at=time(8, 0))
    now = utc(2025, 6, 1, 10, 0)  # due 08:00, bot back at 10:00
    decision = decide_due(rule, date(2025, 6, 1), now, CATCH_UP)
    assert decision.send is not None
    assert decision.send.local_date == date(2025, 6, 1)
    assert decision.next.local_date == date(2025, 6, 2)


def test_downtime_beyond_catch_up_window_skips_and_moves_on() -> None:
    rule = SlotRule(zone=ZoneInfo("UTC"), at=time(8, 0))
    now = utc(2025, 6, 1, 12, 0)
    decision = decide_due(rule, date(2025, 6, 1), now, CATCH_UP)
    assert decision.send is None
    assert decision.next.due_at == utc(2025, 6, 2, 8, 0)


def test_long_downtime_sends_only_the_latest_recent_occurrence() -> None:
    rule = SlotRule(zone=ZoneInfo("UTC"), at=time(21, 0))
    now = utc(2025, 6, 4, 22, 0)  # down since 1 June; the 4 June check-in is 1 h late
    decision = decide_due(rule, date(2025, 6, 1), now, CATCH_UP)
    assert decision.send is not None
    assert decision.send.local_date == date(2025, 6, 4)
    assert decision.next.local_date == date(2025, 6, 5)


def test_latest_occurrence_never_goes_before_the_scheduled_date() -> None:
    rule = SlotRule(zone=ZoneInfo("UTC"), at=time(8, 0))
    assert latest_occurrence_until(rule, utc(2025, 6, 1, 9), not_before=date(2025, 6, 2)) is None


@pytest.mark.parametrize(
    ("zone_name", "at", "now", "last_sent", "fill_today", "local_date", "due_at"),
    [
        pytest.param(
            "Europe/Berlin", time(21, 0), (2025, 6, 1, 22), None, False, date(2025, 6, 2), None,
            id="new-user-starts-at-the-next-future-occurrence",
        ),
        pytest.param(
            "Europe/Berlin", time(10, 0), (2025, 6, 1, 9), date(2025, 5, 31), True, None,
            (2025, 6, 1, 10),
            id="moving-a-time-later-today-keeps-today",
        ),
        pytest.param(
            "Europe/Berlin", time(10, 0), (2025, 6, 1, 9), date(2025, 6, 1), True,
            date(2025, 6, 2), None,
            id="already-sent-today-means-no-duplicate",
        ),
        pytest.param(
            "Europe/Berlin", time(8, 0), (2025, 6, 1, 9), date(2025, 5, 31), True,
            date(2025, 6, 1), (2025, 6, 1, 9),
            id="moving-a-time-to-earlier-than-now-sends-todays-at-once",
        ),
        # Evening sent in Berlin at 21:00 on 1 June; now 18:00 in New York, same date.
        pytest.param(
            "America/New_York", time(21, 0), (2025, 6, 1, 18), date(2025, 6, 1), True,
            date(2025, 6, 2), None,
            id="travelling-west-does-not-repeat-today",
        ),
        # Last evening check-in 31 May in New York; now 22:00 on 1 June in Berlin.
        pytest.param(
            "Europe/Berlin", time(21, 0), (2025, 6, 1, 22), date(2025, 5, 31), True,
            date(2025, 6, 1), (2025, 6, 1, 22),
            id="travelling-east-does-not-skip-today",
        ),
    ],
)  # fmt: skip
def test_reschedule(
    zone_name: str,
    at: time,
    now: tuple[int, int, int, int],
    last_sent: date | None,
    fill_today: bool,
    local_date: date | None,
    due_at: tuple[int, int, int, int] | None,
) -> None:
    """Local times in ``zone_name``; an expectation of None is not checked by that case."""
    zone = ZoneInfo(zone_name)
    occurrence = reschedule(
        SlotRule(zone=zone, at=at),
        datetime(*now, tzinfo=zone),
        last_sent,
        CATCH_UP,
        fill_today=fill_today,
    )
    if local_date is not None:
        assert occurrence.local_date == local_date
    if due_at is not None:
        assert occurrence.due_at == datetime(*due_at, tzinfo=zone)


def test_weekly_rule_only_on_its_weekday() -> None:
    rule = SlotRule(zone=ZoneInfo("Europe/Berlin"), at=time(19, 0), weekday=6)
    occurrence = first_occurrence_after(rule, utc(2025, 6, 2))  # a Monday
    assert occurrence.local_date == date(2025, 6, 8)
    assert occurrence.local_date.weekday() == 6


@pytest.mark.parametrize("zone_name", ZONES)
def test_weekly_summary_exactly_once_a_week_across_dst(zone_name: str) -> None:
    rule = SlotRule(zone=ZoneInfo(zone_name), at=time(19, 0), weekday=6)
    sent = walk(rule, utc(2025, 1, 1), days=730)
    dates = [day for day, _ in sent]
    assert all(day.weekday() == 6 for day in dates)
    assert all((later - earlier).days == 7 for earlier, later in itertools.pairwise(dates))


def test_weekly_summary_after_moving_east_is_not_repeated_in_the_same_week() -> None:
    # Sunday's summary went out at 19:00 in New York; flying to Berlin the same evening.
    berlin = ZoneInfo("Europe/Berlin")
    rule = SlotRule(zone=berlin, at=time(19, 0), weekday=6)
    now = datetime(2025, 6, 9, 1, 0, tzinfo=berlin)  # Monday 01:00 in Berlin (Sunday's day)
    occurrence = reschedule(rule, now, date(2025, 6, 8), CATCH_UP, fill_today=False)
    assert occurrence.local_date == date(2025, 6, 15)
