"""URL handling for text links, after TDLib's ``LinkManager``.

Only the behaviour the parsers need: recognise ``tg://user?id=N`` mentions and normalise a link
the way the server does (``telegram.org`` becomes ``http://telegram.org/``), or reject it so the
entity is silently dropped.
"""

from __future__ import annotations

import re

_USER_LINK = re.compile(r"tg:(?://)?user\?id=([0-9]{1,15})", re.IGNORECASE)
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*)://")
_TG_REST = re.compile(r"[a-zA-Z0-9_-]+(?:[/?#].*)?", re.DOTALL)


def _is_host_text(host: str) -> bool:
    # Letters and digits of any script (internationalised domains), plus the usual separators.
    return all(ch.isalnum() or ch in "-._" for ch in host)


def get_link_user_id(url: str) -> int | None:
    """The user id of a ``tg://user?id=<id>`` link, or None for any other link."""
    match = _USER_LINK.fullmatch(url)
    if match is None:
        return None
    user_id = int(match.group(1))
    return user_id if user_id > 0 else None


def check_link(url: str) -> str | None:
    """The normalised link, or None when the server would reject it."""
    if not url or any(ord(ch) <= 0x20 for ch in url):
        return None
    if url[:3].lower() == "tg:":
        rest = url[3:].removeprefix("//")
        return "tg://" + rest if _TG_REST.fullmatch(rest) else None

    scheme_match = _SCHEME.match(url)
    if scheme_match is not None:
        scheme = scheme_match.group(1).lower()
        if scheme not in ("http", "https"):
            return None
        rest = url[scheme_match.end() :]
    else:
        scheme, rest = "http", url

    authority_end = len(rest)
    for separator in "/?#":
        position = rest.find(separator)
        if position != -1:
            authority_end = min(authority_end, position)
    authority, path = rest[:authority_end], rest[authority_end:]

    userinfo = ""
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
        userinfo += "@"
    host, _, port = authority.partition(":")
    host = host.lower()
    if not host or host.startswith(".") or ".." in host or not _is_host_text(host):
        return None
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        return None
    if not path.startswith("/"):
        path = "/" + path
    port_part = f":{port}" if port else ""
    return f"{scheme}://{userinfo}{host}{port_part}{path}"
