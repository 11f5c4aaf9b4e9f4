"""The morning rush: people's taps are answered ahead of a fan-out, updates are handled in
parallel with each person's in order, and a late duplicate press gets no apology."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

from sqlalchemy import text

from bot.clock import FakeClock
from bot.texts import t
from sandbox.bulk_seed import seed_due_users
from sandbox.emulator import BotApiEmulator, EmulatedMessage
from tests.conftest import sqlite_url
from tests.e2e.harness import BotHarness, bot_running
from tests.reliability.world import wait_until

PRESSERS = range(5_000_000, 5_000_020)
CROWD_FIRST = 6_000_000
CROWD = 450  # 15 s of prompts at the 30/s cap


def seed(path: Path, clock: FakeClock, emulator: BotApiEmulator, *, crowd: int) -> None:
    """The pressers' check-ins fell due first (their prompts go out first), then the crowd's."""
    seed_due_users(path, PRESSERS[0], len(PRESSERS), clock.now() - timedelta(minutes=2))
    if crowd:
        seed_due_users(path, CROWD_FIRST, crowd, clock.now() - timedelta(minutes=1))
    for user_id in [*PRESSERS, *range(CROWD_FIRST, CROWD_FIRST + crowd)]:
        emulator.add_user(user_id, first_name=f"User {user_id}")


def prompt(emulator: BotApiEmulator, user_id: int) -> EmulatedMessage | None:
    return emulator.chat(user_id).last_bot_message


def _answers_sleep(data: str) -> bool:
    return data.startswith("a:") and ":sl:" in data


def hour_buttons(message: EmulatedMessage) -> list[str]:
    """Callback data of the hours-slept buttons (those that answer the question)."""
    return [
        data
        for row in message.buttons
        for _, data in row
        if data.startswith("a:") and ":sl:" in data
    ]


def crowd_prompts(emulator: BotApiEmulator, crowd: int) -> int:
    return sum(emulator.chat(u).sent_by_bot > 0 for u in range(CROWD_FIRST, CROWD_FIRST + crowd))


async def test_a_press_during_a_fanout_at_the_cap_is_answered_before_the_fanout_drains(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "gutcheck.db"
    await asyncio.to_thread(seed, path, clock, emulator, crowd=CROWD)
    # Telegram's flood limits are enforced (30 messages/s); the bot sends at that cap.
    async with bot_running(emulator, clock, sqlite_url(tmp_path), send_workers=16) as bot:
        fanout = asyncio.create_task(bot.dispatcher.run_until_idle())
        try:
            assert await wait_until(
                lambda: all(prompt(emulator, u) is not None for u in PRESSERS), 30
            )
            assert await wait_until(lambda: crowd_prompts(emulator, CROWD) >= 30, 30)
            prompts = {u: prompt(emulator, u) for u in PRESSERS}
            waiting_at_press = CROWD - crowd_prompts(emulator, CROWD)
            for user_id, message in prompts.items():
                assert message is not None
                emulator.press_button(user_id, message.message_id, hour_buttons(message)[0])
            answered = await wait_until(
                lambda: all(
                    (m := prompt_message(bot, u, prompts)) is not None and m.edit_count > 0
                    for u in PRESSERS
                ),
                30,
            )
            waiting_at_answer = CROWD - crowd_prompts(emulator, CROWD)
        finally:
            await fanout
    assert answered
    # Every presser saw the answer while most of the crowd's prompts were still to go out:
    # the answers did not queue behind the fan-out (which took ~15 s at the cap).
    assert waiting_at_press > 300
    assert waiting_at_answer > waiting_at_press // 2, (waiting_at_press, waiting_at_answer)
    # The fan-out itself went on: everyone got exactly one prompt, nobody a 429 surprise.
    assert all(emulator.chat(u).sent_by_bot == 1 for u in range(CROWD_FIRST, CROWD_FIRST + CROWD))


def prompt_message(
    bot: BotHarness, user_id: int, prompts: dict[int, EmulatedMessage | None]
) -> EmulatedMessage | None:
    original = prompts[user_id]
    assert original is not None
    return bot.message(user_id, original.message_id)


async def test_one_persons_rapid_presses_are_applied_in_order_while_others_press_too(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "gutcheck.db"
    await asyncio.to_thread(seed, path, clock, emulator, crowd=0)
    async with bot_running(emulator, clock, sqlite_url(tmp_path), concurrent_updates=16) as bot:
        await bot.tick()
        prompts = {u: prompt(emulator, u) for u in PRESSERS}
        hurried, *others = PRESSERS
        hurried_prompt = prompts[hurried]
        assert hurried_prompt is not None
        choices = hour_buttons(hurried_prompt)
        assert len(choices) >= 4
        # Every hours button of one prompt, pressed in quick succession (as a hurried thumb
        # would, before the first edit arrives), interleaved with everyone else's presses.
        sequence = [*choices, *reversed(choices[:-1])]
        for index, data in enumerate(sequence):
            emulator.press_button(hurried, hurried_prompt.message_id, data, force=True)
            other = others[index % len(others)]
            other_prompt = prompts[other]
            assert other_prompt is not None
            emulator.press_button(
                other, other_prompt.message_id, hour_buttons(other_prompt)[-1], force=True
            )
        bot.injected += 2 * len(sequence)
        await bot._processed(30)
        async with bot.services.db.transaction() as session:
            stored = (
                await session.execute(
                    text("SELECT sleep_hours FROM day_entries WHERE user_id = :u"), {"u": hurried}
                )
            ).scalar_one()
    last_value = float(sequence[-1].rsplit(":", 1)[1])
    assert stored == last_value  # the last press wins, as it did when updates ran one by one


async def test_a_press_telegram_calls_too_old_gets_no_apology_and_is_still_recorded(
    emulator: BotApiEmulator, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "gutcheck.db"
    await asyncio.to_thread(seed, path, clock, emulator, crowd=0)
    user_id = PRESSERS[0]
    async with bot_running(emulator, clock, sqlite_url(tmp_path)) as bot:
        await bot.tick()
        message = prompt(emulator, user_id)
        assert message is not None
        before = len(bot.bot_messages(user_id))
        # A press delivered late (or twice): Telegram refuses to answer its query.
        emulator.fail_next(
            "answerCallbackQuery",
            error_code=400,
            description=(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            ),
        )
        await bot.press_data(user_id, message.message_id, hour_buttons(message)[0])
        new = bot.bot_messages(user_id)[before:]
        edited = bot.message(user_id, message.message_id)
    apology = t("error_apology", "en")
    assert all(apology not in (m.text or "") for m in new)
    assert edited.edit_count > 0  # the answer is stored and shown all the same
