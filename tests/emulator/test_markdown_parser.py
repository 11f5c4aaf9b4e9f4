"""parse_mode=MarkdownV2 and Markdown against TDLib's test table and LIMITS.md §4."""

from __future__ import annotations

import pytest

from sandbox.emulator.entities import TextEntity
from sandbox.emulator.markdown_parser import parse_markdown_legacy, parse_markdown_v2
from sandbox.emulator.markup import EntityParseError

STADIUM = "🏟 🏟"
ARROW = "➡️ ➡️"
RESERVED = "]()>#+-=|{}.!"


@pytest.mark.parametrize("character", list(RESERVED))
def test_reserved_characters_must_be_escaped(character: str) -> None:
    # After a letter, so that '>' is not read as the start of a block quote.
    with pytest.raises(EntityParseError) as raised:
        parse_markdown_v2("x" + character)
    expected = f"Character '{character}' is reserved and must be escaped with the preceding '\\'"
    assert str(raised.value) == expected
    assert parse_markdown_v2("x\\" + character).text == "x" + character


@pytest.mark.parametrize("character", list("abcXYZ019 ,;:?@$%^&\"'/"))
def test_other_characters_are_plain_text(character: str) -> None:
    assert parse_markdown_v2(character).text == character


INVALID = [
    (f"{STADIUM}_abacaba", "Can't find end of Italic entity at byte offset 9"),
    (f"{STADIUM}_abac * asd ", "Can't find end of Bold entity at byte offset 15"),
    (f"{STADIUM}_abac * asd _", "Can't find end of Italic entity at byte offset 21"),
    (f"{STADIUM}`", "Can't find end of Code entity at byte offset 9"),
    (f"{STADIUM}```", "Can't find end of Pre entity at byte offset 9"),
    (f"{STADIUM}```a", "Can't find end of Pre entity at byte offset 9"),
    (f"{STADIUM}```a ", "Can't find end of PreCode entity at byte offset 9"),
    (f"{STADIUM}__🏟 🏟_", "Can't find end of Italic entity at byte offset 20"),
    (f"{STADIUM}_🏟 🏟__", "Can't find end of Underline entity at byte offset 19"),
    (f"{STADIUM}```🏟 🏟`", "Can't find end of Code entity at byte offset 21"),
    (f"{STADIUM}```🏟 🏟_", "Can't find end of PreCode entity at byte offset 9"),
    (f"{STADIUM}```🏟 🏟\\`", "Can't find end of PreCode entity at byte offset 9"),
    ("[telegram\\.org](asd\\)", "Can't find end of a URL at byte offset 16"),
    ("[telegram\\.org](", "Can't find end of a URL at byte offset 16"),
    ("[telegram\\.org](asd", "Can't find end of a URL at byte offset 16"),
    (f"{STADIUM}__🏟 _🏟___", "Can't find end of Italic entity at byte offset 23"),
    (f"{STADIUM}__", "Can't find end of Underline entity at byte offset 9"),
    ("Hello. *bold*", "Character '.' is reserved and must be escaped with the preceding '\\'"),
    ("*bold", "Can't find end of Bold entity at byte offset 0"),
]


@pytest.mark.parametrize(("source", "error"), INVALID)
def test_invalid_markdown_v2(source: str, error: str) -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_markdown_v2(source)
    assert str(raised.value) == error


def E(kind: str, offset: int, length: int, **extra: object) -> TextEntity:
    return TextEntity(kind, offset, length, **extra)  # type: ignore[arg-type]


VALID = [
    ("", "", []),
    ("\\\\", "\\", []),
    ("\\\\\\\\", "\\\\", []),
    (ARROW, ARROW, []),
    (f"{STADIUM}``", STADIUM, []),
    (f"{STADIUM}_abac \\* asd _", f"{STADIUM}abac * asd ", [E("italic", 5, 11)]),
    ("🏟 \\.🏟_🏟\\. 🏟_", "🏟 .🏟🏟. 🏟", [E("italic", 6, 6)]),
    ("\\\\\\a\\b\\c\\d\\e\\f\\1\\2\\3\\4\\➡️\\", "\\abcdef1234\\➡️\\", []),
    (f"{ARROW}_{ARROW}_", ARROW + ARROW, [E("italic", 5, 5)]),
    (f"{ARROW}_{ARROW}_*{ARROW}*", ARROW * 3, [E("italic", 5, 5), E("bold", 10, 5)]),
    (f"{STADIUM}_🏟 *🏟*_", "🏟 🏟🏟 🏟", [E("italic", 5, 5), E("bold", 8, 2)]),
    (f"{STADIUM}_🏟 __🏟___", "🏟 🏟🏟 🏟", [E("italic", 5, 5), E("underline", 8, 2)]),
    (f"{STADIUM}__🏟 _🏟_ __", "🏟 🏟🏟 🏟 ", [E("underline", 5, 6), E("italic", 8, 2)]),
    (f"{STADIUM}`🏟 🏟```", "🏟 🏟🏟 🏟", [E("code", 5, 5)]),
    (f"{STADIUM}```🏟 🏟```", "🏟 🏟 🏟", [E("pre", 5, 3, language="🏟")]),
    (f"{STADIUM}```🏟\n🏟```", "🏟 🏟🏟", [E("pre", 5, 2, language="🏟")]),
    (f"{STADIUM}```🏟\r\n🏟```", "🏟 🏟🏟", [E("pre", 5, 2, language="🏟")]),
    (f"{STADIUM}```🏟\n\n🏟```", "🏟 🏟\n🏟", [E("pre", 5, 3, language="🏟")]),
    (f"{STADIUM}**", STADIUM, []),
    (f"{STADIUM}``````", STADIUM, []),
    (f"{STADIUM}____", STADIUM, []),
    (
        "`_* *_`__*` `*__",
        "_* *_ ",
        [E("code", 0, 5), E("code", 5, 1), E("bold", 5, 1), E("underline", 5, 1)],
    ),
    ("_* * ` `_", "   ", [E("italic", 0, 3), E("bold", 0, 1), E("code", 2, 1)]),
    ("~s~ ||sp||", "s sp", [E("strikethrough", 0, 1), E("spoiler", 2, 2)]),
    ("[site](http://example\\.com)", "site", [E("text_link", 0, 4, url="http://example.com/")]),
    ("[Ada](tg://user?id=42)", "Ada", [E("text_mention", 0, 3, user_id=42)]),
    (
        "![👍](tg://emoji?id=5368324170671202286)",
        "👍",
        [E("custom_emoji", 0, 2, custom_emoji_id="5368324170671202286")],
    ),
    (">quote\nplain", "quote\nplain", [E("blockquote", 0, 6)]),
    (">one\n>two||\nx", "one\ntwo\nx", [E("expandable_blockquote", 0, 8)]),
]


@pytest.mark.parametrize(("source", "text", "entities"), VALID)
def test_valid_markdown_v2(source: str, text: str, entities: list[TextEntity]) -> None:
    parsed = parse_markdown_v2(source)
    assert parsed.text == text
    assert parsed.entities == entities


def test_legacy_markdown() -> None:
    parsed = parse_markdown_legacy("*bold* _it_ `code` [site](example.com) 1.5 - ok!")
    assert parsed.text == "bold it code site 1.5 - ok!"
    assert parsed.entities == [
        E("bold", 0, 4),
        E("italic", 5, 2),
        E("code", 8, 4),
        E("text_link", 13, 4, url="http://example.com/"),
    ]


def test_legacy_markdown_unclosed_entity() -> None:
    with pytest.raises(EntityParseError) as raised:
        parse_markdown_legacy("a *b")
    assert str(raised.value) == "Can't find end of the entity starting at byte offset 2"
