"""Logging set-up. The bot token must never reach a log line: httpx logs request URLs (which
contain it) at INFO, and PTB logs its API URL at DEBUG, so those loggers are quietened and
every handler also runs a redaction filter as a second guard."""

from __future__ import annotations

import logging
import re
import sys

# "bot<id>:<secret>" in URLs, and a bare "<id>:<secret>" token anywhere.
_TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9])(bot)?\d{3,}:[A-Za-z0-9_-]{20,}")


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "<redacted>")
    return _TOKEN_PATTERN.sub(lambda m: (m.group(1) or "") + "<redacted>", text)


class RedactingFilter(logging.Filter):
    """Rewrites every record so that no bot token survives formatting."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self._secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self._secrets)
        record.msg = redact(message, self._secrets)
        record.args = None
        return True


def configure_logging(level: str, secrets: tuple[str, ...] = ()) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # Request URLs carry the token; these loggers add nothing an operator needs below WARNING.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, root.level))
