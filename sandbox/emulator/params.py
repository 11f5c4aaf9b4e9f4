"""Reading Bot API parameters from a request, in every encoding the real server accepts.

Parameters may come from the query string, an ``application/x-www-form-urlencoded`` or
``application/json`` body, or ``multipart/form-data`` (needed for uploads). In form encodings
nested objects are JSON strings; in JSON bodies they are objects. Accessors hide the difference.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, web

from sandbox.emulator.errors import ApiError, bad_request

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # multipart uploads: 50 MB for documents, 10 MB for photos
ATTACH_PREFIX = "attach://"
_READ_CHUNK = 256 * 1024
_Number = TypeVar("_Number", int, float)


def request_entity_too_large() -> ApiError:
    # Reported by third parties; the front end, not telegram-bot-api, produces it.
    return ApiError(413, "Request Entity Too Large")


def decode_json_parameter(value: object, error_message: str) -> object:
    """Form fields carry nested objects as JSON strings; JSON bodies carry them as objects."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        raise bad_request(error_message) from None


def _from_text(value: object, convert: Callable[[str], _Number]) -> _Number | None:
    """A number form fields carry as text (spaces around it allowed); None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        return convert(value.strip())
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class UploadedFile:
    field_name: str
    filename: str | None
    content_type: str | None
    data: bytes


class RequestParams:
    """The parameters of one call. Values are str (query/form) or JSON values (JSON body)."""

    __slots__ = ("files", "values")

    def __init__(
        self, values: dict[str, Any], files: dict[str, UploadedFile] | None = None
    ) -> None:
        self.values = values
        self.files = files or {}

    def names(self) -> set[str]:
        return set(self.values) | set(self.files)

    def __contains__(self, name: str) -> bool:
        return name in self.values or name in self.files

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def string(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    def integer(self, name: str) -> int | None:
        """An integer parameter; None when absent or not a number."""
        value = self.values.get(name)
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return int(value)
        return _from_text(value, int)

    def number(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int | float):
            return float(value)
        return _from_text(value, float)

    def boolean(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return value is True or value == 1

    def json(self, name: str, error_message: str) -> Any:
        """A nested object (see :func:`decode_json_parameter`)."""
        return decode_json_parameter(self.values.get(name), error_message)

    def input_file(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part, an ``attach://<part>`` reference, or a string
        (file_id or URL). None when absent or when the attach:// part is missing."""
        uploaded = self.files.get(name)
        if uploaded is not None:
            return uploaded
        value = self.string(name)
        if value is None or value == "":
            return None
        if value.startswith(ATTACH_PREFIX):
            return self.files.get(value[len(ATTACH_PREFIX) :])
        return value

    def loggable(self) -> dict[str, Any]:
        """The parameters for the request log, with uploads summarised."""
        result: dict[str, Any] = dict(self.values)
        for name, uploaded in self.files.items():
            result[name] = {
                "upload": uploaded.filename,
                "content_type": uploaded.content_type,
                "size": len(uploaded.data),
            }
        return result


def _decode_utf8(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise bad_request("strings must be encoded in UTF-8") from None


async def read_params(request: web.Request) -> RequestParams:
    values: dict[str, Any] = dict(request.query) if request.query_string else {}
    if not request.body_exists:
        return RequestParams(values)
    content_type = request.content_type
    if content_type == "multipart/form-data":
        return await _read_multipart(request, values)
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise request_entity_too_large() from None
    if not body:
        return RequestParams(values)
    if content_type == "application/json":
        try:
            decoded = json.loads(body)
        except ValueError:
            raise bad_request("can't parse JSON object") from None
        if not isinstance(decoded, dict):
            raise bad_request("can't parse JSON object")
        values.update(decoded)
    else:  # form-urlencoded, also the fallback for a missing content type
        values.update(parse_qsl(_decode_utf8(body), keep_blank_values=True))
    return RequestParams(values)


async def _read_multipart(request: web.Request, values: dict[str, Any]) -> RequestParams:
    files: dict[str, UploadedFile] = {}
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue  # nested multiparts and unnamed parts carry no parameters
        if part.filename is None:
            values[part.name] = _decode_utf8(bytes(await part.read()))
            continue
        data = bytearray()
        while chunk := await part.read_chunk(_READ_CHUNK):
            data += chunk
            if len(data) > MAX_UPLOAD_BYTES:
                raise request_entity_too_large()
        files[part.name] = UploadedFile(
            field_name=part.name,
            filename=part.filename,
            content_type=part.headers.get("Content-Type"),
            data=bytes(data),
        )
    return RequestParams(values, files)
