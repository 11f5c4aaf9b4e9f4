"""People first for the bot's time: while updates from people are being handled, the
dispatcher composes no scheduled message and the send budget hands scheduled sends no token;
both go on when the updates are done, or once a busy spell has held them long enough."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.clock import FakeClock
from bot.html import Html
from bot.replies import Reply
from bot.send_budget import PeopleFirst, Priority, PriorityBudget
from bot.services.delivery_loop import DeliveryLoop, SendAttempt, Sent
from bot.services.scheduling import CheckinScheduler
from bot.services.users import UserService
from models.db import Database
from models.delivery_store import ClaimedDelivery
from tests.db.helpers import add_user

MONDAY_0700_BERLIN = datetime(2025, 6, 2, 5, 0, tzinfo=UTC)
MONDAY_0801_BERLIN = datetime(2025, 6, 2, 6, 1, tzinfo=UTC)


class RecordingSender:
    def __init__(self) -> None:
        self.sent: list[int] = []

    async def send_first(self, chat_id: int, reply: Reply) -> SendAttempt:
        self.sent.append(chat_id)
        return Sent(message_id=len(self.sent))

    async def send_follow_up(self, chat_id: int, reply: Reply) -> SendAttempt:
        return await self.send_first(chat_id, reply)


async def test_scheduled_prompts_wait_while_a_persons_update_is_handled(
    db: Database, clock: FakeClock
) -> None:
    clock.set(MONDAY_0700_BERLIN)
    scheduler = CheckinScheduler(db, clock, catch_up=timedelta(hours=3), lease=timedelta(minutes=2))
    for user_id in (1, 2, 3):
        await add_user(db, scheduler, clock, user_id)
    clock.set(MONDAY_0801_BERLIN)  # all three morning check-ins are due
    composed: list[int] = []

    async def compose(item: ClaimedDelivery) -> list[Reply]:
        composed.append(item.user_id)
        return [Reply(Html("How did you sleep?"))]

    people = PeopleFirst(max_hold_seconds=30)
    sender = RecordingSender()
    loop = DeliveryLoop(
        sender,
        db,
        clock,
        scheduler,
        UserService(db, clock, scheduler),
        compose,
        send_rate=30,
        workers=2,
        people=people,
    )
    await loop.start()
    try:
        people.started()  # someone's press is being answered
        fanout = asyncio.create_task(loop.run_until_idle())
        await asyncio.sleep(0.3)
        assert composed == []
        assert sender.sent == []
        people.finished()
        await asyncio.wait_for(fanout, 10)
        assert sorted(sender.sent) == [1, 2, 3]
    finally:
        await loop.stop()


async def test_a_long_busy_spell_holds_the_fanout_only_so_long() -> None:
    people = PeopleFirst(max_hold_seconds=0.2)
    budget = PriorityBudget(rate=1000.0, burst=10.0, people=people)
    people.started()  # and never finishes: a steady stream of updates
    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.wait_for(budget.take(Priority.SCHEDULED), 5)
    assert loop.time() - started >= 0.15
    await asyncio.wait_for(people.wait_turn(), 0.05)  # the spell has held its share already
    await budget.close()


async def test_replies_get_tokens_at_once_while_scheduled_sends_are_held() -> None:
    people = PeopleFirst(max_hold_seconds=30)
    budget = PriorityBudget(rate=1000.0, burst=10.0, people=people)
    people.started()
    scheduled = asyncio.create_task(budget.take(Priority.SCHEDULED))
    await asyncio.wait_for(budget.take(Priority.REPLY), 1)
    await asyncio.sleep(0.1)
    assert not scheduled.done()
    people.finished()
    await asyncio.wait_for(scheduled, 5)
    await budget.close()


async def test_a_new_busy_spell_holds_again_after_a_quiet_moment() -> None:
    now = [0.0]
    people = PeopleFirst(max_hold_seconds=1.0, clock=lambda: now[0])
    people.started()
    now[0] = 2.0
    assert not people.holding()  # this spell has held for its second
    people.finished()
    people.started()
    assert people.holding()  # a new spell, a new second
    people.finished()
    assert not people.holding()
    assert people.in_progress == 0


async def test_a_reply_is_not_kept_waiting_by_a_held_scheduled_send() -> None:
    """The budget is spent and a scheduled send waits, held back for people: a reply (the tip
    after a press) gets the next token, not a second later when the hold runs out."""
    people = PeopleFirst(max_hold_seconds=30)
    budget = PriorityBudget(rate=5.0, burst=1.0, people=people)
    await budget.take(Priority.SCHEDULED)  # the bucket is empty now: 0.2 s to the next token
    people.started()
    scheduled = asyncio.create_task(budget.take(Priority.SCHEDULED))
    await asyncio.sleep(0.05)  # the pump holds the scheduled send for people
    await asyncio.wait_for(budget.take(Priority.REPLY), 2)
    await asyncio.sleep(0.3)  # another token's worth
    assert not scheduled.done()  # still held
    people.finished()
    await asyncio.wait_for(scheduled, 5)
    await budget.close()
