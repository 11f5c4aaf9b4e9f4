"""Check-ins: showing them, taking answers (taps or typed), and what happens on completion.

Every answer is written in one short transaction that locks the day's row, so quick taps
cannot overwrite each other, and a late answer always lands on the date the check-in was for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import wraps
from typing import NamedTuple, ParamSpec, Protocol

from bot.callbacks import (
    AnswerPress,
    ChangeAnswerPress,
    ConfirmPress,
    OpenCheckinPress,
    ShowCheckinPress,
    SkipDayPress,
)
from bot.clock import Clock
from bot.domain.answers import DayAnswers, Slot
from bot.domain.checkin_flow import (
    MAX_NOTE_LENGTH,
    AnswerError,
    DayRecord,
    Question,
    apply_answer,
    apply_typed,
    apply_understood,
    is_complete,
    next_question,
    questions_for,
    read_answer,
)
from bot.domain.command_args import DayBack
from bot.domain.parsing import ParseFailure, ParseProblem
from bot.domain.statuses import Status
from bot.html import Html
from bot.replies import Outcome, Reply, button_expired
from bot.services.profile import watched_allergens
from bot.services.scheduling import onboarded_today, rule_for, today_for
from bot.texts import t
from bot.views.checkin import CheckinState, answer_lines, kinds_example, render_checkin
from bot.views.phrases import allergen_phrase, clock, day_label
from bot.views.today import checkin_choice_keyboard, today_keyboard
from bot.views.typed import confirm_prompt, reading_summary
from models.answer_store import DayRow, lock_day, read_day, record_from_row, save_day
from models.checkin_store import (
    find_checkin,
    get_checkin,
    get_own_checkin,
    open_checkin,
    recent_open_checkins,
    save_checkin,
)
from models.db import Database, Session
from models.delivery_store import ClaimedDelivery, cancel_reminders
from models.entities import Checkin, User
from models.user_store import get_user

# How far back a check-in can still be answered by typing (older ones need /today's buttons).
OPEN_CHECKIN_DAYS = 2
# How far back answers can still be given or corrected.
EDITABLE_DAYS = 7


class _Pressed(NamedTuple):
    """A check-in pressed by its own user, inside the press's transaction."""

    session: Session
    user: User
    checkin: Checkin


class _NotOwnCheckin(Exception):
    """The pressed check-in is gone or belongs to someone else: the button has expired."""


_Press = ParamSpec("_Press")


def _owner_only(
    method: Callable[_Press, Awaitable[Outcome]],
) -> Callable[_Press, Awaitable[Outcome]]:
    """Answer a press on someone else's (or a deleted) check-in with "button expired"."""

    @wraps(method)
    async def guarded(*args: _Press.args, **kwargs: _Press.kwargs) -> Outcome:
        try:
            return await method(*args, **kwargs)
        except _NotOwnCheckin:
            return _expired()

    return guarded


class TipSource(Protocol):
    """Chooses the tip shown when a check-in is completed (see ``bot.services.tips``)."""

    async def tip_for_checkin(
        self, session: Session, user: User, checkin: Checkin, record: DayRecord
    ) -> Html | None: ...


@dataclass(frozen=True)
class TypedAnswer:
    """What typed text did to an open check-in."""

    outcome: Outcome
    handled: bool


class CheckinService:
    def __init__(self, db: Database, clock: Clock, tips: TipSource) -> None:
        self._db = db
        self._clock = clock
        self._tips = tips

    # --- prompts ----------------------------------------------------------------------

    @staticmethod
    def fresh_prompt(claimed: ClaimedDelivery) -> Reply:
        """The first screen of a check-in the scheduler just claimed (nothing answered yet)."""
        state = CheckinState(
            checkin_id=claimed.delivery_id,
            slot=Slot(claimed.slot),
            local_date=claimed.local_date,
            record=DayRecord(answers=DayAnswers(local_date=claimed.local_date)),
            watched=(),
            first_name=claimed.first_name,
            language=claimed.language_code,
        )
        return render_checkin(state)

    async def open_now(
        self,
        user_id: int,
        press: OpenCheckinPress | None = None,
        *,
        day_back: DayBack | None = None,
    ) -> Outcome | None:
        """/checkin [day]: today's check-in that fits the time of day (or the slot asked for),
        or a check-in of one of the last 7 days (``day_back``, e.g. a weekday), as a new
        message. None if the user has not finished onboarding."""
        now = self._clock.now()
        press = press or OpenCheckinPress(None)
        async with self._db.transaction(brief=True) as session:
            user = await get_user(session, user_id)
            if user is None or user.onboarding_step is not None or user.timezone is None:
                return None
            today = today_for(user, now)
            if today is None:
                return None
            days_ago = press.days_ago if day_back is None else day_back.days_back(today.weekday())
            if not 0 <= days_ago <= EDITABLE_DAYS:
                return Outcome(send=(Reply(t("checkin_day_invalid", user.language_code)),))
            day = today - timedelta(days_ago)
            slot = press.slot
            if slot is None and days_ago > 0:
                text = t("checkin_day_prompt", user.language_code, day=day_label(day))
                keyboard = checkin_choice_keyboard(days_ago, user.language_code)
                return Outcome(send=(Reply(text, keyboard=keyboard),))
            if slot is None:
                slot = await self._fitting_slot(session, user, day)
            checkin = await open_checkin(session, user.id, day, slot.value, now)
            previous_message = checkin.message_id
            checkin.editing_question = None
            state = await self._state(session, user, checkin)
        return Outcome(
            send=(render_checkin(state),),
            prompt_checkin_id=checkin.id,
            strip_keyboard_of=previous_message,
        )

    async def _fitting_slot(self, session: Session, user: User, today: date) -> Slot:
        """Morning until halfway between the two check-in times, evening after; but an
        unanswered morning check-in comes first until the evening one is due."""
        rule = rule_for(user, Slot.MORNING)
        assert rule is not None
        local_now = self._clock.now().astimezone(rule.zone)
        minutes_now = _minutes_since_day_start(local_now.time(), user.day_start_hour)
        morning = _minutes_since_day_start(user.morning_time, user.day_start_hour)
        evening = _minutes_since_day_start(user.evening_time, user.day_start_hour)
        if minutes_now >= evening:
            return Slot.EVENING
        morning_record = await read_day(session, user.id, today)
        if morning_record.answers.sleep_hours is None:
            return Slot.MORNING
        return Slot.MORNING if minutes_now < (morning + evening) / 2 else Slot.EVENING

    async def remember_message(self, checkin_id: int, message_id: int) -> None:
        async with self._db.transaction(brief=True) as session:
            checkin = await get_checkin(session, checkin_id)
            if checkin is not None:
                checkin.message_id = message_id
                checkin.sent_at = self._clock.now()

    # --- button presses ---------------------------------------------------------------

    @_owner_only
    async def answer(self, user_id: int, press: AnswerPress) -> Outcome:
        now = self._clock.now()
        async with self._own_checkin(user_id, press.checkin_id) as (session, user, checkin):
            row = await lock_day(session, user.id, checkin.local_date, now)
            record = record_from_row(row)
            watched = watched_allergens(user)
            slot = Slot(checkin.slot)
            if press.question not in questions_for(slot, record.answers, watched):
                return _expired()
            if self._too_old(user, checkin.local_date):
                return Outcome(toast=t("too_old_to_change", user.language_code), alert=True)
            result = apply_answer(record, press.question, press.value, watched)
            if isinstance(result, AnswerError):
                return _expired()
            if not result.changed:
                return Outcome(toast=t("already_recorded", user.language_code))
            state = await self._store_answer(
                session, user, checkin, row, press.question, result.record, now, stay=result.stay
            )
        return Outcome(edit=render_checkin(state), toast=t("recorded", user.language_code))

    @_owner_only
    async def change(self, user_id: int, press: ChangeAnswerPress) -> Outcome:
        async with self._own_checkin(user_id, press.checkin_id) as (session, user, checkin):
            if press.question is None:
                checkin.editing_question = None
                state = await self._state(session, user, checkin, choosing=True)
                return Outcome(edit=render_checkin(state))
            record = await read_day(session, user.id, checkin.local_date)
            slot = Slot(checkin.slot)
            if press.question not in questions_for(slot, record.answers, watched_allergens(user)):
                return _expired()
            checkin.editing_question = press.question.value
            state = await self._state(session, user, checkin)
        return Outcome(edit=render_checkin(state))

    @_owner_only
    async def skip_day(self, user_id: int, press: SkipDayPress) -> Outcome:
        """'Skip today' (or undo): the day protects streaks and gets no more check-ins or
        reminders."""
        now = self._clock.now()
        async with self._own_checkin(user_id, press.checkin_id) as (session, user, checkin):
            if self._too_old(user, checkin.local_date):
                return Outcome(toast=t("too_old_to_change", user.language_code), alert=True)
            row = await lock_day(session, user.id, checkin.local_date, now)
            record = record_from_row(row)
            skipped = not press.undo
            if record.answers.skipped == skipped:
                return Outcome(toast=t("already_recorded", user.language_code))
            updated = replace(record, answers=replace(record.answers, skipped=skipped))
            await save_day(session, row, updated, now)
            if skipped:
                await cancel_reminders(session, user.id, checkin.local_date)
            state = await self._state(session, user, checkin, record=updated)
        return Outcome(edit=render_checkin(state), toast=t("recorded", user.language_code))

    @_owner_only
    async def show(self, user_id: int, press: ShowCheckinPress) -> Outcome:
        async with self._own_checkin(user_id, press.checkin_id) as (session, user, checkin):
            checkin.editing_question = None
            state = await self._state(session, user, checkin)
        return Outcome(edit=render_checkin(state))

    # --- typed answers ----------------------------------------------------------------

    async def typed(self, user_id: int, text: str) -> TypedAnswer:
        """Typed text answers the newest open check-in's current question: hours slept, a
        yes/no, a list ("kimchi and yogurt"), a symptom level or the evening note. Unhandled
        if no check-in is open."""
        now = self._clock.now()
        async with self._db.transaction(brief=True) as session:
            user = await get_user(session, user_id)
            if user is None or user.timezone is None:
                return TypedAnswer(Outcome(), handled=False)
            target = await self._open_question(session, user)
            if target is None:
                return TypedAnswer(Outcome(), handled=False)
            checkin, question = target
            language = user.language_code
            notices: list[Reply] = []
            row = await lock_day(session, user.id, checkin.local_date, now)
            record = record_from_row(row)
            watched = watched_allergens(user)
            if question is Question.NOTE:
                if len(text.strip()) > MAX_NOTE_LENGTH:
                    notices.append(Reply(t("note_too_long", language, limit=MAX_NOTE_LENGTH)))
                result = apply_typed(record, question, text, watched)
            else:
                reading = read_answer(question, text, record.answers, watched)
                if isinstance(reading, ParseFailure):
                    return TypedAnswer(Outcome(send=(_sleep_reask(reading, text, language),)), True)
                if reading is not None and (not reading.sure or reading.choices):
                    # Unsure: nothing is stored until the user confirms with one tap.
                    confirm = confirm_prompt(checkin.id, question, reading, language)
                    return TypedAnswer(Outcome(send=(confirm,)), handled=True)
                result = (
                    AnswerError.UNKNOWN_VALUE
                    if reading is None
                    else apply_understood(record, question, reading, watched)
                )
            if isinstance(result, AnswerError):
                if question is Question.SLEEP:
                    failure = ParseFailure(ParseProblem.OUT_OF_RANGE)
                    return TypedAnswer(Outcome(send=(_sleep_reask(failure, text, language),)), True)
                asked = record.answers.allergens_asked or watched
                example = allergen_phrase(asked[:2], language)  # extra params go unused
                kinds = kinds_example(watched, language)
                key = f"typed_hint_{question.name.lower()}"
                hint = Reply(t(key, language, example=example, kinds=kinds))
                return TypedAnswer(Outcome(send=(hint,)), handled=True)
            previous_message = checkin.message_id
            state = await self._store_answer(
                session, user, checkin, row, question, result.record, now
            )
        prompt = render_checkin(state)
        return TypedAnswer(
            Outcome(
                send=(*notices, prompt),
                prompt_checkin_id=checkin.id,
                strip_keyboard_of=previous_message,
            ),
            handled=True,
        )

    @_owner_only
    async def confirm(self, user_id: int, press: ConfirmPress) -> Outcome:
        """A tap on "Got it: … — right?": store the reading (Yes), or store nothing (No). The
        check-in must be the presser's own, and the question still one it asks."""
        now = self._clock.now()
        async with self._own_checkin(user_id, press.checkin_id) as (session, user, checkin):
            language = user.language_code
            if press.reading is None:
                return Outcome(edit=Reply(t("confirm_typed_rejected", language)))
            if self._too_old(user, checkin.local_date):
                return Outcome(toast=t("too_old_to_change", language), alert=True)
            row = await lock_day(session, user.id, checkin.local_date, now)
            record = record_from_row(row)
            watched = watched_allergens(user)
            if press.question not in questions_for(Slot(checkin.slot), record.answers, watched):
                return _expired()
            result = apply_understood(record, press.question, press.reading, watched)
            if isinstance(result, AnswerError):
                return _expired()
            summary = reading_summary(press.question, press.reading, language)
            saved = Reply(t("confirm_typed_saved", language, summary=summary))
            if not result.changed:
                return Outcome(edit=saved, toast=t("already_recorded", language))
            previous_message = checkin.message_id
            state = await self._store_answer(
                session, user, checkin, row, press.question, result.record, now
            )
        return Outcome(
            edit=saved,
            send=(render_checkin(state),),
            toast=t("recorded", language),
            prompt_checkin_id=checkin.id,
            strip_keyboard_of=previous_message,
        )

    async def _open_question(self, session: Session, user: User) -> tuple[Checkin, Question] | None:
        """The newest recent check-in still waiting for an answer, and its current question."""
        today = today_for(user, self._clock.now())
        if today is None:
            return None
        since = today - timedelta(days=OPEN_CHECKIN_DAYS)
        watched = watched_allergens(user)
        for checkin in await recent_open_checkins(session, user.id, since):
            record = await read_day(session, user.id, checkin.local_date)
            question = (
                Question(checkin.editing_question)
                if checkin.editing_question
                else next_question(Slot(checkin.slot), record, watched)
            )
            if question is not None:
                return checkin, question
        return None

    # --- /today -----------------------------------------------------------------------

    async def today(self, user_id: int, days_ago: int = 0, *, edit: bool = False) -> Outcome | None:
        """/today (or an earlier day of the last week): what is recorded, with buttons to
        answer or correct each check-in and to move between days."""
        async with self._db.transaction(brief=True) as session:
            found = await onboarded_today(session, user_id, self._clock.now())
            if found is None:
                return None
            user, current = found
            today = current - timedelta(days=days_ago)
            record = await read_day(session, user.id, today)
            watched = watched_allergens(user)
            language = user.language_code
            parts: list[Html] = [t("today_title", language, day=day_label(today))]
            lines: list[Html] = []
            missing: list[Slot] = []
            for slot in (Slot.MORNING, Slot.EVENING):
                checkin = await find_checkin(session, user.id, today, slot.value)
                state = CheckinState(
                    checkin_id=checkin.id if checkin else 0,
                    slot=slot,
                    local_date=today,
                    record=record,
                    watched=watched,
                    language=language,
                )
                lines += answer_lines(state)
                if not is_complete(slot, record, watched):
                    missing.append(slot)
                    later = None if checkin or days_ago else self._later_today(user, slot)
                    if later is not None:
                        lines.append(t(f"today_{slot.value}_later", language, time=clock(later)))
                    else:
                        lines.append(t(f"today_{slot.value}_missing", language))
            parts.append(Html("\n".join(lines)) if lines else t("today_nothing", language))
            if record.answers.skipped:
                parts.append(t("day_skipped", language, day=day_label(today)))
        keyboard = today_keyboard(missing, days_ago, language)
        reply = Reply(Html("\n\n".join(parts)), keyboard=keyboard)
        return Outcome(edit=reply) if edit else Outcome(send=(reply,))

    # --- helpers ----------------------------------------------------------------------

    def _too_old(self, user: User, day: date) -> bool:
        """Answers can be given or corrected for the last 7 days only."""
        today = today_for(user, self._clock.now())
        return today is not None and (today - day).days > EDITABLE_DAYS

    def _later_today(self, user: User, slot: Slot) -> time | None:
        """The slot's local time when it is still to come today, else None."""
        rule = rule_for(user, slot)
        if rule is None:
            return None
        local_now = self._clock.now().astimezone(rule.zone)
        before_day_ends = local_now.hour >= rule.day_start_hour
        return rule.at if before_day_ends and local_now.time() < rule.at else None

    @asynccontextmanager
    async def _own_checkin(self, user_id: int, checkin_id: int) -> AsyncIterator[_Pressed]:
        """The press's transaction with the check-in, only if it belongs to the user who
        pressed the button (one query). Otherwise :class:`_NotOwnCheckin`, which the
        ``@_owner_only`` methods answer with "button expired"; nothing was written by then."""
        async with self._db.transaction(brief=True) as session:
            found = await get_own_checkin(session, checkin_id, user_id)
            if found is None:
                raise _NotOwnCheckin
            checkin, user = found
            # The press changes the check-in's own fields, which nothing in the press reads
            # back from the database: written once, at the end, rather than before each query.
            with session.no_autoflush:
                yield _Pressed(session, user, checkin)
                await save_checkin(session, checkin)

    async def _store_answer(
        self,
        session: Session,
        user: User,
        checkin: Checkin,
        row: DayRow,
        question: Question,
        record: DayRecord,
        now: datetime,
        *,
        stay: bool = False,
    ) -> CheckinState:
        """Save the day as answered (a skipped day counts again), stop editing ``question``
        unless the answer ``stay``s on it (another food to tick), and note completion."""
        await save_day(session, row, _unskipped(record), now)
        if not stay and checkin.editing_question == question.value:
            checkin.editing_question = None
        return await self._after_change(session, user, checkin, record)

    async def _after_change(
        self, session: Session, user: User, checkin: Checkin, record: DayRecord
    ) -> CheckinState:
        """Completion bookkeeping after an answer: the first completion (and any later edit of
        a completed check-in) picks the tip that fits the answers as they are now."""
        slot = Slot(checkin.slot)
        if is_complete(slot, record, watched_allergens(user)) and checkin.editing_question is None:
            if checkin.completed_at is None:
                checkin.completed_at = self._clock.now()
            checkin.status = Status.ANSWERED
        return await self._state(session, user, checkin, record=record)

    async def _state(
        self,
        session: Session,
        user: User,
        checkin: Checkin,
        *,
        record: DayRecord | None = None,
        choosing: bool = False,
    ) -> CheckinState:
        if record is None:
            record = await read_day(session, user.id, checkin.local_date)
        slot = Slot(checkin.slot)
        watched = watched_allergens(user)
        tip: Html | None = None
        if is_complete(slot, record, watched) and checkin.editing_question is None:
            tip = await self._tips.tip_for_checkin(session, user, checkin, record)
        return CheckinState(
            checkin_id=checkin.id,
            slot=slot,
            local_date=checkin.local_date,
            record=record,
            watched=watched,
            editing=Question(checkin.editing_question) if checkin.editing_question else None,
            choosing_question=choosing,
            first_name=user.first_name,
            language=user.language_code,
            tip=tip,
            past=checkin.local_date < (today_for(user, self._clock.now()) or checkin.local_date),
        )


def _unskipped(record: DayRecord) -> DayRecord:
    """Answering a skipped day means the day counts after all."""
    if not record.answers.skipped:
        return record
    return replace(record, answers=replace(record.answers, skipped=False))


def _expired() -> Outcome:
    return button_expired()


def _sleep_reask(failure: ParseFailure, text: str, language: str | None) -> Reply:
    if failure.problem is ParseProblem.OUT_OF_RANGE:
        shown = text.strip()[:12]
        return Reply(t("sleep_out_of_range", language, hours=shown))
    return Reply(t("sleep_not_understood", language))


def _minutes_since_day_start(at: time, day_start_hour: int) -> int:
    return (at.hour * 60 + at.minute - day_start_hour * 60) % (24 * 60)
