"""Telegram HTML, escaped in one place.

Telegram's HTML parse mode needs ``&``, ``<`` and ``>`` escaped outside tags (and ``"`` inside
attribute values). :class:`Html` marks text that is already safe; everything else is escaped
when it is put into a template.
"""

from __future__ import annotations

import html


class Html(str):
    """A string of Telegram HTML that is safe to send as is."""

    __slots__ = ()

    def __add__(self, other: str) -> Html:
        return Html(str.__add__(self, other if isinstance(other, Html) else escape(other)))

    @staticmethod
    def join_lines(parts: list[Html]) -> Html:
        return Html("\n".join(parts))


def escape(text: object) -> Html:
    """Escape any value for Telegram HTML (already-safe :class:`Html` passes through)."""
    if isinstance(text, Html):
        return text
    return Html(html.escape(str(text), quote=True))


def bold(text: object) -> Html:
    return Html(f"<b>{escape(text)}</b>")


def italic(text: object) -> Html:
    return Html(f"<i>{escape(text)}</i>")


def blockquote(text: object) -> Html:
    return Html(f"<blockquote>{escape(text)}</blockquote>")
