"""Emergency symptoms in free text, in seven languages, and the number to call.

Every message, caption and edit goes through :func:`check` before anything else (see
``handlers/emergency.py``); the phrase lists are data (``phrases/*.yaml``), the numbers too
(``numbers.yaml``). This package decides *whether* and *which number*; the wording of the reply
lives in ``bot/texts.py``.
"""

from bot.domain.emergency.detector import EmergencyFinding, check, find_emergency, is_emergency
from bot.domain.emergency.numbers import country_by_zone, numbers_by_country
from bot.domain.emergency.rules import CATEGORIES, LANGUAGES, load_all


def load_rules() -> None:
    """Read every language's rules and the number tables now (start-up, off the event loop),
    rather than on the first message someone sends."""
    load_all()
    numbers_by_country()
    country_by_zone()


__all__ = [
    "CATEGORIES",
    "LANGUAGES",
    "EmergencyFinding",
    "check",
    "find_emergency",
    "is_emergency",
    "load_rules",
]
