"""Every sentence the bot says, in one place, ready for translation.

Message templates are Telegram HTML; parameters are escaped when filled in (see ``t``).
Button labels are plain text (Telegram shows them verbatim; see ``label``). A translation is
another dict with the same keys; missing keys fall back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from bot.html import Html, escape

ARTICLE_TITLE: Final = "The Gut Microbiome Series: The Immune System"

EN: Final[Mapping[str, str]] = {
    # --- onboarding -------------------------------------------------------------------
    "welcome": (
        "👋 <b>Welcome to Gut Check{name}!</b>\n\n"
        "Twice a day I'll check in with you — in the morning about your sleep, in the evening "
        "about probiotics or fermented foods, vitamins C and D and any allergens you watch. "
        "Answering takes a few taps; I keep your answers, reply with a tip, and every week "
        "I'll show you how you're doing.\n\n"
        "Everything I suggest comes from the article <i>“{title}”</i>. "
        "<b>This is not medical advice</b>: for allergies and symptoms, work with your "
        "medical team.\n\n"
        "I store your settings and answers (sleep, supplements, allergen exposures, "
        "symptoms, notes) so I can show your progress — /help says more."
    ),
    "welcome_back": (
        "👋 <b>Welcome back{name}!</b> Your answers and settings are all still here.\n\n"
        "{schedule}\n\nChange anything with /settings, or check in now."
    ),
    "ask_timezone": (
        "🌍 <b>Step 1 of 4 — your time zone</b>\n"
        "So I check in at <i>your</i> local times: tap <b>📍 Share my location</b> below, "
        "or type your city or time zone (for example <code>Berlin</code>, "
        "<code>new york</code> or <code>Europe/Berlin</code>)."
    ),
    "timezone_ambiguous": "🌍 A few places match “{query}”. Which one is yours?",
    "timezone_not_found": (
        "🤔 I couldn't find a place or time zone called “{query}”.\n"
        "Try a nearby big city (<code>Chicago</code>), a country (<code>Portugal</code>) or a "
        "zone name (<code>America/Chicago</code>) — or share your location."
    ),
    "timezone_suggestions": "🤔 I couldn't find “{query}”. Did you mean one of these?",
    "timezone_location_failed": (
        "🤔 I couldn't work out a time zone from that location. Please type your city instead."
    ),
    "timezone_set": "✅ Time zone: <b>{zone}</b> — it's {local_time} there now ({offset}).",
    "timezone_set_place": (
        "✅ I understood <b>{place}</b>: time zone <b>{zone}</b> — it's {local_time} there now "
        "({offset}).\nNot the place you meant? Type it with its country or state (like "
        "“Springfield, Illinois”), or share your location."
    ),
    "ask_morning_time": (
        "☀️ <b>Step 2 of 4 — morning check-in</b>\n"
        "When should I ask how you slept? Tap a time or type one (like <code>7:15</code> or "
        "<code>7am</code>)."
    ),
    "ask_evening_time": (
        "🌙 <b>Step 3 of 4 — evening check-in</b>\n"
        "When should I ask about your day? Tap a time or type one (like <code>21:30</code> or "
        "<code>9.30pm</code>)."
    ),
    "ask_allergens": (
        "⚠️ <b>Step 4 of 4 — allergens to watch</b>\n"
        "The article lists common allergens: eggs, fish, shellfish, tree nuts, peanuts, "
        "dairy, soy and wheat. Tap any you'd like me to ask about each evening, then "
        "<b>Done</b> — or <b>None</b>. You can also type them."
    ),
    "ask_morning_time_settings": (
        "☀️ <b>Morning check-in</b>\n"
        "When should I ask how you slept? Tap a time or type one (like <code>7:15</code> or "
        "<code>7am</code>)."
    ),
    "ask_evening_time_settings": (
        "🌙 <b>Evening check-in</b>\n"
        "When should I ask about your day? Tap a time or type one (like <code>21:30</code> or "
        "<code>9.30pm</code>)."
    ),
    "ask_allergens_settings": (
        "⚠️ <b>Allergens to watch</b>\n"
        "The article lists common allergens: eggs, fish, shellfish, tree nuts, peanuts, "
        "dairy, soy and wheat. Tap any you'd like me to ask about each evening, then "
        "<b>Done</b> — or <b>None</b>. You can also type them."
    ),
    "allergens_chosen": "Watching: {allergens}",
    "onboarding_done": (
        "🎉 <b>All set!</b>\n{schedule}\n\n"
        "Tap below to do today's check-in now, or just wait for my message."
    ),
    "schedule_line": (
        "I'll check in every morning at <b>{morning}</b> and every evening at <b>{evening}</b> "
        "your time ({zone}). {allergens}"
    ),
    "schedule_allergens": "In the evening I'll also ask about {allergens}.",
    "list_and": "{rest} and {last}",
    "schedule_no_allergens": "I won't ask about allergens — add some any time in /settings.",
    "time_not_understood": (
        "🤔 I didn't catch a time in “{text}”. Try <code>7:30</code>, <code>7am</code> or "
        "<code>21.30</code>."
    ),
    "time_out_of_range": "🤔 “{text}” isn't a time of day. Try something like <code>07:30</code>.",
    "allergens_typed_hint": (
        "🤔 Tap the allergens to watch, or type them (like <i>eggs and peanuts</i>) — or "
        "<i>none</i>."
    ),
    "finish_onboarding_first": "Let's finish setting up first — it takes a few taps.",
    # --- check-ins --------------------------------------------------------------------
    "morning_title": "☀️ <b>Good morning{name}!</b> Check-in for {day}",
    "evening_title": "🌙 <b>Evening check-in</b> for {day}",
    "morning_done_title": "✅ <b>Morning check-in saved</b> · {day}",
    "evening_done_title": "✅ <b>Evening check-in saved</b> · {day}",
    "q_sleep": (
        "How many hours did you sleep last night?\n"
        "<i>Tap a number or type it, e.g. 7.5 or 7h30.</i>"
    ),
    "q_probiotics": "Did you have probiotics or fermented foods today?",
    "q_probiotic_kinds": "Which ones? Tap or type all that apply, then <b>Done</b>.",
    "q_tolerated": "Did it sit well with you?",
    "q_vitamin_c": "Did you have vitamin C today (food or supplement)?",
    "q_vitamin_d": "Did you have vitamin D today (food or supplement)?",
    "q_allergens": (
        "Were you exposed to any of the allergens you watch today? Tap each one, then "
        "<b>Done</b> — or <b>None of these</b>."
    ),
    "q_symptoms": "Any symptoms today?",
    "q_note": "Anything you'd like to note about today? Type it, or tap <b>No note</b>.",
    # The same questions about an earlier day (a back-fill, or an answer given late).
    "morning_title_past": "☀️ <b>Morning check-in</b> for {day}",
    "q_sleep_past": (
        "How many hours did you sleep the night before?\n"
        "<i>Tap a number or type it, e.g. 7.5 or 7h30.</i>"
    ),
    "q_probiotics_past": "Did you have probiotics or fermented foods that day?",
    "q_probiotic_kinds_past": "Which ones? Tap or type all that apply, then <b>Done</b>.",
    "q_tolerated_past": "Did it sit well with you?",
    "q_vitamin_c_past": "Did you have vitamin C that day (food or supplement)?",
    "q_vitamin_d_past": "Did you have vitamin D that day (food or supplement)?",
    "q_allergens_past": (
        "Were you exposed to any of the allergens you watch that day? Tap each one, then "
        "<b>Done</b> — or <b>None of these</b>."
    ),
    "q_symptoms_past": "Any symptoms that day?",
    "q_note_past": "Anything you'd like to note about that day? Type it, or tap <b>No note</b>.",
    "a_sleep": "😴 Sleep: <b>{hours}</b>",
    "a_probiotics_yes": "🥣 Probiotics or fermented food: <b>yes</b>{kinds}",
    "a_probiotics_no": "🥣 Probiotics or fermented food: <b>no</b>",
    "a_tolerated_yes": "👍 Sat well: <b>yes</b>",
    "a_tolerated_no": "👎 Sat well: <b>no</b>",
    "a_tolerated_kinds_yes": "👍 Sat well: <b>{kinds}</b>",
    "a_tolerated_kinds_no": "👎 Didn't sit well: <b>{kinds}</b>",
    "a_vitamin_c": "🍊 Vitamin C: <b>{value}</b>",
    "a_vitamin_d": "☀️ Vitamin D: <b>{value}</b>",
    "a_allergens_none": "⚠️ Watched allergens: <b>none</b>",
    "a_allergens": "⚠️ Exposed to: <b>{allergens}</b>",
    "a_symptoms": "🩺 Symptoms: <b>{level}</b>",
    "a_note": "📝 Note: {note}",
    "a_no_note": "📝 Note: —",
    "yes": "yes",
    "no": "no",
    "hours": "{hours} h",
    "sleep_out_of_range": "🤔 {hours} hours? Please send a number between 0 and 24, like 7.5.",
    "sleep_not_understood": (
        "🤔 I didn't catch that. How many hours did you sleep? Send a number like "
        "<code>7.5</code> or <code>7h30</code>, or tap a button above."
    ),
    "note_too_long": "✂️ Your note was long, so I kept the first {limit} characters.",
    "already_recorded": "Already saved ✓",
    "recorded": "Saved ✓",
    "button_expired": "This button has expired.",
    "not_your_button": "This button isn't for you.",
    "choose_question_to_change": "Which answer would you like to change?",
    "symptoms_follow_up": (
        "🩺 Thanks for noting that. Keep a note of it for your medical team; if symptoms feel "
        "severe, contact them — or your local emergency number if it's an emergency."
    ),
    "allergen_and_symptoms_follow_up": (
        "🩺 Thanks for noting the exposure and your symptoms. Keep this record for your medical "
        "team; if symptoms feel severe, contact them — or your local emergency number if it's an "
        "emergency."
    ),
    "allergen_follow_up": (
        "⚠️ Noted. It may help to keep this record to share with your medical team."
    ),
    "tip_header": "💡 <b>Tip</b>",
    "today_title": "📅 <b>Today</b> · {day}",
    "today_nothing": "Nothing saved for today yet.",
    "today_morning_missing": "☀️ Morning check-in: not answered yet",
    "today_evening_missing": "🌙 Evening check-in: not answered yet",
    "today_morning_later": "☀️ Morning check-in: comes at {time}",
    "today_evening_later": "🌙 Evening check-in: comes at {time}",
    "checkin_none_open": (
        "There's no question waiting for a typed answer right now. Use /checkin to check in, "
        "or /help to see what I can do."
    ),
    "typed_hint_probiotics": (
        "🤔 Tap Yes or No above — or type yes, no, or what you had (like <i>kimchi and yogurt</i>)."
    ),
    "typed_hint_tolerated": (
        "🤔 Did it sit well? Tap Yes or No above — or say it in words (like <i>fine</i>, "
        "<i>bloated</i>, or <i>kimchi was fine but the milk wasn't</i>)."
    ),
    "typed_hint_vitamin_c": "🤔 Tap Yes or No above — or type yes or no.",
    "typed_hint_vitamin_d": "🤔 Tap Yes or No above — or type yes or no.",
    "typed_hint_probiotic_kinds": (
        "🤔 Tap what you had above, or type it (like <i>{kinds}</i>) — or tap Done."
    ),
    "typed_hint_allergens": (
        "🤔 Tap the allergens you were exposed to above, or type them (like <i>{example}</i>) "
        "— or type <i>none</i>."
    ),
    "typed_hint_symptoms": "🤔 Tap None, Mild or Strong above — or type one of them.",
    # --- typed answers the bot is unsure of: one tap to confirm (issue 10) ----------------
    "confirm_typed": "🤔 Got it: {summary} — right?",
    "confirm_typed_choices": "🤔 Which one fits best?",
    "confirm_typed_saved": "✓ Saved: {summary}",
    "confirm_typed_rejected": (
        "OK, I didn't save that. Tap an answer above, or type it again in other words."
    ),
    "typed_summary_sleep": "you slept {hours}",
    "typed_summary_probiotics_no": "no probiotics or fermented food",
    "typed_summary_probiotics_yes": "yes, probiotics or fermented food{kinds}",
    "typed_summary_tolerated_yes": "it sat well",
    "typed_summary_tolerated_no": "it didn't sit well",
    "typed_summary_kind_sat_well": "{kind} sat well",
    "typed_summary_kind_sat_badly": "{kind} didn't sit well",
    "typed_summary_vitamin_c_yes": "yes, vitamin C",
    "typed_summary_vitamin_c_no": "no vitamin C",
    "typed_summary_vitamin_d_yes": "yes, vitamin D",
    "typed_summary_vitamin_d_no": "no vitamin D",
    "typed_summary_allergens": "exposed to {allergens}",
    "typed_summary_allergens_none": "none of your watched allergens",
    "typed_summary_symptoms": "{level} symptoms",
    "typed_summary_symptoms_none": "no symptoms",
    "typed_summary_done": "that's all",
    "typed_summary_join": "; ",
    "allergens_typed_understood": "✓ Got it: {allergens}.",
    "allergens_typed_unsure": (
        "🤔 I've ticked {allergens} — is that right? Tap to change, then <b>Done</b>."
    ),
    "allergens_typed_none_understood": "✓ Got it: no allergens to watch.",
    "time_typed_understood": "✓ Got it: {time}.",
    # --- settings ---------------------------------------------------------------------
    "settings_title": "⚙️ <b>Settings</b>",
    "settings_body": (
        "🌍 Time zone: <b>{zone}</b>\n"
        "☀️ Morning check-in: <b>{morning}</b>\n"
        "🌙 Evening check-in: <b>{evening}</b>\n"
        "🌅 Day starts at: <b>{day_start}</b> <i>(answers before this count for the day "
        "before)</i>\n"
        "⚠️ Allergens watched: <b>{allergens}</b>\n"
        "⏰ Reminder: <b>{reminder}</b>\n"
        "📊 Weekly summary: <b>{summary}</b>"
    ),
    "settings_saved": "✅ Saved. {next}",
    "next_checkin": "Next {slot} check-in: {when}.",
    "next_checkin_now": "Today's {slot} check-in is on its way now.",
    "ask_day_start": (
        "🌅 <b>When does your day start?</b>\nCheck-ins and answers before this hour count for "
        "the day before — handy if you often answer after midnight."
    ),
    "ask_timezone_settings": (
        "🌍 Type your city or time zone (for example <code>Lisbon</code> or "
        "<code>America/Chicago</code>), or share your location."
    ),
    "none_watched": "none",
    "slot_morning": "morning",
    "slot_evening": "evening",
    "today_at": "today at {time}",
    "tomorrow_at": "tomorrow at {time}",
    "on_day_at": "{day} at {time}",
    # --- help and misc ----------------------------------------------------------------
    "help": (
        "<b>Gut Check</b> helps you keep the immune-supporting habits from the article "
        "<i>“{title}”</i>: good sleep, probiotics or fermented foods (if tolerated), "
        "vitamins C and D, and watching for food allergens.\n\n"
        "<b>Commands</b>\n"
        "/checkin — check in now (/checkin yesterday to fill in a missed day)\n"
        "/today — what you've recorded today\n"
        "/settings — time zone, check-in times, allergens\n"
        "/streaks — streaks, strength and weekly goals\n"
        "/week — this week so far, with a chart\n"
        "/insights — what goes with feeling better (patterns, not causes)\n"
        "/pause [days] — take a break (streaks protected), /resume to end it\n"
        "/tips — a tip from the article (/tips sleep for one topic)\n"
        "/about — what Gut Check is based on\n"
        "/cancel — stop what we're doing\n"
        "/start — welcome and setup\n\n"
        "Tap the buttons, or just type: <i>7h30</i>, <i>yes</i>, "
        "<i>sauerkraut and a supplement</i>, <i>a bit</i>.\n\n"
        "<b>What I store</b>: your Telegram id, first name and language, your time zone, "
        "check-in times, watched allergens and other settings (reminders, breaks, weekly "
        "goals), your answers (hours slept, probiotics or fermented foods and how they sat, "
        "vitamins C and D, allergen exposures, symptoms, notes) and which tips you were shown "
        "— only to run your check-ins and show your progress. Nothing is shared.\n"
        "/export — download all of it (spreadsheet, JSON, a one-page report for your doctor)\n"
        "/delete — erase all of it, for good\n\n"
        "<b>Not medical advice.</b> For allergies or symptoms, work with your medical team. "
        "In an emergency, call your local emergency number."
    ),
    "tips_topics": (
        "💡 <b>Tips from the article</b> — pick a topic, or send /tips to get the one that "
        "fits your week.\n{topics}"
    ),
    "tips_unknown_topic": (
        "🤔 I don't have a topic called “{topic}”. These are the topics:\n{topics}"
    ),
    "topic_line": "• <b>{name}</b> — {description} (<code>/tips {key}</code>)",
    "about": (
        "ℹ️ <b>About Gut Check</b>\nEverything Gut Check suggests comes from the article below "
        "and is shown with the sentence it rests on.\n\n{summaries}\n\n"
        "<b>Not medical advice.</b> Gut Check never diagnoses. For allergies or symptoms, work "
        "with your medical team; in an emergency, call your local emergency number."
    ),
    # --- skip, pause, reminders ---------------------------------------------------------
    "day_skipped": (
        "⏭ <b>Skipped</b> · {day}\nNo more check-ins or reminders for this day. Skipped days "
        "keep your streaks as they are — they don't add to them or break them."
    ),
    "day_unskipped": "↩ Back on: {day} counts again.",
    "reminder": "⏰ Your {slot} check-in for {day} is still waiting — it takes a few taps.",
    "reminder_snoozed": "⏰ Okay — I'll remind you again {when}.",
    "reminder_done": "✅ Already answered — thank you!",
    "pause_ask": (
        "🏖 <b>Take a break?</b> While paused I send no check-ins or reminders, and your streaks "
        "are protected. For how long?"
    ),
    "paused_until": (
        "🏖 Paused until the end of {last}. Your streaks are safe; check-ins start again "
        "{next}. /resume to come back earlier."
    ),
    "paused_open": (
        "🏖 Paused. Your streaks are safe. Send /resume whenever you want check-ins again."
    ),
    "resumed": "👋 Welcome back! Check-ins are on again — the next one {next}.",
    # --- respecting silence (bot/domain/silence.py) ---------------------------------------
    "pause_offer": (
        "🌿 I haven't heard from you for a few days — and that's completely okay.\n\n"
        "I've stopped the reminders and will only check in once a day, in the evening, for "
        "now — less often if things stay quiet. Would a proper break help? While paused I "
        "send nothing and your streaks are protected.\n\n"
        "Whenever you answer, everything goes back to normal."
    ),
    "not_paused": "You're not paused — check-ins are on. /pause takes a break.",
    "pause_days_invalid": (
        "🤔 Please give a number of days between 1 and 90, like /pause 7 or /pause 2 weeks — "
        "or just /pause to choose."
    ),
    "checkin_day_invalid": (
        "🤔 I can open today's check-in or one of the last 7 days: try /checkin yesterday, "
        "/checkin 3 or /checkin monday."
    ),
    "too_old_to_change": "That day is more than 7 days ago, so it can't be changed any more.",
    "checkin_day_prompt": "Which check-in of {day}?",
    # --- streaks and summaries ------------------------------------------------------------
    "streaks_title": "🔥 <b>Streaks</b>",
    # /streaks: one compact row per habit (readable at phone width), with a key line above.
    "streaks_key": "<i>🔥 days in a row (best) · 💪 strength · 🎯 this week / goal</i>",
    "streak_line": (
        "{icon} <b>{habit}</b> 🔥 {current} ({best}) · 💪 {score}% · 🎯 {kept}/{target}{met}"
    ),
    "streak_goal_met": " ✓",
    "streaks_empty": "No streaks yet — they start with your first check-in.",
    "day_word_one": "day",
    "day_word_many": "days",
    "night_word_one": "night",
    "night_word_many": "nights",
    "habit_word_one": "habit",
    "habit_word_many": "habits",
    "week_word_one": "week",
    "week_word_many": "weeks",
    "explain_title": "ℹ️ <b>How is this calculated?</b>",
    "explain_body": (
        "🔥 <b>Streak</b>: days in a row you kept the habit. A “no” or a day without an answer "
        "ends it; skipped or paused days don't. Today counts once you've answered.\n"
        "💪 <b>Strength</b>: a moving average, as in the Loop Habit Tracker: recent days count "
        "most, and a day's effect halves in {half_life} days. Kept every day, it reaches {m30}% "
        "in a month and {m90}% in three. It shows 0% until you first keep the habit.\n"
        "😴 Sleep earns partial credit: a night counts as hours ÷ {target} (7 h = 7/8 of a "
        "kept night).\n"
        "🎯 <b>This week</b>: days kept / your weekly goal. Skipped or paused days lower the "
        "goal (5 of 7 becomes {one_off} of 6). Change goals in /settings."
    ),
    "summary_title": "📊 <b>Your week</b> · {period}",
    "summary_first": "🌱 Your first week with Gut Check — here's how it went so far.",
    "summary_empty": (
        "Nothing was recorded this week — that's fine. A fresh week starts now; /checkin any time."
    ),
    "summary_protected": "⏸ {days} skipped or paused — they don't count against you.",
    "summary_partial": "You answered on {days} of 7 — every day you check in counts.",
    "summary_answered": "✅ Check-ins answered: <b>{answered}</b> of {sent}",
    "summary_sleep": (
        "😴 Sleep: <b>{average}</b> on average · 8 h or more on <b>{nights}</b> of {reported} "
        "{nights_word}{change}"
    ),
    "summary_no_sleep": "😴 Sleep: no nights recorded",
    "summary_habit": "{icon} {habit}: <b>{kept}</b> {days_word}{change}",
    "summary_habit_unanswered": "{icon} {habit}: not answered yet",
    "summary_allergens_none": "⚠️ No exposure to your watched allergens on {days} answered",
    "summary_allergens_unanswered": "⚠️ Watched allergens: not answered yet",
    "summary_allergens": "⚠️ Allergen exposure on {count}: {details}",
    "summary_symptoms": "🩺 Symptoms: mild on {mild}, strong on {strong}",
    "summary_no_symptoms": "🩺 No symptoms on {days} answered",
    "summary_symptoms_unanswered": "🩺 Symptoms: not answered yet",
    "summary_streaks": "🔥 Streaks: {streaks}",
    "summary_goals": "🎯 Weekly goals met: {met} of {total}",
    "summary_best_day": "⭐ Best day: {day} ({kept} {habits_word} kept)",
    "summary_change_up": " (▲{delta} vs last week)",
    "summary_change_down": " (▼{delta} vs last week)",
    "summary_focus": "🎯 <b>Focus for next week: {habit}</b>",
    "summary_focus_none": "🎯 <b>Every habit kept this week</b> — here's one to keep in mind:",
    "summary_medical": "Keep your allergen and symptom notes for your medical team.",
    "week_so_far_title": "📊 <b>This week so far</b> · {period}",
    "week_so_far_empty": "Nothing recorded this week yet — /checkin any time.",
    "week_to_come": "⏳ {days} still to come this week — the summary arrives at the end.",
    "chart_title": "Your week · {period}",
    "chart_sleep": "Sleep (hours)",
    # --- insights (/insights, the weekly summary's section) ----------------------------------
    "insights_title": "🔎 <b>What goes with feeling better</b> · {days} of answers",
    "insights_intro": (
        "Patterns in your own answers — <b>timing only, not a cause</b>. Symptom level: "
        "0 none, 1 mild, 2 strong."
    ),
    "insights_waiting": (
        "I compare habits with symptoms once there are {min_days} days with a symptom answer; "
        "you have {have}. <b>{needed} more {days_word} until I can compare.</b>"
    ),
    "insights_habit_header": "{icon} <b>{habit}</b>",
    "insights_line": (
        "  {when}: {mean_with} with ({with_days}) vs {mean_without} without ({without_days}) — "
        "{verdict} <i>(likely between {low} and {high})</i>"
    ),
    "insights_line_waiting": (
        "  {when}: not yet — {with_days} with, {without_days} without (I need {min} of each)"
    ),
    "insights_when_same": "same day",
    "insights_when_next": "next day",
    "insights_verdict_fewer": "<b>goes with {diff} lower</b>",
    "insights_verdict_more": "<b>goes with {diff} higher</b>",
    "insights_verdict_chance": "could be chance",
    "insights_method": (
        "<i>Each range allows for comparing {count} things at once (a Bayesian bootstrap), so "
        "“could be chance” means the data can't tell yet. Talk any pattern over with your "
        "medical team.</i>"
    ),
    "insights_no_comparisons": "Not enough days on each side yet for any comparison.",
    "insights_foods": "🥣 <b>How foods sat</b>: {foods}",
    "insights_food_item": "{food} sat well {sat} of {times} {times_word}",
    "insights_foods_none": "🥣 <b>How foods sat</b>: nothing reported yet",
    "insights_sleep": "😴 <b>Sleep, last 4 weeks</b>: {weeks}{trend}",
    "insights_sleep_trend_improving": " — improving ({change} across these weeks)",
    "insights_sleep_trend_declining": " — declining ({change} across these weeks)",
    "insights_sleep_trend_steady": " — steady ({change} across these weeks)",
    "insights_sleep_versus": (
        "😴 Nights before a symptom-free day: <b>{free}</b> on average; before a day with "
        "symptoms: <b>{unwell}</b> (timing only, not a cause)."
    ),
    "insights_caption": "🔎 Last 4 weeks: habits and symptoms, and what goes with fewer symptoms.",
    "insights_summary_header": "🔎 <b>Patterns, not causes</b> (/insights for more)",
    "insights_summary_none": (
        "🔎 No clear pattern between your habits and symptoms yet — so far it could be chance."
    ),
    "tip_foods_sat": "🥣 <i>If tolerated</i> — how foods have sat for you lately: {foods}.",
    "tip_food_item": "{food} {sat} of {times}",
    "time_word_one": "time",
    "time_word_many": "times",
    # --- settings additions -----------------------------------------------------------------
    "ask_reminder": (
        "⏰ <b>Reminder</b>\nIf a check-in is still unanswered after a while, I can nudge you "
        "once. How long should I wait?"
    ),
    "ask_summary_day": "📊 <b>Weekly summary</b>\nWhich day and time should I send it?",
    "ask_goals": (
        "🎯 <b>Weekly goals</b>\nOn how many days of the week do you want to keep each habit? "
        "Tap a habit to change it."
    ),
    "ask_goal": "🎯 <b>{habit}</b>: on how many days a week?",
    "reminder_off": "off",
    "minutes": "{minutes} min",
    # --- data rights, access ----------------------------------------------------------------
    "export_intro": (
        "📦 <b>Your data</b>, in four files: every day as a spreadsheet (CSV), the patterns "
        "between your habits and symptoms (CSV), everything stored about you (JSON), and a "
        "one-page summary of the last 30 days to show your medical team."
    ),
    "export_csv": "📄 Every day, one row each (opens in any spreadsheet).",
    "export_patterns": (
        "🔎 Patterns, not causes: symptoms with vs without each habit, and how each food sat (CSV)."
    ),
    "export_json": "🗂 Everything stored about you: settings, answers, notes, tips shown, streaks.",
    "export_report": "🩺 A one-page summary of the last 30 days for your medical team (PDF).",
    "delete_ask": (
        "🗑 <b>Delete everything?</b> This removes your settings, every answer and note, and your "
        "streaks from this bot, for good. You may want to /export first."
    ),
    "delete_done": (
        "✅ Done: everything Gut Check stored about you has been deleted. Send /start if you "
        "ever want to begin again."
    ),
    "delete_kept": "👍 Nothing was deleted.",
    "not_allowed": (
        "🔒 Sorry — this Gut Check bot is private to the people its operator has invited. "
        "Nothing about you was stored."
    ),
    "not_allowed_id": "If you were invited, send the operator your Telegram id: <code>{id}</code>",
    "admin_only": "🔒 That command is for the bot's operators only.",
    "admin_counts": (
        "📈 <b>Gut Check — operator view</b> (counts only)\n"
        "👥 Users: <b>{users}</b>\n"
        "🟢 Active in the last 7 days: <b>{active}</b>\n"
        "📨 Check-ins sent today (UTC): <b>{sent}</b> · answered today: <b>{answered}</b>\n"
        "🚫 Users who blocked the bot: <b>{blocked}</b>\n"
        "⚠️ Messages not delivered in the last 7 days: <b>{failures}</b>"
    ),
    "cancelled": "Okay, cancelled. Nothing you already answered was lost.",
    "nothing_to_cancel": "There's nothing to cancel. /help shows what I can do.",
    "error_apology": (
        "😕 Sorry — something went wrong on my side. Your saved answers are safe; please try "
        "again in a moment."
    ),
    "unknown_command": "I don't know that command. /help lists what I can do.",
    "private_only": "👋 I work in private chats only — message me directly to check in.",
    "unsupported_message": (
        "I can only read text, locations and button taps. /help shows what I can do."
    ),
    # --- emergency (bot/domain/emergency; translated below: the reply follows the message's
    # language, not the Telegram setting)
    "emergency": (
        "🚨 <b>If this is happening now, to you or someone with you, call your local emergency "
        "number now</b> (for example 112 in Europe, 911 in North America).\n"
        "I can't help with emergencies; after that, talk to your medical team."
    ),
    "emergency_with_number": (
        "🚨 <b>If this is happening now, to you or someone with you, call your local emergency "
        "number now: {number}</b>\n"
        "I can't help with emergencies; after that, talk to your medical team."
    ),
}

LABELS_EN: Final[Mapping[str, str]] = {
    "share_location": "📍 Share my location",
    "yes": "Yes",
    "no": "No",
    "done": "Done ✓",
    "none_allergens": "None",
    "none_of_these": "None of these",
    "no_note": "No note",
    "check_in_now": "✅ Check in now",
    "change_answer": "✏️ Change an answer",
    "back": "◀ Back",
    "morning_checkin": "☀️ Morning check-in",
    "evening_checkin": "🌙 Evening check-in",
    "settings_tz": "🌍 Time zone",
    "settings_morning": "☀️ Morning time",
    "settings_evening": "🌙 Evening time",
    "settings_day": "🌅 Day starts at",
    "settings_allergens": "⚠️ Allergens",
    "allergen_eggs": "Eggs",
    "allergen_fish": "Fish",
    "allergen_shellfish": "Shellfish",
    "allergen_tree_nuts": "Tree nuts",
    "allergen_peanuts": "Peanuts",
    "allergen_dairy": "Dairy",
    "allergen_soy": "Soy",
    "allergen_wheat": "Wheat",
    "kind_yogurt": "Yogurt",
    "kind_milk_kefir": "Milk or kefir",
    "kind_kimchi": "Kimchi",
    "kind_sauerkraut": "Sauerkraut",
    "kind_supplement": "Supplement",
    "kind_other": "Other",
    "symptoms_none": "None",
    "symptoms_mild": "Mild",
    "symptoms_strong": "Strong",
    "confirm_yes": "✅ Yes, that's right",
    "confirm_no": "✖️ No",
    "confirm_neither": "✖️ Neither",
    "q_sleep": "Sleep",
    "q_probiotics": "Probiotics / fermented food",
    "q_probiotic_kinds": "Which ones",
    "q_tolerated": "Sat well",
    "q_vitamin_c": "Vitamin C",
    "q_vitamin_d": "Vitamin D",
    "q_allergens": "Allergens",
    "q_symptoms": "Symptoms",
    "q_note": "Note",
    "cmd_start": "Welcome and setup",
    "cmd_checkin": "Check in now",
    "cmd_today": "What you've recorded today",
    "cmd_settings": "Time zone, check-in times, allergens",
    "cmd_help": "What I do and what I store",
    "cmd_tips": "A tip from the article",
    "cmd_about": "What Gut Check is based on",
    "another_tip": "💡 Another tip",
    "all_topics": "📚 Topics",
    "cmd_cancel": "Stop what we're doing",
    "cmd_streaks": "Streaks, strength and weekly goals",
    "cmd_export": "Download your data and a report for your doctor",
    "cmd_delete": "Delete everything stored about you",
    "delete_confirm": "🗑 Yes, delete everything",
    "delete_keep": "No, keep my data",
    "cmd_week": "This week so far, with a chart",
    "cmd_pause": "Take a break (streaks protected)",
    "cmd_resume": "End a break",
    "cmd_admin": "Operator counts (no one's answers)",
    "skip_today": "⏭ Skip today",
    "skip_that_day": "⏭ Skip this day",
    "undo": "↩ Undo",
    "answer_now": "✍️ Answer now",
    "snooze_minutes": "⏰ {minutes} min",
    "snooze_hours": "⏰ {hours} h",
    "pause_days": "{days} days",
    "pause_week": "1 week",
    "pause_two_weeks": "2 weeks",
    "pause_open": "Until I resume",
    "pause_offer_week": "⏸ A week off",
    "pause_offer_two_weeks": "⏸ Two weeks off",
    "pause_offer_open": "⏸ Until I'm back",
    "pause_offer_checkin": "✍️ Check in now",
    "how_calculated": "ℹ️ How is this calculated?",
    "yesterday": "◀ Yesterday",
    "previous_day": "◀",
    "next_day": "▶",
    "settings_reminder": "⏰ Reminder",
    "settings_summary": "📊 Weekly summary",
    "settings_goals": "🎯 Weekly goals",
    "reminder_off": "Off",
    "weekday_0": "Mon",
    "weekday_1": "Tue",
    "weekday_2": "Wed",
    "weekday_3": "Thu",
    "weekday_4": "Fri",
    "weekday_5": "Sat",
    "weekday_6": "Sun",
    "habit_sleep_8h": "Sleep 8 h+",
    "habit_probiotics": "Probiotics / fermented",
    "habit_vitamin_c": "Vitamin C",
    "habit_vitamin_d": "Vitamin D",
    "habit_checked_in": "Checked in",
    "chart_habit_sleep_8h": "Sleep 8 h+",
    "chart_habit_probiotics": "Probiotics",
    "chart_habit_vitamin_c": "Vitamin C",
    "chart_habit_vitamin_d": "Vitamin D",
    "chart_habit_checked_in": "Checked in",
    "legend_kept": "done",
    "legend_missed": "not done",
    "legend_protected": "skipped / paused",
    "legend_unknown": "no answer",
    "cmd_insights": "What goes with feeling better",
    "insights_chart_title": "Last 4 weeks · {period}",
    "insights_chart_sleep": "Sleep 8 h+",
    "insights_chart_probiotics": "Probiotics",
    "insights_chart_vitamin_c": "Vitamin C",
    "insights_chart_vitamin_d": "Vitamin D",
    "insights_chart_allergen": "Exposed to",
    "insights_chart_symptoms": "Symptoms",
    "insights_chart_mild": "mild",
    "insights_chart_strong": "strong",
    "insights_chart_no_answer": "no answer",
    "insights_chart_compare": "Symptoms with vs without (same day)",
    "insights_chart_fewer": "fewer with",
    "insights_chart_more": "more with",
    "insights_chart_chance": "could be chance",
    "insights_chart_fewer_by": "goes with {diff} lower",
    "insights_chart_more_by": "goes with {diff} higher",
    "insights_chart_letters": "S,P,C,D",
    "insights_chart_waiting": "{needed} more days until I can compare",
    "insights_chart_too_few": "not enough days on each side yet",
    "insights_factor_sleep_8h": "Sleep 8 h+",
    "insights_factor_probiotics": "Probiotics / fermented",
    "insights_factor_vitamin_c": "Vitamin C",
    "insights_factor_vitamin_d": "Vitamin D",
    "insights_factor_allergen": "Ate {allergen}",
}

# The export files and the one-page report for the medical team (``bot.reports``). Plural forms
# are "_one"/"_other"; templates are read raw (``raw_label``) and filled by the renderer.
REPORT_LABELS_EN: Final[Mapping[str, str]] = {
    "report_language": "en",
    "report_data_file_prefix": "gutcheck",
    "report_document_file_prefix": "gutcheck-report",
    "report_yes": "yes",
    "report_no": "no",
    "report_none": "none",
    "report_decimal_separator": ".",
    "report_months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    "report_date_short": "{day} {month}",
    "report_date_long": "{day} {month} {year}",
    "report_mark_answered": "answered",
    "report_mark_skipped": "skipped",
    "report_mark_paused": "paused",
    "report_mark_missed": "no answer",
    "report_col_date": "Date",
    "report_col_day": "Day",
    "report_col_sleep_hours": "Sleep (hours)",
    "report_col_probiotics": "Probiotics or fermented food",
    "report_col_probiotic_kinds": "Which ones",
    "report_col_probiotic_tolerated": "Sat well",
    "report_col_vitamin_c": "Vitamin C",
    "report_col_vitamin_d": "Vitamin D",
    "report_col_allergens_asked": "Allergens asked about",
    "report_col_allergens_exposed": "Exposed to",
    "report_col_symptoms": "Symptoms",
    "report_col_note": "Note",
    "report_col_morning_checkin": "Morning check-in",
    "report_col_morning_sent": "Morning check-in sent",
    "report_col_morning_answered": "Morning check-in answered",
    "report_col_evening_checkin": "Evening check-in",
    "report_col_evening_sent": "Evening check-in sent",
    "report_col_evening_answered": "Evening check-in answered",
    "report_checkin_answered": "answered",
    "report_checkin_unanswered": "sent, not answered",
    "report_checkin_not_sent": "not sent",
    "report_title": "Gut Check — summary for my medical team",
    "report_disclaimer": "Self-reported data from the Gut Check app; not a diagnosis.",
    "report_name": "Name",
    "report_generated": "Generated",
    "report_period": "Period",
    "report_period_value_one": "{start} – {end} ({count} day)",
    "report_period_value_other": "{start} – {end} ({count} days)",
    "report_time_zone": "Time zone",
    "report_allergens_watched": "Allergens watched",
    "report_not_set": "not set",
    "report_none_watched": "none",
    "report_section_summary": "Summary",
    "report_row_checkins": "Check-ins",
    "report_row_sleep": "Sleep",
    "report_row_probiotics": "Probiotics / fermented food",
    "report_row_vitamin_c": "Vitamin C",
    "report_row_vitamin_d": "Vitamin D",
    "report_row_allergens": "Allergen exposures",
    "report_row_symptoms": "Symptoms",
    "report_checkins_value_one": (
        "answered on {answered} of {total} day · skipped {skipped} · paused {paused} · "
        "no answer {missed}"
    ),
    "report_checkins_value_other": (
        "answered on {answered} of {total} days · skipped {skipped} · paused {paused} · "
        "no answer {missed}"
    ),
    "report_days_of_total_one": "{count} of {total} day",
    "report_days_of_total_other": "{count} of {total} days",
    "report_sleep_average_one": "average {hours} h over {count} night",
    "report_sleep_average_other": "average {hours} h over {count} nights",
    "report_sleep_target_one": "{target} h or more on {count} night",
    "report_sleep_target_other": "{target} h or more on {count} nights",
    "report_sleep_trend": "{trend}: {first} h in the first half, {second} h in the second",
    "report_sleep_trend_unknown": "too few nights to tell a trend",
    "report_trend_improving": "improving",
    "report_trend_declining": "declining",
    "report_trend_steady": "steady",
    "report_sleep_none": "no sleep reported",
    "report_probiotic_kinds": "kinds: {kinds}",
    "report_kind_count": "{name} ×{count}",
    "report_not_tolerated_one": "did not sit well on {count} day: {dates}",
    "report_not_tolerated_other": "did not sit well on {count} days: {dates}",
    "report_exposures_one": "{count} day with an exposure: {items}",
    "report_exposures_other": "{count} days with an exposure: {items}",
    "report_exposures_then_symptoms_one": (
        "symptoms reported the same or next day after {count} of {total} (timing only, not a cause)"
    ),
    "report_exposures_then_symptoms_other": (
        "symptoms reported the same or next day after {count} of {total} (timing only, not a cause)"
    ),
    "report_no_exposures": "none reported",
    "report_allergens_not_watched": "no allergens watched",
    "report_dated_item": "{date}: {items}",
    "report_symptoms_strong_one": "strong on {count} day: {dates}",
    "report_symptoms_strong_other": "strong on {count} days: {dates}",
    "report_symptoms_mild_one": "mild on {count} day: {dates}",
    "report_symptoms_mild_other": "mild on {count} days: {dates}",
    "report_symptoms_clear_one": "none on {count} day",
    "report_symptoms_clear_other": "none on {count} days",
    "report_symptoms_not_reported": "not reported",
    "report_more_items": "+{count} more",
    "report_section_chart": "Day by day",
    "report_chart_sleep": "Sleep (hours)",
    "report_chart_allergens": "Exposed to",
    "report_chart_symptoms": "Symptoms",
    "report_chart_probiotics": "Probiotics",
    "report_chart_vitamin_c": "Vitamin C",
    "report_chart_vitamin_d": "Vitamin D",
    "report_legend_yes": "yes / exposed",
    "report_legend_no": "no / not exposed / no symptoms",
    "report_legend_mild": "mild symptoms",
    "report_legend_strong": "strong symptoms",
    "report_legend_protected": "skipped or paused",
    "report_legend_target": "{target} h sleep target",
    "report_legend_blank": "blank: no answer",
    "report_section_patterns": "Patterns, not causes (every day recorded)",
    "report_patterns_intro": (
        "Average symptom level (0 none, 1 mild, 2 strong) with vs without each habit, days in "
        "brackets; [range] allows for {count} comparisons at once. Timing only, not a cause."
    ),
    "report_patterns_waiting_one": "{count} more day of data needed before comparing.",
    "report_patterns_waiting_other": "{count} more days of data needed before comparing.",
    "report_patterns_none": "No habit has enough days on each side yet.",
    "report_patterns_col_habit": "Habit",
    "report_patterns_col_same_day": "Same day",
    "report_patterns_col_next_day": "Next day",
    "report_patterns_cell": (
        "{with_mean} vs {without_mean} ({with_days}/{without_days}): {difference} [{low}, {high}]"
    ),
    "report_patterns_chance": "could be chance",
    "report_patterns_pattern": "pattern",
    "report_patterns_too_few": "too few days on one side",
    "report_patterns_more": "+{count} more in the patterns CSV and the JSON export",
    "report_patterns_sleep": "Sleep 8 h+ (night before)",
    "report_patterns_allergen": "Ate {allergen}",
    "report_patterns_foods": "How foods sat",
    "report_patterns_food_item": "{food} sat well {sat} of {times}",
    "report_patterns_foods_none": "nothing reported",
    "report_patterns_file_prefix": "gutcheck-patterns",
    "report_patterns_col_when": "When",
    "report_patterns_col_days_with": "Days with",
    "report_patterns_col_days_without": "Days without",
    "report_patterns_col_mean_with": "Symptom level with",
    "report_patterns_col_mean_without": "Symptom level without",
    "report_patterns_col_difference": "Difference",
    "report_patterns_col_low": "Range from",
    "report_patterns_col_high": "Range to",
    "report_patterns_col_verdict": "Verdict",
    "report_patterns_sat_well": "sat well (times / other times)",
    "report_section_notes": "Notes",
    "report_notes_none": "No notes in this period.",
    "report_notes_more_one": (
        "{count} earlier note not shown — every note is in the CSV and JSON exports."
    ),
    "report_notes_more_other": (
        "{count} earlier notes not shown — every note is in the CSV and JSON exports."
    ),
    "report_note_not_printable": (
        "(this note cannot be shown here; it is in the CSV and JSON exports)"
    ),
}

# The emergency reply in every language the emergency check reads (bot/domain/emergency);
# other keys fall back to English.
EMERGENCY_DE: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Wenn das gerade dir oder jemandem bei dir passiert, ruf jetzt den Notruf an</b> "
        "(zum Beispiel 112 in Europa, 911 in Nordamerika).\n"
        "Bei Notfällen kann ich nicht helfen; sprich danach mit deinem Behandlungsteam."
    ),
    "emergency_with_number": (
        "🚨 <b>Wenn das gerade dir oder jemandem bei dir passiert, ruf jetzt den Notruf an: "
        "{number}</b>\n"
        "Bei Notfällen kann ich nicht helfen; sprich danach mit deinem Behandlungsteam."
    ),
}
EMERGENCY_ES: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Si te está pasando ahora, a ti o a alguien contigo, llama ya al número de "
        "emergencias</b> (por ejemplo, 112 en Europa, 911 en Norteamérica).\n"
        "No puedo ayudar en emergencias; después, habla con tu equipo médico."
    ),
    "emergency_with_number": (
        "🚨 <b>Si te está pasando ahora, a ti o a alguien contigo, llama ya al número de "
        "emergencias: {number}</b>\n"
        "No puedo ayudar en emergencias; después, habla con tu equipo médico."
    ),
}
EMERGENCY_FR: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Si cela vous arrive maintenant, à vous ou à un proche, appelez tout de suite le "
        "numéro d'urgence</b> (par exemple le 112 en Europe, le 911 en Amérique du Nord).\n"
        "Je ne peux pas aider en cas d'urgence ; ensuite, parlez-en à votre équipe médicale."
    ),
    "emergency_with_number": (
        "🚨 <b>Si cela vous arrive maintenant, à vous ou à un proche, appelez tout de suite le "
        "numéro d'urgence : {number}</b>\n"
        "Je ne peux pas aider en cas d'urgence ; ensuite, parlez-en à votre équipe médicale."
    ),
}
EMERGENCY_IT: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Se sta succedendo ora, a te o a qualcuno con te, chiama subito il numero di "
        "emergenza</b> (per esempio 112 in Europa, 911 in Nord America).\n"
        "Non posso aiutarti nelle emergenze; dopo, parlane con il tuo team medico."
    ),
    "emergency_with_number": (
        "🚨 <b>Se sta succedendo ora, a te o a qualcuno con te, chiama subito il numero di "
        "emergenza: {number}</b>\n"
        "Non posso aiutarti nelle emergenze; dopo, parlane con il tuo team medico."
    ),
}
EMERGENCY_PT: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Se isso está acontecendo agora, com você ou com alguém com você, ligue já para o "
        "número de emergência</b> (por exemplo, 112 na Europa, 911 na América do Norte).\n"
        "Não posso ajudar em emergências; depois, fale com sua equipe médica."
    ),
    "emergency_with_number": (
        "🚨 <b>Se isso está acontecendo agora, com você ou com alguém com você, ligue já para o "
        "número de emergência: {number}</b>\n"
        "Não posso ajudar em emergências; depois, fale com sua equipe médica."
    ),
}
EMERGENCY_RU: Final[Mapping[str, str]] = {
    "emergency": (
        "🚨 <b>Если это происходит сейчас с вами или с кем-то рядом, немедленно звоните в "
        "экстренную службу</b> (например, 112 в Европе, 911 в Северной Америке).\n"
        "Я не могу помочь в экстренной ситуации; потом обратитесь к своей медицинской команде."
    ),
    "emergency_with_number": (
        "🚨 <b>Если это происходит сейчас с вами или с кем-то рядом, немедленно звоните в "
        "экстренную службу: {number}</b>\n"
        "Я не могу помочь в экстренной ситуации; потом обратитесь к своей медицинской команде."
    ),
}

CATALOGS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": EN,
    "de": EMERGENCY_DE,
    "es": EMERGENCY_ES,
    "fr": EMERGENCY_FR,
    "it": EMERGENCY_IT,
    "pt": EMERGENCY_PT,
    "ru": EMERGENCY_RU,
}
LABEL_CATALOGS: Final[Mapping[str, Mapping[str, str]]] = {"en": {**LABELS_EN, **REPORT_LABELS_EN}}


def _catalog(catalogs: Mapping[str, Mapping[str, str]], language: str | None) -> Mapping[str, str]:
    code = (language or "en").split("-")[0].lower()
    return catalogs.get(code, catalogs["en"])


def t(key: str, language: str | None = None, /, **params: object) -> Html:
    """A message in the user's language, with every parameter HTML-escaped (values that are
    already :class:`Html` are inserted as they are)."""
    template = _catalog(CATALOGS, language).get(key) or EN[key]
    safe = {name: escape(value) for name, value in params.items()}
    return Html(template.format(**safe))


def label(key: str, language: str | None = None, /, **params: object) -> str:
    """A button label (plain text; Telegram does not parse HTML in buttons)."""
    template = _catalog(LABEL_CATALOGS, language).get(key) or LABELS_EN[key]
    return template.format(**params)


def raw_label(key: str, language: str | None = None) -> str:
    """A label's template as written, placeholders unfilled (for renderers that fill them)."""
    return _catalog(LABEL_CATALOGS, language).get(key) or LABEL_CATALOGS["en"][key]
