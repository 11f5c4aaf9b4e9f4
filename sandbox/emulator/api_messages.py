"""Bot API methods that send, edit and delete messages, and answer callback queries.

Checks run in the real server's order: parameters first (text, entities, markup), then the
chat, then Telegram's refusals (blocked, kicked) and finally the flood limits.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.emulator.api_common import (
    ApiContext,
    MethodHandler,
    required_message_id,
    required_string,
)
from sandbox.emulator.entities import FormattedText
from sandbox.emulator.errors import bad_request, message_not_modified, query_id_invalid
from sandbox.emulator.images import image_size
from sandbox.emulator.media import media_fields
from sandbox.emulator.params import RequestParams, UploadedFile
from sandbox.emulator.records import EmulatedMessage, StoredFile
from sandbox.emulator.store import ChatState
from sandbox.emulator.text_entities import normalize_parse_mode, parse_formatted_text
from sandbox.emulator.validation import (
    CHAT_ACTIONS,
    MAX_CALLBACK_ANSWER_LENGTH,
    parse_reply_markup,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_DIMENSIONS_SUM = 10_000
MAX_PHOTO_ASPECT_RATIO = 20
_URL_SCHEMES = ("http://", "https://")


@dataclass(slots=True)
class _Content:
    """What a new bot message carries besides its text."""

    kind: str
    text: FormattedText | None = None
    caption: FormattedText | None = None
    raw_text: str | None = None
    parse_mode: str | None = None
    file: StoredFile | None = None


class MessageMethods:
    def __init__(self, context: ApiContext) -> None:
        self.ctx = context

    def handlers(self) -> dict[str, MethodHandler]:
        return {
            "sendmessage": self.send_message,
            "sendphoto": self.send_photo,
            "senddocument": self.send_document,
            "editmessagetext": self.edit_message_text,
            "editmessagecaption": self.edit_message_caption,
            "editmessagereplymarkup": self.edit_message_reply_markup,
            "deletemessage": self.delete_message,
            "answercallbackquery": self.answer_callback_query,
            "sendchataction": self.send_chat_action,
        }

    # -- sending --------------------------------------------------------------------------

    async def send_message(self, params: RequestParams) -> dict[str, Any]:
        raw_text, parse_mode, text = self._text_param(params)
        content = _Content("text", text=text, raw_text=raw_text, parse_mode=parse_mode)
        return self._send(params, content)

    def _text_param(self, params: RequestParams) -> tuple[str, str | None, FormattedText]:
        """A message's ``text`` as sent, its parse_mode, and what it parses into."""
        raw_text = params.string("text")
        if not raw_text:
            raise bad_request("message text is empty")
        parse_mode = params.string("parse_mode")
        text = parse_formatted_text(
            raw_text, parse_mode, self._entities_param(params, "entities"), is_caption=False
        )
        return raw_text, parse_mode, text

    async def send_photo(self, params: RequestParams) -> dict[str, Any]:
        return self._send_file(params, "photo", self._photo_file)

    async def send_document(self, params: RequestParams) -> dict[str, Any]:
        return self._send_file(params, "document", self._document_file)

    def _send_file(
        self,
        params: RequestParams,
        kind: str,
        store: Callable[[UploadedFile | str], StoredFile],
    ) -> dict[str, Any]:
        """sendPhoto or sendDocument: the file (``kind`` names its parameter) and a caption."""
        upload = params.input_file(kind)
        if upload is None:
            raise bad_request(f"there is no {kind} in the request")
        content = self._captioned_content(params, kind)
        content.file = store(upload)
        return self._send(params, content)

    def _captioned_content(self, params: RequestParams, kind: str) -> _Content:
        raw_caption = params.string("caption")
        parse_mode = params.string("parse_mode")
        caption = None
        if raw_caption:
            caption = parse_formatted_text(
                raw_caption,
                parse_mode,
                self._entities_param(params, "caption_entities"),
                is_caption=True,
            )
            caption = caption if caption.text else None
        else:
            normalize_parse_mode(parse_mode)  # an invalid mode fails even without a caption
        return _Content(kind, caption=caption, raw_text=raw_caption, parse_mode=parse_mode)

    @staticmethod
    def _entities_param(params: RequestParams, name: str) -> object | None:
        if name not in params:
            return None
        entities: object = params.json(name, "can't parse entities JSON object")
        return entities

    def _photo_file(self, photo: UploadedFile | str) -> StoredFile:
        state = self.ctx.state
        if isinstance(photo, str):
            return self._existing_file(photo, "photo")
        if len(photo.data) > MAX_PHOTO_BYTES:
            raise bad_request("file is too big")
        size = image_size(photo.data)
        if size is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        width, height = size
        if (
            width <= 0
            or height <= 0
            or width + height > MAX_PHOTO_DIMENSIONS_SUM
            or max(width, height) > MAX_PHOTO_ASPECT_RATIO * min(width, height)
        ):
            raise bad_request("PHOTO_INVALID_DIMENSIONS")
        extension = "png" if photo.data.startswith(b"\x89PNG") else "jpg"
        return state.store_file(
            "photo",
            photo.data,
            mime_type=photo.content_type,
            width=width,
            height=height,
            extension=extension,
        )

    def _document_file(self, document: UploadedFile | str) -> StoredFile:
        if isinstance(document, str):
            return self._existing_file(document, "document")
        file_name = document.filename or "document"
        mime_type = document.content_type
        if not mime_type or mime_type == "application/octet-stream":
            mime_type = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        return self.ctx.state.store_file(
            "document", document.data, file_name=file_name, mime_type=mime_type, extension=extension
        )

    def _existing_file(self, reference: str, kind: str) -> StoredFile:
        """A file_id sent before, or a URL (accepted without fetching: there is no network)."""
        state = self.ctx.state
        stored = state.find_file(reference)
        if stored is not None:
            if stored.kind != kind:
                raise bad_request(
                    f"can't use file of type {stored.kind.capitalize()} as {kind.capitalize()}"
                )
            return stored
        if reference.startswith(_URL_SCHEMES):
            file_name = reference.rstrip("/").rsplit("/", 1)[-1] or kind
            return state.store_file(
                kind, None, file_name=file_name, width=800, height=600, extension="jpg"
            )
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _reply_to(self, params: RequestParams, chat: ChatState) -> dict[str, Any] | None:
        reply_parameters = params.json(
            "reply_parameters", "can't parse reply parameters JSON object"
        )
        allow_without_reply = params.boolean("allow_sending_without_reply")
        message_id = params.integer("reply_to_message_id")
        if isinstance(reply_parameters, dict):
            raw_id = reply_parameters.get("message_id")
            message_id = raw_id if isinstance(raw_id, int) else None
            allow_without_reply = bool(reply_parameters.get("allow_sending_without_reply"))
        if not message_id:
            return None
        replied = chat.messages_by_id.get(message_id)
        if replied is not None and not replied.deleted:
            return {k: v for k, v in replied.api.items() if k != "reply_to_message"}
        if self.ctx.state.record_messages and not allow_without_reply:
            raise bad_request("message to be replied not found")
        return None

    def _send(self, params: RequestParams, content: _Content) -> dict[str, Any]:
        ctx = self.ctx
        markup = None
        if "reply_markup" in params:
            markup = parse_reply_markup(params.raw("reply_markup"))
        chat = ctx.chat_for_sending(params)
        reply_to = self._reply_to(params, chat)
        ctx.check_send_rate(chat, params)

        message_id = chat.allocate_message_id()
        date = ctx.state.now()
        api = self._message_api(chat, message_id, date, content, markup, reply_to)
        shown = content.text or content.caption
        file_id = content.file.file_id if content.file else ""
        fingerprint = hash((content.kind, shown.text if shown else "", file_id))
        ctx.state.note_bot_message(chat, fingerprint)
        if ctx.state.record_messages:
            self._record(chat, api, date, content, markup)
        ctx.activity.record("message", chat_id=chat.id, message_id=message_id, from_bot=True)
        return api

    def _message_api(
        self,
        chat: ChatState,
        message_id: int,
        date: datetime,
        content: _Content,
        markup: dict[str, Any] | None,
        reply_to: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """The Message object the Bot API returns for a new bot message."""
        api: dict[str, Any] = {
            "message_id": message_id,
            "from": self.ctx.state.bot_user,
            "chat": chat.api,
            "date": int(date.timestamp()),
        }
        if reply_to is not None:
            api["reply_to_message"] = reply_to
        if content.text is not None:
            api["text"] = content.text.text
            if content.text.entities:
                api["entities"] = self.ctx.entities_to_api(content.text.entities)
        if content.file is not None:
            api.update(media_fields(content.kind, content.file))
        if content.caption is not None:
            api["caption"] = content.caption.text
            if content.caption.entities:
                api["caption_entities"] = self.ctx.entities_to_api(content.caption.entities)
        if markup is not None and "inline_keyboard" in markup:
            api["reply_markup"] = markup  # Message.reply_markup only ever holds inline keyboards
        return api

    def _record(
        self,
        chat: ChatState,
        api: dict[str, Any],
        date: datetime,
        content: _Content,
        markup: dict[str, Any] | None,
    ) -> None:
        message = EmulatedMessage(
            chat_id=chat.id,
            message_id=api["message_id"],
            from_bot=True,
            sender_id=self.ctx.state.bot_user["id"],
            date=date,
            kind=content.kind,
            api=api,
            text=api.get("text"),
            entities=api.get("entities", []),
            caption=api.get("caption"),
            caption_entities=api.get("caption_entities", []),
            html=content.raw_text,
            parse_mode=content.parse_mode,
            reply_markup=markup,
        )
        stored = content.file
        if stored is not None and content.kind == "photo":
            message.photo, message.photo_file_id = stored.data, stored.file_id
        elif stored is not None:
            message.document, message.document_file_id = stored.data, stored.file_id
            message.document_name = stored.file_name
            message.document_mime_type = stored.mime_type
        self.ctx.state.add_message(chat, message)

    # -- editing --------------------------------------------------------------------------

    def _message_to_edit(self, params: RequestParams) -> tuple[ChatState, EmulatedMessage | None]:
        if params.string("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # the emulator has no inline messages
        chat = self.ctx.state.require_chat(params.raw("chat_id"))
        message_id = required_message_id(params)
        message = chat.messages_by_id.get(message_id)
        if message is None or message.deleted:
            if not self.ctx.state.record_messages and message_id <= chat.last_message_id:
                return chat, None  # not recorded: assume it is an editable bot message
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _edited(
        self, chat: ChatState, message: EmulatedMessage | None, message_id: int
    ) -> dict[str, Any]:
        if message is None:  # record_messages=False: a minimal stand-in
            return {
                "message_id": message_id,
                "from": self.ctx.state.bot_user,
                "chat": chat.api,
                "date": int(self.ctx.state.now().timestamp()),
                "edit_date": int(self.ctx.state.now().timestamp()),
            }
        now = self.ctx.state.now()
        message.edit_count += 1
        message.edit_date = now
        message.api["edit_date"] = int(now.timestamp())
        self.ctx.activity.record("edit", chat_id=chat.id, message_id=message.message_id)
        return message.api

    def _set_inline_markup(self, message: EmulatedMessage, markup: dict[str, Any] | None) -> None:
        message.reply_markup = markup
        if markup is None:
            message.api.pop("reply_markup", None)
        else:
            message.api["reply_markup"] = markup

    async def edit_message_text(self, params: RequestParams) -> dict[str, Any]:
        raw_text, parse_mode, text = self._text_param(params)
        # No reply_markup means "no keyboard": editing the text removes an existing one.
        markup = parse_reply_markup(params.raw("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        if message is None:
            return self._edited(chat, None, required_message_id(params))
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        entities = self.ctx.entities_to_api(text.entities)
        if (
            message.text == text.text
            and message.entities == entities
            and message.inline_keyboard == (markup or {}).get("inline_keyboard")
        ):
            raise message_not_modified()
        message.text, message.entities = text.text, entities
        message.html, message.parse_mode = raw_text, parse_mode
        message.api["text"] = text.text
        if entities:
            message.api["entities"] = entities
        else:
            message.api.pop("entities", None)
        self._set_inline_markup(message, markup)
        return self._edited(chat, message, message.message_id)

    async def edit_message_caption(self, params: RequestParams) -> dict[str, Any]:
        raw_caption = params.string("caption") or ""
        parse_mode = params.string("parse_mode")
        caption = parse_formatted_text(
            raw_caption,
            parse_mode,
            self._entities_param(params, "caption_entities"),
            is_caption=True,
        )
        markup = parse_reply_markup(params.raw("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        if message is None:
            return self._edited(chat, None, required_message_id(params))
        if message.kind not in ("photo", "document"):
            raise bad_request("there is no caption in the message to edit")
        entities = self.ctx.entities_to_api(caption.entities)
        if (
            (message.caption or "") == caption.text
            and message.caption_entities == entities
            and message.inline_keyboard == (markup or {}).get("inline_keyboard")
        ):
            raise message_not_modified()
        message.caption = caption.text or None
        message.caption_entities = entities
        message.html, message.parse_mode = raw_caption or None, parse_mode
        for key, value in (("caption", caption.text), ("caption_entities", entities)):
            if value:
                message.api[key] = value
            else:
                message.api.pop(key, None)
        self._set_inline_markup(message, markup)
        return self._edited(chat, message, message.message_id)

    async def edit_message_reply_markup(self, params: RequestParams) -> dict[str, Any]:
        markup = parse_reply_markup(params.raw("reply_markup"), inline_only=True)
        chat, message = self._message_to_edit(params)
        if message is None:
            return self._edited(chat, None, required_message_id(params))
        if message.inline_keyboard == (markup or {}).get("inline_keyboard"):
            raise message_not_modified()
        self._set_inline_markup(message, markup)
        return self._edited(chat, message, message.message_id)

    async def delete_message(self, params: RequestParams) -> bool:
        state = self.ctx.state
        chat = state.require_chat(params.raw("chat_id"))
        message_id = required_message_id(params)
        message = chat.messages_by_id.get(message_id)
        if message is None or message.deleted:
            if not state.record_messages and message_id <= chat.last_message_id:
                return True
            raise bad_request("message to delete not found")
        if not message.from_bot and chat.is_group:
            raise bad_request("message can't be deleted")  # needs admin rights in groups
        message.deleted = True
        self.ctx.activity.record("delete", chat_id=chat.id, message_id=message_id)
        return True

    # -- other ----------------------------------------------------------------------------

    async def answer_callback_query(self, params: RequestParams) -> bool:
        query_id = required_string(params, "callback_query_id")
        text = params.string("text") or ""
        if len(text) > MAX_CALLBACK_ANSWER_LENGTH:
            raise bad_request("MESSAGE_TOO_LONG")
        state = self.ctx.state
        query = state.callback_queries.get(query_id)
        if query is None or query.answered:
            raise query_id_invalid()
        query.answered = True
        answer = {
            "callback_query_id": query_id,
            "text": text or None,
            "show_alert": params.boolean("show_alert"),
            "url": params.string("url"),
            "cache_time": params.integer("cache_time") or 0,
            "chat_id": query.chat_id,
            "message_id": query.message_id,
            "user_id": query.user_id,
            "data": query.data,
        }
        state.callback_answers.append(answer)
        self.ctx.activity.record("callback_answer", chat_id=query.chat_id, answer=answer)
        return True

    async def send_chat_action(self, params: RequestParams) -> bool:
        action = params.string("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        chat = self.ctx.chat_for_sending(params)
        if self.ctx.state.record_messages:
            self.ctx.state.chat_actions.append({"chat_id": chat.id, "action": action})
        self.ctx.activity.record("chat_action", chat_id=chat.id, action=action)
        return True
