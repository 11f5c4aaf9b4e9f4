"""The /today screen's buttons: answer what is missing, move between the last 7 days."""

from __future__ import annotations

from bot.callbacks import DayViewPress, OpenCheckinPress, encode
from bot.domain.answers import Slot
from bot.replies import Button, Keyboard
from bot.texts import label

BACKFILL_DAYS = 7


def today_keyboard(missing: list[Slot], days_ago: int, language: str | None) -> Keyboard:
    """A button for each check-in of that day still to answer (or to correct), then ◀ ▶."""
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                label(f"{slot.value}_checkin", language), encode(OpenCheckinPress(slot, days_ago))
            ),
        )
        for slot in missing
    ]
    if not missing:
        rows.append(checkin_choice_keyboard(days_ago, language)[0])
    navigation: list[Button] = []
    if days_ago < BACKFILL_DAYS:
        navigation.append(
            Button(label("previous_day", language), encode(DayViewPress(days_ago + 1)))
        )
    if days_ago > 0:
        navigation.append(Button(label("next_day", language), encode(DayViewPress(days_ago - 1))))
    rows.append(tuple(navigation))
    return tuple(rows)


def checkin_choice_keyboard(days_ago: int, language: str | None) -> Keyboard:
    """Both check-ins of a day, to answer or correct either."""
    return (
        tuple(
            Button(
                label(f"{slot.value}_checkin", language), encode(OpenCheckinPress(slot, days_ago))
            )
            for slot in (Slot.MORNING, Slot.EVENING)
        ),
    )
