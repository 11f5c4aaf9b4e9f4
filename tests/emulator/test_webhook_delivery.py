"""Webhook delivery (LIMITS.md §12): updates are POSTed with the secret header to each
registered worker in turn, as a load balancer would; non-2xx answers are repeated; getUpdates
answers 409 while a webhook is set."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient

SECRET = "s3cret_token-1"


@dataclass
class Worker:
    name: str
    fail_next: int = 0
    received: list[tuple[dict[str, Any], str | None]] = field(default_factory=list)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((body, request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        if self.fail_next:
            self.fail_next -= 1
            return web.Response(status=500)
        return web.Response(status=200)


@pytest.fixture
async def workers() -> AsyncIterator[list[Worker]]:
    runners: list[web.AppRunner] = []
    found: list[Worker] = []
    for name in ("a", "b"):
        worker = Worker(name)
        app = web.Application()
        app.router.add_post("/telegram", worker.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        worker.url = f"http://127.0.0.1:{runner.addresses[0][1]}/telegram"
        found.append(worker)
    yield found
    for runner in runners:
        await runner.cleanup()


async def _set_webhook(api: BotApiClient, emu: BotApiEmulator, workers: list[Worker]) -> None:
    emu.set_webhook_targets([w.url for w in workers], first_retry_seconds=0.05)
    reply = await api.call(
        "setWebhook",
        url="https://bot.example.org/telegram",
        secret_token=SECRET,
        max_connections=1,
        allowed_updates=["message", "callback_query"],
    )
    assert reply.result is True


def _texts(worker: Worker) -> list[str]:
    return [body["message"]["text"] for body, _ in worker.received]


async def test_updates_go_to_each_worker_in_turn_with_the_secret(
    api: BotApiClient, emu: BotApiEmulator, workers: list[Worker]
) -> None:
    await _set_webhook(api, emu, workers)
    for text in ("one", "two", "three", "four"):
        emu.send_message(USER_ID, text)
    await emu.wait_for(lambda: emu.updates_pending == 0)
    a, b = workers
    assert _texts(a) == ["one", "three"]
    assert _texts(b) == ["two", "four"]
    assert {secret for w in workers for _, secret in w.received} == {SECRET}
    info = (await api.call("getWebhookInfo")).result
    assert info["pending_update_count"] == 0
    assert info["max_connections"] == 1
    assert info["allowed_updates"] == ["message", "callback_query"]
    assert "last_error_date" not in info


async def test_a_refused_update_is_repeated_until_a_worker_takes_it(
    api: BotApiClient, emu: BotApiEmulator, workers: list[Worker]
) -> None:
    a, b = workers
    a.fail_next = 1
    await _set_webhook(api, emu, workers)
    emu.send_message(USER_ID, "hello")
    await emu.wait_for(lambda: emu.updates_pending == 0)
    assert _texts(a) == ["hello"]  # answered 500: not delivered
    assert _texts(b) == ["hello"]  # the repeat, at the next worker
    info = (await api.call("getWebhookInfo")).result
    assert info["last_error_message"] == "Wrong response from the webhook: 500"
    assert emu.webhook_status()["answers"] == {"500": 1, "200": 1}


async def test_updates_wait_while_no_worker_answers(
    api: BotApiClient, emu: BotApiEmulator, workers: list[Worker]
) -> None:
    for worker in workers:
        worker.fail_next = 3
    await _set_webhook(api, emu, workers)
    emu.send_message(USER_ID, "patience")
    await emu.wait_for(lambda: emu.updates_pending == 0, timeout=10)
    assert sum(len(w.received) for w in workers) == 7  # six refusals, then delivered


async def test_get_updates_is_refused_while_the_webhook_delivers(
    api: BotApiClient, emu: BotApiEmulator, workers: list[Worker]
) -> None:
    await _set_webhook(api, emu, workers)
    refused = await api.call("getUpdates")
    assert refused.status == 409
    assert (await api.call("deleteWebhook")).result is True
    emu.send_message(USER_ID, "polled")
    await asyncio.sleep(0.1)
    assert [u["message"]["text"] for u in (await api.call("getUpdates")).result] == ["polled"]
    assert all(_texts(w) == [] for w in workers)


async def test_set_webhook_checks_port_and_max_connections(api: BotApiClient) -> None:
    port = await api.call("setWebhook", url="https://bot.example.org:9000/telegram")
    assert port.description == (
        "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
    )
    ok = await api.call("setWebhook", url="https://bot.example.org:8443/telegram")
    assert ok.result is True
    too_many = await api.call(
        "setWebhook", url="https://bot.example.org/telegram", max_connections=101
    )
    assert too_many.status == 400


async def test_targets_over_the_control_api(api: BotApiClient, workers: list[Worker]) -> None:
    reply = await api.control(
        "POST", "/webhook/targets", {"targets": [w.url for w in workers], "first_retry_seconds": 0}
    )
    assert reply.result["targets"] == [w.url for w in workers]
    assert (await api.control("GET", "/webhook")).result["active"] is False
    bad = await api.control("POST", "/webhook/targets", {"targets": ["ftp://x"]})
    assert bad.status == 400
