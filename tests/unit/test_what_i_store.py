"""/help's "What I store" lists exactly what the README's "Data and privacy" section lists."""

from __future__ import annotations

import re
from pathlib import Path

from bot.texts import EN

ROOT = Path(__file__).resolve().parents[2]


def _list(text: str) -> str:
    return " ".join(text.split())


def test_help_and_readme_list_the_same_data() -> None:
    readme = _list((ROOT / "README.md").read_text())
    found = re.search(r"Gut Check stores (your Telegram id.*?) — only to run", readme)
    assert found is not None
    help_text = _list(EN["help"])
    in_help = re.search(r"<b>What I store</b>: (your Telegram id.*?) — only to run", help_text)
    assert in_help is not None
    assert in_help.group(1) == found.group(1)
    assert "language" in in_help.group(1)
