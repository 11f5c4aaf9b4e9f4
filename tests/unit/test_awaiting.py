"""The awaited-input marker survives a round trip, and old or damaged values never crash."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import Flow
from bot.domain.answers import Slot
from bot.services.awaiting import Awaiting, AwaitingKind

WHEN = datetime(2025, 6, 2, 5, 0, 0, 125000, tzinfo=UTC)


def test_round_trip_with_the_time_it_was_asked() -> None:
    pending = Awaiting(AwaitingKind.TIME, Flow.SETTINGS, Slot.MORNING, WHEN)
    encoded = pending.encode()
    assert len(encoded) <= 64  # the column's size
    assert Awaiting.parse(encoded) == pending


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("tz:o", Awaiting(AwaitingKind.ZONE, Flow.ONBOARDING)),  # written before the time was kept
        ("time:s:evening", Awaiting(AwaitingKind.TIME, Flow.SETTINGS, Slot.EVENING)),
        ("allergens:s@not-a-number", Awaiting(AwaitingKind.ALLERGENS, Flow.SETTINGS)),
        ("tz:s@1e400", Awaiting(AwaitingKind.ZONE, Flow.SETTINGS)),
        ("tz:x@1717311600.000", None),  # no flow the bot writes: nothing to route to
        ("time:s:noon", None),
        ("note:s", None),
    ],
)
def test_old_and_damaged_values(value: str | None, expected: Awaiting | None) -> None:
    assert Awaiting.parse(value) == expected


@given(st.text(max_size=64))
def test_any_stored_text_parses(value: str) -> None:
    Awaiting.parse(value)


def test_the_prompt_message_is_remembered_with_the_rest() -> None:
    since = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
    value = Awaiting(AwaitingKind.ALLERGENS, Flow.ONBOARDING, None, since, message_id=42)
    encoded = value.encode()
    assert len(encoded) <= 64  # the column's width
    assert Awaiting.parse(encoded) == value
    assert Awaiting.parse("time:s:morning@1717311600.000").message_id is None  # type: ignore[union-attr]
