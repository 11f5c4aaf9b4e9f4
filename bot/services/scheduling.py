"""The scheduler's decisions on top of the schedule queries: claim due check-ins, move
schedules on, and re-plan a user's check-ins when their settings change."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.domain.answers import Slot
from bot.domain.schedule import (
    Occurrence,
    SlotRule,
    decide_due,
    logical_date,
    reschedule,
)
from models.db import Database
from models.entities import User
from models.schedule_store import (
    ClaimedCheckin,
    ClaimRequest,
    DueSchedule,
    ScheduleUpdate,
    claim_checkins,
    clear_schedules,
    due_schedules,
    expire_abandoned,
    last_claimed_dates,
    reclaim_abandoned,
    update_schedules,
    upsert_schedule,
)

DAILY_SLOTS = (Slot.MORNING, Slot.EVENING)


def rule_for(user: User | DueSchedule, slot: str) -> SlotRule | None:
    """The recurring rule of one slot for this user; None if the user has no valid zone."""
    if not user.timezone:
        return None
    try:
        zone = ZoneInfo(user.timezone)
    except (KeyError, ValueError):
        return None
    at = user.morning_time if slot == Slot.MORNING else user.evening_time
    return SlotRule(zone=zone, at=at, day_start_hour=user.day_start_hour)


class CheckinScheduler:
    """Claims due check-ins in short transactions; sending happens after the commit."""

    def __init__(
        self, db: Database, clock: Clock, *, catch_up: timedelta, lease: timedelta
    ) -> None:
        self._db = db
        self._clock = clock
        self.catch_up = catch_up
        self.lease = lease

    async def claim_batch(self, limit: int) -> list[ClaimedCheckin]:
        """Claim up to ``limit`` check-ins to send now: abandoned claims first (a previous run
        died before sending), then schedules that have come due."""
        now = self._clock.now()
        lease_until = now + self.lease
        oldest_allowed = now - self.catch_up
        async with self._db.transaction() as session:
            await expire_abandoned(session, now, due_before=oldest_allowed)
            claimed = await reclaim_abandoned(session, now, lease_until, oldest_allowed, limit)
            remaining = limit - len(claimed)
            if remaining <= 0:
                return claimed
            due = await due_schedules(session, now, remaining)
            requests: list[ClaimRequest] = []
            updates: list[ScheduleUpdate] = []
            for schedule in due:
                rule = rule_for(schedule, schedule.slot)
                if rule is None:
                    updates.append(ScheduleUpdate(schedule.user_id, schedule.slot, None, None))
                    continue
                decision = decide_due(rule, schedule.next_local_date, now, self.catch_up)
                if decision.send is not None:
                    requests.append(
                        ClaimRequest(
                            user_id=schedule.user_id,
                            slot=schedule.slot,
                            local_date=decision.send.local_date,
                            due_at=decision.send.due_at,
                        )
                    )
                updates.append(
                    ScheduleUpdate(
                        schedule.user_id,
                        schedule.slot,
                        decision.next.due_at,
                        decision.next.local_date,
                    )
                )
            claimed += await claim_checkins(session, requests, now, lease_until)
            await update_schedules(session, updates)
        return claimed

    async def plan(
        self,
        session: AsyncSession,
        user: User,
        slots: Iterable[str] = DAILY_SLOTS,
        *,
        fill_today: bool,
    ) -> dict[str, Occurrence]:
        """(Re)compute the next occurrence of each slot after a settings change, inside the
        caller's transaction. Returns the new next occurrences."""
        now = self._clock.now()
        claimed = await last_claimed_dates(session, user.id)
        planned: dict[str, Occurrence] = {}
        for slot in slots:
            rule = rule_for(user, slot)
            if rule is None or not user.active:
                await upsert_schedule(session, ScheduleUpdate(user.id, slot, None, None))
                continue
            occurrence = reschedule(
                rule, now, claimed.get(slot), self.catch_up, fill_today=fill_today
            )
            await upsert_schedule(
                session,
                ScheduleUpdate(user.id, slot, occurrence.due_at, occurrence.local_date),
            )
            planned[slot] = occurrence
        return planned

    async def stop_user(self, session: AsyncSession, user_id: int) -> None:
        await clear_schedules(session, user_id)


def today_for(user: User, now: datetime) -> date | None:
    """The user's logical "today" (their day starts at ``day_start_hour``)."""
    rule = rule_for(user, Slot.MORNING)
    if rule is None:
        return None
    return logical_date(now, rule.zone, rule.day_start_hour)
