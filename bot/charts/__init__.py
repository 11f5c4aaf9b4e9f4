"""The weekly chart: sleep bars against the 8-hour target and a row of markers per habit.

    data = week_chart_data(days, monday, today, title=..., weekday_names=..., ...)
    png = await asyncio.to_thread(render_week_chart, data)

Rendering is pure, deterministic and thread-safe; all words (title, labels, legend) are passed
in. Fonts: subsets of DejaVu Sans bundled in ``bot/charts/fonts`` (licence there).
"""

from bot.charts.chart_data import (
    CHART_HABITS,
    ChartLegend,
    HabitRow,
    WeekChartData,
    week_chart_data,
)
from bot.charts.drawing import clear_caches, render_week_chart

__all__ = [
    "CHART_HABITS",
    "ChartLegend",
    "HabitRow",
    "WeekChartData",
    "clear_caches",
    "render_week_chart",
    "week_chart_data",
]
