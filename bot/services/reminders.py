"""One gentle reminder when a check-in is still unanswered after a while, with snooze choices.

Reminders are planned when a check-in is sent and claimed by the scheduler tick like any other
message, so they survive restarts and are never sent twice; the claim also checks the check-in
is still waiting (not answered, skipped or paused) and the user still reachable.
"""

from __future__ import annotations

from datetime import timedelta

from bot.callbacks import SNOOZE_MINUTES, OpenCheckinPress, SkipDayPress, SnoozePress, encode
from bot.clock import Clock
from bot.domain.answers import Slot
from bot.domain.schedule import user_zone
from bot.replies import Button, Keyboard, Outcome, Reply, button_expired
from bot.services.scheduling import today_for
from bot.texts import label, t
from bot.views.phrases import day_label, when_label
from models.checkin_store import find_checkin, get_checkin
from models.db import Database
from models.delivery_store import ClaimedDelivery, snooze_reminder
from models.user_store import get_user


class ReminderService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def compose(self, item: ClaimedDelivery) -> list[Reply] | None:
        async with self._db.transaction() as session:
            checkin = await find_checkin(session, item.user_id, item.local_date, item.slot)
            user = await get_user(session, item.user_id)
            if checkin is None or checkin.completed_at is not None or user is None:
                return None
            today = today_for(user, self._clock.now())
            days_ago = (today - item.local_date).days if today else 0
        language = item.language_code
        text = t(
            "reminder",
            language,
            slot=t(f"slot_{item.slot}", language),
            day=day_label(item.local_date),
        )
        return [Reply(text, keyboard=_reminder_keyboard(checkin.id, item.slot, days_ago, language))]

    async def snooze(self, user_id: int, press: SnoozePress) -> Outcome:
        now = self._clock.now()
        async with self._db.transaction() as session:
            checkin = await get_checkin(session, press.checkin_id)
            user = await get_user(session, user_id)
            if checkin is None or user is None or checkin.user_id != user_id:
                return button_expired()
            language = user.language_code
            if checkin.completed_at is not None:
                return Outcome(edit=Reply(t("reminder_done", language)))
            due = now + timedelta(minutes=press.minutes)
            await snooze_reminder(session, user_id, checkin.local_date, checkin.slot, due, now)
            zone = user_zone(user.timezone)
        text = t("reminder_snoozed", language, when=when_label(due, zone, now, language))
        keyboard = ((_answer_button(checkin.slot, 0, language),),)
        return Outcome(edit=Reply(text, keyboard=keyboard), toast=t("recorded", language))


def _answer_button(slot: str, days_ago: int, language: str | None) -> Button:
    return Button(label("answer_now", language), encode(OpenCheckinPress(Slot(slot), days_ago)))


def _reminder_keyboard(checkin_id: int, slot: str, days_ago: int, language: str | None) -> Keyboard:
    snoozes = tuple(
        Button(
            label("snooze_minutes", language, minutes=minutes)
            if minutes < 60
            else label("snooze_hours", language, hours=minutes // 60),
            encode(SnoozePress(checkin_id, minutes)),
        )
        for minutes in SNOOZE_MINUTES
    )
    return (
        (_answer_button(slot, max(0, min(days_ago, 7)), language),),
        snoozes,
        (Button(label("skip_today", language), encode(SkipDayPress(checkin_id))),),
    )
