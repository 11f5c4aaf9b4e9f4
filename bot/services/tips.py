"""Article tips: the one shown after a check-in, tips on demand (/tips), and /about.

Every tip comes from a content pack (``bot.tips``) and is shown with the article sentence it
rests on; which tips a user has seen is remembered so advice rotates.
"""

from __future__ import annotations

from datetime import date, timedelta

from bot.callbacks import TipsPress, TopicListPress, encode
from bot.clock import Clock
from bot.domain.answers import DayAnswers, Slot
from bot.domain.checkin_flow import DayRecord
from bot.domain.history import PausePeriod
from bot.domain.insights import FoodTolerance, food_tolerance
from bot.html import Html
from bot.replies import Button, Keyboard, Outcome, Reply
from bot.services.profile import watched_allergens
from bot.services.scheduling import today_for
from bot.texts import label, t
from bot.tips import (
    ChosenTip,
    ContentLibrary,
    TipRequest,
    choose_tip,
    load_packs,
    render_about_html,
    render_tip_html,
)
from bot.tips.selection import SlotName
from bot.views.insights import food_items
from models.answer_store import read_look_back
from models.db import Database, Session
from models.entities import Checkin, User
from models.tip_store import record_shown, shown_and_pauses
from models.user_store import get_user

RECENT_DAYS = 7
FOOD_DAYS = 90
"""How far back "how each food sat" looks for the "if tolerated" rule and the tip's line."""


class TipService:
    def __init__(self, db: Database, clock: Clock, library: ContentLibrary | None = None) -> None:
        self._db = db
        self._clock = clock
        self._library = library

    @property
    def library(self) -> ContentLibrary:
        if self._library is None:
            self._library = load_packs()
        return self._library

    async def tip_for_checkin(
        self, session: Session, user: User, checkin: Checkin, record: DayRecord
    ) -> Html | None:
        """The tip that fits this check-in's answers (and the last week's). The same tip is
        kept while it still fits, so re-opening a check-in does not reshuffle advice."""
        day = checkin.local_date
        slot: SlotName = "morning" if checkin.slot == Slot.MORNING else "evening"
        request = await self._request(
            session, user.id, user, day, slot, answers=record.answers, prefer=checkin.tip_id
        )
        chosen = choose_tip(request, self.library)
        if chosen.tip.id != checkin.tip_id:
            checkin.tip_id = chosen.tip.id
            now = self._clock.now()
            await record_shown(session, user.id, chosen.tip.id, day, request.slot, now)
        return self._rendered(chosen, request.foods, user.language_code)

    async def focus_tip(self, session: Session, user: User, day: date, topic: str | None) -> Html:
        """The weekly summary's tip, aimed at the weakest habit's topic."""
        request = await self._request(session, user.id, user, day, "weekly", focus_topic=topic)
        chosen = choose_tip(request, self.library)
        await record_shown(session, user.id, chosen.tip.id, day, request.slot, self._clock.now())
        return self._rendered(chosen, request.foods, user.language_code)

    async def on_demand(
        self, user_id: int, topic_text: str | None, language: str | None
    ) -> Outcome:
        """/tips [topic]: the tip that fits the user's last week best (on that topic)."""
        topic: str | None = None
        if topic_text:
            topic = self.library.find_topic(topic_text)
            if topic is None:
                text = t(
                    "tips_unknown_topic", language, topic=topic_text[:40], topics=self._topics()
                )
                return Outcome(send=(Reply(text, keyboard=self._topic_keyboard()),))
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            today = (today_for(user, self._clock.now()) if user else None) or self._utc_today()
            request = await self._request(session, user_id, user, today, "on_demand", topic=topic)
            chosen = choose_tip(request, self.library)
            if user is not None:
                now = self._clock.now()
                await record_shown(session, user_id, chosen.tip.id, today, request.slot, now)
        keyboard = (
            (
                Button(label("another_tip", language), encode(TipsPress(topic))),
                Button(label("all_topics", language), encode(TopicListPress())),
            ),
        )
        tip = Reply(self._rendered(chosen, request.foods, language), keyboard=keyboard)
        return Outcome(send=(tip,))

    async def _request(
        self,
        session: Session,
        user_id: int,
        user: User | None,
        day: date,
        slot: SlotName,
        *,
        answers: DayAnswers | None = None,
        prefer: str | None = None,
        topic: str | None = None,
        focus_topic: str | None = None,
    ) -> TipRequest:
        """What choosing a tip for ``day`` needs to know: the last week (``answers`` replacing
        the stored day), how foods sat, pauses, the watch list and the tips shown lately. The
        ``prefer``red tip (the one already shown for this check-in) does not count as shown."""
        recent, foods, pauses, shown = await self._history(session, user_id, day, answers)
        if prefer:
            shown.pop(prefer, None)
        return TipRequest(
            today=day,
            slot=slot,
            answers=answers,
            recent=recent,
            pauses=pauses,
            watched_allergens=watched_allergens(user) if user else (),
            recently_sent=shown,
            topic=topic,
            focus_topic=focus_topic,
            prefer=prefer,
            foods=foods,
        )

    async def _history(
        self,
        session: Session,
        user_id: int,
        day: date,
        today_answers: DayAnswers | None = None,
    ) -> tuple[
        tuple[DayAnswers, ...], tuple[FoodTolerance, ...], tuple[PausePeriod, ...], dict[str, date]
    ]:
        """The last 7 days' answers (``today_answers`` replacing the stored day), how each
        food sat over the last :data:`FOOD_DAYS` days, the user's pauses, and the tips shown
        in the last :data:`RECENT_DAYS` days (two queries: the older days are read only for
        their food answers)."""
        first_recent = day - timedelta(days=RECENT_DAYS - 1)
        # Today's stored answers are not read when the caller has them.
        last = day - timedelta(days=1) if today_answers is not None else day
        look_back = await read_look_back(
            session, user_id, day - timedelta(days=FOOD_DAYS - 1), first_recent, last
        )
        recent_answers = [record.answers for record in look_back.week]
        if today_answers is not None:
            recent_answers.append(today_answers)
        earlier = look_back.food_days
        since = day - timedelta(days=RECENT_DAYS)
        shown, pauses = await shown_and_pauses(session, user_id, since)
        foods = food_tolerance([*earlier, *recent_answers])
        return tuple(recent_answers), foods, pauses, shown

    def _rendered(
        self, chosen: ChosenTip, foods: tuple[FoodTolerance, ...], language: str | None
    ) -> Html:
        """The tip; a tip about probiotics ("if tolerated") adds how each food has sat."""
        html = render_tip_html(chosen, self.library)
        if chosen.tip.topic != "probiotics" or not foods:
            return Html(html)
        items = food_items(foods[:4], "tip_food_item", language)
        return Html(html + "\n\n" + t("tip_foods_sat", language, foods=items))

    def topic_list(self, language: str | None) -> Outcome:
        text = t("tips_topics", language, topics=self._topics())
        return Outcome(send=(Reply(text, keyboard=self._topic_keyboard()),))

    async def about(self, user_id: int, language: str | None) -> Outcome:
        """/about: the article's key points; a point naming a food that contains an allergen
        the user watches gives way to one that names none of theirs."""
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            watched = watched_allergens(user) if user is not None else ()
        summaries = Html(
            "\n\n".join(
                render_about_html(summary) for summary in self.library.about_summary(watched)
            )
        )
        return Outcome(send=(Reply(t("about", language, summaries=summaries)),))

    def _topics(self) -> Html:
        return Html(
            "\n".join(
                t("topic_line", None, name=info.name, description=info.description, key=info.key)
                for info in self.library.topics()
            )
        )

    def _topic_keyboard(self) -> Keyboard:
        buttons = [Button(info.name, encode(TipsPress(info.key))) for info in self.library.topics()]
        return tuple(tuple(buttons[i : i + 2]) for i in range(0, len(buttons), 2))

    def _utc_today(self) -> date:
        return self._clock.now().date()
