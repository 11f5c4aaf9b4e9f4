"""The emergency check: the first handler every update meets (group -2, before the access
guard, routing and any database write).

It reads the text of a message, a photo's caption, an edited message and the words after a
command ("/help my throat is closing"), and answers an emergency at once, in the message's
language. It never stops the update: what the text also answers (a check-in question, a
command) is handled as usual after the emergency reply. People not on the allow list get it
too (nothing about them is stored); so does everyone while the database is down.
"""

from __future__ import annotations

import logging

from telegram import Update

from handlers.common import Context, services
from handlers.sending import send_reply

logger = logging.getLogger(__name__)


async def first_check(update: Update, context: Context) -> None:
    message = update.message or update.edited_message
    if message is None or message.chat.type != message.chat.PRIVATE:
        return
    text = message.text or message.caption
    user = update.effective_user
    if not text or user is None or user.is_bot:
        return
    reply = await services(context).emergency.reply_for(user.id, text)
    if reply is None:
        return
    try:
        await send_reply(context.bot, message.chat.id, reply)
    except Exception:  # the normal handlers must still run; the error is logged
        logger.exception("emergency reply could not be sent")
