"""/pause and /resume: a break with no check-ins or reminders, streaks protected."""

from __future__ import annotations

from datetime import timedelta

from bot.callbacks import PausePress, encode
from bot.clock import Clock
from bot.domain.schedule import Occurrence, user_zone
from bot.html import Html
from bot.replies import Button, Outcome, Reply
from bot.services.scheduling import DAILY_SLOTS, CheckinScheduler, onboarded_today
from bot.texts import label, t
from bot.views.phrases import day_label, when_label
from models.db import Database
from models.delivery_store import cancel_reminders
from models.entities import User
from models.history_store import add_pause, end_pauses

MAX_PAUSE_DAYS = 90
PAUSE_CHOICES = (3, 7, 14)


class PauseService:
    def __init__(self, db: Database, clock: Clock, scheduler: CheckinScheduler) -> None:
        self._db = db
        self._clock = clock
        self._scheduler = scheduler

    def ask(self, language: str | None) -> Outcome:
        labels = {3: label("pause_days", language, days=3), 7: label("pause_week", language)}
        labels[14] = label("pause_two_weeks", language)
        keyboard = (
            tuple(Button(labels[days], encode(PausePress(days))) for days in PAUSE_CHOICES),
            (Button(label("pause_open", language), encode(PausePress(0))),),
        )
        return Outcome(send=(Reply(t("pause_ask", language), keyboard=keyboard),))

    async def pause(self, user_id: int, days: int | None, *, edit: bool) -> Outcome | None:
        """Pause from today for ``days`` days (None or 0: until /resume)."""
        if days is not None and not 0 <= days <= MAX_PAUSE_DAYS:
            return Outcome(send=(Reply(t("pause_days_invalid")),))
        now = self._clock.now()
        async with self._db.transaction() as session:
            found = await onboarded_today(session, user_id, now)
            if found is None:
                return None
            user, today = found
            language = user.language_code
            await end_pauses(session, user_id, today)
            last = today + timedelta(days=days - 1) if days else None
            await add_pause(session, user_id, today, last, now)
            await cancel_reminders(session, user_id)
            if last is None:
                await self._scheduler.pause_daily(session, user_id)
                reply = Reply(t("paused_open", language))
            else:
                planned = await self._scheduler.plan(
                    session, user, DAILY_SLOTS, fill_today=False, resume_after=last
                )
                text = t(
                    "paused_until",
                    language,
                    last=day_label(last),
                    next=self._next(user, planned),
                )
                reply = Reply(text)
        return Outcome(edit=reply) if edit else Outcome(send=(reply,))

    async def resume(self, user_id: int) -> Outcome | None:
        now = self._clock.now()
        async with self._db.transaction() as session:
            found = await onboarded_today(session, user_id, now)
            if found is None:
                return None
            user, today = found
            language = user.language_code
            if not await end_pauses(session, user_id, today):
                return Outcome(send=(Reply(t("not_paused", language)),))
            planned = await self._scheduler.plan(session, user, DAILY_SLOTS, fill_today=True)
            text = t("resumed", language, next=self._next(user, planned))
        return Outcome(send=(Reply(text),))

    def _next(self, user: User, planned: dict[str, Occurrence]) -> Html:
        if not planned:
            return Html("")
        first = min(planned.values(), key=lambda occurrence: occurrence.due_at)
        now = self._clock.now()
        zone = user_zone(user.timezone)
        return when_label(first.due_at, zone, now, user.language_code)
