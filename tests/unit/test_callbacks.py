"""Callback data: round trips within 64 bytes; anything else is 'expired', never a crash."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.callbacks import (
    MAX_CALLBACK_BYTES,
    AllergenChoice,
    AllergenPress,
    AnswerPress,
    ChangeAnswerPress,
    ConfirmPress,
    DayStartPress,
    DayViewPress,
    DeletePress,
    Flow,
    GoalPress,
    OpenCheckinPress,
    PausePress,
    SettingsItem,
    SettingsPress,
    ShowCheckinPress,
    SkipDayPress,
    SnoozePress,
    TimePress,
    TipsPress,
    TopicListPress,
    ZonePress,
    decode,
    encode,
)
from bot.domain.answers import Allergen, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import Question
from bot.domain.habits import Habit
from bot.domain.typed_reading import Understood
from bot.tips.content import TOPICS

ids = st.integers(min_value=1, max_value=10**17)
actions = st.one_of(
    st.builds(
        AnswerPress,
        ids,
        st.sampled_from(Question),
        st.from_regex(r"[a-z0-9_.]{1,16}", fullmatch=True),
    ),
    st.builds(ChangeAnswerPress, ids, st.none() | st.sampled_from(Question)),
    st.builds(ShowCheckinPress, ids),
    st.builds(OpenCheckinPress, st.none() | st.sampled_from(Slot)),
    st.builds(
        ZonePress,
        st.sampled_from(Flow),
        st.sampled_from(["Europe/Berlin", "America/Argentina/ComodRivadavia", "Etc/GMT-14"]),
    ),
    st.builds(
        TimePress,
        st.sampled_from(Flow),
        st.sampled_from(Slot),
        st.times().map(lambda t: time(t.hour, t.minute)),
    ),
    st.builds(
        AllergenPress,
        st.sampled_from(Flow),
        st.sampled_from([*Allergen, *AllergenChoice]),
    ),
    st.builds(SettingsPress, st.sampled_from(SettingsItem)),
    st.builds(DayStartPress, st.integers(min_value=0, max_value=23)),
    st.builds(TipsPress, st.none() | st.sampled_from(TOPICS)),
    st.just(TopicListPress()),
    st.builds(DeletePress, st.booleans(), st.integers(min_value=0, max_value=10**9)),
    st.builds(SkipDayPress, ids, st.booleans()),
    st.builds(SnoozePress, ids, st.sampled_from([30, 60, 120])),
    st.builds(DayViewPress, st.integers(min_value=0, max_value=7)),
    st.builds(PausePress, st.integers(min_value=0, max_value=90)),
    st.builds(
        GoalPress,
        st.sampled_from(Habit),
        st.none() | st.integers(1, 7),
    ),
)


@given(actions)
def test_every_action_round_trips_within_telegram_limit(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]
    assert 1 <= len(data.encode()) <= MAX_CALLBACK_BYTES
    assert decode(data) == action


@given(st.text(max_size=200))
def test_garbage_decodes_to_none_or_a_valid_action(data: str) -> None:
    action = decode(data)
    if action is not None:
        assert decode(encode(action)) == action


def test_forged_and_truncated_data_is_rejected() -> None:
    for data in [
        "",
        "a:",
        "a:1:sl",
        "a:0:sl:7",
        "a:-5:sl:7",
        "a:1:zz:7",
        "a:1:sl:DROP TABLE",
        "t:o:am:2560",
        "t:x:am:0800",
        "g:o:gluten",
        "g:s:NONE",
        "d:24",
        "s:admin",
        "z:o:../../etc/passwd",
        "a:1:sl:7" + "0" * 80,
        "a:1:sl:7\u200b",
    ]:
        assert decode(data) is None, data


# --- confirmations of typed answers ----------------------------------------------------------

_READINGS = [
    None,
    Understood(flag=False),
    Understood(hours=20.0),
    Understood(hours=7.25),
    Understood(flag=True, kinds=tuple(ProbioticKind)),
    Understood(flag=False, tolerance=tuple((k, k.value < "n") for k in ProbioticKind)),
    Understood(allergens=tuple(Allergen)),
    Understood(allergens=()),
    Understood(done=True),
    Understood(symptoms=Symptoms.STRONG),
]


@pytest.mark.parametrize("reading", _READINGS)
def test_a_confirmation_carries_its_reading_within_64_bytes(reading: Understood | None) -> None:
    press = ConfirmPress(10**17, Question.PROBIOTIC_KINDS, reading)
    data = encode(press)
    assert len(data.encode()) <= 64
    assert decode(data) == press


@pytest.mark.parametrize(
    "data",
    ["f:5:pt:", "f:5:pt:q", "f:5:pt:kZ", "f:5:pt:tK", "f:5:pt:h99", "f:5:pt:y_x", "f:0:pt:y"],
)
def test_a_forged_confirmation_is_rejected(data: str) -> None:
    assert decode(data) is None


@pytest.mark.parametrize(
    ("action", "data"),
    [
        (ZonePress(Flow.ONBOARDING, "Europe/Berlin"), "z:o:Europe/Berlin"),
        (TimePress(Flow.SETTINGS, Slot.EVENING, time(21, 30)), "t:s:pm:2130"),
        (AllergenPress(Flow.ONBOARDING, Allergen.TREE_NUTS), "g:o:tree_nuts"),
        (AllergenPress(Flow.SETTINGS, AllergenChoice.NONE), "g:s:none"),
        (AllergenPress(Flow.SETTINGS, AllergenChoice.DONE), "g:s:done"),
        (SettingsPress(SettingsItem.ZONE), "s:tz"),
        (SettingsPress(SettingsItem.DAY_START), "s:day"),
        (SettingsPress(SettingsItem.MENU), "s:menu"),
    ],
)
def test_picker_and_settings_buttons_keep_their_bytes(action: object, data: str) -> None:
    """Buttons already sent keep working: the enums encode to the bytes strings did."""
    assert encode(action) == data  # type: ignore[arg-type]
    decoded = decode(data)
    assert decoded == action
    assert [type(v) for v in vars(decoded).values()] == [type(v) for v in vars(action).values()]
