"""Updates handled per second: check-in button answers stored by 1, 2 and 4 webhook workers
on one PostgreSQL database, against a bare python-telegram-bot echo bot in the same run.

    .venv/bin/python bench/updates.py            # PostgreSQL at TEST_DATABASE_URL's server

What it does:

1. Creates a throw-away PostgreSQL database, seeds 100 onboarded users whose morning check-in
   is due now (sandbox/bulk_seed.py into SQLite, then ``gutcheck db copy`` to PostgreSQL).
2. Runs the Bot API emulator in this process (flood limits off: this measures the bot, not
   Telegram's per-chat limits) playing Telegram and the load balancer: each webhook request
   goes to the next worker, at most ``max_connections`` (40) at once.
3. For 1, 2 and 4 workers: starts that many ``gutcheck run --webhook`` processes (uvloop,
   SEND_RATE_PER_SECOND=1000 so PTB's rate limiter does not cap edits at 30/s), lets the first
   one send the 100 check-ins, then injects presses of the check-in's hour buttons, one per
   user in turn, alternating two values so every press changes and stores the answer. Warm-up
   of one press per user, then the measured batch. The rate is presses / time until the last
   one was acknowledged; p50/p99 are the webhook requests' round trips (what Telegram would
   see); every press is checked to have been answered "Saved ✓".
4. The echo bot (bench/echo_bot.py) gets the same presses, before and after the workers.

Prints a table and writes bench/results/updates.json, with the load average (the machine is
shared).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_file import write_results  # noqa: E402
from sandbox.emulator import BotApiEmulator  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-gut-check-emulator"
FIRST_USER = 5_000_000
PUBLIC_URL = "https://bench.example.org/telegram"
PORT_LINE = re.compile(r"receiving updates on http://[\d.]+:(\d+)")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (load-independent cost)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def create_database(admin_url: str) -> tuple[str, str]:
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"gutcheck_bench_{uuid.uuid4().hex[:10]}"
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return name, url


async def drop_database(admin_url: str, name: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


async def seed(database_url: str, users: int) -> None:
    from models.copy import copy_database
    from sandbox.bulk_seed import seed_due_users

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "seed.db"
        due = datetime.now(UTC) - timedelta(minutes=1)
        await asyncio.to_thread(seed_due_users, path, FIRST_USER, users, due)
        await copy_database(f"sqlite+aiosqlite:///{path}", database_url)


class Process:
    """A child process whose output is drained (and searched) in the background."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self.changed = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip())
            self.changed.set()

    async def wait_for(self, pattern: re.Pattern[str], limit: float = 60) -> re.Match[str]:
        deadline = time.monotonic() + limit
        while True:
            for line in self.lines:
                found = pattern.search(line)
                if found:
                    return found
            if self.process.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError("child did not get ready:\n" + "\n".join(self.lines[-20:]))
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), 1)

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), 30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self._reader


async def start(*args: str, env: dict[str, str]) -> Process:
    process = await asyncio.create_subprocess_exec(
        *args,
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    return Process(process)


def worker_env(emulator: BotApiEmulator, database_url: str, *, sender: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_BASE_URL": emulator.base_url,
            "DATABASE_URL": database_url,
            "WEBHOOK_URL": PUBLIC_URL,
            "WEBHOOK_LISTEN": "127.0.0.1",
            "WEBHOOK_PORT": "0",
            "AUTO_MIGRATE": "false",
            "SEND_RATE_PER_SECOND": "1000",
            "LOG_LEVEL": "INFO",
            # Only the first worker's tick matters (it sends the 100 check-ins once).
            "SCHEDULER_TICK_SECONDS": "1" if sender else "3600",
        }
    )
    return env


class Presses:
    """The check-in message of each user and the two hour buttons pressed in turn."""

    def __init__(self, emulator: BotApiEmulator, users: list[int]) -> None:
        self.emulator = emulator
        self.targets: dict[int, tuple[int, list[str]]] = {}
        for user_id in users:
            message = emulator.chat(user_id).bot_messages[0]
            data = [d for row in message.buttons for label, d in row if label.endswith(" h")]
            if len(data) < 2:
                data = [d for row in message.buttons for _, d in row][:2]
            self.targets[user_id] = (message.message_id, data[:2])
        self.count = 0

    def inject(self, rounds: int) -> int:
        for _ in range(rounds):
            for user_id, (message_id, data) in self.targets.items():
                choice = data[self.count // len(self.targets) % 2]
                self.emulator.press_button(user_id, message_id, choice, force=True)
            self.count += len(self.targets)
        return rounds * len(self.targets)


async def measure(
    emulator: BotApiEmulator,
    presses: Presses,
    rounds: int,
    label: str,
    bots: list[Process],
) -> dict[str, Any]:
    delivery = emulator.webhook
    presses.inject(1)  # warm-up: connections, caches, PTB's first-call costs
    await emulator.wait_for(lambda: emulator.updates_pending == 0, timeout=120)
    answers_before = len(emulator.callback_answers)
    delivery.latencies = []
    load_before = load_average()
    bot_cpu = sum(bot.cpu_seconds() for bot in bots)
    own_cpu = process_cpu_seconds(os.getpid())
    started = time.perf_counter()
    injected = presses.inject(rounds)
    await emulator.wait_for(lambda: emulator.updates_pending == 0, timeout=600)
    elapsed = time.perf_counter() - started
    bot_cpu = sum(bot.cpu_seconds() for bot in bots) - bot_cpu
    own_cpu = process_cpu_seconds(os.getpid()) - own_cpu
    latencies = delivery.latencies
    delivery.latencies = None
    answers = emulator.callback_answers[answers_before:]
    saved = sum(1 for answer in answers if answer.get("text") == "Saved ✓")
    result = {
        "run": label,
        "updates": injected,
        "seconds": round(elapsed, 2),
        "rate_per_s": round(injected / elapsed, 1),
        "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1),
        # CPU per update, whatever the load: the bot processes, and the emulator (this one).
        "bot_cpu_ms_per_update": round(bot_cpu * 1000 / injected, 2),
        "emulator_cpu_ms_per_update": round(own_cpu * 1000 / injected, 2),
        "answered": len(answers),
        "saved": saved,
        "load_before": load_before,
        "load_after": load_average(),
    }
    print(json.dumps(result), flush=True)
    return result


async def run_workers(
    emulator: BotApiEmulator,
    database_url: str,
    count: int,
    users: list[int],
    rounds: int,
    presses: Presses | None,
) -> tuple[dict[str, Any], Presses]:
    # GUTCHECK_BENCH_PROFILE=path: the first worker runs under cProfile (stats written there).
    profile = os.environ.get("GUTCHECK_BENCH_PROFILE")
    workers = [
        await start(
            sys.executable,
            *(["-m", "cProfile", "-o", profile] if profile and index == 0 else []),
            "-m",
            "bot",
            "run",
            "--webhook",
            env=worker_env(emulator, database_url, sender=index == 0),
        )
        for index in range(count)
    ]
    try:
        ports = [int((await w.wait_for(PORT_LINE)).group(1)) for w in workers]
        for worker in workers:
            await worker.wait_for(re.compile("webhook registered"))
        emulator.set_webhook_targets(
            [f"http://127.0.0.1:{port}/telegram" for port in ports], first_retry_seconds=0.05
        )
        if presses is None:
            await emulator.wait_for(
                lambda: all(emulator.chat(u).bot_messages for u in users), timeout=120
            )
            presses = Presses(emulator, users)
        result = await measure(emulator, presses, rounds, f"gutcheck x{count}", workers)
        result["workers"] = count
        result["peak_rss_mb"] = [round(w.peak_rss_mb(), 1) for w in workers]
        return result, presses
    finally:
        for worker in workers:
            await worker.stop()


async def run_echo(
    emulator: BotApiEmulator, presses: Presses, rounds: int, label: str
) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    echo = await start(
        sys.executable, str(ROOT / "bench" / "echo_bot.py"), emulator.base_url, TOKEN, env=env
    )
    try:
        port = int((await echo.wait_for(re.compile(r"listening on (\d+)"))).group(1))
        emulator.set_webhook_targets([f"http://127.0.0.1:{port}/telegram"])
        result = await measure(emulator, presses, rounds, label, [echo])
        result["workers"] = 1
        result["peak_rss_mb"] = [round(echo.peak_rss_mb(), 1)]
        # The echo bot stores nothing; "saved" counts Gut Check's toast only.
        result["saved"] = None
        return result
    finally:
        await echo.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=20, help="presses per user, measured")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
        ),
        help="a PostgreSQL server where a throw-away database may be created",
    )
    args = parser.parse_args()
    name, database_url = await create_database(args.admin_url)
    results: list[dict[str, Any]] = []
    try:
        await seed(database_url, args.users)
        users = list(range(FIRST_USER, FIRST_USER + args.users))
        async with BotApiEmulator(
            token=TOKEN, enforce_rate_limits=False, bot_username="GutCheckBot"
        ) as emulator:
            for user_id in users:
                emulator.add_user(user_id, first_name=f"User {user_id}")
            # Webhook requests go straight to the workers; Telegram's max_connections.
            presses: Presses | None = None
            first, *rest = args.workers
            result, presses = await run_workers(
                emulator, database_url, first, users, args.rounds, presses
            )
            results.append(result)
            results.append(await run_echo(emulator, presses, args.rounds, "echo bot (before)"))
            for count in rest:
                result, presses = await run_workers(
                    emulator, database_url, count, users, args.rounds, presses
                )
                results.append(result)
            results.append(await run_echo(emulator, presses, args.rounds, "echo bot (after)"))
    finally:
        await drop_database(args.admin_url, name)
    # The echo run right after the first worker run saw nearly the same machine load.
    echo_next = next(r for r in results if r["run"] == "echo bot (before)")
    one = next(r for r in results if r["run"] == f"gutcheck x{args.workers[0]}")
    summary = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "results": results,
        "one_worker_vs_echo": round(one["rate_per_s"] / echo_next["rate_per_s"], 3),
        "one_worker_vs_echo_cpu": round(
            echo_next["bot_cpu_ms_per_update"] / one["bot_cpu_ms_per_update"], 3
        ),
    }
    write_results("updates", summary, echo=False)
    print()
    print(
        f"{'run':<20} {'updates/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'saved':>7} "
        f"{'RSS MB':>14} {'CPU ms/upd':>10}  load"
    )
    for r in results:
        print(
            f"{r['run']:<20} {r['rate_per_s']:>10} {r['p50_ms']:>8} {r['p99_ms']:>8} "
            f"{r['saved'] if r['saved'] is not None else '-':>7} "
            f"{','.join(str(x) for x in r['peak_rss_mb']):>14} "
            f"{r['bot_cpu_ms_per_update']:>10}  {r['load_before']}"
        )
    print(
        f"one worker / echo bot right after it: {summary['one_worker_vs_echo']:.0%} of the rate, "
        f"{summary['one_worker_vs_echo_cpu']:.0%} by CPU per update"
    )


if __name__ == "__main__":
    import uvloop

    uvloop.install()
    asyncio.run(main())
