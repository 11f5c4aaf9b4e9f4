"""The sending role: which one of several Gut Check processes sends scheduled messages (and,
in polling mode, polls Telegram).

Telegram allows one bot about 30 messages a second, whatever the number of processes, and only
one ``getUpdates`` caller at a time. Rather than share a rate budget between processes through
the database (a round trip per message, and a budget that stalls whenever a process dies while
holding part of it), exactly one process holds the *sending role* and the others stand by:

* **PostgreSQL:** a session-level advisory lock (``pg_try_advisory_lock``) on a connection
  kept open for that purpose alone. A process that dies, even by SIGKILL, loses its connection,
  the server ends the session, and the lock is free for the next process that asks.
* **SQLite** (one host by nature): an exclusive ``flock`` on a file next to the database
  (``<database>.sending-role``). The kernel releases it when the process dies.
* **In-memory SQLite:** one process by definition; the role is always held.

The interface (Telegram-free, used by ``bot.app``'s scheduler tick and by the polling loop in
``bot.lifecycle``; webhook workers use the same calls)::

    role = sending_role_for(database_url)
    held = await role.acquire()   # non-blocking: take the role if it is free, or confirm that
                                  # we still hold it (a lost connection returns False and the
                                  # role is given up). Call it once per scheduler tick.
    role.held                     # the answer of the last acquire(), without a round trip
    await role.release()          # give it up (shutdown); a standby takes over at its next try

``RoleWatch`` wraps a role for the application (and is the ``bot.fleet.sending_role.SendingRole``
the tick asks through ``holds()``): ``await watch.check()`` calls ``acquire()``,
logs each change of role in one line (including the one line a standby writes while it waits)
and calls the listeners registered with ``watch.on_change(callback)`` with the new state.

Take-over time: a standby asks at every scheduler tick, so it takes over within one tick of the
leader's death (two ticks at worst, if the leader dies just after a standby asked). Claims the
dead leader had made are leased (``SEND_LEASE_SECONDS``) and sent by the new leader when the
lease runs out; the only repeats are messages Telegram accepted but the dead leader had not
yet recorded, at most ``SEND_WORKERS`` (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import IO

from sqlalchemy import pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

logger = logging.getLogger(__name__)

# A fixed 64-bit key: "Gut Check sending role". Every process on the database asks for this one.
SENDING_ROLE_LOCK_KEY = 0x6775_7463_6865_636B  # b"gutcheck" as an integer


class SendingRole(ABC):
    """Held by at most one process per database at a time."""

    def __init__(self) -> None:
        self._held = False

    @property
    def held(self) -> bool:
        """Whether the last :meth:`acquire` found the role ours (no round trip)."""
        return self._held

    @abstractmethod
    async def acquire(self) -> bool:
        """Take the role if it is free, or confirm we still hold it. Never waits for another
        process. Returns whether this process holds the role now."""

    @abstractmethod
    async def release(self) -> None:
        """Give the role up; harmless when not held."""

    @property
    @abstractmethod
    def description(self) -> str:
        """Where the role lives, for log lines."""


class AlwaysHeldRole(SendingRole):
    """An in-memory database lives in one process: there is nobody to share the role with."""

    async def acquire(self) -> bool:
        self._held = True
        return True

    async def release(self) -> None:
        self._held = False

    @property
    def description(self) -> str:
        return "a single-process database"


class FileLockRole(SendingRole):
    """An exclusive ``flock`` on ``path``; the kernel frees it when the process dies.

    Locks taken with ``flock`` belong to the open file, so even two roles in one process
    exclude each other (as two processes would).
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: IO[bytes] | None = None

    async def acquire(self) -> bool:
        if self._file is not None:
            self._held = True
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+b")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            self._held = False
            return False
        except BaseException:
            handle.close()
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n".encode())
        handle.flush()
        self._file = handle
        self._held = True
        return True

    async def release(self) -> None:
        self._held = False
        if self._file is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None

    @property
    def description(self) -> str:
        return f"the lock file {self.path}"


class AdvisoryLockRole(SendingRole):
    """A PostgreSQL session-level advisory lock on a connection of its own.

    The connection is opened outside any pool (NullPool) and kept for as long as the role is
    held; every ``acquire`` while held runs ``SELECT 1`` on it, so a connection the server or
    the network has dropped is noticed at the next tick and the role given up (the server ends
    the session of a dropped connection, which frees the lock for another process).
    """

    def __init__(self, database_url: str, key: int = SENDING_ROLE_LOCK_KEY) -> None:
        super().__init__()
        self._url = database_url
        self._key = key
        self._engine: AsyncEngine | None = None
        self._connection: AsyncConnection | None = None

    async def acquire(self) -> bool:
        try:
            if self._connection is not None and self._held:
                await self._connection.execute(text("SELECT 1"))
                return True
            connection = await self._connect()
            result = await connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": self._key}
            )
            self._held = bool(result.scalar())
        except Exception as error:
            if self._held:
                logger.warning("lost the connection holding the sending role: %s", error)
            else:
                logger.warning("could not ask for the sending role: %s", error)
            await self._drop_connection()
            self._held = False
            return False
        if not self._held:
            # Keep no idle connection while standing by; the next try opens a fresh one.
            await self._drop_connection()
        return self._held

    async def _connect(self) -> AsyncConnection:
        if self._engine is None:
            self._engine = create_async_engine(
                self._url, poolclass=pool.NullPool, isolation_level="AUTOCOMMIT"
            )
        if self._connection is None:
            self._connection = await self._engine.connect()
        return self._connection

    async def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                await connection.close()

    async def release(self) -> None:
        if self._connection is not None and self._held:
            with contextlib.suppress(Exception):
                await self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": self._key}
                )
        self._held = False
        await self._drop_connection()
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    @property
    def description(self) -> str:
        return "a PostgreSQL advisory lock"


def sending_role_for(database_url: str) -> SendingRole:
    """The kind of role that fits the database: an advisory lock on PostgreSQL, a lock file
    next to a SQLite file, nothing to share for an in-memory SQLite database."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "postgresql":
        return AdvisoryLockRole(database_url)
    if backend == "sqlite":
        database = url.database or ""
        if not database or database == ":memory:" or database.startswith("file:"):
            return AlwaysHeldRole()
        path = Path(database).expanduser()
        return FileLockRole(path.with_name(path.name + ".sending-role"))
    raise ValueError(f"no sending role for the {backend} backend")


RoleListener = Callable[[bool], Awaitable[None]]


class RoleWatch:
    """Asks for the role at each tick, logs changes in one line each, tells the listeners."""

    def __init__(self, role: SendingRole) -> None:
        self.role = role
        self._listeners: list[RoleListener] = []
        self._known: bool | None = None

    def on_change(self, listener: RoleListener) -> None:
        """``listener(held)`` is awaited whenever the role is won or lost (and after the first
        check, whatever its answer)."""
        self._listeners.append(listener)

    @property
    def held(self) -> bool:
        return self.role.held

    async def check(self) -> bool:
        held = await self.role.acquire()
        if held != self._known:
            previous, self._known = self._known, held
            if held:
                logger.info(
                    "this process holds the sending role (%s): it sends scheduled messages",
                    self.role.description,
                )
            elif previous is None:
                logger.info(
                    "standby: another Gut Check process holds the sending role (%s); this one "
                    "waits and takes over when it stops",
                    self.role.description,
                )
            else:
                logger.warning("gave up the sending role; standing by until it is free again")
            for listener in self._listeners:
                await listener(held)
        return held

    async def holds(self) -> bool:
        """``bot.fleet.sending_role.SendingRole``'s question, asked by the scheduler tick."""
        return await self.check()

    async def release(self) -> None:
        await self.role.release()
        self._known = None
