"""Run the emulator as its own process::

    python -m sandbox.emulator --host 127.0.0.1 --port 8081 --token 123456:TEST-token

Prints one line, the base URL for PTB's ``base_url`` (e.g. ``http://127.0.0.1:8081/bot``), then
serves until SIGTERM or SIGINT and exits with status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys

from sandbox.emulator.emulator import BotApiEmulator


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sandbox.emulator", description=__doc__.split("::")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--bot-username", default="GutCheckBot")
    parser.add_argument(
        "--no-rate-limits", action="store_true", help="do not enforce Telegram's flood limits"
    )
    parser.add_argument(
        "--no-record",
        action="store_true",
        help="keep only counters, not message contents or the request log (for benchmarks)",
    )
    parser.add_argument(
        "--users",
        metavar="START:COUNT",
        help="pre-register COUNT users with ids START, START+1, ... (e.g. 1000:100000)",
    )
    parser.add_argument("--log-level", default="WARNING")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    emulator = BotApiEmulator(
        token=args.token,
        bot_username=args.bot_username,
        host=args.host,
        port=args.port,
        enforce_rate_limits=not args.no_rate_limits,
        record_messages=not args.no_record,
    )
    if args.users:
        start, _, count = args.users.partition(":")
        for user_id in range(int(start), int(start) + int(count)):
            emulator.add_user(user_id, first_name=f"User {user_id}")

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    async with emulator:
        print(emulator.base_url, flush=True)
        await stop.wait()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
