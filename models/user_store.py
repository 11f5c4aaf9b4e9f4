"""Queries about users and their settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.entities import User
from models.upsert import affected_rows, insert_for


async def get_user(session: AsyncSession, user_id: int, *, for_update: bool = False) -> User | None:
    stmt = select(User).where(User.id == user_id)
    if for_update:
        stmt = stmt.with_for_update()
    return (await session.execute(stmt)).scalar_one_or_none()


async def get_onboarded_user(session: AsyncSession, user_id: int) -> User | None:
    """The user, if they have finished setting up (None otherwise)."""
    user = await get_user(session, user_id)
    return user if user is not None and user.onboarding_step is None else None


async def ensure_user(
    session: AsyncSession,
    *,
    user_id: int,
    chat_id: int,
    first_name: str | None,
    language_code: str | None,
    now: datetime,
    first_step: str,
) -> tuple[User, bool]:
    """The user's row, created on first contact. Returns (user, created). Never overwrites
    settings: running /start again keeps everything."""
    stmt = (
        insert_for(session, User)
        .values(
            id=user_id,
            chat_id=chat_id,
            first_name=first_name,
            language_code=language_code,
            onboarding_step=first_step,
            watched_allergens=[],
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[User.id])
    )
    created = affected_rows(await session.execute(stmt)) == 1
    user = await get_user(session, user_id, for_update=True)
    assert user is not None  # inserted or already there, inside this transaction
    if not created:
        user.first_name = first_name or user.first_name
        user.language_code = language_code or user.language_code
        user.chat_id = chat_id
    return user, created


async def set_active(session: AsyncSession, user_id: int, active: bool, now: datetime) -> bool:
    """Mark the user reachable or not (they blocked the bot). Returns whether anything changed."""
    values: dict[str, object] = {"active": active, "updated_at": now}
    values["blocked_at"] = None if active else now
    result = await session.execute(
        update(User).where(User.id == user_id, User.active.is_not(active)).values(**values)
    )
    return affected_rows(result) > 0
