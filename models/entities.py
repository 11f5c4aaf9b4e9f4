"""The tables. Local dates and wall-clock times are stored with the user's IANA zone; instants
are stored in UTC (see :class:`models.base.UtcDateTime`)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, BigIntId, UtcDateTime


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    first_name: Mapped[str | None] = mapped_column(String(128))
    language_code: Mapped[str | None] = mapped_column(String(16))
    timezone: Mapped[str | None] = mapped_column(String(64))
    morning_time: Mapped[time] = mapped_column(Time, default=time(8, 0))
    evening_time: Mapped[time] = mapped_column(Time, default=time(21, 0))
    day_start_hour: Mapped[int] = mapped_column(Integer, default=4)
    watched_allergens: Mapped[list[str]] = mapped_column(JSON, default=list)
    allergens_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    # Onboarding step still to do (None once finished) and what typed text means next.
    onboarding_step: Mapped[str | None] = mapped_column(String(32))
    awaiting_input: Mapped[str | None] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Minutes after an unanswered check-in before one gentle reminder; 0 turns reminders off.
    reminder_minutes: Mapped[int] = mapped_column(Integer, default=90, server_default="90")
    summary_weekday: Mapped[int] = mapped_column(Integer, default=6, server_default="6")
    summary_time: Mapped[time] = mapped_column(Time, default=time(19, 0), server_default="19:00:00")
    # Weekly goals that differ from the defaults: {habit key: days out of 7}.
    goals: Mapped[dict[str, int]] = mapped_column(JSON, default=dict, server_default="{}")
    blocked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class Schedule(Base):
    """When a user's next check-in of one slot is due: the single source of truth for the tick."""

    __tablename__ = "schedules"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    slot: Mapped[str] = mapped_column(String(16), primary_key=True)
    # NULL when nothing is scheduled (onboarding unfinished, bot blocked).
    next_due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    next_local_date: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_schedules_next_due_at", "next_due_at"),)


class Checkin(Base):
    """One check-in of one slot for one local date: the claim that makes sending idempotent."""

    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date)
    slot: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(16))  # a bot.domain.statuses.Origin
    status: Mapped[str] = mapped_column(String(16))  # a bot.domain.statuses.Status
    due_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    send_attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The question the user chose to change, shown instead of the next unanswered one.
    editing_question: Mapped[str | None] = mapped_column(String(32))
    # The tip shown when the check-in was completed, kept so edits show the same one.
    tip_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("user_id", "local_date", "slot"),
        Index("ix_checkins_status_lease_until", "status", "lease_until"),
    )


class DayEntry(Base):
    """Every answer of one user for one local date, typed."""

    __tablename__ = "day_entries"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    local_date: Mapped[date] = mapped_column(Date, primary_key=True)
    sleep_hours: Mapped[float | None] = mapped_column(Float)
    probiotics: Mapped[bool | None] = mapped_column(Boolean)
    probiotic_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)
    probiotic_kinds_done: Mapped[bool] = mapped_column(Boolean, default=False)
    probiotic_tolerated: Mapped[bool | None] = mapped_column(Boolean)
    # How each fermented food sat, when answered per food: {"kimchi": true, "milk_kefir": false}.
    probiotic_tolerance: Mapped[dict[str, bool]] = mapped_column(
        JSON, default=dict, server_default="{}"
    )
    vitamin_c: Mapped[bool | None] = mapped_column(Boolean)
    vitamin_d: Mapped[bool | None] = mapped_column(Boolean)
    allergens_asked: Mapped[list[str]] = mapped_column(JSON, default=list)
    allergens_exposed: Mapped[list[str]] = mapped_column(JSON, default=list)
    allergens_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    symptoms: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    note_answered: Mapped[bool] = mapped_column(Boolean, default=False)
    # "Skip today": the day protects streaks and gets no more check-ins or reminders.
    skipped: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class TipDelivery(Base):
    """A tip shown to a user, so the same advice is not repeated within a week."""

    __tablename__ = "tip_deliveries"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    tip_id: Mapped[str] = mapped_column(String(64))
    local_date: Mapped[date] = mapped_column(Date)
    context: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_tip_deliveries_user_id_local_date", "user_id", "local_date"),)


class Pause(Base):
    """A vacation (/pause): no check-ins or reminders, streaks protected. ``last_date`` is None
    while the pause lasts until /resume."""

    __tablename__ = "pauses"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    __table_args__ = (Index("ix_pauses_user_id", "user_id"),)


class OutboxMessage(Base):
    """A scheduled message other than a check-in prompt (a reminder, a weekly summary), claimed
    and sent exactly like check-ins: unique per (user, kind, date, slot), leased while sending."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    ref_date: Mapped[date] = mapped_column(Date)
    ref_slot: Mapped[str] = mapped_column(String(16))
    # scheduled → queued (claimed) → sent; or cancelled / failed / blocked / expired.
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    send_attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    __table_args__ = (
        UniqueConstraint("user_id", "kind", "ref_date", "ref_slot"),
        Index("ix_outbox_status_due_at", "status", "due_at"),
    )
