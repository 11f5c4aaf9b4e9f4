"""What the two small JSON APIs beside the Bot API share: the emulator's control API
(``/_emulator/``) and the sandbox page's API (``/api/``). Both answer a mistake in the request
with ``{"ok": false, "error": "..."}`` and the status a :class:`RequestError` carries."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from sandbox.emulator.records import StoredFile


class RequestError(Exception):
    """The request cannot be served: ``status`` (400, 404, ...) and a message for the caller."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


async def json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except json.JSONDecodeError as error:
        raise RequestError(400, f"the body must be JSON: {error}") from None
    if not isinstance(body, dict):
        raise RequestError(400, "the body must be a JSON object")
    return body


def int_param(value: Any, name: str) -> int:
    """An integer given as a JSON number or a string of digits (never a bool or a fraction)."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise RequestError(400, f"{name} must be an integer")
    try:
        return int(value)
    except ValueError:
        raise RequestError(400, f"{name} must be an integer") from None


def optional_int_param(value: Any, name: str) -> int | None:
    return None if value is None or value == "" else int_param(value, name)


def file_response(stored: StoredFile | None, headers: Mapping[str, str]) -> web.Response:
    """A stored file's bytes, or 404 for an unknown id or a file kept without its contents."""
    if stored is None or stored.data is None:
        raise RequestError(404, "no such file")
    return web.Response(
        body=stored.data,
        content_type=stored.mime_type or "application/octet-stream",
        headers=headers,
    )
