"""Non-command messages: typed text, shared locations, and everything else."""

from __future__ import annotations

from telegram import Update

from bot.replies import Outcome, Reply
from bot.texts import t
from handlers.common import Context, deliver, sender, services


async def text(update: Update, context: Context) -> None:
    who = sender(update)
    message = update.effective_message
    if who is None or message is None or message.text is None:
        return
    outcome = await services(context).conversation.text(who, message.text)
    await deliver(update, context, outcome)


async def location(update: Update, context: Context) -> None:
    who = sender(update)
    message = update.effective_message
    if who is None or message is None or message.location is None:
        return
    svc = services(context)
    place = message.location
    outcome = await svc.profile.zone_from_location(who.user_id, place.latitude, place.longitude)
    if not outcome.send and outcome.edit is None:
        outcome = await svc.profile.start(who)
    await deliver(update, context, outcome)


async def unsupported(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes, documents…: a friendly pointer, nothing stored (a caption
    describing an emergency was already answered by ``handlers.emergency``)."""
    who = sender(update)
    if who is None or update.message is None:
        return
    await deliver(
        update, context, Outcome(send=(Reply(t("unsupported_message", who.language_code)),))
    )
