"""Text and caption limits, parse modes and entities as sendMessage reports them (LIMITS.md §2)."""

from __future__ import annotations

import pytest

from sandbox.emulator import BotApiEmulator
from sandbox.emulator.entities import finalize_text
from sandbox.emulator.errors import ApiError
from tests.emulator.conftest import USER_ID, BotApiClient


async def send(api: BotApiClient, text: str, **params: object) -> tuple[int, dict[str, object]]:
    reply = await api.call("sendMessage", chat_id=USER_ID, text=text, **params)
    return reply.status, reply.body


async def test_4096_code_points_are_accepted_and_4097_are_too_long(api: BotApiClient) -> None:
    status, _ = await send(api, "a" * 4096)
    assert status == 200
    status, body = await send(api, "a" * 4097)
    assert (status, body["description"]) == (400, "Bad Request: message is too long")


async def test_length_counts_code_points_not_utf16_units(api: BotApiClient) -> None:
    status, body = await send(api, "😀" * 4096)  # 8192 UTF-16 units, 4096 code points
    assert status == 200, body
    status, body = await send(api, "😀" * 4097)
    assert body["description"] == "Bad Request: message is too long"


async def test_length_is_measured_after_entity_parsing(api: BotApiClient) -> None:
    status, body = await send(api, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert status == 200, body


async def test_raw_text_over_32768_bytes_is_refused_before_parsing(api: BotApiClient) -> None:
    status, body = await send(api, "<b></b>" * 4682, parse_mode="HTML")  # 32774 bytes
    assert (status, body["description"]) == (400, "Bad Request: text is too long")


@pytest.mark.parametrize(
    ("text", "parse_mode", "description"),
    [
        ("", None, "Bad Request: message text is empty"),
        ("<b></b>", "HTML", "Bad Request: text must be non-empty"),
        ("   \n ", None, "Bad Request: text must be non-empty"),
        ("hi", "HTMLX", "Bad Request: unsupported parse_mode"),
        (
            "<p>x</p>",
            "HTML",
            'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0',
        ),
        (
            "1.5",
            "MarkdownV2",
            "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
            "with the preceding '\\'",
        ),
    ],
)
async def test_text_errors(
    api: BotApiClient, text: str, parse_mode: str | None, description: str
) -> None:
    status, body = await send(api, text, parse_mode=parse_mode)
    assert (status, body["description"]) == (400, description)


@pytest.mark.parametrize("parse_mode", ["html", "Html", "MARKDOWNV2", "markdown", "none", ""])
async def test_parse_mode_is_case_insensitive(api: BotApiClient, parse_mode: str) -> None:
    status, body = await send(api, "plain", parse_mode=parse_mode)
    assert status == 200, body


async def test_html_result_has_plain_text_and_utf16_entities(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    raw = "😀 <b>Bold</b> &amp; <a href='https://example.com'>link</a>"
    status, body = await send(api, raw, parse_mode="HTML")
    assert status == 200
    result = body["result"]
    assert isinstance(result, dict)
    assert result["text"] == "😀 Bold & link"
    assert result["entities"] == [
        {"offset": 3, "length": 4, "type": "bold"},
        {"offset": 10, "length": 4, "type": "text_link", "url": "https://example.com/"},
    ]
    message = emu.chat(USER_ID).last_bot_message
    assert message is not None
    assert (message.text, message.html, message.parse_mode) == (result["text"], raw, "HTML")


async def test_server_trims_whitespace_and_detects_entities(api: BotApiClient) -> None:
    _status, body = await send(api, "  \n See /help or https://t.me/x, @ada #tag  \n ")
    result = body["result"]
    assert isinstance(result, dict)
    assert result["text"] == "See /help or https://t.me/x, @ada #tag"
    assert [e["type"] for e in result["entities"]] == ["bot_command", "url", "mention", "hashtag"]


async def test_explicit_entities_are_validated(api: BotApiClient) -> None:
    ok = await api.call(
        "sendMessage",
        chat_id=USER_ID,
        text="hello",
        entities=[{"type": "bold", "offset": 0, "length": 5}],
    )
    assert ok.result["entities"] == [{"offset": 0, "length": 5, "type": "bold"}]
    bad = await api.call(
        "sendMessage",
        chat_id=USER_ID,
        text="hi",
        entities=[{"type": "bold", "offset": 1, "length": 5}],
    )
    assert bad.status == 400
    assert "ends after the end of the text" in bad.description


async def test_caption_limit_is_1024_after_parsing(api: BotApiClient, emu: BotApiEmulator) -> None:
    from sandbox.emulator.images import make_png

    png = ("p.png", make_png(4, 4), "image/png")
    ok = await api.upload(
        "sendPhoto",
        {"photo": png},
        chat_id=str(USER_ID),
        caption="<i>" + "c" * 1024 + "</i>",
        parse_mode="HTML",
    )
    assert ok.status == 200, ok.body
    too_long = await api.upload(
        "sendPhoto", {"photo": png}, chat_id=str(USER_ID), caption="c" * 1025
    )
    assert (too_long.status, too_long.description) == (
        400,
        "Bad Request: message caption is too long",
    )
    empty = await api.upload(
        "sendPhoto", {"photo": png}, chat_id=str(USER_ID), caption="<b></b>", parse_mode="HTML"
    )
    assert empty.status == 200, empty.body  # captions may be empty
    assert "caption" not in empty.result


def test_finalize_text_keeps_formatted_leading_spaces() -> None:
    from sandbox.emulator.html_parser import parse_html

    parsed = parse_html("<code>  x</code>  ")
    result = finalize_text(parsed.text, parsed.entities, allow_empty=False)
    assert result.text == "  x"
    assert [(e.type, e.offset, e.length) for e in result.entities] == [("code", 0, 3)]


def test_finalize_text_removes_carriage_returns_and_shifts_entities() -> None:
    from sandbox.emulator.entities import TextEntity

    result = finalize_text("a\r\nb", [TextEntity("bold", 3, 1)], allow_empty=False)
    assert result.text == "a\nb"
    assert [(e.offset, e.length) for e in result.entities] == [(2, 1)]


def test_finalize_text_rejects_whitespace_only() -> None:
    with pytest.raises(ApiError) as raised:
        finalize_text(" \n ", [], allow_empty=False)
    assert raised.value.description == "Bad Request: text must be non-empty"
