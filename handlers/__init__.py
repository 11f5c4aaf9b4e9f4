"""The Telegram wing: with the composition root (bot/app.py and bot/fleet/serve.py) the only
code that imports `telegram` (tests/unit/test_import_rules.py).

Adapters read an update, call a service and send what it returns (sending.py); around them sit
the dispatcher's Telegram side (dispatch.py), the HTTP transport (transport.py), the rate
limiter, the per-chat update order (updates.py), the webhook intake (webhook.py) and the
health endpoints' Telegram probe (probe.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from handlers import access, callbacks, commands, emergency, errors, membership, messages
from handlers.menu import COMMANDS

__all__ = ["COMMANDS", "register_handlers"]


def register_handlers(application: Application) -> None:  # type: ignore[type-arg]
    private = filters.ChatType.PRIVATE
    # The emergency check first, before the access guard and any database access.
    application.add_handler(TypeHandler(Update, emergency.first_check), group=-2)
    application.add_handler(TypeHandler(Update, access.guard), group=-1)
    application.add_handler(CommandHandler("start", commands.start, filters=private))
    application.add_handler(CommandHandler("checkin", commands.checkin, filters=private))
    application.add_handler(CommandHandler("today", commands.today, filters=private))
    application.add_handler(CommandHandler("settings", commands.settings, filters=private))
    application.add_handler(CommandHandler("streaks", commands.streaks, filters=private))
    application.add_handler(CommandHandler("week", commands.week, filters=private))
    application.add_handler(CommandHandler("insights", commands.insights, filters=private))
    application.add_handler(CommandHandler("pause", commands.pause, filters=private))
    application.add_handler(CommandHandler("resume", commands.resume, filters=private))
    application.add_handler(CommandHandler("export", commands.export, filters=private))
    application.add_handler(CommandHandler("delete", commands.delete, filters=private))
    application.add_handler(CommandHandler("admin", commands.admin, filters=private))
    application.add_handler(CommandHandler("tips", commands.tips, filters=private))
    application.add_handler(CommandHandler("about", commands.about, filters=private))
    application.add_handler(CommandHandler("help", commands.help_command, filters=private))
    application.add_handler(CommandHandler("cancel", commands.cancel, filters=private))
    application.add_handler(MessageHandler(private & filters.COMMAND, commands.unknown))
    application.add_handler(CallbackQueryHandler(callbacks.on_button))
    application.add_handler(MessageHandler(private & filters.LOCATION, messages.location))
    application.add_handler(
        MessageHandler(
            private & filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, messages.text
        )
    )
    application.add_handler(
        MessageHandler(
            private & ~filters.UpdateType.EDITED & ~filters.TEXT & ~filters.LOCATION,
            messages.unsupported,
        )
    )
    application.add_handler(
        ChatMemberHandler(membership.my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_error_handler(errors.on_error)
