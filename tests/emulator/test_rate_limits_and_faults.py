"""Flood limits as token buckets (§9) and deterministic fault injection."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from sandbox.emulator import BotApiEmulator, RateLimits
from sandbox.emulator.rate_limit import SendRateLimiter, TokenBucket
from tests.emulator.conftest import USER_ID, BotApiClient


class ManualClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_refills_at_its_rate() -> None:
    bucket = TokenBucket(rate=2.0, burst=3.0, now=0.0)
    for _ in range(3):
        assert bucket.wait_time(0.0) == 0.0
        bucket.take()
    assert bucket.wait_time(0.0) == pytest.approx(0.5)
    assert bucket.wait_time(0.5) == 0.0


def test_per_chat_limit_allows_a_burst_then_one_per_second() -> None:
    clock = ManualClock()
    limiter = SendRateLimiter(RateLimits(per_chat_per_second=1, per_chat_burst=3), clock=clock)
    assert [limiter.acquire(1, is_group=False, paid=False) for _ in range(3)] == [None] * 3
    assert limiter.acquire(1, is_group=False, paid=False) == 1
    assert limiter.acquire(2, is_group=False, paid=False) is None  # other chats are unaffected
    clock.now = 1.0
    assert limiter.acquire(1, is_group=False, paid=False) is None


def test_a_sender_pacing_itself_at_30_per_second_is_never_refused() -> None:
    clock = ManualClock()
    limiter = SendRateLimiter(RateLimits(), clock=clock)
    # aiolimiter's AsyncLimiter(30, 1) lets 30 through at once, then one every 1/30 s.
    for i in range(30):
        assert limiter.acquire(i, is_group=False, paid=False) is None
    for i in range(30, 330):
        clock.now = (i - 29) / 30
        assert limiter.acquire(i, is_group=False, paid=False) is None


def test_broadcast_limit_and_paid_broadcast() -> None:
    clock = ManualClock()
    limiter = SendRateLimiter(RateLimits(broadcast_burst=30), clock=clock)
    results = [limiter.acquire(i, is_group=False, paid=False) for i in range(31)]
    assert results[:30] == [None] * 30
    assert results[30] == 1
    # allow_paid_broadcast draws from its own 1000/s bucket
    paid = [limiter.acquire(1000 + i, is_group=False, paid=True) for i in range(1000)]
    assert paid == [None] * 1000


def test_group_limit_is_20_per_minute() -> None:
    clock = ManualClock()
    limiter = SendRateLimiter(RateLimits(per_chat_burst=100, per_chat_per_second=100), clock=clock)
    assert [limiter.acquire(-1, is_group=True, paid=False) for _ in range(20)] == [None] * 20
    assert limiter.acquire(-1, is_group=True, paid=False) == 3  # one token per 3 s


async def test_429_over_http_has_retry_after(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.set_rate_limits(per_chat_per_second=1, per_chat_burst=2)
    statuses = [(await api.call("sendMessage", chat_id=USER_ID, text="x")).status for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = await api.call("sendMessage", chat_id=USER_ID, text="x")
    assert refused.body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }
    assert refused.headers["Retry-After"] == "1"
    emu.set_rate_limits(enabled=False)
    assert (await api.call("sendMessage", chat_id=USER_ID, text="x")).status == 200


# -- faults ------------------------------------------------------------------------------------


async def test_fail_next_429_times_then_success(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.fail_next("sendMessage", error_code=429, retry_after=7, times=2)
    first = await api.call("sendMessage", chat_id=USER_ID, text="x")
    assert first.body["parameters"] == {"retry_after": 7}
    assert first.headers["Retry-After"] == "7"
    assert (await api.call("getMe")).status == 200  # other methods are unaffected
    assert (await api.call("SENDMESSAGE", chat_id=USER_ID, text="x")).status == 429
    assert (await api.call("sendMessage", chat_id=USER_ID, text="x")).status == 200
    assert len(emu.chat(USER_ID).bot_messages) == 1  # failed calls send nothing


@pytest.mark.parametrize(
    ("code", "description"),
    [
        (500, "Internal Server Error"),
        (502, "Bad Gateway"),
        (403, "Forbidden: bot was blocked by the user"),
    ],
)
async def test_fail_next_error_codes(
    api: BotApiClient, emu: BotApiEmulator, code: int, description: str
) -> None:
    emu.fail_next("sendMessage", error_code=code)
    reply = await api.call("sendMessage", chat_id=USER_ID, text="x")
    assert (reply.status, reply.description) == (code, description)


async def test_fail_next_for_one_chat(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.add_user(2002, "Grace")
    emu.fail_next("sendMessage", error_code=403, chat_id=2002)
    assert (await api.call("sendMessage", chat_id=USER_ID, text="x")).status == 200
    assert (await api.call("sendMessage", chat_id=2002, text="x")).status == 403
    assert (await api.call("sendMessage", chat_id=2002, text="x")).status == 200


async def test_wildcard_and_clear(api: BotApiClient, emu: BotApiEmulator) -> None:
    emu.fail_next("*", error_code=500, times=5)
    assert (await api.call("getMe")).status == 500
    emu.clear_faults()
    assert (await api.call("getMe")).status == 200


@pytest.mark.parametrize("deliver", [True, False])
async def test_delay_next_makes_the_client_time_out(emu: BotApiEmulator, deliver: bool) -> None:
    emu.delay_next("sendMessage", seconds=2.0, deliver=deliver)
    timeout = aiohttp.ClientTimeout(total=0.2)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        with pytest.raises(asyncio.TimeoutError):
            await session.post(
                f"{emu.api_url}/sendMessage", data={"chat_id": USER_ID, "text": "late"}
            )
    await emu.wait_for(lambda: len(emu.requests_for("sendMessage")) == 1)
    assert [m.text for m in emu.chat(USER_ID).bot_messages] == (["late"] if deliver else [])
    assert emu.requests_for("sendMessage")[0].status == 499  # the client closed the connection


async def test_delay_next_answers_late_when_the_client_waits(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    emu.delay_next("sendMessage", seconds=0.05, deliver=False)
    reply = await api.call("sendMessage", chat_id=USER_ID, text="lost")
    assert (reply.status, reply.description) == (502, "Bad Gateway")
    assert emu.chat(USER_ID).bot_messages == []
