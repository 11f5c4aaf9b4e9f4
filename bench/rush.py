"""The morning rush: how fast people's button presses are answered, during a fan-out and
without one, against the project's Bot API emulator.

The bot runs as ``gutcheck run`` in its own process (uvloop, polling, the real database);
the emulator runs in this process and timestamps every call as it arrives, so a press's
latency is from the moment the emulator queues the press to the moment the bot's
``editMessageText`` (the answer a person sees) reaches it.

    .venv/bin/python bench/rush.py all            # everything below, in one run
    .venv/bin/python bench/rush.py rush           # 3,000 due at the 30/s cap, 100 press at once
    .venv/bin/python bench/rush.py throughput     # 100 users x 10 presses, cap lifted, SQLite
    .venv/bin/python bench/rush.py throughput --postgres   # the same on PostgreSQL
    .venv/bin/python bench/rush.py single         # one press at a time, cap lifted

PostgreSQL runs use a throw-away database created through ``TEST_DATABASE_URL`` (or
``--postgres-url``). Results are printed and written to bench/results/rush-<scenario>.json
(``all``: rush-all.json).
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
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_file import write_results  # noqa: E402
from sandbox.bulk_seed import seed_due_users, seed_due_users_at  # noqa: E402
from sandbox.emulator import BotApiEmulator  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-gut-check-emulator"
PRESSERS_FIRST = 2_000_000
CROWD_FIRST = 3_000_000


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary_ms(samples: list[float]) -> dict[str, float]:
    return {
        "count": len(samples),
        "p50_ms": round(percentile(samples, 0.50) * 1000, 1),
        "p90_ms": round(percentile(samples, 0.90) * 1000, 1),
        "p99_ms": round(percentile(samples, 0.99) * 1000, 1),
        "max_ms": round(max(samples) * 1000, 1),
    }


@dataclass
class Arrivals:
    """When each call reached the emulator (perf_counter), recorded by wrapping its handlers."""

    edits: dict[int, list[float]] = field(default_factory=dict)  # chat id -> times
    answers: dict[str, float] = field(default_factory=dict)  # callback query id -> time
    sends: list[tuple[float, int]] = field(default_factory=list)  # (time, chat id)

    def watch(self, emulator: BotApiEmulator) -> None:
        handlers = emulator.server.handlers

        def wrap(method: str, record: Callable[[Any], None]) -> None:
            inner = handlers[method.lower()]

            async def timed(params: Any) -> Any:
                result = await inner(params)
                record(params)
                return result

            handlers[method.lower()] = timed

        wrap(
            "editMessageText",
            lambda p: self.edits.setdefault(int(p.raw("chat_id")), []).append(time.perf_counter()),
        )
        wrap(
            "answerCallbackQuery",
            lambda p: self.answers.__setitem__(
                str(p.raw("callback_query_id")), time.perf_counter()
            ),
        )
        wrap(
            "sendMessage", lambda p: self.sends.append((time.perf_counter(), int(p.raw("chat_id"))))
        )


# --- databases ----------------------------------------------------------------------------


@asynccontextmanager
async def database(kind: str, workdir: Path, postgres_url: str) -> AsyncIterator[str]:
    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{workdir / 'gutcheck.db'}"
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"gutcheck_bench_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(postgres_url, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def seed(url: str, first: int, users: int, due: datetime) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        await asyncio.to_thread(seed_due_users, path, first, users, due)
        return
    from models.migrate import upgrade

    await asyncio.to_thread(upgrade, url)
    await seed_due_users_at(url, first, users, due)


# --- the bot as a process -------------------------------------------------------------------


@asynccontextmanager
async def bot_process(
    emulator: BotApiEmulator, url: str, log_path: Path, module: str = "bot", **settings: str
) -> AsyncIterator[subprocess.Popen[str]]:
    from bot.settings import Settings

    ours = {name.upper() for name in Settings.model_fields}
    env = {key: value for key, value in os.environ.items() if key.upper() not in ours}
    env.update(
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_BASE_URL=emulator.base_url,
        DATABASE_URL=url,
        LOG_LEVEL="WARNING",
        SCHEDULER_TICK_SECONDS="1",
        **settings,
    )
    command = (
        [sys.executable, "-m", module, "run"]
        if module == "bot"
        else [
            sys.executable,
            str(ROOT / "bench" / module),
        ]
    )
    profile = os.environ.get("GUTCHECK_BENCH_PROFILE")  # a cProfile output file for the bot
    if profile and module == "bot":
        command = [sys.executable, "-m", "cProfile", "-o", profile, "-m", "bot", "run"]
    log: IO[str] = log_path.open("w")
    process = subprocess.Popen(  # noqa: ASYNC220 (started once, before anything is timed)
        command, cwd=log_path.parent, env=env, stdout=log, stderr=log, text=True
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, 15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


async def until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


def hour_buttons(emulator: BotApiEmulator, user_id: int, message_id: int) -> list[str]:
    message = next(m for m in emulator.chat(user_id).messages if m.message_id == message_id)
    return [data for row in message.buttons for _, data in row if ":sl:" in data]


def first_prompt(emulator: BotApiEmulator, user_id: int) -> int | None:
    messages = emulator.chat(user_id).bot_messages
    return messages[0].message_id if messages else None


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux), which does not depend on the
    machine's load the way wall-clock rates do."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# --- scenarios ------------------------------------------------------------------------------


async def morning_rush(workdir: Path, crowd: int = 3_000, pressers: int = 100) -> dict[str, Any]:
    """``crowd`` users due at the 30/s cap while ``pressers`` who already have their prompt
    press an answer at once."""
    arrivals = Arrivals()
    now = datetime.now(UTC)
    async with BotApiEmulator(token=TOKEN, record_messages=True) as emulator:
        arrivals.watch(emulator)
        presser_ids = range(PRESSERS_FIRST, PRESSERS_FIRST + pressers)
        crowd_ids = range(CROWD_FIRST, CROWD_FIRST + crowd)
        for user_id in [*presser_ids, *crowd_ids]:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        url = f"sqlite+aiosqlite:///{workdir / 'rush.db'}"
        await seed(url, PRESSERS_FIRST, pressers, now - timedelta(minutes=2))
        await seed(url, CROWD_FIRST, crowd, now - timedelta(minutes=1))
        crowd_set = set(crowd_ids)
        async with bot_process(emulator, url, workdir / "rush.log", SEND_RATE_PER_SECOND="30"):
            await until(
                lambda: all(first_prompt(emulator, u) for u in presser_ids), 120, "the prompts"
            )
            # The fan-out to the crowd is well under way (about 5 s of it) when they press.
            await until(
                lambda: sum(1 for _, c in arrivals.sends if c in crowd_set) >= 150, 60, "fan-out"
            )
            pressed: dict[int, float] = {}
            for user_id in presser_ids:
                message_id = first_prompt(emulator, user_id)
                assert message_id is not None
                data = hour_buttons(emulator, user_id, message_id)[3]
                emulator.press_button(user_id, message_id, data)
                pressed[user_id] = time.perf_counter()
            await until(lambda: all(arrivals.edits.get(u) for u in presser_ids), 120, "the answers")
            latencies = [arrivals.edits[u][0] - pressed[u] for u in presser_ids]
            await until(
                lambda: sum(1 for _, c in arrivals.sends if c in crowd_set) >= crowd,
                crowd / 30 * 2 + 60,
                "the end of the fan-out",
            )
        stats = emulator.stats(per_chat=False)
    crowd_times = [t for t, c in arrivals.sends if c in crowd_set]
    all_times = sorted(t for t, _ in arrivals.sends)
    fanout_seconds = crowd_times[-1] - crowd_times[0]
    # Sends per second over the whole fan-out (prompts to the crowd and the pressers).
    window = [t for t in all_times if crowd_times[0] <= t <= crowd_times[-1]]
    rate = (len(window) - 1) / fanout_seconds
    return {
        "scenario": f"{crowd} due at the 30/s cap; {pressers} with prompts press at once",
        "press_to_answer": summary_ms(latencies),
        "all_answered_within_s": round(max(latencies), 2),
        "fanout_seconds": round(fanout_seconds, 1),
        "fanout_rate_per_s": round(rate, 2),
        "fanout_share_of_cap": round(rate / 30, 3),
        "crowd_messages": len(crowd_times),
        "emulator_statuses": stats["statuses"],
        "duplicates": stats["duplicates_total"],
    }


async def presses(
    emulator: BotApiEmulator, arrivals: Arrivals, users: range, per_user: int, limit_s: float
) -> dict[str, Any]:
    """Every user presses ``per_user`` times at once (alternating answers, so each press
    changes what is stored); rate = presses answered / time from first press to last answer."""
    queries: dict[str, float] = {}
    started = time.perf_counter()
    for round_number in range(per_user):
        for user_id in users:
            message_id = first_prompt(emulator, user_id)
            assert message_id is not None
            data = _BUTTONS[user_id][round_number % 2]
            query = emulator.press_button(user_id, message_id, data, force=True)
            queries[query] = time.perf_counter()
    total = len(queries)
    await until(lambda: sum(q in arrivals.answers for q in queries) >= total, limit_s, "answers")
    finished = max(arrivals.answers[q] for q in queries)
    latencies = [arrivals.answers[q] - sent for q, sent in queries.items()]
    return {
        "presses": total,
        "seconds": round(finished - started, 2),
        "presses_per_s": round(total / (finished - started), 1),
        "press_to_answer": summary_ms(latencies),
    }


# The hours buttons of each user's prompt, read once (the echo bot's edits replace them).
_BUTTONS: dict[int, list[str]] = {}


async def throughput(workdir: Path, backend: str, postgres_url: str) -> dict[str, Any]:
    """100 users x 10 presses with the cap lifted, then a bare PTB echo bot on the same
    emulator and the same presses."""
    users = range(PRESSERS_FIRST, PRESSERS_FIRST + 100)
    arrivals = Arrivals()
    async with (
        BotApiEmulator(token=TOKEN, enforce_rate_limits=False) as emulator,
        database(backend, workdir, postgres_url) as url,
    ):
        arrivals.watch(emulator)
        for user_id in users:
            emulator.add_user(user_id, first_name=f"User {user_id}")
        await seed(url, users[0], len(users), datetime.now(UTC) - timedelta(minutes=1))
        async with bot_process(
            emulator, url, workdir / f"throughput-{backend}.log", SEND_RATE_PER_SECOND="1000"
        ) as bot:
            await until(lambda: all(first_prompt(emulator, u) for u in users), 120, "prompts")
            for user_id in users:
                message_id = first_prompt(emulator, user_id)
                assert message_id is not None
                _BUTTONS[user_id] = hour_buttons(emulator, user_id, message_id)
            await presses(emulator, arrivals, users, 1, 60)  # warm-up: one press each
            cpu_before = cpu_seconds(bot.pid)
            gutcheck = await presses(emulator, arrivals, users, 10, 300)
            gutcheck["cpu_ms_per_press"] = _cpu_ms(bot.pid, cpu_before, gutcheck["presses"])
        async with bot_process(
            emulator, url, workdir / "echo.log", module="echo_polling_bot.py"
        ) as echo_bot:
            await asyncio.sleep(2.0)  # started and polling
            await presses(emulator, arrivals, users, 1, 60)  # warm-up
            cpu_before = cpu_seconds(echo_bot.pid)
            echo = await presses(emulator, arrivals, users, 10, 300)
            echo["cpu_ms_per_press"] = _cpu_ms(echo_bot.pid, cpu_before, echo["presses"])
    return {
        "scenario": f"100 users x 10 presses, cap lifted, {backend}, one process",
        "gutcheck": gutcheck,
        "echo_bot": echo,
        "ratio_to_echo": round(gutcheck["presses_per_s"] / echo["presses_per_s"], 3),
    }


def _cpu_ms(pid: int, before: float, count: int) -> float:
    return round((cpu_seconds(pid) - before) * 1000 / count, 2)


async def single_presses(workdir: Path, count: int = 200) -> dict[str, Any]:
    """One user presses, waits for the answer, presses again; cap lifted."""
    user_id = PRESSERS_FIRST
    arrivals = Arrivals()
    async with BotApiEmulator(token=TOKEN, enforce_rate_limits=False) as emulator:
        arrivals.watch(emulator)
        emulator.add_user(user_id, first_name="Single")
        url = f"sqlite+aiosqlite:///{workdir / 'single.db'}"
        await seed(url, user_id, 1, datetime.now(UTC) - timedelta(minutes=1))
        async with bot_process(
            emulator, url, workdir / "single.log", SEND_RATE_PER_SECOND="1000"
        ) as bot:
            await until(lambda: first_prompt(emulator, user_id) is not None, 60, "the prompt")
            message_id = first_prompt(emulator, user_id)
            assert message_id is not None
            buttons = hour_buttons(emulator, user_id, message_id)
            latencies: list[float] = []
            cpu_before = 0.0
            for n in range(count + 10):
                if n == 10:
                    cpu_before = cpu_seconds(bot.pid)
                edits_before = len(arrivals.edits.get(user_id, []))
                pressed = time.perf_counter()
                emulator.press_button(user_id, message_id, buttons[n % 2], force=True)
                await until(
                    lambda before=edits_before: len(arrivals.edits.get(user_id, [])) > before,
                    30,
                    "the edit",
                )
                if n >= 10:  # the first few warm the process up
                    latencies.append(arrivals.edits[user_id][-1] - pressed)
            cpu_ms = _cpu_ms(bot.pid, cpu_before, count)
    return {
        "scenario": f"{count} presses one at a time, cap lifted, SQLite",
        **summary_ms(latencies),
        "cpu_ms_per_press": cpu_ms,
    }


async def run(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="gutcheck-rush-"))
    try:
        report = await _scenarios(args, workdir)
    except BaseException:
        print(f"rush: the databases and the bot's logs are kept in {workdir}", file=sys.stderr)
        raise
    shutil.rmtree(workdir, ignore_errors=True)
    return report


async def _scenarios(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    postgres_url = args.postgres_url or os.environ.get("TEST_DATABASE_URL", "")
    report: dict[str, Any] = {"machine": machine()}
    if args.scenario in ("rush", "all"):
        report["morning_rush"] = await morning_rush(workdir)
    if args.scenario in ("throughput", "all"):
        backends = ["sqlite", "postgresql"] if args.scenario == "all" else []
        if args.scenario == "throughput":
            backends = ["postgresql" if args.postgres else "sqlite"]
        for backend in backends:
            if backend == "postgresql" and not postgres_url.startswith("postgresql"):
                report["throughput_postgresql"] = "skipped: no TEST_DATABASE_URL"
                continue
            report[f"throughput_{backend}"] = await throughput(workdir, backend, postgres_url)
    if args.scenario in ("single", "all"):
        report["single_press"] = await single_presses(workdir)
    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    report["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", choices=["all", "rush", "throughput", "single"])
    parser.add_argument("--postgres", action="store_true", help="throughput on PostgreSQL")
    parser.add_argument("--postgres-url", help="admin URL (default: TEST_DATABASE_URL)")
    args = parser.parse_args()
    report = asyncio.run(run(args))
    name = args.scenario if not args.postgres else f"{args.scenario}-postgresql"
    write_results(f"rush-{name}", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
