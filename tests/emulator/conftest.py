"""Fixtures: a running emulator with one user, and a raw Bot API client for it."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from sandbox.emulator import BotApiEmulator

USER_ID = 1001


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def result(self) -> Any:
        assert self.body["ok"] is True, self.body
        return self.body["result"]

    @property
    def description(self) -> str:
        assert self.body["ok"] is False, self.body
        return str(self.body["description"])


class BotApiClient:
    """Calls the emulator the way PTB does: form-encoded, nested objects as JSON strings."""

    def __init__(self, session: aiohttp.ClientSession, emu: BotApiEmulator) -> None:
        self.session = session
        self.emu = emu

    async def _reply(self, response: aiohttp.ClientResponse) -> Reply:
        body = await response.json(content_type=None)
        return Reply(response.status, body, dict(response.headers))

    async def call(self, method: str, **params: Any) -> Reply:
        form = {
            name: value if isinstance(value, str) else json.dumps(value)
            for name, value in params.items()
            if value is not None
        }
        async with self.session.post(f"{self.emu.api_url}/{method}", data=form) as response:
            return await self._reply(response)

    async def call_json(self, method: str, payload: dict[str, Any]) -> Reply:
        async with self.session.post(f"{self.emu.api_url}/{method}", json=payload) as response:
            return await self._reply(response)

    async def get(self, path: str, **query: str) -> Reply:
        async with self.session.get(f"{self.emu.root_url}{path}", params=query) as response:
            return await self._reply(response)

    async def upload(
        self, method: str, files: dict[str, tuple[str, bytes, str]], **params: Any
    ) -> Reply:
        form = aiohttp.FormData()
        for name, value in params.items():
            form.add_field(name, value if isinstance(value, str) else json.dumps(value))
        for name, (filename, data, content_type) in files.items():
            form.add_field(name, data, filename=filename, content_type=content_type)
        async with self.session.post(f"{self.emu.api_url}/{method}", data=form) as response:
            return await self._reply(response)

    async def control(
        self, http_method: str, path: str, payload: Any = None, **query: str
    ) -> Reply:
        url = f"{self.emu.control_url}{path}"
        async with self.session.request(http_method, url, json=payload, params=query) as response:
            return await self._reply(response)


@pytest.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator() as emulator:
        emulator.add_user(USER_ID, "Ada", username="ada")
        yield emulator


@pytest.fixture
async def api(emu: BotApiEmulator) -> AsyncIterator[BotApiClient]:
    async with aiohttp.ClientSession() as session:
        yield BotApiClient(session, emu)
