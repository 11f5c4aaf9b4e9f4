"""Turn a ``text``/``caption`` parameter into the stored text and entities, with the server's
limits and error messages (LIMITS.md §2-4)."""

from __future__ import annotations

from sandbox.emulator.entities import FormattedText, TextEntity, entities_from_api, finalize_text
from sandbox.emulator.errors import bad_request
from sandbox.emulator.html_parser import parse_html
from sandbox.emulator.markdown_parser import parse_markdown_legacy, parse_markdown_v2
from sandbox.emulator.markup import EntityParseError

MAX_TEXT_LENGTH = 4096  # code points, after entity parsing
MAX_CAPTION_LENGTH = 1024
MAX_RAW_TEXT_BYTES = 1 << 15  # checked before parsing

PARSE_MODES = frozenset({"html", "markdownv2", "markdown", "none", ""})


def normalize_parse_mode(parse_mode: str | None) -> str:
    mode = (parse_mode or "").lower()
    if mode not in PARSE_MODES:
        raise bad_request("unsupported parse_mode")
    return "" if mode == "none" else mode


def parse_formatted_text(
    raw: str, parse_mode: str | None, raw_entities: object | None, *, is_caption: bool
) -> FormattedText:
    """Parse and validate a message text or caption.

    ``raw_entities`` is the decoded JSON of ``entities``/``caption_entities``; it is only used
    when no parse mode is given.
    """
    if len(raw) > MAX_RAW_TEXT_BYTES // 4 and len(raw.encode("utf-8")) > MAX_RAW_TEXT_BYTES:
        raise bad_request("Text is too long")
    mode = normalize_parse_mode(parse_mode)
    try:
        if mode == "html":
            parsed = parse_html(raw)
        elif mode == "markdownv2":
            parsed = parse_markdown_v2(raw)
        elif mode == "markdown":
            parsed = parse_markdown_legacy(raw)
        else:
            entities: list[TextEntity] = (
                entities_from_api(raw_entities, raw) if raw_entities is not None else []
            )
            parsed = FormattedText(raw, entities)
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None

    result = finalize_text(parsed.text, parsed.entities, allow_empty=is_caption)
    if is_caption:
        if len(result.text) > MAX_CAPTION_LENGTH:
            raise bad_request("Message caption is too long")
    elif len(result.text) > MAX_TEXT_LENGTH:
        raise bad_request("Message is too long")
    return result
