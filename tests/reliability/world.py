"""Building blocks shared by the reliability tests: a database full of users who are all due
now, the bot as a real ``gutcheck run`` subprocess, and what the database looks like afterwards.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from sandbox.bulk_seed import seed_due_users, seed_due_users_at, stamp
from sandbox.emulator import BotApiEmulator
from tests.processes import REPO_ROOT

TOKEN = "123456789:RELIABILITY-token-for-the-gut-check-emulator"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def prepare_due_database(path: Path, first_user: int, users: int, due: datetime) -> None:
    """A migrated SQLite file with ``users`` onboarded users whose morning check-in is due at
    ``due`` (the same seeding as bench/fanout.py)."""
    seed_due_users(path, first_user, users, due)


def copy_database(template: Path, destination: Path) -> None:
    """A fresh copy of a closed template database (no -wal/-shm files exist then)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, destination)


def due_a_minute_ago() -> datetime:
    return (datetime.now(UTC) - timedelta(minutes=1)).replace(microsecond=0)


# --- the bot as a process ----------------------------------------------------------------


def bot_environment(emulator: BotApiEmulator, database_url: str, **settings: str) -> dict[str, str]:
    """``gutcheck run``'s environment, pointed at the emulator: the inherited one minus every
    Gut Check setting (a developer's own token or database must never leak into a test)."""
    from bot.settings import Settings

    ours = {name.upper() for name in Settings.model_fields}
    inherited = {key: value for key, value in os.environ.items() if key.upper() not in ours}
    return {
        **inherited,
        "PYTHONPATH": str(REPO_ROOT),
        "PYTHONUNBUFFERED": "1",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": emulator.base_url,
        "DATABASE_URL": database_url,
        **settings,
    }


class BotProcess:
    """``python -m bot run`` in its own process group, its log in a file.

    Always used as a context manager so a failing test never leaves a bot behind.
    """

    def __init__(self, env: dict[str, str], log_path: Path, *, cwd: Path) -> None:
        self._env = env
        self.log_path = log_path
        self._cwd = cwd
        self._log: IO[str] | None = None
        self.process: subprocess.Popen[str] | None = None

    def __enter__(self) -> BotProcess:
        self._log = self.log_path.open("a", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=self._cwd,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        if self._log is not None:
            self._log.close()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def exit_code(self) -> int | None:
        assert self.process is not None
        return self.process.poll()

    async def wait(self, seconds: float) -> int | None:
        """The exit code, or None if still running after ``seconds``. Waits in a thread: the
        emulator serving this bot may share the caller's event loop, which must keep running."""
        assert self.process is not None
        process = self.process
        try:
            return await asyncio.to_thread(process.wait, seconds)
        except subprocess.TimeoutExpired:
            return None

    async def kill(self) -> None:
        """SIGKILL: no handler runs, nothing is flushed, nothing is handed back."""
        os.kill(self.pid, signal.SIGKILL)
        await self.wait(10)

    def terminate(self) -> None:
        os.kill(self.pid, signal.SIGTERM)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


# --- waiting on the emulator ------------------------------------------------------------


def delivered(emulator: BotApiEmulator) -> int:
    """Messages the bot has sent, all chats together."""
    return int(emulator.stats(per_chat=False)["sent_messages_total"])


def chats_with_messages(emulator: BotApiEmulator) -> int:
    return int(emulator.stats(per_chat=False)["chats_with_messages"])


async def wait_until(condition: Callable[[], bool], seconds: float) -> bool:
    """True once ``condition()`` holds, False if it still does not after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.01)
    return True


# --- what the database says afterwards --------------------------------------------------


@dataclass(frozen=True)
class CheckinRow:
    user_id: int
    local_date: str
    slot: str
    status: str
    message_id: int | None
    sent_at: str | None
    lease_until: str | None
    send_attempts: int


@dataclass(frozen=True)
class DatabaseState:
    integrity: str
    foreign_key_problems: int
    checkins: list[CheckinRow]
    inactive_users: set[int]
    # Reminders planned per user (the outbox), and the users who want reminders at all.
    reminders: Counter[int]
    reminder_users: set[int]

    def rows_per_occurrence(self) -> Counter[tuple[int, str, str]]:
        return Counter((row.user_id, row.local_date, row.slot) for row in self.checkins)


def unsent_checkins(path: Path) -> int:
    """Check-in rows not yet recorded as sent, read while the bot runs (WAL lets it)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        row = connection.execute("SELECT count(*) FROM checkins WHERE status != 'sent'").fetchone()
        return int(row[0])
    finally:
        connection.close()


def read_database(path: Path) -> DatabaseState:
    """Opened read-only with plain sqlite3, after the bot has stopped."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign_key_problems = len(connection.execute("PRAGMA foreign_key_check").fetchall())
        checkins = [
            CheckinRow(*row)
            for row in connection.execute(
                "SELECT user_id, local_date, slot, status, message_id, sent_at, lease_until,"
                " send_attempts FROM checkins ORDER BY user_id"
            )
        ]
        inactive = {
            user_id for (user_id,) in connection.execute("SELECT id FROM users WHERE NOT active")
        }
        reminders: Counter[int] = Counter()
        reminder_users: set[int] = set()
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'outbox'").fetchone():
            reminders.update(
                user_id
                for (user_id,) in connection.execute(
                    "SELECT user_id FROM outbox WHERE kind = 'reminder'"
                )
            )
            reminder_users = {
                user_id
                for (user_id,) in connection.execute(
                    "SELECT id FROM users WHERE reminder_minutes > 0"
                )
            }
    finally:
        connection.close()
    return DatabaseState(
        integrity, foreign_key_problems, checkins, inactive, reminders, reminder_users
    )


# --- the same on either database ------------------------------------------------------------


@dataclass(frozen=True)
class DatabaseUnderTest:
    """A SQLite file, or a PostgreSQL database (created and dropped by the test)."""

    url: str
    path: Path | None = None  # the SQLite file

    @property
    def is_postgres(self) -> bool:
        return self.path is None

    async def unsent_checkins(self) -> int:
        if self.path is not None:
            return unsent_checkins(self.path)
        count = await _scalar(self.url, "SELECT count(*) FROM checkins WHERE status != 'sent'")
        assert isinstance(count, int)
        return count

    async def read(self) -> DatabaseState:
        if self.path is not None:
            return read_database(self.path)
        return await read_postgres(self.url)


async def _scalar(url: str, sql: str) -> object:
    from sqlalchemy import text

    from models.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(sql))).scalar()
    finally:
        await engine.dispose()


def _stamp(value: datetime | None) -> str | None:
    """Instants as SQLite stores them (naive UTC text), so one set of checks reads both."""
    return None if value is None else stamp(value)


async def read_postgres(url: str) -> DatabaseState:
    """What :func:`read_database` reads, from PostgreSQL (which enforces foreign keys and has
    no integrity pragma: a committed row is a consistent row)."""
    from sqlalchemy import text

    from models.db import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            checkins = [
                CheckinRow(
                    row.user_id,
                    row.local_date.isoformat(),
                    row.slot,
                    row.status,
                    row.message_id,
                    _stamp(row.sent_at),
                    _stamp(row.lease_until),
                    row.send_attempts,
                )
                for row in await connection.execute(
                    text(
                        "SELECT user_id, local_date, slot, status, message_id, sent_at,"
                        " lease_until, send_attempts FROM checkins ORDER BY user_id"
                    )
                )
            ]
            inactive_rows = await connection.execute(text("SELECT id FROM users WHERE NOT active"))
            inactive = {row[0] for row in inactive_rows}
            reminders: Counter[int] = Counter(
                row[0]
                for row in await connection.execute(
                    text("SELECT user_id FROM outbox WHERE kind = 'reminder'")
                )
            )
            reminder_users = {
                row[0]
                for row in await connection.execute(
                    text("SELECT id FROM users WHERE reminder_minutes > 0")
                )
            }
    finally:
        await engine.dispose()
    return DatabaseState("ok", 0, checkins, inactive, reminders, reminder_users)


async def prepare_due_postgres(url: str, first_user: int, users: int, due: datetime) -> None:
    """A migrated PostgreSQL database with the same users as :func:`prepare_due_database`."""
    from models.migrate import upgrade

    await asyncio.to_thread(upgrade, url)
    await seed_due_users_at(url, first_user, users, due)


async def wait_until_async(condition: Callable[[], Awaitable[bool]], seconds: float) -> bool:
    """:func:`wait_until` for a condition that must ask the database."""
    deadline = time.monotonic() + seconds
    while not await condition():
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(0.05)
    return True
