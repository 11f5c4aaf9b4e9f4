"""Turning a chosen tip into a Telegram HTML message, and checking such messages.

A tip message is the tip text, the article's words in a ``<blockquote>``, and the citation::

    You logged 6.5 hours last night. ...

    <blockquote>Sleep is the body’s time to recover and repair, ...</blockquote>
    <i>— from “The Gut Microbiome Series: The Immune System”</i>

Everything that is not markup is escaped (``&``, ``<``, ``>``), content and user figures alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.tips.content import AboutSummary, ChosenTip, ContentLibrary, Pack, Tip

MESSAGE_LIMIT = 4096
"""Telegram: message text, counted after entity parsing."""
CAPTION_LIMIT = 1024
"""Telegram: photo caption (the weekly summary's chart), counted after entity parsing."""

_PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\}")


def _escape(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (outside attributes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def placeholders_in(template: str) -> list[str]:
    """The ``{name}`` placeholders of a template, in order of appearance."""
    return _PLACEHOLDER.findall(template)


def stray_braces(template: str) -> bool:
    """True if the template has a brace that is not part of a ``{name}`` placeholder."""
    rest = _PLACEHOLDER.sub("", template)
    return "{" in rest or "}" in rest


def fill(template: str, values: Mapping[str, str]) -> str:
    """Replace every ``{name}`` with ``values[name]`` (plain text, not yet escaped)."""
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def render_tip_html(chosen: ChosenTip, library: ContentLibrary) -> str:
    """The message for a chosen tip, in Telegram HTML."""
    return render_tip_in_pack(chosen.tip, library.pack(chosen.tip.pack_id), chosen.values)


def render_tip_in_pack(tip: Tip, pack: Pack, values: Mapping[str, str]) -> str:
    """:func:`render_tip_html` for a tip whose pack is at hand (used by the content check)."""
    text = fill(tip.text, values)
    return (
        f"{_escape(text)}\n\n"
        f"<blockquote>{_escape(tip.article_quote)}</blockquote>\n"
        f"<i>— {_escape(pack.citation)}</i>"
    )


def render_about_html(summary: AboutSummary) -> str:
    """One article's key points for ``/about``, each backed by the article's own words."""
    parts = [f"<b>{_escape(summary.title)}</b>"]
    for point in summary.points:
        parts.append(
            f"• {_escape(point.text)}\n<blockquote>{_escape(point.article_quote)}</blockquote>"
        )
    parts.append(f"<i>{_escape(summary.source)}</i>")
    return "\n\n".join(parts)


# --- checking Telegram HTML ---------------------------------------------------------------

_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "tg-emoji", "tg-time", "code", "pre", "blockquote",
    }
)  # fmt: skip
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_NAMED = {"&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"'}


def html_problems(html: str) -> list[str]:
    """What Telegram's HTML parser would reject (or we consider sloppy) in ``html``.

    Checked: only supported tags; every tag closed, properly nested; no attributes except a
    ``href`` on ``<a>``, ``class="tg-spoiler"`` on ``<span>`` and ``expandable`` on
    ``<blockquote>``; every ``&``, ``<`` and ``>`` outside tags escaped.
    """
    problems: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TAG.finditer(html):
        problems.extend(_text_problems(html[position : match.start()]))
        position = match.end()
        closing, name, attributes = match.group(1), match.group(2).lower(), match.group(3).strip()
        if name not in _TAGS:
            problems.append(f"unsupported tag <{name}>")
            continue
        if closing:
            if attributes:
                problems.append(f"attributes on closing tag </{name}>")
            if not stack:
                problems.append(f"</{name}> closes nothing")
            elif stack[-1] != name:
                problems.append(f"</{name}> found where </{stack[-1]}> was expected")
                stack.pop()
            else:
                stack.pop()
            continue
        if attributes and not _attributes_ok(name, attributes):
            problems.append(f"unsupported attributes on <{name}>: {attributes}")
        stack.append(name)
    problems.extend(_text_problems(html[position:]))
    problems.extend(f"<{name}> is never closed" for name in reversed(stack))
    return problems


def _attributes_ok(name: str, attributes: str) -> bool:
    if name == "a":
        return re.fullmatch(r'href="[^"<>]*"', attributes) is not None
    if name == "span":
        return attributes == 'class="tg-spoiler"'
    if name == "blockquote":
        return attributes == "expandable"
    return False


def _text_problems(text: str) -> list[str]:
    problems: list[str] = []
    if "<" in text:
        problems.append("unescaped '<' (or a malformed tag)")
    if ">" in text:
        problems.append("unescaped '>'")
    if "&" in _ENTITY.sub("", text):
        problems.append("unescaped '&'")
    return problems


def visible_text(html: str) -> str:
    """The text Telegram shows for ``html``: tags removed, entities decoded, ends trimmed."""
    without_tags = _TAG.sub("", html)

    def decode(match: re.Match[str]) -> str:
        entity = match.group(0)
        if entity in _NAMED:
            return _NAMED[entity]
        number = entity[2:-1]
        code = int(number[1:], 16) if number[:1] in ("x", "X") else int(number)
        return chr(code) if 0 < code <= 0x10FFFF else ""

    return _ENTITY.sub(decode, without_tags).strip()


def visible_length(html: str) -> int:
    """Length as Telegram counts it: Unicode code points after entity parsing and trimming."""
    return len(visible_text(html))
