"""sendPhoto/sendDocument uploads, file ids, getFile and downloads (LIMITS.md §8); bot
commands and descriptions (§2, §7)."""

from __future__ import annotations

import struct
import zlib

import aiohttp
import pytest

from sandbox.emulator import BotApiEmulator
from sandbox.emulator.images import image_size, make_png
from tests.emulator.conftest import USER_ID, BotApiClient


def png_header(width: int, height: int) -> bytes:
    """Just a PNG signature and IHDR: enough for the dimension checks, tiny on the wire."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )


def jpeg_header(width: int, height: int) -> bytes:
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x00" * 9 + sof


def test_image_size_reads_png_and_jpeg_headers() -> None:
    assert image_size(make_png(7, 3)) == (7, 3)
    assert image_size(png_header(9000, 1000)) == (9000, 1000)
    assert image_size(jpeg_header(640, 480)) == (640, 480)
    assert image_size(b"not an image") is None


async def upload_photo(api: BotApiClient, data: bytes, **params: str) -> tuple[int, dict]:
    reply = await api.upload(
        "sendPhoto", {"photo": ("p.png", data, "image/png")}, chat_id=str(USER_ID), **params
    )
    return reply.status, reply.body


async def test_send_photo_multipart_then_download(api: BotApiClient, emu: BotApiEmulator) -> None:
    data = make_png(1000, 500)
    status, body = await upload_photo(api, data, caption="Today")
    assert status == 200, body
    sizes = body["result"]["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [
        (90, 45),
        (320, 160),
        (800, 400),
        (1000, 500),
    ]
    message = emu.chat(USER_ID).last_bot_message
    assert message is not None
    assert message.photo == data
    assert message.caption == "Today"

    file_info = await api.call("getFile", file_id=sizes[-1]["file_id"])
    path = file_info.result["file_path"]
    async with aiohttp.ClientSession() as session:
        url = f"{emu.base_file_url}{emu.token}/{path}"
        async with session.get(url) as response:
            assert response.status == 200
            assert await response.read() == data
        async with session.get(f"{emu.base_file_url}{emu.token}/photos/nope.png") as response:
            assert response.status == 404


async def test_photo_file_id_can_be_reused(api: BotApiClient, emu: BotApiEmulator) -> None:
    _, body = await upload_photo(api, make_png(40, 30))
    largest, smallest = body["result"]["photo"][-1], body["result"]["photo"][0]
    for file_id in (largest["file_id"], smallest["file_id"]):
        again = await api.call("sendPhoto", chat_id=USER_ID, photo=file_id)
        assert again.status == 200, again.body
        assert again.result["photo"][-1]["file_id"] == largest["file_id"]
    unknown = await api.call("sendPhoto", chat_id=USER_ID, photo="AgACAgIAAx0Cunknown")
    assert unknown.description == "Bad Request: wrong file identifier/HTTP URL specified"
    missing = await api.call("sendPhoto", chat_id=USER_ID)
    assert missing.description == "Bad Request: there is no photo in the request"


@pytest.mark.parametrize(
    ("width", "height", "ok"),
    [
        (9000, 1000, True),  # width + height == 10000
        (9001, 1000, False),
        (2000, 100, True),  # ratio 20
        (2001, 100, False),
        (100, 2001, False),
    ],
)
async def test_photo_dimension_limits(api: BotApiClient, width: int, height: int, ok: bool) -> None:
    status, body = await upload_photo(api, png_header(width, height))
    if ok:
        assert status == 200, body
    else:
        assert (status, body["description"]) == (400, "Bad Request: PHOTO_INVALID_DIMENSIONS")


async def test_photo_must_be_an_image_of_at_most_10_mb(api: BotApiClient) -> None:
    status, body = await upload_photo(api, b"plain text, not an image")
    assert body["description"] == "Bad Request: IMAGE_PROCESS_FAILED"
    status, body = await upload_photo(api, png_header(10, 10) + b"\x00" * (10 * 1024 * 1024))
    assert (status, body["description"]) == (400, "Bad Request: file is too big")


async def test_send_document_with_attach_reference(api: BotApiClient, emu: BotApiEmulator) -> None:
    data = b"%PDF-1.4 weekly report"
    reply = await api.upload(
        "sendDocument",
        {"report": ("week.pdf", data, "application/pdf")},
        chat_id=str(USER_ID),
        document="attach://report",
    )
    document = reply.result["document"]
    assert (document["file_name"], document["mime_type"], document["file_size"]) == (
        "week.pdf",
        "application/pdf",
        len(data),
    )
    message = emu.chat(USER_ID).last_bot_message
    assert message is not None
    assert (message.document, message.document_name) == (data, "week.pdf")
    reused = await api.call("sendDocument", chat_id=USER_ID, document=document["file_id"])
    assert reused.status == 200
    as_photo = await api.call("sendPhoto", chat_id=USER_ID, photo=document["file_id"])
    assert as_photo.description == "Bad Request: can't use file of type Document as Photo"


async def test_upload_over_50_mb_is_refused(api: BotApiClient) -> None:
    reply = await api.upload(
        "sendDocument",
        {"document": ("big.bin", b"\x00" * (50 * 1024 * 1024 + 1), "application/octet-stream")},
        chat_id=str(USER_ID),
    )
    assert (reply.status, reply.body["description"]) == (413, "Request Entity Too Large")


async def test_get_file_errors(api: BotApiClient) -> None:
    assert (await api.call("getFile", file_id="nope")).description == "Bad Request: invalid file_id"


async def test_files_sent_by_users_can_be_downloaded(
    api: BotApiClient, emu: BotApiEmulator
) -> None:
    message = emu.send_document(USER_ID, "notes.txt", data=b"hello", mime_type="text/plain")
    info = await api.call("getFile", file_id=message["document"]["file_id"])
    async with aiohttp.ClientSession() as session:
        url = f"{emu.base_file_url}{emu.token}/{info.result['file_path']}"
        async with session.get(url) as response:
            assert await response.read() == b"hello"


# -- commands and descriptions ------------------------------------------------------------------


async def test_set_get_delete_my_commands(api: BotApiClient, emu: BotApiEmulator) -> None:
    commands = [
        {"command": "checkin", "description": "Log today"},
        {"command": "/help ", "description": " Help "},
    ]
    assert (await api.call("setMyCommands", commands=commands)).result is True
    expected = [
        {"command": "checkin", "description": "Log today"},
        {"command": "help", "description": "Help"},
    ]
    assert emu.commands == expected
    assert (await api.call("getMyCommands")).result == expected
    scoped = {"type": "chat", "chat_id": USER_ID}
    await api.call("setMyCommands", commands=commands[:1], scope=scoped, language_code="de")
    assert emu.commands_for(scoped, "de") == expected[:1]
    assert (await api.call("getMyCommands", scope=scoped)).result == []
    assert (await api.call("deleteMyCommands")).result is True
    assert emu.commands == []


async def test_a_chat_scope_needs_a_chat_the_bot_knows(api: BotApiClient) -> None:
    commands = [{"command": "admin", "description": "Counts"}]
    stranger = {"type": "chat", "chat_id": 987654321}
    reply = await api.call("setMyCommands", commands=commands, scope=stranger)
    assert (reply.status, reply.description) == (400, "Bad Request: chat not found")
    reply = await api.call("getMyCommands", scope=stranger)
    assert reply.status == 400


@pytest.mark.parametrize(
    ("commands", "description"),
    [
        ([{"command": f"c{i}", "description": "d"} for i in range(101)], "BOT_COMMANDS_TOO_MUCH"),
        ([{"command": "x" * 33, "description": "d"}], "command length must not exceed 32"),
        ([{"command": "", "description": "d"}], "command must be non-empty"),
        ([{"command": "Start", "description": "d"}], "BOT_COMMAND_INVALID"),
        ([{"command": "check-in", "description": "d"}], "BOT_COMMAND_INVALID"),
        ([{"command": "ok", "description": ""}], "command description must be non-empty"),
        (
            [{"command": "ok", "description": "d" * 257}],
            "command description length must not exceed 256",
        ),
    ],
)
async def test_set_my_commands_validation(
    api: BotApiClient, commands: list[dict[str, str]], description: str
) -> None:
    reply = await api.call("setMyCommands", commands=commands)
    assert (reply.status, reply.description) == (400, f"Bad Request: {description}")


async def test_command_limits_accept_the_maximum(api: BotApiClient) -> None:
    commands = [{"command": f"{'c' * 29}{i:03d}", "description": "d" * 256} for i in range(100)]
    assert (await api.call("setMyCommands", commands=commands)).status == 200


async def test_descriptions(api: BotApiClient) -> None:
    assert (await api.call("setMyDescription", description="d" * 512)).status == 200
    assert (await api.call("getMyDescription")).result == {"description": "d" * 512}
    assert (await api.call("setMyDescription", description="d" * 513)).status == 400
    assert (await api.call("setMyShortDescription", short_description="s" * 120)).status == 200
    assert (await api.call("setMyShortDescription", short_description="s" * 121)).status == 400
    assert (await api.call("getMyShortDescription")).result == {"short_description": "s" * 120}
