"""Start-up failures as an operator meets them: one clear line, a retry or an exit code,
never a traceback or aiohttp's "Unclosed client session"."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from pathlib import Path

from sandbox.emulator import BotApiEmulator
from tests.cli.test_cli import gutcheck
from tests.processes import python_module, unconfigured_environment

TOKEN = "123456789:AAHfakeTokenForTheTestOnly_abcdefgh"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **unconfigured_environment(),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        **extra,
    }


async def _run_until(
    tmp_path: Path, env: dict[str, str], wanted: str, *, limit: float = 60
) -> tuple[int, str]:
    """Start ``gutcheck run``, wait for ``wanted`` in its log, SIGTERM it; (code, log)."""
    async with python_module("bot", "run", cwd=tmp_path, env=env, merge_stderr=True) as process:
        assert process.stdout is not None
        log = ""
        ended = False  # the bot closed its output: it is exiting on its own, leave it be
        async with asyncio.timeout(limit):
            while wanted not in log:
                line = await process.stdout.readline()
                if not line:
                    ended = True
                    break
                log += line.decode()
        if not ended and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it may have just exited
                process.send_signal(signal.SIGTERM)
        rest, _ = await asyncio.wait_for(process.communicate(), 30)
        log += rest.decode()
    assert process.returncode is not None
    return process.returncode, log


async def test_unreachable_telegram_is_retried_with_backoff_and_said_once_per_try(
    tmp_path: Path,
) -> None:
    env = _env(tmp_path, TELEGRAM_BASE_URL="http://127.0.0.1:1/bot")
    code, log = await _run_until(tmp_path, env, "retrying in 2 s")
    assert code == 0, log
    retries = [line for line in log.splitlines() if "Telegram is unreachable" in line]
    assert "retrying in 1 s" in retries[0]
    assert "retrying in 2 s" in retries[1]
    assert all(" WARNING " in line for line in retries)
    assert "Traceback" not in log
    assert "Unclosed" not in log
    assert TOKEN.split(":")[1] not in log


async def test_a_rejected_token_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    async with BotApiEmulator(token="987654321:another-bot-entirely") as emu:
        env = _env(tmp_path, TELEGRAM_BASE_URL=emu.base_url)
        code, log = await _run_until(tmp_path, env, "never printed", limit=60)
    assert code == 2, log
    assert log.strip().splitlines()[-1] == (
        "gutcheck: Telegram rejected TELEGRAM_BOT_TOKEN (401 Unauthorized): copy the token "
        "again from @BotFather"
    )
    assert "Traceback" not in log
    assert "Unclosed" not in log
    assert TOKEN.split(":")[1] not in log


def test_webhook_flag_without_url_is_one_line(tmp_path: Path) -> None:
    result = gutcheck("run", "--webhook", env={"TELEGRAM_BOT_TOKEN": TOKEN}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gutcheck: --webhook needs WEBHOOK_URL: the public https:// address Telegram posts "
        "updates to"
    ]


def test_plain_http_webhook_url_is_refused(tmp_path: Path) -> None:
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "http://bot.example.org/hook"}
    result = gutcheck("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    assert "WEBHOOK_URL" in result.stderr
    assert "Traceback" not in result.stderr
