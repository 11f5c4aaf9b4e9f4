"""Streaks, the weekly summary and "How is this calculated?", as messages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from bot.callbacks import ExplainPress, encode
from bot.charts import ChartLegend
from bot.domain.habits import Habit, HabitExplanation, HabitReport, WeekStatus
from bot.domain.weekly import WeekSummary
from bot.html import Html
from bot.replies import Button, Keyboard
from bot.texts import label, t
from bot.views.phrases import allergen_names, day_label, hours

HABIT_ICONS: Mapping[Habit, str] = {
    Habit.SLEEP_8H: "😴",
    Habit.PROBIOTICS: "🥣",
    Habit.VITAMIN_C: "🍊",
    Habit.VITAMIN_D: "☀️",
    Habit.CHECKED_IN: "✅",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def habit_name(habit: Habit, language: str | None) -> str:
    return label(f"habit_{habit.value}", language)


def period_label(start: date, end: date) -> str:
    """'2–8 Jun', '28 Jun – 4 Jul'."""
    if start.month == end.month:
        return f"{start.day}–{end.day} {_MONTHS[end.month - 1]}"
    return f"{start.day} {_MONTHS[start.month - 1]} – {end.day} {_MONTHS[end.month - 1]}"


def _plural(count: int, key: str, language: str | None) -> Html:
    return t(f"{key}_one" if count == 1 else f"{key}_many", language)


def _days(count: int, language: str | None) -> str:
    return f"{count} {_plural(count, 'day_word', language)}"


def streaks_text(reports: Mapping[Habit, HabitReport], language: str | None) -> Html:
    """/streaks: a key line, then one short row per habit (streak, best, strength, this
    week's goal progress), so it reads at a glance on a phone."""
    lines = [t("streaks_title", language)]
    shown = [report for report in reports.values() if report.applicable]
    if not any(report.streak.best or report.score_percent for report in shown):
        lines.append(t("streaks_empty", language))
    lines.append(t("streaks_key", language))
    for report in shown:
        week = report.weeks[-1] if report.weeks else None
        kept, target = (week.kept, week.target) if week is not None else (0, report.goal)
        met = week is not None and week.status is WeekStatus.MET
        lines.append(
            t(
                "streak_line",
                language,
                icon=HABIT_ICONS[report.habit],
                habit=label(f"chart_habit_{report.habit.value}", language),
                current=report.streak.current,
                best=report.streak.best,
                score=report.score_percent,
                kept=kept,
                target=target,
                met=t("streak_goal_met", language) if met else "",
            )
        )
    return Html("\n".join(lines))


def explain_keyboard(language: str | None) -> Keyboard:
    return ((Button(label("how_calculated", language), encode(ExplainPress())),),)


def explanation_text(explanation: HabitExplanation, language: str | None) -> Html:
    score = explanation.score
    milestones = dict(score.milestones)
    weekly = explanation.weekly
    one_off = (
        weekly.targets_by_excused[1] if len(weekly.targets_by_excused) > 1 else weekly.goal_days
    )
    body = t(
        "explain_body",
        language,
        target=f"{score.sleep_target_hours:g}",
        half_life=f"{score.half_life_days:g}",
        m30=round(milestones.get(30, 0) * 100),
        m90=round(milestones.get(90, 0) * 100),
        one_off=one_off,
    )
    return Html(t("explain_title", language) + "\n\n" + body)


def _change(delta: int | None, language: str | None) -> Html:
    if not delta:
        return Html("")
    key = "summary_change_up" if delta > 0 else "summary_change_down"
    return t(key, language, delta=abs(delta))


def summary_caption(summary: WeekSummary, language: str | None, *, so_far: bool = False) -> Html:
    """The summary in a photo caption: short enough for Telegram's 1,024 characters."""
    period = period_label(summary.start, summary.end)
    title_key = "week_so_far_title" if so_far else "summary_title"
    lines: list[Html] = [t(title_key, language, period=period)]
    if summary.is_first_week and not so_far:
        lines.append(t("summary_first", language))
    if summary.is_empty:
        lines.append(t("week_so_far_empty" if so_far else "summary_empty", language))
        return Html("\n".join(lines))
    protected = summary.days_skipped + summary.days_paused
    if protected:
        lines.append(t("summary_protected", language, days=_days(protected, language)))
    elif summary.is_partial and not summary.is_first_week and not so_far:
        days = _days(summary.days_answered, language)
        lines.append(t("summary_partial", language, days=days))
    if so_far and summary.days_to_come:
        lines.append(t("week_to_come", language, days=_days(summary.days_to_come, language)))
    if summary.checkins_sent:
        lines.append(
            t(
                "summary_answered",
                language,
                answered=summary.checkins_answered,
                sent=summary.checkins_sent,
            )
        )
    sleep = summary.sleep
    if sleep.average_hours is not None:
        previous = sleep.previous_average_hours
        change: Html = Html("")
        if previous is not None:
            delta = round(sleep.average_hours - previous, 1)
            if delta:
                key = "summary_change_up" if delta > 0 else "summary_change_down"
                change = t(key, language, delta=hours(abs(delta), language))
        lines.append(
            t(
                "summary_sleep",
                language,
                average=hours(sleep.average_hours, language),
                nights=sleep.nights_at_target,
                reported=sleep.nights_reported,
                nights_word=_plural(sleep.nights_reported, "night_word", language),
                change=change,
            )
        )
    else:
        lines.append(t("summary_no_sleep", language))
    for habit in (Habit.PROBIOTICS, Habit.VITAMIN_C, Habit.VITAMIN_D):
        week = summary.habits.get(habit)
        if week is None:
            continue
        if not week.answered:  # never asked yet, or never answered: not a "no"
            lines.append(
                t(
                    "summary_habit_unanswered",
                    language,
                    icon=HABIT_ICONS[habit],
                    habit=habit_name(habit, language),
                )
            )
            continue
        lines.append(
            t(
                "summary_habit",
                language,
                icon=HABIT_ICONS[habit],
                habit=habit_name(habit, language),
                kept=week.kept,
                days_word=_plural(week.kept, "day_word", language),
                change=_change(week.change, language),
            )
        )
    if summary.watches_allergens:  # exposures are facts for the medical team, never a habit
        if summary.allergen_days:
            details = "; ".join(
                f"{day_label(day.local_date)} ({allergen_names(day.allergens, language)})"
                for day in summary.allergen_days
            )
            count = _days(len(summary.allergen_days), language)
            lines.append(t("summary_allergens", language, count=count, details=details))
        elif summary.allergen_days_answered:
            days = _days(summary.allergen_days_answered, language)
            lines.append(t("summary_allergens_none", language, days=days))
        else:  # never asked yet (e.g. /week in the middle of the evening check-in)
            lines.append(t("summary_allergens_unanswered", language))
    if summary.mild_days or summary.strong_days:
        lines.append(
            t(
                "summary_symptoms",
                language,
                mild=_days(summary.mild_days, language),
                strong=_days(summary.strong_days, language),
            )
        )
    elif summary.symptom_days_answered:
        days = _days(summary.symptom_days_answered, language)
        lines.append(t("summary_no_symptoms", language, days=days))
    else:
        lines.append(t("summary_symptoms_unanswered", language))
    streaks = ", ".join(
        f"{habit_name(habit, language)} {week.streak.current}"
        for habit, week in summary.habits.items()
        if habit is not Habit.CHECKED_IN
    )
    lines.append(t("summary_streaks", language, streaks=streaks))
    goals = [week for habit, week in summary.habits.items() if habit is not Habit.CHECKED_IN]
    met = sum(1 for week in goals if week.goal.kept >= week.goal.target > 0)
    lines.append(t("summary_goals", language, met=met, total=len(goals)))
    if summary.best_day is not None and summary.best_day.kept > 0:
        lines.append(
            t(
                "summary_best_day",
                language,
                day=day_label(summary.best_day.local_date),
                kept=summary.best_day.kept,
                habits_word=_plural(summary.best_day.kept, "habit_word", language),
            )
        )
    if summary.allergen_days or summary.mild_days or summary.strong_days:
        lines.append(t("summary_medical", language))
    return Html("\n".join(lines))


def focus_header(summary: WeekSummary, language: str | None) -> Html:
    if summary.weakest_habit is None:
        return t("summary_focus_none", language)
    return t("summary_focus", language, habit=habit_name(summary.weakest_habit, language))


def chart_texts(language: str | None) -> tuple[list[str], dict[Habit, str], str, ChartLegend]:
    weekdays = [label(f"weekday_{n}", language) for n in range(7)]
    habits = {habit: label(f"chart_habit_{habit.value}", language) for habit in Habit}
    legend = ChartLegend(
        kept=label("legend_kept", language),
        missed=label("legend_missed", language),
        protected=label("legend_protected", language),
        unknown=label("legend_unknown", language),
    )
    return weekdays, habits, str(t("chart_sleep", language)), legend
