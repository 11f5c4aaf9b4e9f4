"""The fixed vocabulary tips are written in: conditions (``when``) and placeholders (``{...}``).

:class:`Facts` is what one user's last seven days say, computed once per tip request. Each
condition is a yes/no question about those facts; each placeholder is a figure from them. A
condition *provides* the placeholders it guarantees are meaningful: ``{sleep_hours}`` may only
appear in a tip whose conditions include ``slept_under_8`` or ``slept_8_plus``.

The package README documents every entry; ``tests/unit/test_tips_content.py`` checks the
README and this module agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.answers import (
    LONG_NIGHT_HOURS,
    SLEEP_TARGET_HOURS,
    Allergen,
    DayAnswers,
    ProbioticKind,
    Symptoms,
    hours_text,
    valid_sleep_hours,
)
from bot.domain.habits import Day, DayMark, DayResult, Habit, habit_outcome, streaks
from bot.domain.history import PausePeriod, build_days
from bot.tips.content import SLOTS, Pack, Tip

WINDOW_DAYS = 7
"""Every "7d" figure covers the local dates ``today - 6`` .. ``today``."""
MIN_NIGHTS_FOR_AVERAGE = 3
"""A 7-day sleep average is only spoken of once at least this many nights are logged."""
MIN_DAYS_ANSWERED_FOR_WEEK = 6
"""``habit_kept_all_week`` needs an answer on at least this many of the 7 days (today's evening
answers may not be in yet when a morning or weekly message is sent)."""
INTOLERANCE_DAYS = 2
"""Probiotics/fermented food not tolerated on this many of the last 7 days = a pattern."""
STREAK_MIN = 3

TIP_HABITS: Mapping[str, Habit] = {
    "sleep": Habit.SLEEP_8H,
    "probiotics": Habit.PROBIOTICS,
    "vitamin_c": Habit.VITAMIN_C,
    "vitamin_d": Habit.VITAMIN_D,
}
"""The domain's habits tips may praise, by the name tip packs use for them. Avoiding allergens
is not a habit (see ``bot.domain.habits``); checking in is not praised by tips."""
HABITS: tuple[str, ...] = tuple(TIP_HABITS)


class ConditionKind(StrEnum):
    """What a condition is about: a care need, today's answers, the week, or the context."""

    CARE = "care"
    TODAY = "today"
    WEEK = "week"
    CONTEXT = "context"


KIND_WEIGHTS: Mapping[ConditionKind, int] = {
    ConditionKind.CARE: 3,
    ConditionKind.TODAY: 3,
    ConditionKind.WEEK: 2,
    ConditionKind.CONTEXT: 1,
}
"""Score of a matched condition, by kind (see the selection rule in ``selection.py``)."""


def habit_value(habit: str, day: DayAnswers) -> bool | None:
    """Whether ``habit`` was kept on the answered ``day`` (``None``: not answered), by the
    domain's rule (``bot.domain.habits.habit_outcome``)."""
    if habit not in TIP_HABITS:
        raise ValueError(f"unknown habit {habit!r}")
    outcome = habit_outcome(TIP_HABITS[habit], Day(day.local_date, DayMark.ANSWERED, day))
    return None if outcome is DayResult.UNKNOWN else outcome is DayResult.KEPT


class Facts:
    """What one user's answers say, for one tip request. Pure: built from the request only."""

    def __init__(
        self,
        *,
        today: date,
        slot: str,
        answers: DayAnswers | None,
        recent: Iterable[DayAnswers],
        watched: Iterable[Allergen],
        pauses: Sequence[PausePeriod] = (),
    ) -> None:
        self.today = today
        self.slot = slot
        self._streaks: dict[str, int] = {}
        self._kept_all_week: dict[str, bool] = {}
        start = today - timedelta(days=WINDOW_DAYS - 1)
        by_date: dict[date, DayAnswers] = {}
        for entry in recent:
            if start <= entry.local_date <= today:
                by_date[entry.local_date] = entry
        if answers is not None and start <= answers.local_date <= today:
            by_date[answers.local_date] = answers
        self.by_date: Mapping[date, DayAnswers] = by_date
        # The window as the domain sees it (skips, pauses, missed days): streaks follow the
        # same rules as /streaks.
        self.days: tuple[Day, ...] = tuple(build_days(start, today, by_date, pauses, False))

        current = answers if answers is not None else by_date.get(today)
        self.skipped_today = current is not None and current.skipped
        self.day: DayAnswers | None = None if current is None or current.skipped else current
        self.answered: tuple[DayAnswers, ...] = tuple(
            entry for _, entry in sorted(by_date.items()) if not entry.skipped
        )
        seen = set(watched)
        self.watched: tuple[Allergen, ...] = tuple(a for a in Allergen if a in seen)

        day = self.day
        self.sleep_today = None if day is None else valid_sleep_hours(day.sleep_hours)
        nights = [
            h for h in (valid_sleep_hours(d.sleep_hours) for d in self.answered) if h is not None
        ]
        self.nights_logged = len(nights)
        self.nights_8h = sum(1 for h in nights if h >= SLEEP_TARGET_HOURS)
        self.avg_sleep = (
            sum(nights) / len(nights) if len(nights) >= MIN_NIGHTS_FOR_AVERAGE else None
        )

        self.days_probiotics = sum(1 for d in self.answered if d.probiotics is True)
        self.days_probiotics_answered = sum(1 for d in self.answered if d.probiotics is not None)
        reports = [
            d.probiotic_tolerated for d in self.answered if d.probiotic_tolerated is not None
        ]
        self.days_not_tolerated = reports.count(False)
        self.latest_tolerance: bool | None = reports[-1] if reports else None
        # The "if tolerated" rule per food (DayAnswers.tolerance_by_kind): kimchi may sit well
        # while milk doesn't. A food that did not sit well on 2+ days and still doesn't is a
        # pattern even when other foods sat well since; a pattern across the days' answers
        # (whatever was eaten) still counts too.
        by_kind: dict[ProbioticKind, list[bool]] = {}
        for entry in self.answered:
            for kind, sat in entry.tolerance_by_kind().items():
                by_kind.setdefault(kind, []).append(sat)
        self.kinds_not_tolerated: tuple[ProbioticKind, ...] = tuple(
            kind
            for kind in ProbioticKind
            if by_kind.get(kind, []).count(False) >= INTOLERANCE_DAYS and by_kind[kind][-1] is False
        )
        day_pattern = self.days_not_tolerated >= INTOLERANCE_DAYS
        self.intolerance_pattern = bool(self.kinds_not_tolerated) or (
            day_pattern and self.latest_tolerance is False
        )
        self.tolerance_recovered = (
            day_pattern and self.latest_tolerance is True and not self.intolerance_pattern
        )
        self.kinds_tolerated_today: tuple[ProbioticKind, ...] = ()
        self.kinds_not_tolerated_today: tuple[ProbioticKind, ...] = ()
        if self.day is not None:
            today_by_kind = self.day.tolerance_by_kind()
            self.kinds_tolerated_today = tuple(k for k, sat in today_by_kind.items() if sat)
            self.kinds_not_tolerated_today = tuple(k for k, sat in today_by_kind.items() if not sat)

        self.days_vitamin_c = sum(1 for d in self.answered if d.vitamin_c is True)
        self.days_vitamin_d = sum(1 for d in self.answered if d.vitamin_d is True)
        self.exposed_today: tuple[Allergen, ...] = (
            () if day is None else tuple(a for a in Allergen if a in set(day.allergens_exposed))
        )
        self.days_allergen_exposure = sum(1 for d in self.answered if d.allergens_exposed)
        self.days_symptoms = sum(
            1 for d in self.answered if d.symptoms in (Symptoms.MILD, Symptoms.STRONG)
        )

    @property
    def hold_back_probiotics(self) -> bool:
        """True when no tip may encourage more probiotics or fermented food (the "if tolerated"
        rule): a pattern of intolerance (of any one food), or today's own report says something
        did not sit well."""
        return (
            self.intolerance_pattern
            or bool(self.kinds_not_tolerated_today)
            or (self.day is not None and self.day.probiotic_tolerated is False)
        )

    def streak(self, habit: str) -> int:
        """Days in a row, ending today, on which ``habit`` was kept (within the 7-day window),
        by the domain's streak rule (``bot.domain.habits.streaks``): a skipped or paused day
        neither breaks nor extends it, nor does today while it is not answered yet."""
        # Several tips' conditions ask about the same habit: count each streak once.
        if habit not in self._streaks:
            self._streaks[habit] = streaks(TIP_HABITS[habit], self.days, self.today).current
        return self._streaks[habit]

    def kept_all_week(self, habit: str) -> bool:
        if habit not in self._kept_all_week:
            known = [v for v in (habit_value(habit, d) for d in self.answered) if v is not None]
            self._kept_all_week[habit] = len(known) >= MIN_DAYS_ANSWERED_FOR_WEEK and all(known)
        return self._kept_all_week[habit]


@dataclass(frozen=True)
class Condition:
    name: str
    kind: ConditionKind
    test: Callable[[Facts], bool]
    provides: frozenset[str]
    description: str

    @property
    def weight(self) -> int:
        return KIND_WEIGHTS[self.kind]


def _today(facts: Facts, test: Callable[[DayAnswers], bool]) -> bool:
    return facts.day is not None and test(facts.day)


_SLEEP_WEEK = frozenset({"avg_sleep_7d", "nights_logged_7d", "nights_8h_7d"})
_HABIT_PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "sleep": _SLEEP_WEEK,
    "probiotics": frozenset({"days_probiotics_7d"}),
    "vitamin_c": frozenset({"days_vitamin_c_7d"}),
    "vitamin_d": frozenset({"days_vitamin_d_7d"}),
}
_HABIT_WORDS: Mapping[str, str] = {
    "sleep": "slept 8 hours or more",
    "probiotics": "had probiotics or fermented food",
    "vitamin_c": "had vitamin C",
    "vitamin_d": "had vitamin D",
}


def _kept_all_week(habit: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.kept_all_week(habit)


def _has_streak(habit: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.streak(habit) >= STREAK_MIN


def _in_slot(slot: str) -> Callable[[Facts], bool]:
    return lambda facts: facts.slot == slot


def _build_conditions() -> dict[str, Condition]:
    items: list[Condition] = []

    def add(
        name: str,
        kind: ConditionKind,
        test: Callable[[Facts], bool],
        description: str,
        provides: Iterable[str] = (),
    ) -> None:
        items.append(Condition(name, kind, test, frozenset(provides), description))

    add(
        "slept_under_8",
        ConditionKind.TODAY,
        lambda f: f.sleep_today is not None and f.sleep_today < SLEEP_TARGET_HOURS,
        "today's sleep is logged and under 8 hours",
        {"sleep_hours"},
    )
    add(
        "slept_8_plus",
        ConditionKind.TODAY,
        lambda f: (
            f.sleep_today is not None and SLEEP_TARGET_HOURS <= f.sleep_today <= LONG_NIGHT_HOURS
        ),
        f"today's sleep is logged and 8 hours or more (up to {LONG_NIGHT_HOURS:g}: a longer "
        "night is not praised)",
        {"sleep_hours"},
    )
    add(
        "avg_sleep_under_8_7d",
        ConditionKind.WEEK,
        lambda f: f.avg_sleep is not None and f.avg_sleep < SLEEP_TARGET_HOURS,
        f"at least {MIN_NIGHTS_FOR_AVERAGE} nights logged in the last 7 days, averaging under 8 h",
        _SLEEP_WEEK,
    )
    add(
        "avg_sleep_8_plus_7d",
        ConditionKind.WEEK,
        lambda f: f.avg_sleep is not None and f.avg_sleep >= SLEEP_TARGET_HOURS,
        f"at least {MIN_NIGHTS_FOR_AVERAGE} nights logged in the last 7 days, averaging 8 h+",
        _SLEEP_WEEK,
    )
    add(
        "probiotics_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.probiotics is True),
        "probiotics or fermented food today",
        {"days_probiotics_7d"},
    )
    add(
        "no_probiotics_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.probiotics is False),
        "answered: no probiotics or fermented food today",
    )
    add(
        "probiotics_tolerated_today",
        ConditionKind.TODAY,
        lambda f: (
            _today(f, lambda d: d.probiotics is True and d.probiotic_tolerated is True)
            and not f.kinds_not_tolerated_today
        ),
        "probiotics or fermented food today, and everything eaten sat well",
        {"days_probiotics_7d"},
    )
    add(
        "probiotics_not_tolerated_today",
        ConditionKind.CARE,
        lambda f: (
            _today(f, lambda d: d.probiotic_tolerated is False) or bool(f.kinds_not_tolerated_today)
        ),
        "today's probiotics or fermented food (or one of them) did not sit well",
    )
    add(
        "intolerance_pattern",
        ConditionKind.CARE,
        lambda f: f.intolerance_pattern,
        f"not tolerated on {INTOLERANCE_DAYS}+ of the last 7 days, and the latest tolerance "
        "report is still 'not tolerated' (per food where foods were named: one food that did "
        f"not sit well on {INTOLERANCE_DAYS}+ days and still doesn't)",
        {"days_not_tolerated_7d"},
    )
    add(
        "tolerance_recovered",
        ConditionKind.WEEK,
        lambda f: f.tolerance_recovered,
        f"not tolerated on {INTOLERANCE_DAYS}+ of the last 7 days, but the latest report says "
        "it sat well again (and no single food is still not sitting well)",
        {"days_not_tolerated_7d"},
    )
    add(
        "few_probiotics_7d",
        ConditionKind.WEEK,
        lambda f: f.days_probiotics_answered >= 3 and f.days_probiotics < 3,
        "probiotics answered on 3+ of the last 7 days but taken on fewer than 3",
        {"days_probiotics_7d"},
    )
    add(
        "vitamin_c_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_c is True),
        "vitamin C today",
        {"days_vitamin_c_7d"},
    )
    add(
        "no_vitamin_c_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_c is False),
        "answered: no vitamin C today",
    )
    add(
        "vitamin_d_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_d is True),
        "vitamin D today",
        {"days_vitamin_d_7d"},
    )
    add(
        "no_vitamin_d_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_d is False),
        "answered: no vitamin D today",
    )
    add(
        "both_vitamins_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_c is True and d.vitamin_d is True),
        "both vitamin C and vitamin D today",
        {"days_vitamin_c_7d", "days_vitamin_d_7d"},
    )
    add(
        "no_vitamins_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.vitamin_c is False and d.vitamin_d is False),
        "answered: neither vitamin C nor vitamin D today",
    )
    add(
        "allergen_exposure_today",
        ConditionKind.CARE,
        lambda f: bool(f.exposed_today),
        "at least one watched allergen reported today",
        {"allergens_exposed_today", "days_allergen_exposure_7d"},
    )
    add(
        "no_allergen_exposure_today",
        ConditionKind.TODAY,
        lambda f: _today(
            f,
            lambda d: d.allergens_answered and bool(d.allergens_asked) and not d.allergens_exposed,
        ),
        "asked about watched allergens today and none reported",
    )
    add(
        "allergen_exposure_7d",
        ConditionKind.WEEK,
        lambda f: f.days_allergen_exposure > 0,
        "a watched allergen reported on at least one of the last 7 days",
        {"days_allergen_exposure_7d"},
    )
    add(
        "watches_allergens",
        ConditionKind.CONTEXT,
        lambda f: bool(f.watched),
        "the user watches at least one allergen",
        {"watched_allergens"},
    )
    add(
        "watches_no_allergens",
        ConditionKind.CONTEXT,
        lambda f: not f.watched,
        "the user watches no allergens",
    )
    add(
        "symptoms_today",
        ConditionKind.CARE,
        lambda f: _today(f, lambda d: d.symptoms in (Symptoms.MILD, Symptoms.STRONG)),
        "mild or strong symptoms today",
        {"days_symptoms_7d"},
    )
    add(
        "strong_symptoms_today",
        ConditionKind.CARE,
        lambda f: _today(f, lambda d: d.symptoms is Symptoms.STRONG),
        "strong symptoms today",
        {"days_symptoms_7d"},
    )
    add(
        "no_symptoms_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: d.symptoms is Symptoms.NONE),
        "answered: no symptoms today",
    )
    add(
        "symptoms_2_plus_days_7d",
        ConditionKind.WEEK,
        lambda f: f.days_symptoms >= 2,
        "mild or strong symptoms on 2+ of the last 7 days",
        {"days_symptoms_7d"},
    )
    add(
        "note_today",
        ConditionKind.TODAY,
        lambda f: _today(f, lambda d: bool(d.note and d.note.strip())),
        "a free-text note today",
    )
    add(
        "skipped_today",
        ConditionKind.TODAY,
        lambda f: f.skipped_today,
        "today's check-in was skipped",
    )
    for habit in HABITS:
        add(
            f"habit_kept_all_week:{habit}",
            ConditionKind.WEEK,
            _kept_all_week(habit),
            f"{_HABIT_WORDS[habit]} on every day answered, and answered on "
            f"{MIN_DAYS_ANSWERED_FOR_WEEK}+ of the last 7 days",
            _HABIT_PLACEHOLDERS[habit],
        )
        add(
            f"streak_{STREAK_MIN}_plus:{habit}",
            ConditionKind.WEEK,
            _has_streak(habit),
            f"{_HABIT_WORDS[habit]} {STREAK_MIN}+ days in a row up to today",
            {"streak_days"},
        )
    for slot in SLOTS:
        add(
            f"slot:{slot}",
            ConditionKind.CONTEXT,
            _in_slot(slot),
            f"the tip is for the {slot} slot",
        )
    return {condition.name: condition for condition in items}


CONDITIONS: Mapping[str, Condition] = _build_conditions()

EXCLUSIVE: tuple[frozenset[str], ...] = tuple(
    frozenset(group)
    for group in (
        {"slept_under_8", "slept_8_plus"},
        {"avg_sleep_under_8_7d", "avg_sleep_8_plus_7d"},
        {"probiotics_today", "no_probiotics_today"},
        {"no_probiotics_today", "probiotics_tolerated_today"},
        {"probiotics_tolerated_today", "probiotics_not_tolerated_today"},
        {"intolerance_pattern", "tolerance_recovered"},
        {"vitamin_c_today", "no_vitamin_c_today"},
        {"vitamin_d_today", "no_vitamin_d_today"},
        {"both_vitamins_today", "no_vitamin_c_today"},
        {"both_vitamins_today", "no_vitamin_d_today"},
        {"no_vitamins_today", "vitamin_c_today"},
        {"no_vitamins_today", "vitamin_d_today"},
        {"no_vitamins_today", "both_vitamins_today"},
        {"allergen_exposure_today", "no_allergen_exposure_today"},
        {"watches_allergens", "watches_no_allergens"},
        {"no_allergen_exposure_today", "watches_no_allergens"},
        {"symptoms_today", "no_symptoms_today"},
        {"strong_symptoms_today", "no_symptoms_today"},
    )
)
"""Pairs of conditions that can never hold together (a tip using both could never be sent)."""


# --- placeholders -------------------------------------------------------------------------


def format_hours(hours: float) -> str:
    """Hours in a tip, by the one rule every message uses (:func:`bot.domain.answers.hours_text`):
    the summary's "7.17 h" is "7.17 hours" in the tip under it."""
    return hours_text(hours)


def join_names(names: list[str]) -> str:
    """['a'] -> 'a'; ['a', 'b'] -> 'a and b'; ['a', 'b', 'c'] -> 'a, b and c'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _allergen_list(pack: Pack, allergens: Iterable[Allergen]) -> str:
    return join_names([pack.allergen_names.get(a, a.value.replace("_", " ")) for a in allergens])


def _streak_habit(tip: Tip) -> str:
    prefix = f"streak_{STREAK_MIN}_plus:"
    for name in tip.when:
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    raise ValueError(f"tip {tip.id!r} uses {{streak_days}} without a streak condition")


@dataclass(frozen=True)
class Placeholder:
    name: str
    value: Callable[[Facts, Tip, Pack], str]
    worst_case: Callable[[Pack], str]
    """The longest value it can take (used to check message limits)."""
    description: str


def _count(get: Callable[[Facts], int]) -> Callable[[Facts, Tip, Pack], str]:
    return lambda facts, _tip, _pack: str(get(facts))


def _seven(_pack: Pack) -> str:
    return str(WINDOW_DAYS)


def _hours_worst(_pack: Pack) -> str:
    return "23.5"


def _all_allergens(pack: Pack) -> str:
    return _allergen_list(pack, Allergen)


PLACEHOLDERS: Mapping[str, Placeholder] = {
    p.name: p
    for p in (
        Placeholder(
            "sleep_hours",
            lambda f, _t, _p: format_hours(f.sleep_today or 0.0),
            _hours_worst,
            "hours slept, as logged today (e.g. '6.5')",
        ),
        Placeholder(
            "avg_sleep_7d",
            lambda f, _t, _p: format_hours(f.avg_sleep or 0.0),
            _hours_worst,
            "average hours slept over the nights logged in the last 7 days",
        ),
        Placeholder(
            "nights_logged_7d",
            _count(lambda f: f.nights_logged),
            _seven,
            "nights with sleep logged in the last 7 days",
        ),
        Placeholder(
            "nights_8h_7d",
            _count(lambda f: f.nights_8h),
            _seven,
            "nights of 8 hours or more in the last 7 days",
        ),
        Placeholder(
            "days_probiotics_7d",
            _count(lambda f: f.days_probiotics),
            _seven,
            "days with probiotics or fermented food in the last 7 days",
        ),
        Placeholder(
            "days_not_tolerated_7d",
            _count(lambda f: f.days_not_tolerated),
            _seven,
            "days on which probiotics/fermented food did not sit well, last 7 days",
        ),
        Placeholder(
            "days_vitamin_c_7d",
            _count(lambda f: f.days_vitamin_c),
            _seven,
            "days with vitamin C in the last 7 days",
        ),
        Placeholder(
            "days_vitamin_d_7d",
            _count(lambda f: f.days_vitamin_d),
            _seven,
            "days with vitamin D in the last 7 days",
        ),
        Placeholder(
            "days_allergen_exposure_7d",
            _count(lambda f: f.days_allergen_exposure),
            _seven,
            "days with a watched allergen reported in the last 7 days",
        ),
        Placeholder(
            "days_symptoms_7d",
            _count(lambda f: f.days_symptoms),
            _seven,
            "days with mild or strong symptoms in the last 7 days",
        ),
        Placeholder(
            "allergens_exposed_today",
            lambda f, _t, pack: _allergen_list(pack, f.exposed_today),
            _all_allergens,
            "the allergens reported today, e.g. 'eggs and dairy' (names from pack.yaml)",
        ),
        Placeholder(
            "watched_allergens",
            lambda f, _t, pack: _allergen_list(pack, f.watched),
            _all_allergens,
            "the allergens the user watches (names from pack.yaml)",
        ),
        Placeholder(
            "streak_days",
            lambda f, tip, _p: str(f.streak(_streak_habit(tip))),
            _seven,
            "days in a row (within the last 7) for the habit of the tip's streak condition",
        ),
    )
}


def provided_placeholders(conditions: Iterable[str]) -> frozenset[str]:
    provided: set[str] = set()
    for name in conditions:
        condition = CONDITIONS.get(name)
        if condition is not None:
            provided |= condition.provides
    return frozenset(provided)
