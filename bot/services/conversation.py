"""What a typed message means: whatever the user was asked for (a place, a time, any check-in
answer), else a gentle pointer. (An emergency was already answered before routing: see
``handlers/emergency.py``.)"""

from __future__ import annotations

from bot.callbacks import Flow
from bot.replies import Outcome, Reply
from bot.services.awaiting import Awaiting, AwaitingKind
from bot.services.checkins import CheckinService
from bot.services.profile import ProfileService, TelegramProfile
from bot.texts import t
from models.checkin_store import checkin_sent_since
from models.db import Database, Session
from models.user_store import get_user


class ConversationService:
    def __init__(self, db: Database, profile: ProfileService, checkins: CheckinService) -> None:
        self._db = db
        self._profile = profile
        self._checkins = checkins

    async def text(self, sender: TelegramProfile, text: str) -> Outcome:
        async with self._db.transaction(brief=True) as session:
            user = await get_user(session, sender.user_id)
            if user is None:
                pending = None
            else:
                language = user.language_code
                pending = Awaiting.parse(user.awaiting_input)
                if pending is not None and await _overtaken(session, user.id, pending):
                    # A check-in arrived after this settings prompt: text now answers it.
                    user.awaiting_input = None
                    pending = None
        if user is None:
            return await self._profile.start(sender)
        if pending is not None:
            flow, slot = pending.flow, pending.slot
            if pending.kind is AwaitingKind.ZONE:
                return await self._profile.zone_from_text(sender.user_id, flow, text)
            if pending.kind is AwaitingKind.TIME and slot is not None:
                return await self._profile.time_from_text(sender.user_id, flow, slot, text)
            if pending.kind is AwaitingKind.ALLERGENS:
                return await self._profile.allergens_from_text(sender.user_id, flow, text)
        resumed = await self._profile.resume_onboarding(sender.user_id)
        if resumed is not None:
            return resumed
        typed = await self._checkins.typed(sender.user_id, text)
        if typed.handled:
            return typed.outcome
        return Outcome(send=(Reply(t("checkin_none_open", language)),))


async def _overtaken(session: Session, user_id: int, pending: Awaiting) -> bool:
    """A settings prompt is stale once a check-in was sent after it (onboarding prompts never
    are: no check-ins are sent before onboarding ends)."""
    if pending.flow is not Flow.SETTINGS or pending.since is None:
        return False
    return await checkin_sent_since(session, user_id, pending.since)
