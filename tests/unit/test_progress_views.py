"""The weekly summary's words: counts read as English, within Telegram's caption limit."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.domain.answers import Allergen
from bot.domain.habits import Habit, habit_report
from bot.domain.weekly import summarize_week
from bot.views.progress import streaks_text, summary_caption
from tests.unit.days import answered, watchers_week

SUNDAY = date(2025, 3, 23)
MONDAY = SUNDAY - timedelta(days=6)


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


def test_streaks_show_no_strength_until_a_habit_is_first_kept() -> None:
    # Issue 14: "Sleep 8 h+: 0 days in a row · strength 5 %" after one 7.5 h night.
    one_short_night = [answered(MONDAY, sleep_hours=7.5)]
    report = habit_report(one_short_night, MONDAY)
    assert report[Habit.SLEEP_8H].score > 0  # partial credit is in the score …
    text = streaks_text(report, None)
    assert "😴 <b>Sleep 8 h+</b> 🔥 0 (0) · 💪 0%" in text  # … and shows from the first kept day
    then_kept = [*one_short_night, answered(MONDAY + timedelta(days=1), sleep_hours=8.0)]
    report = habit_report(then_kept, MONDAY + timedelta(days=1))
    percent = report[Habit.SLEEP_8H].score_percent
    assert percent > 0
    assert f"😴 <b>Sleep 8 h+</b> 🔥 1 (1) · 💪 {percent}%" in streaks_text(report, None)


def test_streaks_are_one_short_row_per_habit_with_this_weeks_goal() -> None:
    days = [answered(MONDAY + timedelta(days=i), vitamin_c=True) for i in range(5)]
    text = str(streaks_text(habit_report(days, MONDAY + timedelta(days=4)), None))
    rows = [row for row in text.splitlines() if re.search(r"🎯 \d+/\d+", row)]
    assert len(rows) == len(Habit)
    assert "🍊 <b>Vitamin C</b> 🔥 5 (5)" in text
    assert "🎯 5/5 ✓" in text  # the weekly goal (5 of 7) is met
    assert "Allergen" not in text
    visible = [row.replace("<b>", "").replace("</b>", "") for row in rows]
    assert all(len(row) <= 45 for row in visible), visible


def test_the_summary_lists_exposures_as_facts_without_an_allergen_habit() -> None:
    days = watchers_week(MONDAY, Allergen.PEANUTS, exposed_on=1)
    caption = summary_caption(summarize_week(days, [], 7, 7, SUNDAY), None)
    assert "Allergen exposure on 1 day" in caption
    assert "Allergen-free" not in caption
    assert "medical team" in caption
