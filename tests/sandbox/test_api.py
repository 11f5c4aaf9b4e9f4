"""The sandbox API without a browser: users, messages, time travel, the throw-away database."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from models.entities import Schedule
from sandbox import Sandbox, SandboxOptions
from tests.sandbox.helpers import (
    ADA,
    BEN,
    NEW_YORK,
    START,
    ApiFailure,
    frozen_clock,
    sandbox_client,
)

SETTLE = timedelta(seconds=5)


async def test_state_lists_users_commands_places_and_the_simulated_time() -> None:
    async with sandbox_client() as client:
        state = await client.get("/api/state")
        assert [user["first_name"] for user in state["users"]] == ["Ada", "Ben", "Chloe"]
        assert state["clock"]["now"] == START.isoformat()
        assert {c["command"] for c in state["commands"]} >= {"start", "checkin", "settings"}
        assert any(place["name"] == "São Paulo" for place in state["places"])
        assert state["database"] == {"throw_away": True, "path": None}
        ada = state["users"][0]
        assert ada["onboarded"] is False
        slots = {slot["slot"]: slot for slot in ada["slots"]}
        assert set(slots) >= {"morning", "evening", "weekly"}
        assert slots["morning"]["next_due_at"] is None
        assert "send /start" in slots["morning"]["why_not"]


async def test_the_page_and_its_scripts_are_served() -> None:
    async with sandbox_client() as client:
        for path in ("/", "/static/sandbox.js", "/static/render.js", "/static/sandbox.css"):
            async with client.http.get(client.sandbox.url + path) as response:
                assert response.status == 200, path
                assert response.headers["Cache-Control"] == "no-store"
        async with client.http.get(client.sandbox.url + "/") as response:
            assert "Gut Check sandbox" in await response.text()


async def test_onboarding_then_time_travel_sends_the_morning_checkin_at_simulated_time() -> None:
    async with sandbox_client() as client:
        await client.onboard(ADA)
        user = await client.get(f"/api/users/{ADA}")
        assert user["timezone"] == "Europe/Berlin"
        slots = {slot["slot"]: slot["next_due_at"] for slot in user["slots"]}
        morning_due = datetime.fromisoformat(slots["morning"])
        assert morning_due == datetime(2025, 6, 2, 5, 30, tzinfo=UTC)  # 07:30 in Berlin

        result = await client.travel(slot="morning", user_id=ADA)
        assert result["trip"]["sent"] == 1
        assert datetime.fromisoformat(result["clock"]["now"]) == morning_due + SETTLE
        checkin = client.bot_messages(ADA)[-1]
        assert "Good morning, Ada" in (checkin.text or "")
        assert checkin.date == morning_due + SETTLE  # the emulator dates it in simulated time
        saved = await client.tap(ADA, "7.5")
        assert "Morning check-in saved" in (saved.text or "")

        result = await client.travel(slot="evening", user_id=ADA)
        assert "Evening check-in" in (client.bot_messages(ADA)[-1].text or "")
        assert datetime.fromisoformat(result["clock"]["now"]) == datetime(
            2025, 6, 2, 19, 30, 5, tzinfo=UTC
        )


async def test_forward_days_lives_through_every_checkin_in_order() -> None:
    async with sandbox_client() as client:
        await client.onboard(ADA)
        await client.onboard(BEN, place=NEW_YORK)
        result = await client.travel(days=3)
        # Ada: 3 mornings and 3 evenings (2–4 June); Ben, six hours behind: the same. Each
        # unanswered check-in also gets its one reminder, 90 minutes later.
        assert result["trip"]["sent"] == 24
        for user_id, morning_hour in ((ADA, 5), (BEN, 11)):
            prompts = [
                m for m in client.bot_messages(user_id) if "still waiting" not in (m.text or "")
            ]
            reminders = [
                m for m in client.bot_messages(user_id) if "still waiting" in (m.text or "")
            ]
            assert len(reminders) == 6
            checkins = prompts[-6:]
            kinds = ["morning" if "Good morning" in (m.text or "") else "evening" for m in checkins]
            assert kinds == ["morning", "evening"] * 3
            dates = [m.date for m in checkins]
            assert dates == sorted(dates)
            # Each sent at its own due time, not all at the end of the trip.
            assert dates[0] == datetime(2025, 6, 2, morning_hour, 30, 5, tzinfo=UTC)
            assert dates[2] == dates[0] + timedelta(days=1)


async def test_jumps_never_go_back_in_time() -> None:
    async with sandbox_client() as client:
        await client.onboard(ADA)
        seen = [client.sandbox.clock.now()]
        for destination in (
            {"slot": "evening", "user_id": ADA},
            {"slot": "morning", "user_id": ADA},
            {"days": 1},
            {"slot": "evening", "user_id": ADA},
        ):
            result = await client.travel(**destination)
            seen.append(datetime.fromisoformat(result["clock"]["now"]))
        assert seen == sorted(seen)
        assert len(set(seen)) == len(seen)
        client.sandbox.clock.jump_to(START)  # into the past: ignored
        assert client.sandbox.clock.now() == seen[-1]


async def test_a_slot_without_a_schedule_is_refused_with_a_reason() -> None:
    async with sandbox_client() as client:
        with pytest.raises(ApiFailure) as refused:
            await client.travel(slot="morning", user_id=ADA)
        assert refused.value.status == 409
        await client.onboard(ADA)
        async with client.sandbox.database.transaction() as session:
            slots = set((await session.execute(select(Schedule.slot))).scalars())
        if "weekly" not in slots:
            with pytest.raises(ApiFailure) as no_weekly:
                await client.travel(slot="weekly", user_id=ADA)
            assert no_weekly.value.status == 409
            user = await client.get(f"/api/users/{ADA}")
            weekly = next(slot for slot in user["slots"] if slot["slot"] == "weekly")
            assert weekly["next_due_at"] is None
            assert weekly["why_not"]


async def test_the_events_long_poll_answers_when_time_jumps() -> None:
    async with sandbox_client() as client:
        await client.onboard(ADA)
        state = await client.get("/api/state")
        version, seq = state["clock"]["version"], state["seq"]
        poll = asyncio.create_task(
            client.get(f"/api/events?since={seq}&clock={version}&timeout=30")
        )
        await client.travel(slot="morning", user_id=ADA)
        answer = await poll
        assert answer["clock"]["version"] > version
        later = await client.get(f"/api/events?since={seq}&clock={version}&timeout=0")
        messages = [e for e in later["events"] if e["type"] == "message"]
        assert any("Good morning" in (e["message"]["text"] or "") for e in messages)
        assert later["seq"] > seq


async def test_bad_requests_are_refused_plainly() -> None:
    async with sandbox_client() as client:
        cases: list[tuple[str, dict[str, object], int]] = [
            ("/api/message", {"user_id": 4242, "text": "hi"}, 404),
            ("/api/message", {"user_id": ADA, "text": "   "}, 400),
            ("/api/location", {"user_id": ADA, "latitude": 91, "longitude": 0}, 400),
            ("/api/press", {"user_id": ADA, "message_id": 999, "data": "x"}, 400),
            ("/api/travel", {"days": 0}, 400),
            ("/api/travel", {}, 400),
        ]
        for path, body, status in cases:
            with pytest.raises(ApiFailure) as refused:
                await client.post(path, body)
            assert refused.value.status == status, (path, body, refused.value.error)
        # Only JSON: a form posted by some other web page is not accepted.
        async with client.http.post(
            client.sandbox.url + "/api/message", data={"user_id": ADA, "text": "hi"}
        ) as response:
            assert response.status == 415


async def test_the_database_is_thrown_away_and_the_real_one_never_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{real}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456789:the-real-token-must-not-be-used")
    async with sandbox_client() as client:
        await client.onboard(ADA)
        path = client.sandbox.database_path
        assert path is not None
        assert path.exists()
        assert path != real
        assert client.sandbox.database.url.endswith(str(path))
    assert not path.exists()
    assert not path.parent.exists()
    assert not real.exists()


async def test_keep_db_keeps_it(tmp_path: Path) -> None:
    kept = tmp_path / "kept" / "sandbox.db"
    async with sandbox_client(keep_db=kept) as client:
        await client.onboard(ADA)
        state = await client.get("/api/state")
        assert state["database"] == {"throw_away": False, "path": str(kept)}
    assert kept.exists()
    # Kept means reusable: a new sandbox on it remembers Ada.
    async with sandbox_client(keep_db=kept) as client:
        user = await client.get(f"/api/users/{ADA}")
        assert user["timezone"] == "Europe/Berlin"


async def test_files_the_bot_sends_can_be_downloaded() -> None:
    async with sandbox_client() as client:
        emulator = client.sandbox.emulator
        # The bot's own path for photos and documents (weekly chart, exports) is send_reply;
        # here the bot object sends directly, as those features would.
        bot = client.sandbox.application.bot
        await bot.send_document(ADA, document=b"date,sleep\n2025-06-02,7.5\n", filename="x.csv")
        [message] = emulator.chat(ADA).bot_messages
        listed = await client.get(f"/api/chats/{ADA}/messages")
        url = listed[-1]["document"]["url"]
        async with client.http.get(f"{client.sandbox.url}{url}?download=1") as response:
            assert response.status == 200
            assert await response.read() == message.document
            assert 'filename="x.csv"' in response.headers["Content-Disposition"]


async def test_two_sandboxes_on_free_ports_do_not_share_anything() -> None:
    first = Sandbox(SandboxOptions(port=0), clock=frozen_clock())
    second = Sandbox(SandboxOptions(port=0), clock=frozen_clock())
    async with first, second, aiohttp.ClientSession() as http:
        assert first.port != second.port
        assert first.database_path != second.database_path
        async with http.get(first.url + "/api/state") as response:
            assert response.status == 200


async def test_any_slot_the_bot_schedules_is_offered_with_its_next_time() -> None:
    """Slots are not a fixed list: a new kind (the weekly summary, say) shows up by itself."""
    async with sandbox_client() as client:
        await client.onboard(ADA)
        due = START + timedelta(days=6, hours=14)
        async with client.sandbox.database.transaction() as session:
            session.add(Schedule(user_id=ADA, slot="fortnightly", next_due_at=due))
        user = await client.get(f"/api/users/{ADA}")
        slots = {slot["slot"]: slot for slot in user["slots"]}
        assert datetime.fromisoformat(slots["fortnightly"]["next_due_at"]) == due
        assert slots["fortnightly"]["why_not"] is None
        ben = await client.get(f"/api/users/{BEN}")
        ben_slots = {slot["slot"]: slot for slot in ben["slots"]}
        assert "send /start" in ben_slots["fortnightly"]["why_not"]
