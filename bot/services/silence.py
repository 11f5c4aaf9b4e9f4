"""The kind message to someone who has stopped answering: it offers a pause (the rule that
decides when it is sent is :mod:`bot.domain.silence`, applied when check-ins are claimed)."""

from __future__ import annotations

from bot.callbacks import OpenCheckinPress, PausePress, encode
from bot.replies import Button, Keyboard, Reply
from bot.texts import label, t
from models.db import Database
from models.delivery_store import ClaimedDelivery
from models.user_store import get_onboarded_user


class SilenceService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def compose_pause_offer(self, item: ClaimedDelivery) -> list[Reply] | None:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, item.user_id)
            if user is None or not user.active:
                return None
        language = item.language_code
        return [Reply(t("pause_offer", language), keyboard=pause_offer_keyboard(language))]


def pause_offer_keyboard(language: str | None) -> Keyboard:
    """Buttons the /pause and check-in handlers already understand (and check the presser)."""
    return (
        (
            Button(label("pause_offer_week", language), encode(PausePress(7))),
            Button(label("pause_offer_two_weeks", language), encode(PausePress(14))),
        ),
        (Button(label("pause_offer_open", language), encode(PausePress(0))),),
        (Button(label("pause_offer_checkin", language), encode(OpenCheckinPress(None))),),
    )
