"""Streaks, strength scores, weekly goals and the weekly summary with its chart.

All the figures come from the pure rules in ``bot.domain.habits`` and ``bot.domain.weekly``
over the user's stored days; the chart is rendered off the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.charts import render_week_chart, week_chart_data
from bot.charts.insights import render_insights_chart
from bot.clock import Clock
from bot.domain.habits import Day, Habit, explain, habit_report
from bot.domain.history import build_days
from bot.domain.insights import Insights, compute_insights
from bot.domain.schedule import occurrence_for
from bot.domain.weekly import WeekSummary, summarize_week
from bot.html import Html
from bot.replies import Outcome, Reply
from bot.services.profile import goals_of, watched_allergens
from bot.services.scheduling import WEEKLY_SLOT, onboarded_today, rule_for
from bot.services.tips import TipService
from bot.texts import t
from bot.views import insights as insight_views
from bot.views import progress as views
from models.answer_store import read_days
from models.db import Database, Session
from models.delivery_store import ClaimedDelivery
from models.entities import User
from models.history_store import checkin_counts, first_checkin_date, pauses_of
from models.user_store import get_user

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

    async def history(self, session: Session, user: User, today: date) -> list[Day]:
        """The user's days from their first check-in (at most ``HISTORY_DAYS``) to today.

        The record starts on the date of the first check-in that reached them, or of their
        first answer if earlier: the sign-up day before a check-in was sent (say 01:12, before
        the day starts at 04:00) is no "missed" day, and nothing is recorded before any check-in.
        """
        earliest = today - timedelta(days=HISTORY_DAYS - 1)
        records = await read_days(session, user.id, earliest, today)
        answers = {record.answers.local_date: record.answers for record in records}
        starts = [day for day in (await first_checkin_date(session, user.id),) if day is not None]
        starts.extend(day for day, given in answers.items() if given.has_any)
        if not starts:
            return []
        first = max(earliest, min(starts))
        answers = {day: given for day, given in answers.items() if day >= first}
        pauses = await pauses_of(session, user.id)
        return build_days(first, today, answers, pauses, bool(watched_allergens(user)))

    async def _record(self, user_id: int) -> tuple[User, date, list[Day]] | None:
        """An onboarded user with their today and history (None before onboarding ends)."""
        async with self._db.transaction() as session:
            found = await onboarded_today(session, user_id, self._clock.now())
            if found is None:
                return None
            user, today = found
            return user, today, await self.history(session, user, today)

    async def streaks(self, user_id: int) -> Outcome | None:
        record = await self._record(user_id)
        if record is None:
            return None
        user, today, days = record
        reports = habit_report(days, today, goals_of(user))
        text = views.streaks_text(reports, user.language_code)
        keyboard = views.explain_keyboard(user.language_code)
        return Outcome(send=(Reply(text, keyboard=keyboard),))

    async def insights(self, user_id: int) -> Outcome | None:
        """/insights: what goes with feeling better (text), and the 4-week picture."""
        record = await self._record(user_id)
        if record is None:
            return None
        user, today, days = record
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
            found = await onboarded_today(session, user_id, self._clock.now())
            if found is None:
                return None
            user, today = found
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
            # As of the summary's own time: a check-in later that day is not counted yet.
            rule = rule_for(user, WEEKLY_SLOT)
            due = None if rule is None else occurrence_for(rule, end).due_at
            view = await self._week(session, user, end, end, so_far=False, sent_by=due)
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
        session: Session,
        user: User,
        today: date,
        end: date,
        *,
        so_far: bool,
        sent_by: datetime | None = None,
    ) -> WeekView:
        """The 7 local days ending on ``end`` (``today`` or later): figures, caption and chart."""
        days = await self.history(session, user, today)
        window_start = end - timedelta(days=6)
        sent, answered = await checkin_counts(session, user.id, window_start, today, sent_by)
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
