"""Slash commands. Each one asks a service what to say and says it."""

from __future__ import annotations

from telegram import Update

from bot.replies import Outcome, Reply
from bot.texts import ARTICLE_TITLE, t
from handlers.common import Context, deliver, sender, services


async def start(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    await deliver(update, context, await services(context).profile.start(who))


async def checkin(update: Update, context: Context) -> None:
    who = sender(update)
    if who is None:
        return
    svc = services(context)
    outcome = await svc.checkins.open_now(who.user_id)
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
