"""The shapes of content: packs, tips, topics, and the problems a content check reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.domain.answers import Allergen
from bot.domain.foods import allowed

TOPICS: tuple[str, ...] = (
    "sleep",
    "probiotics",
    "vitamin_c",
    "vitamin_d",
    "allergens",
    "gut_immune",
    "general",
)
"""Every tip belongs to exactly one of these topics (the keys used by ``/tips <topic>``)."""

SLOTS: tuple[str, ...] = ("morning", "evening", "weekly", "on_demand")
"""Where a tip can be sent: after a morning or evening check-in, in the weekly summary, or on
request (``/tips``)."""


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong with the content: which pack, which tip (if any), and what."""

    pack: str
    tip_id: str | None
    message: str

    def __str__(self) -> str:
        where = self.pack if self.tip_id is None else f"{self.pack}/{self.tip_id}"
        return f"{where}: {self.message}"


class ContentError(ValueError):
    """Raised by :func:`bot.tips.load_packs` when the content does not pass the check."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        self.problems = tuple(problems)
        shown = "\n".join(f"  - {problem}" for problem in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} content problem(s):\n{shown}{more}")


@dataclass(frozen=True)
class Tip:
    """One tip, as written in a pack's ``tips.yaml`` (see the package README for each field)."""

    id: str
    pack_id: str
    topic: str
    text: str
    quote: str
    """The quote as written in tips.yaml."""
    article_quote: str
    """The same words as the article prints them (curly quotes kept); shown to users."""
    when: tuple[str, ...] = ()
    slots: frozenset[str] = frozenset(SLOTS)
    weight: float = 1.0
    priority: int = 0
    encourages_probiotics: bool = False
    foods: frozenset[str] = frozenset()
    """Foods containing an allergen that the text or quote names (keys of
    ``bot.domain.foods.FOODS``): never shown to someone who watches one of their allergens."""


@dataclass(frozen=True)
class ChosenTip:
    """The outcome of :func:`bot.tips.choose_tip`: a tip and the figures to fill it with."""

    tip: Tip
    values: Mapping[str, str]
    """Placeholder name -> plain-text value (escaped when rendered)."""
    score: int = 0
    """The specificity score the tip was chosen with (for logs and tests)."""


@dataclass(frozen=True)
class TopicInfo:
    key: str
    name: str
    description: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AboutPoint:
    """One key point of an article for ``/about``: our summary plus the article's own words."""

    text: str
    quote: str
    article_quote: str
    foods: frozenset[str] = frozenset()
    """Foods containing an allergen that the point names (as for tips)."""
    instead: tuple[AboutPoint, ...] = ()
    """Shown in this point's place, the first that names no watched allergen, when this
    point names one; the point is left out when none fits."""

    def for_watcher(self, watched: Iterable[Allergen]) -> AboutPoint | None:
        """This point, or its first alternative naming no watched food (``None``: none)."""
        watch = frozenset(watched)
        for point in (self, *self.instead):
            if allowed(point.foods, watch):
                return point
        return None


@dataclass(frozen=True)
class AboutSummary:
    pack_id: str
    title: str
    citation: str
    source: str
    points: tuple[AboutPoint, ...]


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    language: str
    source: str
    """Attribution: where the article comes from."""
    citation: str
    """The short line printed under every quote, e.g. 'from “<title>”'."""
    article: str
    path: Path
    tips: tuple[Tip, ...] = ()
    topics: tuple[TopicInfo, ...] = ()
    about: tuple[AboutPoint, ...] = ()
    allergen_names: Mapping[Allergen, str] = field(default_factory=dict)


class ContentLibrary:
    """Every loaded pack and tip; read-only once built."""

    def __init__(self, packs: tuple[Pack, ...]) -> None:
        self.packs = packs
        self.tips: tuple[Tip, ...] = tuple(tip for pack in packs for tip in pack.tips)
        self._packs = {pack.id: pack for pack in packs}
        self._tips = {tip.id: tip for tip in self.tips}

    def pack(self, pack_id: str) -> Pack:
        return self._packs[pack_id]

    def tip(self, tip_id: str) -> Tip:
        return self._tips[tip_id]

    def has_tip(self, tip_id: str) -> bool:
        return tip_id in self._tips

    def topics(self) -> tuple[TopicInfo, ...]:
        """User-facing topic names, in :data:`TOPICS` order; the first pack naming a topic wins.

        Only topics that have at least one tip are listed.
        """
        named: dict[str, TopicInfo] = {}
        for pack in self.packs:
            for info in pack.topics:
                named.setdefault(info.key, info)
        used = {tip.topic for tip in self.tips}
        return tuple(named[key] for key in TOPICS if key in used and key in named)

    def find_topic(self, text: str) -> str | None:
        """The topic key a user typed (key, name or alias; case and spacing ignored), if any."""
        wanted = _simplify(text)
        if not wanted:
            return None
        for info in self.topics():
            names = (info.key, info.name, *info.aliases)
            if any(_simplify(name) == wanted for name in names):
                return info.key
        return None

    def about_summary(self, watched: Iterable[Allergen] = ()) -> tuple[AboutSummary, ...]:
        """The key points of every article, for ``/about``; a point that names a food
        containing a ``watched`` allergen gives way to its alternative (or is left out)."""
        watch = tuple(watched)
        return tuple(
            AboutSummary(
                pack_id=pack.id,
                title=pack.title,
                citation=pack.citation,
                source=pack.source,
                points=tuple(
                    shown for point in pack.about if (shown := point.for_watcher(watch)) is not None
                ),
            )
            for pack in self.packs
        )


def _simplify(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())
