"""The global error handler: the user gets an apology, the log gets the details."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError

from bot.texts import t
from handlers.common import Context, is_stale_button_press

logger = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    update_id = update.update_id if isinstance(update, Update) else None
    if is_stale_button_press(context.error):
        logger.debug("late duplicate of a button press in update %s: %s", update_id, context.error)
        return
    # The traceback, never the update itself: it carries the user's answers.
    logger.error("error while handling update %s", update_id, exc_info=context.error)
    if not isinstance(update, Update) or isinstance(context.error, Forbidden):
        return
    chat = update.effective_chat
    if chat is None or chat.type != chat.PRIVATE:
        return
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    language = update.effective_user.language_code if update.effective_user else None
    try:
        await context.bot.send_message(chat.id, t("error_apology", language))
    except TelegramError:
        logger.warning("could not send the apology for update %s", update_id)
