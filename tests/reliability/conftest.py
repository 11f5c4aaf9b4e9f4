"""Reliability tests: the ``slow`` marker, an emulator fixture, and a place for the figures the
crash and fault tests measure, printed at the end of the test session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio

from bot.emulator import BotApiEmulator
from tests.e2e.harness import TOKEN

_FIGURES = pytest.StashKey[list[tuple[str, list[str]]]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "slow: runs the bot as a subprocess many times (minutes); part of the default run",
    )


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    for title, lines in config.stash.get(_FIGURES, []):
        terminalreporter.write_sep("-", title)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def report_figures(request: pytest.FixtureRequest) -> Callable[[str, list[str]], None]:
    """Print a titled table now (visible with -s) and again in the session's summary."""

    def report(title: str, lines: list[str]) -> None:
        print(f"\n{title}\n" + "\n".join(lines))
        request.config.stash.setdefault(_FIGURES, []).append((title, lines))

    return report


@pytest_asyncio.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="GutCheckBot") as emu:
        yield emu
