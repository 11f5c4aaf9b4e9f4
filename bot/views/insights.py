"""/insights and the weekly summary's insights section, as messages and chart data."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.charts.insights import (
    DAYS,
    CalendarCell,
    ComparisonBar,
    InsightsChartData,
    InsightsLegend,
)
from bot.domain.habits import Day, DayMark
from bot.domain.insights import (
    LEVELS,
    MIN_DAYS,
    MIN_PER_SIDE,
    Comparison,
    Factor,
    FactorKind,
    FoodTolerance,
    Insights,
    Waiting,
    level_text,
    signed,
)
from bot.html import Html
from bot.texts import label, t
from bot.views.phrases import hours
from bot.views.progress import period_label

FACTOR_ICONS = {
    FactorKind.SLEEP_8H: "😴",
    FactorKind.PROBIOTICS: "🥣",
    FactorKind.VITAMIN_C: "🍊",
    FactorKind.VITAMIN_D: "☀️",
    FactorKind.ALLERGEN: "⚠️",
}
SUMMARY_PATTERNS = 3
"""Patterns the weekly summary names at most (the largest first)."""


def factor_name(factor: Factor, language: str | None) -> str:
    if factor.allergen is not None:
        allergen = label(f"allergen_{factor.allergen.value}", language).lower()
        return label("insights_factor_allergen", language, allergen=allergen)
    return label(f"insights_factor_{factor.kind.value}", language)


def _plural(count: int, key: str, language: str | None) -> str:
    return str(t(f"{key}_one" if count == 1 else f"{key}_many", language))


def _days(count: int, language: str | None) -> str:
    return f"{count} {_plural(count, 'day_word', language)}"


def _when(lag: int, language: str | None) -> Html:
    return t("insights_when_same" if lag == 0 else "insights_when_next", language)


def verdict(comparison: Comparison, language: str | None) -> Html:
    if comparison.could_be_chance:
        return t("insights_verdict_chance", language)
    key = "insights_verdict_fewer" if comparison.difference < 0 else "insights_verdict_more"
    return t(key, language, diff=level_text(abs(comparison.difference)))


def comparison_line(comparison: Comparison, language: str | None) -> Html:
    return t(
        "insights_line",
        language,
        when=_when(comparison.lag, language),
        mean_with=level_text(comparison.mean_with),
        with_days=_days(comparison.days_with, language),
        mean_without=level_text(comparison.mean_without),
        without_days=_days(comparison.days_without, language),
        verdict=verdict(comparison, language),
        low=signed(comparison.low),
        high=signed(comparison.high),
    )


def waiting_line(item: Waiting, language: str | None) -> Html:
    return t(
        "insights_line_waiting",
        language,
        when=_when(item.lag, language),
        with_days=item.days_with,
        without_days=item.days_without,
        min=MIN_PER_SIDE,
    )


def insights_text(insights: Insights, language: str | None) -> Html:
    """The /insights message (well under Telegram's 4,096 characters: at most 12 habits)."""
    lines: list[str] = [
        t("insights_title", language, days=_days(insights.days_of_data, language)),
        t("insights_intro", language),
    ]
    needed = insights.days_needed
    if needed:
        lines.append(
            t(
                "insights_waiting",
                language,
                min_days=MIN_DAYS,
                have=insights.days_of_data,
                needed=needed,
                days_word=_plural(needed, "day_word", language),
            )
        )
    else:
        blocks: dict[Factor, list[tuple[int, Html]]] = {}
        for comparison in insights.comparisons:
            line = comparison_line(comparison, language)
            blocks.setdefault(comparison.factor, []).append((comparison.lag, line))
        for item in insights.waiting:
            blocks.setdefault(item.factor, []).append((item.lag, waiting_line(item, language)))
        if not insights.comparisons:
            lines.append(t("insights_no_comparisons", language))
        for factor in sorted(blocks, key=lambda f: f.order):
            header = t(
                "insights_habit_header",
                language,
                icon=FACTOR_ICONS[factor.kind],
                habit=factor_name(factor, language),
            )
            body = [line for _, line in sorted(blocks[factor], key=lambda item: item[0])]
            lines.append("\n".join([header, *body]))
        if insights.comparisons:
            lines.append(t("insights_method", language, count=len(insights.comparisons)))
    lines.append(foods_line(insights, language))
    lines.extend(sleep_lines(insights, language))
    return Html("\n\n".join(lines))


def foods_line(insights: Insights, language: str | None) -> Html:
    if not insights.foods:
        return t("insights_foods_none", language)
    items = food_items(insights.foods, "insights_food_item", language)
    return t("insights_foods", language, foods=items)


def food_items(foods: Sequence[FoodTolerance], item_key: str, language: str | None) -> Html:
    """How each food sat ("kefir sat well 3 of 4 times; …"), each item worded by ``item_key``
    (/insights and a probiotics tip word them differently)."""
    return Html(
        "; ".join(
            str(
                t(
                    item_key,
                    language,
                    food=label(f"kind_{food.kind.value}", language).lower(),
                    sat=food.sat_well,
                    times=food.times,
                    times_word=_plural(food.times, "time_word", language),
                )
            )
            for food in foods
        )
    )


def sleep_lines(insights: Insights, language: str | None) -> list[Html]:
    sleep = insights.sleep
    weeks = " · ".join(
        "–" if w.average is None else str(hours(w.average, language)) for w in sleep.weeks
    )
    trend: Html = Html("")
    if sleep.trend is not None and sleep.change is not None:
        change = signed(sleep.change) + " h"
        trend = t(f"insights_sleep_trend_{sleep.trend.value}", language, change=change)
    lines = [t("insights_sleep", language, weeks=Html(weeks), trend=trend)]
    if sleep.before_symptom_free is not None and sleep.before_symptoms is not None:
        lines.append(
            t(
                "insights_sleep_versus",
                language,
                free=hours(sleep.before_symptom_free, language),
                unwell=hours(sleep.before_symptoms, language),
            )
        )
    return lines


def summary_section(insights: Insights, language: str | None) -> Html | None:
    """The weekly summary's lines, once there is enough data (``None`` before)."""
    if insights.days_needed or not insights.comparisons:
        return None
    patterns = insights.patterns[:SUMMARY_PATTERNS]
    if not patterns:
        return t("insights_summary_none", language)
    lines = [t("insights_summary_header", language)]
    for comparison in patterns:
        lines.append(
            Html(
                f"{FACTOR_ICONS[comparison.factor.kind]} "
                f"{factor_name(comparison.factor, language)}, "
                + comparison_line(comparison, language).strip()
            )
        )
    return Html("\n".join(lines))


# --------------------------------------------------------------------------- the picture


def chart_data(
    insights: Insights, days: Sequence[Day], today: date, language: str | None
) -> InsightsChartData:
    start = today - timedelta(days=DAYS - 1)
    by_date = {day.local_date: day for day in days}
    cells = tuple(_cell(by_date.get(start + timedelta(days=i))) for i in range(DAYS))
    weekday_labels = tuple(
        label(f"weekday_{(start.weekday() + i) % 7}", language) for i in range(7)
    )
    letters = tuple(label("insights_chart_letters", language).split(","))
    names = (
        label("insights_chart_sleep", language),
        label("insights_chart_probiotics", language),
        label("insights_chart_vitamin_c", language),
        label("insights_chart_vitamin_d", language),
    )
    legend = InsightsLegend(
        habits=names,
        allergen=label("insights_chart_allergen", language),
        mild=label("insights_chart_mild", language),
        strong=label("insights_chart_strong", language),
        no_answer=label("insights_chart_no_answer", language),
    )
    message = ""
    if insights.days_needed:
        message = label("insights_chart_waiting", language, needed=insights.days_needed)
    bars = _bars(insights, language) if not message else ()
    if not message and not bars:
        message = label("insights_chart_too_few", language)
    return InsightsChartData(
        title=label("insights_chart_title", language, period=period_label(start, today)),
        weekday_labels=weekday_labels,
        letters=letters,
        cells=cells,
        legend=legend,
        compare_title=label("insights_chart_compare", language),
        bars=bars,
        fewer_label=label("insights_chart_fewer", language),
        more_label=label("insights_chart_more", language),
        message=message,
    )


def _bars(insights: Insights, language: str | None) -> tuple[ComparisonBar, ...]:
    bars: dict[Factor, ComparisonBar] = {}
    for comparison in insights.comparisons:
        if comparison.lag != 0:
            continue
        if comparison.could_be_chance:
            note = label("insights_chart_chance", language)
        else:
            key = "fewer_by" if comparison.difference < 0 else "more_by"
            diff = level_text(abs(comparison.difference))
            note = label(f"insights_chart_{key}", language, diff=diff)
        bars[comparison.factor] = ComparisonBar(
            label=factor_name(comparison.factor, language),
            note=note,
            difference=comparison.difference,
            low=comparison.low,
            high=comparison.high,
            could_be_chance=comparison.could_be_chance,
        )
    for item in insights.waiting:
        if item.lag == 0 and item.factor not in bars:
            bars[item.factor] = ComparisonBar(
                label=factor_name(item.factor, language),
                note=label("insights_chart_too_few", language),
            )
    return tuple(bars[factor] for factor in sorted(bars, key=lambda f: f.order))


def _cell(day: Day | None) -> CalendarCell:
    if day is None:
        return CalendarCell(day=0, tracked=False)
    answers = day.answers
    number = day.local_date.day
    if day.mark is DayMark.MISSED or answers is None or not answers.has_any:
        return CalendarCell(day=number)
    return CalendarCell(
        day=number,
        answered=True,
        habits=(answers.slept_enough, answers.probiotics, answers.vitamin_c, answers.vitamin_d),
        allergen_eaten=bool(answers.allergens_exposed),
        symptoms=None if answers.symptoms is None else LEVELS[answers.symptoms],
    )
