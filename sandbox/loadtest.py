"""Measure how many sendMessage calls per second an emulator process sustains::

    python -m sandbox.emulator --port 8081 --no-record --no-rate-limits --users 1:100000 &
    python -m sandbox.loadtest --base-url http://127.0.0.1:8081/bot --messages 100000

The client posts form-encoded requests like PTB does (an HTML check-in text with an inline
keyboard) over keep-alive connections, spread over the registered users, and prints one JSON
line with the achieved rate and the status counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter

import aiohttp

CHECK_IN_TEXT = (
    "<b>Evening check-in</b> 🌿\n"
    "Did you eat at least <i>30 different plants</i> this week, sleep 7+ hours and move today?\n"
    "Tap an answer below."
)
KEYBOARD = json.dumps(
    {
        "inline_keyboard": [
            [
                {"text": "Yes ✅", "callback_data": "ci:2026-11-28:yes"},
                {"text": "Partly", "callback_data": "ci:2026-11-28:partly"},
                {"text": "No", "callback_data": "ci:2026-11-28:no"},
            ]
        ]
    }
)


async def run(
    base_url: str,
    token: str,
    messages: int,
    concurrency: int,
    first_user: int,
    users: int,
    paid: bool,
) -> dict[str, object]:
    url = f"{base_url}{token}/sendMessage"
    statuses: Counter[int] = Counter()
    next_index = 0

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal next_index
        while next_index < messages:
            index = next_index
            next_index += 1
            form = {
                "chat_id": str(first_user + index % users),
                "text": CHECK_IN_TEXT,
                "parse_mode": "HTML",
                "reply_markup": KEYBOARD,
            }
            if paid:
                form["allow_paid_broadcast"] = "true"
            async with session.post(url, data=form) as response:
                await response.read()
                statuses[response.status] += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {
        "messages": messages,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "per_second": round(messages / elapsed),
        "statuses": {str(code): count for code, count in sorted(statuses.items())},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox.loadtest")
    parser.add_argument("--base-url", default="http://127.0.0.1:8081/bot")
    parser.add_argument("--token", default="123456:TEST-token")
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--first-user", type=int, default=1)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--paid", action="store_true", help="send with allow_paid_broadcast")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    result = asyncio.run(
        run(
            args.base_url,
            args.token,
            args.messages,
            args.concurrency,
            args.first_user,
            args.users,
            args.paid,
        )
    )
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
