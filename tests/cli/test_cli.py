"""The gutcheck command as an operator meets it: clear one-line errors, working sub-commands."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from bot.settings import Settings
from tests.processes import REPO_ROOT, unconfigured_environment

ROOT = REPO_ROOT


def gutcheck(
    *args: str, env: dict[str, str] | None = None, cwd: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**unconfigured_environment(), "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = gutcheck("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "db", "content"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("token", "expected"),
    [("not-a-token", "does not look like a bot token"), ("", "TELEGRAM_BOT_TOKEN is not set")],
)
def test_bad_token_is_one_clear_line_and_exit_code_2(
    tmp_path: Path, token: str, expected: str
) -> None:
    env = {"TELEGRAM_BOT_TOKEN": token}
    result = gutcheck("run", env=env, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "TELEGRAM_BOT_TOKEN" in lines[0]
    assert "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr


def test_invalid_setting_is_reported_without_a_traceback(tmp_path: Path) -> None:
    result = gutcheck("run", env={"LOG_LEVEL": "LOUD"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "LOG_LEVEL" in result.stderr
    assert "Traceback" not in result.stderr


def test_db_upgrade_creates_the_default_sqlite_database(tmp_path: Path) -> None:
    result = gutcheck("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "gutcheck.db").exists()
    current = gutcheck("db", "current", cwd=tmp_path)
    assert "current: 0" in current.stdout


def test_env_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"DATABASE_URL=sqlite+aiosqlite:///{tmp_path}/elsewhere.db\n")
    result = gutcheck("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "elsewhere.db").exists()


def test_content_check_passes_on_the_shipped_packs(tmp_path: Path) -> None:
    result = gutcheck("content", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


def test_every_setting_is_documented_for_operators() -> None:
    example = (ROOT / ".env.example").read_text()
    readme = (ROOT / "README.md").read_text()
    for name in Settings.model_fields:
        variable = name.upper()
        assert f"{variable}=" in example, f"{variable} missing from .env.example"
        assert f"`{variable}`" in readme, f"{variable} missing from the README's table"


# `make run` without a token starts the sandbox (and its emulator): it ships with the bot.
SHIPPED_PACKAGES = ("bot", "handlers", "models", "sandbox")


def test_a_plain_pip_install_carries_every_data_file() -> None:
    """The Docker image runs `pip install .` (not editable): every file the code reads at run
    time (content packs, fonts, places, migrations, sandbox page) must be package data."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["*"]
    assert config["tool"]["setuptools"]["packages"]["find"]["include"] == [
        f"{package}*" for package in SHIPPED_PACKAGES
    ], "pyproject's packages.find must ship every top-level package"
    docs_only = {"bot/reports/sample_report.png"}  # shown in the README, never read
    missing = [
        str(path.relative_to(ROOT))
        for package in SHIPPED_PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix != ".py"
        and str(path.relative_to(ROOT)) not in docs_only
        and not any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns)
    ]
    assert missing == [], f"not in [tool.setuptools.package-data]: {missing}"
