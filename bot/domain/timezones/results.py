"""What a zone lookup answers: a zone, a short list to choose from, or suggestions."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LABEL_CHARS = 40
"""A label fits a Telegram button."""


@dataclass(frozen=True)
class ZoneOption:
    zone: str
    """IANA name, e.g. ``America/Chicago``."""
    label: str
    """Short plain-text label for a button (≤ 40 characters), e.g. ``Paris, Texas, US``."""


@dataclass(frozen=True)
class ZoneFound:
    zone: str
    label: str
    """E.g. ``Berlin, Germany`` or ``Europe/Berlin``."""


@dataclass(frozen=True)
class ZoneAmbiguous:
    options: tuple[ZoneOption, ...]
    """2..8 options, best first, each a different place (two places may share a zone)."""


@dataclass(frozen=True)
class ZoneNotFound:
    suggestions: tuple[ZoneOption, ...] = ()
    """0..5 close matches ("did you mean")."""


ZoneResult = ZoneFound | ZoneAmbiguous | ZoneNotFound


def fit_label(label: str) -> str:
    """``label`` cut to :data:`MAX_LABEL_CHARS` with an ellipsis."""
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"
