"""Checking ``DATABASE_URL`` before anything connects, so an operator's typo is one clear line
(and exit code 2) instead of a driver traceback.

Gut Check talks to its database through SQLAlchemy's asyncio drivers only:
``sqlite+aiosqlite:///path`` and ``postgresql+asyncpg://user:password@host/db``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED = "sqlite+aiosqlite:///path/to/gutcheck.db or postgresql+asyncpg://user:password@host/db"
# A missing SQLite folder is created only where a deployment expects its data: the working
# directory (a checkout: ./data) or /data (the Docker volume). Anywhere else a missing folder
# is far more likely a typo than an intent.
CREATABLE_ROOTS = (Path("/data"),)


class DatabaseUrlError(ValueError):
    """``DATABASE_URL`` cannot be used; the message is the one line to show."""


def parse_database_url(database_url: str) -> URL:
    """The URL, or :class:`DatabaseUrlError` saying what to write instead."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise DatabaseUrlError(
            f"DATABASE_URL is not a database URL ({_shown(database_url)}); use {SUPPORTED}"
        ) from None
    backend, driver = url.get_backend_name(), url.get_driver_name()
    if backend == "sqlite" and driver != "aiosqlite":
        fixed = url.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=True)
        raise DatabaseUrlError(f"DATABASE_URL needs the asyncio driver: write {fixed}")
    if backend == "postgresql" and driver != "asyncpg":
        fixed = url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=True)
        raise DatabaseUrlError(f"DATABASE_URL needs the asyncio driver: write {fixed}")
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseUrlError(
            f"DATABASE_URL uses {url.drivername}, which Gut Check does not support; use {SUPPORTED}"
        )
    if backend == "postgresql" and not url.database:
        raise DatabaseUrlError(
            "DATABASE_URL names no database: write postgresql+asyncpg://user:password@host/db"
        )
    return url


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL (``None`` for in-memory and ``file:`` URIs)."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database).expanduser()


def prepare_sqlite_folder(database_url: str, *, cwd: Path | None = None) -> None:
    """Create the folder of a SQLite database file when that is safe (see CREATABLE_ROOTS);
    raise :class:`DatabaseUrlError` when the folder is missing elsewhere or cannot be made."""
    path = sqlite_file(parse_database_url(database_url))
    if path is None:
        return
    folder = path.parent
    if folder.is_dir():
        return
    absolute = folder.resolve()
    roots = (Path(cwd or Path.cwd()).resolve(), *CREATABLE_ROOTS)
    if not any(absolute.is_relative_to(root) for root in roots):
        raise DatabaseUrlError(
            f"the folder {folder} for the SQLite database does not exist; create it first "
            f"(Gut Check creates missing folders only under the working directory or /data)"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseUrlError(
            f"cannot create the folder {folder} for the SQLite database: {error.strerror}"
        ) from None


def existing_sqlite_file(database_url: str) -> Path | None:
    """For read-only commands: the SQLite file, which must exist already."""
    path = sqlite_file(parse_database_url(database_url))
    if path is not None and not path.is_file():
        raise DatabaseUrlError(
            f"there is no database at {path} yet: run `gutcheck db upgrade` (or start the bot) "
            "to create it, or set DATABASE_URL"
        )
    return path


def _shown(text: str, limit: int = 60) -> str:
    text = text.strip()
    if "@" in text:  # it may carry a password
        return "value hidden"
    return repr(text if len(text) <= limit else text[:limit] + "…")
