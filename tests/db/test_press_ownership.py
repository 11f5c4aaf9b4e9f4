"""A button press on a check-in that is not the presser's own (or no longer exists) is
answered "button expired" and changes nothing, whatever the button (SQLite, and PostgreSQL
when configured)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.callbacks import (
    AnswerPress,
    ChangeAnswerPress,
    ConfirmPress,
    OpenCheckinPress,
    ShowCheckinPress,
    SkipDayPress,
)
from bot.clock import FakeClock
from bot.domain.answers import Slot
from bot.domain.checkin_flow import Question
from bot.domain.typed_reading import Understood
from bot.replies import button_expired
from bot.services.checkins import CheckinService
from bot.services.scheduling import CheckinScheduler
from bot.services.tips import TipService
from models.answer_store import read_day
from models.checkin_store import get_checkin
from models.db import Database
from tests.db.helpers import add_user

OWNER = 81
STRANGER = 82
GONE = 999_999


def _presses(checkin_id: int) -> list[object]:
    return [
        AnswerPress(checkin_id, Question.SLEEP, "8"),
        ChangeAnswerPress(checkin_id, Question.SLEEP),
        ChangeAnswerPress(checkin_id, None),
        SkipDayPress(checkin_id),
        ShowCheckinPress(checkin_id),
        ConfirmPress(checkin_id, Question.SLEEP, Understood(hours=8.0)),
        ConfirmPress(checkin_id, Question.SLEEP, None),
    ]


async def _press(service: CheckinService, user_id: int, press: object) -> object:
    match press:
        case AnswerPress():
            return await service.answer(user_id, press)
        case ChangeAnswerPress():
            return await service.change(user_id, press)
        case SkipDayPress():
            return await service.skip_day(user_id, press)
        case ShowCheckinPress():
            return await service.show(user_id, press)
        case ConfirmPress():
            return await service.confirm(user_id, press)
    raise AssertionError(f"not a check-in press: {press!r}")


async def _owners_open_morning(
    db: Database, clock: FakeClock, *users: int
) -> tuple[CheckinService, int]:
    """``users`` onboarded and the check-in service, with OWNER's morning check-in opened."""
    scheduler = CheckinScheduler(db, clock, catch_up=timedelta(hours=3), lease=timedelta(minutes=2))
    for user_id in (OWNER, *users):
        await add_user(db, scheduler, clock, user_id)
    service = CheckinService(db, clock, TipService(db, clock))
    opened = await service.open_now(OWNER, OpenCheckinPress(Slot.MORNING))
    assert opened is not None
    assert opened.prompt_checkin_id is not None
    return service, opened.prompt_checkin_id


@pytest.mark.parametrize("who", ["stranger", "missing check-in"])
async def test_a_press_on_a_check_in_not_the_pressers_own_expires_and_changes_nothing(
    db: Database, clock: FakeClock, who: str
) -> None:
    service, own_id = await _owners_open_morning(db, clock, STRANGER)
    async with db.transaction() as session:
        checkin = await get_checkin(session, own_id)
        assert checkin is not None
        day, status, editing = checkin.local_date, checkin.status, checkin.editing_question
        before = await read_day(session, OWNER, day)

    presser, checkin_id = (STRANGER, own_id) if who == "stranger" else (OWNER, GONE)
    for press in _presses(checkin_id):
        assert await _press(service, presser, press) == button_expired(), press

    async with db.transaction() as session:
        assert await read_day(session, OWNER, day) == before
        checkin = await get_checkin(session, own_id)
        assert checkin is not None
        assert (checkin.status, checkin.editing_question) == (status, editing)
    # The owner's own press still works.
    answered = await service.answer(OWNER, AnswerPress(own_id, Question.SLEEP, "8"))
    assert answered != button_expired()
    async with db.transaction() as session:
        stored = await read_day(session, OWNER, day)
        assert stored.answers.sleep_hours == 8.0


async def test_what_a_press_does_to_its_check_in_is_stored(db: Database, clock: FakeClock) -> None:
    """The check-in's own fields (status, completion, tip, the question being changed) reach
    the database and are read back by the next press, not only kept in memory."""
    service, checkin_id = await _owners_open_morning(db, clock)

    async def stored() -> tuple[str, bool, str | None, str | None]:
        async with db.transaction() as session:
            checkin = await get_checkin(session, checkin_id)
            assert checkin is not None
            return (
                checkin.status,
                checkin.completed_at is not None,
                checkin.tip_id,
                checkin.editing_question,
            )

    await service.answer(OWNER, AnswerPress(checkin_id, Question.SLEEP, "6"))
    status, completed, tip_id, editing = await stored()
    assert (status, completed, editing) == ("answered", True, None)
    assert tip_id is not None
    await service.change(OWNER, ChangeAnswerPress(checkin_id, Question.SLEEP))
    assert await stored() == ("answered", True, tip_id, Question.SLEEP.value)
    await service.answer(OWNER, AnswerPress(checkin_id, Question.SLEEP, "9"))
    status, completed, _, editing = await stored()
    assert (status, completed, editing) == ("answered", True, None)
