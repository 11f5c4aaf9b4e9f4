"""The /today screen's buttons."""

from __future__ import annotations

from bot.callbacks import OpenCheckinPress, encode
from bot.domain.answers import Slot
from bot.replies import Button, Keyboard
from bot.texts import label


def today_keyboard(missing: list[Slot], language: str | None) -> Keyboard:
    """A button for each of today's check-ins still to answer."""
    return tuple(
        (Button(label(f"{slot.value}_checkin", language), encode(OpenCheckinPress(slot))),)
        for slot in missing
    )
