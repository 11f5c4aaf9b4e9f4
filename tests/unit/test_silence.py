"""The silence rule: back off from someone who stopped answering, come back on an answer."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.answers import Slot
from bot.domain.silence import Pace, pace_for, plan_checkin, quiet_days

MONDAY = date(2025, 6, 2)


def on(days_after: int) -> date:
    return MONDAY + timedelta(days=days_after)


def test_quiet_days_are_whole_days_between() -> None:
    assert quiet_days(None, on(30)) == 0  # nothing sent yet: nothing to be silent about
    assert quiet_days(MONDAY, MONDAY) == 0
    assert [quiet_days(MONDAY, on(n)) for n in range(1, 5)] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("quiet", "pace"),
    [
        (0, Pace.NORMAL),
        (2, Pace.NORMAL),
        (3, Pace.DAILY),
        (6, Pace.DAILY),
        (7, Pace.EVERY_FEW_DAYS),
        (27, Pace.EVERY_FEW_DAYS),
        (28, Pace.WEEKLY),
        (400, Pace.WEEKLY),
    ],
)
def test_pace_by_quiet_days(quiet: int, pace: Pace) -> None:
    assert pace_for(quiet) is pace


def test_two_quiet_days_change_nothing() -> None:
    for slot in Slot:
        plan = plan_checkin(slot, on(3), MONDAY)  # Tuesday and Wednesday unanswered
        assert (plan.send, plan.reminder, plan.offer_pause) == (True, True, False)


def test_after_three_quiet_days_reminders_stop_and_a_pause_is_offered() -> None:
    morning = plan_checkin(Slot.MORNING, on(4), MONDAY)
    evening = plan_checkin(Slot.EVENING, on(4), MONDAY)
    assert (morning.send, morning.reminder, morning.offer_pause) == (False, False, True)
    assert (evening.send, evening.reminder) == (True, False)


def test_the_evening_check_in_thins_out_the_longer_the_silence() -> None:
    sent = [quiet for quiet in range(60) if plan_checkin(Slot.EVENING, on(quiet + 1), MONDAY).send]
    assert sent[:9] == [0, 1, 2, 3, 4, 5, 6, 7, 10]  # daily, then every third day
    assert [q for q in sent if q >= 28] == [28, 35, 42, 49, 56]  # then weekly
    assert not any(plan_checkin(Slot.MORNING, on(q + 1), MONDAY).send for q in range(3, 60))


def test_an_answer_resets_everything() -> None:
    answered = on(20)
    plan = plan_checkin(Slot.MORNING, on(21), answered)
    assert (plan.send, plan.reminder, plan.offer_pause, plan.pace) == (
        True,
        True,
        False,
        Pace.NORMAL,
    )
