"""``python -m sandbox.emulator`` as its own process, as the benchmark runs it."""

from __future__ import annotations

import asyncio
import signal

import aiohttp
import pytest

from tests.processes import REPO_ROOT, python_module

HANG_GUARD = 30  # seconds; only stops a broken test from hanging the suite


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
async def test_cli_prints_base_url_and_stops_cleanly(stop_signal: signal.Signals) -> None:
    async with python_module(
        "sandbox.emulator",
        "--port",
        "0",
        "--token",
        "42:cli-token",
        "--no-record",
        "--no-rate-limits",
        "--users",
        "100:5",
        cwd=REPO_ROOT,
    ) as process:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), HANG_GUARD)
        base_url = line.decode().strip()
        assert base_url.startswith("http://127.0.0.1:")
        assert base_url.endswith("/bot")
        async with aiohttp.ClientSession() as session:
            async with session.post(
                f"{base_url}42:cli-token/sendMessage", data={"chat_id": "104", "text": "hi"}
            ) as response:
                assert response.status == 200
            stats_url = base_url.removesuffix("/bot") + "/_emulator/stats"
            async with session.get(stats_url) as response:
                stats = (await response.json())["result"]
        assert stats["sent_messages_per_chat"] == {"104": 1}
        process.send_signal(stop_signal)
        assert await asyncio.wait_for(process.wait(), HANG_GUARD) == 0
