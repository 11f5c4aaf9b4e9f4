"""Sleep hours and clock times typed by users: table-driven cases plus properties."""

from __future__ import annotations

import math
from datetime import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.answers import MAX_SLEEP_HOURS
from bot.domain.parsing import (
    ParseFailure,
    ParseProblem,
    parse_clock_time,
    parse_sleep_hours,
)

EMPTY = ParseFailure(ParseProblem.EMPTY)
NOT_UNDERSTOOD = ParseFailure(ParseProblem.NOT_UNDERSTOOD)
OUT_OF_RANGE = ParseFailure(ParseProblem.OUT_OF_RANGE)


# --------------------------------------------------------------------------- sleep hours


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("7.5", 7.5),
        ("7,5", 7.5),
        ("7h30", 7.5),
        ("7 h 30", 7.5),
        ("7:30", 7.5),
        ("7 hours", 7.0),
        ("7 hrs", 7.0),
        ("7 hr", 7.0),
        ("7h", 7.0),
        ("7H", 7.0),
        ("7½", 7.5),
        ("7 ½", 7.5),
        ("½", 0.5),
        ("6¾", 6.75),
        ("7 1/2", 7.5),
        ("7 1/2 hours", 7.5),
        ("7.5h", 7.5),
        ("7.5 hours", 7.5),
        ("about 7", 7.0),
        ("around 8 hours", 8.0),
        ("~7", 7.0),
        ("≈ 6.5", 6.5),
        ("7ish", 7.0),
        ("7-ish", 7.0),
        ("7 or so", 7.0),
        ("I slept 7 hours", 7.0),
        ("slept for 6h", 6.0),
        ("8 hours of sleep", 8.0),
        ("7 hours 30 minutes", 7.5),
        ("7 hours and 30 minutes", 7.5),
        ("7 hours, 15 mins", 7.25),
        ("7h30m", 7.5),
        ("7h 5", 7.1),  # 7 h 05 min = 7.083 → 7.10
        ("450 min", 7.5),
        ("450 minutes", 7.5),
        ("90 mins", 1.5),
        (" 8 ", 8.0),
        ("\t8\n", 8.0),
        ("0", 0.0),
        ("0.0", 0.0),
        ("24", 24.0),
        ("24:00", 24.0),
        ("24 hours", 24.0),
        (".5", 0.5),
        ("7.", 7.0),
        ("7.25", 7.25),
        ("7.33", 7.35),  # nearest 0.05
        ("7.32", 7.3),
        ("7.025", 7.05),  # halves round up
        ("7:20", 7.35),  # 7.333… → 7.35
        ("7:10", 7.15),  # 7.1666… → 7.15
        ("7:01", 7.0),
        ("seven", 7.0),
        ("Seven hours", 7.0),
        ("seven and a half", 7.5),
        ("seven and a half hours", 7.5),
        ("7 and a half", 7.5),
        ("an hour and a half", 1.5),
        ("half an hour", 0.5),
        ("twenty-four", 24.0),
        ("eighteen", 18.0),
        ("6-7", 6.5),
        ("6 - 7 hours", 6.5),
        ("6 to 7 hours", 6.5),
        ("7 or 8", 7.5),
        ("none", 0.0),
        ("no sleep", 0.0),
        ("７.５", 7.5),  # full-width digits
        ("٧", 7.0),  # Arabic-Indic digit
        ("७.५", 7.5),  # Devanagari digits
        ("7\u200b.5", 7.5),  # zero-width space is ignored
        ("7 STD", 7.0),
    ],
)
def test_sleep_hours_accepted(text: str, hours: float) -> None:
    assert parse_sleep_hours(text) == hours


@pytest.mark.parametrize(
    ("text", "failure"),
    [
        ("", EMPTY),
        ("   ", EMPTY),
        ("\n\t", EMPTY),
        ("25", OUT_OF_RANGE),
        ("24.5", OUT_OF_RANGE),
        ("24:01", OUT_OF_RANGE),
        ("-1", OUT_OF_RANGE),
        ("−2 hours", OUT_OF_RANGE),
        ("1500 min", OUT_OF_RANGE),
        ("30 hours", OUT_OF_RANGE),
        ("99999999", OUT_OF_RANGE),
        ("20-30", OUT_OF_RANGE),
        ("7:75", NOT_UNDERSTOOD),
        ("7h75", NOT_UNDERSTOOD),
        ("7:5", NOT_UNDERSTOOD),
        ("abc", NOT_UNDERSTOOD),
        ("seven-ish hours maybe not", NOT_UNDERSTOOD),
        ("7..5", NOT_UNDERSTOOD),
        ("7.5.3", NOT_UNDERSTOOD),
        ("1e3", NOT_UNDERSTOOD),
        ("nan", NOT_UNDERSTOOD),
        ("inf", NOT_UNDERSTOOD),
        ("1/0", NOT_UNDERSTOOD),
        ("7 3/2", NOT_UNDERSTOOD),
        ("8-7", NOT_UNDERSTOOD),
        ("🙂", NOT_UNDERSTOOD),
        ("שבע", NOT_UNDERSTOOD),
        ("7" * 200, NOT_UNDERSTOOD),
        ("8 " + "x" * 10_000, NOT_UNDERSTOOD),
        ("hours", NOT_UNDERSTOOD),
        ("about", NOT_UNDERSTOOD),
        ("~", NOT_UNDERSTOOD),
    ],
)
def test_sleep_hours_rejected(text: str, failure: ParseFailure) -> None:
    assert parse_sleep_hours(text) == failure


def _on_grid(value: float) -> bool:
    return math.isclose(value * 20, round(value * 20), abs_tol=1e-9)


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_sleep_hours_never_raises(text: str) -> None:
    result = parse_sleep_hours(text)
    if isinstance(result, ParseFailure):
        assert isinstance(result.problem, ParseProblem)
    else:
        assert isinstance(result, float)
        assert 0.0 <= result <= MAX_SLEEP_HOURS
        assert _on_grid(result)


@given(st.text(alphabet="0123456789.,:/-h m½~ ", max_size=12))
def test_sleep_hours_never_raises_on_number_like_text(text: str) -> None:
    result = parse_sleep_hours(text)
    assert isinstance(result, ParseFailure | float)


@given(st.integers(min_value=0, max_value=480))
def test_sleep_hours_round_trip_decimal(twentieths: int) -> None:
    hours = twentieths / 20
    for text in (f"{hours:g}", f"{hours:.2f}", f"{hours:g}h", f"{hours:g} hours"):
        assert parse_sleep_hours(text) == pytest.approx(hours, abs=1e-9)
    assert parse_sleep_hours(f"{hours:.2f}".replace(".", ",")) == pytest.approx(hours, abs=1e-9)


@given(st.integers(min_value=0, max_value=24 * 60))
def test_sleep_hours_round_trip_hours_minutes(minutes: int) -> None:
    whole, rest = divmod(minutes, 60)
    expected = round(math.floor(minutes / 3 + 0.5) * 0.05, 2)
    assert parse_sleep_hours(f"{whole}:{rest:02d}") == expected
    assert parse_sleep_hours(f"{whole}h{rest:02d}") == expected
    assert parse_sleep_hours(f"{minutes} min") == expected
    if rest:
        assert parse_sleep_hours(f"{whole} hours {rest} minutes") == expected


@given(st.floats(min_value=0, max_value=24, allow_nan=False))
def test_sleep_hours_are_on_the_grid_and_close(hours: float) -> None:
    result = parse_sleep_hours(f"{hours:.6f}")
    assert isinstance(result, float)
    assert _on_grid(result)
    assert abs(result - hours) <= 0.025 + 1e-6


# --------------------------------------------------------------------------- clock times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07:30", time(7, 30)),
        ("7:30", time(7, 30)),
        ("7.30", time(7, 30)),
        ("21.30", time(21, 30)),
        ("21:30", time(21, 30)),
        ("2130", time(21, 30)),
        ("0730", time(7, 30)),
        ("730", time(7, 30)),
        ("0000", time(0, 0)),
        ("7am", time(7, 0)),
        ("7 am", time(7, 0)),
        ("7AM", time(7, 0)),
        ("7 a.m.", time(7, 0)),
        ("7a", time(7, 0)),
        ("7pm", time(19, 0)),
        ("7:30pm", time(19, 30)),
        ("7:30 PM", time(19, 30)),
        ("7.30 p.m.", time(19, 30)),
        ("730pm", time(19, 30)),
        ("12am", time(0, 0)),
        ("12:15am", time(0, 15)),
        ("12pm", time(12, 0)),
        ("12:45 pm", time(12, 45)),
        ("0:30am", time(0, 30)),
        ("19:00 pm", time(19, 0)),
        ("21h30", time(21, 30)),
        ("21 h 30", time(21, 30)),
        ("21h", time(21, 0)),
        ("9", time(9, 0)),
        ("09", time(9, 0)),
        ("0", time(0, 0)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
        ("07:30:00", time(7, 30)),
        ("noon", time(12, 0)),
        ("Noon", time(12, 0)),
        ("12 noon", time(12, 0)),
        ("midday", time(12, 0)),
        ("midnight", time(0, 0)),
        ("at 7", time(7, 0)),
        ("at 9pm", time(21, 0)),
        ("7 o'clock", time(7, 0)),
        ("7 in the morning", time(7, 0)),
        ("7 in the evening", time(19, 0)),
        ("9 at night", time(21, 0)),
        ("12 at night", time(0, 0)),
        ("３pm", time(15, 0)),
        (" 21:30 ", time(21, 30)),
        ("21:30.", time(21, 30)),
        ("7\u200b:30", time(7, 30)),
    ],
)
def test_clock_time_accepted(text: str, expected: time) -> None:
    assert parse_clock_time(text) == expected


@pytest.mark.parametrize(
    ("text", "failure"),
    [
        ("", EMPTY),
        ("  ", EMPTY),
        ("24:00", OUT_OF_RANGE),
        ("25:00", OUT_OF_RANGE),
        ("24", OUT_OF_RANGE),
        ("7:60", OUT_OF_RANGE),
        ("2460", OUT_OF_RANGE),
        ("2400", OUT_OF_RANGE),
        ("13am", OUT_OF_RANGE),
        ("0pm", OUT_OF_RANGE),
        ("25pm", OUT_OF_RANGE),
        ("07:30:61", OUT_OF_RANGE),
        ("garbage", NOT_UNDERSTOOD),
        ("7.5", NOT_UNDERSTOOD),
        ("7:5", NOT_UNDERSTOOD),
        ("-7", NOT_UNDERSTOOD),
        ("12345", NOT_UNDERSTOOD),
        ("am", NOT_UNDERSTOOD),
        ("p", NOT_UNDERSTOOD),
        ("7 xm", NOT_UNDERSTOOD),
        ("🙂", NOT_UNDERSTOOD),
        ("tonight", NOT_UNDERSTOOD),
        ("9" * 5000, NOT_UNDERSTOOD),
    ],
)
def test_clock_time_rejected(text: str, failure: ParseFailure) -> None:
    assert parse_clock_time(text) == failure


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_clock_time_never_raises(text: str) -> None:
    result = parse_clock_time(text)
    assert isinstance(result, time | ParseFailure)


@given(st.text(alphabet="0123456789:.hapm ", max_size=10))
def test_clock_time_never_raises_on_time_like_text(text: str) -> None:
    assert isinstance(parse_clock_time(text), time | ParseFailure)


@given(st.times())
def test_clock_time_round_trip(value: time) -> None:
    expected = value.replace(second=0, microsecond=0)
    twelve = value.hour % 12 or 12
    suffix = "pm" if value.hour >= 12 else "am"
    for text in (
        value.strftime("%H:%M"),
        value.strftime("%H%M"),
        value.strftime("%H.%M"),
        value.strftime("%Hh%M"),
        f"{value.hour}:{value.minute:02d}",
        f"{twelve}:{value.minute:02d} {suffix}",
        f"{twelve}:{value.minute:02d}{suffix.upper()}",
        f"{twelve}.{value.minute:02d} {suffix[0]}.m.",
        value.strftime("%I:%M %p"),
    ):
        assert parse_clock_time(text) == expected, text


@given(st.integers(min_value=0, max_value=23))
def test_clock_time_whole_hours(hour: int) -> None:
    assert parse_clock_time(str(hour)) == time(hour)
    assert parse_clock_time(f"{hour}h") == time(hour)
    twelve = hour % 12 or 12
    assert parse_clock_time(f"{twelve}{'pm' if hour >= 12 else 'am'}") == time(hour)
