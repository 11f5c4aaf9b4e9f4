"""Message entities: the model, user-supplied entity lists, and the server's post-processing.

Offsets and lengths are in UTF-16 code units, as in the Bot API. :func:`finalize_text` is a
trimmed-down port of TDLib's ``fix_formatted_text``: it removes control characters, trims
whitespace, checks emptiness and auto-detects commands, mentions, hashtags, URLs and e-mails,
which is what a bot sees in the ``entities`` of the messages it sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sandbox.emulator.errors import bad_request
from sandbox.emulator.links import check_link

# Sort order inside one offset/length, from TDLib MessageEntity::get_type_priority.
_TYPE_PRIORITY: dict[str, int] = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "date_time": 49,
    "mention": 50,
    "hashtag": 50,
    "cashtag": 50,
    "bot_command": 50,
    "url": 50,
    "email": 50,
    "phone_number": 50,
    "bank_card_number": 50,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}
ENTITY_TYPES = frozenset(_TYPE_PRIORITY)
# Formatting that may overlap anything; everything else is "continuous" and must nest.
SPLITTABLE_TYPES = frozenset({"bold", "italic", "underline", "strikethrough", "spoiler"})
BLOCKQUOTE_TYPES = frozenset({"blockquote", "expandable_blockquote"})
_OVERLAPPABLE_TYPES = SPLITTABLE_TYPES | BLOCKQUOTE_TYPES


def utf16_length(text: str) -> int:
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class TextEntity:
    type: str
    offset: int
    length: int
    url: str | None = None
    user_id: int | None = None
    language: str | None = None
    custom_emoji_id: str | None = None
    unix_time: int | None = None
    date_time_format: str | None = None

    @property
    def end(self) -> int:
        return self.offset + self.length

    def sort_key(self) -> tuple[int, int, int]:
        priority = _TYPE_PRIORITY.get(self.type, 50)
        if self.type == "pre" and self.language:
            priority = 10  # TDLib's PreCode sorts before Pre
        return (self.offset, -self.length, priority)

    def to_api(self, user_lookup: Callable[[int], dict[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {"offset": self.offset, "length": self.length, "type": self.type}
        if self.url is not None:
            result["url"] = self.url
        if self.user_id is not None:
            result["user"] = user_lookup(self.user_id)
        if self.language:
            result["language"] = self.language
        if self.custom_emoji_id is not None:
            result["custom_emoji_id"] = self.custom_emoji_id
        if self.unix_time is not None:
            result["unix_time"] = self.unix_time
        if self.date_time_format is not None:
            result["date_time_format"] = self.date_time_format
        return result


@dataclass(slots=True)
class FormattedText:
    text: str
    entities: list[TextEntity] = field(default_factory=list)


def sort_entities(entities: list[TextEntity]) -> None:
    entities.sort(key=TextEntity.sort_key)


# ---------------------------------------------------------------------------------------------
# Entities supplied by the bot as JSON (the ``entities`` / ``caption_entities`` parameters)


def entities_from_api(raw: object, text: str) -> list[TextEntity]:
    """Validate a JSON list of MessageEntity objects against ``text``."""
    if not isinstance(raw, list):
        raise bad_request("can't parse entities JSON object")
    text_length = utf16_length(text)
    entities: list[TextEntity] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse MessageEntity: expected an Object")
        entity_type = item.get("type")
        offset = item.get("offset")
        length = item.get("length")
        if not isinstance(entity_type, str) or entity_type not in ENTITY_TYPES:
            raise bad_request(f"can't parse MessageEntity: unsupported type {entity_type!r}")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0 or length < 0:
            raise bad_request("can't parse MessageEntity: offset and length must be non-negative")
        if offset > text_length:
            raise bad_request(f"entity begins after the end of the text at UTF-16 offset {offset}")
        if offset + length > text_length:
            raise bad_request(
                f"entity beginning at UTF-16 offset {offset} ends after the end of the text at "
                f"UTF-16 offset {offset + length}"
            )
        entity = TextEntity(entity_type, offset, length)
        if entity_type == "text_link":
            url = item.get("url")
            checked = check_link(url) if isinstance(url, str) else None
            if checked is None:
                raise bad_request("entity URL is invalid")
            entity.url = checked
        elif entity_type == "text_mention":
            user = item.get("user")
            user_id = user.get("id") if isinstance(user, dict) else None
            if not isinstance(user_id, int):
                raise bad_request('can\'t parse MessageEntity: field "user" must be a User')
            entity.user_id = user_id
        elif entity_type == "pre":
            language = item.get("language")
            entity.language = language if isinstance(language, str) and language else None
        elif entity_type == "custom_emoji":
            emoji_id = item.get("custom_emoji_id")
            if not isinstance(emoji_id, str) or not emoji_id.isdigit():
                raise bad_request("invalid custom emoji identifier specified")
            entity.custom_emoji_id = emoji_id
        elif entity_type == "date_time":
            unix_time = item.get("unix_time")
            entity.unix_time = unix_time if isinstance(unix_time, int) else None
            date_format = item.get("date_time_format")
            entity.date_time_format = date_format if isinstance(date_format, str) else None
        if length > 0:
            entities.append(entity)
    sort_entities(entities)
    return entities


# ---------------------------------------------------------------------------------------------
# fix_formatted_text

# Control characters become spaces; CR, the bidi overrides U+2028..U+202E and three combining
# marks are deleted (TDLib clean_input_string_with_entities).
_NEEDS_CLEANING = re.compile("[\x00-\x09\x0b-\x1f\u2028-\u202e\u030a\u0333\u033f]")
_DELETED_CHARACTERS = frozenset("\r\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u030a\u0333\u033f")


def _clean_control_characters(text: str, entities: list[TextEntity]) -> str:
    if _NEEDS_CLEANING.search(text) is None:
        return text
    pieces: list[str] = []
    deleted_at: list[int] = []  # UTF-16 offsets of deleted characters in the original text
    position = 0
    for ch in text:
        code = ord(ch)
        if ch in _DELETED_CHARACTERS:
            deleted_at.append(position)
        elif code < 0x20 and ch != "\n":
            pieces.append(" ")
        else:
            pieces.append(ch)
        position += 2 if code > 0xFFFF else 1
    if deleted_at:
        for entity in entities:
            deleted_before_start = sum(1 for p in deleted_at if p < entity.offset)
            deleted_before_end = sum(1 for p in deleted_at if p < entity.end)
            entity.offset -= deleted_before_start
            entity.length -= deleted_before_end - deleted_before_start
        entities[:] = [e for e in entities if e.length > 0]
    return "".join(pieces)


def finalize_text(
    text: str,
    entities: list[TextEntity],
    *,
    allow_empty: bool,
    detect_entities: bool = True,
) -> FormattedText:
    """Clean, trim and auto-detect entities like the server does before storing a message.

    Raises ``Bad Request: text must be non-empty`` when nothing but whitespace is left and
    ``allow_empty`` is false (captions may be empty, message texts may not).
    """
    text = _clean_control_characters(text, entities)

    kept = text.rstrip(" \n")
    if not kept:
        if allow_empty:
            return FormattedText("", [])
        raise bad_request("Text must be non-empty")
    if len(kept) != len(text):
        kept_length = utf16_length(kept)
        entities = [e for e in entities if e.offset < kept_length]
        for entity in entities:
            if entity.end > kept_length:
                entity.length = kept_length - entity.offset
        text = kept

    # Left trim stops at the first entity, so formatted leading spaces survive.
    first_entity_offset = min((e.offset for e in entities), default=len(text))
    leading = 0
    while leading < first_entity_offset and text[leading] in " \n":
        leading += 1
    if leading:
        text = text[leading:]
        for entity in entities:
            entity.offset -= leading

    if detect_entities:
        _merge_detected_entities(entities, find_entities(text))
    sort_entities(entities)
    return FormattedText(text, entities)


# ---------------------------------------------------------------------------------------------
# Auto-detected entities (TDLib find_entities, simplified to the common cases)

_BOT_COMMAND = re.compile(r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>@])")
_MENTION = re.compile(r"(?<!\w)@[a-zA-Z0-9_]{2,32}(?![\w@])")
_HASHTAG = re.compile(r"(?<![\w\u200c#])#[\w\u200c]{1,256}(?![\w\u200c]*#)")
_CASHTAG = re.compile(r"(?<![\w$])\$(?:1INCH|[A-Z]{1,8})(?![\w$])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[a-zA-Z0-9-]+\.)+[a-zA-Z]{2,24}(?![\w@])")
_URL = re.compile(
    r"(?<![\w@.])(?:(?:https?|ftp|tg|ton)://[^\s<>\"]+"
    r"|(?:[a-zA-Z0-9-]{1,63}\.)+(?:com|org|net|io|me|dev|app|ru|de|uk|info|co|tv|ly|gg|xyz|ai|eu)"
    r"(?::[0-9]{1,5})?(?:[/?#][^\s<>\"]*)?)(?![\w@])",
    re.IGNORECASE,
)
_URL_TRAILING_PUNCTUATION = ".,;:!?'\")]"
# Each detector with characters one of which its matches contain, to skip hopeless scans.
_DETECTORS = (
    (_BOT_COMMAND, "bot_command", "/"),
    (_EMAIL, "email", "@"),
    (_URL, "url", ".:"),
    (_MENTION, "mention", "@"),
    (_HASHTAG, "hashtag", "#"),
    (_CASHTAG, "cashtag", "$"),
)


def find_entities(text: str) -> list[TextEntity]:
    found: list[tuple[int, int, str]] = []
    for pattern, entity_type, hints in _DETECTORS:
        if not any(hint in text for hint in hints):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            if entity_type == "url":
                end -= len(match.group()) - len(match.group().rstrip(_URL_TRAILING_PUNCTUATION))
            if entity_type == "hashtag" and not any(ch.isalpha() for ch in text[start + 1 : end]):
                continue
            found.append((start, end, entity_type))
    if not found:
        return []

    found.sort()
    accepted: list[tuple[int, int, str]] = []
    for start, end, entity_type in found:
        if accepted and start < accepted[-1][1]:
            continue  # overlaps an earlier detection, e.g. the domain part of an e-mail
        accepted.append((start, end, entity_type))
    if text.isascii() or utf16_length(text) == len(text):
        return [TextEntity(t, start, end - start) for start, end, t in accepted]
    return [
        TextEntity(t, utf16_length(text[:start]), utf16_length(text[start:end]))
        for start, end, t in accepted
    ]


def _merge_detected_entities(entities: list[TextEntity], detected: Sequence[TextEntity]) -> None:
    """Add detected entities that do not cut through a code block, link or other continuous one."""
    if not detected:
        return
    blockers = [e for e in entities if e.type not in _OVERLAPPABLE_TYPES]
    for candidate in detected:
        if all(candidate.end <= b.offset or candidate.offset >= b.end for b in blockers):
            entities.append(candidate)
