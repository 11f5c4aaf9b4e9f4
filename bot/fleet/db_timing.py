"""Timing every database statement into the metrics' histogram (SQLAlchemy cursor events)."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import Histogram
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_STARTED = "_gutcheck_statement_started"


def time_statements(engine: AsyncEngine, histogram: Histogram) -> None:
    """Observe how long each statement takes, round trip included. The events fire on the
    sync facade of the async engine, around the awaited driver call. The start is kept on the
    statement's own execution context: no shared state to clean up when a statement fails."""

    def before(
        _conn: Any, _cursor: Any, _statement: Any, _params: Any, context: Any, _many: Any
    ) -> None:
        if context is not None:
            setattr(context, _STARTED, time.perf_counter())

    def after(
        _conn: Any, _cursor: Any, _statement: Any, _params: Any, context: Any, _many: Any
    ) -> None:
        started = getattr(context, _STARTED, None)
        if started is not None:
            histogram.observe(time.perf_counter() - started)

    sync_engine = engine.sync_engine
    event.listen(sync_engine, "before_cursor_execute", before)
    event.listen(sync_engine, "after_cursor_execute", after)
