"""The bot being blocked, unblocked, or added to a group."""

from __future__ import annotations

import logging

from telegram import ChatMember, Update

from bot.texts import t
from handlers.common import Context, services

logger = logging.getLogger(__name__)

_GONE = {ChatMember.BANNED, ChatMember.LEFT}


async def my_chat_member(update: Update, context: Context) -> None:
    change = update.my_chat_member
    if change is None:
        return
    chat = change.chat
    was_member = change.old_chat_member.status not in _GONE
    is_member = change.new_chat_member.status not in _GONE
    if chat.type == chat.PRIVATE:
        users = services(context).users
        if is_member and not was_member:
            await users.mark_reachable(chat.id)
        elif was_member and not is_member:
            await users.mark_unreachable(chat.id)
        return
    if is_member and not was_member:
        # Check-ins are personal: say so once, then leave; nothing about the group is stored.
        await context.bot.send_message(chat.id, t("private_only"))
        await chat.leave()
