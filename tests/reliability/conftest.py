"""Reliability tests: the ``slow`` marker, an emulator fixture, and a place for the figures the
crash and fault tests measure, printed at the end of the test session."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime
from pathlib import Path

import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import BACKENDS, POSTGRES_URL, postgres_url_for
from tests.reliability.world import (
    DatabaseUnderTest,
    copy_database,
    prepare_due_database,
    prepare_due_postgres,
    sqlite_url,
)

_FIGURES = pytest.StashKey[list[tuple[str, list[str]]]]()
# report_figures(title, lines): a table of what a test measured.
Figures = Callable[[str, list[str]], None]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: runs the bot as a subprocess many times (minutes); part of the default run",
    )


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for title, lines in config.stash.get(_FIGURES, []):
        terminalreporter.write_sep("-", title)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def report_figures(request: pytest.FixtureRequest) -> Figures:
    """Print a titled table now (visible with -s) and again in the session's summary."""

    def report(title: str, lines: list[str]) -> None:
        print(f"\n{title}\n" + "\n".join(lines))
        request.config.stash.setdefault(_FIGURES, []).append((title, lines))

    return report


DatabaseFactory = Callable[..., Awaitable[DatabaseUnderTest]]


@pytest_asyncio.fixture(params=BACKENDS)
async def databases(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[DatabaseFactory]:
    """``await databases(label, template=None)``: a fresh database on this test's backend
    (SQLite files under tmp_path; PostgreSQL databases dropped afterwards), empty or a copy of
    ``template``."""
    created: list[str] = []
    one_at_a_time = asyncio.Lock()  # copying a template refuses while it is being copied

    async def new(label: str, template: DatabaseUnderTest | None = None) -> DatabaseUnderTest:
        if request.param == "sqlite":
            path = tmp_path / label / "gutcheck.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            if template is not None:
                assert template.path is not None
                copy_database(template.path, path)
            return DatabaseUnderTest(sqlite_url(path), path)
        name = f"gutcheck_rel_{uuid.uuid4().hex[:12]}"
        source = f' TEMPLATE "{make_url(template.url).database}"' if template else ""
        engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        try:
            async with one_at_a_time, engine.connect() as connection:
                await connection.execute(text(f'CREATE DATABASE "{name}"{source}'))
        finally:
            await engine.dispose()
        created.append(name)
        return DatabaseUnderTest(postgres_url_for(name))

    try:
        yield new
    finally:
        # Only PostgreSQL runs create databases; a SQLite-only run may have no server to ask.
        if created:
            engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
            try:
                async with engine.connect() as connection:
                    for name in reversed(created):
                        await connection.execute(
                            text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                        )
            finally:
                await engine.dispose()


async def prepare_due(
    database: DatabaseUnderTest, first_user: int, users: int, due: datetime
) -> None:
    """Migrate ``database`` and add ``users`` users whose morning check-in is due at ``due``."""
    if database.path is not None:
        await asyncio.to_thread(prepare_due_database, database.path, first_user, users, due)
    else:
        await prepare_due_postgres(database.url, first_user, users, due)
