"""What the emulator records: messages as a test sees them, requests, stored files."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sandbox.emulator.store import ChatState


@dataclass(slots=True)
class StoredFile:
    """An uploaded (or user-sent) file, addressable by file_id and downloadable by file_path."""

    file_id: str
    file_unique_id: str
    kind: str  # "photo", "document", "sticker", "voice"
    data: bytes | None  # None for files "sent by URL", which the emulator cannot fetch
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None
    width: int | None = None
    height: int | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else 0


@dataclass(slots=True)
class RecordedRequest:
    """One Bot API call as the emulator answered it. ``at`` is ``time.time()`` of the answer."""

    method: str
    params: dict[str, Any]
    status: int
    response: dict[str, Any]
    at: float

    @property
    def ok(self) -> bool:
        return self.status == 200

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "params": self.params,
            "status": self.status,
            "response": self.response,
            "at": self.at,
        }


@dataclass(eq=False, slots=True)
class EmulatedMessage:
    """A message in an emulated chat, sent by the bot or injected as a user's.

    ``text`` is the plain text after entity parsing; ``html`` is the raw text (or caption) as
    the bot sent it, before parsing, whatever the parse mode; it is None for user messages.
    ``api`` is the Message object exactly as the Bot API returned or delivered it.
    """

    chat_id: int
    message_id: int
    from_bot: bool
    sender_id: int
    date: datetime
    kind: str  # "text", "photo", "document", "location", "sticker", "voice"
    api: dict[str, Any]
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    html: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    photo: bytes | None = None
    photo_file_id: str | None = None
    document: bytes | None = None
    document_name: str | None = None
    document_file_id: str | None = None
    document_mime_type: str | None = None
    location: dict[str, Any] | None = None
    edit_count: int = 0
    edit_date: datetime | None = None
    deleted: bool = False

    @property
    def inline_keyboard(self) -> list[list[dict[str, Any]]] | None:
        if self.reply_markup is None:
            return None
        keyboard = self.reply_markup.get("inline_keyboard")
        return keyboard if isinstance(keyboard, list) else None

    @property
    def buttons(self) -> list[list[tuple[str, str]]]:
        """Inline keyboard as rows of (text, callback_data); "" for non-callback buttons."""
        keyboard = self.inline_keyboard or []
        return [
            [(str(button["text"]), str(button.get("callback_data", ""))) for button in row]
            for row in keyboard
        ]

    @property
    def callback_data(self) -> list[str]:
        return [data for row in self.buttons for _, data in row if data]

    @property
    def reply_keyboard(self) -> dict[str, Any] | None:
        """The ReplyKeyboardMarkup sent with this message, if any."""
        if self.reply_markup is not None and "keyboard" in self.reply_markup:
            return self.reply_markup
        return None

    @property
    def unix_date(self) -> int:
        return int(self.date.timestamp())

    def to_json(
        self, media_url: Callable[[str], str] | None = None, *, inline_media: bool = False
    ) -> dict[str, Any]:
        """A JSON view for the control API; media as a download URL and optionally base64."""
        result: dict[str, Any] = {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "from_bot": self.from_bot,
            "sender_id": self.sender_id,
            "date": self.unix_date,
            "kind": self.kind,
            "text": self.text,
            "entities": self.entities,
            "caption": self.caption,
            "caption_entities": self.caption_entities,
            "html": self.html,
            "parse_mode": self.parse_mode,
            "reply_markup": self.reply_markup,
            "buttons": [[list(button) for button in row] for row in self.buttons],
            "location": self.location,
            "edit_count": self.edit_count,
            "edit_date": int(self.edit_date.timestamp()) if self.edit_date else None,
            "deleted": self.deleted,
            "api": self.api,
        }
        for prefix, data, file_id in (
            ("photo", self.photo, self.photo_file_id),
            ("document", self.document, self.document_file_id),
        ):
            if file_id is None:
                continue
            media: dict[str, Any] = {"file_id": file_id, "size": len(data or b"")}
            if prefix == "document":
                media["file_name"] = self.document_name
                media["mime_type"] = self.document_mime_type
            if media_url is not None:
                media["url"] = media_url(file_id)
            if inline_media and data is not None:
                media["base64"] = base64.b64encode(data).decode("ascii")
            result[prefix] = media
        return result


class EmulatedChat:
    """A read-only view of one chat for tests: its messages in order, both directions.

    ``messages`` leaves out deleted messages; ``all_messages`` keeps them (flagged ``deleted``).
    """

    def __init__(self, state: ChatState) -> None:
        self._state = state

    @property
    def id(self) -> int:
        return self._state.id

    @property
    def type(self) -> str:
        return self._state.type

    @property
    def api(self) -> dict[str, Any]:
        return self._state.api

    @property
    def blocked(self) -> bool:
        return self._state.blocked

    @property
    def all_messages(self) -> list[EmulatedMessage]:
        return list(self._state.messages)

    @property
    def messages(self) -> list[EmulatedMessage]:
        return [m for m in self._state.messages if not m.deleted]

    @property
    def bot_messages(self) -> list[EmulatedMessage]:
        return [m for m in self._state.messages if m.from_bot and not m.deleted]

    @property
    def user_messages(self) -> list[EmulatedMessage]:
        return [m for m in self._state.messages if not m.from_bot and not m.deleted]

    @property
    def last_bot_message(self) -> EmulatedMessage | None:
        for message in reversed(self._state.messages):
            if message.from_bot and not message.deleted:
                return message
        return None

    @property
    def last_message_id(self) -> int:
        return self._state.last_message_id

    @property
    def sent_by_bot(self) -> int:
        """Bot messages sent to this chat, counted even when recording is off."""
        return self._state.bot_messages_sent

    @property
    def duplicates(self) -> int:
        """Bot messages whose content repeated an earlier bot message in this chat."""
        return self._state.duplicates

    def message(self, message_id: int) -> EmulatedMessage | None:
        return self._state.messages_by_id.get(message_id)

    def __repr__(self) -> str:
        return (
            f"EmulatedChat(id={self.id}, type={self.type!r}, messages={len(self._state.messages)})"
        )
