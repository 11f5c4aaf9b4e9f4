"""The weekly summary's words: counts read as English, within Telegram's caption limit."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.answers import DayAnswers
from bot.domain.habits import Day, DayMark
from bot.domain.weekly import summarize_week
from bot.views.progress import summary_caption

SUNDAY = date(2025, 3, 23)
MONDAY = SUNDAY - timedelta(days=6)


def answered(when: date, **fields: object) -> Day:
    return Day(when, DayMark.ANSWERED, DayAnswers(when, **fields))  # type: ignore[arg-type]


def test_one_habit_kept_is_singular_and_more_are_plural() -> None:
    one = summarize_week([answered(MONDAY, vitamin_c=True)], [], 1, 1, SUNDAY)
    assert "(1 habit kept)" in summary_caption(one, None)
    two = summarize_week([answered(MONDAY, vitamin_c=True, vitamin_d=True)], [], 1, 1, SUNDAY)
    assert "(2 habits kept)" in summary_caption(two, None)


def test_a_week_so_far_says_how_many_days_are_to_come() -> None:
    wednesday = MONDAY + timedelta(days=2)
    summary = summarize_week(
        [answered(MONDAY, sleep_hours=8.0)], [], 1, 1, wednesday, week_end=SUNDAY
    )
    caption = summary_caption(summary, None, so_far=True)
    assert caption.startswith("📊 <b>This week so far</b>")
    assert "4 days still to come" in caption
    assert "8 h or more on <b>1</b> of 1 night" in caption
    assert "of 1 nights" not in caption
    assert len(caption) <= 1024
