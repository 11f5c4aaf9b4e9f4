"""All services of one running bot, wired together once at start-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.services.checkins import CheckinService
from bot.services.conversation import ConversationService
from bot.services.profile import ProfileService
from bot.services.scheduling import CheckinScheduler
from bot.services.tips import TipService
from bot.services.users import UserService
from bot.settings import Settings
from models.db import Database


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

    @classmethod
    def create(
        cls, settings: Settings, clock: Clock, db: Database, tips: TipService | None = None
    ) -> Services:
        tips = tips or TipService(db, clock)
        scheduler = CheckinScheduler(
            db,
            clock,
            catch_up=timedelta(minutes=settings.catch_up_window_minutes),
            lease=timedelta(seconds=settings.send_lease_seconds),
        )
        profile = ProfileService(db, clock, scheduler)
        checkins = CheckinService(db, clock, tips)
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
        )
