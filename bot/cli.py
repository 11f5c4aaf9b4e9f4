"""The ``gutcheck`` command."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.settings import Settings, token_problem

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
    run = commands.add_parser("run", help="run the bot (long polling)")
    run.add_argument(
        "--no-migrate", action="store_true", help="do not apply pending database migrations"
    )
    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser("upgrade", help="apply pending migrations")
    db_commands.add_parser("current", help="show the database's migration revision")
    content = commands.add_parser("content", help="article and tips content")
    content_commands = content.add_subparsers(
        dest="content_command", metavar="ACTION", required=True
    )
    content_commands.add_parser("check", help="validate every content pack")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "run":
        return _run(no_migrate=args.no_migrate)
    if args.command == "db":
        return _db(args.db_command)
    if args.command == "content":
        from bot.tips import content_check

        return content_check()
    return 2


def _run(*, no_migrate: bool) -> int:
    settings = load_settings()
    problem = token_problem(settings.telegram_bot_token)
    if problem is not None:
        print(f"gutcheck: {TOKEN_HELP[problem]}", file=sys.stderr)
        return 2
    assert settings.telegram_bot_token is not None
    from bot.app import ALLOWED_UPDATES, build_application
    from bot.logs import configure_logging
    from models.migrate import upgrade

    configure_logging(settings.log_level, secrets=(settings.telegram_bot_token.get_secret_value(),))
    if settings.auto_migrate and not no_migrate:
        upgrade(settings.database_url)
    application = build_application(settings)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def _db(action: str) -> int:
    settings = load_settings()
    from models.migrate import current_revision, head_revision, upgrade

    if action == "upgrade":
        upgrade(settings.database_url)
        print(f"database is at revision {head_revision()}")
        return 0
    revision = asyncio.run(current_revision(settings.database_url))
    print(f"current: {revision or 'empty database'}; head: {head_revision()}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
