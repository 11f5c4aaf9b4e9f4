"""A press through the check-in service alone, in process: no Telegram, no HTTP.

Each user has an open morning check-in; each presses "7 h" once, completing it (so the tip is
chosen and recorded, as at 08:00). Prints CPU and statements per press. With ``--history``
every user first gets 89 earlier days with probiotics, as a long-time user has. Instruction
counts, which do not move with the machine's load, come from valgrind:

    valgrind --tool=callgrind --callgrind-out-file=/tmp/press.out \\
        .venv/bin/python bench/press_path.py --callgrind

``--callgrind`` zeroes valgrind's counters before the presses and dumps them after, so
``/tmp/press.out.1`` holds the presses alone (``grep summary /tmp/press.out.1``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bot.callbacks import AnswerPress, OpenCheckinPress  # noqa: E402
from bot.clock import FakeClock  # noqa: E402
from bot.domain.answers import ProbioticKind, Slot  # noqa: E402
from bot.domain.checkin_flow import Question  # noqa: E402
from bot.services.checkins import CheckinService  # noqa: E402
from bot.services.scheduling import CheckinScheduler  # noqa: E402
from bot.services.tips import TipService  # noqa: E402
from bot.tips import load_packs  # noqa: E402
from models.answer_store import lock_day, record_from_row, save_day  # noqa: E402
from models.base import Base  # noqa: E402
from models.db import Database  # noqa: E402
from tests.db.helpers import add_user  # noqa: E402


async def _give_history(db: Database, user_id: int, clock: FakeClock) -> None:
    today = clock.now().date()
    async with db.transaction() as session:
        for back in range(1, 90):
            row = await lock_day(session, user_id, today - timedelta(days=back), clock.now())
            record = record_from_row(row)
            answers = replace(
                record.answers,
                sleep_hours=7.0,
                probiotics=True,
                probiotic_kinds=(ProbioticKind.KIMCHI,),
                probiotic_tolerance=((ProbioticKind.KIMCHI, True),),
                vitamin_c=True,
                vitamin_d=False,
            )
            await save_day(session, row, replace(record, answers=answers), clock.now())


def _callgrind(command: str) -> None:
    subprocess.run(["callgrind_control", command, str(os.getpid())], capture_output=True)


async def run(users: int, history: bool, callgrind: bool) -> None:
    folder = Path(tempfile.mkdtemp(prefix="gutcheck-press-"))
    db = Database(f"sqlite+aiosqlite:///{folder / 'press.db'}")
    async with db.engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    clock = FakeClock(datetime(2026, 12, 7, 7, 30, tzinfo=UTC))
    scheduler = CheckinScheduler(db, clock, catch_up=timedelta(hours=3), lease=timedelta(1))
    checkins = CheckinService(db, clock, TipService(db, clock))
    load_packs()  # as at start-up
    prompts: dict[int, int] = {}
    for user_id in range(1, users + 2):
        await add_user(db, scheduler, clock, user_id)
        if history:
            await _give_history(db, user_id, clock)
        opened = await checkins.open_now(user_id, OpenCheckinPress(Slot.MORNING))
        assert opened is not None
        assert opened.prompt_checkin_id is not None
        prompts[user_id] = opened.prompt_checkin_id
    # One press first, as a bot that has started has made: statements compiled.
    warm_up = users + 1
    await checkins.answer(warm_up, AnswerPress(prompts.pop(warm_up), Question.SLEEP, "7"))
    statements = 0

    def count(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    if callgrind:
        _callgrind("-z")
    cpu, wall = time.process_time(), time.perf_counter()
    for user_id, checkin_id in prompts.items():
        await checkins.answer(user_id, AnswerPress(checkin_id, Question.SLEEP, "7"))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if callgrind:
        _callgrind("-d")
    await db.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    print(
        f"{len(prompts)} presses ({'89 days of history' if history else 'new users'}): "
        f"{1000 * cpu / len(prompts):.2f} ms CPU and {1000 * wall / len(prompts):.2f} ms "
        f"per press, {statements / len(prompts):.1f} statements per press"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--history", action="store_true", help="89 earlier days each")
    parser.add_argument("--callgrind", action="store_true", help="running under callgrind")
    args = parser.parse_args()
    asyncio.run(run(args.users, args.history, args.callgrind))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
