"""Emergency symptoms in free text, in seven languages, and the number to call.

Every message, caption and edit goes through :func:`check` before anything else (see
``handlers/emergency.py``); the phrase lists are data (``phrases/*.yaml``), the numbers too
(``numbers.yaml``). This package decides *whether* and *which number*; the wording of the reply
lives in ``bot/texts.py``.
"""

from bot.domain.emergency.detector import EmergencyFinding, check, find_emergency, is_emergency
from bot.domain.emergency.rules import CATEGORIES, LANGUAGES

__all__ = [
    "CATEGORIES",
    "LANGUAGES",
    "EmergencyFinding",
    "check",
    "find_emergency",
    "is_emergency",
]
