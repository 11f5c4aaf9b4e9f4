"""Onboarding (/start) and settings: who the user is and when to check in with them.

Both flows edit the same settings through the same pickers; the flow code in each button
(``Flow.ONBOARDING`` or ``Flow.SETTINGS``) says whether to continue onboarding or return to
the settings menu. Typed input is routed here through ``User.awaiting_input``.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum

from bot.callbacks import (
    AllergenChoice,
    AllergenPress,
    DayStartPress,
    Flow,
    GoalPress,
    ReminderPress,
    SettingsItem,
    SettingsPress,
    SummaryDayPress,
    SummaryTimePress,
    TimePress,
    ZonePress,
)
from bot.clock import Clock
from bot.domain.answers import Allergen, Slot
from bot.domain.habits import DEFAULT_GOALS, Habit
from bot.domain.parsing import ParseFailure, ParseProblem
from bot.domain.schedule import Occurrence, user_zone
from bot.domain.timezones.results import ZoneAmbiguous, ZoneFound, ZoneNotFound
from bot.domain.timezones.zone_names import is_valid_zone, utc_offset_label
from bot.domain.typed_reading import read_allergens, read_check_in_time
from bot.html import Html
from bot.replies import Outcome, Reply, button_expired
from bot.services.awaiting import Awaiting, AwaitingKind
from bot.services.scheduling import DAILY_SLOTS, WEEKLY_SLOT, CheckinScheduler
from bot.services.zone_lookup import ZoneLookup
from bot.texts import ARTICLE_TITLE, t
from bot.views import profile as views
from bot.views.phrases import allergen_phrase, when_label
from models.db import Database, Session
from models.delivery_store import cancel_reminders
from models.entities import User
from models.user_store import ensure_user, get_onboarded_user, get_user


class OnboardingStep(StrEnum):
    """The onboarding step still to do (the stored ``User.onboarding_step`` values)."""

    ZONE = "tz"
    MORNING = "morning"
    EVENING = "evening"
    ALLERGENS = "allergens"


@dataclass(frozen=True)
class TelegramProfile:
    """The few facts about the sender that the bot keeps."""

    user_id: int
    chat_id: int
    first_name: str | None
    language_code: str | None


def watched_allergens(user: User) -> tuple[Allergen, ...]:
    """The allergens the user watches, in the catalogue's order (unknown values dropped)."""
    chosen = set(user.watched_allergens or ())
    return tuple(a for a in Allergen if a.value in chosen)


def goals_of(user: User) -> dict[Habit, int]:
    """The user's weekly goals: their own where set, the defaults elsewhere. Keys that are no
    habit (any more: ``allergen_free``, dropped) are ignored."""
    goals = dict(DEFAULT_GOALS)
    for key, days in (user.goals or {}).items():
        if key in Habit._value2member_map_ and isinstance(days, int) and 1 <= days <= 7:
            goals[Habit(key)] = days
    return goals


class ProfileService:
    def __init__(
        self, db: Database, clock: Clock, scheduler: CheckinScheduler, zones: ZoneLookup
    ) -> None:
        self._db = db
        self._clock = clock
        self._scheduler = scheduler
        self._zones = zones

    # --- /start ------------------------------------------------------------------------

    async def start(self, profile: TelegramProfile) -> Outcome:
        now = self._clock.now()
        async with self._db.transaction() as session:
            user, _created = await ensure_user(
                session,
                user_id=profile.user_id,
                chat_id=profile.chat_id,
                first_name=profile.first_name,
                language_code=profile.language_code,
                now=now,
                first_step=OnboardingStep.ZONE,
            )
            if not user.active:
                # Writing to the bot again means they unblocked it.
                user.active = True
                user.blocked_at = None
                await self._scheduler.plan(session, user, fill_today=False)
            language = user.language_code
            name = f", {profile.first_name}" if profile.first_name else ""
            if user.onboarding_step is None:
                summary = self._schedule_summary(user)
                text = t("welcome_back", language, name=name, schedule=summary)
                return Outcome(send=(Reply(text, keyboard=views.check_in_now_keyboard(language)),))
            welcome = Reply(t("welcome", language, name=name, title=ARTICLE_TITLE))
            step = await self._show_step(session, user)
        return Outcome(send=(welcome, step), remember_prompt=True)

    async def resume_onboarding(self, user_id: int) -> Outcome | None:
        """Re-show the current onboarding step, if onboarding is unfinished."""
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None or user.onboarding_step is None:
                return None
            step = await self._show_step(session, user)
        notice = Reply(t("finish_onboarding_first", user.language_code))
        return Outcome(send=(notice, step), remember_prompt=True)

    async def _show_step(self, session: Session, user: User) -> Reply:
        language = user.language_code
        flow = Flow.ONBOARDING
        match user.onboarding_step:
            case OnboardingStep.ZONE:
                self._await_text(user, AwaitingKind.ZONE, flow)
                return views.zone_prompt(language, onboarding=True)
            case OnboardingStep.MORNING:
                self._await_text(user, AwaitingKind.TIME, flow, Slot.MORNING)
                return views.time_prompt(flow, Slot.MORNING, user.morning_time, language)
            case OnboardingStep.EVENING:
                self._await_text(user, AwaitingKind.TIME, flow, Slot.EVENING)
                return views.time_prompt(flow, Slot.EVENING, user.evening_time, language)
            case _:
                self._await_text(user, AwaitingKind.ALLERGENS, flow)
                user.onboarding_step = OnboardingStep.ALLERGENS
                return views.allergen_prompt(flow, watched_allergens(user), language)

    # --- time zone --------------------------------------------------------------------

    async def zone_from_text(self, user_id: int, flow: Flow, text: str) -> Outcome:
        # Place look-ups load data and may search for typos: CPU work, kept off the event loop.
        result = await asyncio.to_thread(self._zones.resolve_zone_text, text)
        query = text.strip()[:60]
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return Outcome()
            language = user.language_code
            match result:
                case ZoneFound(zone=zone, label=place):
                    return await self._set_zone(
                        session, user, flow, zone, from_message=True, place=place
                    )
                case ZoneAmbiguous(options=options):
                    reply = Reply(
                        t("timezone_ambiguous", language, query=query),
                        keyboard=views.zone_options(flow, options),
                    )
                    return Outcome(send=(reply,))
                case ZoneNotFound(suggestions=suggestions) if suggestions:
                    reply = Reply(
                        t("timezone_suggestions", language, query=query),
                        keyboard=views.zone_options(flow, suggestions),
                    )
                    return Outcome(send=(reply,))
                case _:
                    return Outcome(send=(Reply(t("timezone_not_found", language, query=query)),))

    async def zone_from_location(self, user_id: int, latitude: float, longitude: float) -> Outcome:
        result = await asyncio.to_thread(self._zones.zone_for_location, latitude, longitude)
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return Outcome()
            flow = Flow.ONBOARDING if user.onboarding_step else Flow.SETTINGS
            if isinstance(result, ZoneFound):
                return await self._set_zone(session, user, flow, result.zone, from_message=True)
            reply = Reply(t("timezone_location_failed", user.language_code))
            return Outcome(send=(reply,))

    async def zone_chosen(self, user_id: int, press: ZonePress) -> Outcome:
        if not is_valid_zone(press.zone):
            return button_expired()
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return button_expired()
            return await self._set_zone(session, user, press.flow, press.zone, from_message=False)

    async def _set_zone(
        self,
        session: Session,
        user: User,
        flow: Flow,
        zone: str,
        *,
        from_message: bool,
        place: str | None = None,
    ) -> Outcome:
        now = self._clock.now()
        language = user.language_code
        changed = user.timezone != zone
        user.timezone = zone
        user.updated_at = now
        user.awaiting_input = None
        offset = utc_offset_label(zone, now)
        confirmation = views.zone_confirmation(zone, now, offset, language, place)
        # The location keyboard goes away with the confirmation.
        confirm = Reply(confirmation, remove_reply_keyboard=from_message)
        if flow is Flow.ONBOARDING and user.onboarding_step is not None:
            if user.onboarding_step == OnboardingStep.ZONE:
                user.onboarding_step = OnboardingStep.MORNING
            next_step = await self._show_step(session, user)
            if from_message:
                return Outcome(send=(confirm, next_step), remember_prompt=True)
            return Outcome(edit=Reply(confirmation), send=(next_step,), remember_prompt=True)
        next_lines: Html | None = None
        if changed and user.onboarding_step is None:
            planned = await self._scheduler.plan(session, user, fill_today=True)
            next_lines = self._next_lines(user, planned)
        if from_message:
            return Outcome(send=(confirm, self._menu(user, notice=next_lines)))
        notice = Html(confirmation + "\n" + next_lines) if next_lines else confirmation
        return Outcome(edit=self._menu(user, notice=notice))

    # --- check-in times ---------------------------------------------------------------

    async def time_chosen(self, user_id: int, press: TimePress) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return button_expired()
            return await self._set_time(session, user, press.flow, press.slot, press.at, edit=True)

    async def time_from_text(self, user_id: int, flow: Flow, slot: Slot, text: str) -> Outcome:
        parsed = read_check_in_time(text, slot)
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return Outcome()
            if isinstance(parsed, ParseFailure):
                key = (
                    "time_out_of_range"
                    if parsed.problem is ParseProblem.OUT_OF_RANGE
                    else "time_not_understood"
                )
                return Outcome(send=(Reply(t(key, user.language_code, text=text.strip()[:40])),))
            prompt_id = _prompt_message(user)
            outcome = await self._set_time(session, user, flow, slot, parsed, edit=False)
            if prompt_id is None:
                return outcome
            # Confirm on the prompt itself: what was understood, and no stale buttons.
            confirmed = views.time_confirmed(flow, slot, parsed, user.language_code)
            return replace(outcome, edit=confirmed, edit_message_id=prompt_id)

    async def _set_time(
        self, session: Session, user: User, flow: Flow, slot: Slot, at: time, *, edit: bool
    ) -> Outcome:
        language = user.language_code
        now = self._clock.now()
        previous = user.morning_time if slot is Slot.MORNING else user.evening_time
        if slot is Slot.MORNING:
            user.morning_time = at
        else:
            user.evening_time = at
        user.updated_at = now
        user.awaiting_input = None
        if flow is Flow.ONBOARDING and user.onboarding_step is not None:
            expected = OnboardingStep.MORNING if slot is Slot.MORNING else OnboardingStep.EVENING
            if user.onboarding_step == expected:
                user.onboarding_step = (
                    OnboardingStep.EVENING if slot is Slot.MORNING else OnboardingStep.ALLERGENS
                )
            next_step = await self._show_step(session, user)
            chosen = views.time_prompt(flow, slot, at, language)
            if edit:
                return Outcome(edit=chosen, send=(next_step,), remember_prompt=True)
            return Outcome(send=(next_step,), remember_prompt=True)
        notice: Html | None = None
        if previous != at and user.onboarding_step is None:
            planned = await self._scheduler.plan(session, user, (slot,), fill_today=True)
            notice = t("settings_saved", language, next=self._next_lines(user, planned))
        menu = self._menu(user, notice=notice)
        return Outcome(edit=menu) if edit else Outcome(send=(menu,))

    # --- allergens --------------------------------------------------------------------

    async def allergen_pressed(self, user_id: int, press: AllergenPress) -> Outcome:
        now = self._clock.now()
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return button_expired()
            language = user.language_code
            match press.value:
                case AllergenChoice.NONE:
                    user.watched_allergens = []
                case Allergen() as allergen:
                    chosen = set(user.watched_allergens or []) ^ {allergen.value}
                    user.watched_allergens = [a.value for a in Allergen if a.value in chosen]
            user.updated_at = now
            if isinstance(press.value, Allergen):
                watched = watched_allergens(user)
                return Outcome(edit=views.allergen_prompt(press.flow, watched, language))
            return Outcome(edit=await self._allergens_chosen(session, user, press.flow))

    async def allergens_from_text(self, user_id: int, flow: Flow, text: str) -> Outcome:
        """Allergens to watch, typed ("eggs and milk", "none"): added to any already tapped and
        confirmed on the prompt itself (ticked, "✓ Got it: eggs, dairy"), and the step is done.
        When unsure ("nuts": tree nuts, peanuts or both?) the likely ones are ticked on a fresh
        prompt to check and adjust before Done."""
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return Outcome()
            language = user.language_code
            prompt_id = _prompt_message(user)
            reading = read_allergens(text, tuple(Allergen))
            if reading is None or (reading.allergens is None and not reading.done):
                prompt = views.allergen_prompt(flow, watched_allergens(user), language)
                hint = Reply(t("allergens_typed_hint", language))
                return Outcome(
                    send=(hint, prompt), strip_keyboard_of=prompt_id, remember_prompt=True
                )
            if reading.allergens is not None:
                if reading.allergens:
                    chosen = set(watched_allergens(user)) | set(reading.allergens)
                    user.watched_allergens = [a.value for a in Allergen if a in chosen]
                else:
                    user.watched_allergens = []
            user.updated_at = self._clock.now()
            watched = watched_allergens(user)
            if not reading.sure:
                names = allergen_phrase(watched, language)
                notice = t("allergens_typed_unsure", language, allergens=names)
                prompt = views.allergen_prompt(flow, watched, language, notice=notice)
                return Outcome(send=(prompt,), strip_keyboard_of=prompt_id, remember_prompt=True)
            done = await self._allergens_chosen(session, user, flow)
            if prompt_id is None:
                return Outcome(send=(done,))
            confirmed = views.allergens_confirmed(flow, watched, language)
            return Outcome(edit=confirmed, edit_message_id=prompt_id, send=(done,))

    async def remember_prompt(self, user_id: int, message_id: int) -> None:
        """The message now showing the prompt that waits for typed text (see ``Awaiting``)."""
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            pending = Awaiting.parse(user.awaiting_input) if user is not None else None
            if user is not None and pending is not None:
                user.awaiting_input = replace(pending, message_id=message_id).encode()

    async def _allergens_chosen(self, session: Session, user: User, flow: Flow) -> Reply:
        user.allergens_chosen = True
        user.awaiting_input = None
        if flow is Flow.ONBOARDING and user.onboarding_step is not None:
            return await self._finish_onboarding(session, user)
        return self._menu(user, notice=t("settings_saved", user.language_code, next=""))

    async def _finish_onboarding(self, session: Session, user: User) -> Reply:
        language = user.language_code
        user.onboarding_step = None
        user.awaiting_input = None
        await self._scheduler.plan(session, user, fill_today=False)
        text = t("onboarding_done", language, schedule=self._schedule_summary(user))
        return Reply(text, keyboard=views.check_in_now_keyboard(language))

    # --- settings menu ----------------------------------------------------------------

    async def settings(self, user_id: int) -> Outcome | None:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return None
            user.awaiting_input = None
            return Outcome(send=(self._menu(user),))

    async def settings_pressed(self, user_id: int, press: SettingsPress) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return button_expired()
            language = user.language_code
            flow = Flow.SETTINGS
            match press.item:
                case SettingsItem.ZONE:
                    self._await_text(user, AwaitingKind.ZONE, flow)
                    return Outcome(send=(views.zone_prompt(language, onboarding=False),))
                case SettingsItem.MORNING | SettingsItem.EVENING:
                    slot = Slot.MORNING if press.item is SettingsItem.MORNING else Slot.EVENING
                    self._await_text(user, AwaitingKind.TIME, flow, slot)
                    current = user.morning_time if slot is Slot.MORNING else user.evening_time
                    prompt = views.time_prompt(flow, slot, current, language)
                    return Outcome(edit=prompt, remember_prompt=True)
                case SettingsItem.DAY_START:
                    return Outcome(edit=views.day_start_prompt(user.day_start_hour, language))
                case SettingsItem.ALLERGENS:
                    self._await_text(user, AwaitingKind.ALLERGENS, flow)
                    prompt = views.allergen_prompt(flow, watched_allergens(user), language)
                    return Outcome(edit=prompt, remember_prompt=True)
                case SettingsItem.REMINDER:
                    return Outcome(edit=views.reminder_prompt(user.reminder_minutes, language))
                case SettingsItem.SUMMARY:
                    prompt = views.summary_prompt(user.summary_weekday, user.summary_time, language)
                    return Outcome(edit=prompt)
                case SettingsItem.GOALS:
                    return Outcome(edit=views.goals_prompt(goals_of(user), language))
                case SettingsItem.MENU:
                    user.awaiting_input = None
                    return Outcome(edit=self._menu(user))

    async def reminder_chosen(self, user_id: int, press: ReminderPress) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return button_expired()
            user.reminder_minutes = press.minutes
            user.updated_at = self._clock.now()
            if press.minutes == 0:
                await cancel_reminders(session, user.id)
            saved = t("settings_saved", user.language_code, next="")
            return Outcome(edit=self._menu(user, notice=saved))

    async def summary_chosen(
        self, user_id: int, press: SummaryDayPress | SummaryTimePress
    ) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return button_expired()
            if isinstance(press, SummaryDayPress):
                user.summary_weekday = press.weekday
            else:
                user.summary_time = press.at
            user.updated_at = self._clock.now()
            await self._scheduler.plan(session, user, (WEEKLY_SLOT,), fill_today=False)
            language = user.language_code
            prompt = views.summary_prompt(user.summary_weekday, user.summary_time, language)
        return Outcome(edit=prompt, toast=t("recorded", language))

    async def goal_pressed(self, user_id: int, press: GoalPress) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return button_expired()
            habit = Habit(press.habit)
            language = user.language_code
            if press.days is None:
                return Outcome(edit=views.goal_prompt(habit, goals_of(user)[habit], language))
            user.goals = {**(user.goals or {}), habit.value: press.days}
            user.updated_at = self._clock.now()
            prompt = views.goals_prompt(goals_of(user), language)
            return Outcome(edit=prompt, toast=t("recorded", language))

    async def day_start_chosen(self, user_id: int, press: DayStartPress) -> Outcome:
        async with self._db.transaction() as session:
            user = await get_onboarded_user(session, user_id)
            if user is None:
                return button_expired()
            notice: Html | None = None
            if user.day_start_hour != press.hour:
                user.day_start_hour = press.hour
                user.updated_at = self._clock.now()
                planned = await self._scheduler.plan(session, user, fill_today=False)
                notice = t(
                    "settings_saved", user.language_code, next=self._next_lines(user, planned)
                )
            return Outcome(edit=self._menu(user, notice=notice))

    # --- helpers ----------------------------------------------------------------------

    def _await_text(
        self, user: User, kind: AwaitingKind, flow: Flow, slot: Slot | None = None
    ) -> None:
        """Typed text from now on answers this prompt (until a later check-in overtakes it)."""
        since = self._clock.now()
        user.awaiting_input = Awaiting(kind, flow, slot, since).encode()

    def _menu(self, user: User, notice: Html | None = None) -> Reply:
        values = views.SettingsValues(
            zone=user.timezone,
            morning=user.morning_time,
            evening=user.evening_time,
            day_start_hour=user.day_start_hour,
            watched=watched_allergens(user),
            reminder_minutes=user.reminder_minutes,
            summary_weekday=user.summary_weekday,
            summary_time=user.summary_time,
        )
        return views.settings_menu(values, user.language_code, notice=notice)

    def _schedule_summary(self, user: User) -> Html:
        return views.schedule_summary(
            user.timezone or "UTC",
            user.morning_time,
            user.evening_time,
            watched_allergens(user),
            user.language_code,
        )

    def _next_lines(self, user: User, planned: dict[str, Occurrence]) -> Html:
        language = user.language_code
        now = self._clock.now()
        lines: list[Html] = []
        for slot in DAILY_SLOTS:
            occurrence = planned.get(slot)
            if occurrence is None or user.timezone is None:
                continue
            slot_name = t(f"slot_{slot.value}", language)
            if occurrence.due_at <= now:
                lines.append(t("next_checkin_now", language, slot=slot_name))
                continue
            when = when_label(occurrence.due_at, user_zone(user.timezone), now, language)
            lines.append(t("next_checkin", language, slot=slot_name, when=when))
        return Html(" ".join(lines))


def _prompt_message(user: User) -> int | None:
    """The message id of the prompt the user is answering by typing, when known."""
    pending = Awaiting.parse(user.awaiting_input)
    return pending.message_id if pending is not None else None
