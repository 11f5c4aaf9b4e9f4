"""Whether a user can be reached, and what /cancel means."""

from __future__ import annotations

import logging
from datetime import UTC, timedelta

from bot.clock import Clock
from bot.replies import Outcome, Reply
from bot.services.scheduling import CheckinScheduler
from bot.texts import t
from models.account_store import operator_counts
from models.db import Database
from models.user_store import get_user, set_active

logger = logging.getLogger(__name__)


class UserService:
    def __init__(self, db: Database, clock: Clock, scheduler: CheckinScheduler) -> None:
        self._db = db
        self._clock = clock
        self._scheduler = scheduler

    async def mark_unreachable(self, user_id: int) -> None:
        """The user blocked the bot (a 403 or a my_chat_member update): stop their check-ins.
        Their data stays; unblocking resumes everything."""
        async with self._db.transaction() as session:
            changed = await set_active(session, user_id, False, self._clock.now())
            await self._scheduler.stop_user(session, user_id)
        if changed:
            logger.info("user %s blocked the bot; their check-ins are paused", user_id)

    async def mark_reachable(self, user_id: int) -> None:
        """The user unblocked the bot: check-ins resume from the next occurrence."""
        async with self._db.transaction() as session:
            changed = await set_active(session, user_id, True, self._clock.now())
            user = await get_user(session, user_id)
            if changed and user is not None and user.onboarding_step is None:
                await self._scheduler.plan(session, user, fill_today=False)
        if changed:
            logger.info("user %s unblocked the bot; check-ins resume", user_id)

    async def operator_view(self, language: str | None) -> Outcome:
        """/admin: how the bot is doing, in counts only — never anyone's answers."""
        now = self._clock.now().astimezone(UTC)
        day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        async with self._db.transaction() as session:
            counts = await operator_counts(session, now - timedelta(days=7), day_start)
        text = t(
            "admin_counts",
            language,
            users=counts.users,
            active=counts.active_7d,
            sent=counts.checkins_sent_today,
            answered=counts.checkins_answered_today,
            blocked=counts.blocked,
            failures=counts.send_failures_7d,
        )
        return Outcome(send=(Reply(text),))

    async def cancel(self, user_id: int) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            language = user.language_code if user else None
            if user is None or user.awaiting_input is None:
                return Outcome(send=(Reply(t("nothing_to_cancel", language)),))
            user.awaiting_input = None
        return Outcome(send=(Reply(t("cancelled", language), remove_reply_keyboard=True),))
