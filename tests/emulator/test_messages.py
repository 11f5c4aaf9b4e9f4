"""Sending, editing and deleting messages; keyboards; callback answers; chats.

LIMITS.md §5, §6 and §10.
"""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient


def inline(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


def callback_button(data: str, text: str = "B") -> dict[str, Any]:
    return {"text": text, "callback_data": data}


async def test_message_ids_increase_per_chat(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_user(2002, "Grace")
    first = await api.call("sendMessage", chat_id=USER_ID, text="one")
    emu.send_message(USER_ID, "user message")
    second = await api.call("sendMessage", chat_id=USER_ID, text="two")
    other = await api.call("sendMessage", chat_id=2002, text="other")
    assert [first.result["message_id"], second.result["message_id"]] == [1, 3]
    assert other.result["message_id"] == 1
    assert [m.text for m in emu.chat(USER_ID).messages] == ["one", "user message", "two"]


async def test_chat_refusals(api: BotApiClient, emu: BotApiEmulator) -> None:
    missing = await api.call("sendMessage", chat_id=999, text="x")
    assert (missing.status, missing.description) == (400, "Bad Request: chat not found")
    no_chat = await api.call("sendMessage", text="x")
    assert no_chat.description == "Bad Request: chat_id is empty"

    emu.block_bot(USER_ID)
    blocked = await api.call("sendMessage", chat_id=USER_ID, text="x")
    assert (blocked.status, blocked.description) == (403, "Forbidden: bot was blocked by the user")
    emu.unblock_bot(USER_ID)
    assert (await api.call("sendMessage", chat_id=USER_ID, text="x")).status == 200

    emu.add_user(3003, "Stranger", has_started=False)
    stranger = await api.call("sendMessage", chat_id=3003, text="x")
    assert stranger.description == "Forbidden: bot can't initiate conversation with a user"


async def test_bot_removed_from_a_group(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_group(-500, title="Club", members=[USER_ID])
    assert (await api.call("sendMessage", chat_id=-500, text="hello all")).status == 200
    emu.remove_bot_from_group(-500, by_user_id=USER_ID)
    kicked = await api.call("sendMessage", chat_id=-500, text="still here?")
    assert (kicked.status, kicked.description) == (
        403,
        "Forbidden: bot was kicked from the group chat",
    )
    emu.add_bot_to_group(-500, by_user_id=USER_ID)
    emu.remove_bot_from_group(-500, by_user_id=USER_ID, kicked=False)
    left = await api.call("sendMessage", chat_id=-500, text="x")
    assert left.description == "Forbidden: bot is not a member of the group chat"
    statuses = [
        u["my_chat_member"]["new_chat_member"]["status"]
        for u in (await api.call("getUpdates")).result
    ]
    assert statuses == ["kicked", "member", "left"]


async def test_chat_id_by_username(api: BotApiClient) -> None:
    reply = await api.call("sendMessage", chat_id="@ada", text="hi")
    assert reply.result["chat"]["id"] == USER_ID


# -- inline keyboards ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "ok"),
    [
        ("x" * 64, True),
        ("x" * 65, False),
        ("й" * 32, True),  # 64 bytes
        ("й" * 33, False),  # 66 bytes: the limit is in bytes, not characters
        ("", False),
    ],
)
async def test_callback_data_is_1_to_64_bytes(api: BotApiClient, data: str, ok: bool) -> None:
    reply = await api.call(
        "sendMessage", chat_id=USER_ID, text="t", reply_markup=inline(callback_button(data))
    )
    if ok:
        assert reply.status == 200, reply.body
    else:
        assert (reply.status, reply.description) == (400, "Bad Request: BUTTON_DATA_INVALID")


@pytest.mark.parametrize(
    ("button", "description"),
    [
        (
            {"text": "only text"},
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
        ({"text": "two", "callback_data": "a", "url": "https://x.org"}, "exactly one"),
        ({"text": "bad url", "url": "not a url"}, "Bad Request: BUTTON_URL_INVALID"),
        ({"callback_data": "a"}, 'Field "text" must be of type String'),
    ],
)
async def test_inline_button_must_have_exactly_one_action(
    api: BotApiClient, button: dict[str, Any], description: str
) -> None:
    reply = await api.call("sendMessage", chat_id=USER_ID, text="t", reply_markup=inline(button))
    assert reply.status == 400
    assert description in reply.description


async def test_more_than_100_buttons_is_too_long(api: BotApiClient) -> None:
    rows = [[callback_button(f"{r}-{c}") for c in range(8)] for r in range(13)]  # 104 buttons
    reply = await api.call(
        "sendMessage", chat_id=USER_ID, text="t", reply_markup={"inline_keyboard": rows}
    )
    assert reply.description == "Bad Request: reply markup is too long"
    ok = await api.call(
        "sendMessage",
        chat_id=USER_ID,
        text="t",
        reply_markup={"inline_keyboard": [[callback_button(str(i)) for i in range(100)]]},
    )
    assert ok.status == 200


async def test_inline_keyboard_is_returned_and_recorded(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    markup = {"inline_keyboard": [[callback_button("yes", "Yes"), callback_button("no", "No")]]}
    reply = await api.call("sendMessage", chat_id=USER_ID, text="Ok?", reply_markup=markup)
    assert reply.result["reply_markup"] == markup
    message = emu.chat(USER_ID).last_bot_message
    assert message is not None
    assert message.buttons == [[("Yes", "yes"), ("No", "no")]]
    assert message.reply_keyboard is None


async def test_reply_keyboards_are_accepted_but_not_echoed(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    keyboard = {
        "keyboard": [[{"text": "Share location", "request_location": True}], ["Skip"]],
        "resize_keyboard": True,
        "one_time_keyboard": True,
    }
    reply = await api.call("sendMessage", chat_id=USER_ID, text="Where?", reply_markup=keyboard)
    assert reply.status == 200
    assert "reply_markup" not in reply.result  # Message.reply_markup only holds inline keyboards
    message = emu.chat(USER_ID).last_bot_message
    assert message is not None
    assert message.reply_keyboard is not None
    assert message.reply_keyboard["keyboard"][1] == [{"text": "Skip"}]
    for markup in ({"remove_keyboard": True}, {"force_reply": True}):
        assert (
            await api.call("sendMessage", chat_id=USER_ID, text="x", reply_markup=markup)
        ).status == 200


async def test_invalid_reply_markup_json(api: BotApiClient) -> None:
    reply = await api.call("sendMessage", chat_id=USER_ID, text="x", reply_markup="{not json")
    assert reply.description == "Bad Request: can't parse reply keyboard markup JSON object"


# -- editing ---------------------------------------------------------------------------------


async def sent_message_id(api: BotApiClient, **params: Any) -> int:
    reply = await api.call("sendMessage", chat_id=USER_ID, **params)
    return int(reply.result["message_id"])


async def test_edit_message_text(api: BotApiClient, emu: BotApiEmulator) -> None:
    markup = inline(callback_button("a"))
    message_id = await sent_message_id(
        api, text="<b>old</b>", parse_mode="HTML", reply_markup=markup
    )
    same = await api.call(
        "editMessageText",
        chat_id=USER_ID,
        message_id=message_id,
        text="<b>old</b>",
        parse_mode="HTML",
        reply_markup=markup,
    )
    assert same.status == 400
    assert same.description == (
        "Bad Request: message is not modified: specified new message content and reply markup "
        "are exactly the same as a current content and reply markup of the message"
    )
    edited = await api.call(
        "editMessageText", chat_id=USER_ID, message_id=message_id, text="new", reply_markup=markup
    )
    assert edited.result["text"] == "new"
    assert "edit_date" in edited.result
    message = emu.chat(USER_ID).message(message_id)
    assert message is not None
    assert (message.text, message.edit_count, message.buttons) == ("new", 1, [[("B", "a")]])

    # Without reply_markup the keyboard goes away, as on the real server.
    removed = await api.call("editMessageText", chat_id=USER_ID, message_id=message_id, text="new")
    assert removed.status == 200
    assert "reply_markup" not in removed.result
    assert message.reply_markup is None
    assert message.edit_count == 2


async def test_edit_errors(api: BotApiClient, emu: BotApiEmulator) -> None:
    missing = await api.call("editMessageText", chat_id=USER_ID, message_id=42, text="x")
    assert missing.description == "Bad Request: message to edit not found"
    no_id = await api.call("editMessageText", chat_id=USER_ID, text="x")
    assert no_id.description == "Bad Request: message identifier is not specified"

    user_message = emu.send_message(USER_ID, "mine")
    not_bots = await api.call(
        "editMessageText", chat_id=USER_ID, message_id=user_message["message_id"], text="x"
    )
    assert not_bots.description == "Bad Request: message can't be edited"

    from sandbox.emulator.images import make_png

    photo = await api.upload(
        "sendPhoto", {"photo": ("p.png", make_png(8, 8), "image/png")}, chat_id=str(USER_ID)
    )
    no_text = await api.call(
        "editMessageText", chat_id=USER_ID, message_id=photo.result["message_id"], text="x"
    )
    assert no_text.description == "Bad Request: there is no text in the message to edit"
    caption = await api.call(
        "editMessageCaption",
        chat_id=USER_ID,
        message_id=photo.result["message_id"],
        caption="<i>now</i>",
        parse_mode="HTML",
    )
    assert caption.result["caption"] == "now"
    reply_keyboard = await api.call(
        "editMessageText",
        chat_id=USER_ID,
        message_id=photo.result["message_id"],
        text="x",
        reply_markup={"keyboard": [["a"]]},
    )
    assert reply_keyboard.description == "Bad Request: inline keyboard expected"


async def test_edit_message_reply_markup(api: BotApiClient, emu: BotApiEmulator) -> None:
    message_id = await sent_message_id(api, text="t", reply_markup=inline(callback_button("a")))
    same = await api.call(
        "editMessageReplyMarkup",
        chat_id=USER_ID,
        message_id=message_id,
        reply_markup=inline(callback_button("a")),
    )
    assert same.status == 400
    assert "message is not modified" in same.description
    cleared = await api.call("editMessageReplyMarkup", chat_id=USER_ID, message_id=message_id)
    assert cleared.status == 200
    again = await api.call("editMessageReplyMarkup", chat_id=USER_ID, message_id=message_id)
    assert "message is not modified" in again.description


async def test_delete_message(api: BotApiClient, emu: BotApiEmulator) -> None:
    message_id = await sent_message_id(api, text="bye")
    assert (await api.call("deleteMessage", chat_id=USER_ID, message_id=message_id)).result is True
    again = await api.call("deleteMessage", chat_id=USER_ID, message_id=message_id)
    assert again.description == "Bad Request: message to delete not found"
    chat = emu.chat(USER_ID)
    assert chat.bot_messages == []
    assert chat.all_messages[0].deleted


# -- callback queries, chat actions, getChat ----------------------------------------------------


async def test_answer_callback_query(api: BotApiClient, emu: BotApiEmulator) -> None:
    message_id = await sent_message_id(api, text="t", reply_markup=inline(callback_button("go")))
    query_id = emu.press_button(USER_ID, message_id, "go")
    answered = await api.call(
        "answerCallbackQuery", callback_query_id=query_id, text="Done", show_alert=True
    )
    assert answered.result is True
    assert emu.callback_answers[-1]["text"] == "Done"
    assert emu.callback_answers[-1]["show_alert"] is True
    stale = "Bad Request: query is too old and response timeout expired or query ID is invalid"
    twice = await api.call("answerCallbackQuery", callback_query_id=query_id)
    assert twice.description == stale
    unknown = await api.call("answerCallbackQuery", callback_query_id="123")
    assert unknown.description == stale
    other = emu.press_button(USER_ID, message_id, "go")
    too_long = await api.call("answerCallbackQuery", callback_query_id=other, text="x" * 201)
    assert too_long.status == 400


async def test_send_chat_action(api: BotApiClient, emu: BotApiEmulator) -> None:
    assert (await api.call("sendChatAction", chat_id=USER_ID, action="typing")).result is True
    bad = await api.call("sendChatAction", chat_id=USER_ID, action="dancing")
    assert bad.description == "Bad Request: wrong parameter action in request"


async def test_get_chat(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_group(-100123, title="Friends", members=[USER_ID])
    private = await api.call("getChat", chat_id=USER_ID)
    assert private.result["type"] == "private"
    assert private.result["first_name"] == "Ada"
    group = await api.call("getChat", chat_id=-100123)
    assert (group.result["type"], group.result["title"]) == ("supergroup", "Friends")


async def test_reply_to_message(api: BotApiClient, emu: BotApiEmulator) -> None:
    user_message = emu.send_message(USER_ID, "question")
    reply = await api.call(
        "sendMessage",
        chat_id=USER_ID,
        text="answer",
        reply_parameters={"message_id": user_message["message_id"]},
    )
    assert reply.result["reply_to_message"]["text"] == "question"
    missing = await api.call(
        "sendMessage", chat_id=USER_ID, text="answer", reply_parameters={"message_id": 99}
    )
    assert missing.description == "Bad Request: message to be replied not found"


async def test_duplicates_are_counted(api: BotApiClient, emu: BotApiEmulator) -> None:
    for text in ("check-in", "other", "check-in"):
        await api.call("sendMessage", chat_id=USER_ID, text=text)
    stats = emu.stats()
    assert stats["sent_messages_per_chat"] == {str(USER_ID): 3}
    assert stats["duplicates_per_chat"] == {str(USER_ID): 1}
