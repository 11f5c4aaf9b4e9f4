"""Fan-out benchmark: 100,000 users in SQLite, all due in the same minute, sent through the real
bot (dispatcher, rate limiter, PTB, HTTP) to the project's Bot API emulator in its own process.

Reports the due-query time per tick, the claim time per batch, the sustained send rate with
the free broadcast cap (30/s) and with paid broadcasts (1,000/s), and the bot process's peak
RSS. The emulator enforces Telegram's flood limits, so a 429 in its stats means the bot sent
too fast.

    .venv/bin/python bench/fanout.py --mode free --seconds 120
    .venv/bin/python bench/fanout.py --mode paid
Results are printed and written to bench/results/fanout-<mode>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_file import write_results  # noqa: E402

TOKEN = "123456789:BENCH-token-for-the-gut-check-emulator"
FIRST_USER = 1_000_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare_database(path: Path, users: int, due: datetime) -> None:
    """Migrate a fresh SQLite file and insert ``users`` onboarded users, all due at ``due``.
    Runs in a child process so its memory does not count towards the bot's RSS."""
    from sandbox.bulk_seed import seed_due_users

    seed_due_users(path, FIRST_USER, users, due)


async def time_due_query(database_url: str, batch: int, runs: int = 30) -> dict[str, float]:
    """The tick's due query on a table where every user is due: median and p95 in ms."""
    from models.db import Database
    from models.schedule_store import due_schedules

    db = Database(database_url)
    samples = []
    now = datetime.now(UTC) + timedelta(minutes=5)
    try:
        for _ in range(runs):
            async with db.transaction() as session:
                started = time.perf_counter()
                rows = await due_schedules(session, now, batch)
                samples.append((time.perf_counter() - started) * 1000)
                assert len(rows) == batch
    finally:
        await db.dispose()
    samples.sort()
    return {
        "batch": batch,
        "median_ms": round(statistics.median(samples), 2),
        "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 2),
    }


async def run_fanout(
    database_url: str, base_url: str, mode: str, users: int, seconds: float, workers: int | None
) -> dict[str, Any]:
    from bot.app import build_application, runtime
    from bot.lifecycle import running
    from bot.settings import Settings

    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        telegram_bot_token=TOKEN,
        telegram_base_url=f"{base_url}/bot",
        telegram_base_file_url=f"{base_url}/file/bot",
        database_url=database_url,
        scheduler_tick_seconds=30,
        send_rate_per_second=30,
        telegram_paid_broadcast=(mode == "paid"),
        send_workers=workers,
        log_level="WARNING",
    )
    app = build_application(settings)
    claim_ms: list[float] = []
    per_second: list[int] = []
    async with running(app, poll=False):
        state = runtime(app)
        assert state.dispatcher is not None
        assert state.services is not None
        scheduler = state.services.scheduler
        original_claim = scheduler.claim_batch

        async def timed_claim(limit: int) -> Any:
            started = time.perf_counter()
            result = await original_claim(limit)
            claim_ms.append((time.perf_counter() - started) * 1000)
            return result

        scheduler.claim_batch = timed_claim  # type: ignore[method-assign]
        dispatcher = state.dispatcher
        started = time.perf_counter()
        dispatcher.wake()
        last = 0
        while time.perf_counter() - started < seconds and dispatcher.sent < users:
            await asyncio.sleep(1.0)
            dispatcher.wake()  # what the 30-second tick does
            per_second.append(dispatcher.sent - last)
            last = dispatcher.sent
        elapsed = time.perf_counter() - started
        sent = dispatcher.sent
    # Steady state: leave out the first 3 seconds (start-up, bucket bursts) and a partial last one.
    steady = per_second[3:-1] if len(per_second) > 5 else per_second
    claim_ms.sort()
    return {
        "sent": sent,
        "elapsed_s": round(elapsed, 1),
        "mean_rate_per_s": round(sent / elapsed, 1),
        "steady_rate_per_s": round(statistics.mean(steady), 1) if steady else None,
        "steady_min_per_s": min(steady) if steady else None,
        "claim_batches": len(claim_ms),
        "claim_median_ms": round(statistics.median(claim_ms), 1) if claim_ms else None,
        "claim_p95_ms": round(claim_ms[int(len(claim_ms) * 0.95) - 1], 1) if claim_ms else None,
        "batch_size": dispatcher.batch_size,
    }


def emulator_stats(base_url: str) -> dict[str, Any]:
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/_emulator/stats?per_chat=0") as response:
        return dict(json.load(response))


def main() -> int:
    if os.environ.get("GUTCHECK_BENCH_LOOP") != "asyncio":
        from bot.cli import use_fast_event_loop

        use_fast_event_loop()  # as `gutcheck run` does
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["free", "paid"], default="free")
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=None, help="default: as the bot")
    parser.add_argument("--prepare-only", metavar="DB")
    parser.add_argument("--due", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare_only:
        prepare_database(Path(args.prepare_only), args.users, datetime.fromisoformat(args.due))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="gutcheck-fanout-"))
    db_path = workdir / "fanout.db"
    due = datetime.now(UTC).replace(second=0, microsecond=0)
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--prepare-only",
            str(db_path),
            "--users",
            str(args.users),
            "--due",
            due.isoformat(),
        ],
        check=True,
    )
    database_url = f"sqlite+aiosqlite:///{db_path}"
    port = free_port()
    emulator = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sandbox.emulator",
            "--port",
            str(port),
            "--token",
            TOKEN,
            "--no-record",
            "--users",
            f"{FIRST_USER}:{args.users}",
            "--log-level",
            "WARNING",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None
        emulator.stdout.readline()  # the line with its address: it is listening
        base_url = f"http://127.0.0.1:{port}"
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        due_query = [asyncio.run(time_due_query(database_url, b)) for b in (60, 1000)]
        result = asyncio.run(
            run_fanout(database_url, base_url, args.mode, args.users, args.seconds, args.workers)
        )
        stats = emulator_stats(base_url)
    finally:
        emulator.terminate()
        emulator.wait(10)
    cap = 1000 if args.mode == "paid" else 30
    report = {
        "mode": args.mode,
        "cap_per_s": cap,
        "users": args.users,
        "due_query": due_query,
        **result,
        "share_of_cap": round((result["steady_rate_per_s"] or 0) / cap, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_before_run_mb": round(rss_before / 1024, 1),
        "emulator_sendmessage_statuses": stats["result"]["statuses"],
        "emulator_messages_received": stats["result"]["sent_messages_total"],
        "emulator_duplicates": stats["result"]["duplicates_total"],
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_results(f"fanout-{args.mode}", report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
