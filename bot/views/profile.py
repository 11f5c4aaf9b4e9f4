"""Onboarding and settings screens: time zone, check-in times, day start, allergens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time

from bot.callbacks import (
    REMINDER_MINUTES,
    AllergenChoice,
    AllergenPress,
    DayStartPress,
    Flow,
    GoalPress,
    OpenCheckinPress,
    ReminderPress,
    SettingsItem,
    SettingsPress,
    SummaryDayPress,
    SummaryTimePress,
    TimePress,
    ZonePress,
    encode,
)
from bot.domain.answers import Allergen, Slot
from bot.domain.habits import Habit
from bot.domain.schedule import user_zone
from bot.domain.timezones.results import ZoneOption
from bot.html import Html
from bot.replies import Button, Keyboard, Reply
from bot.texts import label, t
from bot.views.phrases import allergen_names, allergen_phrase, clock, zone_name

MORNING_CHOICES = tuple(time(h, m) for h in range(6, 11) for m in (0, 30))[:9]
EVENING_CHOICES = tuple(time(h, m) for h in range(19, 24) for m in (0, 30))[:9]
DAY_START_CHOICES = (0, 1, 2, 3, 4, 5, 6)
SUMMARY_TIMES = tuple(time(hour) for hour in (9, 12, 17, 18, 19, 20))


def zone_prompt(language: str | None, *, onboarding: bool) -> Reply:
    key = "ask_timezone" if onboarding else "ask_timezone_settings"
    return Reply(text=t(key, language), location_button=label("share_location", language))


def zone_options(flow: Flow, options: tuple[ZoneOption, ...]) -> Keyboard:
    return tuple(
        (Button(option.label, encode(ZonePress(flow, option.zone))),) for option in options
    )


def time_keyboard(flow: Flow, slot: Slot, current: time) -> Keyboard:
    choices = MORNING_CHOICES if slot is Slot.MORNING else EVENING_CHOICES
    buttons = [
        Button(f"✓ {clock(at)}" if at == current else clock(at), encode(TimePress(flow, slot, at)))
        for at in choices
    ]
    rows = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
    if flow is Flow.SETTINGS:
        rows.append((Button(label("back", None), encode(SettingsPress(SettingsItem.MENU))),))
    return tuple(rows)


def time_prompt(flow: Flow, slot: Slot, current: time, language: str | None) -> Reply:
    key = "ask_morning_time" if slot is Slot.MORNING else "ask_evening_time"
    return Reply(
        text=t(_for_flow(key, flow), language), keyboard=time_keyboard(flow, slot, current)
    )


def _for_flow(key: str, flow: Flow) -> str:
    """Onboarding's prompts count the steps; the same prompt from /settings does not."""
    return f"{key}_settings" if flow is Flow.SETTINGS else key


def allergen_prompt(
    flow: Flow, watched: tuple[Allergen, ...], language: str | None, notice: Html | None = None
) -> Reply:
    buttons = [
        Button(
            ("✓ " if allergen in watched else "") + label(f"allergen_{allergen.value}", language),
            encode(AllergenPress(flow, allergen)),
        )
        for allergen in Allergen
    ]
    rows = [tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4)]
    rows.append(
        (
            Button(
                label("none_allergens", language), encode(AllergenPress(flow, AllergenChoice.NONE))
            ),
            Button(label("done", language), encode(AllergenPress(flow, AllergenChoice.DONE))),
        )
    )
    text = t(_for_flow("ask_allergens", flow), language)
    if watched:
        text = Html(
            text
            + "\n\n"
            + t("allergens_chosen", language, allergens=allergen_names(watched, language))
        )
    if notice:
        text = Html(text + "\n\n" + notice)
    return Reply(text=text, keyboard=tuple(rows))


def allergens_confirmed(flow: Flow, watched: tuple[Allergen, ...], language: str | None) -> Reply:
    """The allergen step after a typed answer: what was understood, without stale buttons."""
    text = t(_for_flow("ask_allergens", flow), language)
    if watched:
        understood = t(
            "allergens_typed_understood", language, allergens=allergen_names(watched, language)
        )
    else:
        understood = t("allergens_typed_none_understood", language)
    return Reply(text=Html(text + "\n\n" + understood))


def time_confirmed(flow: Flow, slot: Slot, at: time, language: str | None) -> Reply:
    """A time step after a typed answer: "✓ Got it: 06:45", without the stale buttons (which
    would still tick the old time)."""
    key = "ask_morning_time" if slot is Slot.MORNING else "ask_evening_time"
    understood = t("time_typed_understood", language, time=clock(at))
    return Reply(text=Html(t(_for_flow(key, flow), language) + "\n\n" + understood))


def schedule_summary(
    zone: str, morning: time, evening: time, watched: tuple[Allergen, ...], language: str | None
) -> Html:
    allergens = (
        t("schedule_allergens", language, allergens=allergen_phrase(watched, language))
        if watched
        else t("schedule_no_allergens", language)
    )
    return t(
        "schedule_line",
        language,
        morning=clock(morning),
        evening=clock(evening),
        zone=zone_name(zone),
        allergens=allergens,
    )


def check_in_now_keyboard(language: str | None) -> Keyboard:
    return ((Button(label("check_in_now", language), encode(OpenCheckinPress(None))),),)


@dataclass(frozen=True)
class SettingsValues:
    zone: str | None
    morning: time
    evening: time
    day_start_hour: int
    watched: tuple[Allergen, ...]
    reminder_minutes: int
    summary_weekday: int
    summary_time: time


def reminder_label(minutes: int, language: str | None) -> Html:
    return t("reminder_off", language) if minutes == 0 else t("minutes", language, minutes=minutes)


def settings_menu(
    values: SettingsValues, language: str | None, notice: Html | None = None
) -> Reply:
    summary = f"{label(f'weekday_{values.summary_weekday}', language)} {clock(values.summary_time)}"
    body = t(
        "settings_body",
        language,
        zone=zone_name(values.zone) if values.zone else "—",
        morning=clock(values.morning),
        evening=clock(values.evening),
        day_start=clock(time(values.day_start_hour)),
        allergens=allergen_names(values.watched, language) or t("none_watched", language),
        reminder=reminder_label(values.reminder_minutes, language),
        summary=summary,
    )
    parts = [t("settings_title", language), body]
    if notice:
        parts.append(notice)
    keyboard: Keyboard = (
        (
            Button(label("settings_tz", language), encode(SettingsPress(SettingsItem.ZONE))),
            Button(
                label("settings_allergens", language), encode(SettingsPress(SettingsItem.ALLERGENS))
            ),
        ),
        (
            Button(
                label("settings_morning", language), encode(SettingsPress(SettingsItem.MORNING))
            ),
            Button(
                label("settings_evening", language), encode(SettingsPress(SettingsItem.EVENING))
            ),
        ),
        (
            Button(label("settings_day", language), encode(SettingsPress(SettingsItem.DAY_START))),
            Button(
                label("settings_reminder", language), encode(SettingsPress(SettingsItem.REMINDER))
            ),
        ),
        (
            Button(
                label("settings_summary", language), encode(SettingsPress(SettingsItem.SUMMARY))
            ),
            Button(label("settings_goals", language), encode(SettingsPress(SettingsItem.GOALS))),
        ),
    )
    return Reply(text=Html("\n\n".join(parts)), keyboard=keyboard)


def _back_to_menu(language: str | None) -> tuple[Button, ...]:
    return (Button(label("back", language), encode(SettingsPress(SettingsItem.MENU))),)


def reminder_prompt(current: int, language: str | None) -> Reply:
    buttons = [
        Button(
            ("✓ " if minutes == current else "")
            + (label("reminder_off", language) if minutes == 0 else f"{minutes} min"),
            encode(ReminderPress(minutes)),
        )
        for minutes in REMINDER_MINUTES
    ]
    rows = [tuple(buttons[:3]), tuple(buttons[3:]), _back_to_menu(language)]
    return Reply(text=t("ask_reminder", language), keyboard=tuple(rows))


def summary_prompt(weekday: int, at: time, language: str | None) -> Reply:
    days = [
        Button(
            ("✓ " if day == weekday else "") + label(f"weekday_{day}", language),
            encode(SummaryDayPress(day)),
        )
        for day in range(7)
    ]
    times = [
        Button(("✓ " if choice == at else "") + clock(choice), encode(SummaryTimePress(choice)))
        for choice in SUMMARY_TIMES
    ]
    rows = [
        tuple(days[:4]),
        tuple(days[4:]),
        tuple(times[:3]),
        tuple(times[3:]),
        _back_to_menu(language),
    ]
    return Reply(text=t("ask_summary_day", language), keyboard=tuple(rows))


def goals_prompt(goals: Mapping[Habit, int], language: str | None) -> Reply:
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                f"{label(f'habit_{habit.value}', language)}: {days}/7",
                encode(GoalPress(habit, None)),
            ),
        )
        for habit, days in goals.items()
    ]
    rows.append(_back_to_menu(language))
    return Reply(text=t("ask_goals", language), keyboard=tuple(rows))


def goal_prompt(habit: Habit, current: int, language: str | None) -> Reply:
    buttons = [
        Button(("✓ " if days == current else "") + str(days), encode(GoalPress(habit, days)))
        for days in range(1, 8)
    ]
    rows = [
        tuple(buttons),
        (Button(label("back", language), encode(SettingsPress(SettingsItem.GOALS))),),
    ]
    text = t("ask_goal", language, habit=label(f"habit_{habit.value}", language))
    return Reply(text=text, keyboard=tuple(rows))


def day_start_prompt(current: int, language: str | None) -> Reply:
    buttons = [
        Button(("✓ " if hour == current else "") + clock(time(hour)), encode(DayStartPress(hour)))
        for hour in DAY_START_CHOICES
    ]
    rows = [
        tuple(buttons[:4]),
        tuple(buttons[4:]),
        (Button(label("back", language), encode(SettingsPress(SettingsItem.MENU))),),
    ]
    return Reply(text=t("ask_day_start", language), keyboard=tuple(rows))


def zone_confirmation(
    zone: str, now: datetime, offset: str, language: str | None, place: str | None = None
) -> Html:
    """The zone set; ``place``: the place a typed name was understood as (``Atlantis, South
    Africa``), said first with a way to correct it, unless it is just the zone's own name."""
    local_time = clock(now.astimezone(user_zone(zone)).time())
    shown = zone_name(zone)
    if place and place not in (zone, shown) and not place.startswith("UTC"):
        return t(
            "timezone_set_place",
            language,
            place=place,
            zone=shown,
            local_time=local_time,
            offset=offset,
        )
    return t("timezone_set", language, zone=shown, local_time=local_time, offset=offset)
