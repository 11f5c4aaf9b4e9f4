"""A user's data, out and gone: /export (CSV, JSON and a one-page report for the medical team)
and /delete (every row about them, after a confirmation)."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date

from bot.callbacks import DeletePress, encode
from bot.clock import Clock
from bot.domain.answers import Slot
from bot.domain.statuses import Origin, Status
from bot.replies import Button, Outcome, Reply, button_expired
from bot.reports import (
    ExportBundle,
    ExportCheckin,
    ExportDay,
    ExportProfile,
    ReportLabels,
    TipShown,
    csv_file_name,
    habits_from_days,
    json_file_name,
    medical_report,
    patterns_csv,
    patterns_file_name,
    report_file_name,
    to_csv,
    to_json,
)
from bot.services.profile import goals_of, watched_allergens
from bot.services.progress import ProgressService
from bot.services.scheduling import today_for
from bot.texts import label, raw_label, t
from models.account_store import checkins_of, delete_everything, tips_shown_to
from models.db import Database
from models.user_store import get_user

logger = logging.getLogger(__name__)

# How long a /delete confirmation button stays valid.
DELETE_CONFIRMATION_MINUTES = 15


class DataRightsService:
    def __init__(self, db: Database, clock: Clock, progress: ProgressService) -> None:
        self._db = db
        self._clock = clock
        self._progress = progress

    async def export(self, user_id: int) -> Outcome | None:
        """Three documents: every day as CSV, everything as JSON, the last 30 days as a PDF."""
        now = self._clock.now()
        async with self._db.transaction() as session:
            user = await get_user(session, user_id)
            if user is None:
                return None
            language = user.language_code
            today = today_for(user, now) or now.astimezone(UTC).date()
            days = await self._progress.history(session, user, today)
            checkins = await checkins_of(session, user_id)
            tips = await tips_shown_to(session, user_id)
        by_date: dict[date, list[ExportCheckin]] = {}
        for checkin in checkins:
            by_date.setdefault(checkin.local_date, []).append(
                ExportCheckin(
                    slot=Slot(checkin.slot),
                    status=Status(checkin.status),
                    sent_at=checkin.sent_at,
                    completed_at=checkin.completed_at,
                    origin=Origin(checkin.origin),
                )
            )
        export_days = tuple(
            ExportDay(day.local_date, day.mark, day.answers, tuple(by_date.get(day.local_date, ())))
            for day in days
        )
        profile = ExportProfile(
            user_id=user.id,
            first_name=user.first_name,
            timezone=user.timezone,
            morning_time=user.morning_time,
            evening_time=user.evening_time,
            day_start_hour=user.day_start_hour,
            watched_allergens=watched_allergens(user),
            created_at=user.created_at,
            language=language,
        )
        bundle = ExportBundle(
            profile=profile,
            days=export_days,
            generated_at=now,
            tips_shown=tuple(
                TipShown(tip.local_date, tip.tip_id, tip.context, tip.sent_at) for tip in tips
            ),
            habits=habits_from_days(export_days, today, goals_of(user)),
            settings_extra={
                "reminder_minutes": user.reminder_minutes,
                "summary_weekday": user.summary_weekday,
                "summary_time": user.summary_time.isoformat(timespec="minutes"),
                "goals": dict(user.goals or {}),
            },
        )
        labels = ReportLabels.from_catalogue(lambda key: raw_label(key, language))
        # Laying out the report and drawing its chart is CPU work: kept off the event loop.
        report = await asyncio.to_thread(medical_report, bundle, labels)
        return Outcome(
            send=(
                Reply(t("export_intro", language)),
                Reply(
                    t("export_csv", language),
                    document=to_csv(bundle, labels),
                    document_name=csv_file_name(bundle, labels),
                ),
                Reply(
                    t("export_patterns", language),
                    document=patterns_csv(bundle, labels),
                    document_name=patterns_file_name(bundle, labels),
                ),
                Reply(
                    t("export_json", language),
                    document=to_json(bundle),
                    document_name=json_file_name(bundle, labels),
                ),
                Reply(
                    t("export_report", language),
                    document=report,
                    document_name=report_file_name(bundle, labels),
                ),
            )
        )

    def ask_delete(self, language: str | None) -> Outcome:
        asked = int(self._clock.now().timestamp() // 60)
        keyboard = (
            (Button(label("delete_confirm", language), encode(DeletePress(True, asked))),),
            (Button(label("delete_keep", language), encode(DeletePress(False, asked))),),
        )
        return Outcome(send=(Reply(t("delete_ask", language), keyboard=keyboard),))

    async def delete(self, user_id: int, press: DeletePress, language: str | None) -> Outcome:
        if not press.confirmed:
            return Outcome(edit=Reply(t("delete_kept", language)))
        age_minutes = self._clock.now().timestamp() // 60 - press.asked_minute
        if not 0 <= age_minutes <= DELETE_CONFIRMATION_MINUTES:
            return button_expired(alert=True)
        async with self._db.transaction() as session:
            if await get_user(session, user_id) is None:
                return Outcome(edit=Reply(t("delete_done", language)))
            await delete_everything(session, user_id)
        logger.info("user %s deleted all their data", user_id)
        return Outcome(edit=Reply(t("delete_done", language)))
