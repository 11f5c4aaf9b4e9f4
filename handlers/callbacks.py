"""Every inline-button press: decode what it means, check it is the presser's own, hand it
to the service that owns it."""

from __future__ import annotations

from telegram import Update

from bot.callbacks import (
    AllergenPress,
    AnswerPress,
    ChangeAnswerPress,
    ConfirmPress,
    DayStartPress,
    DayViewPress,
    DeletePress,
    ExplainPress,
    GoalPress,
    OpenCheckinPress,
    PausePress,
    ReminderPress,
    SettingsPress,
    ShowCheckinPress,
    SkipDayPress,
    SnoozePress,
    SummaryDayPress,
    SummaryTimePress,
    TimePress,
    TipsPress,
    TopicListPress,
    ZonePress,
    decode,
)
from bot.replies import Outcome, button_expired
from bot.texts import t
from handlers.common import Context, deliver, sender, services


async def on_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None:
        return
    who = sender(update)
    action = decode(query.data)
    message = query.message
    # A press counts only on the presser's own private chat with the bot.
    if who is None or action is None or (message is not None and message.chat.id != who.chat_id):
        await query.answer(t("button_expired"))
        return
    svc = services(context)
    user_id = who.user_id
    outcome: Outcome | None
    match action:
        case AnswerPress():
            outcome = await svc.checkins.answer(user_id, action)
        case ConfirmPress():
            outcome = await svc.checkins.confirm(user_id, action)
        case ChangeAnswerPress():
            outcome = await svc.checkins.change(user_id, action)
        case ShowCheckinPress():
            outcome = await svc.checkins.show(user_id, action)
        case OpenCheckinPress():
            outcome = await svc.checkins.open_now(user_id, action)
            if outcome is None:
                outcome = await svc.profile.resume_onboarding(user_id)
        case ZonePress():
            outcome = await svc.profile.zone_chosen(user_id, action)
        case TimePress():
            outcome = await svc.profile.time_chosen(user_id, action)
        case AllergenPress():
            outcome = await svc.profile.allergen_pressed(user_id, action)
        case SettingsPress():
            outcome = await svc.profile.settings_pressed(user_id, action)
        case DayStartPress():
            outcome = await svc.profile.day_start_chosen(user_id, action)
        case SkipDayPress():
            outcome = await svc.checkins.skip_day(user_id, action)
        case SnoozePress():
            outcome = await svc.reminders.snooze(user_id, action)
        case DayViewPress():
            outcome = await svc.checkins.today(user_id, action.days_ago, edit=True)
        case PausePress():
            outcome = await svc.pauses.pause(user_id, action.days or None, edit=True)
        case ExplainPress():
            outcome = svc.progress.explanation(who.language_code)
        case ReminderPress():
            outcome = await svc.profile.reminder_chosen(user_id, action)
        case SummaryDayPress() | SummaryTimePress():
            outcome = await svc.profile.summary_chosen(user_id, action)
        case GoalPress():
            outcome = await svc.profile.goal_pressed(user_id, action)
        case DeletePress():
            outcome = await svc.data_rights.delete(user_id, action, who.language_code)
        case TipsPress():
            outcome = await svc.tips.on_demand(user_id, action.topic, who.language_code)
        case TopicListPress():
            outcome = svc.tips.topic_list(who.language_code)
    await deliver(update, context, outcome or button_expired())
