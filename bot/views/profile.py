"""Onboarding and settings screens: time zone, check-in times, day start, allergens."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.callbacks import (
    AllergenPress,
    DayStartPress,
    OpenCheckinPress,
    SettingsPress,
    TimePress,
    ZonePress,
    encode,
)
from bot.domain.answers import Allergen, Slot
from bot.domain.timezones import ZoneOption
from bot.render.html import Html
from bot.replies import Button, Keyboard, Reply
from bot.texts import label, t
from bot.views.formatting import allergen_names, clock

MORNING_CHOICES = tuple(time(h, m) for h in range(6, 11) for m in (0, 30))[:9]
EVENING_CHOICES = tuple(time(h, m) for h in range(19, 24) for m in (0, 30))[:9]
DAY_START_CHOICES = (0, 1, 2, 3, 4, 5, 6)


def zone_prompt(language: str | None, *, onboarding: bool) -> Reply:
    key = "ask_timezone" if onboarding else "ask_timezone_settings"
    return Reply(text=t(key, language), location_button=label("share_location", language))


def zone_options(flow: str, options: tuple[ZoneOption, ...]) -> Keyboard:
    return tuple(
        (Button(option.label, encode(ZonePress(flow, option.zone))),) for option in options
    )


def time_keyboard(flow: str, slot: Slot, current: time) -> Keyboard:
    choices = MORNING_CHOICES if slot is Slot.MORNING else EVENING_CHOICES
    buttons = [
        Button(f"✓ {clock(at)}" if at == current else clock(at), encode(TimePress(flow, slot, at)))
        for at in choices
    ]
    rows = [tuple(buttons[i : i + 3]) for i in range(0, len(buttons), 3)]
    if flow == "s":
        rows.append((Button(label("back", None), encode(SettingsPress("menu"))),))
    return tuple(rows)


def time_prompt(flow: str, slot: Slot, current: time, language: str | None) -> Reply:
    key = "ask_morning_time" if slot is Slot.MORNING else "ask_evening_time"
    return Reply(text=t(key, language), keyboard=time_keyboard(flow, slot, current))


def allergen_prompt(flow: str, watched: tuple[Allergen, ...], language: str | None) -> Reply:
    buttons = [
        Button(
            ("✓ " if allergen in watched else "") + label(f"allergen_{allergen.value}", language),
            encode(AllergenPress(flow, allergen.value)),
        )
        for allergen in Allergen
    ]
    rows = [tuple(buttons[i : i + 4]) for i in range(0, len(buttons), 4)]
    rows.append(
        (
            Button(label("none_allergens", language), encode(AllergenPress(flow, "none"))),
            Button(label("done", language), encode(AllergenPress(flow, "done"))),
        )
    )
    text = t("ask_allergens", language)
    if watched:
        text = Html(
            text
            + "\n\n"
            + t("allergens_chosen", language, allergens=allergen_names(watched, language))
        )
    return Reply(text=text, keyboard=tuple(rows))


def schedule_summary(
    zone: str, morning: time, evening: time, watched: tuple[Allergen, ...], language: str | None
) -> Html:
    allergens = (
        t("schedule_allergens", language, allergens=allergen_names(watched, language))
        if watched
        else t("schedule_no_allergens", language)
    )
    return t(
        "schedule_line",
        language,
        morning=clock(morning),
        evening=clock(evening),
        zone=zone,
        allergens=allergens,
    )


def check_in_now_keyboard(language: str | None) -> Keyboard:
    return ((Button(label("check_in_now", language), encode(OpenCheckinPress(None))),),)


def settings_menu(
    zone: str | None,
    morning: time,
    evening: time,
    day_start_hour: int,
    watched: tuple[Allergen, ...],
    language: str | None,
    notice: Html | None = None,
) -> Reply:
    body = t(
        "settings_body",
        language,
        zone=zone or "—",
        morning=clock(morning),
        evening=clock(evening),
        day_start=clock(time(day_start_hour)),
        allergens=allergen_names(watched, language) or t("none_watched", language),
    )
    parts = [t("settings_title", language), body]
    if notice:
        parts.append(notice)
    keyboard: Keyboard = (
        (
            Button(label("settings_tz", language), encode(SettingsPress("tz"))),
            Button(label("settings_allergens", language), encode(SettingsPress("allergens"))),
        ),
        (
            Button(label("settings_morning", language), encode(SettingsPress("morning"))),
            Button(label("settings_evening", language), encode(SettingsPress("evening"))),
        ),
        (Button(label("settings_day", language), encode(SettingsPress("day"))),),
    )
    return Reply(text=Html("\n\n".join(parts)), keyboard=keyboard)


def day_start_prompt(current: int, language: str | None) -> Reply:
    buttons = [
        Button(("✓ " if hour == current else "") + clock(time(hour)), encode(DayStartPress(hour)))
        for hour in DAY_START_CHOICES
    ]
    rows = [
        tuple(buttons[:4]),
        tuple(buttons[4:]),
        (Button(label("back", language), encode(SettingsPress("menu"))),),
    ]
    return Reply(text=t("ask_day_start", language), keyboard=tuple(rows))


def zone_confirmation(zone: str, now: datetime, offset: str, language: str | None) -> Html:
    local_time = clock(now.astimezone(ZoneInfo(zone)).time())
    return t("timezone_set", language, zone=zone, local_time=local_time, offset=offset)
