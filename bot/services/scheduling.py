"""The scheduler's decisions on top of the schedule and delivery queries: claim what is due,
move schedules on, and re-plan a user's schedules when their settings change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Final

from bot.clock import Clock
from bot.domain.answers import Slot
from bot.domain.schedule import (
    Occurrence,
    SlotRule,
    decide_due,
    first_occurrence_after,
    known_zone,
    logical_date,
    reschedule,
)
from bot.domain.silence import plan_checkin
from bot.domain.statuses import DeliveryKind
from models.db import Database, Session
from models.delivery_store import (
    ClaimedDelivery,
    ClaimRequest,
    claim_checkins,
    claim_due_reminders,
    claim_outbox,
    expire_abandoned,
    hand_back_all_claims,
    reclaim_abandoned,
    skipped_days,
)
from models.entities import User
from models.schedule_store import (
    DueSchedule,
    ScheduleUpdate,
    clear_schedules,
    due_schedules,
    last_claimed_dates,
    update_schedules,
    upsert_schedule,
)
from models.silence_store import HeardFrom, heard_from
from models.user_store import get_onboarded_user

WEEKLY_SLOT: Final = "weekly"
PAUSE_OFFER_SLOT: Final = "silence"
DAILY_SLOTS: Final = (Slot.MORNING, Slot.EVENING)
ALL_SLOTS: Final = (Slot.MORNING.value, Slot.EVENING.value, WEEKLY_SLOT)


def rule_for(user: User | DueSchedule, slot: str) -> SlotRule | None:
    """The recurring rule of one slot for this user; None if the user has no valid zone."""
    zone = known_zone(user.timezone)
    if zone is None:
        return None
    if slot == WEEKLY_SLOT:
        return SlotRule(
            zone=zone,
            at=user.summary_time,
            day_start_hour=user.day_start_hour,
            weekday=user.summary_weekday,
        )
    at = user.morning_time if slot == Slot.MORNING else user.evening_time
    return SlotRule(zone=zone, at=at, day_start_hour=user.day_start_hour)


def last_heard_from(fact: HeardFrom, rule: SlotRule) -> date | None:
    """The local date the user was last heard from (see :mod:`bot.domain.silence`)."""
    if fact.first_checkin_date is None:
        return None
    candidates = [fact.first_checkin_date - timedelta(days=1)]
    if fact.last_answer_at is not None:
        candidates.append(logical_date(fact.last_answer_at, rule.zone, rule.day_start_hour))
    if fact.last_pause_date is not None:
        candidates.append(fact.last_pause_date)
    return max(candidates)


def today_for(user: User, now: datetime) -> date | None:
    """The user's logical "today" (their day starts at ``day_start_hour``)."""
    rule = rule_for(user, Slot.MORNING)
    if rule is None:
        return None
    return logical_date(now, rule.zone, rule.day_start_hour)


async def onboarded_today(
    session: Session, user_id: int, now: datetime
) -> tuple[User, date] | None:
    """An onboarded user and their today; None before onboarding ends (no zone yet)."""
    user = await get_onboarded_user(session, user_id)
    if user is None:
        return None
    today = today_for(user, now)
    return None if today is None else (user, today)


class CheckinScheduler:
    """Claims due messages in short transactions; sending happens after the commit."""

    def __init__(
        self, db: Database, clock: Clock, *, catch_up: timedelta, lease: timedelta
    ) -> None:
        self._db = db
        self._clock = clock
        self.catch_up = catch_up
        self.lease = lease

    async def take_over_claims(self) -> int:
        """The sending role was just won: claims leased by the previous holder (dead, or cut
        off from the database, so no longer sending) are sent now rather than when their
        lease runs out. Returns how many were handed back."""
        async with self._db.transaction() as session:
            return await hand_back_all_claims(session, self._clock.now())

    async def claim_batch(self, limit: int) -> list[ClaimedDelivery]:
        """Claim up to ``limit`` messages to send now: abandoned claims first (a previous run
        died before sending), then due reminders, then schedules that have come due."""
        now = self._clock.now()
        lease_until = now + self.lease
        oldest_allowed = now - self.catch_up
        async with self._db.transaction() as session:
            await expire_abandoned(session, now, due_before=oldest_allowed)
            claimed = await reclaim_abandoned(session, now, lease_until, oldest_allowed, limit)
            if len(claimed) < limit:
                claimed += await claim_due_reminders(
                    session, now, lease_until, limit - len(claimed)
                )
            if len(claimed) >= limit:
                return claimed
            due = await due_schedules(session, now, limit - len(claimed))
            checkins: list[ClaimRequest] = []
            summaries: list[ClaimRequest] = []
            updates: list[ScheduleUpdate] = []
            for schedule in due:
                rule = rule_for(schedule, schedule.slot)
                if rule is None:
                    updates.append(ScheduleUpdate(schedule.user_id, schedule.slot, None, None))
                    continue
                decision = decide_due(rule, schedule.next_local_date, now, self.catch_up)
                if decision.send is not None:
                    request = ClaimRequest(
                        user_id=schedule.user_id,
                        slot=schedule.slot,
                        local_date=decision.send.local_date,
                        due_at=decision.send.due_at,
                    )
                    (summaries if schedule.slot == WEEKLY_SLOT else checkins).append(request)
                updates.append(
                    ScheduleUpdate(
                        schedule.user_id,
                        schedule.slot,
                        decision.next.due_at,
                        decision.next.local_date,
                    )
                )
            zones = {s.user_id: rule for s in due if (rule := rule_for(s, s.slot)) is not None}
            checkins, quiet, offers = await self._respect_silence(session, checkins, zones)
            skipped = await skipped_days(session, [(r.user_id, r.local_date) for r in checkins])
            claimed += [
                replace(item, reminder_minutes=0) if item.user_id in quiet else item
                for item in await claim_checkins(session, checkins, now, lease_until, skipped)
            ]
            claimed += await claim_outbox(session, DeliveryKind.WEEKLY, summaries, now, lease_until)
            claimed += await claim_outbox(
                session, DeliveryKind.PAUSE_OFFER, offers, now, lease_until
            )
            await update_schedules(session, updates)
        return claimed

    async def _respect_silence(
        self,
        session: Session,
        checkins: list[ClaimRequest],
        rules: dict[int, SlotRule],
    ) -> tuple[list[ClaimRequest], set[int], list[ClaimRequest]]:
        """Apply :func:`bot.domain.silence.plan_checkin` to due check-ins: those to send, users
        whose reminders stay off, and the kind messages offering a pause (one per silent spell:
        the claim is unique per user and "last heard from" date)."""
        facts = await heard_from(session, {request.user_id for request in checkins})
        send: list[ClaimRequest] = []
        quiet: set[int] = set()
        offers: dict[tuple[int, date], ClaimRequest] = {}
        for request in checkins:
            rule = rules.get(request.user_id)
            fact = facts.get(request.user_id)
            if rule is None or fact is None:
                send.append(request)
                continue
            heard = last_heard_from(fact, rule)
            plan = plan_checkin(Slot(request.slot), request.local_date, heard)
            if plan.send:
                send.append(request)
            if not plan.reminder:
                quiet.add(request.user_id)
            if plan.offer_pause and heard is not None:
                offers.setdefault(
                    (request.user_id, heard),
                    ClaimRequest(request.user_id, PAUSE_OFFER_SLOT, heard, request.due_at),
                )
        return send, quiet, list(offers.values())

    async def plan(
        self,
        session: Session,
        user: User,
        slots: Iterable[str] = ALL_SLOTS,
        *,
        fill_today: bool,
        resume_after: date | None = None,
    ) -> dict[str, Occurrence]:
        """(Re)compute the next occurrence of each slot after a settings change, inside the
        caller's transaction. ``resume_after``: a pause ends that day, so daily check-ins
        start the day after. Returns the new next occurrences."""
        now = self._clock.now()
        claimed = await last_claimed_dates(session, user.id)
        planned: dict[str, Occurrence] = {}
        for slot in slots:
            rule = rule_for(user, slot)
            if rule is None or not user.active or user.onboarding_step is not None:
                await upsert_schedule(session, ScheduleUpdate(user.id, slot, None, None))
                continue
            # Weekly summaries never catch up with "today": a summary sent at once would be odd.
            fill = fill_today and slot != WEEKLY_SLOT
            occurrence = reschedule(rule, now, claimed.get(slot), self.catch_up, fill_today=fill)
            paused_through = resume_after if slot != WEEKLY_SLOT else None
            if paused_through is not None and occurrence.local_date <= paused_through:
                occurrence = first_occurrence_after(
                    rule, now, not_before=paused_through + timedelta(days=1)
                )
            await upsert_schedule(
                session,
                ScheduleUpdate(user.id, slot, occurrence.due_at, occurrence.local_date),
            )
            planned[slot] = occurrence
        return planned

    async def pause_daily(self, session: Session, user_id: int) -> None:
        """No check-ins until further notice (an open-ended pause)."""
        for slot in DAILY_SLOTS:
            await upsert_schedule(session, ScheduleUpdate(user_id, slot, None, None))

    async def stop_user(self, session: Session, user_id: int) -> None:
        await clear_schedules(session, user_id)
