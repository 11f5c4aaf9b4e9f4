"""Who may use this bot: runs before every other handler (group -1).

With ``ALLOWED_USER_IDS`` set, anyone else gets a polite refusal and nothing about them is
stored: the update stops here, before any handler could write a row.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.texts import t
from handlers.common import Context, services
from handlers.menu import offer_operator_menu


async def guard(update: Update, context: Context) -> None:
    user = update.effective_user
    if user is None:
        return
    settings = services(context).settings
    if user.id in settings.admin_user_ids:
        await offer_operator_menu(context.bot, context.bot_data, user.id)
    if settings.may_use(user.id):
        return
    language = user.language_code
    chat = update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer(t("not_allowed", language), show_alert=True)
    elif update.message is not None and chat is not None and chat.type == chat.PRIVATE:
        # The id lets an invited person ask the operator to add them to ALLOWED_USER_IDS.
        text = t("not_allowed", language) + "\n\n" + t("not_allowed_id", language, id=user.id)
        await update.message.reply_text(text, parse_mode="HTML")
    raise ApplicationHandlerStop
