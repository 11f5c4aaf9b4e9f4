"""Dialect-specific INSERT … ON CONFLICT: SQLite and PostgreSQL spell it the same way in
SQLAlchemy, but through different ``insert`` constructs."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_for(session: AsyncSession, table: Any) -> Any:
    """An ``insert()`` that supports ``on_conflict_do_nothing``/``do_update`` on this backend."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        return postgresql.insert(table)
    if bind.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database dialect: {bind.dialect.name}")


def affected_rows(result: Result[Any]) -> int:
    """How many rows an INSERT/UPDATE/DELETE touched (0 when ON CONFLICT skipped it)."""
    return int(cast(CursorResult[Any], result).rowcount)
