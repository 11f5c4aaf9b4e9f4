"""Turning :class:`bot.replies.Reply` into Bot API calls — the one place that knows how
replies map onto Telegram (parse mode, keyboards, photos, "message is not modified")."""

from __future__ import annotations

import html
import logging
import re
import warnings
from collections import Counter, OrderedDict
from io import BytesIO
from typing import NamedTuple

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from bot.replies import Keyboard, Reply

logger = logging.getLogger(__name__)

# broadcast_text and edit_reply call do_api_request on purpose (see there); PTB nudges towards
# send_message / edit_message_text for known methods, which here would cost the work we avoid.
warnings.filterwarnings(
    "ignore",
    message=r"Please use 'Bot\.(sendMessage|editMessageText)'",
    category=PTBUserWarning,
)

ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def inline_markup(keyboard: Keyboard) -> InlineKeyboardMarkup | None:
    if not keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.data) for b in row] for row in keyboard]
    )


def reply_markup(reply: Reply) -> ReplyMarkup | None:
    if reply.location_button:
        return ReplyKeyboardMarkup(
            [[KeyboardButton(reply.location_button, request_location=True)]],
            resize_keyboard=True,
            one_time_keyboard=True,
        )
    if reply.remove_reply_keyboard:
        return ReplyKeyboardRemove()
    return inline_markup(reply.keyboard)


async def send_reply(
    bot: Bot, chat_id: int, reply: Reply, *, allow_paid_broadcast: bool | None = None
) -> Message:
    markup = reply_markup(reply)
    if reply.photo is not None:
        return await bot.send_photo(
            chat_id,
            photo=InputFile(BytesIO(reply.photo), filename="chart.png"),
            caption=reply.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    if reply.document is not None:
        return await bot.send_document(
            chat_id,
            document=InputFile(BytesIO(reply.document), filename=reply.document_name or "file"),
            caption=reply.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    return await bot.send_message(
        chat_id,
        reply.text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup,
        allow_paid_broadcast=allow_paid_broadcast,
    )


def _keyboard_json(keyboard: Keyboard) -> dict[str, object]:
    return {
        "inline_keyboard": [
            [{"text": button.label, "callback_data": button.data} for button in row]
            for row in keyboard
        ]
    }


async def broadcast_text(
    bot: Bot, chat_id: int, reply: Reply, *, allow_paid_broadcast: bool = False
) -> int:
    """Send a scheduled text message and return its message id.

    The fan-out's hot path: the same request as ``send_message`` (through the rate limiter and
    the same error mapping), without building PTB objects for the keyboard and the answer, which
    cost about a fifth of the event loop's time per message.
    """
    if reply.photo is not None or reply.document is not None or reply.location_button:
        return (
            await send_reply(bot, chat_id, reply, allow_paid_broadcast=allow_paid_broadcast)
        ).message_id
    api_kwargs: dict[str, object] = {
        "chat_id": chat_id,
        "text": str(reply.text),
        "parse_mode": "HTML",
    }
    if reply.keyboard:
        api_kwargs["reply_markup"] = _keyboard_json(reply.keyboard)
    if allow_paid_broadcast:
        api_kwargs["allow_paid_broadcast"] = True
    result = await bot.do_api_request("sendMessage", api_kwargs=api_kwargs)
    return int(result["message_id"])


def _not_modified(error: BadRequest) -> bool:
    return "not modified" in error.message.lower()


_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z-]+)[^>]*>")
_SAME_TAG = {"strong": "b", "em": "i", "ins": "u", "del": "s", "strike": "s", "tg-spoiler": "span"}


def _text_and_tags(markup: str) -> tuple[str, Counter[str]]:
    """Plain text and the formatting tags of Telegram HTML (synonyms folded together)."""
    tags = Counter(
        _SAME_TAG.get(name.lower(), name.lower())
        for closing, name in _TAG.findall(markup)
        if not closing
    )
    return html.unescape(_TAG.sub("", markup)).strip(), tags


Fingerprint = tuple[str, tuple[tuple[str, int], ...], tuple[tuple[tuple[str, str], ...], ...]]


def _fingerprint(text: str, buttons: list[list[tuple[str, str]]]) -> Fingerprint:
    plain, tags = _text_and_tags(text)
    return plain, tuple(sorted(tags.items())), tuple(tuple(row) for row in buttons)


def message_fingerprint(message: Message) -> Fingerprint | None:
    """What a text message shows (text, formatting, buttons); None for other messages."""
    if message.text is None:
        return None
    shown = message.reply_markup.inline_keyboard if message.reply_markup else ()
    buttons = [[(button.text, str(button.callback_data)) for button in row] for row in shown]
    return _fingerprint(message.text_html, buttons)


def reply_fingerprint(reply: Reply) -> Fingerprint:
    buttons = [[(button.label, button.data) for button in row] for row in reply.keyboard]
    return _fingerprint(reply.text, buttons)


class PlannedEdit(NamedTuple):
    """An edit worth making, with what the message shows before and after it."""

    key: tuple[int, int]
    before: Fingerprint | None
    after: Fingerprint | None


class ShownEdits:
    """Edits that would change nothing, spotted before Telegram refuses them with 400 "message
    is not modified".

    A press carries the message as it was when pressed. The edit is skipped when that already
    shows the answer, or when it repeats the last edit made from that same state: a double tap,
    whose two presses both carry the original message and both produce the same edit.
    """

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._last: OrderedDict[tuple[int, int], tuple[Fingerprint, Fingerprint]] = OrderedDict()

    def plan(self, message: Message, reply: Reply) -> PlannedEdit | None:
        """The edit to make, or None when it would change nothing. Each side's fingerprint is
        taken once (reading a message's HTML back is a large share of a press's work)."""
        key = _key(message)
        if reply.photo is not None or reply.document is not None:
            return PlannedEdit(key, None, None)
        before = message_fingerprint(message)
        if before is None:
            return PlannedEdit(key, None, None)
        after = reply_fingerprint(reply)
        if before == after or self._last.get(key) == (before, after):
            return None
        return PlannedEdit(key, before, after)

    def remember(self, edit: PlannedEdit) -> None:
        """Note an edit Telegram accepted."""
        if edit.before is None or edit.after is None:
            return
        self._last[edit.key] = (edit.before, edit.after)
        self._last.move_to_end(edit.key)
        while len(self._last) > self._size:
            self._last.popitem(last=False)


def _key(message: Message) -> tuple[int, int]:
    return message.chat.id, message.message_id


async def edit_reply(bot: Bot, chat_id: int, message_id: int, reply: Reply) -> None:
    """Replace a message's text and inline keyboard; an identical edit is not an error.

    Every press's answer: the same request as ``edit_message_text``, without building PTB
    objects for the keyboard or parsing the edited message Telegram sends back (unused here).
    """
    api_kwargs: dict[str, object] = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": str(reply.text),
        "parse_mode": "HTML",
    }
    if reply.keyboard:  # none given: Telegram removes the keyboard, as the answer wants
        api_kwargs["reply_markup"] = _keyboard_json(reply.keyboard)
    try:
        await bot.do_api_request("editMessageText", api_kwargs=api_kwargs)
    except BadRequest as error:
        if not _not_modified(error):
            raise


async def strip_keyboard(bot: Bot, chat_id: int, message_id: int) -> None:
    """Remove the buttons of an older copy of a prompt; it may be gone already, which is fine."""
    try:
        await bot.edit_message_reply_markup(
            chat_id=chat_id, message_id=message_id, reply_markup=None
        )
    except BadRequest as error:
        logger.debug("could not remove an old keyboard: %s", error.message)
