"""The command menu (setMyCommands): everyone's, plus /admin in each operator's own chat."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.texts import label

logger = logging.getLogger(__name__)

COMMANDS = (
    "start",
    "checkin",
    "today",
    "streaks",
    "week",
    "insights",
    "settings",
    "pause",
    "resume",
    "tips",
    "about",
    "export",
    "delete",
    "help",
    "cancel",
)
OPERATOR_COMMANDS = ("admin",)
OPERATOR_MENUS_KEY = "operator_menus"
"""bot_data key: the operators whose chat already shows /admin (set once per process)."""


def command_menu(*, operator: bool = False) -> list[BotCommand]:
    names = (*COMMANDS, *OPERATOR_COMMANDS) if operator else COMMANDS
    return [BotCommand(name, label(f"cmd_{name}")) for name in names]


async def register_menus(bot: Bot, bot_data: dict[Any, Any], operators: frozenset[int]) -> None:
    await bot.set_my_commands(command_menu())
    for user_id in sorted(operators):
        await offer_operator_menu(bot, bot_data, user_id)


async def offer_operator_menu(bot: Bot, bot_data: dict[Any, Any], user_id: int) -> None:
    """Show /admin in this operator's chat, once per process. Telegram refuses a chat scope
    until the operator has written to the bot, so the guard offers it again when they do."""
    done: set[int] = bot_data.setdefault(OPERATOR_MENUS_KEY, set())
    if user_id in done:
        return
    try:
        await bot.set_my_commands(command_menu(operator=True), scope=BotCommandScopeChat(user_id))
    except TelegramError as error:
        logger.info("No /admin menu entry for an operator yet: %s", error.message)
        return
    done.add(user_id)
