"""The real python-telegram-bot Application, unmodified, over real HTTP against the emulator."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Forbidden, RetryAfter, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sandbox.emulator import BotApiEmulator
from sandbox.emulator.images import make_png
from tests.emulator.conftest import USER_ID

pytestmark = [
    pytest.mark.e2e,
    # PTB warns about its own retry_after type change whenever a RetryAfter is built.
    pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning"),
]

Context = ContextTypes.DEFAULT_TYPE


def build_app(
    emu: BotApiEmulator, **builder_options: Any
) -> Application[Any, Any, Any, Any, Any, Any]:
    builder = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
    )
    rate_limiter = builder_options.pop("rate_limiter", None)
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    return builder.build()


@asynccontextmanager
async def polling(app: Application[Any, Any, Any, Any, Any, Any]) -> AsyncIterator[None]:
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=10)
        try:
            yield
        finally:
            await app.updater.stop()
            await app.stop()


async def start(update: Update, context: Context) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✅", callback_data="habit:done")]])
    await update.effective_message.reply_html("<b>Welcome</b> to Gut Check!", reply_markup=keyboard)


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("Saved")
    await query.edit_message_text(f"Logged: {query.data}")


async def test_command_round_trip(emu: BotApiEmulator) -> None:
    app = build_app(emu)
    app.add_handler(CommandHandler("start", start))
    async with polling(app):
        emu.send_message(USER_ID, "/start")
        reply = await emu.wait_for_bot_message(USER_ID)
    assert reply.text == "Welcome to Gut Check!"
    assert reply.html == "<b>Welcome</b> to Gut Check!"
    assert reply.entities == [{"offset": 0, "length": 7, "type": "bold"}]
    assert reply.buttons == [[("Done ✅", "habit:done")]]
    assert emu.updates_pending == 0
    assert [r.method for r in emu.requests][:3] == ["getMe", "deleteWebhook", "getUpdates"]


async def test_button_press_is_answered_and_edits_the_message(emu: BotApiEmulator) -> None:
    app = build_app(emu)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    async with polling(app):
        emu.send_message(USER_ID, "/start")
        message = await emu.wait_for_bot_message(USER_ID)
        query_id = emu.press_button(USER_ID, message.message_id, "habit:done")
        await emu.wait_for(lambda: message.edit_count == 1)
    assert message.text == "Logged: habit:done"
    assert message.reply_markup is None  # edit_message_text without a keyboard removes it
    assert emu.callback_answers == [
        {
            "callback_query_id": query_id,
            "text": "Saved",
            "show_alert": False,
            "url": None,
            "cache_time": 0,
            "chat_id": USER_ID,
            "message_id": message.message_id,
            "user_id": USER_ID,
            "data": "habit:done",
        }
    ]


async def test_group_command_with_bot_username(emu: BotApiEmulator) -> None:
    emu.add_group(-2002, title="Friends", members=[USER_ID])
    app = build_app(emu)
    app.add_handler(CommandHandler("start", start))
    async with polling(app):
        emu.send_message(USER_ID, "/start@GutCheckBot", chat_id=-2002)
        reply = await emu.wait_for_bot_message(-2002)
    assert reply.chat_id == -2002
    assert reply.text == "Welcome to Gut Check!"


async def test_location_and_my_chat_member_routing(emu: BotApiEmulator) -> None:
    seen: list[str] = []

    async def on_location(update: Update, context: Context) -> None:
        assert update.effective_message is not None
        assert update.effective_message.location
        seen.append(f"location {update.effective_message.location.latitude}")

    async def on_member(update: Update, context: Context) -> None:
        assert update.my_chat_member is not None
        seen.append(f"member {update.my_chat_member.new_chat_member.status}")

    app = build_app(emu)
    app.add_handler(MessageHandler(filters.LOCATION, on_location))
    app.add_handler(ChatMemberHandler(on_member, ChatMemberHandler.MY_CHAT_MEMBER))
    async with polling(app):
        emu.send_location(USER_ID, latitude=52.52, longitude=13.4)
        emu.block_bot(USER_ID)
        emu.unblock_bot(USER_ID)
        await emu.wait_for(lambda: len(seen) == 3)
    assert seen == ["location 52.52", "member kicked", "member member"]


async def test_bot_methods_through_ptb(emu: BotApiEmulator) -> None:
    app = build_app(emu)
    async with app:
        bot = app.bot
        png = make_png(64, 48)
        photo_message = await bot.send_photo(
            USER_ID, photo=png, caption="<i>Lunch</i>", parse_mode="HTML"
        )
        assert photo_message.caption == "Lunch"
        largest = photo_message.photo[-1]
        assert (largest.width, largest.height) == (64, 48)
        downloaded = await (await bot.get_file(largest.file_id)).download_as_bytearray()
        assert bytes(downloaded) == png
        assert emu.chat(USER_ID).last_bot_message.photo == png  # type: ignore[union-attr]

        document = await bot.send_document(USER_ID, document=b"a,b\n1,2\n", filename="week.csv")
        assert document.document is not None
        assert document.document.file_name == "week.csv"

        await bot.set_my_commands([("checkin", "Log today's habits"), ("help", "How it works")])
        assert emu.commands == [
            {"command": "checkin", "description": "Log today's habits"},
            {"command": "help", "description": "How it works"},
        ]
        assert [c.command for c in await bot.get_my_commands()] == ["checkin", "help"]

        keyboard = ReplyKeyboardMarkup(
            [[KeyboardButton("Share location", request_location=True)]], one_time_keyboard=True
        )
        await bot.send_message(USER_ID, "Where are you?", reply_markup=keyboard)
        last = emu.chat(USER_ID).last_bot_message
        assert last is not None
        assert last.reply_keyboard is not None
        assert last.reply_keyboard["keyboard"][0][0]["request_location"] is True

        await bot.send_chat_action(USER_ID, "typing")
        chat = await bot.get_chat(USER_ID)
        assert chat.first_name == "Ada"

        with pytest.raises(BadRequest, match="unsupported start tag"):
            await bot.send_message(USER_ID, "<p>oops</p>", parse_mode="HTML")


async def test_403_becomes_forbidden(emu: BotApiEmulator) -> None:
    emu.block_bot(USER_ID)
    app = build_app(emu)
    async with app:
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await app.bot.send_message(USER_ID, "hello?")
        emu.unblock_bot(USER_ID)
        emu.fail_next("sendMessage", error_code=403, chat_id=USER_ID)
        with pytest.raises(Forbidden):
            await app.bot.send_message(USER_ID, "again?")


async def test_429_is_retried_by_aio_rate_limiter(emu: BotApiEmulator) -> None:
    emu.fail_next("sendMessage", error_code=429, retry_after=1, times=1)
    app = build_app(emu, rate_limiter=AIORateLimiter(max_retries=2))
    async with app:
        message = await app.bot.send_message(USER_ID, "eventually")
    assert message.text == "eventually"
    assert [r.status for r in emu.requests_for("sendMessage")] == [429, 200]


async def test_429_without_retries_raises_retry_after(emu: BotApiEmulator) -> None:
    emu.fail_next("sendMessage", error_code=429, retry_after=5)
    app = build_app(emu)
    async with app:
        with pytest.raises(RetryAfter) as raised:
            await app.bot.send_message(USER_ID, "now")
    assert raised.value.retry_after in (5, dt.timedelta(seconds=5))


@pytest.mark.parametrize("deliver", [True, False])
async def test_slow_answer_becomes_timed_out(emu: BotApiEmulator, deliver: bool) -> None:
    emu.delay_next("sendMessage", seconds=2.0, deliver=deliver)
    app = build_app(emu)
    async with app:
        with pytest.raises(TimedOut):
            await app.bot.send_message(USER_ID, "slow", read_timeout=0.2)
        await emu.wait_for(lambda: len(emu.requests_for("sendMessage")) == 1)
    delivered = [m.text for m in emu.chat(USER_ID).bot_messages]
    assert delivered == (["slow"] if deliver else [])


async def test_rate_limited_fan_out_with_aio_rate_limiter(emu: BotApiEmulator) -> None:
    """A broadcast paced by PTB's limiter (30/s) is never refused by the emulator's buckets."""
    for user_id in range(5000, 5040):
        emu.add_user(user_id, f"User {user_id}")
    app = build_app(emu, rate_limiter=AIORateLimiter(max_retries=0))
    async with app:
        for user_id in range(5000, 5040):
            await app.bot.send_message(user_id, "Time for your check-in")
    assert {r.status for r in emu.requests_for("sendMessage")} == {200}
