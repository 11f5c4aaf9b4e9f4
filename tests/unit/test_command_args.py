"""What people type after /pause and /checkin."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.command_args import UNTIL_RESUMED, DayBack, parse_day_back, parse_pause_length


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("7", 7),
        ("7d", 7),
        ("3 days", 3),
        ("for 3 days", 3),
        ("1 week", 7),
        ("a week", 7),
        ("week", 7),
        ("2 weeks", 14),
        ("2w", 14),
        ("two weeks", 14),
        ("a fortnight", 14),
        ("Forever", UNTIL_RESUMED),
        ("until I resume", UNTIL_RESUMED),
        ("indefinitely.", UNTIL_RESUMED),
        ("0", None),  # not a length: the reply explains 1–90
        ("-3", None),
        ("abc", None),
        ("", None),
        ("3 months", None),
    ],
)
def test_pause_lengths(text: str, days: object) -> None:
    assert parse_pause_length(text) == days


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("", DayBack(days=0)),
        ("today", DayBack(days=0)),
        ("yesterday", DayBack(days=1)),
        ("Yesterday!", DayBack(days=1)),
        ("1", DayBack(days=1)),
        ("-1", DayBack(days=1)),
        ("3", DayBack(days=3)),
        ("3 days ago", DayBack(days=3)),
        ("10", DayBack(days=10)),  # parsed; the service says 7 days is the limit
        ("day before yesterday", DayBack(days=2)),
        ("monday", DayBack(weekday=0)),
        ("Mon", DayBack(weekday=0)),
        ("last friday", DayBack(weekday=4)),
        ("thurs", DayBack(weekday=3)),
        ("tomorrow", None),
        ("next week", None),
        ("t", None),
    ],
)
def test_which_day(text: str, day: DayBack | None) -> None:
    assert parse_day_back(text) == day


def test_a_weekday_means_the_latest_one_on_or_before_today() -> None:
    wednesday = 2
    assert DayBack(weekday=0).days_back(wednesday) == 2  # Monday this week
    assert DayBack(weekday=wednesday).days_back(wednesday) == 0  # today
    assert DayBack(weekday=4).days_back(wednesday) == 5  # last Friday
    assert DayBack(days=3).days_back(wednesday) == 3


@given(st.text(max_size=60))
def test_no_text_crashes_either_parser(text: str) -> None:
    parse_pause_length(text)
    parse_day_back(text)
