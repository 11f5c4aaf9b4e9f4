"""``parse_mode=HTML``: a port of TDLib's ``parse_html`` with the same tags, quirks and errors.

Only ``<`` can cause an error; a bare ``>`` and an ``&`` that starts no known entity are kept as
text. Error messages quote UTF-8 byte offsets into the input, exactly like the real server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sandbox.emulator.entities import FormattedText, TextEntity, sort_entities
from sandbox.emulator.links import check_link, get_link_user_id
from sandbox.emulator.markup import (
    SPACE_BYTES,
    EntityParseError,
    ascii_lower,
    byte_at,
    decode_utf8_text,
    encode_code_point,
    utf16_length_of_utf8,
)

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "tg-time",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_SIMPLE_TAG_TYPES = {
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "u": "underline",
    "ins": "underline",
    "tg-spoiler": "spoiler",
}
_NAMED_ENTITIES = {b"lt": ord("<"), b"gt": ord(">"), b"amp": ord("&"), b"quot": ord('"')}
_MARKUP_CHARACTER = re.compile(rb"[<&]")
# Attribute-less tags like <b> and </b>: the common case, handled without the byte-wise parser
# (which gives the same result for them, only slower).
_PLAIN_START_TAG = re.compile(rb"<([A-Za-z][A-Za-z-]*)>")
_PLAIN_END_TAG = re.compile(rb"</([A-Za-z][A-Za-z-]*)>")
_INT64 = re.compile(r"-?[1-9][0-9]{0,18}")

_LT, _GT, _AMP, _SLASH, _EQUALS = ord("<"), ord(">"), ord("&"), ord("/"), ord("=")
_QUOTE, _APOSTROPHE, _HASH, _SEMICOLON = ord('"'), ord("'"), ord("#"), ord(";")
_ATTRIBUTE_NAME_END = frozenset(b"=>/\"'") | SPACE_BYTES
_SURROGATE_ERROR = (
    "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched "
    "surrogate code units"
)


@dataclass(slots=True)
class _OpenTag:
    name: str
    argument: str
    utf16_offset: int
    output_position: int
    attributes: dict[str, str] = field(default_factory=dict)


def _is_alpha(byte: int) -> bool:
    return ord("a") <= (byte | 0x20) <= ord("z")


def _is_digit(byte: int) -> bool:
    return ord("0") <= byte <= ord("9")


def _is_hex_digit(byte: int) -> bool:
    return _is_digit(byte) or ord("a") <= (byte | 0x20) <= ord("f")


def decode_html_entity(data: bytes, position: int) -> tuple[int, int]:
    """Decode ``&...;`` at ``position``: (code point, next position), or (0, position)."""
    end = position + 1
    code = 0
    if byte_at(data, position + 1) == _HASH:
        end += 1
        if byte_at(data, position + 2) == ord("x"):  # TDLib accepts only a lower-case x
            end += 1
            while _is_hex_digit(byte_at(data, end)):
                code = code * 16 + int(chr(data[end]), 16)
                end += 1
        else:
            while _is_digit(byte_at(data, end)):
                code = code * 10 + data[end] - ord("0")
                end += 1
        if code == 0 or code >= 0x10FFFF or end - position >= 10:
            return 0, position
    else:
        while _is_alpha(byte_at(data, end)):
            end += 1
        code = _NAMED_ENTITIES.get(data[position + 1 : end], 0)
        if code == 0:
            return 0, position
    if byte_at(data, end) == _SEMICOLON:
        end += 1
    return code, end


def parse_html(source: str) -> FormattedText:
    """Parse Telegram HTML into plain text and entities, or raise :class:`EntityParseError`."""
    data = source.encode("utf-8")
    size = len(data)
    output = bytearray()
    entities: list[TextEntity] = []
    open_tags: list[_OpenTag] = []
    utf16_offset = 0
    need_surrogate_check = False

    i = 0
    while i < size:
        # Fast path: copy everything up to the next '<' or '&' in one go.
        match = _MARKUP_CHARACTER.search(data, i)
        stop = match.start() if match else size
        if stop > i:
            chunk = data[i:stop]
            output += chunk
            utf16_offset += utf16_length_of_utf8(chunk)
            i = stop
            continue

        if data[i] == _AMP:
            code, next_position = decode_html_entity(data, i)
            if code != 0:
                utf16_offset += 2 if code > 0xFFFF else 1
                if 0xD800 <= code <= 0xDFFF:
                    need_surrogate_check = True
                output += encode_code_point(code)
                i = next_position
            else:
                output.append(_AMP)
                utf16_offset += 1
                i += 1
            continue

        plain_tag = _PLAIN_START_TAG.match(data, i)
        if plain_tag is not None:
            tag_name = plain_tag.group(1).lower().decode("ascii")
            if tag_name in ALLOWED_TAGS and tag_name != "span":
                open_tags.append(_OpenTag(tag_name, "", utf16_offset, len(output)))
                i = plain_tag.end()
                continue
        else:
            plain_tag = _PLAIN_END_TAG.match(data, i)
            if (
                plain_tag is not None
                and open_tags
                and plain_tag.group(1).lower().decode("ascii") == open_tags[-1].name
            ):
                if utf16_offset > open_tags[-1].utf16_offset:
                    _close_entity(open_tags[-1], utf16_offset, output, entities)
                open_tags.pop()
                i = plain_tag.end()
                continue

        begin = i
        i += 1
        if byte_at(data, i) != _SLASH:
            i = _parse_start_tag(data, begin, i, utf16_offset, len(output), open_tags)
        else:
            i = _parse_end_tag(data, begin, i, utf16_offset, output, open_tags, entities)
        i += 1  # past the closing '>'

    if open_tags:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1].name}"'
        )
    for entity in entities:
        if entity.type == "code":
            entity.language = None  # a language is only kept on <pre><code class=...>
    sort_entities(entities)

    text = decode_utf8_text(output)
    if text is None:
        # Only a numeric reference to a lone surrogate can make the output invalid.
        assert need_surrogate_check
        raise EntityParseError(_SURROGATE_ERROR)
    return FormattedText(text, entities)


def _parse_start_tag(
    data: bytes,
    begin: int,
    i: int,
    utf16_offset: int,
    output_position: int,
    open_tags: list[_OpenTag],
) -> int:
    """Parse ``<name attr=value ...>`` starting after the '<'; return the index of its '>'."""
    while byte_at(data, i) not in SPACE_BYTES and byte_at(data, i) != _GT:
        i += 1
    if byte_at(data, i) == 0:
        raise EntityParseError(f"Unclosed start tag at byte offset {begin}")

    tag_name = ascii_lower(data[begin + 1 : i]).decode("utf-8", "replace")
    if tag_name not in ALLOWED_TAGS:
        raise EntityParseError(f'Unsupported start tag "{tag_name}" at byte offset {begin}')

    argument = b""
    attributes: dict[str, str] = {}
    while byte_at(data, i) != _GT:
        while byte_at(data, i) != 0 and byte_at(data, i) in SPACE_BYTES:
            i += 1
        if byte_at(data, i) == _GT:
            break
        attribute_begin = i
        while byte_at(data, i) not in _ATTRIBUTE_NAME_END:
            i += 1
        attribute_name = data[attribute_begin:i]
        if not attribute_name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag_name}" at byte offset {begin}'
            )
        while byte_at(data, i) != 0 and byte_at(data, i) in SPACE_BYTES:
            i += 1
        if byte_at(data, i) != _EQUALS:
            if byte_at(data, i) == 0:
                raise EntityParseError(f'Unclosed start tag "{tag_name}" at byte offset {begin}')
            if tag_name == "blockquote" and attribute_name == b"expandable":
                argument = b"1"
            continue  # an attribute without a value
        i += 1
        while byte_at(data, i) != 0 and byte_at(data, i) in SPACE_BYTES:
            i += 1
        if byte_at(data, i) == 0:
            raise EntityParseError(f'Unclosed start tag "{tag_name}" at byte offset {begin}')

        if byte_at(data, i) not in (_QUOTE, _APOSTROPHE):
            # A name token: letters, digits, periods and hyphens; case-insensitive.
            token_begin = i
            while (
                _is_alpha(byte_at(data, i))
                or _is_digit(byte_at(data, i))
                or byte_at(data, i) in (ord("."), ord("-"))
            ):
                i += 1
            value = ascii_lower(data[token_begin:i])
            if byte_at(data, i) not in SPACE_BYTES and byte_at(data, i) != _GT:
                raise EntityParseError(f"Unexpected end of name token at byte offset {token_begin}")
        else:
            quote = data[i]
            i += 1
            decoded = bytearray()
            while byte_at(data, i) != quote and byte_at(data, i) != 0:
                if data[i] == _AMP:
                    code, next_position = decode_html_entity(data, i)
                    if code != 0:
                        decoded += encode_code_point(code)
                        i = next_position
                        continue
                decoded.append(data[i])
                i += 1
            if byte_at(data, i) == quote:
                i += 1
            value = bytes(decoded)
        if byte_at(data, i) == 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {begin}")

        # Attribute names are compared case-sensitively; unknown attributes are ignored.
        if tag_name == "a" and attribute_name == b"href":
            argument = value
        elif tag_name == "code" and attribute_name == b"class" and value.startswith(b"language-"):
            argument = value[len(b"language-") :]
        elif tag_name == "span" and attribute_name == b"class" and value.startswith(b"tg-"):
            argument = value[len(b"tg-") :]
        elif tag_name == "tg-emoji" and attribute_name == b"emoji-id":
            argument = value
        elif tag_name == "blockquote" and attribute_name == b"expandable":
            argument = b"1"
        elif tag_name == "tg-time" and attribute_name in (b"unix", b"format"):
            attributes[attribute_name.decode()] = value.decode("utf-8", "replace")

    argument_text = argument.decode("utf-8", "replace")
    if tag_name == "span" and argument_text != "spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
    open_tags.append(_OpenTag(tag_name, argument_text, utf16_offset, output_position, attributes))
    return i


def _parse_end_tag(
    data: bytes,
    begin: int,
    i: int,
    utf16_offset: int,
    output: bytearray,
    open_tags: list[_OpenTag],
    entities: list[TextEntity],
) -> int:
    """Parse ``</name>`` starting at the '/'; return the index of its '>'."""
    if not open_tags:
        raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
    while byte_at(data, i) not in SPACE_BYTES and byte_at(data, i) != _GT:
        i += 1
    end_tag_name = ascii_lower(data[begin + 2 : i]).decode("utf-8", "replace")
    while byte_at(data, i) in SPACE_BYTES and byte_at(data, i) != 0:
        i += 1
    if byte_at(data, i) != _GT:
        raise EntityParseError(f"Unclosed end tag at byte offset {begin}")

    open_tag = open_tags[-1]
    if end_tag_name and end_tag_name != open_tag.name:
        raise EntityParseError(
            f'Unmatched end tag at byte offset {begin}, expected "</{open_tag.name}>", '
            f'found "</{end_tag_name}>"'
        )
    if utf16_offset > open_tag.utf16_offset:
        _close_entity(open_tag, utf16_offset, output, entities)
    open_tags.pop()
    return i


def _close_entity(
    tag: _OpenTag, utf16_offset: int, output: bytearray, entities: list[TextEntity]
) -> None:
    offset = tag.utf16_offset
    length = utf16_offset - offset
    simple_type = _SIMPLE_TAG_TYPES.get(tag.name)
    if simple_type is not None or (tag.name == "span" and tag.argument == "spoiler"):
        entities.append(TextEntity(simple_type or "spoiler", offset, length))
    elif tag.name == "tg-emoji":
        if not _INT64.fullmatch(tag.argument) or not -(2**63) <= int(tag.argument) < 2**63:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entities.append(TextEntity("custom_emoji", offset, length, custom_emoji_id=tag.argument))
    elif tag.name == "tg-time":
        unix = tag.attributes.get("unix", "")
        if not unix.isdigit():
            raise EntityParseError("Invalid Unix time specified")
        entities.append(
            TextEntity(
                "date_time",
                offset,
                length,
                unix_time=int(unix),
                date_time_format=tag.attributes.get("format"),
            )
        )
    elif tag.name == "a":
        url = tag.argument
        if not url:  # <a> without href links to its own text
            url = bytes(output[tag.output_position :]).decode("utf-8", "replace")
        user_id = get_link_user_id(url)
        if user_id is not None:
            entities.append(TextEntity("text_mention", offset, length, user_id=user_id))
        else:
            checked = check_link(url)
            if checked is not None:
                entities.append(TextEntity("text_link", offset, length, url=checked))
    elif tag.name == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last.type == "code"
            and (last.offset, last.length) == (offset, length)
            and last.language
        ):
            last.type = "pre"  # <code class="language-x"> directly inside <pre>
        else:
            entities.append(TextEntity("pre", offset, length))
    elif tag.name == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last.type == "pre"
            and not last.language
            and (last.offset, last.length) == (offset, length)
            and tag.argument
        ):
            last.language = tag.argument  # <pre> directly inside <code class="language-x">
        else:
            entities.append(TextEntity("code", offset, length, language=tag.argument or None))
    elif tag.name == "blockquote":
        entity_type = "expandable_blockquote" if tag.argument else "blockquote"
        entities.append(TextEntity(entity_type, offset, length))
    else:  # pragma: no cover - ALLOWED_TAGS and this function must list the same tags
        raise AssertionError(f"unhandled tag {tag.name}")
