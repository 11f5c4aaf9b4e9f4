"""Red flags in free text: does a message describe a possible emergency?

Any text a user types (a check-in note, a typed answer, any message) goes through
:func:`detects_emergency` before anything else. When it returns ``True`` the caller shows the
emergency advice, whose wording lives in the project's texts under :data:`EMERGENCY_ADVICE_KEY`
(this module decides *whether*, never *what to say*).

What counts (each in common phrasings, any case, with or without apostrophes, with typical
typos such as "cant breath", "anaphylaxsis", "anafilaxis", "tounge", "unconcious"):

* **breathing** — trouble/difficulty/struggling breathing, can't/couldn't/unable to breathe,
  short(ness) of breath, breathless, gasping, can't get air, choking, wheezing (any wheezing),
  a tight chest, breathing that is hard/laboured/shallow/tight;
* **swelling** — throat, tongue, lips, face or mouth swelling/swollen/puffing up/puffy, and a
  throat (or airway, windpipe, tongue) that is closing, tight or thick;
* **anaphylaxis** — anaphylaxis/anaphylactic in its usual misspellings, "allergic shock";
* **epipen** — any EpiPen or adrenaline/epinephrine auto-injector mentioned (used, needed,
  given...); mentioning it is enough;
* **fainting** — fainted/fainting/feeling faint, passed out, blacked out, collapsed,
  unconscious, lost consciousness, keeled over, unresponsive.

The negation rule (a judgement call: a false alarm costs a user one unneeded safety message;
a missed emergency can cost far more):

* A mention is *negated*, and ignored, only when a negation is **directly attached** to it:
  a negator (no, not, never, without, none, nor, don't, didn't, isn't, wasn't, haven't, ...)
  immediately before the symptom, with at most a few filler words between (any, a, the, my,
  signs of, need, use, have, had, feel, felt, been, was, at, all, ever, ...). So "I slept like
  a baby, no trouble breathing at all", "haven't had any trouble breathing", "didn't need my
  EpiPen", "never fainted" and "no swelling of the lips" do not trigger. For the
  "<part> is <state>" phrasings a negator between the two also counts: "my tongue isn't
  swollen", "throat is not closing".
* Anything else triggers: a negation separated by other words or punctuation ("no, I fainted",
  "no rash but my throat is closing"), a negation *after* the symptom ("trouble breathing? no"),
  questions and hypotheticals ("what if my throat closes?"), "not sure if my lips are
  swelling", "no longer wheezing", "almost fainted". Each mention is judged on its own, so one
  negated mention does not hide another ("no trouble breathing but my lips are swollen").
* A few idioms that are not symptoms are left out on purpose: "collapsed into bed/onto the
  sofa", "a faint smell/rash/line", "out of breath" (exertion), "sore throat" and "swollen
  glands/ankles", "puffy eyes" (common after sleep), "unconscious bias", "blackout curtains".

The function never raises: any input (emoji, right-to-left scripts, zero-width characters,
100 kB of text, even a non-string) gives a bool; should the scanner itself fail, it answers
``True`` (fail safe).
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata

EMERGENCY_ADVICE_KEY = "emergency"
"""The texts key of the message to show when :func:`detects_emergency` is true."""

CATEGORIES: tuple[str, ...] = ("breathing", "swelling", "anaphylaxis", "epipen", "fainting")


def detects_emergency(text: object) -> bool:
    """True if ``text`` describes possible emergency symptoms (see the module docstring)."""
    try:
        return bool(emergency_signs(text))
    except Exception:  # a scanner bug must not swallow an emergency
        return True


def emergency_signs(text: object) -> frozenset[str]:
    """The :data:`CATEGORIES` of non-negated red flags in ``text`` (empty if none)."""
    if isinstance(text, bytes | bytearray):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str) or not text:
        return frozenset()
    tokens = _tokens(text)
    if not tokens:
        return frozenset()
    joined = " ".join(tokens)
    starts: list[int] = []
    offset = 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    found: set[str] = set()
    for category, pattern, inner_negation in _PATTERNS:
        if category in found:
            continue
        for match in pattern.finditer(joined):
            first = bisect.bisect_left(starts, match.start())
            if _negated_before(tokens, first):
                continue
            if inner_negation and any(word in _NEGATORS for word in match.group(0).split()):
                continue
            found.add(category)
            break
    return frozenset(found)


# --- normalising ----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_WORD_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")
_WORD_HYPHEN = re.compile(r"(?<=\w)[-\u2010\u2011](?=\w)")
_REPEATS = re.compile(r"(\w)\1{2,}")
_TOKEN = re.compile(r"[^\W_]+|[^\w\s]")


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = text.casefold().translate(_APOSTROPHES)
    text = _WORD_APOSTROPHE.sub("", text)  # didn't -> didnt, throat's -> throats
    text = _WORD_HYPHEN.sub(" ", text)  # epi-pen -> epi pen, short-of-breath -> short of breath
    text = _REPEATS.sub(r"\1\1", text)  # faaaainted -> faainted
    return [_canonical(token) for token in _TOKEN.findall(text)]


_FUZZY_TARGETS: tuple[str, ...] = (
    "breathe", "breath", "breathing", "breathless", "shortness", "difficulty", "trouble",
    "struggling", "wheezing", "wheezy", "swollen", "swelling", "throat", "tongue", "fainted",
    "fainting", "passed", "passing", "collapsed", "collapsing", "collapse", "unconscious",
    "consciousness", "epipen", "epinephrine", "adrenaline", "gasping", "choking",
)  # fmt: skip
_TARGET_SET = frozenset(_FUZZY_TARGETS)
_NEVER_FUZZY = frozenset(
    {
        "breast", "breasts", "bread", "breads", "breadth", "breach", "threat", "threats",
        "thread", "threads", "smelling", "spelling", "selling", "shelling", "swilling",
        "grasping", "gassing", "cooking", "wheeling", "parsed", "paused", "pasted", "passer",
        "pausing", "pissed", "trebled", "shortest", "shortens", "brushing", "collating",
        "smuggling", "shrugging", "parsing", "pasting",
    }
)  # fmt: skip
_SPELLINGS = {
    "cannot": "cant",
    "brething": "breathing",
    "breth": "breath",
    "tounge": "tongue",
    "epipens": "epipen",
    "auviq": "epipen",
    "anapen": "epipen",
    "jext": "epipen",
    "emerade": "epipen",
    "adrenalin": "adrenaline",
    "passedout": "passed out",
    "passout": "pass out",
}
_ANAPHYLAXIS = re.compile(r"an+[aeiy]?(?:ph|f|p)+[aeiyu]+l+[aeiyu]?(?:x|ks|kt|ct|c|k|t)")


@functools.lru_cache(maxsize=4096)
def _canonical(token: str) -> str:
    """Map a token to the keyword it is a spelling or typo of (or leave it alone)."""
    if token in _SPELLINGS:
        return _SPELLINGS[token]
    if token in _TARGET_SET or token in _NEVER_FUZZY or len(token) < 5 or token.isdigit():
        return token
    if _ANAPHYLAXIS.match(token):
        return "anaphylaxis"
    for target in _FUZZY_TARGETS:
        limit = 2 if len(target) >= 10 else 1
        if (
            token[0] == target[0]
            and abs(len(token) - len(target)) <= limit
            and _distance(token, target, limit) <= limit
        ):
            return target
    return token


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment edit distance (a swap of neighbours counts once), capped."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# --- negation ---------------------------------------------------------------------------------

_NEGATORS = frozenset(
    {
        "no", "not", "never", "without", "none", "nor", "neither", "nope", "nothing",
        "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "havent", "hasnt",
        "hadnt", "wont", "wouldnt", "aint",
    }
)  # fmt: skip
_ATTACHING = frozenset(
    {
        "any", "a", "an", "the", "my", "his", "her", "their", "real", "signs", "sign", "of",
        "serious", "major", "noticeable", "obvious", "need", "needed", "needing", "for", "to",
        "use", "used", "using", "have", "has", "had", "having", "feel", "feels", "felt",
        "feeling", "been", "was", "were", "is", "am", "are", "be", "really", "actually",
        "even", "at", "all", "ever", "or", "experience", "experienced", "get", "got",
    }
)  # fmt: skip
_MAX_ATTACHING = 4


def _negated_before(tokens: list[str], first: int) -> bool:
    """True if a negator is directly attached before ``tokens[first]`` (see the docstring)."""
    index = first - 1
    skipped = 0
    while index >= 0:
        word = tokens[index]
        if word in _NEGATORS:
            return True
        if word not in _ATTACHING or skipped >= _MAX_ATTACHING:
            return False
        skipped += 1
        index -= 1
    return False


# --- patterns (over the normalised tokens joined by single spaces) ----------------------------


def _words(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_BREATHE = _words("breathe", "breath", "breathing", "breaths", "breathin")
_CANT = _words(
    "cant", "can not", "couldnt", "could not", "unable to", "hardly", "barely",
    r"(?:not|wasnt|werent|isnt|arent|couldnt|wont) able to", "struggl(?:e|es|ed|ing) to",
    "hard to", "harder to", "difficult to", "cant seem to", "cant really",
)  # fmt: skip
_TROUBLE = _words(
    "trouble", "difficulty", "difficulties", "difficult", "problem", "problems", "issue",
    "issues", "hard time", "struggling", "struggle", "struggled", "fighting", "labou?red",
    "shortness", "short",
)  # fmt: skip
_LINK = r"(?:(?:with|my|the|of|for|in|catching|getting|taking|a|any|her|his|their|our) ){0,3}"
_STATE = (
    r"(?:(?:is|was|feels|felt|feel|got|getting|became|has|have|been|seems|seemed|very|so|really"
    r"|quite|a|bit|little|kind|kinda|of|super|more|too|now|suddenly) ){0,4}"
)
_BAD_BREATHING = _words(
    "hard", "harder", "difficult", "laboured", "labored", "shallow", "tight", "tighter",
    "restricted", "strained", "painful", "a struggle", "difficulty", "difficulties", "problems",
    "problem", "issues", "trouble", "noisy", "rattly", "raspy", "weird", "strange", "funny",
    "wrong",
)  # fmt: skip

_PART = _words("throat", "tongue", "lip", "lips", "face", "mouth", "airway", "airways", "windpipe")
_AIRWAY = _words("throat", "tongue", "airway", "airways", "windpipe")
_OWNER = r"(?:(?:my|his|her|their|our|your|the) )?"
_SWELL = _words(
    "swell", "swells", "swelled", "swelling", "swollen", "swolen", "puff", "puffs", "puffing",
    "puffed", "puffy", "blowing up", "blown up", "ballooning", "ballooned", "bloated",
)  # fmt: skip
_CLOSE = _words(
    "closing", "closed", "close", "closes", "tight", "tighter", "tightening", "tightens",
    "tightened", "tightness", "thick", "thickening", "narrowing", "constricting", "constricted",
    "blocked",
)  # fmt: skip
_FILL = (
    r"(?:(?:is|are|was|were|feels|feel|felt|feeling|looks|look|looked|looking|seems|seem"
    r"|seemed|getting|got|gets|get|has|have|had|been|all|very|so|really|a|bit|little|kind|kinda"
    r"|of|sort|starting|started|starts|to|totally|completely|super|quite|slightly|keeps|kept"
    r"|now|suddenly|just|went|gone|like|more|and|up|its|im|begun|began|definitely|badly|red"
    r"|itchy|hot|sore|tingly|numb|weird|" + "|".join(sorted(_NEGATORS)) + r") ){0,4}"
)
_UNATTACHED_NOUNS = (
    r"(?! (?:glands?|lymph|nodes?|tonsils?|ankles?|feet|foot|knees?|eyes?|eyelids?|fingers?"
    r"|hands?|belly|stomach|tummy|gums?|legs?|joints?|wrists?|arms?|toes?)\b)"
)

_ALSO_BREATHING = _words(
    "breathless", "breathlessness", "gasping", r"gasp(?:ed|s)? for (?:air|breath)",
    r"(?:cant|couldnt|can not|could not) get (?:enough |any )?air",
    r"(?:struggling|fighting|struggled) for air", "air hunger", "choking", "choked on",
    "suffocating", "wheez(?:e|es|ed|ing|in|y)",
)  # fmt: skip
_TIGHT_CHEST = _words(
    "tight chest",
    r"(?:tightness|tightening|pressure) (?:in|of) (?:my |the )?chest",
    rf"chest {_STATE}(?:tight|tighter|tightness|tightening|closing)",
)
_PARTS = rf"{_OWNER}{_PART}(?: (?:and|or|&|,) {_OWNER}{_PART}){{0,4}}"
_AIRWAYS = rf"{_OWNER}{_AIRWAY}(?: (?:and|or|&|,) {_OWNER}{_AIRWAY}){{0,4}}"
_TIGHT_BEFORE = _words("tight", "tightness", "tightening", "closing", "constricted", "thick")
_EPIPEN = _words(
    "epipen",
    "epi pens?",
    "auvi q",
    "epinephrine",
    r"adrenaline (?:pens?|shots?|injections?|injectors?|autoinjectors?|auto injectors?|jabs?)",
)
_FAINT_ADJECTIVE = (
    r"(?<!\ba )(?<!\bthe )(?<!\bsome )(?<!\bslight )(?<!\bslightly )(?<!\bonly )faint"
    r"(?! (?:smell|taste|rash|line|lines|sound|hope|light|trace|memory|idea|hint|glow|mark"
    r"|marks|outline|colou?r|scent|odou?r|ache|pain|headache|tingle|tingling|itch|bruise"
    r"|stain|echo|voice|noise|buzz|flavou?r|praise|heart)\b)"
)
_FAINTING = _words(
    "fainted",
    "fainting",
    "faints",
    "faintness",
    _FAINT_ADJECTIVE,
    r"(?:pass|passed|passes|passing|past) (?:(?:right|straight|completely|briefly|almost) )?out",
    r"(?:black|blacked|blacking|blacks) out(?! (?:curtains?|blinds?)\b)",
    r"collaps(?:e|ed|es|ing)(?! (?:in|into|onto|on) (?:my |the |a )?(?:bed|sofa|couch)\b)",
    r"unconscious(?! (?:bias|mind|thoughts?|level|processes?)\b)",
    "unconsciousness",
    r"(?:lost|lose|losing|loses) consciousness",
    "keeled over",
    "unresponsive",
)

# (category, pattern, whether a negator *inside* the match negates it)
_PATTERNS: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (category, re.compile(r"(?<!\S)" + pattern + r"(?!\S)"), inner)
    for category, pattern, inner in (
        (
            "breathing",
            rf"{_CANT} (?:(?:properly|normally|really|even|quite|well) )?{_BREATHE}",
            False,
        ),
        ("breathing", rf"{_TROUBLE} {_LINK}{_BREATHE}", False),
        ("breathing", rf"{_BREATHE} {_STATE}{_BAD_BREATHING}", False),
        ("breathing", _ALSO_BREATHING, False),
        ("breathing", _TIGHT_CHEST, False),
        ("swelling", rf"{_PARTS} {_FILL}{_SWELL}{_UNATTACHED_NOUNS}", True),
        ("swelling", rf"{_AIRWAYS} {_FILL}{_CLOSE}", True),
        (
            "swelling",
            rf"{_SWELL} (?:(?:of|in|on|around|my|the|his|her|their|up|and) ){{0,2}}{_PART}",
            False,
        ),
        ("swelling", rf"{_TIGHT_BEFORE} (?:(?:in|of|my|the) ){{0,2}}{_AIRWAY}", False),
        ("anaphylaxis", _words("anaphylaxis", "allergic shock", "anaphylactoid"), False),
        ("epipen", _EPIPEN, False),
        ("fainting", _FAINTING, False),
    )
)
