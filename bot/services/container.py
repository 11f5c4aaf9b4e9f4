"""All services of one running bot, wired together once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.domain.statuses import DeliveryKind
from bot.replies import Reply
from bot.services.checkins import CheckinService
from bot.services.conversation import ConversationService
from bot.services.data_rights import DataRightsService
from bot.services.emergency import EmergencyService
from bot.services.pauses import PauseService
from bot.services.profile import ProfileService
from bot.services.progress import ProgressService
from bot.services.reminders import ReminderService
from bot.services.scheduling import CheckinScheduler
from bot.services.silence import SilenceService
from bot.services.tips import TipService
from bot.services.users import UserService
from bot.services.zone_lookup import PACKAGED_ZONES
from bot.settings import Settings
from models.db import Database
from models.delivery_store import ClaimedDelivery


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    scheduler: CheckinScheduler
    profile: ProfileService
    checkins: CheckinService
    conversation: ConversationService
    users: UserService
    tips: TipService
    reminders: ReminderService
    pauses: PauseService
    progress: ProgressService
    silence: SilenceService
    data_rights: DataRightsService
    emergency: EmergencyService

    @classmethod
    def create(cls, settings: Settings, clock: Clock, db: Database) -> Services:
        scheduler = CheckinScheduler(
            db,
            clock,
            catch_up=timedelta(minutes=settings.catch_up_window_minutes),
            lease=timedelta(seconds=settings.send_lease_seconds),
        )
        tips = TipService(db, clock)
        profile = ProfileService(db, clock, scheduler, PACKAGED_ZONES)
        checkins = CheckinService(db, clock, tips)
        progress = ProgressService(db, clock, tips)
        return cls(
            settings=settings,
            clock=clock,
            db=db,
            scheduler=scheduler,
            profile=profile,
            checkins=checkins,
            conversation=ConversationService(db, profile, checkins),
            users=UserService(db, clock, scheduler),
            tips=tips,
            reminders=ReminderService(db, clock),
            pauses=PauseService(db, clock, scheduler),
            progress=progress,
            silence=SilenceService(db),
            data_rights=DataRightsService(db, clock, progress),
            emergency=EmergencyService(db),
        )

    async def compose(self, item: ClaimedDelivery) -> list[Reply] | None:
        """What to send for a claimed scheduled message (None: it no longer applies)."""
        match item.kind:
            case DeliveryKind.CHECKIN:
                return [CheckinService.fresh_prompt(item)]
            case DeliveryKind.REMINDER:
                return await self.reminders.compose(item)
            case DeliveryKind.WEEKLY:
                return await self.progress.compose_weekly(item)
            case DeliveryKind.PAUSE_OFFER:
                return await self.silence.compose_pause_offer(item)
