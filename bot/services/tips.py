"""Choosing and remembering the article tip shown after a check-in."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.checkin_flow import DayRecord
from bot.render.html import Html
from bot.services.profile import watched_allergens
from bot.tips import ContentLibrary, TipRequest, choose_tip, load_packs, render_tip_html
from models.answer_store import read_days
from models.entities import Checkin, User
from models.tip_store import last_shown, record_shown

RECENT_DAYS = 7


class TipService:
    def __init__(self, clock: Clock, library: ContentLibrary | None = None) -> None:
        self._clock = clock
        self._library = library

    @property
    def library(self) -> ContentLibrary:
        if self._library is None:
            self._library = load_packs()
        return self._library

    async def tip_for_checkin(
        self, session: AsyncSession, user: User, checkin: Checkin, record: DayRecord
    ) -> Html | None:
        """The tip that fits this check-in's answers (and the last week's). The same tip is
        kept while it still fits, so re-opening a check-in does not reshuffle advice."""
        day = checkin.local_date
        recent = await read_days(session, user.id, day - timedelta(days=RECENT_DAYS - 1), day)
        shown = await last_shown(session, user.id, day - timedelta(days=RECENT_DAYS))
        if checkin.tip_id:
            shown.pop(checkin.tip_id, None)
        request = TipRequest(
            today=day,
            slot="morning" if checkin.slot == "morning" else "evening",
            answers=record.answers,
            recent=(*(r.answers for r in recent if r.answers.local_date != day), record.answers),
            watched_allergens=watched_allergens(user),
            recently_sent=shown,
            prefer=checkin.tip_id,
        )
        chosen = choose_tip(request, self.library)
        if chosen.tip.id != checkin.tip_id:
            checkin.tip_id = chosen.tip.id
            await record_shown(
                session, user.id, chosen.tip.id, day, checkin.slot, self._clock.now()
            )
        return Html(render_tip_html(chosen, self.library))
