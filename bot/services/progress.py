"""Streaks, strength scores, weekly goals and the weekly summary with its chart.

All the figures come from the pure rules in ``bot.domain.habits`` and ``bot.domain.weekly``
over the user's stored days; the chart is rendered off the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.charts import render_week_chart, week_chart_data
from bot.charts.insights import render_insights_chart
from bot.clock import Clock
from bot.domain.habits import Day, Habit, explain, habit_report
from bot.domain.history import build_days
from bot.domain.insights import Insights, compute_insights
from bot.domain.weekly import WeekSummary, summarize_week
from bot.render.html import Html
from bot.replies import Outcome, Reply
from bot.services.profile import goals_of, watched_allergens
from bot.services.scheduling import today_for
from bot.services.tips import TipService
from bot.texts import t
from bot.views import insights as insight_views
from bot.views import progress as views
from models.answer_store import read_days
from models.db import Database
from models.delivery_store import ClaimedDelivery
from models.entities import User
from models.history_store import checkin_counts, pauses_of
from models.user_store import get_onboarded_user, get_user

# Enough history for best streaks and a settled strength score (13-day half-life).
HISTORY_DAYS = 400


@dataclass(frozen=True)
class WeekView:
    caption: Html
    chart: bytes
    summary: WeekSummary
    insights: Insights


class ProgressService:
    def __init__(self, db: Database, clock: Clock, tips: TipService) -> None:
        self._db = db
        self._clock = clock
        self._tips = tips

    async def history(self, session: AsyncSession, user: User, today: date) -> list[Day]:
        """The user's days from the day they started (at most ``HISTORY_DAYS``) to today."""
        first = max(
            self._local_start(user),
            today - timedelta(days=HISTORY_DAYS - 1),
        )
        records = await read_days(session, user.id, first, today)
        pauses = await pauses_of(session, user.id)
        answers = {record.answers.local_date: record.answers for record in records}
        if answers:
            first = min(first, min(answers))
        return build_days(first, today, answers, pauses, bool(watched_allergens(user)))

    def _local_start(self, user: User) -> date:
        start = today_for(user, user.created_at)
        return start or user.created_at.date()

    async def streaks(self, user_id: int) -> Outcome | None:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return None
            today = today_for(user, self._clock.now())
            assert today is not None
            days = await self.history(session, user, today)
        reports = habit_report(days, today, goals_of(user))
        text = views.streaks_text(reports, user.language_code)
        keyboard = views.explain_keyboard(user.language_code)
        return Outcome(send=(Reply(text, keyboard=keyboard),))

    async def insights(self, user_id: int) -> Outcome | None:
        """/insights: what goes with feeling better (text), and the 4-week picture."""
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return None
            today = today_for(user, self._clock.now())
            assert today is not None
            days = await self.history(session, user, today)
        language = user.language_code
        found = compute_insights(days, today, watched_allergens(user))
        data = insight_views.chart_data(found, days, today, language)
        # Rendering is CPU work: keep it off the event loop.
        picture = await asyncio.to_thread(render_insights_chart, data)
        caption = t("insights_caption", language)
        text = insight_views.insights_text(found, language)
        return Outcome(send=(Reply(caption, photo=picture), Reply(text)))

    def explanation(self, language: str | None) -> Outcome:
        text = views.explanation_text(explain(Habit.SLEEP_8H), language)
        return Outcome(send=(Reply(text),))

    async def week_so_far(self, user_id: int) -> Outcome | None:
        """/week: the week the next weekly summary will cover (ending on the user's summary
        weekday, Monday–Sunday by default), so far, with the chart."""
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return None
            today = today_for(user, self._clock.now())
            assert today is not None
            end = today + timedelta(days=(user.summary_weekday - today.weekday()) % 7)
            view = await self._week(session, user, today, end, so_far=True)
        return Outcome(send=(Reply(view.caption, photo=view.chart),))

    async def compose_weekly(self, item: ClaimedDelivery) -> list[Reply] | None:
        """The scheduled weekly summary: the last 7 local days with the chart, then a focus
        tip for the weakest habit."""
        async with self._db.transaction() as session:
            user = await get_user(session, item.user_id)
            if user is None or user.timezone is None:
                return None
            end = item.local_date
            view = await self._week(session, user, end, end, so_far=False)
            focus = await self._tips.focus_tip(session, user, end, view.summary.weakest_topic)
        language = user.language_code
        parts = [views.focus_header(view.summary, language), focus]
        section = insight_views.summary_section(view.insights, language)
        if section is not None:
            parts.insert(0, section)
        follow_up = Html("\n\n".join(parts))
        return [Reply(view.caption, photo=view.chart), Reply(follow_up)]

    async def _week(
        self,
        session: AsyncSession,
        user: User,
        today: date,
        end: date,
        *,
        so_far: bool,
    ) -> WeekView:
        """The 7 local days ending on ``end`` (``today`` or later): figures, caption and chart."""
        days = await self.history(session, user, today)
        window_start = end - timedelta(days=6)
        sent, answered = await checkin_counts(session, user.id, window_start, today)
        summary = summarize_week(
            days,
            [],
            sent,
            answered,
            today,
            goals_of(user),
            week_end=end,
        )
        language = user.language_code
        weekdays, habit_labels, sleep_label, legend = views.chart_texts(language)
        period = views.period_label(window_start, end)
        data = week_chart_data(
            days,
            window_start,
            today,
            title=str(t("chart_title", language, period=period)),
            weekday_names=weekdays,
            habit_labels=habit_labels,
            sleep_label=sleep_label,
            legend=legend,
        )
        # Rendering is CPU work: keep it off the event loop (the tick and updates run there).
        chart = await asyncio.to_thread(render_week_chart, data)
        caption = views.summary_caption(summary, language, so_far=so_far)
        found = compute_insights(days, today, watched_allergens(user))
        return WeekView(caption=caption, chart=chart, summary=summary, insights=found)
