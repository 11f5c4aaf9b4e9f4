"""Shared plumbing for handlers: finding the services, and carrying out an Outcome."""

from __future__ import annotations

import asyncio
import logging
from typing import cast

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.replies import Outcome, Reply
from bot.services.container import Services
from bot.services.profile import TelegramProfile
from handlers.sending import ShownEdits, edit_reply, send_reply, strip_keyboard

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
SERVICES_KEY = "services"
SHOWN_EDITS_KEY = "shown_edits"


def services(context: Context) -> Services:
    return cast(Services, context.application.bot_data[SERVICES_KEY])


def _shown_edits(context: Context) -> ShownEdits:
    shown = context.application.bot_data.get(SHOWN_EDITS_KEY)
    if not isinstance(shown, ShownEdits):
        shown = context.application.bot_data[SHOWN_EDITS_KEY] = ShownEdits()
    return shown


def sender(update: Update) -> TelegramProfile | None:
    """The private-chat user behind an update, or None (groups, channels, anonymous)."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != chat.PRIVATE or user.is_bot:
        return None
    return TelegramProfile(
        user_id=user.id,
        chat_id=chat.id,
        first_name=user.first_name,
        language_code=user.language_code,
    )


def is_stale_button_press(error: BaseException | None) -> bool:
    """Telegram's answer to a button press answered too late or twice (a press delivered again
    after a restart, or handled while an earlier copy was): nothing the person needs to hear."""
    return isinstance(error, BadRequest) and "query is too old" in error.message.lower()


async def _answer_press(query: CallbackQuery, outcome: Outcome) -> None:
    try:
        await query.answer(outcome.toast, show_alert=outcome.alert)
    except BadRequest as error:
        if not is_stale_button_press(error):
            raise
        # The spinner is long gone; the answer is stored, so the edit still shows it.
        logger.debug("button press answered too late: %s", error.message)


async def _edit_pressed(context: Context, message: Message, reply: Reply) -> None:
    """Show the press's result in the message pressed, unless it would change nothing."""
    shown = _shown_edits(context)
    planned = shown.plan(message, reply)
    if planned is not None:
        await edit_reply(context.bot, message.chat.id, message.message_id, reply)
        shown.remember(planned)


async def deliver(update: Update, context: Context, outcome: Outcome) -> None:
    """Answer the button press (always — Telegram shows a spinner until we do), edit the
    message it belongs to, then send any new messages."""
    bot = context.bot
    query = update.callback_query
    chat = update.effective_chat
    edited_id: int | None = None
    if query is not None:
        message = query.message
        if (
            outcome.edit is None
            or outcome.edit_message_id is not None
            or not isinstance(message, Message)
        ):
            await _answer_press(query, outcome)
        else:
            edited_id = message.message_id
            # The toast and the edit go out together: the answer shows a round trip sooner.
            for result in await asyncio.gather(
                _answer_press(query, outcome),
                _edit_pressed(context, message, outcome.edit),
                return_exceptions=True,
            ):
                if isinstance(result, BaseException):
                    raise result
    if chat is None:
        return
    if outcome.edit is not None and outcome.edit_message_id is not None:
        try:
            await edit_reply(bot, chat.id, outcome.edit_message_id, outcome.edit)
            edited_id = outcome.edit_message_id
        except BadRequest as error:  # deleted by the user, or too old to edit: nothing lost
            logger.debug("could not update an earlier prompt: %s", error.message)
    last_message_id: int | None = None
    for reply in outcome.send:
        sent = await send_reply(bot, chat.id, reply)
        last_message_id = sent.message_id
    prompt_id = last_message_id or edited_id
    user = update.effective_user
    if outcome.remember_prompt and prompt_id is not None and user is not None:
        await services(context).profile.remember_prompt(user.id, prompt_id)
    if outcome.prompt_checkin_id is not None and last_message_id is not None:
        await services(context).checkins.remember_message(
            outcome.prompt_checkin_id, last_message_id
        )
    if outcome.strip_keyboard_of is not None and outcome.strip_keyboard_of != last_message_id:
        await strip_keyboard(bot, chat.id, outcome.strip_keyboard_of)
