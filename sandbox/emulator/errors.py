"""Bot API error responses, with the exact wording the real server uses.

The real server builds ``description`` from a prefix chosen by the error code plus a message
whose first letter is lower-cased unless it is an UPPER_CASE server code (telegram-bot-api
``Client.cpp`` ``fail_query_with_error``); :func:`bad_request` and friends apply that rule.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API failure: becomes ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        migrate_to_chat_id: int | None = None,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "ok": False,
            "error_code": self.error_code,
            "description": self.description,
        }
        parameters: dict[str, int] = {}
        if self.retry_after is not None:
            parameters["retry_after"] = self.retry_after
        if self.migrate_to_chat_id is not None:
            parameters["migrate_to_chat_id"] = self.migrate_to_chat_id
        if parameters:
            payload["parameters"] = parameters
        return payload

    def __repr__(self) -> str:
        return f"ApiError({self.error_code}, {self.description!r})"


def _server_style(message: str) -> str:
    """Lower-case the first letter, except for UPPER_CASE server codes like BUTTON_DATA_INVALID."""
    if len(message) >= 2 and (message[1] == "_" or "A" <= message[1] <= "Z"):
        return message
    return message[:1].lower() + message[1:]


def bad_request(message: str) -> ApiError:
    return ApiError(400, f"Bad Request: {_server_style(message)}")


def forbidden(message: str) -> ApiError:
    return ApiError(403, f"Forbidden: {_server_style(message)}")


def not_found(message: str | None = None) -> ApiError:
    return ApiError(404, "Not Found" if message is None else f"Not Found: {message}")


def conflict(message: str) -> ApiError:
    return ApiError(409, f"Conflict: {message}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)


def internal_server_error(message: str | None = None) -> ApiError:
    if message is None:
        return ApiError(500, "Internal Server Error")
    return ApiError(500, f"Internal Server Error: {_server_style(message)}")


def bad_gateway() -> ApiError:
    return ApiError(502, "Bad Gateway")


# Factories rather than shared instances: re-raising one exception object keeps growing its
# traceback, which would leak over a 100,000-message benchmark.
def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def invalid_token() -> ApiError:
    return ApiError(401, "Unauthorized: invalid token specified")


def method_not_found() -> ApiError:
    return not_found("method not found")


def bot_blocked() -> ApiError:
    return forbidden("bot was blocked by the user")


def chat_not_found() -> ApiError:
    return bad_request("chat not found")


def message_not_modified() -> ApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def query_id_invalid() -> ApiError:
    return bad_request("query is too old and response timeout expired or query ID is invalid")


def default_error_for_code(error_code: int, retry_after: int = 1) -> ApiError:
    """The error an injected fault produces when the test gives no description."""
    if error_code == 429:
        return too_many_requests(retry_after)
    if error_code == 403:
        return bot_blocked()
    if error_code == 500:
        return internal_server_error()
    if error_code == 502:
        return bad_gateway()
    if error_code == 400:
        return bad_request("injected failure")
    if error_code == 401:
        return unauthorized()
    if error_code == 404:
        return method_not_found()
    if error_code == 409:
        return conflict(
            "terminated by other getUpdates request; "
            "make sure that only one bot instance is running"
        )
    return ApiError(error_code, f"Error {error_code}")
