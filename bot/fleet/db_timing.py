"""Timing every database statement into the metrics' histogram (SQLAlchemy cursor events)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_STARTED = "gutcheck_statement_started"


def time_statements(engine: AsyncEngine, histogram: Histogram) -> None:
    """Observe how long each statement takes, round trip included. The events fire on the
    sync facade of the async engine, around the awaited driver call."""

    def before(
        conn: Any, _cursor: Any, _statement: Any, _params: Any, _ctx: Any, _many: Any
    ) -> None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())

    def after(
        conn: Any, _cursor: Any, _statement: Any, _params: Any, _ctx: Any, _many: Any
    ) -> None:
        started = conn.info.get(_STARTED)
        if started:
            histogram.observe(time.perf_counter() - started.pop())

    def failed(context: Any) -> None:
        started = context.connection.info.get(_STARTED) if context.connection else None
        if started:
            started.pop()

    sync_engine = engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", before)
    event.listen(sync_engine, "after_cursor_execute", after)
    event.listen(sync_engine, "handle_error", failed)
