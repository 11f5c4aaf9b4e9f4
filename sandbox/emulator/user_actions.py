"""What emulated users do: send messages, press buttons, block the bot.

Each action records the user's message (when recording is on), queues the Update the bot will
receive from getUpdates, and returns the injected object as a dict. In groups, privacy mode
(on by default, as BotFather sets it) hides ordinary chatter from the bot: it only gets
commands, mentions of it and replies to it. Misuse (unknown users,
buttons that do not exist) raises ValueError so a broken test fails at the line that is wrong.
"""

from __future__ import annotations

from typing import Any

from sandbox.emulator.api_common import EmulatorSettings
from sandbox.emulator.entities import find_entities
from sandbox.emulator.events import ActivityLog
from sandbox.emulator.images import image_size, make_png
from sandbox.emulator.media import file_object, photo_sizes
from sandbox.emulator.records import EmulatedMessage
from sandbox.emulator.store import ChatState, EmulatorState
from sandbox.emulator.updates import UpdateQueue, update_type

# Just enough bytes to look like the real formats to anyone sniffing them.
_FAKE_WEBP = (
    b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\xff\xc1?"
    b"\x00\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
)
_FAKE_OGG = b"OggS\x00\x02" + b"\x00" * 20 + b"OpusHead\x01\x01"
_DEFAULT_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class UserActions:
    def __init__(
        self,
        state: EmulatorState,
        updates: UpdateQueue,
        activity: ActivityLog,
        settings: EmulatorSettings,
    ) -> None:
        self.state = state
        self.updates = updates
        self.activity = activity
        self.settings = settings

    # -- helpers --------------------------------------------------------------------------

    def _chat_for_user(self, user_id: int, chat_id: int | None) -> tuple[dict[str, Any], ChatState]:
        user = self.state.require_user(user_id)
        chat = self.state.require_emulated_chat(user_id if chat_id is None else chat_id)
        if chat.type == "private":
            if chat.id != user_id:
                raise ValueError(f"user {user_id} cannot write in the private chat of {chat.id}")
            if chat.blocked:
                raise ValueError(f"user {user_id} has blocked the bot; call unblock_bot first")
        else:
            if user_id not in chat.member_ids:
                raise ValueError(f"user {user_id} is not a member of group {chat.id}")
            if chat.bot_status != "member":
                raise ValueError(f"the bot is not in group {chat.id}")
        return user, chat

    def _new_user_message(
        self,
        user_id: int,
        chat_id: int | None,
        kind: str,
        content: dict[str, Any],
        *,
        reply_to_message_id: int | None = None,
        **recorded: Any,
    ) -> dict[str, Any]:
        user, chat = self._chat_for_user(user_id, chat_id)
        reply_to = None
        if reply_to_message_id is not None:
            replied = chat.messages_by_id.get(reply_to_message_id)
            if replied is None or replied.deleted:
                raise ValueError(f"no message {reply_to_message_id} in chat {chat.id} to reply to")
            reply_to = {k: v for k, v in replied.api.items() if k != "reply_to_message"}
        message_id = chat.allocate_message_id()
        date = self.state.now()
        api: dict[str, Any] = {
            "message_id": message_id,
            "from": user,
            "chat": chat.api,
            "date": int(date.timestamp()),
            **content,
        }
        if reply_to is not None:
            api["reply_to_message"] = reply_to
        if chat.type == "private":
            chat.has_started = True
        self.state.add_message(
            chat,
            EmulatedMessage(
                chat_id=chat.id,
                message_id=message_id,
                from_bot=False,
                sender_id=user_id,
                date=date,
                kind=kind,
                api=api,
                **recorded,
            ),
        )
        if self._bot_sees(chat, api):
            self.updates.push({"message": api})
        self.activity.record("message", chat_id=chat.id, message_id=message_id, from_bot=False)
        return api

    def _bot_sees(self, chat: ChatState, message: dict[str, Any]) -> bool:
        """Privacy mode: in groups a bot only gets commands, mentions of it and replies to it."""
        if chat.type == "private" or not self.settings.group_privacy:
            return True
        bot = self.state.bot_user
        reply_to = message.get("reply_to_message")
        if reply_to is not None and reply_to.get("from", {}).get("id") == bot["id"]:
            return True
        text = message.get("text") or message.get("caption") or ""
        mention = "@" + str(bot["username"]).lower()
        for entity in message.get("entities") or message.get("caption_entities") or []:
            value = text[entity["offset"] : entity["offset"] + entity["length"]].lower()
            if entity["type"] == "mention" and value == mention:
                return True
            # Commands without @username go to every bot; with one, only to that bot.
            if entity["type"] == "bot_command" and entity["offset"] == 0:
                return "@" not in value or value.endswith(mention)
        return False

    def _text_content(self, text: str, field: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        entities = [e.to_api(self.state.user_for_mention) for e in find_entities(text)]
        content: dict[str, Any] = {field: text}
        if entities:
            content["entities" if field == "text" else "caption_entities"] = entities
        return content, entities

    def _add_caption(
        self, content: dict[str, Any], recorded: dict[str, Any], caption: str | None
    ) -> None:
        """A media message's caption, with its entities, in the update and in the record."""
        if caption:
            caption_content, caption_entities = self._text_content(caption, "caption")
            content.update(caption_content)
            recorded.update(caption=caption, caption_entities=caption_entities)

    # -- messages -------------------------------------------------------------------------

    def send_message(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        *,
        reply_to_message_id: int | None = None,
    ) -> dict[str, Any]:
        """A text message; commands such as "/start" or "/start@Bot" get bot_command entities.

        ``reply_to_message_id`` makes it a reply (e.g. to a bot's ForceReply prompt). In groups
        the bot only sees it if privacy mode allows (a command, a mention of the bot or a reply
        to it) unless ``group_privacy=False``.
        """
        if not text:
            raise ValueError("Telegram clients do not send empty messages")
        content, entities = self._text_content(text, "text")
        return self._new_user_message(
            user_id,
            chat_id,
            "text",
            content,
            reply_to_message_id=reply_to_message_id,
            text=text,
            entities=entities,
        )

    def send_location(
        self,
        user_id: int,
        latitude: float,
        longitude: float,
        chat_id: int | None = None,
        *,
        live_period: int | None = None,
    ) -> dict[str, Any]:
        location: dict[str, Any] = {"latitude": latitude, "longitude": longitude}
        if live_period is not None:
            location["live_period"] = live_period
        return self._new_user_message(
            user_id, chat_id, "location", {"location": location}, location=location
        )

    def send_photo(
        self,
        user_id: int,
        chat_id: int | None = None,
        *,
        caption: str | None = None,
        data: bytes | None = None,
        width: int = 320,
        height: int = 240,
    ) -> dict[str, Any]:
        """A photo: ``data`` (its size is read from the image header) or a generated PNG."""
        photo_bytes = data if data is not None else make_png(width, height)
        width, height = image_size(photo_bytes) or (width, height)
        is_png = photo_bytes.startswith(b"\x89PNG")
        stored = self.state.store_file(
            "photo",
            photo_bytes,
            mime_type="image/png" if is_png else "image/jpeg",
            width=width,
            height=height,
            extension="png" if is_png else "jpg",
        )
        content: dict[str, Any] = {"photo": photo_sizes(stored)}
        recorded: dict[str, Any] = {"photo": photo_bytes, "photo_file_id": stored.file_id}
        self._add_caption(content, recorded, caption)
        return self._new_user_message(user_id, chat_id, "photo", content, **recorded)

    def send_document(
        self,
        user_id: int,
        filename: str = "document.pdf",
        data: bytes | None = None,
        chat_id: int | None = None,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
    ) -> dict[str, Any]:
        document_bytes = data if data is not None else _DEFAULT_PDF
        if mime_type is None:
            mime_type = (
                "application/pdf" if filename.endswith(".pdf") else "application/octet-stream"
            )
        extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
        stored = self.state.store_file(
            "document", document_bytes, file_name=filename, mime_type=mime_type, extension=extension
        )
        content: dict[str, Any] = {"document": file_object(stored, file_name=filename)}
        recorded: dict[str, Any] = {
            "document": document_bytes,
            "document_name": filename,
            "document_file_id": stored.file_id,
            "document_mime_type": mime_type,
        }
        self._add_caption(content, recorded, caption)
        return self._new_user_message(user_id, chat_id, "document", content, **recorded)

    def send_sticker(
        self, user_id: int, chat_id: int | None = None, *, emoji: str = "👍"
    ) -> dict[str, Any]:
        stored = self.state.store_file(
            "sticker", _FAKE_WEBP, mime_type="image/webp", width=512, height=512, extension="webp"
        )
        sticker = {
            **file_object(stored),
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return self._new_user_message(user_id, chat_id, "sticker", {"sticker": sticker})

    def send_voice(
        self, user_id: int, chat_id: int | None = None, *, duration: int = 2
    ) -> dict[str, Any]:
        stored = self.state.store_file("voice", _FAKE_OGG, mime_type="audio/ogg", extension="oga")
        voice = {**file_object(stored), "duration": duration, "mime_type": "audio/ogg"}
        return self._new_user_message(user_id, chat_id, "voice", {"voice": voice})

    def edit_user_message(
        self, user_id: int, message_id: int, text: str, chat_id: int | None = None
    ) -> dict[str, Any]:
        """The user edits one of their text messages: an ``edited_message`` update."""
        _, chat = self._chat_for_user(user_id, chat_id)
        message = chat.messages_by_id.get(message_id)
        if message is None or message.deleted:
            raise ValueError(f"no message {message_id} in chat {chat.id}")
        if message.from_bot or message.sender_id != user_id or message.kind != "text":
            raise ValueError(f"message {message_id} is not a text message of user {user_id}")
        content, entities = self._text_content(text, "text")
        now = self.state.now()
        message.text, message.entities = text, entities
        message.edit_count += 1
        message.edit_date = now
        message.api.pop("entities", None)
        message.api.update(content)
        message.api["edit_date"] = int(now.timestamp())
        self.updates.push({"edited_message": dict(message.api)})
        self.activity.record("edit", chat_id=chat.id, message_id=message_id)
        return message.api

    # -- buttons and membership -------------------------------------------------------------

    def press_button(
        self,
        user_id: int,
        message_id: int,
        callback_data: str,
        chat_id: int | None = None,
        *,
        force: bool = False,
    ) -> str:
        """Press an inline button; returns the callback query id the bot must answer.

        Without ``force`` the bot's message must exist in the chat and carry a button with
        exactly this callback_data. ``force=True`` sends the query anyway (forged or stale data;
        an unknown message arrives as an InaccessibleMessage, like a very old one would).
        """
        user, chat = self._chat_for_user(user_id, chat_id)
        message = chat.messages_by_id.get(message_id)
        usable = message is not None and message.from_bot and not message.deleted
        if not force:
            if message is None or not usable:
                raise ValueError(f"chat {chat.id} has no bot message {message_id}")
            if callback_data not in message.callback_data:
                raise ValueError(
                    f"message {message_id} has no button with callback_data {callback_data!r}; "
                    f"it has {message.callback_data!r}"
                )
        if message is not None and usable:
            message_api = message.api
        else:
            message_api = {"chat": chat.api, "message_id": message_id, "date": 0}
        query = self.state.new_callback_query(user_id, chat.id, message_id, callback_data)
        self.updates.push(
            {
                "callback_query": {
                    "id": query.query_id,
                    "from": user,
                    "message": message_api,
                    "chat_instance": str(abs(hash(("chat", chat.id))) % 10**18),
                    "data": callback_data,
                }
            }
        )
        self.activity.record("callback_query", chat_id=chat.id, message_id=message_id)
        return query.query_id

    def _my_chat_member(
        self, chat: ChatState, user: dict[str, Any], old_status: str, new_status: str
    ) -> dict[str, Any]:
        def member(status: str) -> dict[str, Any]:
            result: dict[str, Any] = {"user": self.state.bot_user, "status": status}
            if status == "kicked":
                result["until_date"] = 0  # forever
            return result

        update = {
            "chat": chat.api,
            "from": user,
            "date": int(self.state.now().timestamp()),
            "old_chat_member": member(old_status),
            "new_chat_member": member(new_status),
        }
        self.updates.push({"my_chat_member": update})
        self.activity.record("my_chat_member", chat_id=chat.id, status=new_status)
        return update

    def _set_blocked(self, user_id: int, blocked: bool) -> dict[str, Any]:
        user = self.state.require_user(user_id)
        chat = self.state.require_emulated_chat(user_id)
        if chat.blocked == blocked:
            state = "already" if blocked else "not"
            raise ValueError(f"user {user_id} has {state} blocked the bot")
        chat.blocked = blocked
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        return self._my_chat_member(chat, user, old, new)

    def block_bot(self, user_id: int) -> dict[str, Any]:
        return self._set_blocked(user_id, True)

    def unblock_bot(self, user_id: int) -> dict[str, Any]:
        return self._set_blocked(user_id, False)

    def set_bot_group_status(self, chat_id: int, status: str, *, by_user_id: int) -> dict[str, Any]:
        """A group member removes the bot ("kicked" or "left") or adds it back ("member")."""
        if status not in ("member", "kicked", "left"):
            raise ValueError('status must be "member", "kicked" or "left"')
        user = self.state.require_user(by_user_id)
        chat = self.state.require_emulated_chat(chat_id)
        if not chat.is_group:
            raise ValueError(f"chat {chat_id} is not a group; use block_bot for private chats")
        if chat.bot_status == status:
            raise ValueError(f"the bot's status in {chat_id} is already {status!r}")
        old = chat.bot_status
        chat.bot_status = status
        return self._my_chat_member(chat, user, old, status)

    def inject_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue any update (without update_id). Returns it with its update_id, or unchanged
        and unqueued when the bot's allowed_updates excludes its type."""
        if "update_id" in update:
            raise ValueError("leave out update_id: the emulator numbers updates itself")
        update_type(update)  # validates the shape
        queued = self.updates.push(dict(update))
        self.activity.record("update")
        return queued if queued is not None else update
