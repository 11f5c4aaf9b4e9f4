"""getUpdates: offsets, limits, long polling, 409 conflicts, webhooks, allowed_updates (§11)."""

from __future__ import annotations

import asyncio

import aiohttp

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient


def ids(updates: list[dict]) -> list[int]:
    return [update["update_id"] for update in updates]


async def test_offset_confirms_updates(api: BotApiClient, emu: BotApiEmulator) -> None:
    for text in ("a", "b", "c"):
        emu.send_message(USER_ID, text)
    first = (await api.call("getUpdates")).result
    assert [u["message"]["text"] for u in first] == ["a", "b", "c"]
    assert ids((await api.call("getUpdates")).result) == ids(first)  # not confirmed yet
    rest = (await api.call("getUpdates", offset=first[1]["update_id"])).result
    assert ids(rest) == ids(first)[1:]
    assert emu.updates_pending == 2
    done = (await api.call("getUpdates", offset=first[-1]["update_id"] + 1)).result
    assert done == []
    assert emu.updates_pending == 0


async def test_negative_offset_keeps_the_last_updates(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    for text in "abcde":
        emu.send_message(USER_ID, text)
    last_two = (await api.call("getUpdates", offset=-2)).result
    assert [u["message"]["text"] for u in last_two] == ["d", "e"]
    assert emu.updates_pending == 2  # the older ones are forgotten


async def test_limit_is_clamped(api: BotApiClient, emu: BotApiEmulator) -> None:
    for i in range(105):
        emu.send_message(USER_ID, str(i))
    assert len((await api.call("getUpdates", limit=0)).result) == 1
    assert len((await api.call("getUpdates", limit=2)).result) == 2
    assert len((await api.call("getUpdates", limit=1000)).result) == 100


async def test_long_poll_wakes_up_when_an_update_arrives(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    poll = asyncio.create_task(api.call("getUpdates", timeout=50))
    await emu.wait_for(lambda: emu.updates._poll is not None)
    emu.send_message(USER_ID, "ping")
    reply = await poll  # returns long before the 50 s timeout
    assert [u["message"]["text"] for u in reply.result] == ["ping"]


async def test_long_poll_times_out_empty(api: BotApiClient) -> None:
    reply = await api.call("getUpdates", timeout=0.05)
    assert reply.result == []


async def test_second_poller_terminates_the_first(api: BotApiClient, emu: BotApiEmulator) -> None:
    first = asyncio.create_task(api.call("getUpdates", timeout=30))
    await emu.wait_for(lambda: emu.updates._poll is not None)
    second = asyncio.create_task(api.call("getUpdates", timeout=30))
    terminated = await first
    assert (terminated.status, terminated.description) == (
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
        "is running",
    )
    emu.send_message(USER_ID, "for the survivor")
    assert (await second).result[0]["message"]["text"] == "for the survivor"


async def test_webhook_blocks_get_updates(api: BotApiClient, emu: BotApiEmulator) -> None:
    poll = asyncio.create_task(api.call("getUpdates", timeout=30))
    await emu.wait_for(lambda: emu.updates._poll is not None)
    assert (await api.call("setWebhook", url="https://bot.example.com/hook")).result is True
    cut = await poll
    assert cut.description == "Conflict: terminated by setWebhook request"
    refused = await api.call("getUpdates")
    assert refused.description == (
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
        "delete the webhook first"
    )
    info = (await api.call("getWebhookInfo")).result
    assert info["url"] == "https://bot.example.com/hook"
    emu.send_message(USER_ID, "queued")
    assert (await api.call("getWebhookInfo")).result["pending_update_count"] == 1
    assert (await api.call("deleteWebhook", drop_pending_updates=True)).result is True
    assert (await api.call("getUpdates")).result == []
    http = await api.call("setWebhook", url="http://bot.example.com/hook")
    assert http.description == "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"


async def test_allowed_updates(api: BotApiClient, emu: BotApiEmulator) -> None:
    chat_member = {
        "chat": {"id": -1, "type": "group", "title": "g"},
        "from": emu.state.users[USER_ID],
        "date": 0,
        "old_chat_member": {"user": emu.state.users[USER_ID], "status": "left"},
        "new_chat_member": {"user": emu.state.users[USER_ID], "status": "member"},
    }
    emu.inject_update({"chat_member": chat_member})  # not delivered by default
    assert emu.updates_pending == 0
    await api.call("getUpdates", allowed_updates=["chat_member"])
    emu.inject_update({"chat_member": chat_member})
    emu.send_message(USER_ID, "filtered out")
    delivered = (await api.call("getUpdates")).result
    assert [list(u)[1] for u in delivered] == ["chat_member"]
    confirm = delivered[-1]["update_id"] + 1
    await api.call("getUpdates", offset=confirm, allowed_updates=[])  # back to the default
    emu.send_message(USER_ID, "delivered")
    assert emu.updates_pending == 1


async def test_stop_answers_a_pending_long_poll() -> None:
    emu = BotApiEmulator()
    await emu.start()
    async with aiohttp.ClientSession() as session:
        poll = asyncio.create_task(
            session.post(f"{emu.api_url}/getUpdates", data={"timeout": "50"})
        )
        await emu.wait_for(lambda: emu.updates._poll is not None)
        await emu.stop()
        response = await poll
        assert (await response.json())["result"] == []


async def test_restart_keeps_state_and_long_polls_work_again() -> None:
    emu = BotApiEmulator()
    await emu.start()
    emu.add_user(USER_ID, "Ada")
    await emu.stop()
    await emu.start()
    try:
        async with aiohttp.ClientSession() as session:
            poll = asyncio.create_task(
                session.post(f"{emu.api_url}/getUpdates", data={"timeout": "50"})
            )
            await emu.wait_for(lambda: emu.updates._poll is not None)
            emu.send_message(USER_ID, "after restart")
            response = await poll
            assert (await response.json())["result"][0]["message"]["text"] == "after restart"
    finally:
        await emu.stop()
