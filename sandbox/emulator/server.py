"""The HTTP side of the Bot API: ``/bot<token>/<method>`` and ``/file/bot<token>/<path>``.

Every call goes through :meth:`BotApiServer.handle_call`: token check, parameter decoding,
method lookup (case-insensitive, as on the real server), spec-based parameter checks, injected
faults, the method itself, the JSON envelope and the request log. The hot path (sendMessage at
1,000+/s) is kept free of anything that is not needed when recording is off.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from typing import Any

from aiohttp import web

from sandbox.emulator.api_common import ApiContext, MethodHandler
from sandbox.emulator.errors import (
    ApiError,
    bad_gateway,
    bad_request,
    internal_server_error,
    invalid_token,
    method_not_found,
    not_found,
    unauthorized,
)
from sandbox.emulator.faults import FaultInjector
from sandbox.emulator.params import RequestParams, read_params
from sandbox.emulator.records import RecordedRequest
from sandbox.emulator.spec import BotApiSpec

logger = logging.getLogger(__name__)

# telegram-bot-api ClientManager: "<bot id>:<secret>", no leading zero, at most 80 characters.
_TOKEN_FORMAT = re.compile(r"[1-9][0-9]*:[^/]+")
_MAX_TOKEN_LENGTH = 80
# Required parameters whose absence the method reports itself, with the server's own wording.
_REQUIRED_CHECKED_BY_METHOD = frozenset(
    {
        "chat_id",
        "text",
        "message_id",
        "photo",
        "document",
        "callback_query_id",
        "file_id",
        "action",
        "commands",
    }
)
CLIENT_CLOSED_REQUEST = 499  # nginx's code, for calls whose client went away before the answer


def json_response(
    status: int, payload: dict[str, Any], *, retry_after: int | None = None
) -> web.Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    return web.Response(body=body, status=status, content_type="application/json", headers=headers)


def error_response(error: ApiError) -> web.Response:
    return json_response(error.error_code, error.to_payload(), retry_after=error.retry_after)


def is_well_formed_token(token: str) -> bool:
    return len(token) <= _MAX_TOKEN_LENGTH and _TOKEN_FORMAT.fullmatch(token) is not None


class BotApiServer:
    def __init__(
        self,
        *,
        token: str,
        context: ApiContext,
        handlers: dict[str, MethodHandler],
        spec: BotApiSpec,
        faults: FaultInjector,
        record_requests: bool,
    ) -> None:
        self.token = token
        self.ctx = context
        self.handlers = handlers
        self.spec = spec
        self.faults = faults
        self.record_requests = record_requests

    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self.handle_call)
        app.router.add_route("*", "/bot{token}", self.handle_missing_method)
        app.router.add_route("*", "/bot{token}/", self.handle_missing_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self.handle_file_download)

    async def handle_missing_method(self, request: web.Request) -> web.Response:
        return error_response(method_not_found())

    def _check_token(self, token: str) -> None:
        if not is_well_formed_token(token):
            raise invalid_token()
        if token != self.token:
            raise unauthorized()

    def _canonical_name(self, method: str, as_called: str) -> str:
        spec = self.spec.methods.get(method)
        return spec.name if spec is not None else as_called

    async def handle_call(self, request: web.Request) -> web.Response:
        as_called = request.match_info["method"]
        method = as_called.lower()
        params: RequestParams | None = None
        retry_after: int | None = None
        # Stays 499 only if the handler is cancelled because the client hung up.
        status = CLIENT_CLOSED_REQUEST
        payload: dict[str, Any] = {"ok": False, "description": "client closed the connection"}
        try:
            self._check_token(request.match_info["token"])
            params = await read_params(request)
            result = await self._execute(method, params)
            status, payload = 200, {"ok": True, "result": result}
        except ApiError as error:
            status, payload, retry_after = error.error_code, error.to_payload(), error.retry_after
        except Exception:
            logger.exception("emulator failure in %s", as_called)
            failure = internal_server_error("the emulator failed; see its log")
            status, payload = failure.error_code, failure.to_payload()
        finally:
            self._log_call(self._canonical_name(method, as_called), params, status, payload)
        return json_response(status, payload, retry_after=retry_after)

    async def _execute(self, method: str, params: RequestParams) -> Any:
        handler = self.handlers.get(method)
        if handler is None:
            spec = self.spec.methods.get(method)
            if spec is not None:
                raise ApiError(
                    501,
                    f"Not Implemented: {spec.name} is not supported by the Gut Check Bot API "
                    "emulator",
                )
            raise method_not_found()
        if self.ctx.settings.strict_parameters:
            self._check_parameters(method, params)

        delay = None
        if self.faults.active:
            chat_id = params.raw("chat_id")
            failure = self.faults.take_failure(method, chat_id)
            if failure is not None:
                raise failure
            delay = self.faults.take_delay(method, chat_id)
            if delay is not None and not delay.deliver:
                # The call is lost upstream: nothing happens, the gateway gives up late.
                await asyncio.sleep(delay.delay_seconds)
                raise bad_gateway()

        result = await handler(params)
        if delay is not None:
            await asyncio.sleep(delay.delay_seconds)  # done, but the answer comes late
        return result

    def _log_call(
        self, method: str, params: RequestParams | None, status: int, payload: dict[str, Any]
    ) -> None:
        self.ctx.state.count_request(method, status)
        if self.record_requests:
            self.ctx.state.requests.append(
                RecordedRequest(
                    method=method,
                    params=params.loggable() if params is not None else {},
                    status=status,
                    response=payload,
                    at=time.time(),
                )
            )
        self.ctx.activity.poke()

    def _check_parameters(self, method: str, params: RequestParams) -> None:
        spec = self.spec.methods.get(method)
        if spec is None:
            return
        for name in params.values:
            if name not in spec.parameters:
                # The real server ignores unknown parameters; failing loudly catches typos.
                raise bad_request(f'unknown parameter "{name}" for method {spec.name}')
        for name in spec.required_parameters:
            if name not in params and name not in _REQUIRED_CHECKED_BY_METHOD:
                raise bad_request(f'Parameter "{name}" is required')

    async def handle_file_download(self, request: web.Request) -> web.StreamResponse:
        try:
            self._check_token(request.match_info["token"])
        except ApiError as error:
            return error_response(error)
        stored = self.ctx.state.files_by_path.get(request.match_info["path"])
        if stored is None or stored.data is None:
            return error_response(not_found())
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )
