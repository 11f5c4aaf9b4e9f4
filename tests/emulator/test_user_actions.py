"""Injected updates are valid Telegram updates (PTB deserializes them); misuse fails loudly."""

from __future__ import annotations

import pytest
from telegram import Bot, Update

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient


async def updates(api: BotApiClient, emu: BotApiEmulator) -> list[Update]:
    raw = (await api.call("getUpdates")).result
    bot = Bot(emu.token)
    return [Update.de_json(item, bot) for item in raw]


async def test_commands_get_bot_command_entities(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_group(-2002, title="Friends", members=[USER_ID])
    emu.send_message(USER_ID, "/start")
    emu.send_message(USER_ID, "/start@GutCheckBot", chat_id=-2002)
    private, group = await updates(api, emu)
    assert private.message is not None
    assert group.message is not None
    assert private.message.entities[0].type == "bot_command"
    assert private.message.entities[0].length == len("/start")
    assert group.message.entities[0].length == len("/start@GutCheckBot")
    assert group.message.chat.type == "group"
    assert group.message.chat.title == "Friends"


async def test_every_kind_of_user_message_deserializes(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    emu.send_location(USER_ID, latitude=52.52, longitude=13.40)
    emu.send_sticker(USER_ID)
    emu.send_photo(USER_ID, caption="lunch")
    emu.send_voice(USER_ID)
    emu.send_document(USER_ID, filename="x.pdf")
    received = [u.message for u in await updates(api, emu)]
    assert all(m is not None for m in received)
    location, sticker, photo, voice, document = received
    assert location is not None
    assert location.location is not None
    assert location.location.latitude == 52.52
    assert sticker is not None
    assert sticker.sticker is not None
    assert photo is not None
    assert photo.photo
    assert photo.caption == "lunch"
    assert voice is not None
    assert voice.voice is not None
    assert document is not None
    assert document.document is not None
    assert document.document.file_name == "x.pdf"
    assert [m.kind for m in emu.chat(USER_ID).messages] == [
        "location",
        "sticker",
        "photo",
        "voice",
        "document",
    ]


async def test_edited_message(api: BotApiClient, emu: BotApiEmulator) -> None:
    sent = emu.send_message(USER_ID, "typo")
    emu.edit_user_message(USER_ID, sent["message_id"], "fixed")
    _, edited = await updates(api, emu)
    assert edited.edited_message is not None
    assert edited.edited_message.text == "fixed"
    assert edited.edited_message.edit_date is not None


async def test_press_button_checks_the_keyboard(api: BotApiClient, emu: BotApiEmulator) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Yes", "callback_data": "answer:yes"}]]}
    sent = await api.call("sendMessage", chat_id=USER_ID, text="Ok?", reply_markup=keyboard)
    message_id = sent.result["message_id"]
    with pytest.raises(ValueError, match="no button with callback_data 'answer:no'"):
        emu.press_button(USER_ID, message_id, "answer:no")
    with pytest.raises(ValueError, match="no bot message 99"):
        emu.press_button(USER_ID, 99, "answer:yes")
    query_id = emu.press_button(USER_ID, message_id, "answer:yes")
    forged = emu.press_button(USER_ID, 99, "forged", force=True)
    pressed, forged_update = await updates(api, emu)
    assert pressed.callback_query is not None
    assert pressed.callback_query.id == query_id
    assert pressed.callback_query.data == "answer:yes"
    assert pressed.callback_query.message is not None
    assert pressed.callback_query.message.message_id == message_id
    assert forged_update.callback_query is not None
    assert forged_update.callback_query.id == forged
    assert not forged_update.callback_query.message.is_accessible  # type: ignore[union-attr]


async def test_block_and_unblock_produce_my_chat_member(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    emu.block_bot(USER_ID)
    with pytest.raises(ValueError, match="blocked the bot"):
        emu.send_message(USER_ID, "hi")
    emu.unblock_bot(USER_ID)
    blocked, unblocked = await updates(api, emu)
    assert blocked.my_chat_member is not None
    assert unblocked.my_chat_member is not None
    assert blocked.my_chat_member.old_chat_member.status == "member"
    assert blocked.my_chat_member.new_chat_member.status == "kicked"
    assert unblocked.my_chat_member.new_chat_member.status == "member"


async def test_inject_update(api: BotApiClient, emu: BotApiEmulator) -> None:
    channel_post = {
        "message_id": 1,
        "date": 0,
        "chat": {"id": -100777, "type": "channel", "title": "News"},
        "text": "raw",
    }
    queued = emu.inject_update({"channel_post": channel_post})
    assert queued["update_id"] >= 1
    (update,) = await updates(api, emu)
    assert update.channel_post is not None
    assert update.channel_post.text == "raw"
    with pytest.raises(ValueError, match="update_id"):
        emu.inject_update({"update_id": 5, "channel_post": channel_post})


async def test_group_privacy_mode(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_user(2002, "Grace")
    emu.add_group(-2002, title="Friends", members=[USER_ID, 2002])
    sent = await api.call("sendMessage", chat_id=-2002, text="Who is in?")
    for text in (
        "just chatting",
        "/start@OtherBot",
        "/help",
        "hey @GutCheckBot",
        "@gutcheckbot hi",
    ):
        emu.send_message(USER_ID, text, chat_id=-2002)
    emu.send_message(2002, "me!", chat_id=-2002, reply_to_message_id=sent.result["message_id"])
    delivered = [u.message.text for u in await updates(api, emu) if u.message]
    assert delivered == ["/help", "hey @GutCheckBot", "@gutcheckbot hi", "me!"]
    assert len(emu.chat(-2002).user_messages) == 6  # all recorded, for the sandbox

    async with BotApiEmulator(group_privacy=False) as open_emu:
        open_emu.add_user(1, "A")
        open_emu.add_group(-5, title="G", members=[1])
        open_emu.send_message(1, "just chatting", chat_id=-5)
        assert open_emu.updates_pending == 1


async def test_reply_to_a_force_reply_prompt(api: BotApiClient, emu: BotApiEmulator) -> None:
    prompt = await api.call(
        "sendMessage", chat_id=USER_ID, text="Your city?", reply_markup={"force_reply": True}
    )
    emu.send_message(USER_ID, "Berlin", reply_to_message_id=prompt.result["message_id"])
    (update,) = await updates(api, emu)
    assert update.message is not None
    assert update.message.reply_to_message is not None
    assert update.message.reply_to_message.text == "Your city?"
    with pytest.raises(ValueError, match="to reply to"):
        emu.send_message(USER_ID, "x", reply_to_message_id=999)


def test_misuse_is_reported(emu: BotApiEmulator) -> None:
    with pytest.raises(ValueError, match="unknown user 4242"):
        emu.send_message(4242, "hi")
    emu.add_group(-3003, title="Other")
    with pytest.raises(ValueError, match="not a member"):
        emu.send_message(USER_ID, "hi", chat_id=-3003)


async def test_dates_come_from_the_injected_clock(api: BotApiClient) -> None:
    from datetime import UTC, datetime

    class FixedClock:
        def now(self) -> datetime:
            return datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)

    async with BotApiEmulator(clock=FixedClock()) as emu:
        emu.add_user(7, "Time")
        message = emu.send_message(7, "hello")
        assert message["date"] == int(datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC).timestamp())
        assert emu.chat(7).messages[0].date.year == 2030
