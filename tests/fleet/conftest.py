"""Workers of a fleet, in this process: real applications in webhook mode on one database,
behind the emulator playing Telegram and the load balancer."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bot.app import GutCheckApp, build_application, runtime
from bot.clock import FakeClock
from bot.fleet.serve import Listening, serve
from bot.services.container import Services
from models.migrate import upgrade
from sandbox.emulator import BotApiEmulator
from tests.e2e.harness import e2e_settings

PUBLIC_URL = "https://bot.example.org/telegram"


@dataclass
class Worker:
    app: GutCheckApp
    listening: Listening
    stop: asyncio.Event
    task: asyncio.Task[None]

    @property
    def webhook_url(self) -> str:
        assert self.listening.webhook is not None
        host, port = self.listening.webhook
        return f"http://{host}:{port}/telegram"

    @property
    def health_url(self) -> str:
        assert self.listening.health is not None
        host, port = self.listening.health
        return f"http://{host}:{port}"

    @property
    def services(self) -> Services:
        services = runtime(self.app).services
        assert services is not None
        return services


StartWorkers = Callable[..., Awaitable[list[Worker]]]


@asynccontextmanager
async def fleet(
    emulator: BotApiEmulator, clock: FakeClock, database_url: str, count: int, **overrides: Any
) -> AsyncIterator[list[Worker]]:
    await asyncio.to_thread(upgrade, database_url)
    workers: list[Worker] = []
    async with AsyncExitStack() as stack:
        for _ in range(count):
            settings = e2e_settings(
                emulator,
                database_url,
                webhook_url=PUBLIC_URL,
                webhook_listen="127.0.0.1",
                webhook_port=0,
                health_listen="127.0.0.1",
                health_port=0,
                **overrides,
            )
            app = build_application(settings, clock=clock)
            listening, stop = Listening(), asyncio.Event()
            task = asyncio.create_task(serve(app, webhook=True, stop=stop, listening=listening))
            worker = Worker(app, listening, stop, task)
            stack.push_async_callback(_stop, worker)
            await asyncio.wait_for(listening.ready.wait(), 30)
            workers.append(worker)
        emulator.set_webhook_targets([w.webhook_url for w in workers], first_retry_seconds=0.05)
        yield workers


async def _stop(worker: Worker) -> None:
    worker.stop.set()
    await asyncio.wait_for(worker.task, 30)
