"""Issue 14 item 14: every bad DATABASE_URL is one clear line and exit code 2, never a
traceback; a missing SQLite folder is created only under the working directory or /data."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.database_url import DatabaseUrlError, prepare_sqlite_folder
from tests.cli.test_cli import gutcheck


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        ("postgresql+asyncpg://nobody@127.0.0.1:1/x", "connection refused"),
        ("mysql://x", "sqlite+aiosqlite:///"),
        ("postgresql://user:secret@db.example/gutcheck", "write postgresql+asyncpg://user:***@"),
        ("sqlite:///gutcheck.db", "write sqlite+aiosqlite:///gutcheck.db"),
        ("not a url", "is not a database URL"),
        ("sqlite+aiosqlite:////proc/nope/x.db", "/proc/nope"),
        ("sqlite+aiosqlite:////nonexistent/dir/x.db", "/nonexistent/dir"),
    ],
)
@pytest.mark.parametrize("command", [("db", "upgrade"), ("db", "current")])
def test_bad_database_url_is_one_line_and_exit_code_2(
    tmp_path: Path, database_url: str, expected: str, command: tuple[str, ...]
) -> None:
    result = gutcheck(*command, env={"DATABASE_URL": database_url}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "secret" not in result.stderr
    assert not Path("/nonexistent").exists()


def test_run_with_a_refused_database_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/x",
        "TELEGRAM_BOT_TOKEN": "123456789:AAHfakeTokenForTheTestOnly_abcdefgh",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:1/bot",
    }
    result = gutcheck("run", env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "connection refused" in result.stderr.strip().splitlines()[-1]


def test_db_current_in_a_fresh_directory_says_how_to_create_the_database(tmp_path: Path) -> None:
    result = gutcheck("db", "current", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gutcheck: there is no database at data/gutcheck.db yet: run `gutcheck db upgrade` "
        "(or start the bot) to create it, or set DATABASE_URL"
    ]
    assert not (tmp_path / "data").exists()


def test_missing_folders_are_created_under_the_working_directory(tmp_path: Path) -> None:
    result = gutcheck(
        "db", "upgrade", env={"DATABASE_URL": "sqlite+aiosqlite:///deep/er/x.db"}, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "deep" / "er" / "x.db").is_file()


def test_missing_folders_elsewhere_are_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside" / "x.db"
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(DatabaseUrlError, match="does not exist; create it first"):
        prepare_sqlite_folder(f"sqlite+aiosqlite:///{outside}", cwd=work)
    assert not outside.parent.exists()
    # An existing folder anywhere is fine.
    prepare_sqlite_folder(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", cwd=work)


def test_copy_to_a_url_without_the_asyncio_driver_is_one_line(tmp_path: Path) -> None:
    result = gutcheck(
        "db",
        "copy",
        "--to",
        "postgresql://user@host/db",
        env={"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"},
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "gutcheck: --to needs the asyncio driver: write postgresql+asyncpg://user@host/db"
    ]


def test_run_without_migrating_checks_the_database_first(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'old.db'}",
        "TELEGRAM_BOT_TOKEN": "123456789:AAHfakeTokenForTheTestOnly_abcdefgh",
        "TELEGRAM_BASE_URL": "http://127.0.0.1:1/bot",
    }
    result = gutcheck("run", "--no-migrate", env=env, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "run `gutcheck db upgrade` first" in result.stderr.strip().splitlines()[-1]
    assert "Traceback" not in result.stderr
    refused = {**env, "DATABASE_URL": "postgresql+asyncpg://nobody@127.0.0.1:1/x"}
    result = gutcheck("run", "--no-migrate", env=refused, cwd=tmp_path)
    assert result.returncode == 2
    assert "connection refused" in result.stderr
