"""SIGKILL in the middle of a fan-out, then a restart: nobody is skipped, and a check-in is only
ever repeated inside the one window the design cannot close.

Each run: a fresh copy of a database with 1,000 users whose morning check-in is due, a fresh
emulator, ``gutcheck run`` as a subprocess. The bot is killed with SIGKILL at a random point of
the fan-out (seeded: once a random number of check-ins between 1 and 999 has arrived, so every
kill lands inside the fan-out whatever the machine's speed; the time since the first check-in
is recorded too), restarted, and left running until every user has a message (or a deadline
passes); then it is stopped with SIGTERM.

Why duplicates are possible at all: a check-in is claimed (committed) before it is sent and
recorded as sent after Telegram answers. A kill between Telegram accepting the message and the
record's commit leaves a claim that looks unsent; after its lease runs out the next process sends
it again. A sender holds one check-in at a time and awaits its own record, so at most
SEND_WORKERS messages can be in that state at the kill. The test checks the exact figure: the
duplicates after the restart equal the messages that had arrived but were not yet recorded when
the process died.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sandbox.emulator import BotApiEmulator
from tests.reliability.conftest import DatabaseFactory, Figures, prepare_due
from tests.reliability.world import (
    TOKEN,
    BotProcess,
    DatabaseState,
    DatabaseUnderTest,
    bot_environment,
    chats_with_messages,
    delivered,
    due_a_minute_ago,
    wait_until,
    wait_until_async,
)

pytestmark = pytest.mark.slow

USERS = 1_000
FIRST_USER = 8_000_000
USER_IDS = range(FIRST_USER, FIRST_USER + USERS)
KILL_RUNS = int(os.environ.get("GUTCHECK_KILL_RUNS", "20"))
# On PostgreSQL each run needs a database of its own (copied from a template): fewer runs.
POSTGRES_KILL_RUNS = int(os.environ.get("GUTCHECK_POSTGRES_KILL_RUNS", "6"))
SEED = int(os.environ.get("GUTCHECK_KILL_SEED", "20251128"))
SEND_WORKERS = 16
LEASE_SECONDS = 10  # the smallest allowed: abandoned claims are sent again 10 s after the claim
# Runs overlap: most of a run is the restarted bot waiting for the leases of the dead one.
PARALLEL_RUNS = 3
RESTART_DEADLINE_SECONDS = LEASE_SECONDS + 45
SIGTERM_EXIT_SECONDS = 10


@dataclass(frozen=True)
class KillRun:
    number: int
    kill_at_message: int  # the random point: killed once this many check-ins had arrived
    kill_after: float  # seconds from the first check-in to the kill
    delivered_at_kill: int
    recorded_at_kill: int  # check-ins the dead process had recorded as sent
    per_user: dict[int, int]
    database: DatabaseState
    recorded_ids_found: bool  # every recorded message id is one the user received
    restart_exit_code: int | None
    log: str

    @property
    def unrecorded_at_kill(self) -> int:
        """Messages Telegram had accepted whose record never reached the database."""
        return self.delivered_at_kill - self.recorded_at_kill

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.per_user.values() if count > 1)

    @property
    def losses(self) -> int:
        return sum(1 for count in self.per_user.values() if count == 0)

    def row(self) -> str:
        return (
            f"{self.number:>3} {self.kill_at_message:>7} {self.kill_after:>9.2f}"
            f" {self.delivered_at_kill:>9}"
            f" {self.recorded_at_kill:>8} {self.unrecorded_at_kill:>10}"
            f" {self.duplicates:>4} {self.losses:>5} {self.restart_exit_code!s:>5}"
        )


TABLE_HEADER = "run kill at  after s delivered recorded unrecorded  dup  lost  exit"


def everyone_has_a_message(emulator: BotApiEmulator) -> bool:
    return chats_with_messages(emulator) >= USERS


async def kill_and_restart(
    number: int, kill_at: int, database: DatabaseUnderTest, work: Path
) -> KillRun:
    folder = work / f"run-{number:02d}"
    folder.mkdir(parents=True, exist_ok=True)
    async with BotApiEmulator(token=TOKEN, enforce_rate_limits=False) as emulator:
        for user_id in USER_IDS:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        env = bot_environment(
            emulator,
            database.url,
            SCHEDULER_TICK_SECONDS="1",
            SEND_LEASE_SECONDS=str(LEASE_SECONDS),
            TELEGRAM_PAID_BROADCAST="true",
            SEND_WORKERS=str(SEND_WORKERS),
            LOG_LEVEL="INFO",
        )
        with BotProcess(env, folder / "killed.log", cwd=folder) as doomed:
            started = await wait_until(lambda: delivered(emulator) > 0, 60)
            assert started, f"run {number}: no check-in within 60 s\n{doomed.log()[-3000:]}"
            first_checkin = time.monotonic()
            await wait_until(lambda: delivered(emulator) >= kill_at, 60)
            await doomed.kill()
            kill_after = time.monotonic() - first_checkin
        # Let requests already on their way be answered before counting.
        await asyncio.sleep(0.2)
        delivered_at_kill = delivered(emulator)
        recorded_at_kill = sum(row.status == "sent" for row in (await database.read()).checkins)

        with BotProcess(env, folder / "restarted.log", cwd=folder) as restarted:
            # Up and running (PTB handles SIGTERM from then on), and done or out of time.
            await wait_until(lambda: "Application started" in restarted.log(), 60)

            # Everyone has a message *and* every claim is recorded: when the kill came after the
            # last delivery, the unrecorded sends are repeated only once their leases run out.
            async def all_sent_and_recorded() -> bool:
                return everyone_has_a_message(emulator) and await database.unsent_checkins() == 0

            await wait_until_async(all_sent_and_recorded, RESTART_DEADLINE_SECONDS)
            # Anything still to come (a duplicate in flight) arrives before the stop.
            await asyncio.sleep(0.3)
            restarted.terminate()
            exit_code = await restarted.wait(SIGTERM_EXIT_SECONDS)
            log = restarted.log()

        per_user = {user_id: emulator.chat(user_id).sent_by_bot for user_id in USER_IDS}
        state = await database.read()
        recorded_ids_found = all(
            row.message_id is not None
            and emulator.chat(row.user_id).message(row.message_id) is not None
            for row in state.checkins
            if row.status == "sent"
        )
    return KillRun(
        number=number,
        kill_at_message=kill_at,
        kill_after=kill_after,
        delivered_at_kill=delivered_at_kill,
        recorded_at_kill=recorded_at_kill,
        per_user=per_user,
        database=state,
        recorded_ids_found=recorded_ids_found,
        restart_exit_code=exit_code,
        log=log,
    )


def consistency_problems(run: KillRun) -> list[str]:
    state = run.database
    problems = []
    if state.integrity != "ok":
        problems.append(f"integrity_check: {state.integrity}")
    if state.foreign_key_problems:
        problems.append(f"{state.foreign_key_problems} foreign key problems")
    repeated = [key for key, n in state.rows_per_occurrence().items() if n > 1]
    if repeated:
        problems.append(f"two rows for one user/date/slot: {repeated[:5]}")
    if len(state.checkins) != USERS:
        problems.append(f"{len(state.checkins)} check-in rows for {USERS} users")
    for row in state.checkins:
        if row.status == "sent" and (row.message_id is None or row.lease_until is not None):
            problems.append(f"user {row.user_id}: sent without a message id, or still leased")
        elif row.status == "queued" and run.per_user[row.user_id] > 0:
            problems.append(f"user {row.user_id}: queued although the message was delivered")
        elif row.status not in ("sent", "queued"):
            problems.append(f"user {row.user_id}: status {row.status}")
    # Recording a check-in as sent plans its reminder in the same transaction: exactly one each.
    sent_users = {row.user_id for row in state.checkins if row.status == "sent"}
    wrong_reminders = [
        user_id for user_id in sent_users & state.reminder_users if state.reminders[user_id] != 1
    ]
    if wrong_reminders:
        problems.append(f"users without exactly one reminder planned: {wrong_reminders[:5]}")
    if not run.recorded_ids_found:
        problems.append("a recorded message id is not a message the user received")
    return problems


async def test_sigkill_mid_fanout_then_restart_loses_nothing_and_repeats_only_unrecorded_sends(
    tmp_path: Path, report_figures: Figures, databases: DatabaseFactory
) -> None:
    template = await databases("template")
    await prepare_due(template, FIRST_USER, USERS, due_a_minute_ago())
    runs_wanted = KILL_RUNS if template.path is not None else POSTGRES_KILL_RUNS
    rng = random.Random(SEED)
    kill_points = [rng.randint(1, USERS - 1) for _ in range(runs_wanted)]
    turns = asyncio.Semaphore(PARALLEL_RUNS)

    async def one_run(number: int, kill_at: int) -> KillRun:
        async with turns:
            database = await databases(f"run-{number:02d}", template=template)
            return await kill_and_restart(number, kill_at, database, tmp_path)

    outcomes = await asyncio.gather(
        *(one_run(n, point) for n, point in enumerate(kill_points, start=1)),
        return_exceptions=True,  # every run ends (and kills its bot) before anything is raised
    )
    runs = [run for run in outcomes if isinstance(run, KillRun)]
    lines = [TABLE_HEADER, *(run.row() for run in runs)]
    lines.append(
        f"seed {SEED}: {len(runs)} kill runs of {USERS} users; duplicates"
        f" {sum(r.duplicates for r in runs)}, losses {sum(r.losses for r in runs)}; at most"
        f" {max((r.unrecorded_at_kill for r in runs), default=0)} unrecorded sends at a kill"
        f" (bound: SEND_WORKERS={SEND_WORKERS})"
    )
    backend = "SQLite" if template.path is not None else "PostgreSQL"
    report_figures(f"Crash safety: SIGKILL mid fan-out, then restart ({backend})", lines)
    for failure in outcomes:
        if isinstance(failure, BaseException):
            raise failure

    assert len(runs) == runs_wanted
    for run in runs:
        context = f"run {run.number} (killed at check-in {run.kill_at_message})"
        assert run.losses == 0, f"{context}: {run.losses} users never got the check-in"
        assert run.unrecorded_at_kill <= SEND_WORKERS, context
        assert run.duplicates == run.unrecorded_at_kill, context
        assert consistency_problems(run) == [], context
        assert run.restart_exit_code == 0, f"{context}: SIGTERM exit\n{run.log[-3000:]}"
