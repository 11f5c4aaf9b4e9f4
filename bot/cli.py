"""The ``gutcheck`` command."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from bot.settings import Settings, token_problem

SANDBOX_HOST = "127.0.0.1"
SANDBOX_PORT = 8080

TOKEN_HELP = {
    "missing": (
        "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram (/newbot), "
        "then put its token in .env as TELEGRAM_BOT_TOKEN=123456:ABC…"
    ),
    "malformed": (
        "TELEGRAM_BOT_TOKEN does not look like a bot token (expected 123456789:ABC…, as "
        "@BotFather gives it): check .env or the environment"
    ),
}


def load_settings() -> Settings:
    """Settings from the environment and .env; invalid values end the program with one line
    per problem (exit code 2), never a traceback."""
    try:
        return Settings()
    except ValidationError as error:
        for problem in error.errors():
            name = "_".join(str(part) for part in problem["loc"]).upper()
            print(f"gutcheck: {name}: {problem['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gutcheck",
        description="Gut Check: morning and evening check-ins for immune-supporting habits.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    run = commands.add_parser("run", help="run the bot (long polling); needs TELEGRAM_BOT_TOKEN")
    start = commands.add_parser(
        "start",
        help="run the bot if TELEGRAM_BOT_TOKEN is configured, otherwise the local sandbox "
        "(what `make run` does)",
    )
    for command in (run, start):
        command.add_argument(
            "--no-migrate", action="store_true", help="do not apply pending database migrations"
        )
    run.add_argument(
        "--webhook",
        action="store_true",
        help="receive updates over HTTP at WEBHOOK_URL instead of long polling (the default "
        "when WEBHOOK_URL is set)",
    )
    sandbox = commands.add_parser(
        "sandbox",
        help="try Gut Check in the browser: the real bot, a local Bot API emulator, simulated "
        "users and a clock you can move forward (no Telegram account or token needed)",
    )
    sandbox.add_argument("--host", default=SANDBOX_HOST, help="address to serve the page on")
    sandbox.add_argument("--port", type=int, default=SANDBOX_PORT, help="port (0: any free one)")
    sandbox.add_argument(
        "--keep-db",
        type=Path,
        metavar="PATH",
        help="keep the sandbox's SQLite database in PATH (default: a temporary file, deleted "
        "on exit); never the real bot's database",
    )
    sandbox.add_argument("--open", action="store_true", help="open the page in a web browser")
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply pending migrations")
    db_commands.add_parser("current", help="show the database's migration revision")
    backup = db_commands.add_parser(
        "backup",
        help="copy the SQLite database to PATH while the bot may be running (SQLite's online "
        "backup API); for PostgreSQL use pg_dump",
    )
    backup.add_argument("path", type=Path, metavar="PATH", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace PATH if it exists")
    copy = db_commands.add_parser(
        "copy",
        help="copy every row of this database (DATABASE_URL) into an empty one, typically "
        "PostgreSQL, and verify the row counts per table; stop the bot first",
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the target database, e.g. postgresql+asyncpg://gutcheck:secret@db/gutcheck",
    )
    content = commands.add_parser("content", help="article and tips content")
    content_commands = content.add_subparsers(
        dest="content_command", metavar="ACTION", required=True
    )
    content_commands.add_parser("check", help="validate every content pack")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command in ("run", "start"):
        return _run(
            no_migrate=args.no_migrate,
            sandbox_without_token=args.command == "start",
            webhook=getattr(args, "webhook", False),
        )
    if args.command == "sandbox":
        return _sandbox(
            host=args.host, port=args.port, keep_db=args.keep_db, open_browser=args.open
        )
    if args.command == "db":
        if args.db_command == "backup":
            return _db_backup(args.path, force=args.force)
        if args.db_command == "copy":
            return _db_copy(args.to)
        return _db(args.db_command)
    if args.command == "content":
        from bot.tips import content_check

        return content_check()
    return 2


def use_fast_event_loop() -> None:
    """uvloop where available: it roughly doubles how many messages one process can send."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - Windows, or a trimmed install
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def _exit_cleanly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def _run(*, no_migrate: bool, sandbox_without_token: bool, webhook: bool = False) -> int:
    # Until serve() installs its handler, SIGTERM would kill the process outright (exit
    # status -15), possibly in the middle of a migration; SystemExit unwinds it cleanly instead.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    settings = load_settings()
    problem = token_problem(settings.telegram_bot_token)
    # A deployment with a forgotten token must fail loudly (`run`); someone who just cloned
    # the project is shown the bot working, locally (`start`).
    if problem == "missing" and sandbox_without_token:
        # Someone who just cloned the project: show them the bot working, locally.
        return _sandbox(
            host=SANDBOX_HOST,
            port=SANDBOX_PORT,
            keep_db=None,
            open_browser=False,
            announcement=(
                "No TELEGRAM_BOT_TOKEN configured: starting the local sandbox at {url} "
                "— set a token to run the real bot."
            ),
        )
    if problem is not None:
        print(f"gutcheck: {TOKEN_HELP[problem]}", file=sys.stderr)
        return 2
    assert settings.telegram_bot_token is not None
    webhook = webhook or settings.webhook_url is not None
    if webhook and settings.webhook_url is None:
        return _fail(
            "--webhook needs WEBHOOK_URL: the public https:// address Telegram posts updates to"
        )
    from bot.app import build_application
    from bot.fleet.serve import StartFailed, serve
    from bot.logs import configure_logging
    from models.database_url import prepare_sqlite_folder
    from models.migrate import current_revision, head_revision, upgrade

    configure_logging(settings.log_level, secrets=(settings.telegram_bot_token.get_secret_value(),))
    try:
        prepare_sqlite_folder(settings.database_url)
        if settings.auto_migrate and not no_migrate:
            upgrade(settings.database_url)
        else:
            # No migration to run, but the database must answer before Telegram is asked.
            revision = asyncio.run(current_revision(settings.database_url))
            if revision != head_revision():
                print(
                    f"gutcheck: the database is at revision {revision or 'none'} and this "
                    f"version expects {head_revision()}: run `gutcheck db upgrade` first",
                    file=sys.stderr,
                )
                return 2
    except Exception as error:
        problem = _database_problem(error, settings.database_url)
        if problem is None:
            raise
        return _fail(problem)
    application = build_application(settings)
    use_fast_event_loop()
    try:
        asyncio.run(serve(application, webhook=webhook))
    except StartFailed as error:
        return _fail(str(error))
    except OSError as error:  # typically: the webhook or health port is taken
        return _fail(f"cannot listen: {error.strerror or error}", 1)
    except KeyboardInterrupt:
        pass
    return 0


def _sandbox(
    *,
    host: str,
    port: int,
    keep_db: Path | None,
    open_browser: bool,
    announcement: str | None = None,
) -> int:
    if keep_db is not None and _is_the_real_database(keep_db):
        print(
            f"gutcheck: {keep_db} is the real bot's database (DATABASE_URL); "
            "the sandbox keeps its data elsewhere",
            file=sys.stderr,
        )
        return 2
    from bot.logs import configure_logging
    from sandbox import SandboxOptions, serve_until_stopped

    configure_logging("WARNING")
    options = SandboxOptions(host=host, port=port, keep_db=keep_db)
    try:
        asyncio.run(
            serve_until_stopped(options, open_browser=open_browser, announcement=announcement)
        )
    except OSError as error:  # typically: the port is taken
        print(f"gutcheck: cannot start the sandbox on {host}:{port}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _is_the_real_database(path: Path) -> bool:
    try:
        real = Settings().sqlite_path()
    except ValidationError:
        return False
    return real is not None and real.expanduser().resolve() == path.expanduser().resolve()


def _fail(line: str, code: int = 2) -> int:
    print(f"gutcheck: {line}", file=sys.stderr)
    return code


def _database_problem(error: BaseException, database_url: str) -> str | None:
    """The one line for a database that cannot be used, or ``None`` for anything else."""
    from models.connect_errors import describe
    from models.database_url import DatabaseUrlError

    if isinstance(error, DatabaseUrlError):
        return str(error)
    return describe(error, database_url)


def _db(action: str) -> int:
    settings = load_settings()
    from models.database_url import existing_sqlite_file, prepare_sqlite_folder
    from models.migrate import current_revision, head_revision, upgrade

    try:
        if action == "upgrade":
            prepare_sqlite_folder(settings.database_url)
            upgrade(settings.database_url)
            print(f"database is at revision {head_revision()}")
            return 0
        existing_sqlite_file(settings.database_url)  # checks the URL too
        revision = asyncio.run(current_revision(settings.database_url))
    except Exception as error:
        problem = _database_problem(error, settings.database_url)
        if problem is None:
            raise
        return _fail(problem)
    print(f"current: {revision or 'empty database'}; head: {head_revision()}")
    return 0


def _db_copy(target_url: str) -> int:
    settings = load_settings()
    from models.connect_errors import where
    from models.copy import CopyMismatch, CopyRefused, copy_database
    from models.database_url import existing_sqlite_file, parse_database_url

    def show(table: str, rows: int) -> None:
        print(f"  {table}: {rows} rows copied", flush=True)

    current_url = settings.database_url
    try:
        parse_database_url(current_url)
        try:
            parse_database_url(target_url)
        except ValueError as error:
            return _fail(str(error).replace("DATABASE_URL", "--to"))
        existing_sqlite_file(current_url)
        print(f"copying {where(current_url)} to {where(target_url)}")
        counts = asyncio.run(copy_database(current_url, target_url, progress=show))
    except CopyRefused as error:
        return _fail(str(error))
    except CopyMismatch as error:
        return _fail(str(error), 1)
    except Exception as error:
        problem = _database_problem(error, target_url) or _database_problem(error, current_url)
        if problem is None:
            raise
        return _fail(problem)
    total = sum(count.target for count in counts)
    print(f"verified: every table holds the same number of rows in both ({total} rows)")
    print("next: set DATABASE_URL to the new database and start the bot")
    return 0


def _db_backup(destination: Path, *, force: bool) -> int:
    settings = load_settings()
    from models.backup import BackupError, BackupRefused, backup_database

    try:
        result = backup_database(settings.database_url, destination, force=force)
    except BackupError as error:
        print(f"gutcheck: {error}", file=sys.stderr)
        return 2 if isinstance(error, BackupRefused) else 1
    print(
        f"backed up {result.source} to {result.destination} "
        f"({result.pages} pages, {result.size_bytes / 1_000_000:.1f} MB)"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
