"""The bot token never survives into a log line."""

from __future__ import annotations

import logging

from bot.logs import RedactingFilter, redact

TOKEN = "123456789:AAH-secret_Token-value-0123456789abc"


def test_token_in_urls_and_plain_text_is_redacted() -> None:
    url = f"POST https://api.telegram.org/bot{TOKEN}/sendMessage"
    assert TOKEN not in redact(url)
    assert "bot<redacted>/sendMessage" in redact(url)
    assert TOKEN not in redact(f"token={TOKEN}")


def test_filter_rewrites_messages_arguments_and_tracebacks() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "calling %s", (TOKEN,), None)
    try:
        raise RuntimeError(f"failed for {TOKEN}")
    except RuntimeError:
        import sys

        record.exc_info = sys.exc_info()
    RedactingFilter((TOKEN,)).filter(record)
    formatted = logging.Formatter().format(record)
    assert TOKEN not in formatted
    assert "calling" in formatted
