"""Shared pieces of the HTML and Markdown parsers.

Both parsers are ports of TDLib (``td/telegram/MessageEntity.cpp``) and work on the UTF-8
bytes of the text, because the server reports error positions as byte offsets.
"""

from __future__ import annotations

from sandbox.emulator.entities import utf16_length


class EntityParseError(ValueError):
    """A markup error; the Bot API reports it as ``Bad Request: can't parse entities: <msg>``."""


# td::is_space: NUL counts as a space because the C++ parser walks a NUL-terminated string.
SPACE_BYTES = frozenset(b" \t\r\n\x00\x0b")


def byte_at(data: bytes, index: int) -> int:
    """``data[index]``, or 0 past the end, mirroring the C string's terminating NUL."""
    return data[index] if index < len(data) else 0


def utf16_length_of_utf8(chunk: bytes | bytearray) -> int:
    if chunk.isascii():
        return len(chunk)
    return utf16_length(bytes(chunk).decode("utf-8", "surrogatepass"))


def ascii_lower(data: bytes | bytearray) -> bytes:
    # td::to_lower only folds A-Z, unlike bytes.lower() which is also ASCII-only: same result.
    return bytes(data).lower()


def is_utf8_first_byte(byte: int) -> bool:
    return (byte & 0xC0) != 0x80


def encode_code_point(code: int) -> bytes:
    """UTF-8 for a decoded character reference; lone surrogates are kept to be rejected later."""
    return chr(code).encode("utf-8", "surrogatepass")


def decode_utf8_text(data: bytes | bytearray) -> str | None:
    """The text, or None if it contains a surrogate produced by a character reference."""
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError:
        return None
