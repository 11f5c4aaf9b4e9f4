"""Running this checkout's commands (``python -m …``) as their own processes in tests."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def unconfigured_environment() -> dict[str, str]:
    """This process's environment without any TELEGRAM_* or DATABASE_* setting, so a command
    run from a test never picks up a developer's real token or database."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_"))}


@asynccontextmanager
async def python_module(
    module: str,
    *args: str,
    cwd: Path,
    env: Mapping[str, str] | None = None,
    merge_stderr: bool = False,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m module args`` with this checkout importable, its output piped. Killed on the
    way out if still running, so a failed assertion never leaves a server behind."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        *args,
        cwd=cwd,
        env={**(os.environ if env is None else env), "PYTHONPATH": str(REPO_ROOT)},
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT if merge_stderr else asyncio.subprocess.PIPE,
    )
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
