"""Callback data: what a button press means, encoded in Telegram's 64 bytes.

Buttons are stateless: the data names the check-in (or setting) and the choice, and the
handler checks that the check-in belongs to whoever pressed. Anything that does not decode
exactly — forged, truncated, from an older version — decodes to ``None`` ("this button has
expired"), never to an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time
from enum import StrEnum
from typing import Final

from bot.domain.answers import Allergen, ProbioticKind, Slot, Symptoms
from bot.domain.checkin_flow import Question
from bot.domain.habits import Habit
from bot.domain.typed_reading import Understood
from bot.tips.content import TOPICS

MAX_CALLBACK_BYTES: Final = 64


@dataclass(frozen=True)
class AnswerPress:
    """An answer button on a check-in."""

    checkin_id: int
    question: Question
    value: str


@dataclass(frozen=True)
class ConfirmPress:
    """A one-tap confirmation of a typed answer the bot was unsure of ("Got it: it didn't sit
    well — right?"). ``reading`` is the answer to store; ``None`` means "no, that's wrong".
    The reading travels in the data itself, so the button works after a restart."""

    checkin_id: int
    question: Question
    reading: Understood | None


@dataclass(frozen=True)
class ChangeAnswerPress:
    """'Change an answer': ``question`` None opens the list of questions."""

    checkin_id: int
    question: Question | None


@dataclass(frozen=True)
class ShowCheckinPress:
    """Back to the check-in itself (leaves the 'change an answer' menu)."""

    checkin_id: int


@dataclass(frozen=True)
class OpenCheckinPress:
    """'Check in now' (today's check-in that fits the time of day, or a given slot), or a
    check-in of an earlier day (back-filling and corrections, up to 7 days back)."""

    slot: Slot | None
    days_ago: int = 0


@dataclass(frozen=True)
class SkipDayPress:
    """'Skip today' on a check-in (``undo`` takes it back)."""

    checkin_id: int
    undo: bool = False


@dataclass(frozen=True)
class SnoozePress:
    """A reminder's snooze choice."""

    checkin_id: int
    minutes: int


@dataclass(frozen=True)
class DayViewPress:
    """/today for an earlier day (0 = today)."""

    days_ago: int


@dataclass(frozen=True)
class PausePress:
    """/pause choices: a number of days, or 0 for "until I resume"."""

    days: int


@dataclass(frozen=True)
class ExplainPress:
    """'How is this calculated?' under /streaks."""


@dataclass(frozen=True)
class ReminderPress:
    """Settings: minutes before the reminder (0 = off)."""

    minutes: int


@dataclass(frozen=True)
class SummaryDayPress:
    weekday: int


@dataclass(frozen=True)
class SummaryTimePress:
    at: time


@dataclass(frozen=True)
class DeletePress:
    """/delete's confirmation: delete everything, or keep it. ``asked_minute`` (minutes since
    the epoch, UTC) dates the question, so an old confirmation cannot delete anything."""

    confirmed: bool
    asked_minute: int


@dataclass(frozen=True)
class GoalPress:
    """Settings: open a habit's goal (``days`` None) or set it."""

    habit: Habit
    days: int | None


class Flow(StrEnum):
    """Where a picker was opened from: onboarding continues, settings returns to the menu."""

    ONBOARDING = "o"
    SETTINGS = "s"


class AllergenChoice(StrEnum):
    """The allergen picker's buttons besides the allergens themselves."""

    NONE = "none"
    DONE = "done"


class SettingsItem(StrEnum):
    """A button of the settings menu (or one that leads back to it)."""

    ZONE = "tz"
    MORNING = "morning"
    EVENING = "evening"
    DAY_START = "day"
    ALLERGENS = "allergens"
    REMINDER = "reminder"
    SUMMARY = "summary"
    GOALS = "goals"
    MENU = "menu"


@dataclass(frozen=True)
class ZonePress:
    flow: Flow
    zone: str


@dataclass(frozen=True)
class TimePress:
    flow: Flow
    slot: Slot
    at: time


@dataclass(frozen=True)
class AllergenPress:
    flow: Flow
    value: Allergen | AllergenChoice


@dataclass(frozen=True)
class SettingsPress:
    item: SettingsItem


@dataclass(frozen=True)
class DayStartPress:
    hour: int


@dataclass(frozen=True)
class TipsPress:
    """Another tip, optionally on one topic."""

    topic: str | None


@dataclass(frozen=True)
class TopicListPress:
    """The list of tip topics."""


CallbackAction = (
    AnswerPress
    | ConfirmPress
    | ChangeAnswerPress
    | ShowCheckinPress
    | OpenCheckinPress
    | SkipDayPress
    | SnoozePress
    | DayViewPress
    | PausePress
    | ExplainPress
    | ReminderPress
    | SummaryDayPress
    | SummaryTimePress
    | GoalPress
    | DeletePress
    | ZonePress
    | TimePress
    | AllergenPress
    | SettingsPress
    | DayStartPress
    | TipsPress
    | TopicListPress
)

# A goal button for a habit since dropped ("allergen_free") decodes as expired.
_HABIT_KEYS: Final = frozenset(habit.value for habit in Habit)
_SLOT_CODES: Final = {Slot.MORNING: "am", Slot.EVENING: "pm"}
_SLOTS_BY_CODE: Final = {code: slot for slot, code in _SLOT_CODES.items()}
_ZONE_PATTERN: Final = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]{0,47}$")
_ANSWER_VALUE: Final = re.compile(r"^[a-z0-9_.]{1,16}$")
_ID: Final = re.compile(r"^[1-9][0-9]{0,17}$")
SNOOZE_MINUTES: Final = (30, 60, 120)
REMINDER_MINUTES: Final = (0, 30, 60, 90, 120, 180)
_SNOOZES: Final = frozenset(str(m) for m in SNOOZE_MINUTES)
_REMINDER_CHOICES: Final = frozenset(str(m) for m in REMINDER_MINUTES)


def encode(action: CallbackAction) -> str:
    match action:
        case AnswerPress(checkin_id, question, value):
            data = f"a:{checkin_id}:{question.value}:{value}"
        case ConfirmPress(checkin_id, question, reading):
            payload = "x" if reading is None else encode_reading(reading)
            data = f"f:{checkin_id}:{question.value}:{payload}"
        case ChangeAnswerPress(checkin_id, question):
            data = f"c:{checkin_id}:{question.value if question else '*'}"
        case ShowCheckinPress(checkin_id):
            data = f"v:{checkin_id}"
        case OpenCheckinPress(slot, days_ago):
            data = f"o:{_SLOT_CODES[slot] if slot else '*'}:{days_ago}"
        case SkipDayPress(checkin_id, undo):
            data = f"k:{checkin_id}:{1 if undo else 0}"
        case SnoozePress(checkin_id, minutes):
            data = f"n:{checkin_id}:{minutes}"
        case DayViewPress(days_ago):
            data = f"y:{days_ago}"
        case PausePress(days):
            data = f"u:{days}"
        case ExplainPress():
            data = "x:"
        case ReminderPress(minutes):
            data = f"r:{minutes}"
        case SummaryDayPress(weekday):
            data = f"w:{weekday}"
        case SummaryTimePress(at):
            data = f"h:{at.hour:02d}{at.minute:02d}"
        case DeletePress(confirmed, asked_minute):
            data = f"del:{1 if confirmed else 0}:{asked_minute}"
        case GoalPress(habit, days):
            data = f"q:{habit}:{'*' if days is None else days}"
        case ZonePress(flow, zone):
            data = f"z:{flow}:{zone}"
        case TimePress(flow, slot, at):
            data = f"t:{flow}:{_SLOT_CODES[slot]}:{at.hour:02d}{at.minute:02d}"
        case AllergenPress(flow, value):
            data = f"g:{flow}:{value}"
        case SettingsPress(item):
            data = f"s:{item}"
        case DayStartPress(hour):
            data = f"d:{hour}"
        case TipsPress(topic):
            data = f"p:{topic or '*'}"
        case TopicListPress():
            data = "p:?"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> CallbackAction | None:
    """The action a button press means, or ``None`` if the data is not ours or not valid."""
    if not data or len(data.encode("utf-8", "surrogatepass")) > MAX_CALLBACK_BYTES:
        return None
    kind, _, rest = data.partition(":")
    parts = rest.split(":")
    try:
        match kind, parts:
            case "a", [checkin_id, question, value] if _ID.match(
                checkin_id
            ) and _ANSWER_VALUE.match(value):
                return AnswerPress(int(checkin_id), Question(question), value)
            case "f", [checkin_id, question, payload] if _ID.match(checkin_id):
                reading = None if payload == "x" else decode_reading(payload)
                if reading is None and payload != "x":
                    return None
                return ConfirmPress(int(checkin_id), Question(question), reading)
            case "c", [checkin_id, question] if _ID.match(checkin_id):
                return ChangeAnswerPress(
                    int(checkin_id), None if question == "*" else Question(question)
                )
            case "v", [checkin_id] if _ID.match(checkin_id):
                return ShowCheckinPress(int(checkin_id))
            case "o", [slot, days_ago] if re.fullmatch(r"[0-7]", days_ago):
                return OpenCheckinPress(
                    None if slot == "*" else _SLOTS_BY_CODE[slot], int(days_ago)
                )
            case "k", [checkin_id, undo] if _ID.match(checkin_id) and undo in ("0", "1"):
                return SkipDayPress(int(checkin_id), undo == "1")
            case "n", [checkin_id, minutes] if _ID.match(checkin_id) and minutes in _SNOOZES:
                return SnoozePress(int(checkin_id), int(minutes))
            case "y", [days_ago] if re.fullmatch(r"[0-7]", days_ago):
                return DayViewPress(int(days_ago))
            case "u", [days] if re.fullmatch(r"\d{1,2}", days) and int(days) <= 90:
                return PausePress(int(days))
            case "del", [confirmed, minute] if confirmed in ("0", "1") and minute.isdigit():
                return DeletePress(confirmed == "1", int(minute))
            case "x", [""]:
                return ExplainPress()
            case "r", [minutes] if minutes in _REMINDER_CHOICES:
                return ReminderPress(int(minutes))
            case "w", [weekday] if re.fullmatch(r"[0-6]", weekday):
                return SummaryDayPress(int(weekday))
            case "h", [hhmm] if re.fullmatch(r"\d{4}", hhmm):
                return SummaryTimePress(time(int(hhmm[:2]), int(hhmm[2:])))
            case "q", [habit, days] if habit in _HABIT_KEYS and (
                days == "*" or re.fullmatch(r"[1-7]", days)
            ):
                return GoalPress(Habit(habit), None if days == "*" else int(days))
            case "z", [flow, zone] if _ZONE_PATTERN.match(zone):
                return ZonePress(Flow(flow), zone)
            case "t", [flow, slot, hhmm] if re.fullmatch(r"\d{4}", hhmm):
                at = time(int(hhmm[:2]), int(hhmm[2:]))
                return TimePress(Flow(flow), _SLOTS_BY_CODE[slot], at)
            case "g", [flow, value]:
                return AllergenPress(Flow(flow), _allergen_value(value))
            case "s", [item]:
                return SettingsPress(SettingsItem(item))
            case "d", [hour] if re.fullmatch(r"\d{1,2}", hour) and int(hour) < 24:
                return DayStartPress(int(hour))
            case "p", ["?"]:
                return TopicListPress()
            case "p", [topic] if topic == "*" or topic in TOPICS:
                return TipsPress(None if topic == "*" else topic)
    except (ValueError, KeyError):
        return None
    return None


def _allergen_value(value: str) -> Allergen | AllergenChoice:
    """An allergen's code, or one of the picker's other buttons; ValueError for anything else."""
    if value in Allergen._value2member_map_:
        return Allergen(value)
    return AllergenChoice(value)


# --- typed readings inside callback data ----------------------------------------------------
# Fields joined by "_": y / n (a yes or no), h<hours>, k<kinds>, t<kind><+|->… (how each food
# sat), a<allergens> ("a" alone: none of them), D (done), s<n|m|s> (symptoms). One letter per
# option keeps the longest reading well inside 64 bytes.

_KIND_LETTERS: Final = {
    ProbioticKind.YOGURT: "Y",
    ProbioticKind.MILK_KEFIR: "M",
    ProbioticKind.KIMCHI: "K",
    ProbioticKind.SAUERKRAUT: "S",
    ProbioticKind.SUPPLEMENT: "P",
    ProbioticKind.OTHER: "O",
}
_ALLERGEN_LETTERS: Final = {
    Allergen.EGGS: "E",
    Allergen.FISH: "F",
    Allergen.SHELLFISH: "S",
    Allergen.TREE_NUTS: "T",
    Allergen.PEANUTS: "P",
    Allergen.DAIRY: "D",
    Allergen.SOY: "Y",
    Allergen.WHEAT: "W",
}
_SYMPTOM_LETTERS: Final = {Symptoms.NONE: "n", Symptoms.MILD: "m", Symptoms.STRONG: "s"}
_KINDS_BY_LETTER: Final = {letter: kind for kind, letter in _KIND_LETTERS.items()}
_ALLERGENS_BY_LETTER: Final = {letter: a for a, letter in _ALLERGEN_LETTERS.items()}
_SYMPTOMS_BY_LETTER: Final = {letter: level for level, letter in _SYMPTOM_LETTERS.items()}
_HOURS: Final = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")


def encode_reading(reading: Understood) -> str:
    fields: list[str] = []
    if reading.flag is not None:
        fields.append("y" if reading.flag else "n")
    if reading.hours is not None:
        fields.append(f"h{reading.hours:g}")
    if reading.kinds:
        fields.append("k" + "".join(_KIND_LETTERS[kind] for kind in reading.kinds))
    if reading.tolerance:
        fields.append(
            "t"
            + "".join(
                _KIND_LETTERS[kind] + ("+" if sat else "-") for kind, sat in reading.tolerance
            )
        )
    if reading.allergens is not None:
        fields.append("a" + "".join(_ALLERGEN_LETTERS[a] for a in reading.allergens))
    if reading.done:
        fields.append("D")
    if reading.symptoms is not None:
        fields.append("s" + _SYMPTOM_LETTERS[reading.symptoms])
    return "_".join(fields)


def decode_reading(payload: str) -> Understood | None:
    """The reading in ``payload``, or None if it is not one we wrote."""
    if not payload or len(payload) > 40:
        return None
    reading = Understood()
    try:
        for part in payload.split("_"):
            head, rest = part[:1], part[1:]
            match head:
                case "y" | "n" if not rest:
                    reading = replace(reading, flag=head == "y")
                case "h" if _HOURS.match(rest) and float(rest) <= 24:
                    reading = replace(reading, hours=float(rest))
                case "k" if rest:
                    kinds = {_KINDS_BY_LETTER[letter] for letter in rest}
                    reading = replace(reading, kinds=tuple(k for k in ProbioticKind if k in kinds))
                case "t" if rest and len(rest) % 2 == 0:
                    pairs = {
                        _KINDS_BY_LETTER[rest[i]]: {"+": True, "-": False}[rest[i + 1]]
                        for i in range(0, len(rest), 2)
                    }
                    tolerance = tuple((k, pairs[k]) for k in ProbioticKind if k in pairs)
                    reading = replace(reading, tolerance=tolerance)
                case "a":
                    found = {_ALLERGENS_BY_LETTER[letter] for letter in rest}
                    reading = replace(reading, allergens=tuple(a for a in Allergen if a in found))
                case "D" if not rest:
                    reading = replace(reading, done=True)
                case "s" if rest in _SYMPTOMS_BY_LETTER:
                    reading = replace(reading, symptoms=_SYMPTOMS_BY_LETTER[rest])
                case _:
                    return None
    except KeyError:
        return None
    return reading
