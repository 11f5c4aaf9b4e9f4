"""The emulator's world: users, chats, messages, files, commands and counters.

Both the Bot API handlers (bot side) and the injection helpers (user side) read and change it.
With ``record_messages=False`` message contents are not kept, only ids and counters, so a
100,000-message benchmark stays small and fast.
"""

from __future__ import annotations

import itertools
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from sandbox.emulator.errors import bad_request, chat_not_found
from sandbox.emulator.records import EmulatedMessage, RecordedRequest, StoredFile


class Clock(Protocol):
    """Anything with ``now()`` returning an aware UTC datetime (e.g. ``bot.clock.FakeClock``)."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ChatState:
    """One chat: a user's private chat with the bot, or a group the bot is in."""

    __slots__ = (
        "api",
        "blocked",
        "bot_messages_sent",
        "bot_status",
        "duplicates",
        "fingerprints",
        "has_started",
        "id",
        "last_message_id",
        "member_ids",
        "messages",
        "messages_by_id",
        "type",
    )

    def __init__(self, chat_id: int, chat_type: str, api: dict[str, Any]) -> None:
        self.id = chat_id
        self.type = chat_type
        self.api = api  # the Chat object embedded in messages
        self.member_ids: set[int] = set()
        self.bot_status = "member"  # for groups: "member", "left" or "kicked"
        self.blocked = False  # for private chats: the user blocked the bot
        self.has_started = True  # for private chats: the user has pressed Start
        self.last_message_id = 0
        self.messages: list[EmulatedMessage] = []
        self.messages_by_id: dict[int, EmulatedMessage] = {}
        self.bot_messages_sent = 0
        self.fingerprints: set[int] = set()  # hashes of bot message contents, for duplicates
        self.duplicates = 0

    @property
    def is_group(self) -> bool:
        return self.type in ("group", "supergroup")

    def allocate_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass(slots=True)
class CallbackQueryState:
    query_id: str
    user_id: int
    chat_id: int
    message_id: int
    data: str
    answered: bool = False


@dataclass(slots=True)
class WebhookState:
    url: str = ""
    max_connections: int | None = None
    ip_address: str | None = None
    secret_token: str | None = None
    allowed_updates: list[str] | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(slots=True)
class BotProfile:
    descriptions: dict[str, str] = field(default_factory=dict)  # by language_code, "" = default
    short_descriptions: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    # by (scope as canonical JSON, language_code)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)


class EmulatorState:
    def __init__(self, *, bot_user: dict[str, Any], clock: Clock, record_messages: bool) -> None:
        self.bot_user = bot_user
        self.clock = clock
        self.record_messages = record_messages
        self.users: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, ChatState] = {}
        self._chat_ids_by_username: dict[str, int] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryState] = {}
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self.profile = BotProfile()
        self.webhook = WebhookState()
        self.requests: list[RecordedRequest] = []
        self.method_counts: Counter[str] = Counter()
        self.status_counts: Counter[int] = Counter()
        self._file_numbers = itertools.count(1)
        self._callback_numbers = itertools.count(1)
        self._file_id_salt = secrets.token_hex(3)

    # -- time -----------------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock.now()

    # -- users and chats ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "User",
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        *,
        is_premium: bool | None = None,
        has_started: bool = True,
    ) -> dict[str, Any]:
        """Add a user and their private chat with the bot (chat id == user id).

        ``has_started=False`` models a user who never pressed Start: the bot then gets
        ``403 Forbidden: bot can't initiate conversation with a user`` until they send anything.
        """
        if user_id <= 0:
            raise ValueError("user ids are positive (negative ids are groups)")
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if last_name:
            user["last_name"] = last_name
        if username:
            user["username"] = username
        if language_code:
            user["language_code"] = language_code
        if is_premium:
            user["is_premium"] = True
        self.users[user_id] = user

        chat_api: dict[str, Any] = {"id": user_id, "type": "private", "first_name": first_name}
        if last_name:
            chat_api["last_name"] = last_name
        if username:
            chat_api["username"] = username
            self._chat_ids_by_username[username.lower()] = user_id
        chat = self.chats.get(user_id)
        if chat is None:
            chat = ChatState(user_id, "private", chat_api)
            self.chats[user_id] = chat
        else:
            chat.api = chat_api
        chat.member_ids = {user_id}
        chat.has_started = has_started
        return user

    def add_group(
        self,
        chat_id: int,
        title: str = "Group",
        members: list[int] | None = None,
        *,
        chat_type: str | None = None,
        username: str | None = None,
    ) -> dict[str, Any]:
        """Add a group (ids starting with -100 become supergroups) with the bot as a member."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        if chat_type is None:
            chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        if chat_type not in ("group", "supergroup"):
            raise ValueError("chat_type must be 'group' or 'supergroup'")
        api: dict[str, Any] = {"id": chat_id, "type": chat_type, "title": title}
        if username:
            api["username"] = username
            self._chat_ids_by_username[username.lower()] = chat_id
        chat = ChatState(chat_id, chat_type, api)
        for member in members or []:
            self.require_user(member)
            chat.member_ids.add(member)
        self.chats[chat_id] = chat
        return api

    def require_user(self, user_id: int) -> dict[str, Any]:
        user = self.users.get(user_id)
        if user is None:
            raise ValueError(f"unknown user {user_id}; call add_user({user_id}, ...) first")
        return user

    def user_for_mention(self, user_id: int) -> dict[str, Any]:
        """The User object for a text_mention; unknown users get an empty name like in TBA."""
        if user_id == self.bot_user["id"]:
            return self.bot_user
        return self.users.get(user_id) or {"id": user_id, "is_bot": False, "first_name": ""}

    def require_emulated_chat(self, chat_id: int) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"unknown chat {chat_id}; add it with add_user or add_group")
        return chat

    def find_chat(self, reference: object) -> ChatState | None:
        """Resolve a chat_id parameter: an integer (maybe as a string) or "@username"."""
        if isinstance(reference, bool):
            return None
        if isinstance(reference, int):
            return self.chats.get(reference)
        if isinstance(reference, str):
            text = reference.strip()
            if text.startswith("@"):
                chat_id = self._chat_ids_by_username.get(text[1:].lower())
                return self.chats.get(chat_id) if chat_id is not None else None
            try:
                return self.chats.get(int(text))
            except ValueError:
                return None
        return None

    def require_chat(self, reference: object) -> ChatState:
        if reference is None or reference == "":
            raise bad_request("chat_id is empty")
        chat = self.find_chat(reference)
        if chat is None:
            raise chat_not_found()
        return chat

    def chat_full_info(self, chat: ChatState) -> dict[str, Any]:
        """getChat's ChatFullInfo, with the fields PTB requires."""
        info = dict(chat.api)
        info.update(
            {
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": {
                    "unlimited_gifts": False,
                    "limited_gifts": False,
                    "unique_gifts": False,
                    "premium_subscription": False,
                    "gifts_from_channels": False,
                },
            }
        )
        return info

    # -- messages -------------------------------------------------------------------------

    def add_message(self, chat: ChatState, message: EmulatedMessage) -> None:
        if not self.record_messages:
            return
        chat.messages.append(message)
        chat.messages_by_id[message.message_id] = message

    def note_bot_message(self, chat: ChatState, fingerprint: int) -> None:
        """Count a bot message and whether the chat already got the very same content."""
        chat.bot_messages_sent += 1
        if fingerprint in chat.fingerprints:
            chat.duplicates += 1
        else:
            chat.fingerprints.add(fingerprint)

    def iter_messages(self) -> Iterator[EmulatedMessage]:
        for chat in self.chats.values():
            yield from chat.messages

    # -- files ----------------------------------------------------------------------------

    def store_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
        extension: str = "bin",
    ) -> StoredFile:
        number = next(self._file_numbers)
        # Shaped like real ids (opaque, URL-safe) but obviously emulated.
        file_id = f"EMU{kind[:2].upper()}{self._file_id_salt}{number:08d}"
        folder = {"photo": "photos", "document": "documents", "voice": "voice"}.get(
            kind, kind + "s"
        )
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=f"U{self._file_id_salt}{number:06d}",
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{number}.{extension}",
            file_name=file_name,
            mime_type=mime_type,
            width=width,
            height=height,
        )
        self.files[file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def find_file(self, file_id: str) -> StoredFile | None:
        """A stored file by id, including the thumbnail ids derived from a photo's id."""
        stored = self.files.get(file_id)
        if stored is None:
            base, _, suffix = file_id.rpartition("_")
            if suffix.isdigit():
                stored = self.files.get(base)
        return stored

    # -- callback queries ------------------------------------------------------------------

    def new_callback_query(
        self, user_id: int, chat_id: int, message_id: int, data: str
    ) -> CallbackQueryState:
        query_id = f"{user_id}{next(self._callback_numbers):010d}"
        query = CallbackQueryState(query_id, user_id, chat_id, message_id, data)
        self.callback_queries[query_id] = query
        return query

    # -- statistics -----------------------------------------------------------------------

    def count_request(self, method: str, status: int) -> None:
        self.method_counts[method] += 1
        self.status_counts[status] += 1

    def stats(self, *, per_chat: bool = True) -> dict[str, Any]:
        total_sent = 0
        total_duplicates = 0
        sent_per_chat: dict[str, int] = {}
        duplicates_per_chat: dict[str, int] = {}
        for chat in self.chats.values():
            total_sent += chat.bot_messages_sent
            total_duplicates += chat.duplicates
            if per_chat and chat.bot_messages_sent:
                sent_per_chat[str(chat.id)] = chat.bot_messages_sent
            if per_chat and chat.duplicates:
                duplicates_per_chat[str(chat.id)] = chat.duplicates
        result: dict[str, Any] = {
            "methods": dict(self.method_counts),
            "statuses": {str(code): count for code, count in sorted(self.status_counts.items())},
            "requests_total": sum(self.method_counts.values()),
            "sent_messages_total": total_sent,
            "duplicates_total": total_duplicates,
            "chats_with_messages": sum(1 for c in self.chats.values() if c.bot_messages_sent),
            "callback_answers": len(self.callback_answers),
        }
        if per_chat:
            result["sent_messages_per_chat"] = sent_per_chat
            result["duplicates_per_chat"] = duplicates_per_chat
        return result
