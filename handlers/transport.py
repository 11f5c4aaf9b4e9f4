"""A python-telegram-bot request class on aiohttp's HTTP client.

The fan-out is CPU-bound in the HTTP client: with PTB's default httpx transport one send cost
several milliseconds of event-loop time (connection-pool bookkeeping, per-request import
look-ups), which capped the bot far below Telegram's paid-broadcast rate on one core.
aiohttp's client does the same work in a fraction of that (see bench/README.md).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData


def _value(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value


class AiohttpRequest(BaseRequest):
    """``BaseRequest`` over one shared ``aiohttp.ClientSession``."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_on_flood_wait",
        "_pool_size",
        "_pool_timeout",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        *,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        on_flood_wait: Callable[[], None] | None = None,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        # Told about every 429 answer (the metrics count them).
        self._on_flood_wait = on_flood_wait

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data else None
        connect = _value(connect_timeout, self._connect_timeout)
        waiting = _value(pool_timeout, self._pool_timeout)
        # aiohttp has no separate write timeout: sending is bounded by the connection and the
        # answer by sock_read, which for getUpdates PTB stretches by the long-poll timeout.
        timeout = aiohttp.ClientTimeout(
            total=None,
            # aiohttp counts waiting for a pooled connection as part of connecting.
            connect=None if connect is None else connect + (waiting or 0),
            sock_connect=connect,
            sock_read=_value(read_timeout, self._read_timeout),
        )
        body: aiohttp.FormData | bytes | None = None
        headers = {"User-Agent": self.USER_AGENT}
        if request_data is not None and not files:
            # One JSON document (nested objects as objects, as Telegram reads them): cheaper to
            # build than a urlencoded form, which encodes every value and then quotes it.
            body = json.dumps(request_data.parameters).encode()
            headers["Content-Type"] = "application/json"
        elif request_data is not None and files:
            form = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                form.add_field(name, value)
            for name, (filename, content, mime_type) in files.items():
                form.add_field(name, content, filename=filename, content_type=mime_type)
            body = form
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                timeout=timeout,
                headers=headers,
            ) as response:
                if response.status == 429 and self._on_flood_wait is not None:
                    self._on_flood_wait()
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error
