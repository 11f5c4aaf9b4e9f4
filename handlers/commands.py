"""Slash commands. Each one asks a service what to say and says it."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import OpenCheckinPress
from bot.replies import Outcome, Reply
from bot.services.profile import TelegramProfile
from bot.texts import ARTICLE_TITLE, t
from handlers.common import Context, deliver, sender, services


async def start(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, await services(context).profile.start(who))


def _days_ago(args: list[str] | None) -> int:
    """`/checkin yesterday` (or `/checkin 2` for two days ago, up to a week)."""
    word = " ".join(args or []).strip().lower()
    if word in ("yesterday", "-1", "1"):
        return 1
    if word.isdigit() and 0 <= int(word) <= 7:
        return int(word)
    return 0


async def checkin(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    press = OpenCheckinPress(None, _days_ago(context.args))
    outcome = await svc.checkins.open_now(who.user_id, press)
    if outcome is None:
        outcome = await svc.profile.resume_onboarding(who.user_id) or await svc.profile.start(who)
    await deliver(update, context, outcome)


async def today(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    outcome = await svc.checkins.today(who.user_id)
    if outcome is None:
        outcome = await svc.profile.resume_onboarding(who.user_id) or await svc.profile.start(who)
    await deliver(update, context, outcome)


async def settings(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    outcome = await svc.profile.settings(who.user_id)
    if outcome is None:
        outcome = await svc.profile.resume_onboarding(who.user_id) or await svc.profile.start(who)
    await deliver(update, context, outcome)


async def _onboarded_only(
    update: Update, context: Context, outcome: Outcome | None, who: TelegramProfile
) -> None:
    svc = services(context)
    if outcome is None:
        outcome = await svc.profile.resume_onboarding(who.user_id) or await svc.profile.start(who)
    await deliver(update, context, outcome)


async def streaks(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    outcome = await services(context).progress.streaks(who.user_id)
    await _onboarded_only(update, context, outcome, who)


async def week(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    outcome = await services(context).progress.week_so_far(who.user_id)
    await _onboarded_only(update, context, outcome, who)


async def pause(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    argument = " ".join(context.args or []).strip()
    outcome: Outcome | None
    if not argument:
        outcome = svc.pauses.ask(who.language_code)
    elif argument.isdigit():
        outcome = await svc.pauses.pause(who.user_id, int(argument), edit=False)
    else:
        outcome = Outcome(send=(Reply(t("pause_days_invalid", who.language_code)),))
    await _onboarded_only(update, context, outcome, who)


async def resume(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    outcome = await services(context).pauses.resume(who.user_id)
    await _onboarded_only(update, context, outcome, who)


async def export(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    outcome = await services(context).data_rights.export(who.user_id)
    await _onboarded_only(update, context, outcome, who)


async def delete(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, services(context).data_rights.ask_delete(who.language_code))


async def admin(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    if who.user_id not in svc.settings.admin_user_ids:
        await deliver(update, context, Outcome(send=(Reply(t("admin_only", who.language_code)),)))
        return
    await deliver(update, context, await svc.users.operator_view(who.language_code))


async def tips(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    topic = " ".join(context.args or []) or None
    outcome = await services(context).tips.on_demand(who.user_id, topic, who.language_code)
    await deliver(update, context, outcome)


async def about(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, services(context).tips.about(who.language_code))


async def help_command(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    text = t("help", who.language_code, title=ARTICLE_TITLE)
    await deliver(update, context, Outcome(send=(Reply(text),)))


async def cancel(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, await services(context).users.cancel(who.user_id))


async def unknown(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, Outcome(send=(Reply(t("unknown_command", who.language_code)),)))
