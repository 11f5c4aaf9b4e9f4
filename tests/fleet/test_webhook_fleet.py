"""Several workers on one database behind webhooks: every worker handles updates, a request
without the secret token is refused and stores nothing, and each worker serves /healthz,
/readyz and /metrics (parsed with prometheus-client's own parser)."""

from __future__ import annotations

from datetime import date, timedelta

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import func, select

from bot.app import runtime
from bot.clock import FakeClock
from bot.services.container import Services
from models.entities import DayEntry, User
from sandbox.emulator import BotApiEmulator
from tests.db.helpers import add_user
from tests.e2e.harness import find_button
from tests.fleet.conftest import fleet

pytestmark = pytest.mark.e2e
USERS = list(range(2001, 2007))


async def _stored_sleep(services: Services, day: date) -> dict[int, float | None]:
    async with services.db.transaction() as session:
        rows = await session.execute(
            select(DayEntry.user_id, DayEntry.sleep_hours).where(DayEntry.local_date == day)
        )
        return dict(rows.all())  # type: ignore[arg-type]


async def test_two_workers_share_the_updates_and_store_every_answer(
    emulator: BotApiEmulator, clock: FakeClock, database_url: str
) -> None:
    async with fleet(emulator, clock, database_url, 2) as workers:
        first = workers[0]
        for user_id in USERS:
            emulator.add_user(user_id, first_name=f"User{user_id}")
            await add_user(first.services.db, first.services.scheduler, clock, user_id)
        clock.advance(timedelta(hours=1, seconds=5))  # 08:00:05 in Berlin
        dispatcher = runtime(first.app).dispatcher
        assert dispatcher is not None
        await dispatcher.run_until_idle()
        for user_id in USERS:
            morning = emulator.chat(user_id).last_bot_message
            assert morning is not None
            assert "How many hours did you sleep" in morning.text
            emulator.press_button(user_id, morning.message_id, find_button(morning, "7.5"))

        def all_saved() -> bool:
            return all(
                "saved" in emulator.chat(u).bot_messages[0].text for u in USERS
            )  # the check-in message is edited in place once answered

        await emulator.wait_for(lambda: emulator.updates_pending == 0 and all_saved(), timeout=20)
        assert await _stored_sleep(first.services, date(2025, 6, 2)) == dict.fromkeys(USERS, 7.5)
        handled = [runtime(w.app).metrics.updates.labels("handled")._value.get() for w in workers]
        assert all(count >= 1 for count in handled), handled
        assert sum(handled) == len(USERS)
        assert set(emulator.webhook.delivered_to.values()) == {w.webhook_url for w in workers}


async def test_requests_without_the_secret_token_are_refused_and_store_nothing(
    emulator: BotApiEmulator, clock: FakeClock, database_url: str
) -> None:
    async with fleet(emulator, clock, database_url, 1) as [worker]:
        emulator.add_user(USERS[0], first_name="Mallory")
        update = {
            "update_id": 999,
            "message": {
                "message_id": 1,
                "date": 1748840000,
                "chat": {"id": USERS[0], "type": "private", "first_name": "Mallory"},
                "from": {"id": USERS[0], "is_bot": False, "first_name": "Mallory"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            },
        }
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(worker.webhook_url, json=update, headers=headers) as reply:
                    assert reply.status == 403
        async with worker.services.db.transaction() as session:
            assert await session.scalar(select(func.count()).select_from(User)) == 0
        assert emulator.chat(USERS[0]).bot_messages == []
        assert runtime(worker.app).metrics.updates.labels("handled")._value.get() == 0


async def test_health_readiness_and_metrics(
    emulator: BotApiEmulator, clock: FakeClock, database_url: str
) -> None:
    async with fleet(emulator, clock, database_url, 1) as [worker]:
        emulator.add_user(USERS[0])
        await add_user(worker.services.db, worker.services.scheduler, clock, USERS[0])
        clock.advance(timedelta(hours=2))  # the morning check-in is an hour late, unclaimed
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{worker.health_url}/healthz") as reply:
                assert reply.status == 200
            async with http.get(f"{worker.health_url}/readyz") as reply:
                body = await reply.json()
                assert reply.status == 200, body
                assert body == {
                    "database": "ok",
                    "migrations": "ok",
                    "telegram": "ok",
                    "ready": True,
                }
            async with http.get(f"{worker.health_url}/metrics") as reply:
                assert reply.status == 200
                assert reply.headers["Content-Type"].startswith("text/plain")
                text = await reply.text()
        samples = {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }
        assert samples[("gutcheck_checkins_due", ())] == 1
        assert samples[("gutcheck_checkins_due_lateness_seconds", ())] == pytest.approx(3600)
        assert samples[("gutcheck_prompts_total", (("outcome", "sent"),))] == 0
        assert ("gutcheck_updates_handled_total", (("outcome", "handled"),)) in samples
        assert ("gutcheck_update_handling_seconds_count", ()) in samples
        assert ("gutcheck_telegram_flood_waits_total", ()) in samples
        assert samples[("gutcheck_database_query_seconds_count", ())] > 0
