"""Reading content packs from disk, and the content check that guards them.

Every folder under the packs root that holds a ``pack.yaml`` is a pack (see the package
README for the file formats). :func:`check_packs` reports every problem it can find;
:func:`load_packs` refuses to return a library that has any.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

import yaml

from bot.domain.answers import Allergen
from bot.domain.foods import FOODS, allergens_of, foods_named_in
from bot.tips.content import (
    SLOTS,
    TOPICS,
    AboutPoint,
    ContentError,
    ContentLibrary,
    ContentProblem,
    Pack,
    Tip,
    TopicInfo,
)
from bot.tips.text import article_sentences, find_in_article, normalise
from bot.tips.tip_html import (
    CAPTION_LIMIT,
    MESSAGE_LIMIT,
    fill,
    html_problems,
    placeholders_in,
    render_about_html,
    render_tip_in_pack,
    stray_braces,
    visible_length,
)
from bot.tips.vocabulary import (
    CONDITIONS,
    EXCLUSIVE,
    PLACEHOLDERS,
    STREAK_MIN,
    ConditionKind,
    provided_placeholders,
)

PACKS_ROOT = Path(__file__).resolve().parent / "packs"
"""Where the packaged content packs live (the default root)."""

TIP_TEXT_LIMIT = 350
"""A tip's text, with the longest possible figures filled in, stays within this many characters."""
MIN_QUOTE_WORDS = 4

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_Sink = Callable[[str], None]
_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PACK_KEYS = frozenset(
    {"id", "title", "language", "source", "citation", "topics", "allergen_names", "about"}
)
_TIP_KEYS = frozenset(
    {
        *("id", "topic", "text", "quote", "when", "slots", "weight", "priority"),
        *("encourages_probiotics", "foods"),
    }
)
_HOLD_BACK_CONDITIONS = frozenset({"intolerance_pattern", "probiotics_not_tolerated_today"})
_MENTIONS_PROBIOTICS = re.compile(r"probiotic|ferment|yog(?:h)?urt|kimchi|sauerkraut|kefir", re.I)
_OVERSTATEMENT = re.compile(
    r"\b(?:cur(?:e|es|ed|ing)|heal(?:s|ed|ing)?|dos(?:e|es|age|ing)|diagnos\w*|guarantee\w*"
    r"|miracle\w*|prescri\w*|billion|\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ug|iu|ml|cfu)s?)\b",
    re.IGNORECASE,
)
"""Words a tip must not use: cures, doses, brands of certainty, diagnoses."""
_REASSURANCE = re.compile(
    r"\b(?:no big deal|no worries|no problem|don'?t worry|no judg(?:e)?ment|(?:that'?s|it'?s) "
    r"(?:fine|ok(?:ay)?)|doesn'?t undo|(?:allergen|allergy)[- ]free|clear of"
    r"|(?:well )?worth protecting|habit taking shape|adds? up)\b",
    re.IGNORECASE,
)
"""Reassurance or praise the article never gives: "one night doesn't undo a good pattern", "no
big deal", praise for a day free of allergens (the article never says to avoid them)."""
_HEDGES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("studies show", re.compile(r"\bstudies show\b", re.IGNORECASE)),
    ("have been shown", re.compile(r"\bshown\b", re.IGNORECASE)),
)
"""The article's hedges: a text whose quote hedges ("studies show", "have been shown") keeps
the hedge rather than stating the claim as fact."""


def load_packs(root: Path | None = None) -> ContentLibrary:
    """Load (once per root; cached) every pack under ``root`` (default: the packaged packs).

    Raises :class:`ContentError` if the content check finds any problem.
    """
    return _load(Path(root if root is not None else PACKS_ROOT).resolve())


@functools.lru_cache(maxsize=8)
def _load(root: Path) -> ContentLibrary:
    library, problems = read_packs(root)
    if problems:
        raise ContentError(problems)
    return library


def clear_cache() -> None:
    """Forget loaded libraries (tests, or after editing content in a running process)."""
    _load.cache_clear()


def check_packs(root: Path | None = None) -> list[ContentProblem]:
    """Every problem with the packs under ``root`` (default: the packaged packs); [] if none."""
    return read_packs(Path(root if root is not None else PACKS_ROOT))[1]


def read_packs(root: Path) -> tuple[ContentLibrary, list[ContentProblem]]:
    """Read every pack under ``root``; return what could be read and every problem found."""
    problems: list[ContentProblem] = []
    packs: list[Pack] = []
    if not root.is_dir():
        problems.append(ContentProblem("*", None, f"no packs folder at {root}"))
        return ContentLibrary(()), problems
    for folder in sorted(path for path in root.iterdir() if (path / "pack.yaml").is_file()):
        pack = _read_pack(folder, problems)
        if pack is not None:
            packs.append(pack)
    if not packs and not problems:
        problems.append(ContentProblem("*", None, f"no pack (a folder with pack.yaml) in {root}"))
    library = ContentLibrary(tuple(packs))
    problems.extend(_library_problems(library))
    return library, problems


# --- one pack ----------------------------------------------------------------------------------


class _Reporter:
    def __init__(self, pack: str, problems: list[ContentProblem]) -> None:
        self.pack = pack
        self.problems = problems

    def __call__(self, message: str, tip_id: str | None = None) -> None:
        self.problems.append(ContentProblem(self.pack, tip_id, message))


def _read_yaml(path: Path, report: _Reporter) -> object:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        report(f"cannot read {path.name}: {error}")
        return None


def _text_field(data: Mapping[object, object], key: str, report: _Reporter, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        report(f"{where}: '{key}' must be a non-empty string")
        return ""
    return value.strip()


def _read_pack(folder: Path, problems: list[ContentProblem]) -> Pack | None:
    report = _Reporter(folder.name, problems)
    data = _read_yaml(folder / "pack.yaml", report)
    if not isinstance(data, dict):
        if data is not None:
            report("pack.yaml must be a mapping")
        return None
    for key in sorted(set(map(str, data)) - _PACK_KEYS):
        report(f"pack.yaml: unknown key '{key}'")
    pack_id = _text_field(data, "id", report, "pack.yaml")
    if pack_id and pack_id != folder.name:
        report(f"pack.yaml: id '{pack_id}' differs from its folder name '{folder.name}'")
    try:
        article = (folder / "article.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        report(f"cannot read article.txt: {error}")
        article = ""
    if not article.strip() and (folder / "article.txt").is_file():
        report("article.txt is empty")

    pack = Pack(
        id=folder.name,
        title=_text_field(data, "title", report, "pack.yaml"),
        language=_text_field(data, "language", report, "pack.yaml"),
        source=_text_field(data, "source", report, "pack.yaml"),
        citation=_text_field(data, "citation", report, "pack.yaml"),
        article=article,
        path=folder,
        topics=_read_topics(data.get("topics"), report),
        allergen_names=_read_allergen_names(data.get("allergen_names"), report),
    )
    about = _read_about(data.get("about"), pack, report)
    tips = _read_tips(folder / "tips.yaml", pack, report)
    pack = dataclasses.replace(pack, about=about, tips=tips)
    if article.strip():
        _coverage_problems(pack, report)
    return pack


def _read_topics(raw: object, report: _Reporter) -> tuple[TopicInfo, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        report("pack.yaml: 'topics' must map topic keys to {name, description, aliases}")
        return ()
    topics: list[TopicInfo] = []
    for key, value in raw.items():
        where = f"pack.yaml: topic '{key}'"
        if key not in TOPICS:
            report(f"{where} is not one of {', '.join(TOPICS)}")
            continue
        if not isinstance(value, dict):
            report(f"{where} must be a mapping with name and description")
            continue
        aliases = value.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            report(f"{where}: aliases must be a list of strings")
            aliases = []
        info = TopicInfo(
            key=key,
            name=_text_field(value, "name", report, where),
            description=_text_field(value, "description", report, where),
            aliases=tuple(aliases),
        )
        named = foods_named_in(f"{info.name} {info.description}", groups=key != "allergens")
        if named:
            report(
                f"{where} names {', '.join(sorted(named))}: topic names and descriptions are "
                "shown to everyone, so they name no food containing an allergen"
            )
        topics.append(info)
    return tuple(topics)


def _read_allergen_names(raw: object, report: _Reporter) -> dict[Allergen, str]:
    names: dict[Allergen, str] = {}
    if not isinstance(raw, dict):
        report("pack.yaml: 'allergen_names' must map each of the 8 allergens to its name")
        return names
    for key, value in raw.items():
        if key not in {a.value for a in Allergen}:
            report(f"pack.yaml: allergen_names: unknown allergen '{key}'")
        elif not isinstance(value, str) or not value.strip():
            report(f"pack.yaml: allergen_names: '{key}' needs a name")
        else:
            names[Allergen(key)] = value.strip()
    missing = [a.value for a in Allergen if a not in names]
    if missing:
        report(f"pack.yaml: allergen_names: missing {', '.join(missing)}")
    return names


def _resolve_quote(
    quote: str, pack: Pack, report: _Reporter, tip_id: str | None, where: str
) -> str:
    if len(normalise(quote).split()) < MIN_QUOTE_WORDS:
        report(f"{where}quote is shorter than {MIN_QUOTE_WORDS} words", tip_id)
    found = find_in_article(pack.article, quote) if pack.article else None
    if found is None:
        report(f"{where}quote not found verbatim in article.txt: {quote!r}", tip_id)
        return ""
    return found


def _read_about(raw: object, pack: Pack, report: _Reporter) -> tuple[AboutPoint, ...]:
    if not isinstance(raw, list) or not raw:
        report("pack.yaml: 'about' must be a non-empty list of {text, quote}")
        return ()
    points: list[AboutPoint] = []
    for index, item in enumerate(raw, start=1):
        point = _read_about_point(item, pack, report, f"pack.yaml: about point {index}")
        if point is None:
            continue
        instead: list[AboutPoint] = []
        raw_instead = item.get("instead", []) if isinstance(item, dict) else []
        if not isinstance(raw_instead, list):
            report(f"pack.yaml: about point {index}: 'instead' must be a list of points")
            raw_instead = []
        for number, alternative in enumerate(raw_instead, start=1):
            where = f"pack.yaml: about point {index}, instead {number}"
            read = _read_about_point(alternative, pack, report, where, nested=True)
            if read is not None:
                instead.append(read)
        if instead and not point.foods:
            report(f"pack.yaml: about point {index} names no allergen food: drop 'instead'")
        points.append(dataclasses.replace(point, instead=tuple(instead)))
    return tuple(points)


def _read_about_point(
    item: object, pack: Pack, report: _Reporter, where: str, *, nested: bool = False
) -> AboutPoint | None:
    allowed_keys = {"text", "quote", "foods"} | (set() if nested else {"instead"})
    if not isinstance(item, dict) or not {"text", "quote"} <= set(map(str, item)):
        report(f"{where} must have 'text' and 'quote'")
        return None
    for key in sorted(set(map(str, item)) - allowed_keys):
        report(f"{where}: unknown key '{key}'")
    text = _text_field(item, "text", report, where)
    quote = _text_field(item, "quote", report, where)
    found = _resolve_quote(quote, pack, report, None, f"{where}: ") if quote else ""
    _wording_problems(text, quote, lambda m: report(f"{where}: {m}"))
    foods = _declared_foods(
        item.get("foods"), f"{text} {quote}", True, lambda m: report(f"{where}: {m}")
    )
    return AboutPoint(text=text, quote=quote, article_quote=found, foods=foods)


def _declared_foods(raw: object, wording: str, groups: bool, bad: _Sink) -> frozenset[str]:
    """The ``foods`` a tip or point declares, checked against the foods its wording names."""
    if raw is None:
        raw = []
    if not isinstance(raw, list) or not all(isinstance(f, str) for f in raw):
        bad("'foods' must be a list of food keys (bot/domain/foods.py)")
        return frozenset()
    declared = frozenset(raw)
    for unknown in sorted(declared - FOODS.keys()):
        bad(f"'foods': unknown food '{unknown}' (see bot/domain/foods.py)")
    named = foods_named_in(wording, groups=groups)
    for missing in sorted(named - declared):
        allergens = ", ".join(sorted(a.value for a in FOODS[missing].allergens))
        bad(f"names {missing} ({allergens}): declare it in 'foods'")
    for extra in sorted((declared & FOODS.keys()) - named):
        bad(f"'foods' lists {extra}, which its text and quote never name")
    return declared & FOODS.keys()


def _read_tips(path: Path, pack: Pack, report: _Reporter) -> tuple[Tip, ...]:
    data = _read_yaml(path, report) if path.is_file() else None
    if not path.is_file():
        report("tips.yaml is missing")
    if data is None:
        return ()
    raw_tips = data.get("tips") if isinstance(data, dict) else None
    if not isinstance(raw_tips, list):
        report("tips.yaml must be a mapping with a 'tips' list")
        return ()
    tips: list[Tip] = []
    for index, raw in enumerate(raw_tips, start=1):
        tip = _read_tip(raw, index, pack, report)
        if tip is not None:
            tips.append(tip)
    return tuple(tips)


def _read_tip(raw: object, index: int, pack: Pack, report: _Reporter) -> Tip | None:
    if not isinstance(raw, dict):
        report(f"tip #{index} must be a mapping")
        return None
    raw_id = raw.get("id")
    tip_id = raw_id if isinstance(raw_id, str) and raw_id else f"#{index}"
    problems_before = len(report.problems)

    def bad(message: str) -> None:
        report(message, tip_id)

    for key in sorted(set(map(str, raw)) - _TIP_KEYS):
        bad(f"unknown key '{key}'")
    if not _ID.fullmatch(tip_id):
        bad("id must be kebab-case (lowercase letters, digits and single hyphens)")
    fields = {key: raw.get(key) for key in ("topic", "text", "quote")}
    for key, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            bad(f"'{key}' must be a non-empty string")
    topic = str(fields["topic"] or "").strip()
    text = " ".join(str(fields["text"] or "").split())
    quote = " ".join(str(fields["quote"] or "").split())
    if topic and topic not in TOPICS:
        bad(f"unknown topic '{topic}' (topics: {', '.join(TOPICS)})")

    when_raw = raw.get("when", [])
    if when_raw is None:
        when_raw = []
    if not isinstance(when_raw, list) or not all(isinstance(c, str) for c in when_raw):
        bad("'when' must be a list of condition names")
        when_raw = []
    when = tuple(when_raw)
    slots_raw = raw.get("slots", list(SLOTS))
    if (
        not isinstance(slots_raw, list)
        or not slots_raw
        or not all(isinstance(s, str) for s in slots_raw)
    ):
        bad(f"'slots' must be a non-empty list drawn from {', '.join(SLOTS)}")
        slots_raw = list(SLOTS)
    for slot in slots_raw:
        if slot not in SLOTS:
            bad(f"unknown slot '{slot}' (slots: {', '.join(SLOTS)})")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or not weight > 0:
        bad("'weight' must be a positive number")
        weight = 1.0
    priority = raw.get("priority", 0)
    if isinstance(priority, bool) or not isinstance(priority, int):
        bad("'priority' must be an integer")
        priority = 0
    encourages = raw.get("encourages_probiotics", False)
    if not isinstance(encourages, bool):
        bad("'encourages_probiotics' must be true or false")
        encourages = False
    elif "encourages_probiotics" not in raw and _MENTIONS_PROBIOTICS.search(text):
        bad("mentions probiotics or fermented food: declare 'encourages_probiotics: true/false'")

    article_quote = _resolve_quote(quote, pack, report, tip_id, "") if quote else ""
    # An allergens tip lists the allergens as what to watch; elsewhere "dairy" is a food.
    foods = _declared_foods(raw.get("foods"), f"{text} {quote}", topic != "allergens", bad)
    tip = Tip(
        id=tip_id,
        pack_id=pack.id,
        topic=topic,
        text=text,
        quote=quote,
        article_quote=article_quote,
        when=when,
        slots=frozenset(s for s in slots_raw if s in SLOTS) or frozenset(SLOTS),
        weight=float(weight),
        priority=priority,
        encourages_probiotics=encourages,
        foods=foods,
    )
    _condition_problems(tip, bad)
    _placeholder_problems(tip, bad)
    _wording_problems(text, quote, bad)
    if len(report.problems) == problems_before:
        _limit_problems(tip, pack, bad)
    return tip


def _wording_problems(text: str, quote: str, bad: _Sink) -> None:
    """What the mechanical check can catch of a text saying more than its quote."""
    overstatement = _OVERSTATEMENT.search(text)
    if overstatement:
        bad(f"says more than the article may: '{overstatement.group(0)}'")
    reassurance = _REASSURANCE.search(text)
    if reassurance:
        bad(f"reassures or praises beyond the article: '{reassurance.group(0)}'")
    for hedge, pattern in _HEDGES:
        if pattern.search(normalise(quote)) and not pattern.search(text):
            bad(f"its quote hedges ('{hedge}'): keep the hedge in the text")


def _condition_problems(tip: Tip, bad: _Sink) -> None:
    for name, count in Counter(tip.when).items():
        if name not in CONDITIONS:
            bad(f"unknown condition '{name}' (see bot/tips/README.md)")
        elif count > 1:
            bad(f"condition '{name}' listed twice")
    known = set(tip.when) & set(CONDITIONS)
    for group in EXCLUSIVE:
        if group <= known:
            bad(f"conditions {' and '.join(sorted(group))} can never hold together")
    if "skipped_today" in known:
        others = [
            n
            for n in known
            if n != "skipped_today"
            and CONDITIONS[n].kind in {ConditionKind.TODAY, ConditionKind.CARE}
        ]
        if others:
            bad(f"skipped_today can never hold together with {', '.join(sorted(others))}")
    slot_conditions = {n.removeprefix("slot:") for n in known if n.startswith("slot:")}
    if len(slot_conditions) > 1 or not slot_conditions <= tip.slots:
        bad("its slot: conditions contradict each other or its 'slots'")
    if tip.encourages_probiotics and known & _HOLD_BACK_CONDITIONS:
        bad("encourages probiotics under a condition where that is never allowed")


def _placeholder_problems(tip: Tip, bad: _Sink) -> None:
    if stray_braces(tip.text):
        bad("a '{' or '}' that is not a {placeholder}")
    provided = provided_placeholders(tip.when)
    for name in sorted(set(placeholders_in(tip.text))):
        if name not in PLACEHOLDERS:
            bad(f"unknown placeholder {{{name}}}")
        elif name not in provided:
            bad(f"placeholder {{{name}}} is not guaranteed by its conditions")
    streaks = [n for n in tip.when if n.startswith(f"streak_{STREAK_MIN}_plus:")]
    if "streak_days" in placeholders_in(tip.text) and len(streaks) > 1:
        bad("{streak_days} is ambiguous with more than one streak condition")


def _limit_problems(tip: Tip, pack: Pack, bad: _Sink) -> None:
    values = {name: PLACEHOLDERS[name].worst_case(pack) for name in placeholders_in(tip.text)}
    filled = fill(tip.text, values)
    if len(filled) > TIP_TEXT_LIMIT:
        bad(f"text is {len(filled)} characters at worst (limit {TIP_TEXT_LIMIT})")
    html = render_tip_in_pack(tip, pack, values)
    for problem in html_problems(html):
        bad(f"rendered HTML: {problem}")
    length = visible_length(html)
    if length > MESSAGE_LIMIT:
        bad(f"rendered message is {length} characters (Telegram limit {MESSAGE_LIMIT})")
    if "weekly" in tip.slots and length > CAPTION_LIMIT:
        bad(f"rendered weekly caption is {length} characters (limit {CAPTION_LIMIT})")


def _coverage_problems(pack: Pack, report: _Reporter) -> None:
    quotes = [normalise(t.quote) for t in pack.tips if t.article_quote]
    quotes += [normalise(p.quote) for p in pack.about if p.article_quote]
    for sentence in article_sentences(pack.article):
        if not any(q in sentence or sentence in q for q in quotes if q):
            report(f"no tip or about point quotes this sentence of the article: {sentence!r}")
    for summary_html in (render_about_html(s) for s in ContentLibrary((pack,)).about_summary()):
        for problem in html_problems(summary_html):
            report(f"about: rendered HTML: {problem}")
        if visible_length(summary_html) > MESSAGE_LIMIT:
            report(f"about: rendered message exceeds {MESSAGE_LIMIT} characters")


# --- the whole library ------------------------------------------------------------------------


def _library_problems(library: ContentLibrary) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    owners: dict[str, list[str]] = {}
    for tip in library.tips:
        owners.setdefault(tip.id, []).append(tip.pack_id)
    for tip_id, packs in owners.items():
        if len(packs) > 1:
            where = ", ".join(sorted(set(packs)))
            problems.append(ContentProblem(packs[0], tip_id, f"duplicate tip id (in {where})"))
    if not library.packs:
        return problems
    named = {info.key for pack in library.packs for info in pack.topics}
    for topic in TOPICS:
        tips = [t for t in library.tips if t.topic == topic]
        if not tips:
            problems.append(ContentProblem("*", None, f"topic '{topic}' has no tips"))
            continue
        if topic not in named:
            problems.append(ContentProblem("*", None, f"topic '{topic}' has no name in any pack"))
        if not any(
            not t.when
            and t.slots == frozenset(SLOTS)
            and not t.encourages_probiotics
            and not allergens_of(t.foods)
            for t in tips
        ):
            problems.append(
                ContentProblem(
                    "*",
                    None,
                    f"topic '{topic}' needs a fallback tip: no conditions, every slot, "
                    "encourages_probiotics false, no food containing an allergen",
                )
            )
    return problems
