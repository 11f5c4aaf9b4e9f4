"""The send budget hands tokens to replies first, keeps the rate, and keeps each chat's limit;
the update processor keeps each chat's updates in order while running chats in parallel."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path

import pytest

from bot.send_budget import ChatBudgets, Priority, PriorityBudget, scheduled_sending
from bot.send_budget import current_priority as priority_now
from bot.sending_role import AlwaysHeldRole, FileLockRole, RoleWatch, sending_role_for
from handlers.updates import PerChatOrderedProcessor


async def test_a_reply_goes_ahead_of_every_waiting_scheduled_send() -> None:
    budget = PriorityBudget(rate=200.0, burst=1.0)
    served: list[str] = []

    async def take(label: str, priority: Priority) -> None:
        await budget.take(priority)
        served.append(label)

    await budget.take(Priority.SCHEDULED)  # the bucket is empty now: everyone waits
    scheduled = [asyncio.create_task(take(f"s{n}", Priority.SCHEDULED)) for n in range(10)]
    await asyncio.sleep(0)  # all ten queued
    reply = asyncio.create_task(take("reply", Priority.REPLY))
    await asyncio.gather(reply, *scheduled)
    assert served.index("reply") <= 1  # at most the send already being handed its token
    assert [label for label in served if label != "reply"] == [f"s{n}" for n in range(10)]
    await budget.close()


async def test_the_budget_never_hands_out_more_than_its_burst_at_once() -> None:
    now = [0.0]
    budget = PriorityBudget(rate=10.0, burst=3.0, clock=lambda: now[0])
    for _ in range(3):
        await budget.take(Priority.REPLY)  # the burst, at once
    fourth = asyncio.create_task(budget.take(Priority.REPLY))
    await asyncio.sleep(0.05)
    assert not fourth.done()  # the clock has not moved: no token yet
    now[0] += 0.1  # one token's worth of time
    await asyncio.wait_for(fourth, 5)
    await budget.close()


async def test_a_chat_gets_its_burst_then_waits() -> None:
    now = [0.0]
    chats = ChatBudgets(rate=1.0, burst=2.0, clock=lambda: now[0])
    await chats.take(1)
    await chats.take(1)
    third = asyncio.create_task(chats.take(1))
    other_chat = asyncio.create_task(chats.take(2))
    await asyncio.sleep(0)
    await asyncio.wait_for(other_chat, 5)  # another chat is not held up
    assert not third.done()
    third.cancel()


async def test_scheduled_sending_marks_only_the_calls_inside_it() -> None:
    assert priority_now() is Priority.REPLY
    with scheduled_sending():
        assert priority_now() is Priority.SCHEDULED
        inherited = await asyncio.create_task(_priority_in_task())
    assert inherited is Priority.SCHEDULED
    assert priority_now() is Priority.REPLY


async def _priority_in_task() -> Priority:
    return priority_now()


async def test_each_chats_updates_run_in_order_and_chats_run_side_by_side() -> None:
    processor = PerChatOrderedProcessor(concurrency=4)
    await processor.initialize()
    log: list[tuple[int, int, str]] = []
    release_chat_1 = asyncio.Event()
    chat_2_done = asyncio.Event()

    async def handle(chat: int, n: int) -> None:
        log.append((chat, n, "start"))
        if chat == 1 and n == 0:
            await release_chat_1.wait()  # the first update of chat 1 is slow
        await asyncio.sleep(0)
        log.append((chat, n, "end"))
        if chat == 2 and n == 2:
            chat_2_done.set()

    def update(chat: int, n: int) -> tuple[object, Awaitable[None]]:
        from telegram import Chat, Message, Update

        message = Message(n, None, Chat(chat, "private"), text="x")  # type: ignore[arg-type]
        return Update(chat * 100 + n, message=message), handle(chat, n)

    tasks = []
    for n in range(3):
        for chat in (1, 2):
            u, coroutine = update(chat, n)
            tasks.append(asyncio.create_task(processor.process_update(u, coroutine)))
    # Chat 2 finishes all its updates while chat 1's first is still running.
    await asyncio.wait_for(chat_2_done.wait(), 10)
    assert [(n, step) for chat, n, step in log if chat == 1] == [(0, "start")]
    release_chat_1.set()
    await asyncio.gather(*tasks)
    assert [(n, step) for chat, n, step in log if chat == 1] == [
        (0, "start"),
        (0, "end"),
        (1, "start"),
        (1, "end"),
        (2, "start"),
        (2, "end"),
    ]


async def test_only_one_lock_file_role_is_held_at_a_time(tmp_path: Path) -> None:
    database = tmp_path / "gutcheck.db"
    first = sending_role_for(f"sqlite+aiosqlite:///{database}")
    second = sending_role_for(f"sqlite+aiosqlite:///{database}")
    assert isinstance(first, FileLockRole)
    assert await first.acquire()
    assert await first.acquire()  # confirming is not re-taking
    assert not await second.acquire()
    await first.release()
    assert await second.acquire()
    await second.release()


async def test_the_watch_tells_listeners_only_about_changes(tmp_path: Path) -> None:
    lock = tmp_path / "role"
    holder = FileLockRole(lock)
    watch = RoleWatch(FileLockRole(lock))
    changes: list[bool] = []

    async def listener(held: bool) -> None:
        changes.append(held)

    watch.on_change(listener)
    assert await holder.acquire()
    assert not await watch.check()
    assert not await watch.check()
    await holder.release()
    assert await watch.check()
    assert await watch.check()
    assert changes == [False, True]
    await watch.release()


@pytest.mark.parametrize("url", ["sqlite+aiosqlite://", "sqlite+aiosqlite:///:memory:"])
async def test_an_in_memory_database_always_holds_the_role(url: str) -> None:
    role = sending_role_for(url)
    assert isinstance(role, AlwaysHeldRole)
    assert await role.acquire()


async def test_the_processor_tells_who_waits_for_people_about_every_update() -> None:
    from telegram import Chat, Message, Update

    from bot.send_budget import PeopleFirst

    people = PeopleFirst()
    processor = PerChatOrderedProcessor(concurrency=1, people=people)
    await processor.initialize()
    release = asyncio.Event()

    async def handle(fail: bool) -> None:
        await release.wait()
        if fail:
            raise RuntimeError("a handler bug")

    def update(chat: int) -> Update:
        return Update(chat, message=Message(1, None, Chat(chat, "private"), text="x"))  # type: ignore[arg-type]

    first = asyncio.create_task(processor.process_update(update(1), handle(fail=True)))
    second = asyncio.create_task(processor.process_update(update(2), handle(fail=False)))
    waiting = asyncio.create_task(processor.process_update(update(3), handle(fail=False)))
    await asyncio.sleep(0.05)
    # The first runs; the other two count while they wait their turn.
    assert people.in_progress == 3
    assert people.holding()
    waiting.cancel()
    release.set()
    await asyncio.gather(first, second, waiting, return_exceptions=True)
    assert people.in_progress == 0
    assert not people.holding()
