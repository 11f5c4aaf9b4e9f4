"""``gutcheck sandbox``, and ``gutcheck start`` (the README's run command) without a token."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import cli
from sandbox import SandboxOptions
from tests.processes import python_module


@pytest.fixture
def no_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No token and no .env: a fresh clone."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


class FakeServe:
    def __init__(self) -> None:
        self.calls: list[tuple[SandboxOptions, dict[str, Any]]] = []

    async def __call__(self, options: SandboxOptions, **kwargs: Any) -> None:
        self.calls.append((options, kwargs))


@pytest.fixture
def fake_serve(monkeypatch: pytest.MonkeyPatch) -> FakeServe:
    fake = FakeServe()
    monkeypatch.setattr("sandbox.serve_until_stopped", fake)
    return fake


def test_start_without_a_token_starts_the_sandbox_and_says_so(
    no_configuration: Path, fake_serve: FakeServe
) -> None:
    assert cli.main(["start"]) == 0
    [(options, kwargs)] = fake_serve.calls
    assert (options.host, options.port, options.keep_db) == ("127.0.0.1", 8080, None)
    line = kwargs["announcement"].replace("{url}", "http://127.0.0.1:8080")
    assert line == (
        "No TELEGRAM_BOT_TOKEN configured: starting the local sandbox at "
        "http://127.0.0.1:8080 — set a token to run the real bot."
    )


def test_run_without_a_token_is_an_error_not_a_sandbox(
    no_configuration: Path, fake_serve: FakeServe, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["run"]) == 2
    assert fake_serve.calls == []
    assert "TELEGRAM_BOT_TOKEN is not set" in capsys.readouterr().err


def test_start_with_a_malformed_token_is_still_an_error(
    no_configuration: Path,
    fake_serve: FakeServe,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token")
    assert cli.main(["start"]) == 2
    assert fake_serve.calls == []
    assert "does not look like a bot token" in capsys.readouterr().err


def test_sandbox_options_reach_the_sandbox(no_configuration: Path, fake_serve: FakeServe) -> None:
    kept = no_configuration / "try.db"
    assert (
        cli.main(["sandbox", "--host", "127.0.0.2", "--port", "9999", "--keep-db", str(kept)]) == 0
    )
    [(options, kwargs)] = fake_serve.calls
    assert (options.host, options.port, options.keep_db) == ("127.0.0.2", 9999, kept)
    assert kwargs == {"open_browser": False, "announcement": None}


def test_sandbox_refuses_to_keep_its_data_in_the_real_database(
    no_configuration: Path,
    fake_serve: FakeServe,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    real = no_configuration / "real.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{real}")
    assert cli.main(["sandbox", "--keep-db", str(real)]) == 2
    assert fake_serve.calls == []
    assert "real bot's database" in capsys.readouterr().err


async def test_the_command_prints_its_address_serves_and_cleans_up_on_sigterm(
    no_configuration: Path,
) -> None:
    temporary = no_configuration / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    async with python_module(
        "bot", "sandbox", "--port", "0", cwd=no_configuration, env=env
    ) as process:
        assert process.stdout is not None
        line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
        assert line.startswith("Gut Check sandbox: http://127.0.0.1:"), line
        url = line.split()[3]
        async with aiohttp.ClientSession() as http, http.get(url + "/api/state") as response:
            state = (await response.json())["result"]
        assert state["database"]["throw_away"] is True
        [folder] = temporary.iterdir()
        assert folder.name.startswith("gutcheck-sandbox-")
        process.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(process.wait(), 60)
    assert code == 0
    assert list(temporary.iterdir()) == []  # the throw-away database is gone
