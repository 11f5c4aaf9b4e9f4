"""The /_emulator/ control API used by the benchmark process and the sandbox page."""

from __future__ import annotations

import asyncio
import base64

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient


async def test_world_setup_and_user_actions(api: BotApiClient, emu: BotApiEmulator) -> None:
    added = await api.control("POST", "/users", {"range": {"start": 5000, "count": 50}})
    assert added.result == {"added": 50}
    one = await api.control("POST", "/users", {"id": 7, "first_name": "Zed", "username": "zed"})
    assert one.result["username"] == "zed"
    group = await api.control("POST", "/groups", {"chat_id": -42, "title": "G", "members": [7]})
    assert group.result["type"] == "group"

    message = await api.control("POST", "/message", {"user_id": 7, "text": "/start"})
    assert message.result["entities"][0]["type"] == "bot_command"
    await api.control("POST", "/message", {"user_id": 7, "chat_id": -42, "text": "hi all"})
    await api.control("POST", "/location", {"user_id": 7, "latitude": 1.5, "longitude": 2.5})
    assert emu.updates_pending == 2  # group chatter is hidden from the bot by privacy mode

    kicked = await api.control("POST", "/groups/-42/bot", {"by_user_id": 7, "status": "kicked"})
    assert kicked.result["new_chat_member"]["status"] == "kicked"
    bad = await api.control("POST", "/message", {"user_id": 404, "text": "x"})
    assert bad.status == 400
    assert "unknown user 404" in bad.body["error"]


async def test_callback_block_and_messages(api: BotApiClient, emu: BotApiEmulator) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}
    sent = await api.call(
        "sendMessage", chat_id=USER_ID, text="<b>Hi</b>", parse_mode="HTML", reply_markup=keyboard
    )
    pressed = await api.control(
        "POST",
        "/callback",
        {"user_id": USER_ID, "message_id": sent.result["message_id"], "data": "go"},
    )
    await api.call(
        "answerCallbackQuery", callback_query_id=pressed.result["callback_query_id"], text="ok"
    )
    assert (await api.control("GET", "/callback_answers")).result[0]["text"] == "ok"

    messages = (await api.control("GET", f"/chats/{USER_ID}/messages")).result
    assert messages[0]["text"] == "Hi"
    assert messages[0]["html"] == "<b>Hi</b>"
    assert messages[0]["buttons"] == [[["Go", "go"]]]

    await api.control("POST", "/block", {"user_id": USER_ID})
    assert emu.chat(USER_ID).blocked
    await api.control("POST", "/unblock", {"user_id": USER_ID})
    assert not emu.chat(USER_ID).blocked


async def test_media_is_served_as_url_and_base64(api: BotApiClient, emu: BotApiEmulator) -> None:
    from sandbox.emulator.images import make_png

    data = make_png(5, 5)
    await api.upload("sendPhoto", {"photo": ("p.png", data, "image/png")}, chat_id=str(USER_ID))
    (message,) = (await api.control("GET", f"/chats/{USER_ID}/messages", inline_media="1")).result
    assert base64.b64decode(message["photo"]["base64"]) == data
    url = message["photo"]["url"]
    async with api.session.get(url) as response:
        assert await response.read() == data


async def test_requests_stats_faults_and_rate_limits(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    await api.call("getMe")
    await api.call("sendMessage", chat_id=USER_ID, text="x")
    log = (await api.control("GET", "/requests", method="sendMessage")).result
    assert [r["method"] for r in log["requests"]] == ["sendMessage"]
    assert (await api.control("GET", "/requests", since=str(log["next"]))).result["requests"] == []

    stats = (await api.control("GET", "/stats")).result
    assert stats["methods"] == {"getMe": 1, "sendMessage": 1}
    assert stats["sent_messages_per_chat"] == {str(USER_ID): 1}

    rule = await api.control(
        "POST",
        "/faults",
        {"kind": "fail", "method": "sendMessage", "error_code": 429, "retry_after": 3},
    )
    assert rule.result["parameters"] == {"retry_after": 3}
    assert len((await api.control("GET", "/faults")).result) == 1
    assert (await api.call("sendMessage", chat_id=USER_ID, text="x")).status == 429
    await api.control(
        "POST", "/faults", {"kind": "fail", "method": "*", "error_code": 500, "times": 9}
    )
    await api.control("DELETE", "/faults")
    assert (await api.call("getMe")).status == 200

    limits = await api.control("POST", "/rate_limits", {"enabled": False, "per_chat_burst": 9})
    assert limits.result["enabled"] is False
    assert limits.result["per_chat_burst"] == 9
    assert not emu.settings.enforce_rate_limits


async def test_commands_endpoint(api: BotApiClient) -> None:
    await api.call("setMyCommands", commands=[{"command": "start", "description": "Begin"}])
    assert (await api.control("GET", "/commands")).result == [
        {"command": "start", "description": "Begin"}
    ]


async def test_events_long_poll(api: BotApiClient, emu: BotApiEmulator) -> None:
    start = (await api.control("GET", "/events")).result["seq"]
    waiting = asyncio.create_task(api.control("GET", "/events", since=str(start), timeout="30"))
    await asyncio.sleep(0)
    await api.call("sendMessage", chat_id=USER_ID, text="news")
    events = (await waiting).result
    message_events = [e for e in events["events"] if e["type"] == "message"]
    assert message_events[0]["message"]["text"] == "news"
    assert events["seq"] > start
    nothing = await api.control("GET", "/events", since=str(events["seq"]), timeout="0")
    assert nothing.result["events"] == []


async def test_cors_preflight(api: BotApiClient) -> None:
    async with api.session.options(f"{api.emu.control_url}/message") as response:
        assert response.status == 204
        assert response.headers["Access-Control-Allow-Origin"] == "*"
