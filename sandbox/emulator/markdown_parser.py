"""``parse_mode=MarkdownV2`` and legacy ``Markdown``: ports of TDLib's ``parse_markdown_v2`` and
``parse_markdown``, with the same reserved-character rule and error messages.

Internally entities carry TDLib's type names (Bold, PreCode, TextUrl, ...) because the error
messages quote them: ``Can't find end of Bold entity at byte offset 3``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.emulator.entities import FormattedText, TextEntity, sort_entities
from sandbox.emulator.links import check_link, get_link_user_id
from sandbox.emulator.markup import (
    SPACE_BYTES,
    EntityParseError,
    byte_at,
    is_utf8_first_byte,
    utf16_length_of_utf8,
)

_RESERVED = frozenset(b"_*[]()~`>#+-=|{}.!\n")
_RESERVED_IN_CODE = frozenset(b"`")
# Anything the main loop must look at: reserved characters and the escape character.
_INTERESTING = re.compile(rb"[\\_*\[\]()~`>#+\-=|{}.!\n]")
_INTERESTING_IN_CODE = re.compile(rb"[\\`]")
_CODE_TYPES = frozenset({"Code", "Pre", "PreCode"})
_BOT_API_TYPES = {
    "Bold": "bold",
    "Italic": "italic",
    "Underline": "underline",
    "Strikethrough": "strikethrough",
    "Spoiler": "spoiler",
    "Code": "code",
    "Pre": "pre",
    "PreCode": "pre",
    "TextUrl": "text_link",
    "CustomEmoji": "custom_emoji",
    "BlockQuote": "blockquote",
    "ExpandableBlockQuote": "expandable_blockquote",
}
_CUSTOM_EMOJI_LINK = re.compile(r"tg://emoji\?id=(-?[1-9][0-9]{0,18})", re.IGNORECASE)

_BACKSLASH, _LF, _CR = ord("\\"), ord("\n"), ord("\r")
_BACKTICK, _UNDERSCORE, _PIPE = ord("`"), ord("_"), ord("|")
_GT, _OPEN_PAREN, _CLOSE_PAREN, _OPEN_BRACKET = ord(">"), ord("("), ord(")"), ord("[")


@dataclass(slots=True)
class _OpenEntity:
    type: str  # TDLib's name
    argument: str
    utf16_offset: int
    byte_offset: int  # where the markup started in the input, for error messages
    output_position: int


def _reserved_error(byte: int) -> EntityParseError:
    return EntityParseError(
        f"Character '{chr(byte)}' is reserved and must be escaped with the preceding '\\'"
    )


def _unclosed_error(entity: _OpenEntity) -> EntityParseError:
    return EntityParseError(
        f"Can't find end of {entity.type} entity at byte offset {entity.byte_offset}"
    )


def _is_escapable(byte: int) -> bool:
    return 0 < byte <= 126  # TDLib compares a signed char, so non-ASCII bytes never escape


def parse_markdown_v2(source: str) -> FormattedText:
    data = source.encode("utf-8")
    size = len(data)
    output = bytearray()
    entities: list[TextEntity] = []
    stack: list[_OpenEntity] = []
    utf16_offset = 0
    have_blockquote = False
    can_start_blockquote = True

    i = 0
    while i < size:
        in_code = bool(stack) and stack[-1].type in _CODE_TYPES
        # Fast path: plain characters up to the next reserved one or backslash.
        match = (_INTERESTING_IN_CODE if in_code else _INTERESTING).search(data, i)
        stop = match.start() if match else size
        if stop > i:
            chunk = data[i:stop]
            output += chunk
            utf16_offset += utf16_length_of_utf8(chunk)
            if chunk.strip(b"\r"):
                can_start_blockquote = False
            i = stop
            continue

        c = data[i]
        if c == _BACKSLASH and _is_escapable(byte_at(data, i + 1)):
            i += 1
            utf16_offset += 1
            output.append(data[i])
            if data[i] != _CR:
                can_start_blockquote = data[i] == _LF
            i += 1
            continue
        reserved = _RESERVED_IN_CODE if in_code else _RESERVED
        if c not in reserved:  # a backslash that escapes nothing is a plain character
            if is_utf8_first_byte(c):
                utf16_offset += 2 if c >= 0xF0 else 1
                if c != _CR:
                    can_start_blockquote = False
            output.append(c)
            i += 1
            continue

        if _is_end_of_entity(data, i, stack, have_blockquote):
            i, have_blockquote, can_start_blockquote, utf16_offset = _close_entity(
                data, i, stack, output, entities, utf16_offset, have_blockquote
            )
            i += 1
            continue

        # The start of an entity (or a reserved character that starts nothing: an error).
        entity_byte_offset = i
        argument = ""
        if c == _UNDERSCORE:
            if byte_at(data, i + 1) == _UNDERSCORE:
                entity_type = "Underline"
                i += 1
            else:
                entity_type = "Italic"
        elif c == ord("*"):
            entity_type = "Bold"
        elif c == ord("~"):
            entity_type = "Strikethrough"
        elif c == _PIPE:
            if byte_at(data, i + 1) != _PIPE:
                raise _reserved_error(c)
            i += 1
            entity_type = "Spoiler"
        elif c == _OPEN_BRACKET:
            entity_type = "TextUrl"
        elif c == _BACKTICK:
            if byte_at(data, i + 1) == _BACKTICK and byte_at(data, i + 2) == _BACKTICK:
                i += 3
                argument, i = _read_pre_block_start(data, i)
                entity_type = "PreCode" if argument else "Pre"
                i -= 1  # the loop step below moves to the first character of the block
            else:
                entity_type = "Code"
        elif c == ord("!"):
            if byte_at(data, i + 1) != _OPEN_BRACKET:
                raise _reserved_error(c)
            i += 1
            entity_type = "CustomEmoji"
        elif c == _LF:
            utf16_offset += 1
            output.append(_LF)
            can_start_blockquote = True
            i += 1
            continue
        elif c == _GT:
            if not can_start_blockquote:
                raise _reserved_error(c)
            if have_blockquote:  # a continuation line of the open quote
                i += 1
                continue
            entity_type = "BlockQuote"
            have_blockquote = True
        else:
            raise _reserved_error(c)
        stack.append(
            _OpenEntity(entity_type, argument, utf16_offset, entity_byte_offset, len(output))
        )
        i += 1

    if have_blockquote:
        quote_type = "BlockQuote"
        if stack[-1].type == "Spoiler" and stack[-1].byte_offset == size - 2:
            stack.pop()  # a trailing "||" makes the quote expandable
            quote_type = "ExpandableBlockQuote"
        if stack[-1].type == "BlockQuote":
            quote = stack.pop()
            if utf16_offset != quote.utf16_offset:
                entities.append(
                    TextEntity(
                        _BOT_API_TYPES[quote_type],
                        quote.utf16_offset,
                        utf16_offset - quote.utf16_offset,
                    )
                )
    if stack:
        raise _unclosed_error(stack[-1])

    sort_entities(entities)
    return FormattedText(output.decode("utf-8"), entities)


def _skip_one_newline(data: bytes, i: int) -> int:
    if byte_at(data, i) in (_LF, _CR):
        following = byte_at(data, i + 1)
        if following in (_LF, _CR) and data[i] != following:
            return i + 2
        return i + 1
    return i


def _read_pre_block_start(data: bytes, i: int) -> tuple[str, int]:
    """After the opening ```: the block's language ("" for none) and where its text starts.

    A language is the word right after the backticks when something other than a backtick
    follows it; then one line break is skipped, as TDLib does.
    """
    language = ""
    language_end = i
    while (
        byte_at(data, language_end) not in SPACE_BYTES and byte_at(data, language_end) != _BACKTICK
    ):
        language_end += 1
    if i != language_end and language_end < len(data) and data[language_end] != _BACKTICK:
        language = data[i:language_end].decode("utf-8", "replace")
        i = language_end
    return language, _skip_one_newline(data, i)


def _is_end_of_entity(data: bytes, i: int, stack: list[_OpenEntity], have_blockquote: bool) -> bool:
    if not stack:
        return False
    c = data[i]
    if have_blockquote and c == _LF and (i + 1 == len(data) or data[i + 1] != _GT):
        return True
    open_type = stack[-1].type
    following = byte_at(data, i + 1)
    if open_type == "Bold":
        return c == ord("*")
    if open_type == "Italic":
        return c == _UNDERSCORE and following != _UNDERSCORE
    if open_type == "Code":
        return c == _BACKTICK
    if open_type in ("Pre", "PreCode"):
        return c == _BACKTICK and following == _BACKTICK and byte_at(data, i + 2) == _BACKTICK
    if open_type in ("TextUrl", "CustomEmoji"):
        return c == ord("]")
    if open_type == "Underline":
        return c == _UNDERSCORE and following == _UNDERSCORE
    if open_type == "Strikethrough":
        return c == ord("~")
    if open_type == "Spoiler":
        return c == _PIPE and following == _PIPE
    return False  # BlockQuote ends only at a line that does not start with '>'


def _read_link_target(data: bytes, i: int, what: str) -> tuple[str, int]:
    """Read the ``(target)`` whose '(' is at ``i - 1``: the unescaped target, the ')' index."""
    target = bytearray()
    target_begin = i
    while i < len(data) and data[i] != _CLOSE_PAREN:
        if data[i] == _BACKSLASH and _is_escapable(byte_at(data, i + 1)):
            target.append(data[i + 1])
            i += 2
            continue
        target.append(data[i])
        i += 1
    if byte_at(data, i) != _CLOSE_PAREN:
        raise EntityParseError(f"Can't find end of {what} at byte offset {target_begin}")
    return target.decode("utf-8", "replace"), i


def _close_entity(
    data: bytes,
    i: int,
    stack: list[_OpenEntity],
    output: bytearray,
    entities: list[TextEntity],
    utf16_offset: int,
    have_blockquote: bool,
) -> tuple[int, bool, bool, int]:
    """Handle the end of the innermost entity at ``i``.

    Returns the index of the entity's last markup character, the new ``have_blockquote`` and
    ``can_start_blockquote`` flags and the new UTF-16 offset.
    """
    c = data[i]
    can_start_blockquote = False
    entity_type = stack[-1].type
    if c == _LF and entity_type != "BlockQuote":
        # Only "||" right before the newline may end a quote: it makes it expandable.
        spoiler = stack[-1]
        directly_before = spoiler.byte_offset == i - 2 or (
            spoiler.byte_offset == i - 3 and output and output[-1] == _CR
        )
        if entity_type != "Spoiler" or not directly_before:
            raise _unclosed_error(spoiler)
        stack.pop()
        if stack[-1].type != "BlockQuote":
            raise _unclosed_error(stack[-1])
        entity_type = "ExpandableBlockQuote"

    opened = stack[-1]
    skip_entity = utf16_offset == opened.utf16_offset
    url: str | None = None
    user_id: int | None = None
    custom_emoji_id: str | None = None
    if entity_type in ("Underline", "Spoiler"):
        i += 1
    elif entity_type in ("Pre", "PreCode"):
        i += 2
    elif entity_type == "TextUrl":
        if byte_at(data, i + 1) != _OPEN_PAREN:
            target = bytes(output[opened.output_position :]).decode("utf-8", "replace")
        else:
            target, i = _read_link_target(data, i + 2, "a URL")
        user_id = get_link_user_id(target)
        if user_id is None:
            url = check_link(target)
            if url is None:
                skip_entity = True
    elif entity_type == "CustomEmoji":
        if byte_at(data, i + 1) != _OPEN_PAREN:
            raise EntityParseError("Custom emoji entity must contain a tg://emoji URL")
        target, i = _read_link_target(data, i + 2, "a custom emoji URL")
        emoji_match = _CUSTOM_EMOJI_LINK.fullmatch(target)
        if emoji_match is None:
            raise EntityParseError("Invalid custom emoji identifier specified")
        custom_emoji_id = emoji_match.group(1)
    elif entity_type in ("BlockQuote", "ExpandableBlockQuote"):
        have_blockquote = False
        output.append(data[i])
        can_start_blockquote = True
        utf16_offset += 1
        skip_entity = False

    if not skip_entity:
        offset = opened.utf16_offset
        length = utf16_offset - offset
        if user_id is not None:
            entities.append(TextEntity("text_mention", offset, length, user_id=user_id))
        else:
            entity = TextEntity(_BOT_API_TYPES[entity_type], offset, length)
            if entity_type == "PreCode":
                entity.language = opened.argument
            entity.url = url
            entity.custom_emoji_id = custom_emoji_id
            entities.append(entity)
    stack.pop()
    return i, have_blockquote, can_start_blockquote, utf16_offset


def parse_markdown_legacy(source: str) -> FormattedText:
    """The old ``Markdown`` mode: ``*bold*``, ``_italic_``, ``[text](url)``, code and pre."""
    data = source.encode("utf-8")
    size = len(data)
    output = bytearray()
    entities: list[TextEntity] = []
    utf16_offset = 0
    i = 0
    while i < size:
        c = data[i]
        if c == _BACKSLASH and byte_at(data, i + 1) in b"_*`[":
            i += 1
            output.append(data[i])
            utf16_offset += 1
            i += 1
            continue
        if c not in b"_*`[":
            if is_utf8_first_byte(c):
                utf16_offset += 2 if c >= 0xF0 else 1
            output.append(c)
            i += 1
            continue

        begin = i
        end_character = ord("]") if c == _OPEN_BRACKET else c
        is_pre = False
        language = ""
        i += 1
        if c == _BACKTICK and byte_at(data, i) == _BACKTICK and byte_at(data, i + 1) == _BACKTICK:
            i += 2
            is_pre = True
            language, i = _read_pre_block_start(data, i)

        entity_offset = utf16_offset
        content_start = i
        while i < size and (
            data[i] != end_character
            or (
                is_pre
                and not (byte_at(data, i + 1) == _BACKTICK and byte_at(data, i + 2) == _BACKTICK)
            )
        ):
            i += 1
        if i == size:
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {begin}")
        content = data[content_start:i]
        output += content
        utf16_offset += utf16_length_of_utf8(content)

        if entity_offset != utf16_offset:
            length = utf16_offset - entity_offset
            if c == _UNDERSCORE:
                entities.append(TextEntity("italic", entity_offset, length))
            elif c == ord("*"):
                entities.append(TextEntity("bold", entity_offset, length))
            elif c == _OPEN_BRACKET:
                if byte_at(data, i + 1) != _OPEN_PAREN:
                    target = data[begin + 1 : i].decode("utf-8", "replace")
                else:
                    i += 2
                    target_start = i
                    while i < size and data[i] != _CLOSE_PAREN:
                        i += 1
                    target = data[target_start:i].decode("utf-8", "replace")
                user_id = get_link_user_id(target)
                if user_id is not None:
                    entities.append(
                        TextEntity("text_mention", entity_offset, length, user_id=user_id)
                    )
                else:
                    url = check_link(target)
                    if url is not None:
                        entities.append(TextEntity("text_link", entity_offset, length, url=url))
            elif is_pre:
                entities.append(TextEntity("pre", entity_offset, length, language=language or None))
            else:
                entities.append(TextEntity("code", entity_offset, length))
        if is_pre:
            i += 2
        i += 1
    sort_entities(entities)
    return FormattedText(output.decode("utf-8"), entities)
