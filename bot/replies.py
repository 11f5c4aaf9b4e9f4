"""What the bot should say: plain data that services return and handlers turn into Bot API
calls. Nothing here knows about Telegram objects."""

from __future__ import annotations

from dataclasses import dataclass

from bot.html import Html
from bot.texts import t


@dataclass(frozen=True)
class Button:
    """An inline button; ``data`` is encoded callback data (≤ 64 bytes, see ``bot.callbacks``)."""

    label: str
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    text: Html
    keyboard: Keyboard = ()
    # A reply-keyboard button that shares the user's location (onboarding's time zone step).
    location_button: str | None = None
    remove_reply_keyboard: bool = False
    photo: bytes | None = None
    document: bytes | None = None
    document_name: str | None = None


@dataclass(frozen=True)
class Outcome:
    """The result of handling one update: edit the message a button was on, send new
    messages, and/or show a short toast for a button press."""

    edit: Reply | None = None
    send: tuple[Reply, ...] = ()
    toast: str | None = None
    alert: bool = False
    # The last message sent is this check-in's prompt: its message id is stored with it.
    prompt_checkin_id: int | None = None
    # An older prompt whose buttons should go, because a fresh copy was just sent.
    strip_keyboard_of: int | None = None
    # ``edit`` applies to this message rather than to the one a button was on (a prompt
    # confirmed in place after a typed answer).
    edit_message_id: int | None = None
    # The message this outcome edits (else the last it sends) is a prompt waiting for typed
    # text: its id is remembered so a typed answer can be confirmed on it.
    remember_prompt: bool = False


def button_expired(*, alert: bool = False) -> Outcome:
    """The toast for a press on a button whose moment has passed (its check-in closed, its
    prompt was superseded, its data no longer decodes): the one wording for every flow."""
    return Outcome(toast=t("button_expired"), alert=alert)
