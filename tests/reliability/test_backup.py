"""``gutcheck db backup PATH``: a consistent copy of a SQLite database that is being written to,
and the documented restore."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.backup import BackupRefused, backup_sqlite
from sandbox.emulator import BotApiEmulator
from tests.processes import REPO_ROOT, unconfigured_environment
from tests.reliability.world import (
    TOKEN,
    BotProcess,
    bot_environment,
    delivered,
    due_a_minute_ago,
    prepare_due_database,
    sqlite_url,
)

ROW_BYTES = 1_000


def gutcheck(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = unconfigured_environment()
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(REPO_ROOT), "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def ledger(path: Path, rows: int) -> None:
    """A WAL database where every transaction adds one entry and bumps a total: a copy is
    consistent when the total equals the entries and the entries have no gaps."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        db.execute("CREATE TABLE totals (n INTEGER NOT NULL)")
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO entries (payload) VALUES (?)",
            ((os.urandom(ROW_BYTES),) for _ in range(rows)),
        )
        db.execute("INSERT INTO totals (n) VALUES (?)", (rows,))
        db.execute("COMMIT")


class Writer:
    """Another connection committing one entry after another until stopped."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stop = threading.Event()
        self.committed = 0
        self.progress = threading.Condition()
        self._thread = threading.Thread(target=self._run, name="ledger-writer")

    def _run(self) -> None:
        with closing(sqlite3.connect(self._path, isolation_level=None, timeout=10)) as db:
            while not self._stop.is_set():
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT INTO entries (payload) VALUES (?)", (os.urandom(ROW_BYTES),))
                db.execute("UPDATE totals SET n = n + 1")
                db.execute("COMMIT")
                with self.progress:
                    self.committed += 1
                    self.progress.notify_all()

    def wait_for_commit_after(self, seen: int) -> bool:
        with self.progress:
            return self.progress.wait_for(lambda: self.committed > seen, timeout=10)

    @contextmanager
    def running(self) -> Iterator[Writer]:
        self._thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            self._thread.join(10)


def read_ledger(path: Path) -> tuple[str, int, int, int]:
    """(integrity, entries, highest id, total) of a database file, opened read-only."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        entries, highest = db.execute("SELECT count(*), max(id) FROM entries").fetchone()
        (total,) = db.execute("SELECT n FROM totals").fetchone()
    return integrity, entries, highest, total


def test_backup_while_another_connection_writes_is_one_consistent_snapshot(
    tmp_path: Path,
) -> None:
    source = tmp_path / "live.db"
    ledger(source, rows=5_000)  # about 5 MB: many steps of 64 pages
    commits_during_backup: list[int] = []
    with Writer(source).running() as writer:
        writer.wait_for_commit_after(0)

        def between_steps(remaining: int, _total: int) -> None:
            # Each step waits for the writer to commit once more: the backup neither blocks
            # it nor (thanks to its snapshot) restarts because of it.
            if remaining:
                seen = writer.committed
                assert writer.wait_for_commit_after(seen), "the writer is blocked by the backup"
                commits_during_backup.append(writer.committed - seen)

        started_with = writer.committed
        result = backup_sqlite(
            source, tmp_path / "copy.db", pages_per_step=64, on_step=between_steps
        )
        finished_with = writer.committed

    integrity, entries, highest, total = read_ledger(result.destination)
    assert integrity == "ok"
    assert entries == highest == total  # every transaction whole, no gaps
    # The copy is the database as it was at one moment during the backup.
    assert 5_000 + started_with <= entries <= 5_000 + finished_with
    assert len(commits_during_backup) > 10
    assert entries < 5_000 + finished_with  # the writes made meanwhile are not in the copy


def test_backup_refuses_what_it_cannot_do_safely(tmp_path: Path) -> None:
    source = tmp_path / "live.db"
    ledger(source, rows=10)
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"an earlier backup")
    with pytest.raises(BackupRefused, match="--force"):
        backup_sqlite(source, existing)
    assert existing.read_bytes() == b"an earlier backup"
    with pytest.raises(BackupRefused, match="does not exist"):
        backup_sqlite(tmp_path / "missing.db", tmp_path / "copy.db")
    assert not (tmp_path / "missing.db").exists()  # not created as an empty database
    with pytest.raises(BackupRefused, match="itself"):
        backup_sqlite(source, source, force=True)
    assert read_ledger(source)[1] == 10
    assert list(tmp_path.glob(".*partial*")) == []


def test_gutcheck_db_backup_creates_the_folder_and_never_overwrites_without_force(
    tmp_path: Path,
) -> None:
    source = tmp_path / "live.db"
    ledger(source, rows=100)
    url = sqlite_url(source)
    destination = tmp_path / "backups" / "2025-06-02" / "gutcheck.db"
    first = gutcheck("db", "backup", str(destination), database_url=url, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert str(destination) in first.stdout
    assert read_ledger(destination)[:2] == ("ok", 100)

    with closing(sqlite3.connect(source, isolation_level=None)) as db:
        db.execute("INSERT INTO entries (payload) VALUES (x'00')")
        db.execute("UPDATE totals SET n = n + 1")
    again = gutcheck("db", "backup", str(destination), database_url=url, cwd=tmp_path)
    assert again.returncode == 2
    assert "--force" in again.stderr
    assert "Traceback" not in again.stderr
    assert read_ledger(destination)[1] == 100  # untouched
    forced = gutcheck("db", "backup", str(destination), "--force", database_url=url, cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert read_ledger(destination)[1] == 101


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("postgresql+asyncpg://gutcheck:secret@db.example/gutcheck", "pg_dump"),
        ("sqlite+aiosqlite:///:memory:", "in-memory"),
    ],
)
def test_gutcheck_db_backup_refuses_databases_that_are_not_sqlite_files(
    tmp_path: Path, database_url: str, expected: str
) -> None:
    result = gutcheck(
        "db", "backup", str(tmp_path / "copy"), database_url=database_url, cwd=tmp_path
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "secret" not in result.stderr
    assert not (tmp_path / "copy").exists()


def test_gutcheck_db_backup_of_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "data" / "gutcheck.db"
    result = gutcheck(
        "db", "backup", str(tmp_path / "copy.db"), database_url=sqlite_url(missing), cwd=tmp_path
    )
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert not missing.exists()
    assert not (tmp_path / "copy.db").exists()


async def test_backup_of_the_running_bot_mid_fanout_then_restore_as_documented(
    tmp_path: Path,
) -> None:
    """The bot (a subprocess) is sending check-ins at 30 a second while ``gutcheck db backup``
    copies its database; the copy is consistent. Then the documented restore: stop the bot,
    copy the backup over the database, remove the stale -wal/-shm files, start again."""
    users, first_user = 300, 9_500_000
    database = tmp_path / "data" / "gutcheck.db"
    await asyncio.to_thread(prepare_due_database, database, first_user, users, due_a_minute_ago())
    backup = tmp_path / "backups" / "gutcheck.db"
    async with BotApiEmulator(token=TOKEN) as emulator:
        for user_id in range(first_user, first_user + users):
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = bot_environment(
            emulator,
            sqlite_url(database),
            SCHEDULER_TICK_SECONDS="1",
            LOG_LEVEL="INFO",
        )

        with BotProcess(env, tmp_path / "bot.log", cwd=tmp_path) as bot:
            await emulator.wait_for(lambda: delivered(emulator) >= 30, timeout=60)
            copying = await asyncio.create_subprocess_exec(
                *(sys.executable, "-m", "bot", "db", "backup", str(backup)),
                cwd=tmp_path,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            out, err = await copying.communicate()
            delivered_after_backup = delivered(emulator)
            assert copying.returncode == 0, err.decode()
            # Restore, step 1: stop the bot. A SIGKILL, the worst kind of stop, leaves the
            # -wal and -shm files behind.
            os.kill(bot.pid, signal.SIGKILL)
            await bot.wait(10)
        assert "backed up" in out.decode()

    copy = checkin_table(backup)
    assert copy.integrity == "ok"
    assert copy.most_rows_per_occurrence == 1
    assert copy.sent_without_message_id == 0
    assert 0 < copy.sent <= delivered_after_backup
    assert copy.sent < users, "the backup was made after the fan-out, not during it"

    # Steps 2 and 3: the backup over the database file, the stale -wal/-shm files removed.
    assert database.with_name("gutcheck.db-wal").exists()
    shutil.copyfile(backup, database)
    for stale in ("gutcheck.db-wal", "gutcheck.db-shm"):
        database.with_name(stale).unlink(missing_ok=True)
    assert checkin_table(database) == copy
    # Step 4, start: the restored file is a Gut Check database at the current schema.
    current = gutcheck("db", "current", database_url=sqlite_url(database), cwd=tmp_path)
    assert current.returncode == 0, current.stderr
    shown = re.fullmatch(r"current: (\S+); head: (\S+)\n", current.stdout)
    assert shown is not None, current.stdout
    assert shown[1] == shown[2]


@dataclass(frozen=True)
class CheckinTable:
    integrity: str
    rows: list[tuple[object, ...]]

    @property
    def sent(self) -> int:
        return sum(1 for row in self.rows if row[4] == "sent")

    @property
    def sent_without_message_id(self) -> int:
        return sum(1 for row in self.rows if row[4] == "sent" and row[5] is None)

    @property
    def most_rows_per_occurrence(self) -> int:
        return max(Counter(row[1:4] for row in self.rows).values())


def checkin_table(path: Path) -> CheckinTable:
    with closing(sqlite3.connect(path)) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        rows = db.execute(
            "SELECT id, user_id, local_date, slot, status, message_id, lease_until"
            " FROM checkins ORDER BY id"
        ).fetchall()
    return CheckinTable(integrity, rows)
