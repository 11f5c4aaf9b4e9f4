"""How far behind scheduled sending is: due check-ins not yet claimed (for /metrics)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import Schedule


@dataclass(frozen=True)
class DueBacklog:
    waiting: int  # schedules due and not yet claimed
    oldest_due_at: datetime | None


async def due_backlog(session: AsyncSession, now: datetime) -> DueBacklog:
    """One index range scan on ``ix_schedules_next_due_at``."""
    row = (
        await session.execute(
            select(func.count(), func.min(Schedule.next_due_at)).where(Schedule.next_due_at <= now)
        )
    ).one()
    return DueBacklog(waiting=int(row[0]), oldest_due_at=row[1])


async def schema_revision(session: AsyncSession) -> str | None:
    """The Alembic revision the database is at (``None`` before the first migration)."""
    try:
        async with session.begin_nested():
            return (
                await session.execute(text("SELECT version_num FROM alembic_version"))
            ).scalar_one_or_none()
    except DBAPIError:  # no alembic_version table yet
        return None
