"""The emergency reply: whether a text needs one, in which language, with which number.

Called for every message, caption and edit before anything else (``handlers/emergency.py``).
The check itself is pure and in memory. Only when it fires do we look up the user's time zone,
for the number of their country — with a short bound, because the reply must never wait on or
depend on the database:

* a read per emergency (not per message) costs nothing in practice, and always sees the zone
  the user has now (a cache would need invalidating on every zone change, in every process);
* if the database is slow, down or the user unknown (not on the allow list, not signed up),
  the reply goes out within :data:`ZONE_LOOKUP_SECONDS` with the generic line instead.
"""

from __future__ import annotations

import asyncio
import logging

from bot.domain.emergency import check
from bot.domain.emergency.numbers import emergency_number
from bot.html import Html
from bot.replies import Reply
from bot.texts import t
from models.db import Database
from models.user_store import get_user

logger = logging.getLogger(__name__)

ZONE_LOOKUP_SECONDS = 0.5
"""The longest the emergency reply waits for the user's zone before using the generic line."""


class EmergencyService:
    def __init__(self, db: Database, *, zone_lookup_seconds: float = ZONE_LOOKUP_SECONDS) -> None:
        self._db = db
        self._zone_lookup_seconds = zone_lookup_seconds

    async def reply_for(self, user_id: int, text: str) -> Reply | None:
        """The emergency reply if ``text`` describes an emergency, else None. Never raises."""
        finding = check(text)
        if finding is None:
            return None
        number = emergency_number(await self._zone(user_id))
        return Reply(emergency_reply_text(finding.language, number))

    async def _zone(self, user_id: int) -> str | None:
        try:
            return await asyncio.wait_for(self._read_zone(user_id), self._zone_lookup_seconds)
        except Exception:  # slow or broken database: the generic line, never no reply
            logger.warning("emergency reply: user's zone unavailable, using the generic line")
            return None

    async def _read_zone(self, user_id: int) -> str | None:
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            return None if user is None else user.timezone


def emergency_reply_text(language: str, number: str | None) -> Html:
    """The reply in ``language`` (one of the emergency check's languages), with the country's
    number when known, else the generic line."""
    if number is None:
        return t("emergency", language)
    return t("emergency_with_number", language, number=number)
