"""The sandbox as one object: a throw-away database, the embedded Bot API emulator, the real
Gut Check application polling it, and the web server for the chat page."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
import tempfile
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from bot.app import GutCheckApp, build_application, runtime
from bot.lifecycle import running
from bot.services.delivery_loop import DeliveryLoop as Dispatcher
from bot.settings import Settings
from models.db import Database
from models.migrate import upgrade
from sandbox.clock import SandboxClock
from sandbox.emulator import BotApiEmulator
from sandbox.emulator.lifecycle import StartsAndStops
from sandbox.time_travel import TimeMachine
from sandbox.world import SIMULATED_USERS

logger = logging.getLogger(__name__)

# Well-formed (the emulator and the settings check the shape) but never valid at Telegram.
SANDBOX_TOKEN = "123456789:SANDBOX-not-a-real-telegram-bot-token"
BOT_USERNAME = "GutCheckBot"
BOT_NAME = "Gut Check"
DATABASE_FILE = "sandbox.db"
# Real time keeps flowing in the sandbox; a short tick sends what falls due within seconds.
TICK_SECONDS = 5.0
POLL_SECONDS = 10


class SandboxSettings(Settings):
    """Settings that come only from the sandbox, never from the environment or ``.env``:
    the sandbox must not pick up the real bot's token or DATABASE_URL."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


@dataclass(frozen=True)
class SandboxOptions:
    host: str = "127.0.0.1"
    port: int = 8080
    # Where to keep the database; None: a temporary file, deleted when the sandbox stops.
    keep_db: Path | None = None
    log_level: str = "INFO"


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path.resolve()}"


def sandbox_settings(emulator: BotApiEmulator, database_url: str, log_level: str) -> Settings:
    values: dict[str, Any] = {
        "telegram_bot_token": SANDBOX_TOKEN,
        "telegram_base_url": emulator.base_url,
        "telegram_base_file_url": emulator.base_file_url,
        "database_url": database_url,
        "log_level": log_level,
        "scheduler_tick_seconds": TICK_SECONDS,
        "send_workers": 4,
        "auto_migrate": False,
    }
    return SandboxSettings(**values)


class Sandbox(StartsAndStops):
    """``async with Sandbox(options) as sandbox:`` serves the page at ``sandbox.url``."""

    def __init__(self, options: SandboxOptions, *, clock: SandboxClock | None = None) -> None:
        self.options = options
        self.clock = clock or SandboxClock()
        self.emulator = BotApiEmulator(
            token=SANDBOX_TOKEN,
            bot_username=BOT_USERNAME,
            bot_first_name=BOT_NAME,
            clock=self.clock,
            # Telegram's flood limits count real seconds; time travel squeezes days of
            # simulated messages into a few real ones, which no real chat would ever see.
            enforce_rate_limits=False,
        )
        self.time_machine = TimeMachine(
            self.clock,
            lambda: self.database,
            lambda: self.dispatcher,
            lambda user_id: self.emulator.chat(user_id).sent_by_bot,
            on_jump=self.emulator.activity.poke,
        )
        self.database_path: Path | None = None
        self._application: GutCheckApp | None = None
        self._site: web.TCPSite | None = None
        self._runner: web.AppRunner | None = None
        self._exit_stack = AsyncExitStack()

    # -- what the API needs ----------------------------------------------------------------

    @property
    def application(self) -> GutCheckApp:
        if self._application is None:
            raise RuntimeError("the sandbox is not running")
        return self._application

    @property
    def database(self) -> Database:
        services = runtime(self.application).services
        if services is None:
            raise RuntimeError("the bot has not started its services yet")
        return services.db

    @property
    def dispatcher(self) -> Dispatcher:
        dispatcher = runtime(self.application).dispatcher
        if dispatcher is None:
            raise RuntimeError("the bot has not started its dispatcher yet")
        return dispatcher

    @property
    def throw_away(self) -> bool:
        return self.options.keep_db is None

    @property
    def port(self) -> int:
        if self._runner is None:
            raise RuntimeError("the sandbox is not running")
        return int(self._runner.addresses[0][1])

    @property
    def url(self) -> str:
        # A wildcard address is where the server listens, not where a browser can go.
        shown = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(
            self.options.host, self.options.host
        )
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{self.port}"

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        stack = self._exit_stack
        try:
            self.database_path = self._prepare_database_file(stack)
            url = sqlite_url(self.database_path)
            await asyncio.to_thread(upgrade, url)
            await self.emulator.start()
            stack.push_async_callback(self.emulator.stop)
            for user in SIMULATED_USERS:
                self.emulator.add_user(
                    user.user_id,
                    first_name=user.first_name,
                    last_name=user.last_name,
                    username=user.username,
                    language_code=user.language_code,
                )
            settings = sandbox_settings(self.emulator, url, self.options.log_level)
            # Like the emulator's flood limits: time travel sends days of a chat's messages in
            # a few real seconds, which no real chat would ever see.
            self._application = build_application(settings, clock=self.clock, per_chat_limit=False)
            # A long poll answers at once when a user acts; a long timeout only saves idle requests.
            await stack.enter_async_context(running(self._application, poll_timeout=POLL_SECONDS))
            await self._serve_page(stack)
        except BaseException:
            await stack.aclose()
            raise

    def _prepare_database_file(self, stack: AsyncExitStack) -> Path:
        kept = self.options.keep_db
        if kept is not None:
            kept.expanduser().parent.mkdir(parents=True, exist_ok=True)
            return kept.expanduser()
        folder = Path(tempfile.mkdtemp(prefix="gutcheck-sandbox-"))
        # Registered first, so it runs last: after the bot has closed the database.
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        return folder / DATABASE_FILE

    async def _serve_page(self, stack: AsyncExitStack) -> None:
        from sandbox.web import build_web_app

        self._runner = web.AppRunner(
            build_web_app(self), access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        stack.push_async_callback(self._runner.cleanup)
        self._site = web.TCPSite(self._runner, self.options.host, self.options.port)
        await self._site.start()

    async def stop(self) -> None:
        # Answer the page's pending long polls now rather than at their timeout.
        self.emulator.activity.poke()
        await self._exit_stack.aclose()
        self._application = None


async def serve_until_stopped(
    options: SandboxOptions, *, open_browser: bool = False, announcement: str | None = None
) -> None:
    """Run the sandbox until SIGINT or SIGTERM (the ``gutcheck sandbox`` command).

    Prints one line once the page is being served: ``announcement`` with ``{url}`` filled in,
    or the address and how to stop.
    """
    import signal
    import webbrowser

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # not on Windows
            loop.add_signal_handler(signum, stop.set)
    async with Sandbox(options) as sandbox:
        if announcement is None:
            kept = "" if sandbox.throw_away else f"; database kept in {sandbox.database_path}"
            announcement = "Gut Check sandbox: {url} (Ctrl+C to stop" + kept + ")"
        print(announcement.replace("{url}", sandbox.url), flush=True)
        if open_browser:
            await asyncio.to_thread(webbrowser.open, sandbox.url)
        await stop.wait()
