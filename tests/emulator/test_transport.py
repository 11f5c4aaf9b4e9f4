"""The HTTP contract: URLs, tokens, encodings, the envelope, unknown methods and parameters (§1)."""

from __future__ import annotations

import aiohttp
import pytest

from sandbox.emulator import BotApiEmulator
from tests.emulator.conftest import USER_ID, BotApiClient


async def raw(method: str, url: str, **kwargs: object) -> tuple[int, dict]:
    async with (
        aiohttp.ClientSession() as session,
        session.request(method, url, **kwargs) as response,
    ):  # type: ignore[arg-type]
        assert response.headers["Content-Type"].startswith("application/json")
        return response.status, await response.json()


@pytest.mark.parametrize(
    ("token", "status", "description"),
    [
        ("123456:TEST-token", 200, None),
        ("654321:TEST-token", 401, "Unauthorized"),
        ("123456:wrong", 401, "Unauthorized"),
        ("no-colon", 401, "Unauthorized: invalid token specified"),
        ("0123:abc", 401, "Unauthorized: invalid token specified"),
        ("abc:def", 401, "Unauthorized: invalid token specified"),
        ("1:" + "x" * 80, 401, "Unauthorized: invalid token specified"),
    ],
)
async def test_tokens(
    emu: BotApiEmulator, token: str, status: int, description: str | None
) -> None:
    code, body = await raw("POST", f"{emu.base_url}{token}/getMe")
    assert code == status
    if description is not None:
        assert body == {"ok": False, "error_code": 401, "description": description}


async def test_get_me(api: BotApiClient) -> None:
    me = (await api.call("getMe")).result
    assert (me["id"], me["is_bot"], me["username"]) == (123456, True, "GutCheckBot")


@pytest.mark.parametrize("name", ["getMe", "getme", "GETME", "GeTmE"])
async def test_method_names_are_case_insensitive(emu: BotApiEmulator, name: str) -> None:
    assert (await raw("GET", f"{emu.api_url}/{name}"))[0] == 200


async def test_all_parameter_encodings(emu: BotApiEmulator) -> None:
    url = f"{emu.api_url}/sendMessage"
    markup = '{"inline_keyboard":[[{"text":"A","callback_data":"a"}]]}'
    query = await raw(
        "GET", url, params={"chat_id": USER_ID, "text": "query", "reply_markup": markup}
    )
    form = await raw("POST", url, data={"chat_id": USER_ID, "text": "form", "reply_markup": markup})
    as_json = await raw(
        "POST",
        url,
        json={
            "chat_id": USER_ID,
            "text": "json",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        },
    )
    multipart = aiohttp.FormData()
    multipart.add_field("chat_id", str(USER_ID))
    multipart.add_field("text", "multipart")
    multipart.add_field("reply_markup", markup)
    multi = await raw("POST", url, data=multipart)
    for (status, body), text in (
        (query, "query"),
        (form, "form"),
        (as_json, "json"),
        (multi, "multipart"),
    ):
        assert status == 200, body
        assert body["result"]["text"] == text
        assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"


async def test_unknown_and_unimplemented_methods(emu: BotApiEmulator) -> None:
    assert await raw("POST", f"{emu.api_url}/sendTelepathy") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    status, body = await raw("POST", f"{emu.api_url}/sendPoll")  # in the spec, not emulated
    assert status == 501
    assert "sendPoll is not supported" in body["description"]
    assert (await raw("GET", f"{emu.api_url}"))[0] == 404
    assert await raw("GET", f"{emu.root_url}/somewhere/else") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found"},
    )


async def test_parameters_are_checked_against_the_spec(api: BotApiClient) -> None:
    typo = await api.call("sendMessage", chat_id=USER_ID, text="x", parse_mod="HTML")
    assert typo.status == 400
    assert typo.description == 'Bad Request: unknown parameter "parse_mod" for method sendMessage'
    missing = await api.call("getChat")
    assert missing.description == "Bad Request: chat_id is empty"
    no_url = await api.call("setWebhook")
    assert no_url.description == 'Bad Request: parameter "url" is required'


async def test_lenient_mode_ignores_unknown_parameters() -> None:
    async with (
        BotApiEmulator(strict_parameters=False) as emu,
        aiohttp.ClientSession() as session,
        session.post(f"{emu.api_url}/getMe", data={"whatever": "1"}) as response,
    ):
        assert response.status == 200


async def test_requests_are_recorded(api: BotApiClient, emu: BotApiEmulator) -> None:
    await api.call("sendMessage", chat_id=USER_ID, text="hello")
    await api.call("sendMessage", chat_id=999, text="nobody")
    first, second = emu.requests_for("SENDMESSAGE")
    assert (first.method, first.status, first.params["text"]) == ("sendMessage", 200, "hello")
    assert (second.status, second.response["description"]) == (400, "Bad Request: chat not found")
    assert emu.stats()["statuses"] == {"200": 1, "400": 1}


async def test_oversized_json_body_is_413(emu: BotApiEmulator) -> None:
    status, body = await raw(
        "POST", f"{emu.api_url}/sendMessage", json={"chat_id": USER_ID, "text": "x" * (52 << 20)}
    )
    assert (status, body["description"]) == (413, "Request Entity Too Large")
