"""A consistent copy of a live SQLite database (``gutcheck db backup PATH``).

Copying the file with ``cp`` while the bot runs can catch a write half-way and misses whatever
still sits in the ``-wal`` file. SQLite's online backup API copies pages through SQLite itself.
The copy is made inside one read transaction on the source, so it is a snapshot of a single
moment however long it takes; in WAL mode (which the bot always uses) a reader never blocks
the bot's writers, and copying in steps keeps each call short. The copy goes to a temporary
file next to the destination, is checked with ``PRAGMA integrity_check``, flushed to disk, and
only then given its name: an interrupted backup never leaves a half-written file behind, nor
destroys an earlier backup.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

PAGES_PER_STEP = 1024  # 4 MiB with SQLite's default 4 KiB pages
BUSY_TIMEOUT_SECONDS = 10.0

# Called after each step with (pages still to copy, pages in all).
StepCallback = Callable[[int, int], None]


class BackupError(Exception):
    """Why no backup was made, in one line for the operator."""


class BackupRefused(BackupError):
    """Nothing was attempted: the request itself cannot be honoured (exit status 2)."""


@dataclass(frozen=True)
class BackupResult:
    source: Path
    destination: Path
    pages: int
    size_bytes: int


def sqlite_file(database_url: str) -> Path:
    """The file behind a SQLite ``DATABASE_URL``; other databases are refused."""
    try:
        url = make_url(database_url)
    except ArgumentError as error:
        raise BackupRefused(f"DATABASE_URL is not a database URL: {error}") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise BackupRefused(
            "DATABASE_URL points at PostgreSQL; `gutcheck db backup` copies SQLite files only. "
            "Use pg_dump instead, e.g. pg_dump --format=custom --file=gutcheck.dump "
            "postgresql://USER@HOST/DBNAME (restore with pg_restore)"
        )
    if backend != "sqlite":
        raise BackupRefused(
            f"DATABASE_URL points at {backend}; `gutcheck db backup` copies SQLite files only"
        )
    database = url.database or ""
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    if not database or database == ":memory:" or "mode=memory" in str(url):
        raise BackupRefused("DATABASE_URL is an in-memory SQLite database: there is no file")
    return Path(database).expanduser()


def backup_database(
    database_url: str,
    destination: Path,
    *,
    force: bool = False,
    pages_per_step: int = PAGES_PER_STEP,
    on_step: StepCallback | None = None,
) -> BackupResult:
    return backup_sqlite(
        sqlite_file(database_url),
        destination,
        force=force,
        pages_per_step=pages_per_step,
        on_step=on_step,
    )


def backup_sqlite(
    source: Path,
    destination: Path,
    *,
    force: bool = False,
    pages_per_step: int = PAGES_PER_STEP,
    on_step: StepCallback | None = None,
) -> BackupResult:
    """Copy the SQLite database ``source`` to ``destination`` while it may be in use."""
    if pages_per_step < 1:
        raise ValueError("pages_per_step must be at least 1")
    if not source.is_file():
        # sqlite3.connect would quietly create an empty database and back that up.
        raise BackupRefused(f"{source} does not exist: nothing to back up")
    if destination.exists() and destination.resolve() == source.resolve():
        raise BackupRefused(f"{destination} is the database itself")
    if destination.is_dir():
        raise BackupRefused(f"{destination} is a folder; give the backup file's name")
    if destination.exists() and not force:
        raise BackupRefused(f"{destination} already exists; pass --force to replace it")
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
    try:
        pages = _copy(source, partial, pages_per_step, on_step)
        _fsync(partial)
        _publish(partial, destination, replace=force)
    except sqlite3.Error as error:
        raise BackupError(f"backing up {source} failed: {error}") from error
    except OSError as error:
        raise BackupError(f"writing {destination} failed: {error}") from error
    finally:
        with suppress(FileNotFoundError):
            partial.unlink()
    return BackupResult(source, destination, pages, destination.stat().st_size)


def _copy(source: Path, target: Path, pages_per_step: int, on_step: StepCallback | None) -> int:
    with (
        closing(sqlite3.connect(source, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)) as src,
        closing(sqlite3.connect(target, isolation_level=None)) as dst,
    ):
        # An open read transaction pins one snapshot for every step (otherwise each step sees
        # the newest data and SQLite restarts the copy whenever the bot writes).
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()
        total = 0

        def progress(_status: int, remaining: int, pages: int) -> None:
            nonlocal total
            total = pages
            if on_step is not None:
                on_step(remaining, pages)

        src.backup(dst, pages=pages_per_step, progress=progress)
        src.execute("COMMIT")
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if verdict != "ok":
            raise BackupError(f"the copy of {source} fails its integrity check: {verdict}")
        return total


def _fsync(path: Path) -> None:
    with path.open("rb") as copied:
        os.fsync(copied.fileno())


def _publish(partial: Path, destination: Path, *, replace: bool) -> None:
    """Give the finished copy its name; without ``replace``, never over an existing file (even
    one created while the backup ran)."""
    if replace:
        os.replace(partial, destination)
    else:
        try:
            os.link(partial, destination)  # fails if the name exists, unlike a rename
        except FileExistsError:
            raise BackupRefused(
                f"{destination} already exists; pass --force to replace it"
            ) from None
        except OSError:  # a file system without hard links
            if destination.exists():
                raise BackupRefused(
                    f"{destination} already exists; pass --force to replace it"
                ) from None
            os.rename(partial, destination)
    with suppress(OSError):  # make the new name durable too (not possible on every system)
        folder = os.open(destination.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
