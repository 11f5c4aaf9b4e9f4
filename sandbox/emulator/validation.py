"""Validation of structured parameters: keyboards, bot commands, descriptions, chat actions.

Where the real wording is known (LIMITS.md) it is used verbatim; where only the limit is known,
the message is the closest server code or a plain sentence, noted in README.md.
"""

from __future__ import annotations

from typing import Any

from sandbox.emulator.errors import bad_request
from sandbox.emulator.links import check_link
from sandbox.emulator.params import decode_json_parameter

MAX_KEYBOARD_BUTTONS = (
    100  # community figure (tginfo); the server answers "reply markup is too long"
)
MAX_CALLBACK_DATA_BYTES = 64
MAX_COMMANDS = 100
MAX_COMMAND_LENGTH = 32
MAX_COMMAND_DESCRIPTION_LENGTH = 256
MAX_DESCRIPTION_LENGTH = 512
MAX_SHORT_DESCRIPTION_LENGTH = 120
MAX_BOT_NAME_LENGTH = 64
MAX_CALLBACK_ANSWER_LENGTH = 200

# "Exactly one of the fields other than text, icon_custom_emoji_id and style must be used."
INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_INLINE_BUTTON_DECORATIONS = ("icon_custom_emoji_id", "style")
_KEYBOARD_BUTTON_FIELDS = (
    "icon_custom_emoji_id",
    "style",
    "request_users",
    "request_chat",
    "request_managed_bot",
    "request_contact",
    "request_location",
    "request_poll",
    "web_app",
)
_REPLY_KEYBOARD_OPTIONS = (
    "is_persistent",
    "resize_keyboard",
    "one_time_keyboard",
    "input_field_placeholder",
    "selective",
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def parse_reply_markup(value: object, *, inline_only: bool = False) -> dict[str, Any] | None:
    """Validate ``reply_markup`` and return it normalised, or None for "no markup"."""
    markup = decode_json_parameter(value, "can't parse reply keyboard markup JSON object")
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        return {"inline_keyboard": _parse_inline_keyboard(markup["inline_keyboard"])}
    if inline_only:
        raise bad_request("inline keyboard expected")
    if "keyboard" in markup:
        return _parse_reply_keyboard(markup)
    if "remove_keyboard" in markup:
        result: dict[str, Any] = {"remove_keyboard": True}
        if markup.get("selective"):
            result["selective"] = True
        return result
    if "force_reply" in markup:
        result = {"force_reply": True}
        for option in ("input_field_placeholder", "selective"):
            if option in markup:
                result[option] = markup[option]
        return result
    return None  # the server ignores objects of no known markup type


def _rows(value: object, what: str) -> list[list[Any]]:
    if not isinstance(value, list):
        raise bad_request(f'field "{what}" must be an Array')
    for row in value:
        if not isinstance(row, list):
            raise bad_request(f'field "{what}" must be an Array of Arrays')
    return value


def _parse_inline_keyboard(value: object) -> list[list[dict[str, Any]]]:
    rows = _rows(value, "inline_keyboard")
    if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
        raise bad_request("reply markup is too long")
    return [[_parse_inline_button(button) for button in row] for row in rows]


def _inline_button_error(message: str) -> Exception:
    return bad_request(f"can't parse inline keyboard button: {message}")


def _parse_inline_button(button: object) -> dict[str, Any]:
    if not isinstance(button, dict):
        raise _inline_button_error("InlineKeyboardButton must be an Object")
    text = button.get("text")
    if not isinstance(text, str):
        raise _inline_button_error('Field "text" must be of type String')
    actions = [name for name in INLINE_BUTTON_ACTIONS if name in button]
    if not actions:
        raise _inline_button_error("Text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise _inline_button_error(
            f"exactly one of the optional fields must be used, got {', '.join(actions)}"
        )
    action = actions[0]
    action_value = button[action]
    if action == "callback_data":
        if not isinstance(action_value, str):
            raise _inline_button_error('Field "callback_data" must be of type String')
        if not 1 <= len(action_value.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    elif action == "url" and (
        not isinstance(action_value, str) or check_link(action_value) is None
    ):
        raise bad_request("BUTTON_URL_INVALID")
    normalized: dict[str, Any] = {"text": text}
    for decoration in _INLINE_BUTTON_DECORATIONS:
        if decoration in button:
            normalized[decoration] = button[decoration]
    normalized[action] = action_value
    return normalized


def _parse_reply_keyboard(markup: dict[str, Any]) -> dict[str, Any]:
    rows = _rows(markup["keyboard"], "keyboard")
    if sum(len(row) for row in rows) > MAX_KEYBOARD_BUTTONS:
        raise bad_request("reply markup is too long")
    keyboard: list[list[dict[str, Any]]] = []
    for row in rows:
        parsed_row: list[dict[str, Any]] = []
        for button in row:
            if isinstance(button, str):  # a bare string is a plain text button
                parsed_row.append({"text": button})
                continue
            if not isinstance(button, dict) or not isinstance(button.get("text"), str):
                raise bad_request(
                    'can\'t parse keyboard button: Field "text" must be of type String'
                )
            parsed = {"text": button["text"]}
            parsed.update({k: button[k] for k in _KEYBOARD_BUTTON_FIELDS if k in button})
            parsed_row.append(parsed)
        keyboard.append(parsed_row)
    result: dict[str, Any] = {"keyboard": keyboard}
    result.update({k: markup[k] for k in _REPLY_KEYBOARD_OPTIONS if k in markup})
    return result


def parse_bot_commands(value: object) -> list[dict[str, str]]:
    """Validate setMyCommands' ``commands``; TDLib trims both strings and drops a leading '/'."""
    commands = decode_json_parameter(value, "can't parse commands JSON object")
    if not isinstance(commands, list):
        raise bad_request('field "commands" must be an Array')
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    result: list[dict[str, str]] = []
    for item in commands:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: BotCommand must be an Object")
        command, description = item.get("command"), item.get("description")
        if not isinstance(command, str):
            raise bad_request('can\'t parse BotCommand: Field "command" must be of type String')
        if not isinstance(description, str):
            raise bad_request('can\'t parse BotCommand: Field "description" must be of type String')
        command = command.strip().removeprefix("/")
        description = description.strip()
        if not command:
            raise bad_request("Command must be non-empty")
        if len(command) > MAX_COMMAND_LENGTH:
            raise bad_request(f"Command length must not exceed {MAX_COMMAND_LENGTH}")
        if not description:
            raise bad_request("Command description must be non-empty")
        if len(description) > MAX_COMMAND_DESCRIPTION_LENGTH:
            raise bad_request(
                f"Command description length must not exceed {MAX_COMMAND_DESCRIPTION_LENGTH}"
            )
        if not all(ch in "abcdefghijklmnopqrstuvwxyz0123456789_" for ch in command):
            raise bad_request("BOT_COMMAND_INVALID")
        result.append({"command": command, "description": description})
    return result


def check_length(value: str, limit: int, error_message: str) -> str:
    if len(value) > limit:
        raise bad_request(error_message)
    return value
