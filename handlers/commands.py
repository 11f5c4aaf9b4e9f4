"""Slash commands. Each one asks a service what to say; ``command`` does the rest."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from functools import wraps

from telegram import Update

from bot.domain.command_args import UNTIL_RESUMED, parse_day_back, parse_pause_length
from bot.replies import Outcome, Reply
from bot.services.container import Services
from bot.services.profile import TelegramProfile
from bot.texts import ARTICLE_TITLE, t
from handlers.common import Context, deliver, sender, services

CommandBody = Callable[[TelegramProfile, Services, list[str]], Awaitable[Outcome | None]]
Handler = Callable[[Update, Context], Coroutine[object, object, None]]


def command(body: CommandBody) -> Handler:
    """A private-chat command: the service's answer, or — when it returns None because the
    user has not finished setting up — the onboarding step they are on."""

    @wraps(body)
    async def handle(update: Update, context: Context) -> None:
        who = sender(update)
        if who is None:
            return
        svc = services(context)
        outcome = await body(who, svc, list(context.args or []))
        if outcome is None:
            outcome = await svc.profile.resume_onboarding(who.user_id) or await svc.profile.start(
                who
            )
        await deliver(update, context, outcome)

    return handle


def _says(key: str, who: TelegramProfile, **params: object) -> Outcome:
    return Outcome(send=(Reply(t(key, who.language_code, **params)),))


@command
async def start(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.profile.start(who)


@command
async def checkin(who: TelegramProfile, svc: Services, args: list[str]) -> Outcome | None:
    day_back = parse_day_back(" ".join(args))
    if day_back is None:
        return _says("checkin_day_invalid", who)
    return await svc.checkins.open_now(who.user_id, day_back=day_back)


@command
async def today(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.checkins.today(who.user_id)


@command
async def settings(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.profile.settings(who.user_id)


@command
async def streaks(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.progress.streaks(who.user_id)


@command
async def week(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.progress.week_so_far(who.user_id)


@command
async def insights(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.progress.insights(who.user_id)


@command
async def pause(who: TelegramProfile, svc: Services, args: list[str]) -> Outcome | None:
    argument = " ".join(args).strip()
    if not argument:
        return svc.pauses.ask(who.language_code)
    length = parse_pause_length(argument)
    if length is None:
        return _says("pause_days_invalid", who)
    days = None if length == UNTIL_RESUMED else length
    return await svc.pauses.pause(who.user_id, days, edit=False)


@command
async def resume(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.pauses.resume(who.user_id)


@command
async def export(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.data_rights.export(who.user_id)


@command
async def delete(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return svc.data_rights.ask_delete(who.language_code)


@command
async def admin(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    if who.user_id not in svc.settings.admin_user_ids:
        return _says("admin_only", who)
    return await svc.users.operator_view(who.language_code)


@command
async def tips(who: TelegramProfile, svc: Services, args: list[str]) -> Outcome | None:
    return await svc.tips.on_demand(who.user_id, " ".join(args) or None, who.language_code)


@command
async def about(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.tips.about(who.user_id, who.language_code)


@command
async def help_command(who: TelegramProfile, _svc: Services, _args: list[str]) -> Outcome | None:
    return _says("help", who, title=ARTICLE_TITLE)


@command
async def cancel(who: TelegramProfile, svc: Services, _args: list[str]) -> Outcome | None:
    return await svc.users.cancel(who.user_id)


@command
async def unknown(who: TelegramProfile, _svc: Services, _args: list[str]) -> Outcome | None:
    return _says("unknown_command", who)
